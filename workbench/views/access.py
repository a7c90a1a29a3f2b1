"""Who may open a page that shows documents, as views apply it (the rule itself is
permissions.can_read_documents), and the Content-Security-Policy of the standalone HTML
exports."""

from __future__ import annotations

from functools import wraps

from csp.decorators import csp_replace
from django.contrib.auth.views import redirect_to_login

from workbench import permissions


def document_readers(view):
    """Only for those who may read documents (everyone while DOCUMENTS_PUBLIC is on):
    anonymous visitors are sent to the login page, others refused (403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.can_read_documents(request.user):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            permissions.require_read_documents(request.user)
        return view(request, *args, **kwargs)

    return wrapped


# A downloaded (or ?download=0 inline) HTML export is a standalone page with its own inline
# stylesheet and no script: it may use inline styles and load nothing else.
export_policy = csp_replace(
    {
        "default-src": ["'none'"],
        "script-src": ["'none'"],
        "style-src": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'none'"],
    }
)
