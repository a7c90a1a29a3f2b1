"""A small document with every kind of unit and every status, shared by the format tests."""

from __future__ import annotations

import pytest
from hypothesis import strategies as st

from workbench.text.markup import sanitize_inline
from workbench.text.records import (
    KIND_BLOCKQUOTE,
    KIND_BYLINE,
    KIND_FOOTNOTE,
    KIND_HEADING,
    KIND_LIST_ITEM,
    KIND_PARAGRAPH,
    KIND_TITLE,
    STATUS_APPROVED,
    STATUS_DRAFT,
    STATUS_OUTDATED,
    STATUS_TRANSLATED,
    DocumentInfo,
    ExportRow,
    LanguageInfo,
    TranslationRecord,
    UnitRecord,
)

EN = LanguageInfo("en", "English")
DE = LanguageInfo("de", "Deutsch")
AR = LanguageInfo(
    "ar",
    "العربية",
    direction="rtl",
    plural_forms=(
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
        ": n%100>=11 ? 4 : 5;"
    ),
)
ZH = LanguageInfo("zh-Hans", "简体中文", plural_forms="nplurals=1; plural=0;")

DOC = DocumentInfo(
    slug="permanent-revolution", title="The Permanent Revolution", source_language=EN
)

LONG = (
    "The theory of the permanent revolution, which originated in 1905, declared war upon these "
    "ideas and moods. It pointed out that the democratic tasks of the backward bourgeois "
    "nations led directly, in our epoch, to the dictatorship of the proletariat"
    '<sup class="fnref">1</sup>.'
)


def _t(text: str, status: str = STATUS_APPROVED, previous: str | None = None) -> TranslationRecord:
    return TranslationRecord(text=text, status=status, previous_source=previous)


def make_rows() -> list[ExportRow]:
    return [
        ExportRow(
            UnitRecord("byline", 1, KIND_BYLINE, "Pioneer Publishers, New York"),
            {"de": _t("Pioneer Publishers, New York"), "ar": None, "zh-Hans": None},
        ),
        ExportRow(
            UnitRecord("title", 2, KIND_TITLE, "The <em>Permanent</em> Revolution"),
            {
                "de": _t("Die <em>permanente</em> Revolution"),
                "ar": _t("الثورة <em>الدائمة</em>"),
                "zh-Hans": _t("<em>不断</em>革命论", STATUS_TRANSLATED),
            },
        ),
        ExportRow(
            UnitRecord("intro", 3, KIND_HEADING, "Introduction", level=2),
            {"de": _t("Einleitung"), "ar": _t("مقدمة"), "zh-Hans": None},
        ),
        ExportRow(
            UnitRecord("p-theory", 4, KIND_PARAGRAPH, LONG),
            {
                "de": _t(
                    "Die Theorie der permanenten Revolution, die 1905 entstand, erklärte diesen "
                    'Ideen den „Krieg“<sup class="fnref">1</sup>.',
                    STATUS_DRAFT,
                ),
                "ar": _t('نظرية الثورة الدائمة، التي نشأت عام 1905<sup class="fnref">1</sup>.'),
                "zh-Hans": _t(
                    '不断革命论产生于1905年<sup class="fnref">1</sup>。', STATUS_TRANSLATED
                ),
            },
        ),
        ExportRow(
            UnitRecord(
                "quote-1",
                5,
                KIND_BLOCKQUOTE,
                "“The <strong>complete</strong> victory,” he wrote,<br>“is impossible.”",
            ),
            {
                "de": _t(
                    "„Der <strong>vollständige</strong> Sieg“, schrieb er,<br>„ist unmöglich.“",
                    STATUS_OUTDATED,
                    previous="“The complete victory,” he wrote, “is impossible.”",
                ),
                "ar": None,
                "zh-Hans": _t("“<strong>完全</strong>胜利，”他写道，<br>“是不可能的。”"),
            },
        ),
        ExportRow(
            UnitRecord(
                "item-1",
                6,
                KIND_LIST_ITEM,
                'See <a href="https://example.org/a?b=1&amp;c=2">the <code>archive</code></a>'
                " &amp; notes",
            ),
            {"de": None, "ar": None, "zh-Hans": None},
        ),
        ExportRow(
            UnitRecord(
                "fn-1", 7, KIND_FOOTNOTE, "<em>The Permanent Revolution</em>, 1930.", label="1"
            ),
            {
                "de": _t("<em>Die permanente Revolution</em>, 1930."),
                "ar": _t("<em>الثورة الدائمة</em>، 1930."),
                "zh-Hans": None,
            },
        ),
    ]


@pytest.fixture
def rows() -> list[ExportRow]:
    return make_rows()


# --- hypothesis strategies -----------------------------------------------------------------

_words = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=12,
).map(lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


LINK = '<a href="https://example.org/?q=1&amp;r=2">'


@st.composite
def canonical_markup(draw: st.DrawFn, depth: int = 0, in_link: bool = False) -> str:
    """Canonical unit markup (text/markup.py): escaped text, nested inline tags (no link in a
    link, as HTML forbids), line breaks and footnote references."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        choice = draw(st.sampled_from(["text", "em", "strong", "a", "code", "br", "fnref"]))
        nested = choice in ("em", "strong", "a", "code")
        if choice == "text" or (nested and depth > 2) or (choice == "a" and in_link):
            parts.append(draw(_words))
        elif choice == "br":
            parts.append("<br>")
        elif choice == "fnref":
            label = draw(st.from_regex(r"[0-9a-z*]{1,3}", fullmatch=True))
            parts.append(f'<sup class="fnref">{label}</sup>')
        else:
            inner = draw(canonical_markup(depth + 1, in_link or choice == "a"))
            parts.append(f"{LINK}{inner}</a>" if choice == "a" else f"<{choice}>{inner}</{choice}>")
    # Stored markup is what the gate gives back (empty elements and edge spaces dropped):
    # "0 <em></em>" is never stored, "0" is.
    return "".join(parts) if depth else sanitize_inline("".join(parts))
