"""Does an uploaded file look like a translation of the document into the chosen language?

`file_warnings` returns codes with parameters, stored on the alignment run; the words are
chosen when a page shows them, in the reader's language."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.text import markup
from workbench.text.align.links import Alignment
from workbench.text.language_guess import (
    EXPECTED_SCRIPTS,
    FUNCTION_SETS,
    dominant_script,
    guess_language,
)
from workbench.text.languages import primary_subtag

WARN_UNRELATED = "unrelated"
WARN_SAME_AS_SOURCE = "same_as_source"
WARN_SCRIPT = "script"
WARN_LANGUAGE = "language"
WARN_PARTIAL = "partial"
# Codes that inform rather than warn: the file is fine, the reviewer should know something
# about it (shown as a notice, and the align command goes on without --force).
NOTICES = frozenset({WARN_PARTIAL})


def _normal(text: str) -> str:
    return " ".join(markup.to_plain(text).casefold().split())


def _about(coverage: float) -> int:
    """A round share for people: 5% steps, never 0."""
    return max(1, 5 * round(20 * coverage)) if coverage >= 0.05 else max(1, round(100 * coverage))


def file_warnings(
    alignment: Alignment, source: Sequence[str], target: Sequence[str], target_code: str
) -> list[dict]:
    """What looks wrong with the file, as codes and parameters; the reader's language puts
    them into words (workbench.selectors.alignment.warning_messages)."""
    warnings: list[dict] = []
    sources = {_normal(s) for s in source}
    targets = [_normal(t) for t in target]
    identical = sum(1 for t in targets if t and t in sources)
    same_as_source = bool(targets) and identical / len(targets) > 0.5
    if same_as_source:
        warnings.append(
            {
                "code": WARN_SAME_AS_SOURCE,
                "params": {
                    "share": round(100 * identical / len(targets)),
                    "language": target_code,
                    "language_is_code": True,
                },
            }
        )
    q = alignment.quality
    if q.looks_unrelated and not same_as_source:
        warnings.append(
            {
                "code": WARN_UNRELATED,
                "params": {
                    "anchors": round(100 * q.anchor_rate),
                    "lengths": round(100 * q.length_agreement),
                },
            }
        )
    if q.is_partial and not q.looks_unrelated and not same_as_source:
        # an excerpt, an abridged edition, a translation in progress: not an error, but the
        # reviewer should know why most of the source is shown as untranslated
        warnings.append({"code": WARN_PARTIAL, "params": {"share": _about(q.coverage)}})
    plain = " ".join(markup.to_plain(t) for t in target)
    expected = EXPECTED_SCRIPTS.get(primary_subtag(target_code))
    script, share = dominant_script(plain)
    wrong_script = bool(expected and script and share > 0.6 and script not in expected)
    if wrong_script:
        warnings.append(
            {
                "code": WARN_SCRIPT,
                "params": {
                    "found": script,
                    "found_is_script": True,
                    "language": target_code,
                    "language_is_code": True,
                },
            }
        )
    wanted = primary_subtag(target_code)
    if not wrong_script and not same_as_source and wanted in FUNCTION_SETS:
        found, shares = guess_language(plain)
        # Clearly another language: its function words are common in the text, and at least
        # twice as common as the chosen language's (German and Dutch share some words).
        clearly = found and shares[found] >= 0.12 and shares[found] > 2 * shares[wanted]
        if clearly and found != wanted:
            warnings.append(
                {
                    "code": WARN_LANGUAGE,
                    "params": {
                        "found": found,
                        "found_is_code": True,
                        "language": target_code,
                        "language_is_code": True,
                    },
                }
            )
    return warnings
