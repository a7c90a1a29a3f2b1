"""Who may call an endpoint at all, before the service applies its own rule: reading needs
the right to read documents (workbench/permissions.py: everyone while DOCUMENTS_PUBLIC is
on); writing needs a signed-in user, whose rights the service then checks (a translator
saves, a reviewer approves, ...), exactly as for the web UI."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from workbench import permissions


class ReadDocumentsOrSignedIn(BasePermission):
    message = _("Only members of a language team may read the documents.")

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return permissions.can_read_documents(request.user)
        return bool(request.user and request.user.is_authenticated)


class ReadAnyoneWriteSignedIn(BasePermission):
    """The glossary: everyone reads it; curators change it (the service decides who)."""

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)
