"""GNU gettext's C escapes in PO files (formats/po_escapes.py): read and written as msgcat
reads and writes them, checked against msgcat itself."""

from __future__ import annotations

import shutil
import subprocess

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.formats import po  # noqa: F401  (installs the escapes into polib)
from workbench.formats.po_escapes import (
    controls_as_pictures,
    escape,
    pictures_as_controls,
    unescape,
)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        (r"Bell\a", "Bell\a"),
        (r"esc \033[1m", "esc \x1b[1m"),
        (r"unit\x1fsep", "unit\x1fsep"),
        (r"a\vb\fc\bd", "a\vb\fc\bd"),
        (r"\\a is not a bell", "\\a is not a bell"),
        (r"quote \" and \' and \?", "quote \" and ' and ?"),
        (r"C:\\new\\table", "C:\\new\\table"),
        (r"\q stays", r"\q stays"),  # unknown: as polib and msgcat keep it
        (r"\303\244", r"\303\244"),  # bytes of the file's charset: kept as written
    ],
)
def test_unescape_reads_what_gettext_means(written, meant):
    assert unescape(written) == meant


def test_polib_reads_and_writes_them_after_install():
    entry = polib.pofile('msgid "Bell\\a \\033"\nmsgstr "Glocke\\a"\n')[0]
    assert entry.msgid == "Bell\a \x1b"
    assert 'msgid "Bell\\a \x1b"' in str(entry)


@pytest.mark.skipif(not shutil.which("msgcat"), reason="GNU gettext not installed")
@given(st.text(alphabet=st.sampled_from('ab \\"\a\b\f\v\t\r\x1b\x1fä'), max_size=30))
def test_escape_is_what_msgcat_reads_back(text):
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    catalog = f'{header}msgid "x"\nmsgstr "{escape(text)}"\n'
    result = subprocess.run(
        ["msgcat", "--no-wrap", "-"], input=catalog.encode(), capture_output=True, check=True
    )
    (entry,) = [e for e in polib.pofile(result.stdout.decode()) if e.msgid == "x"]
    assert entry.msgstr == text


@given(st.text())
def test_pictures_round_trip(text):
    controls = pictures_as_controls(text)
    assert pictures_as_controls(controls_as_pictures(controls)) == controls
    assert not any(
        "\x01" <= c <= "\x08" or "\x0e" <= c <= "\x1f" for c in controls_as_pictures(controls)
    )
