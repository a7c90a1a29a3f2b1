"""The guard against unedited machine translation (issue 15): a warning on a text that is
(almost) exactly what the engine gave. Approving it is refused unless the reviewer confirms
(services/writes.py), which is why this is a warning and not an error: a machine
translation can be right, but somebody must have said so."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.text.machine_share import UNEDITED, unmodified_share

from .registry import WARNING, CheckContext, Finding, gettext_noop, register


@register(
    "machine-unedited",
    name=gettext_noop("Unedited machine translation"),
    severity=WARNING,
    help=gettext_noop(
        "The translation is (almost) exactly the machine translation it started from. Read it "
        "against the source and correct it; a reviewer must confirm to approve it unchanged."
    ),
)
def machine_unedited(source: str, translation: str, context: CheckContext) -> Iterator[Finding]:
    if not context.machine_text or not translation:
        return
    share = unmodified_share(translation, context.machine_text)
    if share >= UNEDITED:
        yield Finding(
            gettext_noop("%(percent)s%% of this text is unmodified machine translation."),
            {"percent": str(round(share * 100))},
        )
