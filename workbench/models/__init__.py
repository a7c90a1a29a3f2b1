"""The data model, one module per concept; import from here (`from workbench.models import ...`)."""

from .alignment import AlignmentRun
from .checks import CheckDismissal, TranslationProblem
from .documents import Document, Unit, UnitSource
from .glossary import GlossaryConcept, GlossaryTerm
from .invitations import Invitation
from .languages import Language
from .memory import MemoryEntry, MemoryKey
from .notifications import Notification
from .presence import Presence
from .profiles import Profile
from .suggestions import Suggestion, SuggestionVote
from .teams import Membership
from .translations import Comment, Revision, Translation

__all__ = [
    "AlignmentRun",
    "CheckDismissal",
    "Comment",
    "Document",
    "GlossaryConcept",
    "GlossaryTerm",
    "Invitation",
    "Language",
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
    "UnitSource",
    "Translation",
    "TranslationProblem",
]
