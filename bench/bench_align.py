#!/usr/bin/env python3
"""Benchmark of the paragraph aligner against NLTK's Gale-Church (measures; not a test).

    .venv/bin/python bench/bench_align.py [--shared ../shared] [--nltk-long] [--skip-10k]

* F1 (strict micro, as ../shared/tools/score_alignment.py: links with an empty side left out)
  and seconds on ../shared/corpus/align-dev and on tests/data/align, running the real command
  (`manage.py align_files`, one process a case, so start-up is included; wall and CPU time)
  and NLTK's Gale-Church on paragraph lengths (timed in-process, as score_alignment.py
  --baseline nltk, in a worker process so this one stays small for the memory figures);
* the same on tests/data/align/partial: excerpts of those translations keeping 5-50% of the
  target paragraphs (build_partial_cases.py there), also split by script;
* calibration of the link confidences (in a worker process, the aligner called in-process for
  the confidences the command does not print): expected calibration error and the share of
  the wrong links that sit in the weakest 5% of their file (see text/align/calibration.py);
* sentence pairs inside paragraph links (text/align/sentence_pairs.py) on the sentence-level
  cases tests/data/align/sentence_gold.py builds (its docstring says how the gold is made),
  against NLTK's Gale-Church on sentence lengths;
* time and peak memory of the whole process on generated long documents (about 1,800 x 1,700
  paragraphs, and 10,000 x 10,000), built from the stored cases by tests/data/align/generate.py
  (the stored translations repeated, re-perturbed, with sections left untranslated).

Prints a Markdown table to paste into the README.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.dont_write_bytecode = True  # keep tests/data/align free of __pycache__

from tests.data.align.generate import long_case, read_case  # noqa: E402

PYTHON = sys.executable


def strict_counts(gold: list, predicted: list) -> tuple[int, int, int]:
    def norm(links: list) -> set:
        return {(tuple(sorted(s)), tuple(sorted(t))) for s, t in links if s and t}

    g, p = norm(gold), norm(predicted)
    return len(g & p), len(p), len(g)


def f1(tp: int, n_pred: int, n_gold: int) -> float:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def nltk_links(source: list[str], target: list[str]) -> list:
    """NLTK's Gale-Church on paragraph character lengths, grouped into links (as the scorer)."""
    from nltk.translate.gale_church import align_blocks

    pairs = align_blocks([len(s) for s in source], [len(t) for t in target])
    links, cur_s, cur_t = [], set(), set()
    for i, j in pairs:
        if cur_s and i not in cur_s and j not in cur_t:
            links.append([sorted(cur_s), sorted(cur_t)])
            cur_s, cur_t = set(), set()
        cur_s.add(i)
        cur_t.add(j)
    if cur_s:
        links.append([sorted(cur_s), sorted(cur_t)])
    return links


def run_command(source: Path, target: Path, source_lang: str, target_lang: str) -> tuple:
    """Run manage.py align_files; returns (links, wall seconds, CPU seconds, peak RSS in MB).

    Peak RSS is the child's high-water mark, which on Linux includes the moment between fork
    and exec: this process must stay small (NLTK runs in a worker process for that reason).
    """
    cmd = [
        PYTHON,
        str(REPO / "manage.py"),
        "align_files",
        str(source),
        str(target),
        "--source-lang",
        source_lang,
        "--target-lang",
        target_lang,
    ]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=REPO)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            raise RuntimeError(err.read().decode()[-500:])
        links = json.loads(out.read())
    return links, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def nltk_in_worker(pairs: list[tuple[Path, Path]]) -> list[tuple[list, float]]:
    """NLTK's links and in-process seconds for each (source, target), in a worker process."""
    cmd = [PYTHON, __file__, "--nltk-worker", *(str(p) for pair in pairs for p in pair)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, check=True)
    return [(row["links"], row["seconds"]) for row in json.loads(done.stdout)]


def nltk_worker(paths: list[str]) -> None:
    def paragraphs(path: str) -> list[str]:
        text = Path(path).read_text(encoding="utf-8")
        return [b.strip() for b in text.split("\n\n") if b.strip()]

    rows = []
    for source, target in zip(paths[::2], paths[1::2], strict=True):
        src, tgt = paragraphs(source), paragraphs(target)
        start = time.perf_counter()
        links = nltk_links(src, tgt)
        rows.append({"links": links, "seconds": time.perf_counter() - start})
    print(json.dumps(rows))


def calibration_worker(folders: list[str]) -> None:
    from workbench.text.align import align
    from workbench.text.align.calibration import expected_calibration_error, wrong_in_weakest

    rows = []
    for folder in folders:
        files = []
        for case in cases(Path(folder)):
            source, target, gold, meta = read_case(case)
            alignment = align(
                source, target, source_lang=meta["source_lang"], target_lang=meta["target_lang"]
            )
            right = {(tuple(s), tuple(t)) for s, t in gold if s and t}
            files.append(
                [
                    (link.score, (link.source, link.target) in right)
                    for link in alignment.links
                    if link.source and link.target
                ]
            )
        found, wrong = wrong_in_weakest(files)
        rows.append({"ece": expected_calibration_error(files), "found": found, "wrong": wrong})
    print(json.dumps(rows))


def sentence_bench(folders: list[Path]) -> dict:
    from tests.data.align.sentence_gold import sentence_cases
    from workbench.text.align.aligner import _typical_ratio
    from workbench.text.align.sentence_pairs import align_sentences, split_sentences

    ours = [0, 0, 0]
    base = [0, 0, 0]
    built = sentence_cases(folders)
    for source, target, gold, lang in built:
        src, tgt = split_sentences(source), split_sentences(target)
        links = align_sentences(src, tgt, _typical_ratio("en", lang) or 1.0)
        predicted = [[list(link.source), list(link.target)] for link in links]
        ours = [a + b for a, b in zip(ours, strict_counts(gold, predicted), strict=True)]
        base = [a + b for a, b in zip(base, strict_counts(gold, nltk_links(src, tgt)), strict=True)]
    return {"cases": len(built), "links": ours[2], "f1": f1(*ours), "nltk_f1": f1(*base)}


def sentences_worker(folders: list[str]) -> None:
    print(json.dumps(sentence_bench([Path(f) for f in folders])))


def calibration_in_worker(folders: list[Path]) -> list[dict]:
    cmd = [PYTHON, __file__, "--calibration-worker", *(str(f) for f in folders)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, check=True)
    return json.loads(done.stdout)


# target language -> script, for the per-script table of the partial cases
SCRIPTS = {"ru": "Cyrillic", "uk": "Cyrillic", "ja": "CJK", "zh": "CJK", "ko": "Hangul"}
SCRIPTS |= {"ar": "Arabic", "fa": "Arabic"}


def script_of(lang: str) -> str:
    return SCRIPTS.get(lang.split("-")[0], "Latin")


def cases(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if (p / "gold.json").exists())


def bench_set(folder: Path) -> dict:
    ours = [0, 0, 0]
    base = [0, 0, 0]
    ours_s = ours_cpu = base_s = 0.0
    golds = []
    by_script: dict[str, list[list[int]]] = {}
    for case in cases(folder):
        _, _, gold, meta = read_case(case)
        links, seconds, cpu, _ = run_command(
            case / "source.txt", case / "target.txt", meta["source_lang"], meta["target_lang"]
        )
        counts = strict_counts(gold, links)
        ours = [a + b for a, b in zip(ours, counts, strict=True)]
        script = by_script.setdefault(script_of(meta["target_lang"]), [[0, 0, 0], [0, 0, 0], [0]])
        script[0] = [a + b for a, b in zip(script[0], counts, strict=True)]
        script[2][0] += 1
        ours_s += seconds
        ours_cpu += cpu
        golds.append((gold, script))
    pairs = [(case / "source.txt", case / "target.txt") for case in cases(folder)]
    for (gold, script), (predicted, seconds) in zip(golds, nltk_in_worker(pairs), strict=True):
        counts = strict_counts(gold, predicted)
        base = [a + b for a, b in zip(base, counts, strict=True)]
        script[1] = [a + b for a, b in zip(script[1], counts, strict=True)]
        base_s += seconds
    [calibration] = calibration_in_worker([folder])
    return {
        "scripts": {
            name: {"cases": n[0], "links": o[2], "f1": f1(*o), "nltk_f1": f1(*b)}
            for name, (o, b, n) in sorted(by_script.items())
        },
        **calibration,
        "cases": len(golds),
        "links": ours[2],
        "f1": f1(*ours),
        "seconds": ours_s,
        "cpu": ours_cpu,
        "nltk_f1": f1(*base),
        "nltk_seconds": base_s,
    }


def write_doc(folder: Path, name: str, source: list[str], target: list[str]) -> tuple[Path, Path]:
    src = folder / f"{name}.source.txt"
    tgt = folder / f"{name}.target.txt"
    src.write_text("\n\n".join(source) + "\n", encoding="utf-8")
    tgt.write_text("\n\n".join(target) + "\n", encoding="utf-8")
    return src, tgt


def bench_long(tmp: Path, name: str, lang: str | None, size: int, with_nltk: bool) -> dict:
    source, target, gold = long_case(
        REPO / "tests" / "data" / "align", target_lang=lang, min_source=size, seed=size
    )
    src, tgt = write_doc(tmp, name, source, target)
    del source, target
    links, seconds, cpu, rss = run_command(src, tgt, "en", lang or "xx")
    row = {
        "name": name,
        "n": sum(len(s) for s, _ in gold),
        "m": sum(len(t) for _, t in gold),
        "f1": f1(*strict_counts(gold, links)),
        "seconds": seconds,
        "cpu": cpu,
        "rss_mb": rss,
    }
    if with_nltk:
        [(predicted, nltk_seconds)] = nltk_in_worker([(src, tgt)])
        row["nltk_seconds"] = nltk_seconds
        row["nltk_f1"] = f1(*strict_counts(gold, predicted))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument(
        "--nltk-long",
        action="store_true",
        help="also run NLTK on the ~1,800-paragraph documents (about a minute)",
    )
    parser.add_argument("--skip-10k", action="store_true")
    parser.add_argument("--nltk-worker", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--calibration-worker", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--sentences-worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.nltk_worker:
        nltk_worker(args.nltk_worker)
        return
    if args.calibration_worker:
        calibration_worker(args.calibration_worker)
        return
    if args.sentences_worker:
        sentences_worker(args.sentences_worker)
        return

    sets = []
    dev = args.shared / "corpus" / "align-dev"
    if dev.is_dir():
        sets.append(("align-dev (fr, es)", bench_set(dev)))
    else:
        print(f"(no {dev}: align-dev skipped)", file=sys.stderr)
    sets.append(
        (
            "tests/data/align (ja ko zh ru de pl it pt es ar)",
            bench_set(REPO / "tests" / "data" / "align"),
        )
    )
    sets.append(
        (
            "tests/data/align/partial (excerpts: 5-50% of the target kept)",
            bench_set(REPO / "tests" / "data" / "align" / "partial"),
        )
    )

    sentence_folders = [REPO / "tests" / "data" / "align"] + ([dev] if dev.is_dir() else [])
    done = subprocess.run(
        [PYTHON, __file__, "--sentences-worker", *(str(f) for f in sentence_folders)],
        capture_output=True, text=True, cwd=REPO, check=True,
    )  # fmt: skip
    sentence_row = json.loads(done.stdout)

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        longs = [
            bench_long(tmp, "long-de", "de", 1785, args.nltk_long),
            bench_long(tmp, "long-ja", "ja", 1785, args.nltk_long),
            bench_long(tmp, "long-mixed", None, 1785, args.nltk_long),
        ]
        if not args.skip_10k:
            longs.append(bench_long(tmp, "book-10k", None, 10_000, False))

    print(
        "\n| Case set | Cases | Links | F1 (ours) | Seconds, ours: wall (CPU) "
        "| F1 (NLTK Gale-Church) | Seconds (NLTK, in-process) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in sets:
        print(
            f"| {name} | {r['cases']} | {r['links']} | {r['f1']:.4f} "
            f"| {r['seconds']:.1f} ({r['cpu']:.1f}) | {r['nltk_f1']:.4f} "
            f"| {r['nltk_seconds']:.1f} |"
        )
    print(
        "\n| Case set | Expected calibration error | Wrong links in the weakest 5% of their file |"
    )
    print("|---|---:|---:|")
    for name, r in sets:
        share = r["found"] / r["wrong"] if r["wrong"] else 1.0
        print(f"| {name} | {r['ece']:.4f} | {r['found']} of {r['wrong']} ({share:.0%}) |")
    print("\n| Case set, by target script | Cases | Links | F1 (ours) | F1 (NLTK Gale-Church) |")
    print("|---|---:|---:|---:|---:|")
    for name, r in sets:
        for script, row in r["scripts"].items():
            print(
                f"| {name.split(' ')[0]}, {script} | {row['cases']} | {row['links']} "
                f"| {row['f1']:.4f} | {row['nltk_f1']:.4f} |"
            )
    print(
        "\n| Sentence pairs inside paragraph links | Paragraph pairs | Sentence links "
        "| F1 (ours) | F1 (NLTK Gale-Church on sentence lengths) |"
    )
    print("|---|---:|---:|---:|---:|")
    r = sentence_row
    print(
        f"| built from tests/data/align and align-dev | {r['cases']} | {r['links']} "
        f"| {r['f1']:.4f} | {r['nltk_f1']:.4f} |"
    )
    print(
        "\n| Generated document | Source x target paragraphs | F1 (ours) "
        "| Seconds, whole process: wall (CPU) | Peak memory | F1 (NLTK) | Seconds (NLTK) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in longs:
        nltk_f1 = f"{r['nltk_f1']:.4f}" if "nltk_f1" in r else "-"
        nltk_s = f"{r['nltk_seconds']:.1f}" if "nltk_seconds" in r else "-"
        print(
            f"| {r['name']} | {r['n']:,} x {r['m']:,} | {r['f1']:.4f} "
            f"| {r['seconds']:.2f} ({r['cpu']:.2f}) | {r['rss_mb']:.0f} MB "
            f"| {nltk_f1} | {nltk_s} |"
        )
    print(
        f"\nMachine: {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at the end "
        "(whole-process seconds are wall time and grow with the load)."
    )


if __name__ == "__main__":
    main()
