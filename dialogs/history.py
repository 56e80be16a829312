"""A dialogue's history: every change of phase (and, with reviews, every approval), who made it and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

HISTORY_SHOWN = 40  # the newest entries the chat's Historik and the draft's page show


class HistoryKind(StrEnum):
    PROPOSED = "proposed"  # the proposal was created
    PHASE_DONE = "phase_done"  # a phase recorded for the first time
    PHASE_CORRECTED = "phase_corrected"  # a phase recorded again: a correction
    CLOSED = "closed"  # the last phase recorded: the dialogue is closed
    REJECTED = "rejected"  # a phase that ends the dialogue (the nämnd rejected the proposal)
    EDITED = "edited"  # a planning step saved again after the proposal: the proposal is older than the draft
    REVIEW_SENT = "review_sent"  # the owner sent the proposal to their avdelningschef (note: to whom)
    REVIEW_APPROVED = "review_approved"  # the avdelningschef approved it (note: their comment, if any)
    REVIEW_RETURNED = "review_returned"  # the avdelningschef sent it back (note: their comment)
    ASSIGNED = "assigned"  # the owner gave a person the role of a phase (note: who)
    ANSWERED = "answered"  # the answer to an external initiative stopped at a gate was created


@dataclass(frozen=True)
class HistoryEntry:
    draft_id: str
    kind: HistoryKind
    at: datetime
    who_id: str
    who_name: str
    phase: str = ""  # the phase it is about ("" for the proposal)
    note: str = ""  # as typed: a reviewer's comment, or to whom the proposal was sent for review
    # the version the entry is about: a proposal's (Förslag n), or the draft's an answer to an initiative was written
    # from (every PROPOSED entry has one: migration 0011 numbered those from before); None for other entries
    number: int | None = None
