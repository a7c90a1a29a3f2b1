"""What the API reads and writes, field by field: the OpenAPI schema is generated from these.
Output serializers are fed plain dicts or model rows built by the views from selectors;
input serializers check the shape of a request before a service checks its meaning."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import serializers

from workbench.formats.importers import FILE_FORMATS
from workbench.limits import max_upload_bytes
from workbench.selectors.units import STATUS_FILTERS
from workbench.text.records import STATUS_APPROVED, STATUS_DRAFT, STATUS_TRANSLATED

WRITE_STATUSES = (STATUS_DRAFT, STATUS_TRANSLATED, STATUS_APPROVED)
ALL_STATUSES = ("untranslated", "draft", "translated", "approved", "outdated")
DOCUMENT_FORMATS = tuple(f.name for f in FILE_FORMATS)
GLOSSARY_FORMATS = ("csv", "tbx")


class UploadField(serializers.FileField):
    """A file no larger than MAX_UPLOAD_MB, refused before anything reads it."""

    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        if upload.size > max_upload_bytes():
            raise serializers.ValidationError(
                _("The file is larger than the limit of %(mb)s MB.")
                % {"mb": settings.MAX_UPLOAD_MB}
            )
        return upload


# --- output -------------------------------------------------------------------------------


class LanguageSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    direction = serializers.ChoiceField(choices=["ltr", "rtl"])
    plural_forms = serializers.CharField()


class ProgressSerializer(serializers.Serializer):
    language = serializers.CharField(help_text="Target language code.")
    units_total = serializers.IntegerField()
    words_total = serializers.IntegerField()
    units = serializers.DictField(child=serializers.IntegerField(), help_text="Units by status.")
    words = serializers.DictField(child=serializers.IntegerField(), help_text="Words by status.")
    translated_percent = serializers.FloatField(help_text="Words translated or approved.")
    approved_percent = serializers.FloatField(help_text="Words approved.")


class DocumentSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    source_language = serializers.CharField()
    origin_filename = serializers.CharField(allow_blank=True)
    origin_format = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    progress = ProgressSerializer(many=True)


class TranslationSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(
        choices=ALL_STATUSES, help_text="Effective status (outdated: the source changed)."
    )
    version = serializers.IntegerField(help_text="Send it back with a write (optimistic check).")
    origin = serializers.CharField()
    author = serializers.CharField(allow_null=True)
    reviewer = serializers.CharField(allow_null=True)
    updated_at = serializers.DateTimeField()


class UnitSerializer(serializers.Serializer):
    key = serializers.CharField()
    position = serializers.IntegerField()
    kind = serializers.CharField()
    level = serializers.IntegerField()
    label = serializers.CharField(allow_blank=True)
    source = serializers.CharField(help_text="Source text with the small inline markup.")
    checksum = serializers.CharField(help_text="Send as source_checksum with a write.")
    word_count = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ALL_STATUSES)
    translation = TranslationSerializer(allow_null=True)


class RevisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField(allow_blank=True)
    status = serializers.CharField()
    action = serializers.CharField()
    origin = serializers.CharField()
    comment = serializers.CharField(allow_blank=True)
    author = serializers.CharField(allow_null=True)
    source_checksum = serializers.CharField()
    created_at = serializers.DateTimeField()


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    parent = serializers.IntegerField(allow_null=True)
    author = serializers.CharField(allow_null=True)
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


class JobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="e.g. document_import, po_import, tmx_import.")
    state = serializers.ChoiceField(choices=["queued", "running", "succeeded", "failed"])
    stage = serializers.CharField(allow_blank=True, help_text="What is being done now.")
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    seconds_left = serializers.IntegerField(allow_null=True, help_text="An estimate.")
    result = serializers.DictField(help_text="What the job did, once it succeeded.")
    error = serializers.CharField(allow_blank=True, help_text="Why it failed.")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField(help_text="This job in the API (poll it).")
    page = serializers.CharField(help_text="This job's page in the web interface.")


class ImportOutcomeSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="document, source, po, tmx or glossary.")
    state = serializers.ChoiceField(
        choices=["done", "queued"],
        help_text="done: imported within the request (see result); queued: a background "
        "job (202; poll job.url).",
    )
    result = serializers.DictField(
        required=False, help_text="What the import did (counts, messages), when done."
    )
    job = JobSerializer(required=False, help_text="The background job, when queued.")


class MemoryMatchSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="exact, fuzzy or quotation")
    score = serializers.IntegerField()
    source = serializers.CharField()
    target = serializers.CharField()
    status = serializers.CharField()
    fragment = serializers.CharField(allow_blank=True)
    document = serializers.CharField(allow_null=True)
    unit = serializers.CharField(allow_null=True)


class ConcordanceHitSerializer(serializers.Serializer):
    source = serializers.CharField()
    target = serializers.CharField()
    status = serializers.CharField()
    document = serializers.CharField(allow_null=True)


class ConcordancePageSerializer(serializers.Serializer):
    page = serializers.IntegerField()
    has_previous = serializers.BooleanField()
    has_next = serializers.BooleanField()
    results = ConcordanceHitSerializer(many=True)


class ConceptSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    terms = serializers.DictField(
        child=serializers.CharField(), help_text="Preferred term by content language."
    )
    forbidden = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Forbidden variants by content language.",
    )
    notes = serializers.CharField(allow_blank=True)
    case_sensitive = serializers.BooleanField()
    updated_at = serializers.DateTimeField()


# --- input --------------------------------------------------------------------------------


class UnitsQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=STATUS_FILTERS, required=False)
    changed_since = serializers.DateTimeField(required=False)


class TranslationWriteSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    status = serializers.ChoiceField(choices=WRITE_STATUSES, default=STATUS_TRANSLATED)
    version = serializers.IntegerField(
        min_value=0, help_text="The version you read (0: there was no translation)."
    )
    source_checksum = serializers.CharField(
        required=False, help_text="The unit's checksum you read: refused if the source changed."
    )


class ApproveSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)
    text = serializers.CharField(
        required=False, trim_whitespace=False, help_text="Edit and approve; absent: as it is."
    )
    source_checksum = serializers.CharField(required=False)


class RejectSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)
    reason = serializers.CharField(help_text="Why it is sent back (posted as a comment).")
    source_checksum = serializers.CharField(required=False)


class CommentWriteSerializer(serializers.Serializer):
    text = serializers.CharField()
    parent = serializers.IntegerField(required=False, min_value=1)


def background_field() -> serializers.BooleanField:
    return serializers.BooleanField(
        default=False,
        help_text=(
            "Run as a background job even when the file is small (larger files always are): "
            "the answer is 202 with the job to poll."
        ),
    )


class DocumentUploadSerializer(serializers.Serializer):
    file = UploadField()
    background = background_field()
    language = serializers.CharField(help_text="Source language code.")
    format = serializers.ChoiceField(
        choices=DOCUMENT_FORMATS, required=False, help_text="Default: by name."
    )
    slug = serializers.SlugField(max_length=100, required=False)
    title = serializers.CharField(max_length=300, required=False)


class SourceUploadSerializer(serializers.Serializer):
    file = UploadField()
    background = background_field()
    format = serializers.ChoiceField(choices=DOCUMENT_FORMATS, required=False)
    preview = serializers.BooleanField(default=False, help_text="Store nothing, say what would.")


class FileUploadSerializer(serializers.Serializer):
    file = UploadField()
    background = background_field()


class GlossaryUploadSerializer(serializers.Serializer):
    file = UploadField()
    background = background_field()
    format = serializers.ChoiceField(choices=GLOSSARY_FORMATS, required=False)


class ConceptWriteSerializer(serializers.Serializer):
    terms = serializers.DictField(child=serializers.CharField(allow_blank=True))
    forbidden = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False, default=dict
    )
    notes = serializers.CharField(allow_blank=True, required=False, default="")
    case_sensitive = serializers.BooleanField(required=False, default=False)


class MemoryLookupQuerySerializer(serializers.Serializer):
    source = serializers.CharField(help_text="Source language code.")
    target = serializers.CharField(help_text="Target language code.")
    text = serializers.CharField(max_length=5000)


class ConcordanceQuerySerializer(serializers.Serializer):
    source = serializers.CharField()
    target = serializers.CharField()
    q = serializers.CharField(max_length=300)
    side = serializers.ChoiceField(choices=["both", "source", "target"], default="both")
    page = serializers.IntegerField(min_value=1, default=1, max_value=1000)
