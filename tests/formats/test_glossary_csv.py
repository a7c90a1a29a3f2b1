"""The glossary's CSV format: round trips, spreadsheet dialects, and clear refusals."""

import pytest

from workbench.formats.glossary_csv import (
    ConceptRecord,
    GlossaryFormatError,
    read_glossary_csv,
    write_glossary_csv,
)

RECORDS = [
    ConceptRecord(
        terms={"en": "Left Opposition", "de": "Linke Opposition", "ar": "المعارضة اليسارية"},
        forbidden={"de": ["Linksopposition", "linke Opposition der KPdSU"]},
        notes="Trotsky's faction, 1923–1927.\nCapitalised in German.",
        case_sensitive=False,
        id="12",
    ),
    ConceptRecord(
        terms={"en": "Theory of Permanent Revolution", "zh-Hans": "不断革命论"},
        notes="",
        case_sensitive=True,
        id="",
    ),
]
LANGS = ["en", "de", "ar", "zh-Hans"]


def _strip_lines(records):
    return [
        (
            r.id,
            dict(r.terms),
            {k: list(v) for k, v in r.forbidden.items()},
            r.notes,
            r.case_sensitive,
        )
        for r in records
    ]


def test_round_trip():
    data = write_glossary_csv(RECORDS, LANGS)
    assert data.startswith("\ufeff".encode())  # spreadsheet programs detect UTF-8 by it
    back = read_glossary_csv(data)
    assert _strip_lines(back) == _strip_lines(RECORDS)
    assert [r.line for r in back] == [2, 4]  # the first record's notes span two lines


def test_header_layout():
    header = write_glossary_csv([], LANGS).decode("utf-8-sig").splitlines()[0]
    assert header == (
        "id,en,de,ar,zh-Hans,notes,case_sensitive,"
        "forbidden:en,forbidden:de,forbidden:ar,forbidden:zh-Hans"
    )


def test_formulas_are_neutralised_for_spreadsheets_and_restored_on_import():
    record = ConceptRecord(terms={"en": '=HYPERLINK("x")', "de": "-Partei"}, notes="@note")
    data = write_glossary_csv([record], ["en", "de"])
    assert b"'=HYPERLINK" in data and b"'-Partei" in data and b"'@note" in data
    back = read_glossary_csv(data)[0]
    assert back.terms == {"en": '=HYPERLINK("x")', "de": "-Partei"}
    assert back.notes == "@note"


def test_semicolons_tabs_no_bom_and_spreadsheet_leftovers():
    data = (
        b"Concept ID;EN;de;Notes;Case Sensitive;Forbidden:de\r\n"
        b"3;Left  Opposition; Linke Opposition ;;yes;Linksopposition | Linksopposition|  \r\n"
        b";;;;;\r\n"
        b";Bloc of Four Classes;;;;\r\n"
    )
    records = read_glossary_csv(data)
    assert [(r.id, dict(r.terms), dict(r.forbidden), r.case_sensitive) for r in records] == [
        (
            "3",
            {"EN": "Left Opposition", "de": "Linke Opposition"},
            {"de": ["Linksopposition"]},
            True,
        ),
        ("", {"EN": "Bloc of Four Classes"}, {}, False),
    ]
    tabbed = read_glossary_csv(b"en\tfr\nparty\tparti\n")
    assert tabbed[0].terms == {"en": "party", "fr": "parti"}
    assert tabbed[0].case_sensitive is None  # no column: the file does not say


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"  \n", "empty"),
        (b"id,notes\n1,x\n", "no language column"),
        (b"en,colour\nx,red\n", "Unknown column"),
        (b"en,de,EN\nx,y,z\n", "appears twice"),
        (b"en,forbidden:???\nx,y\n", "does not name a language"),
        (b"en,de\nparty,Partei\nsocialism,\xff\xfe\n", "not valid UTF-8 (line 3)"),
        (b"en,case_sensitive\nparty,perhaps\n", "Line 2: case_sensitive must be yes or no"),
        (b"en,de\nparty,Partei,extra\n", "Line 2 has more cells"),
        (b"en\x00,de\n", "NUL"),
    ],
)
def test_refusals_say_what_is_wrong(data, fragment):
    with pytest.raises(GlossaryFormatError) as exc:
        read_glossary_csv(data)
    assert fragment in str(exc.value)
    # The template is the msgid the UI translates; the details fill it.
    assert exc.value.template % exc.value.details == str(exc.value)


def test_an_unterminated_quote_is_refused_not_read_to_the_end_of_the_file():
    """The reader's lenient mode ran an open quote to the end of the file: one term
    "unterminated,b hello,bonjour" was created and the rows after it were gone. A quote
    inside an unquoted cell (5" screen) is still text."""
    with pytest.raises(GlossaryFormatError, match="Line 2: .*malformed"):
        read_glossary_csv(b'en,fr\n"unterminated,b\nhello,bonjour\n')
    records = read_glossary_csv(b'en,fr\n5" screen,"ecran 5"""\nhello,bonjour\n')
    assert len(records) == 2
