from .base import ANCESTOR_COLUMNS, PlacedModel, PlacedQuerySet
from .households import (
    TAG_FIELDS,
    Household,
    HouseholdQuerySet,
    Relation,
    Resident,
    Tag,
    Visit,
)
from .people import (
    BRANCH_KINDS,
    START_SCORE,
    Category,
    DualReport,
    Gender,
    PartyMember,
    PioneerPledge,
    PioneerPost,
    ScoreEntry,
)
from .records import ExportRecord, ImportJob, ImportStatus, RevealLog
from .transfers import PersonTransfer, TransferKind, TransferStatus

__all__ = [
    "ANCESTOR_COLUMNS",
    "BRANCH_KINDS",
    "START_SCORE",
    "TAG_FIELDS",
    "Category",
    "DualReport",
    "ExportRecord",
    "Gender",
    "Household",
    "HouseholdQuerySet",
    "ImportJob",
    "ImportStatus",
    "PartyMember",
    "PersonTransfer",
    "PioneerPledge",
    "PioneerPost",
    "PlacedModel",
    "PlacedQuerySet",
    "Relation",
    "Resident",
    "RevealLog",
    "ScoreEntry",
    "Tag",
    "TransferKind",
    "TransferStatus",
    "Visit",
]
