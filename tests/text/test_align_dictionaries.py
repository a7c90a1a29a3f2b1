"""Bilingual dictionaries as optional aligner evidence (workbench/text/align/dictionaries.py)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from workbench.text.align import aligner as aligner_module
from workbench.text.align import dictionaries
from workbench.text.align.aligner import align
from workbench.text.align.evidence import extract_all
from workbench.text.align.vocabulary import build_vocabulary

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(value: int) -> str:
    out = ""
    while True:
        out = _B64[value % 64] + out
        value //= 64
        if not value:
            return out


def _dictzip(text: bytes, chunk: int) -> bytes:
    """A dictzip file: gzip with the RA field listing independently inflatable chunks."""
    sizes = []
    body = b""
    pieces = [text[k : k + chunk] for k in range(0, len(text), chunk)]
    for k, piece in enumerate(pieces):
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        last = k == len(pieces) - 1
        data = comp.compress(piece) + comp.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)
        sizes.append(len(data))
        body += data
    ra = struct.pack("<HHH", 1, chunk, len(sizes)) + struct.pack(f"<{len(sizes)}H", *sizes)
    extra = b"RA" + struct.pack("<H", len(ra)) + ra
    header = b"\x1f\x8b\x08\x04" + b"\0\0\0\0" + b"\x02\x03" + struct.pack("<H", len(extra))
    trailer = struct.pack("<II", zlib.crc32(text), len(text) & 0xFFFFFFFF)
    return header + extra + body + trailer


def _write_dictd(folder: Path, name: str, entries: list[tuple[str, str]], zipped: bool) -> None:
    text = b""
    index = []
    for head, entry in entries:
        data = entry.encode()
        index.append(f"{head}\t{_b64(len(text))}\t{_b64(len(data))}\n")
        text += data
    (folder / f"{name}.index").write_text("".join(sorted(index)), encoding="utf-8")
    if zipped:
        (folder / f"{name}.dict.dz").write_bytes(_dictzip(text, 16))
    else:
        (folder / f"{name}.dict").write_bytes(text)


_ENG_DEU = [
    ("name", "name /neɪm/ <n>\n1. Name <masc>, Bezeichnung <fem> [adm.]\n see: {names}\n"),
    ("exit", "exit /ˈɛksɪt/\nAusgang <masc>, verlassen\n   Synonym: {way out}\n"),
    ("help message", "help message\nHilfetext\n"),
    ("bug", "bug /bʌɡ/ <n>\n1. Fehler <masc>\n2. Wanze (Insekt) <fem>\n   Note: kein Wort\n"),
]
_DEU_ENG = [
    ("Beispiele", "Beispiele /baɪ̯ʃpiːlə/ <pl>\nexamples\n see: {Beispiel}\n"),
    ("Bezeichnung", "Bezeichnung <fem>\ndesignation, name\n"),
]


@pytest.fixture
def dict_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _write_dictd(tmp_path, "freedict-eng-deu", _ENG_DEU, zipped=True)
    _write_dictd(tmp_path, "freedict-deu-eng", _DEU_ENG, zipped=False)
    monkeypatch.setenv("WORKBENCH_DICTIONARIES", str(tmp_path))
    return tmp_path


def test_reader_parses_entries_from_dictzip_and_plain_files(dict_dir: Path) -> None:
    pair = dictionaries.for_pair("en", "de-DE")
    assert pair is not None
    found = pair.source_to_target({"name", "exit", "bug", "absent", "help"})
    # pronunciation, <grammar>, [labels], (notes), see/Synonym/Note lines left out;
    # multi-word headwords are not looked up
    assert found == {
        "name": frozenset({"name", "bezeichnung"}),
        "exit": frozenset({"ausgang", "verlassen"}),
        "bug": frozenset({"fehler", "wanze"}),
    }
    assert pair.target_to_source({"bezeichnung", "beispiele", "fehler"}) == {
        "bezeichnung": frozenset({"designation", "name"}),
        "beispiele": frozenset({"examples"}),
    }
    # cached: the second look-up does not read the files again
    (dict_dir / "freedict-eng-deu.dict.dz").write_bytes(b"")
    assert pair.source_to_target({"name"}) == {"name": frozenset({"name", "bezeichnung"})}


def test_no_dictionary_for_the_pair_or_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_DICTIONARIES", str(tmp_path))
    assert dictionaries.for_pair("en", "de") is None
    monkeypatch.setenv("WORKBENCH_DICTIONARIES", "")
    assert dictionaries.for_pair("en", "de") is None
    monkeypatch.setenv("WORKBENCH_DICTIONARIES", str(tmp_path / "missing"))
    assert dictionaries.for_pair("en", "xx") is None


def test_headings_share_a_dictionary_feature(dict_dir: Path) -> None:
    source = extract_all(["NAME", "EXAMPLES", "BUGS", "exit the program."])
    target = extract_all(["BEZEICHNUNG", "BEISPIELE", "FEHLER"])
    pair = dictionaries.for_pair("en", "de")
    vocab = build_vocabulary(source, target, excerpt=True, dictionary=pair)
    shared = [
        {vocab.keys[f] for f in s & t if vocab.keys[f].startswith("d:")}
        for s, t in zip(vocab.source_sets, vocab.target_sets, strict=False)
    ]
    assert shared == [{"d:name"}, {"d:examp"}, {"d:bugs"}]
    assert not any(k.startswith("d:") for k in build_vocabulary(source, target).keys)


def _case() -> tuple[list[str], list[str]]:
    source = [
        "NAME",
        "pgrep - look up processes based on name",
        "SYNOPSIS",
        "pgrep [options] pattern",
        "DESCRIPTION",
        "pgrep looks through the currently running processes and lists the process IDs.",
        "OPTIONS",
        "-d, --delimiter delimiter Sets the string used to delimit each process ID.",
        "-l, --list-name List the process name as well as the process ID.",
        "-a, --list-full List the full command line as well as the process ID.",
        "-h, --help Display help and exit.",
        "-V, --version Display version information and exit.",
        "EXIT STATUS",
        "0 One or more processes matched the criteria.",
        "1 No processes matched or none of them could be signalled.",
        "BUGS",
        "The options -n and -o and -v can not be combined.",
        "AUTHOR",
        "Kjetil Torgrim Homme",
    ] * 2
    target = [
        "BEZEICHNUNG",
        "-h, --help Hilfe anzeigen und verlassen.",
        "FEHLER",
        "Die Optionen -n und -o und -v können nicht kombiniert werden.",
    ]
    return source, target


def test_aligner_unchanged_without_dictionaries(
    dict_dir: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, target = _case()
    monkeypatch.setattr(aligner_module, "_DICTIONARIES", False)
    off = align(source, target, source_lang="en", target_lang="de")
    off_fr = align(source, target, source_lang="en", target_lang="fr")
    monkeypatch.setattr(aligner_module, "_DICTIONARIES", True)
    for folder in (str(tmp_path_factory.mktemp("empty")), ""):
        monkeypatch.setenv("WORKBENCH_DICTIONARIES", folder)
        assert align(source, target, source_lang="en", target_lang="de") == off
    # a pair without a dictionary in a folder that has others
    monkeypatch.setenv("WORKBENCH_DICTIONARIES", str(dict_dir))
    assert align(source, target, source_lang="en", target_lang="fr") == off_fr
    # and with one: the excerpt's paragraphs all find their sources
    with_dict = align(source, target, source_lang="en", target_lang="de")
    linked = [link.target for link in with_dict.links if link.source and link.target]
    assert sorted(j for t in linked for j in t) == [0, 1, 2, 3]


_JPN_ENG = [
    (
        "著者",
        " [ichi1]  著者 /tɕˈo̞ɕä/\n(noun (common) (futsuumeishi))\nauthor (usu. of a book), writer",
    ),
    ("表示", "表示 /ço̞ˈɯᵝdʑi/\n1. (noun (common) (futsuumeishi))\nindication, showing\n"),
    ("使用法", "使用法 /ɕˌijo̞ɯᵝhˈo̞ɯᵝ/\n(noun (common) (futsuumeishi))\nusage method\n"),
    ("使用", "使用\n(noun (common))\nuse, application\n"),
    ("して", "して\n(particle)\nand, then\n"),  # hiragana alone: never looked for
    ("バージョン", "バージョン\n(noun (common))\nrelease\n"),
]
_ENG_JPN = [("version", "version /ˈvɜːʒən/\nバージョン\n")]


def test_japanese_headwords_found_inside_unsegmented_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_dictd(tmp_path, "freedict-jpn-eng", _JPN_ENG, zipped=True)
    _write_dictd(tmp_path, "freedict-eng-jpn", _ENG_JPN, zipped=False)
    monkeypatch.setenv("WORKBENCH_DICTIONARIES", str(tmp_path))
    pair = dictionaries.for_pair("en", "ja")
    assert pair is not None and pair.japanese_target
    # longest headword first from left to right: 使用法, not 使用; して is not a headword here
    assert pair.target_segments(["使用法を表示して終了します。", "著者", "abc"]) == [
        {"使用法", "表示"},
        {"著者"},
        set(),
    ]
    # nested parentheses (JMdict's parts of speech) left out
    assert pair.target_headwords({"著者", "使用法", "なし"}) == {
        "著者": frozenset({"author", "writer"}),
        "使用法": frozenset({"usage", "method"}),
    }
    source = extract_all(["AUTHOR", "Show the usage message, then exit.", "VERSION"])
    target = extract_all(["著者", "使用法を表示して終了します。", "バージョン"])
    vocab = build_vocabulary(source, target, excerpt=True, dictionary=pair)
    shared = [
        {vocab.keys[f] for f in s & t if vocab.keys[f].startswith("d:")}
        for s, t in zip(vocab.source_sets, vocab.target_sets, strict=False)
    ]
    # "showing" is "show" inflected; バージョン (a headword found) by the English -> Japanese file
    assert shared == [{"d:autho"}, {"d:usage", "d:show"}, {"d:versi"}]
