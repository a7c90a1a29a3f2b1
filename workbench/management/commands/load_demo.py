"""Demo data for `make run`: languages, the sample chapter and three demo accounts.

Idempotent: running it again changes nothing that exists (it never resets passwords or
overwrites translations)."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from workbench.models import AlignmentRun, Document, Language, Membership
from workbench.permissions import GLOSSARY_EDITORS, SYSTEM
from workbench.selectors.alignment import demo_translation
from workbench.services.alignment_propose import propose_alignment
from workbench.services.documents import import_document
from workbench.text.languages import KNOWN

DEMO_LANGUAGES = ["en", "de", "fr", "es", "ar", "ru", "ja"]
DEMO_SLUG = "foundations-socialism-in-one-country"
DEMO_FILE = "foundations-socialism-in-one-country.md"
# (username, password, superuser, role in every target language)
DEMO_USERS = [
    ("admin", "admin-demo", True, None),
    ("reviewer", "reviewer-demo", False, Membership.ROLE_REVIEWER),
    ("translator", "translator-demo", False, Membership.ROLE_TRANSLATOR),
]


class Command(BaseCommand):
    help = "Load the demo languages, users and sample document (safe to run twice)."

    def handle(self, *args, **opts):
        with transaction.atomic():
            languages = {}
            for code in DEMO_LANGUAGES:
                info = KNOWN[code]
                languages[code], _ = Language.objects.get_or_create(
                    code=code,
                    defaults={
                        "name": info.name,
                        "direction": info.direction,
                        "plural_forms": info.plural_forms,
                    },
                )
            User = get_user_model()
            for username, password, superuser, role in DEMO_USERS:
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={"is_superuser": superuser, "is_staff": superuser},
                )
                if created:
                    user.set_password(password)
                    user.save()
                if username == "reviewer":
                    # The demo reviewer also curates the glossary (a role of its own).
                    editors, _ = Group.objects.get_or_create(name=GLOSSARY_EDITORS)
                    user.groups.add(editors)
                if role:
                    for code, language in languages.items():
                        if code == "en":
                            continue
                        Membership.objects.get_or_create(
                            user=user,
                            language=language,
                            defaults={"role": role, "state": Membership.STATE_ACTIVE},
                        )
            if not Document.objects.filter(slug=DEMO_SLUG).exists():
                path = Path(settings.BASE_DIR) / "fixtures" / DEMO_FILE
                result = import_document(
                    SYSTEM,
                    path.read_bytes(),
                    filename=path.name,
                    language_code="en",
                    slug=DEMO_SLUG,
                )
                self.stdout.write(f"Imported the sample chapter ({result.units} units).")
            self._demo_alignment(languages["de"])
        self.stdout.write(
            "Demo ready: log in as translator / translator-demo, reviewer / reviewer-demo "
            "or admin / admin-demo."
        )

    def _demo_alignment(self, german) -> None:
        """The aligner's demo: the German translation in fixtures/ (laid out like a published
        one: a merged paragraph, a split one, a translator's note) proposed, NOT accepted, so
        the editor stays untranslated for the main demo. Once per database: a run that
        exists in any state (accepted, discarded) is left alone."""

        document = Document.objects.get(slug=DEMO_SLUG)
        if AlignmentRun.objects.filter(document=document, language=german).exists():
            return
        path = demo_translation(document, german)
        if path is None:
            return
        admin = get_user_model().objects.filter(username="admin").first()
        run = propose_alignment(admin, document, german, path.read_bytes(), path.name)
        self.stdout.write(
            f"Proposed the German demo alignment: /d/{DEMO_SLUG}/de/align/{run.pk}/ "
            "(the document page links to it)."
        )
