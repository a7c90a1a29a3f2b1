"""`manage.py align_files`: JSON on stdout, clear errors and a non-zero exit on bad input.

The command runs in a subprocess, as users and the scoring tool run it; reading the files is
also tested directly (workbench.text.align.cli), without Django.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.text.align.cli import InputError, align_files, read_paragraphs, run_without_django

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "align_files", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "source.txt"
    target = tmp_path / "target.txt"
    source.write_text(
        "The Title\nof the book\n\n"
        "First paragraph, written in 1927 about Trotsky.\n\n\n\n"
        "Second paragraph: it is untranslated and fairly long, so it stays alone here.\n\n"
        "Third paragraph with the number 42.\n",
        encoding="utf-8",
    )
    target.write_text(
        "Le titre\ndu livre\n\n"
        "Premier paragraphe, écrit en 1927 sur Trotsky.\n\n"
        "N.d.T. : une note du traducteur.\n\n"
        "Troisième paragraphe avec le nombre 42.\n",
        encoding="utf-8",
    )
    return source, target


def test_prints_links_as_json(pair: tuple[Path, Path]) -> None:
    source, target = pair
    done = run(str(source), str(target), "--source-lang", "en", "--target-lang", "fr")
    assert done.returncode == 0, done.stderr
    links = json.loads(done.stdout)
    assert links == [[[0], [0]], [[1], [1]], [[2], []], [[], [2]], [[3], [3]]]
    assert align_files(source, target, "en", "fr") == done.stdout.strip()


def test_the_quick_start_prints_what_the_django_command_prints(pair: tuple[Path, Path]) -> None:
    """Plain arguments skip starting Django (manage.py, cli.run_without_django); any other
    option (here --verbosity) goes through the Django command: same output either way."""
    source, target = pair
    args = (str(source), str(target), "--source-lang", "en", "--target-lang=fr")
    quick, django = run(*args), run(*args, "--verbosity", "1")
    assert quick.returncode == django.returncode == 0
    assert quick.stdout == django.stdout and quick.stdout.endswith("]]\n")


@pytest.mark.parametrize(
    "argv",
    [
        ["a.txt", "b.txt", "--source-lang", "en"],  # a language missing
        ["a.txt", "--source-lang", "en", "--target-lang", "fr"],  # a file missing
        ["a.txt", "b.txt", "c.txt", "--source-lang", "en", "--target-lang", "fr"],
        ["a.txt", "b.txt", "--source-lang", "en", "--target-lang", "fr", "--traceback"],
        ["a.txt", "b.txt", "--source-lang", "e n", "--target-lang", "fr"],  # not a tag
        ["a.txt", "b.txt", "--source-lang", "en", "--source-lang", "de", "--target-lang", "fr"],
        ["-h"],
        ["nowhere/a.txt", "nowhere/b.txt", "--source-lang", "en", "--target-lang", "fr"],
    ],
)
def test_anything_unusual_goes_to_the_django_command(argv: list[str]) -> None:
    assert run_without_django(argv) is None


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: _write(d / "latin1.txt", "caf\xe9\n".encode("latin-1")), "not UTF-8"),
        (lambda d: _write(d / "empty.txt", b""), "no paragraphs"),
        (lambda d: _write(d / "blank.txt", b"\n  \n\t\n"), "no paragraphs"),
    ],
)
def test_bad_input_fails_clearly(tmp_path: Path, pair: tuple[Path, Path], make, message) -> None:
    bad = make(tmp_path)
    good = pair[0]
    for args in ((str(bad), str(good)), (str(good), str(bad))):
        done = run(*args, "--source-lang", "en", "--target-lang", "fr")
        assert done.returncode != 0
        assert message in done.stderr
        assert str(bad) in done.stderr
        assert done.stdout == ""
    with pytest.raises(InputError, match=message):
        read_paragraphs(bad)


def test_languages_are_required(pair: tuple[Path, Path]) -> None:
    done = run(str(pair[0]), str(pair[1]), "--source-lang", "en")
    assert done.returncode != 0
    assert "--target-lang" in done.stderr


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_read_paragraphs_blocks(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "t.txt",
        "\ufeffTitle line\r\nsecond line\r\n\r\n\r\n  \r\nBody one.\r\n\r\nBody two.".encode(),
    )
    assert read_paragraphs(path) == ["Title line\nsecond line", "Body one.", "Body two."]
