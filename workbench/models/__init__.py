"""The data model, one module per concept; import from here (`from workbench.models import ...`)."""

from .documents import Document, Segment, SegmentSource
from .languages import Language
from .teams import Membership
from .translations import Comment, Revision, Translation

__all__ = [
    "Comment",
    "Document",
    "Language",
    "Membership",
    "Revision",
    "Segment",
    "SegmentSource",
    "Translation",
]
