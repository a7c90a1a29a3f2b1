"""The translated Markdown document on real files (measures; not a test): every Markdown file
found under the given folders (default: /usr and /root, where Debian, Node.js, npm, pyenv and
rustup put theirs) is imported, each block "translated" (its text in capitals, markup as it
is), and written out two ways:

* into the original file (formats/markdown_into.py, what the download gives when the upload
  is stored), and
* rebuilt from the units (formats/markdown_out.py, for documents without a stored original).

Each output is imported again. Counted: files whose blocks read back as the same units (kind,
level, label) with the translations (inline markup compared as spans: `<em><strong>` and
`<strong><em>` say the same), files whose block structure (markdown-it's tokens without
their text: lists ordered or not and their start, tables, fences and their language, HTML
blocks) is the original's, and, for the first way, files that come back byte for byte when
nothing is translated. Prints a Markdown table.

    python bench/bench_markdown_export.py [FOLDER ...]
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
os.environ.setdefault("SECRET_KEY", "bench")

import django  # noqa: E402

django.setup()

from workbench.formats.importers import DocumentError  # noqa: E402
from workbench.formats.importers.md import _MD, parse_md, split_front_matter  # noqa: E402
from workbench.formats.inline import inline_spans  # noqa: E402
from workbench.formats.markdown_into import translated_markdown  # noqa: E402
from workbench.formats.markdown_out import export_markdown  # noqa: E402

SUFFIXES = (".md", ".markdown")
MAX_BYTES = 2_000_000


def _files(folders: list[Path]) -> list[Path]:
    found = []
    for folder in folders:
        for dirpath, _dirs, names in os.walk(folder):
            if dirpath.startswith(("/proc", "/sys", str(ROOT))):
                continue
            for name in names:
                path = Path(dirpath, name)
                if name.lower().endswith(SUFFIXES) and path.is_file():
                    size = path.stat().st_size
                    if 1024 < size <= MAX_BYTES:
                        found.append(path)
    return sorted(found)


def _upper(markup: str) -> str:
    return re.sub(
        r"(<[^>]*>|&[a-z#0-9]+;)|([^<&]+)", lambda m: m.group(1) or m.group(2).upper(), markup
    )


def _shape(text: str) -> list[tuple]:
    _front, body = split_front_matter(text.lstrip("\ufeff"))
    return [
        (t.type, t.tag, t.markup, t.info if t.type == "fence" else "", t.attrGet("start"))
        for t in _MD.parse(body, {})
        if t.type not in ("inline", "text")
    ]


def _same_units(blocks, text: str, texts: list[str]) -> bool:
    again = parse_md(text).blocks
    return len(again) == len(texts) and all(
        (a.kind, a.level, a.label) == (b.kind, b.level, b.label)
        and (a.text == t or inline_spans(a.text) == inline_spans(t))
        for a, b, t in zip(again, blocks, texts, strict=True)
    )


def main() -> int:
    folders = [Path(arg) for arg in sys.argv[1:]] or [Path("/usr"), Path("/root")]
    files = _files(folders)
    counts = {"files": 0, "not read": 0}
    ways = {"into the original": [0, 0, 0, 0.0], "rebuilt from the units": [0, 0, 0, 0.0]}
    for path in files:
        data = path.read_bytes()
        try:
            parsed = parse_md(data.decode("utf-8"))
        except (DocumentError, UnicodeDecodeError):
            counts["not read"] += 1
            continue
        counts["files"] += 1
        sources = [block.text for block in parsed.blocks]
        texts = [_upper(source) for source in sources]
        shape = _shape(data.decode("utf-8"))
        started = time.perf_counter()
        into = translated_markdown(data, sources, texts)
        ways["into the original"][3] += time.perf_counter() - started
        started = time.perf_counter()
        rebuilt = export_markdown(parsed.blocks, texts, parsed.front_matter)
        ways["rebuilt from the units"][3] += time.perf_counter() - started
        for way, out in (("into the original", into), ("rebuilt from the units", rebuilt)):
            if out is None:
                continue
            text = out.decode("utf-8")
            ways[way][0] += _same_units(parsed.blocks, text, texts)
            ways[way][1] += _shape(text) == shape
        nothing = translated_markdown(data, sources, [None] * len(sources))
        ways["into the original"][2] += nothing == data.removeprefix(b"\xef\xbb\xbf")
    total = counts["files"]
    print(
        f"{len(files)} Markdown files under {', '.join(map(str, folders))}; {total} imported "
        f"({counts['not read']} refused).\n"
    )
    print(
        "| export | same units back | same block structure | byte for byte untranslated "
        "| CPU of the exports |\n|---|---:|---:|---:|---:|"
    )
    for way, (units, shapes, same, seconds) in ways.items():
        untranslated = f"{same} of {total}" if way == "into the original" else "n/a"
        print(
            f"| {way} | {units} of {total} | {shapes} of {total} | {untranslated} | "
            f"{seconds:.1f} s |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
