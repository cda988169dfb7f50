from django.views.generic import TemplateView
from django_tables2 import SingleTableMixin

from core.views import AdminOnlyMixin

from .filters import AuditFilterSet
from .tables import AuditTable


class AuditLogView(AdminOnlyMixin, SingleTableMixin, TemplateView):
    """Revisionsspor: who changed what and when, newest first, 50 to a page. Administrators only."""

    template_name = "audit/entry_list.html"
    table_class = AuditTable
    filterset_class = AuditFilterSet
    table_pagination = {"per_page": 50}

    def get_filterset(self):
        if not hasattr(self, "_filterset"):
            self._filterset = self.filterset_class(self.request.GET or None, request=self.request)
        return self._filterset

    def get_table_data(self):
        filterset = self.get_filterset()
        if filterset.is_bound and not filterset.is_valid():
            return []  # the form shows what to correct; an unfiltered list would mislead
        return filterset.qs

    def get_table_kwargs(self):
        return {"request": self.request}

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.get_filterset(), **kwargs)
