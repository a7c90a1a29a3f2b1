"""The signature of an exported PO file's export time.

A PO file comes back from a translator's computer; what it says about itself is theirs to
edit. The export time decides which online edits the import may overwrite (services/
po_import.py), so the export signs it: an HMAC with the site's SECRET_KEY over the document
slug, the language code and the export time exactly as written in the file. The import trusts
the time only with a valid signature; a forged or re-dated file gets the safe path."""

from __future__ import annotations

from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "workbench.po-export-time"


def sign(slug: str, language_code: str, exported_at: str) -> str:
    message = "\n".join((slug, language_code.lower(), exported_at))
    return salted_hmac(SALT, message, algorithm="sha256").hexdigest()


def is_valid(signature: str, slug: str, language_code: str, exported_at: str) -> bool:
    return bool(signature) and constant_time_compare(
        signature.strip(), sign(slug, language_code, exported_at)
    )
