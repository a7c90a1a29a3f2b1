"""workbench-client: list documents, show progress, pull a language's translations as files,
push a PO file back. Uses only the REST API (see workbench/client/__init__.py).

    workbench-client documents
    workbench-client progress SLUG [--lang fr]
    workbench-client pull SLUG --lang fr [--format po --format html ...] [-o DIR]
    workbench-client push SLUG --lang fr FILE.po

Exit status: 0 done, 1 the API refused or could not be reached, 2 bad usage or settings."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from workbench.client import config
from workbench.client.http import Api, ApiError, quote, wait_for_job

# What `pull --format` names, and the file suffix each gets. The server decides which
# formats exist: a format it adds (xliff, epub) works here by its name.
SUFFIXES = {"po": "po", "html": "html", "bilingual-html": "bilingual.html", "tmx": "tmx"}


def _write_atomically(path: Path, data: bytes) -> None:
    """The file appears whole or not at all (a publishing job may be watching the folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cmd_documents(api: Api, args, out) -> int:
    for doc in api.get_all("documents/"):
        done = ", ".join(f"{p['language']} {p['approved_percent']:g}%" for p in doc["progress"])
        print(f"{doc['slug']}\t{doc['title']}\t{done}", file=out)
    return 0


def cmd_progress(api: Api, args, out) -> int:
    doc = api.get_json(f"documents/{quote(args.slug)}/")
    rows = [p for p in doc["progress"] if not args.lang or p["language"] in args.lang]
    if args.lang and not rows:
        print(f"{args.slug} has no target language {', '.join(args.lang)}", file=sys.stderr)
        return 1
    print("language\tunits\tapproved\ttranslated\tdraft\toutdated\tuntranslated\t"
          "words translated %\twords approved %", file=out)  # fmt: skip
    for p in rows:
        units = p["units"]
        print(
            f"{p['language']}\t{p['units_total']}\t{units.get('approved', 0)}\t"
            f"{units.get('translated', 0)}\t{units.get('draft', 0)}\t"
            f"{units.get('outdated', 0)}\t{units.get('untranslated', 0)}\t"
            f"{p['translated_percent']:g}\t{p['approved_percent']:g}",
            file=out,
        )
    return 0


def cmd_pull(api: Api, args, out) -> int:
    folder = Path(args.output)
    for fmt in args.format or ["po"]:
        data = api.download(
            f"documents/{quote(args.slug)}/languages/{quote(args.lang)}/export/{quote(fmt)}/"
        )
        path = folder / f"{args.slug}.{args.lang}.{SUFFIXES.get(fmt, fmt)}"
        _write_atomically(path, data)
        print(path, file=out)
    return 0


def cmd_push(api: Api, args, out) -> int:
    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as exc:
        print(f"cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    outcome = api.upload(
        f"documents/{quote(args.slug)}/languages/{quote(args.lang)}/import/po/",
        {},
        {"file": (path.name, content)},
    )
    if outcome["state"] == "queued":
        # A large file is imported by a background job on the server: wait for it.
        job = wait_for_job(api, outcome["job"], report=_progress_line)
        result = job["result"]
        print(
            "imported: {imported}, unchanged: {unchanged}, skipped: {skipped}, "
            "conflicts kept as suggestions: {conflicts}".format(
                **{k: result.get(k, 0) for k in ("imported", "unchanged", "skipped", "conflicts")}
            ),
            file=out,
        )
        return 0
    for line in outcome["result"].get("messages", []):
        print(line, file=out)
    return 0


def _progress_line(job: dict) -> None:
    """A background job's progress on a terminal (nothing when stderr is a pipe or a file)."""
    if sys.stderr.isatty():
        total = f"/{job['total']}" if job["total"] else ""
        print(f"\r{job['state']}: {job['stage']} {job['done']}{total}", end="", file=sys.stderr)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="workbench-client", description=__doc__.split("\n\n")[0].replace("\n", " ")
    )
    p.add_argument("--url", help="API address (else WORKBENCH_URL or the config file)")
    p.add_argument("--token", help="API token (else WORKBENCH_TOKEN or the config file)")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("documents", help="list documents with approved %% per language")
    prog = sub.add_parser("progress", help="a document's progress per language")
    prog.add_argument("slug")
    prog.add_argument("--lang", action="append", help="only this language (repeatable)")
    pull = sub.add_parser("pull", help="download a language's translations into a folder")
    pull.add_argument("slug")
    pull.add_argument("--lang", required=True)
    pull.add_argument(
        "--format", action="append",
        help="po (default), html, bilingual-html, tmx, or another the server offers; repeatable",
    )  # fmt: skip
    pull.add_argument("-o", "--output", default=".", help="folder (default: here)")
    push = sub.add_parser("push", help="upload a translated PO file")
    push.add_argument("slug")
    push.add_argument("--lang", required=True)
    push.add_argument("file")
    return p


COMMANDS = {
    "documents": cmd_documents,
    "progress": cmd_progress,
    "pull": cmd_pull,
    "push": cmd_push,
}


def main(argv: list[str] | None = None, *, environ: dict[str, str] | None = None,
         out=None) -> int:  # fmt: skip
    args = parser().parse_args(argv)
    out = out or sys.stdout
    try:
        settings = config.load(args.url, args.token, environ)
    except config.ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    api = Api(settings.url, settings.token)
    try:
        return COMMANDS[args.command](api, args, out)
    except ApiError as exc:
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
