"""The pure parts of machine translation: placeables through an engine and back, and the
share of unmodified engine output (issue 15)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbench.text.checks import CheckContext, run_checks
from workbench.text.machine_markup import protect, restore
from workbench.text.machine_share import unedited, unmodified_share

SOURCE = 'A <em>b</em><sup class="fnref">a</sup> c <code>x y</code> d<sup class="fnref">*</sup>.'


def test_footnotes_and_code_go_out_as_placeholders_and_come_back():
    held = protect(SOURCE)
    assert "fnref" not in held.html and "<code>" not in held.html and "<em>b</em>" in held.html
    # An engine may requote attributes and move the placeholders with the words.
    answer = held.html.replace('"', "'").replace("A <em>b</em>", "<em>B</em> A")
    back = restore(answer, held)
    assert back.count('<sup class="fnref">a</sup>') == 1 and "<code>x y</code>" in back
    assert back.startswith("<em>B</em> A")


def test_a_lost_placeholder_is_appended_not_dropped():
    held = protect(SOURCE)
    lost = held.html.replace('<span data-wb="2"></span>', "")
    assert restore(lost, held).endswith('<sup class="fnref">*</sup>')


def test_doubled_spaces_of_the_engine_are_collapsed():
    held = protect("a b")
    assert restore("una teoría  de   b", held) == "una teoría de b"


def test_invented_placeholders_are_dropped():
    held = protect("no markup")
    assert restore('x <span data-wb="7"></span>y', held) == "x y"


@given(
    st.text(alphabet=st.characters(blacklist_characters="<>"), max_size=200).filter(
        lambda text: "  " not in text
    )
)
def test_text_without_markup_goes_through_unchanged(text):
    held = protect(text)
    assert held.pieces == () and restore(held.html, held) == text


def test_share_of_unmodified_output():
    machine = "La revolución permanente es una teoría de la clase obrera."
    assert unmodified_share(machine, machine) == 1.0
    assert unedited(machine, machine) and not unedited(machine, "")
    edited = "Según Trotsky, la revolución permanente pone a los obreros al frente."
    assert 0.2 < unmodified_share(edited, machine) < 0.6
    assert unmodified_share("Otra cosa distinta.", machine) < 0.2
    assert unmodified_share("", machine) == 0.0
    # Tags come from the source, not from the engine: they do not count.
    assert unmodified_share("<em>Otra</em> cosa.", "<em>Una</em> casa.") < 0.2


def test_the_unedited_check_warns():
    machine = "La revolución permanente."
    found = run_checks("The permanent revolution.", machine,
                       CheckContext("en", "es", machine_text=machine))  # fmt: skip
    assert [(p.check_id, p.severity) for p in found if p.check_id.startswith("machine")] == [
        ("machine-unedited", "warning")
    ]
    edited = "La teoría de la revolución permanente de Trotsky, explicada."
    context = CheckContext("en", "es", machine_text=machine)
    later = run_checks("The permanent revolution.", edited, context)
    assert "machine-unedited" not in {p.check_id for p in later}
