"""The data model, one module per concept; import from here (`from workbench.models import ...`)."""

from .alignment import AlignmentRun
from .api_tokens import ApiToken
from .catalogs import DocumentCatalog, UnitCatalogEntry
from .checks import CheckDismissal, TranslationProblem
from .documents import Document, Unit, UnitSource
from .glossary import GlossaryConcept, GlossaryTerm
from .invitations import Invitation
from .jobs import Job
from .languages import Language
from .machine import MachineSuggestion
from .memory import (
    POSTGRES_FULLTEXT_SQL,
    SQLITE_FULLTEXT_TABLE,
    SQLITE_FULLTEXT_TRIGGERS,
    MemoryEntry,
    MemoryKey,
)
from .notifications import Notification
from .presence import Presence
from .profiles import Profile
from .suggestions import Suggestion, SuggestionVote
from .teams import Membership
from .translations import Comment, Revision, Translation
from .webhooks import Webhook, WebhookDelivery

__all__ = [
    "POSTGRES_FULLTEXT_SQL",
    "SQLITE_FULLTEXT_TABLE",
    "SQLITE_FULLTEXT_TRIGGERS",
    "AlignmentRun",
    "ApiToken",
    "CheckDismissal",
    "Comment",
    "Document",
    "DocumentCatalog",
    "GlossaryConcept",
    "GlossaryTerm",
    "Invitation",
    "Job",
    "Language",
    "MachineSuggestion",
    "Membership",
    "MemoryEntry",
    "MemoryKey",
    "Notification",
    "Presence",
    "Profile",
    "Revision",
    "Suggestion",
    "SuggestionVote",
    "Unit",
    "UnitCatalogEntry",
    "UnitSource",
    "Translation",
    "TranslationProblem",
    "Webhook",
    "WebhookDelivery",
]
