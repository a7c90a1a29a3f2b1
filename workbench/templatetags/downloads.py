"""Download links of a document's translation: the file at once, or, for a signed-in reader
of a large document, the page that prepares it in the background (views/exports.py).

    <a {% download_attrs "po" language %}>…</a>   href="…/export.po" download
                                                    href="/d/book/export-job?kind=po&lang=de"
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from workbench.selectors.document_export import own_format
from workbench.selectors.export_files import made_in_background

register = template.Library()

# export kind -> (URL name, query); the URL takes the document's slug and the language.
_DIRECT: dict[str, tuple[str, str]] = {
    "po": ("export_po", ""),
    "xliff": ("export_xliff", ""),
    "xliff2": ("export_xliff", "version=2.0"),
    "tmx": ("export_tmx", ""),
    "html": ("export_monolingual", ""),
    "epub": ("export_epub", ""),
    "bilingual-epub": ("export_epub", "bilingual=1"),
}


def _direct_url(document, language, kind: str) -> str:
    if kind == "bilingual-html":
        return (
            reverse("export_bilingual", args=[document.slug])
            + "?"
            + urlencode({"lang": language.code})
        )
    if kind == "document":
        return reverse("export_document", args=[document.slug, language.code, own_format(document)])
    name, query = _DIRECT[kind]
    url = reverse(name, args=[document.slug, language.code])
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def downloads_in_background(context) -> bool:
    """Once per page: whether its document's downloads are made by background jobs (the
    page may give `active_units`, its document's count, to spare the query)."""
    cache = context.render_context
    if "downloads_in_background" not in cache:
        request = context.get("request")
        user = getattr(request, "user", None)
        cache["downloads_in_background"] = bool(
            user is not None
            and user.is_authenticated
            and made_in_background(context["document"], context.get("active_units"))
        )
    return cache["downloads_in_background"]


@register.simple_tag(takes_context=True)
def download_attrs(context, kind: str, language, final: bool = False) -> SafeString:
    document = context["document"]
    if downloads_in_background(context):
        query = {"kind": kind, "lang": language.code}
        if final:
            query["final"] = "1"
        url = reverse("export_job", args=[document.slug]) + "?" + urlencode(query)
        return format_html('href="{}"', url)
    url = _direct_url(document, language, kind)
    if final:
        return format_html('href="{}?final=1"', url)
    return format_html('href="{}" download', url)
