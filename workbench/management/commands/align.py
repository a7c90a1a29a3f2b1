"""`manage.py align SLUG FILE --lang fr`: align a published translation to a stored document
and store it (docs/architecture.md: origin aligned, needs review).

By default the alignment is proposed AND accepted: the links are stored as an accepted
AlignmentRun and the paragraphs become translations with status "translated" (n-1 links: drafts,
see services/alignment.py). `--dry-run` stores only the proposed run, to correct on the
alignment screen. A file that looks wrong (not a translation of the document, the wrong
language) stops the command with nothing stored, unless `--force`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from workbench.formats.importers import ALIGNABLE_FORMATS
from workbench.management.commands._helpers import (
    add_background_argument,
    get_document,
    get_target_language,
    queue_job,
    read_file,
    terminal_progress,
)
from workbench.permissions import SYSTEM
from workbench.selectors.alignment import link_summary, notice_messages, warning_messages
from workbench.selectors.alignment_plan import run_links
from workbench.services import alignment as services
from workbench.services.alignment_accept import accept_alignment
from workbench.services.alignment_propose import propose_alignment
from workbench.services.documents import DocumentError
from workbench.text.markup import to_plain

WEAKEST_SHOWN = 5


def _short(markup: str, width: int = 60) -> str:
    text = " ".join(to_plain(markup).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _confidence(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise CommandError(
            f"--min-confidence must be a number between 0 and 1, not {value!r}."
        ) from None
    if not 0.0 <= number <= 1.0:
        raise CommandError(f"--min-confidence must be between 0 and 1, not {value}.")
    return number


class Command(BaseCommand):
    # Django's system checks (the URL configuration, every view imported) are `manage.py
    # check`'s and the server's business; a file in or out does not need them at each run.
    requires_system_checks: list[str] = []
    help = (
        "Align a published translation (txt, md, html, docx) to a stored document and save the "
        "aligned translations (status translated, origin aligned); --dry-run only proposes."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file")
        parser.add_argument("--lang", required=True, help="the translation's language, e.g. fr")
        parser.add_argument("--format", choices=ALIGNABLE_FORMATS, default=None)
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--accept",
            action="store_true",
            help="save the aligned translations (the default; kept for explicitness)",
        )
        mode.add_argument(
            "--dry-run",
            action="store_true",
            help="only propose: store the run for the alignment screen, write no translation",
        )
        parser.add_argument(
            "--min-confidence",
            default=None,
            help="save only links with at least this confidence (0..1)",
        )
        parser.add_argument(
            "--overwrite-approved",
            action="store_true",
            help="replace approved translations too (they are kept by default)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="go on even when the file looks like the wrong file or the wrong language",
        )
        parser.add_argument(
            "--user",
            default=None,
            help="the account recorded as author (default: none)",
        )
        add_background_argument(parser)

    def handle(self, *args, **opts):
        document = get_document(opts["slug"])
        language = get_target_language(document, opts["lang"])
        threshold = None
        if opts["min_confidence"] is not None:
            threshold = _confidence(opts["min_confidence"])
        data = read_file(opts["file"])
        user = self._user(opts["user"])
        # --user NAME acts as that volunteer, with their rights; without it the operator
        # writes as the system actor (no author).
        actor = user or SYSTEM
        filename = opts["file"].replace("\\", "/").rsplit("/", 1)[-1]
        if opts["background"]:
            # --dry-run: only the proposal, to correct on the alignment screen; else proposed
            # and accepted in one job, as below.
            queue_job(
                self, actor, "align_propose" if opts["dry_run"] else "align",
                document=document, language=language, upload=(data, filename),
                format=opts["format"] or "", only_confident=threshold,
                overwrite_approved=opts["overwrite_approved"], force=opts["force"],
            )  # fmt: skip
            return
        try:
            # One transaction: a warning or an error after proposing leaves nothing behind.
            with transaction.atomic():
                progress = terminal_progress(self)
                run = propose_alignment(
                    actor, document, language, data, filename, opts["format"], progress=progress
                )
                self._print_proposal(run)
                for notice in notice_messages(run):
                    self.stdout.write(notice)
                warnings = warning_messages(run)
                if warnings and not opts["force"]:
                    raise CommandError(
                        "The file looks wrong; nothing was stored (use --force to go on):\n  "
                        + "\n  ".join(warnings)
                    )
                if opts["dry_run"]:
                    path = reverse("alignment", args=[document.slug, language.code, run.pk])
                    self.stdout.write(
                        f"Dry run: no translation written. The proposed alignment is run {run.pk}; "
                        f"correct and accept it at {path}"
                    )
                    return
                result = accept_alignment(
                    actor,
                    run,
                    only_confident=threshold,
                    overwrite_approved=opts["overwrite_approved"],
                    # The command line asks nobody: as before, drafts and units waiting
                    # for review take the file's text (the contract in DESIGN.md).
                    overwrite_existing=True,
                    progress=progress,
                )
        except (DocumentError, services.AlignmentError) as exc:
            raise CommandError(str(exc)) from exc
        except PermissionDenied as exc:
            raise CommandError(
                f"{user.get_username()} may not translate into {language.code}: {exc}"
            ) from exc
        self.stdout.write(
            "Saved: {written} translations (needs review), {drafts} drafts from split paragraphs, "
            "{unchanged} unchanged; skipped: {skipped_approved} approved (kept), "
            "{skipped_weak} below the confidence threshold, {unsplit} units of unsplittable "
            "paragraphs; {untranslated} units not in the file, {notes} paragraphs of the file "
            "without a unit; {replaced_approved} approved replaced.".format(**result)
        )
        self.stdout.write(f"Alignment run {run.pk} accepted.")

    def _user(self, username: str | None):
        User = get_user_model()
        if username:
            try:
                return User.objects.get(username=username, is_active=True)
            except User.DoesNotExist:
                raise CommandError(f"No active user {username!r}.") from None
        # The operator of the command line is trusted; without --user the revisions simply
        # have no author (as with import_po).
        return None

    def _print_proposal(self, run) -> None:
        summary = link_summary(run)
        q = run.quality
        self.stdout.write(
            f"Aligned {run.filename} ({len(run.target_paragraphs)} paragraphs) to "
            f"{run.document.slug} ({len(run.source_units)} units): {summary['links']} links."
        )
        self.stdout.write(
            "Links by kind: " + ", ".join(f"{kind} x{count}" for kind, count in summary["kinds"])
        )
        bands = summary["bands"]
        self.stdout.write(
            f"Confidence: {bands['weak']} weak, {bands['ok']} ok, {bands['strong']} strong; "
            f"quality: anchors match {q['anchor_rate']:.0%}, lengths agree "
            f"{q['length_agreement']:.0%}, mean confidence {q['mean_evidence']:.2f}, "
            f"unmatched {q['null_rate']:.0%}."
        )
        links = run_links(run)
        weakest = sorted(range(len(links)), key=lambda k: (links[k].score, k))[:WEAKEST_SHOWN]
        self.stdout.write("Weakest links:")
        for k in weakest:
            link = links[k]
            if not link.source:
                source = "no unit"
            elif len(link.source) == 1:
                source = f"unit {link.source[0] + 1}"
            else:
                source = f"units {link.source[0] + 1}-{link.source[-1] + 1}"
            target = (
                f"paragraph {link.target[0] + 1}: {_short(run.target_paragraphs[link.target[0]])}"
                if link.target
                else "not in the file"
            )
            self.stdout.write(f"  #{k + 1} {link.kind} {link.score:.3f}  {source} | {target}")
