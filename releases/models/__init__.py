"""The release models, split by concern into the modules of this package.

The imports below keep the order in which the models were declared when they
lived in a single module, and every name other code imports from
``releases.models``.
"""

# isort: off
# Kept in declaration order, not sorted: the app registry, and so the content
# types of a new database, list the models in the order they are imported.
from .fields import user_reference
from .reference import Contact, PartnerNation, Speaker, Topic
from .releases import PressRelease, PressReleaseQuerySet
from .links import Quote, ReleaseContact, ReleaseNation, ReleaseSpeaker
from .search import SearchEntry
from .publication import (
    PREVIEW_LINK_MAX_DAYS,
    ContentVersion,
    PreviewLink,
    PreviewLinkQuerySet,
    PublicationEvent,
)
from .review import PendingChange
from .media import Document, Image, ReleaseDocument, ReleaseImage
from .counts import CountedRelease, NationSpan, StoredCount, TimedCount

# isort: on

__all__ = [
    "PREVIEW_LINK_MAX_DAYS",
    "Contact",
    "ContentVersion",
    "CountedRelease",
    "Document",
    "Image",
    "NationSpan",
    "PartnerNation",
    "PendingChange",
    "PressRelease",
    "PressReleaseQuerySet",
    "PreviewLink",
    "PreviewLinkQuerySet",
    "PublicationEvent",
    "Quote",
    "ReleaseContact",
    "ReleaseDocument",
    "ReleaseImage",
    "ReleaseNation",
    "ReleaseSpeaker",
    "SearchEntry",
    "Speaker",
    "StoredCount",
    "TimedCount",
    "Topic",
    "user_reference",
]
