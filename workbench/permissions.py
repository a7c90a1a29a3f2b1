"""Who may do what, in one place. Every write service calls these; views only ask them to
decide what to show.

- site admins (superusers, or staff with the workbench permissions) may do everything;
- who reads documents (their translations, history, comments, contributors, exports and the
  memory made from them) is a site setting: everyone when `DOCUMENTS_PUBLIC` is on (the
  default), else signed-in members of a language team, staff and site admins;
- a reviewer of a language may translate, approve, reject and edit in that language;
- a translator of a language may save translations (never approve) in that language, but not
  change one a reviewer approved (while its source is current);
- who is working on a document (presence) is shown only to members of that language's team;
- glossary editors (the "Glossary editors" group, managed in the admin), staff given the
  glossary permission and site admins curate the glossary: add, edit, delete and import
  concepts; everyone reads it;
- anonymous users write nothing;
- the `SYSTEM` actor (management commands and background work started by an operator with
  shell access) may do everything and is recorded as nobody.

Services take an *actor*: a user, or `SYSTEM`. There is no "user=None means trusted" and no
`check_permission` flag: a command that acts for a named user passes that user and is held to
that user's rights; one that acts as the operator passes `SYSTEM`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from workbench.models import Language, Membership


class SystemActor:
    """The operator of the command line: trusted with every permission, and the author of
    nothing (revisions, runs and imports it makes name no person). Quacks like an active
    superuser for the rules below; it is never stored."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = True
    pk = None

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return True

    def __repr__(self) -> str:
        return "<SYSTEM>"


SYSTEM = SystemActor()


def is_system(actor) -> bool:
    return actor is SYSTEM


def author_of(actor):
    """The user to record as the author of what `actor` does: None for the system actor,
    for anonymous visitors and for no one. The one "signed-in user or None" of the code."""
    if actor is None or actor is SYSTEM or not actor.is_authenticated:
        return None
    return actor


def is_site_admin(user) -> bool:
    if user is SYSTEM:
        return True
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _roles(user) -> dict[int, str]:
    """The user's active roles by language id ({} for SYSTEM and anonymous visitors)."""
    if user is SYSTEM or not _signed_in(user):
        return {}
    # Cached per request on the user object: the editor asks once per page, not per row.
    cache = user.__dict__.setdefault("_workbench_roles", None)
    if cache is None:
        cache = dict(
            Membership.objects.filter(user=user, state=Membership.STATE_ACTIVE).values_list(
                "language_id", "role"
            )
        )
        user.__dict__["_workbench_roles"] = cache
    return cache


def _role(user, language: Language) -> str | None:
    return _roles(user).get(language.pk)


def forget_roles(user) -> None:
    user.__dict__.pop("_workbench_roles", None)


def documents_public() -> bool:
    return bool(settings.DOCUMENTS_PUBLIC)


def can_read_documents(user) -> bool:
    """Read documents, their translations, history, comments, contributors and exports (and
    the translation memory made from them): everyone while `DOCUMENTS_PUBLIC` is on; else
    site admins, staff and signed-in members of any language team."""
    if documents_public() or is_site_admin(user):
        return True
    if not _signed_in(user):
        return False
    return bool(user.is_staff or _roles(user))


def can_translate(user, language: Language) -> bool:
    return is_site_admin(user) or _role(user, language) is not None


def can_see_presence(user, language: Language) -> bool:
    """Who is working on a document in `language`: its team's members (and site admins)."""
    return can_translate(user, language)


def can_change_approved(user, language: Language) -> bool:
    """Change the text or status of an approved translation (whose source is current): the
    language's reviewers and site admins, not its translators."""
    return can_review(user, language)


def can_review(user, language: Language) -> bool:
    return is_site_admin(user) or _role(user, language) == Membership.ROLE_REVIEWER


def can_import_memory(user) -> bool:
    """Upload TMX into the translation memory: site admins and reviewers of any language
    (the import itself takes only the pairs of languages the user reviews)."""
    return is_site_admin(user) or Membership.ROLE_REVIEWER in _roles(user).values()


def can_manage_team(user, language: Language) -> bool:
    """Accept or decline requests to join the language's team: its reviewers and site admins.
    Changing roles and inviting people stay with site admins."""
    return can_review(user, language)


def can_invite(user, language: Language, role: str) -> bool:
    """Invite people to a team: site admins in any role; the team's reviewers as translators
    (making reviewers stays with site admins, as changing roles does)."""
    if is_site_admin(user):
        return True
    return role == "translator" and can_review(user, language)


def can_manage_documents(user) -> bool:
    return is_site_admin(user) or bool(
        user and user.is_authenticated and user.has_perm("workbench.add_document")
    )


GLOSSARY_EDITORS = "Glossary editors"  # the group (migration 0007 creates it)


def can_curate_glossary(user) -> bool:
    """Site admins (and `SYSTEM`), members of the "Glossary editors" group and staff given
    the model permission. Reviewing a language is not enough: the glossary is the whole
    site's."""
    if is_site_admin(user):
        return True
    if not _signed_in(user):
        return False
    if user.has_perm("workbench.change_glossaryconcept"):
        return True
    return user.groups.filter(name=GLOSSARY_EDITORS).exists()


def can_see_job(user, job) -> bool:
    """A background job (its progress, result, error): whoever started it, site admins, and,
    for a job on a document in a language, that language's team, who may read the document
    and work on it (an alignment in progress is not something to show the public)."""
    if is_site_admin(user):
        return True
    if not _signed_in(user):
        return False
    if job.owner_id is not None and job.owner_id == user.pk:
        return True
    if job.document_id is None or job.language_id is None:
        return False
    return can_read_documents(user) and job.language_id in _roles(user)


def require_translate(user, language: Language) -> None:
    if not can_translate(user, language):
        raise PermissionDenied(
            _("You are not a member of the %(language)s team.")
            % {"language": language.display_name}
        )


def require_review(user, language: Language) -> None:
    if not can_review(user, language):
        raise PermissionDenied(
            _("Only reviewers of the %(language)s team may do this.")
            % {"language": language.display_name}
        )


def require_manage_team(user, language: Language) -> None:
    if not can_manage_team(user, language):
        raise PermissionDenied(
            _("Only reviewers of the %(language)s team and site admins may do this.")
            % {"language": language.display_name}
        )


def require_write(actor, language: Language, *, review: bool, approve: bool) -> None:
    """The rule for every change of a translation (services/writes.py): a reviewer's act
    (approve, send back, confirm) or a write that approves needs the review permission,
    any other write the translate permission."""
    if not review:
        require_translate(actor, language)
    if review or approve:
        require_review(actor, language)


def require_curate_glossary(actor) -> None:
    if not can_curate_glossary(actor):
        raise PermissionDenied(_("Only glossary editors and site admins may change the glossary."))


def require_import_memory(actor) -> None:
    if not can_import_memory(actor):
        raise PermissionDenied(_("Only reviewers and site admins may import into the memory."))


def require_see_presence(user, language: Language) -> None:
    if not can_see_presence(user, language):
        raise PermissionDenied(
            _("Only members of the %(language)s team see who is working here.")
            % {"language": language.display_name}
        )


def require_read_documents(user) -> None:
    if not can_read_documents(user):
        raise PermissionDenied(_("Only members of a language team may read the documents."))


def require_change_approved(actor, language: Language) -> None:
    if not can_change_approved(actor, language):
        raise PermissionDenied(
            _(
                "This translation was approved: only reviewers of the %(language)s team may "
                "change it. Leave a comment to suggest a change."
            )
            % {"language": language.display_name}
        )


def require_site_admin(user) -> None:
    if not is_site_admin(user):
        raise PermissionDenied(_("Only site admins may do this."))


def require_manage_documents(user) -> None:
    if not can_manage_documents(user):
        raise PermissionDenied(_("Only site admins may manage documents."))
