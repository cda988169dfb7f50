from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Revisionsspor: who changed what and when, for administrators only.

    No menu_items: the main menu is shown to everyone, so base.html links here only for
    administrators (next to "Administration"), and the view itself refuses everybody else.
    """

    name = "audit"
    verbose_name = "Revisionsspor"
