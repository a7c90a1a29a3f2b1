import secrets

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models.fields import BLANK_CHOICE_DASH
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from workbench.models import (
    AlignmentRun,
    ApiToken,
    CheckDismissal,
    Comment,
    Document,
    GlossaryConcept,
    GlossaryTerm,
    Language,
    Membership,
    MemoryEntry,
    Revision,
    Translation,
    Unit,
    Webhook,
    WebhookDelivery,
)
from workbench.models.invitations import Invitation
from workbench.models.webhooks import EVENTS
from workbench.selectors.glossary import content_languages
from workbench.services.api_tokens import revoke_tokens
from workbench.services.glossary_concepts import concept_terms, merge_terms, recheck_after_change


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "direction")
    search_fields = ("code", "name")


@admin.register(Document)
class DocumentAdmin(TabbedTranslationAdmin):
    list_display = ("title", "slug", "source_language", "created_at")
    search_fields = ("slug", "title")
    readonly_fields = (
        "origin_filename", "origin_format", "original_file", "created_by", "created_at",
        "updated_at",
    )  # fmt: skip


class ViewOnlyAdmin(admin.ModelAdmin):
    """For what only the services may write: units (a source update matches them, keeps
    their history and marks translations outdated) and translations (every change goes
    through the write pipeline, services/writes.py: version check, revision, checks, memory).
    The admin shows them; editing happens in the editor, the review screen and the imports."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Unit)
class UnitAdmin(ViewOnlyAdmin):
    list_display = ("document", "position", "key", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("key", "source")
    list_select_related = ("document",)
    raw_id_fields = ("document",)


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0
    can_delete = False
    readonly_fields = ("text", "status", "origin", "action", "author", "created_at", "comment")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Translation)
class TranslationAdmin(ViewOnlyAdmin):
    list_display = ("unit", "language", "status", "origin", "author", "updated_at")
    list_filter = ("language", "status", "origin")
    raw_id_fields = ("unit",)
    list_select_related = ("unit__document", "language", "author")
    inlines = [RevisionInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "language", "role", "state", "created_at")
    list_filter = ("language", "role", "state")
    list_editable = ("role", "state")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("unit", "language", "author", "created_at")
    raw_id_fields = ("unit", "parent")


class GlossaryTermForm(forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ("language_code", "text", "status")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The glossary's content languages (read now: adding one needs no migration).
        codes = content_languages()
        current = self.instance.language_code if self.instance.pk else ""
        if current and current not in codes:
            codes.append(current)
        self.fields["language_code"] = forms.ChoiceField(
            label=GlossaryTerm._meta.get_field("language_code").verbose_name,
            choices=[*BLANK_CHOICE_DASH, *((code, code) for code in codes)],
        )


class GlossaryTermInline(admin.TabularInline):
    """A concept's terms: per language one preferred term and any forbidden variants."""

    model = GlossaryTerm
    form = GlossaryTermForm
    extra = 1


@admin.register(GlossaryConcept)
class GlossaryConceptAdmin(admin.ModelAdmin):
    list_display = ("__str__", "case_sensitive", "updated_by", "updated_at")
    list_filter = ("case_sensitive",)
    search_fields = ("terms__text", "notes")
    readonly_fields = ("created_by", "created_at", "updated_by", "updated_at")
    inlines = [GlossaryTermInline]

    def get_queryset(self, request):
        # The list's __str__ reads each concept's terms: one query per page, not per row.
        return super().get_queryset(request).prefetch_related("terms")

    def save_model(self, request, obj, form, change):
        # Who curated it: the same bookkeeping as the glossary page's service.
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        # Kept on the request (the admin object is shared by every request) until the
        # terms are saved too, in save_related.
        request.glossary_terms_before = (
            concept_terms(GlossaryConcept.objects.get(pk=obj.pk)) if change else {}
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(request, "glossary_terms_before", {})
        # The terms as saved now, not as prefetched when the page was loaded.
        getattr(form.instance, "_prefetched_objects_cache", {}).pop("terms", None)
        # As on the glossary page: the stored check problems follow the glossary.
        transaction.on_commit(
            lambda: recheck_after_change(merge_terms(before, concept_terms(form.instance)))
        )

    def delete_model(self, request, obj):
        terms = concept_terms(obj)
        super().delete_model(request, obj)
        transaction.on_commit(lambda: recheck_after_change(terms))

    def delete_queryset(self, request, queryset):
        terms: dict[str, set[str]] = {}
        for concept in queryset:
            merge_terms(terms, concept_terms(concept))
        super().delete_queryset(request, queryset)
        transaction.on_commit(lambda: recheck_after_change(terms))


@admin.register(CheckDismissal)
class CheckDismissalAdmin(admin.ModelAdmin):
    list_display = ("unit", "language", "check_id", "dismissed_by", "dismissed_at")
    list_filter = ("check_id", "language")
    raw_id_fields = ("unit",)
    readonly_fields = ("text_checksum", "dismissed_by", "dismissed_at")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations made here work like those from the teams page: send the link shown."""

    list_display = ("__str__", "language", "role", "expires_at", "used_at", "used_by", "link")
    list_filter = ("language", "role")
    search_fields = ("email", "username_hint")
    readonly_fields = ("link", "created_by", "created_at", "used_at", "used_by")
    fields = ("email", "username_hint", "language", "role", "expires_at", *readonly_fields)

    @admin.display(description=_("link"))
    def link(self, obj: Invitation) -> str:
        return reverse("join", args=[obj.token]) if obj.pk else ""

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(AlignmentRun)
class AlignmentRunAdmin(admin.ModelAdmin):
    """Read-only: runs are corrected and accepted on the alignment screen, where every write
    is validated; the admin is for finding and deleting old ones."""

    list_display = ("document", "language", "filename", "state", "created_by", "created_at")
    list_filter = ("state", "language")
    search_fields = ("document__slug", "filename")
    list_select_related = ("document", "language", "created_by")
    fields = (
        "document",
        "language",
        "filename",
        "format",
        "state",
        "quality",
        "warnings",
        "result",
        "version",
        "created_by",
        "created_at",
        "accepted_by",
        "accepted_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(MemoryEntry)
class MemoryEntryAdmin(admin.ModelAdmin):
    """Read-only: entries are written by the translation services (their normalised text and
    fuzzy-index keys must stay in step); the admin is for finding and deleting bad ones."""

    list_display = ("source_norm", "source_language", "target_language", "status", "origin",
                    "origin_name", "updated_at")  # fmt: skip
    list_filter = ("source_language", "target_language", "status", "origin")
    list_select_related = ("source_language", "target_language")
    # The normalised columns: the same LIKE the concordance search runs (trigram-indexed on
    # PostgreSQL).
    search_fields = ("source_norm", "target_norm", "origin_name")
    show_full_result_count = False  # a count(*) over a million entries per page is waste
    fields = ("source_language", "target_language", "source", "target", "status", "origin",
              "origin_name", "translation", "created_at", "updated_at")  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False


# --- webhooks (services/webhooks.py) -------------------------------------------------------


class WebhookForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")

    class Meta:
        model = Webhook
        fields = ("url", "secret", "events", "is_active")
        help_texts = {
            "events": _(
                "Comma-separated: translation.approved, document.approved; empty: every event."
            ),
        }

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("A webhook URL starts with http:// or https://."))
        return url

    def clean_events(self):
        known = {name for name, _label in EVENTS}
        names = [n.strip() for n in self.cleaned_data["events"].split(",") if n.strip()]
        unknown = [n for n in names if n not in known]
        if unknown:
            raise forms.ValidationError(
                _("Unknown events: %(names)s.") % {"names": ", ".join(unknown)}
            )
        return ",".join(names)


class DeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    fields = ("created_at", "event", "state", "attempts", "last_status_code", "last_error",
              "next_attempt_at", "delivered_at")  # fmt: skip
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ("-created_at", "-id")
    show_change_link = True

    def get_queryset(self, request):
        # The newest deliveries only: the full log is under "Webhook deliveries".
        qs = super().get_queryset(request)
        return qs.filter(pk__in=list(qs.order_by("-id").values_list("pk", flat=True)[:20]))


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    """Site admins register the URLs that receive signed POSTs (the secret is generated;
    give it to the receiver so it can check X-Workbench-Signature)."""

    form = WebhookForm
    list_display = ("url", "events", "is_active", "created_at")
    inlines = [DeliveryInline]

    def get_changeform_initial_data(self, request):
        return {"secret": secrets.token_hex(32), **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ViewOnlyAdmin):
    """The delivery log: every event sent or to be sent, its attempts and the last answer."""

    list_display = ("created_at", "event", "webhook", "state", "attempts", "last_status_code",
                    "next_attempt_at")  # fmt: skip
    list_filter = ("state", "event", "webhook")
    readonly_fields = ("webhook", "event", "payload", "state", "attempts", "next_attempt_at",
                       "last_status_code", "last_error", "created_at", "delivered_at")  # fmt: skip


@admin.register(ApiToken)
class ApiTokenAdmin(ViewOnlyAdmin):
    """Everyone's API tokens (never the tokens themselves: only their first characters);
    a site admin revokes a leaked one here. People make and revoke their own on their API
    tokens page."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("digest",)
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = revoke_tokens(request.user, list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("%(n)d tokens revoked.") % {"n": count})
