from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from workbench.models import Comment, Document, Language, Membership, Revision, Segment, Translation


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "direction")
    search_fields = ("code", "name")


@admin.register(Document)
class DocumentAdmin(TabbedTranslationAdmin):
    list_display = ("title", "slug", "source_language", "created_at")
    search_fields = ("slug", "title")
    readonly_fields = ("origin_filename", "origin_format", "created_by", "created_at", "updated_at")


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
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


@admin.register(Translation)
class TranslationAdmin(admin.ModelAdmin):
    list_display = ("segment", "language", "status", "origin", "author", "updated_at")
    list_filter = ("language", "status", "origin")
    raw_id_fields = ("segment",)
    list_select_related = ("segment__document", "language", "author")
    inlines = [RevisionInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "language", "role", "state", "created_at")
    list_filter = ("language", "role", "state")
    list_editable = ("role", "state")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("segment", "language", "author", "created_at")
    raw_id_fields = ("segment", "parent")
