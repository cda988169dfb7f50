"""Reads of the audit trail, by concern: the kinds of item it covers (`kinds`), the filtered union of
every history table, status change and event (`log`), and the lines one page shows (`entries`)."""

from .entries import AuditEntry, build_entries, display, user_label
from .kinds import Kind, kind_choices, kinds
from .log import ORDER, AuditFilters, AuditLog, audit_log

__all__ = [
    "ORDER",
    "AuditEntry",
    "AuditFilters",
    "AuditLog",
    "Kind",
    "audit_log",
    "build_entries",
    "display",
    "kind_choices",
    "kinds",
    "user_label",
]
