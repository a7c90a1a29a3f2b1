"""Bilingual dictionaries (FreeDict in dictd format), optional word-level evidence.

Between English and German, Polish or Arabic a heading or an option description often shares
nothing with its translation but its meaning ("NAME" and "BEZEICHNUNG", "Print a help message
and exit" and "Imprime uma mensagem de ajuda e sai"). Where a dictionary of the pair is
installed (Debian: dict-freedict-eng-deu, dict-freedict-deu-eng, ...), each source word with a
translation found in the target becomes a shared feature (`DICT` class, its survival rate
learned like any other class in `weights.calibrate`), as hunalign does with its dictionary.
Without a dictionary nothing changes.

The dictd files: `NAME.index` (headword, base64 offset, base64 length per line) and
`NAME.dict.dz` (dictzip: gzip whose chunks can be read one by one) or `NAME.dict`. Only the
entries of the words a document holds are read (one pass over the index, then the chunks that
hold them), and what was read is kept per language pair for the next document.

Japanese text has no spaces: for a Japanese target (jpn-eng), the index's headwords of 2 to 8
kanji or kana (at least one kanji or katakana) are read once into a set, and each paragraph is
scanned for them, the longest from left to right ("使用法を表示して" holds 使用法 and 表示);
those are its words, looked up like any other (`target_segments`, `target_headwords`), and an
English -> Japanese translation counts where it is one of them.

Bounded: index files up to `_MAX_INDEX_BYTES`, `_MAX_HEADWORDS` Japanese headwords, at most
`_MAX_ENTRIES` entries read a document, `_MAX_TRANSLATIONS` words kept an entry, and the words
looked up are remembered up to `_MAX_CACHED` a pair.
"""

from __future__ import annotations

import os
import re
import struct
import threading
import zlib
from collections.abc import Iterable
from pathlib import Path

# Where the dictd files are; the environment variable WORKBENCH_DICTIONARIES overrides it
# ("" turns dictionaries off).
DICTIONARY_DIR = "/usr/share/dictd"
_ENV = "WORKBENCH_DICTIONARIES"
_MAX_INDEX_BYTES = 64_000_000
_MAX_ENTRIES = 20_000
_MAX_ENTRY_BYTES = 4_000
_MAX_TRANSLATIONS = 40
_MAX_CACHED = 200_000

# ISO 639-1 (as the aligner gets them) to the ISO 639-3 codes of FreeDict's file names
_ISO3 = {
    "en": "eng",
    "de": "deu",
    "fr": "fra",
    "es": "spa",
    "it": "ita",
    "pt": "por",
    "pl": "pol",
    "ru": "rus",
    "ar": "ara",
    "nl": "nld",
    "sv": "swe",
    "da": "dan",
    "cs": "ces",
    "sk": "slk",
    "sl": "slv",
    "hr": "hrv",
    "sr": "srp",
    "hu": "hun",
    "tr": "tur",
    "el": "ell",
    "fi": "fin",
    "lt": "lit",
    "ga": "gle",
    "cy": "cym",
    "ja": "jpn",
}

_B64 = {
    c: k for k, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
}
_NOTE_RE = re.compile(r"<[^<>\n]*>|\[[^\[\]\n]*\]|\([^()\n]*\)|\{[^{}\n]*\}|/[^/\n]*/")
_SKIP_LINE_RE = re.compile(r"^\s*(?:see:|synonyms?:|antonyms?:|note:|\")", re.I)
WORD_RE = re.compile(r"[^\W\d_]{2,}")
# Japanese headwords looked for inside a text without spaces: 2 to 8 kanji or kana, at least one
# of them kanji or katakana (hiragana alone are particles and endings: "して", "から")
_JA_HEAD_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]{2,8}")
_JA_CONTENT_RE = re.compile(r"[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]")
_JA_MAX, _JA_MIN = 8, 2
_MAX_HEADWORDS = 400_000
_MAX_SPANS = 4  # entries kept a headword (homographs)
_SPAN = 1 << 16  # offset * _SPAN + length (length < _MAX_ENTRY_BYTES)


def _b64(text: str) -> int:
    value = 0
    for ch in text:
        value = value * 64 + _B64[ch]
    return value


class _DictFile:
    """One dictd dictionary: its index scanned on demand, its entries read by chunk."""

    def __init__(self, index: Path, data: Path) -> None:
        self.index = index
        self.data = data
        self._chunks: tuple[int, int, list[int]] | None = None  # data start, chunk size, sizes
        self._plain: bytes | None = None
        self._heads: dict[str, int] | None = None
        self._more: dict[str, list[int]] = {}

    def _dictzip(self) -> tuple[int, int, list[int]] | None:
        if self._chunks is not None:
            return self._chunks
        with open(self.data, "rb") as f:
            head = f.read(10)
            if len(head) < 10 or head[:2] != b"\x1f\x8b" or not head[3] & 4:
                return None
            flags = head[3]
            (xlen,) = struct.unpack("<H", f.read(2))
            extra = f.read(xlen)
            chunks = None
            k = 0
            while k + 4 <= len(extra):
                sid, size = extra[k : k + 2], struct.unpack("<H", extra[k + 2 : k + 4])[0]
                body = extra[k + 4 : k + 4 + size]
                if sid == b"RA" and len(body) >= 6:
                    _ver, chlen, count = struct.unpack("<HHH", body[:6])
                    sizes = list(struct.unpack(f"<{count}H", body[6 : 6 + 2 * count]))
                    chunks = (chlen, sizes)
                k += 4 + size
            if chunks is None:
                return None
            if flags & 8:  # file name
                while f.read(1) not in (b"\0", b""):
                    pass
            if flags & 16:  # comment
                while f.read(1) not in (b"\0", b""):
                    pass
            if flags & 2:
                f.read(2)
            self._chunks = (f.tell(), chunks[0], chunks[1])
        return self._chunks

    def read(self, spans: list[tuple[int, int]]) -> list[str]:
        """The entries at (offset, length) of the uncompressed text."""
        if self.data.suffix != ".dz":
            with open(self.data, "rb") as f:
                out = []
                for off, length in spans:
                    f.seek(off)
                    out.append(f.read(length).decode("utf-8", "replace"))
                return out
        layout = self._dictzip()
        if layout is None:
            return []
        start, chlen, sizes = layout
        starts = [start]
        for size in sizes:
            starts.append(starts[-1] + size)
        cache: dict[int, bytes] = {}
        out = []
        with open(self.data, "rb") as f:

            def chunk(k: int) -> bytes:
                if k not in cache:
                    if k >= len(sizes):
                        return b""
                    f.seek(starts[k])
                    cache[k] = zlib.decompressobj(-15).decompress(f.read(sizes[k]))
                return cache[k]

            for off, length in sorted(spans):
                first, last = off // chlen, (off + length - 1) // chlen
                text = b"".join(chunk(k) for k in range(first, last + 1))
                lo = off - first * chlen
                out.append(text[lo : lo + length].decode("utf-8", "replace"))
                if len(cache) > 64:
                    cache.clear()
        return out

    def headwords(self) -> dict[str, int]:
        """Japanese headwords (see _JA_HEAD_RE) -> where their first entry is (offset and
        length in one int: 200,000 of them); read once."""
        if self._heads is not None:
            return self._heads
        heads: dict[str, int] = {}
        if self.index.stat().st_size <= _MAX_INDEX_BYTES:
            with open(self.index, encoding="utf-8", errors="replace") as f:
                for line in f:
                    head, _, rest = line.partition("\t")
                    if not _JA_HEAD_RE.fullmatch(head) or not _JA_CONTENT_RE.search(head):
                        continue
                    off, _, length = rest.rstrip("\n").partition("\t")
                    try:
                        span = _b64(off) * _SPAN + min(_b64(length), _MAX_ENTRY_BYTES)
                    except KeyError:
                        continue
                    first = heads.setdefault(head, span)
                    if first != span:  # homographs: their other entries
                        more = self._more.setdefault(head, [])
                        if len(more) < _MAX_SPANS - 1 and span not in more:
                            more.append(span)
                    if len(heads) >= _MAX_HEADWORDS:
                        break
        self._heads = heads
        return heads

    def spans_of(self, head: str) -> list[tuple[int, int]]:
        """Where the entries of a Japanese headword (headwords) are."""
        first = self.headwords().get(head)
        packed = [] if first is None else [first, *self._more.get(head, ())]
        return [divmod(span, _SPAN) for span in packed]

    def lookup_spans(self, wanted: dict[str, list[tuple[int, int]]]) -> dict[str, set[str]]:
        """Headword -> its translations' words, from the entries at the given spans."""
        owner: dict[tuple[int, int], list[str]] = {}
        for head, spans in wanted.items():
            for span in spans:
                owner.setdefault(span, []).append(head)
                if len(owner) >= _MAX_ENTRIES:
                    break
        out: dict[str, set[str]] = {}
        ordered = sorted(owner)
        for span, entry in zip(ordered, self.read(ordered), strict=False):
            found = translations(entry, nested=True)
            for head in owner[span]:
                if found:
                    out.setdefault(head, set()).update(found)
        return out

    def lookup(self, words: set[str]) -> dict[str, set[str]]:
        """Casefolded single-word headwords among `words` -> their translations' words."""
        if not words or self.index.stat().st_size > _MAX_INDEX_BYTES:
            return {}
        spans: dict[tuple[int, int], str] = {}
        with open(self.index, encoding="utf-8", errors="replace") as f:
            for line in f:
                head, _, rest = line.partition("\t")
                if " " in head:
                    continue
                key = head.casefold()
                if key not in words:
                    continue
                off, _, length = rest.rstrip("\n").partition("\t")
                try:
                    span = (_b64(off), min(_b64(length), _MAX_ENTRY_BYTES))
                except KeyError:
                    continue
                spans[span] = key
                if len(spans) >= _MAX_ENTRIES:
                    break
        out: dict[str, set[str]] = {}
        ordered = sorted(spans)
        for span, entry in zip(ordered, self.read(ordered), strict=False):
            found = translations(entry)
            if found:
                out.setdefault(spans[span], set()).update(found)
        return out


def translations(entry: str, *, nested: bool = False) -> list[str]:
    """The words of an entry's translations: its first line (the headword, pronunciation and
    part of speech) left out, as are cross-references, notes, examples and anything in <>, [],
    (), {} or //; `nested`: brackets in brackets too (JMdict's "(noun (common) ...)")."""
    words: list[str] = []
    for line in entry.split("\n")[1:]:
        if not line.strip() or _SKIP_LINE_RE.match(line):
            continue
        text = _NOTE_RE.sub(" ", line)
        while nested:
            stripped = _NOTE_RE.sub(" ", text)
            if stripped == text:
                break
            text = stripped
        for word in WORD_RE.findall(text):
            word = word.casefold()
            if word not in words:
                words.append(word)
            if len(words) >= _MAX_TRANSLATIONS:
                return words
    return words


class PairDictionary:
    """The dictionaries of one language pair (either direction), with what was looked up."""

    def __init__(
        self, forward: list[_DictFile], backward: list[_DictFile], japanese_target: bool = False
    ) -> None:
        self.forward = forward  # source headwords
        self.backward = backward  # target headwords
        self.japanese_target = japanese_target  # target words found by target_segments
        self._fwd: dict[str, frozenset[str]] = {}
        self._bwd: dict[str, frozenset[str]] = {}
        self._lock = threading.Lock()

    def _lookup(
        self, files: list[_DictFile], cache: dict[str, frozenset[str]], words: Iterable[str]
    ) -> dict[str, frozenset[str]]:
        wanted = {w for w in words if w not in cache}
        if wanted:
            found: dict[str, set[str]] = {}
            for file in files:
                for key, values in file.lookup(wanted).items():
                    found.setdefault(key, set()).update(values)
            if len(cache) + len(wanted) > _MAX_CACHED:
                cache.clear()
            for w in wanted:
                cache[w] = frozenset(found.get(w, ()))
        return {w: cache[w] for w in words if cache.get(w)}

    def target_segments(self, texts: list[str]) -> list[set[str]]:
        """Per text, the Japanese headwords of the target -> source files found in it, longest
        first from left to right (a text without spaces is not split into words)."""
        with self._lock:
            tables = [file.headwords() for file in self.backward]
        out = []
        for text in texts:
            found: set[str] = set()
            for run in _JA_HEAD_RE.finditer(text):
                segment, k = run.group(), 0
                while k < len(segment) - 1:
                    for size in range(min(_JA_MAX, len(segment) - k), _JA_MIN - 1, -1):
                        if any(segment[k : k + size] in heads for heads in tables):
                            found.add(segment[k : k + size])
                            k += size
                            break
                    else:
                        k += 1
            out.append(found)
        return out

    def target_headwords(self, words: Iterable[str]) -> dict[str, frozenset[str]]:
        """Japanese headword (from target_segments) -> words of its translations."""
        with self._lock:
            wanted = {w for w in words if w not in self._bwd}
            if wanted:
                found: dict[str, set[str]] = {}
                for file in self.backward:
                    spans = {w: file.spans_of(w) for w in wanted}
                    for key, values in file.lookup_spans(spans).items():
                        found.setdefault(key, set()).update(values)
                if len(self._bwd) + len(wanted) > _MAX_CACHED:
                    self._bwd.clear()
                for w in wanted:
                    self._bwd[w] = frozenset(found.get(w, ()))
            return {w: self._bwd[w] for w in words if self._bwd.get(w)}

    def source_to_target(self, words: Iterable[str]) -> dict[str, frozenset[str]]:
        """Source word -> words of its translations (from the source -> target files)."""
        with self._lock:
            return self._lookup(self.forward, self._fwd, set(words))

    def target_to_source(self, words: Iterable[str]) -> dict[str, frozenset[str]]:
        """Target word -> words of its translations (from the target -> source files)."""
        with self._lock:
            return self._lookup(self.backward, self._bwd, set(words))


_pairs: dict[tuple[str, str, str], PairDictionary | None] = {}
_pairs_lock = threading.Lock()


def _files(folder: Path, a: str, b: str) -> list[_DictFile]:
    out = []
    for stem in (f"freedict-{a}-{b}", f"{a}-{b}"):
        index = folder / f"{stem}.index"
        if not index.is_file():
            continue
        for data in (folder / f"{stem}.dict.dz", folder / f"{stem}.dict"):
            if data.is_file():
                out.append(_DictFile(index, data))
                break
    return out


def for_pair(source_lang: str, target_lang: str) -> PairDictionary | None:
    """The installed dictionaries of the pair, or None (none installed, or turned off)."""
    folder_name = os.environ.get(_ENV, DICTIONARY_DIR)
    if not folder_name:
        return None
    a = _ISO3.get(source_lang.split("-")[0].split("_")[0].lower())
    b = _ISO3.get(target_lang.split("-")[0].split("_")[0].lower())
    if a is None or b is None or a == b:
        return None
    key = (folder_name, a, b)
    with _pairs_lock:
        if key not in _pairs:
            folder = Path(folder_name)
            forward = _files(folder, a, b) if folder.is_dir() else []
            backward = _files(folder, b, a) if folder.is_dir() else []
            _pairs[key] = (
                PairDictionary(forward, backward, japanese_target=b == "jpn")
                if forward or backward
                else None
            )
        return _pairs[key]
