"""A translator's day in the editor: placeables, typed tokens, copy source, auto-growing boxes,
the keyboard across a page boundary, a save that leaves an error, filters that keep focus."""

from __future__ import annotations

import pytest

from workbench.models import Translation, Unit
from workbench.permissions import SYSTEM
from workbench.services.documents import import_document

from .conftest import assert_no_axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True)

ESSAY = b"""# Essay

He wrote[^1] that *this* is **big**, see [here](https://example.org/), in 1917.

Second paragraph.

Third paragraph with `code`.

[^1]: The note.
"""


@pytest.fixture
def essay(languages):
    return import_document(
        SYSTEM, ESSAY, filename="essay.md", language_code="en", slug="essay"
    ).document


def unit(essay, position: int) -> Unit:
    return Unit.objects.filter(document=essay).order_by("position")[position]


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def wait_focus(page, element_id: str) -> None:
    page.wait_for_function(
        "id => document.activeElement && document.activeElement.id === id", arg=element_id
    )


def wait_text(page, selector: str, text: str) -> None:
    page.wait_for_function(
        "([sel, text]) => { const el = document.querySelector(sel);"
        " return el && el.textContent.includes(text); }",
        arg=[selector, text],
    )


def test_placeables_typed_tokens_and_copy_source(page, live_server, essay, translator):
    log_in(page, live_server, "translator", "pw-translator")
    page.goto(f"{live_server.url}/d/essay/de/")
    title, para = unit(essay, 0), unit(essay, 1)
    # The first unit still to do has the focus on opening.
    assert focused_id(page) == f"t-{title.key}"
    assert_no_axe_violations(page, "the editor with placeables")

    # The source's markup is offered as numbered placeables.
    row = page.locator(f"#u-{para.key}")
    tokens = row.locator(".placeables .ph-token").all_inner_texts()
    assert tokens[:5] == ["[1]", "*…*", "**…**", "{1}…{/1}", "1917"]

    area = page.locator(f"#t-{para.key}")
    area.click()
    page.keyboard.type("Er schrieb")
    page.keyboard.press("Control+Shift+1")  # footnote reference 1
    page.keyboard.type(", dass ")
    page.keyboard.press("Control+Shift+2")  # emphasis: a pair, the caret inside
    page.keyboard.type("dies")
    page.keyboard.press("End")
    page.keyboard.type(" **groß** ist, ")
    row.get_by_role("button", name="{1}…{/1}").click()  # a link by mouse
    page.keyboard.type("hier")
    page.keyboard.press("End")
    page.keyboard.type(", 1917. a < b & c")
    assert (
        area.input_value()
        == "Er schrieb[1], dass *dies* **groß** ist, {1}hier{/1}, 1917. a < b & c"
    )
    page.keyboard.press("Control+Enter")
    wait_focus(page, f"t-{unit(essay, 2).key}")

    stored = Translation.objects.get(unit=para, language__code="de").text
    assert stored == (
        'Er schrieb<sup class="fnref">1</sup>, dass <em>dies</em> <strong>groß</strong> ist, '
        '<a href="https://example.org/">hier</a>, 1917. a &lt; b &amp; c'
    )
    # Shown again as tokens, never as HTML, and "<" as typed.
    page.reload()
    # The editor is ready when it has put the focus on the first unit still to do (and
    # scrolled to it): a click before that could land where the button was.
    wait_focus(page, f"t-{title.key}")
    page.wait_for_load_state("networkidle")
    assert page.locator(f"#t-{para.key}").input_value() == (
        "Er schrieb[1], dass *dies* **groß** ist, {1}hier{/1}, 1917. a < b & c"
    )
    # No quality problem left: the footnote, emphasis and link are all there.
    assert page.locator(f"#u-{para.key} .row-checks .problem.error").count() == 0

    # Copy source: the button, and Ctrl+Shift+0.
    third = unit(essay, 3)
    page.locator(f"#u-{third.key} button.copy-source").click()
    page.wait_for_function(
        "([id, text]) => document.getElementById(id).value === text",
        arg=[f"t-{third.key}", "Third paragraph with `code`."],
    )
    page.locator(f"#t-{third.key}").fill("")
    page.keyboard.press("Control+Shift+0")
    assert page.locator(f"#t-{third.key}").input_value() == "Third paragraph with `code`."


def test_a_typed_footnote_reference_just_works(page, live_server, essay, translator):
    log_in(page, live_server, "translator", "pw-translator")
    page.goto(f"{live_server.url}/d/essay/de/")
    para = unit(essay, 1)
    area = page.locator(f"#t-{para.key}")
    area.fill("Er schrieb[1], dass *dies* **groß** ist, {1}hier{/1}, 1917.")
    area.press("Control+Enter")
    wait_focus(page, f"t-{unit(essay, 2).key}")
    stored = Translation.objects.get(unit=para, language__code="de").text
    assert '<sup class="fnref">1</sup>' in stored and "<em>dies</em>" in stored


def test_a_save_that_leaves_an_error_is_flagged(page, live_server, essay, translator):
    log_in(page, live_server, "translator", "pw-translator")
    page.goto(f"{live_server.url}/d/essay/de/")
    para = unit(essay, 1)
    area = page.locator(f"#t-{para.key}")
    area.fill("Er schrieb, dass dies groß ist, 1917.")  # footnote reference missing
    page.locator(f"#u-{para.key} button.save[data-status=translated]").click()
    message = page.locator(f"#u-{para.key} .row-msg")
    message.wait_for()
    wait_text(page, f"#u-{para.key} .row-msg", "error")
    assert message.inner_text().startswith("Saved with 1 error") or "errors" in message.inner_text()
    assert "saved-with-error" in (page.locator(f"#u-{para.key}").get_attribute("class") or "")
    # Announced once, in the page's live region.
    wait_text(page, "#live", "error")
    assert page.locator(f"#u-{para.key} [role=status]").count() == 0

    # Ctrl+Shift+Enter saves as draft.
    area = page.locator(f"#t-{para.key}")
    area.fill("Entwurf[1]")
    area.press("Control+Shift+Enter")
    wait_text(page, f"#st-{para.key}", "draft")
    assert Translation.objects.get(unit=para, language__code="de").status == "draft"


def test_boxes_grow_with_their_text(page, live_server, essay, translator):
    log_in(page, live_server, "translator", "pw-translator")
    page.goto(f"{live_server.url}/d/essay/de/")
    area = page.locator(f"#t-{unit(essay, 1).key}")
    before = area.evaluate("a => a.clientHeight")
    area.click()
    page.keyboard.type("Ein langer Satz, der immer weiter geht. " * 12)
    after = area.evaluate("a => [a.clientHeight, a.scrollHeight]")
    assert after[0] > before * 2
    assert after[1] <= after[0] + 2  # the whole text is visible, no inner scrolling


def test_page_boundary_and_filters_keep_the_keyboard_place(
    page, live_server, essay, translator, settings
):
    settings.EDITOR_PAGE_SIZE = 2
    log_in(page, live_server, "translator", "pw-translator")
    page.goto(f"{live_server.url}/d/essay/de/")
    first, second, third = unit(essay, 0), unit(essay, 1), unit(essay, 2)
    assert focused_id(page) == f"t-{first.key}"
    page.keyboard.press("Alt+ArrowDown")
    assert focused_id(page) == f"t-{second.key}"
    page.keyboard.press("Alt+ArrowDown")  # the last unit of the page: the next page opens
    page.wait_for_url("**page=2**")
    wait_focus(page, f"t-{third.key}")
    page.keyboard.press("Alt+ArrowUp")  # and back: the previous page's last unit
    page.wait_for_url("**page=1**")
    wait_focus(page, f"t-{second.key}")

    # Ctrl+Enter on the last unit of a page goes on to the next page too.
    page.keyboard.type("Zweiter Absatz.")
    page.keyboard.press("Control+Enter")
    page.wait_for_url("**page=2**")
    wait_focus(page, f"t-{third.key}")

    # A filter applies when chosen; the focus stays on the menu (WCAG 3.2.2).
    page.goto(f"{live_server.url}/d/essay/de/")
    select = page.locator("#filter")
    select.focus()
    select.select_option("untranslated")
    wait_text(page, "#live", "units")
    assert focused_id(page) == "filter"
    assert page.locator(f"#u-{second.key}").count() == 0
    assert page.locator("form.filter button[type=submit]").is_hidden()
    assert "filter=untranslated" in page.url


def test_keys_jump_to_the_next_unit_still_to_do_or_with_a_problem(
    page, live_server, essay, translator, languages
):
    from ..workflow import translate

    de = languages["de"]
    title, para, second, third = (unit(essay, i) for i in range(4))
    translate(translator, title, de, "Essay")
    translate(translator, second, de, "Zweiter Absatz.")
    translate(translator, third, de, "Dritter Absatz ohne Code")  # a problem: no full stop
    log_in(page, live_server, "translator", "pw-translator")
    page.goto(f"{live_server.url}/d/essay/de/")
    assert focused_id(page) == f"t-{para.key}"  # the first unit still to do
    assert page.locator(f"#u-{third.key} .problem").count() >= 1
    page.keyboard.press("Alt+End")  # the next unit with a problem
    wait_focus(page, f"t-{third.key}")
    page.keyboard.press("Alt+PageDown")  # the next one still to do: the footnote
    wait_focus(page, f"t-{unit(essay, 4).key}")
    page.keyboard.press("Alt+PageDown")  # and from the top again
    wait_focus(page, f"t-{para.key}")
