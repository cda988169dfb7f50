from dataclasses import dataclass, field


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class ConcurrentEditError(Exception):
    """Somebody saved the same item after the acting user opened it."""

    current_version: int
    changed_by: str = ""
    changed_at: object = None
    changes: list[FieldChange] = field(default_factory=list)

    def __str__(self):
        who = self.changed_by or "en anden bruger"
        return f"{who} har gemt ændringer, mens du redigerede. Dine ændringer er ikke gemt endnu."
