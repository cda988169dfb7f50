from django.views.generic import TemplateView

from core.timetravel import as_of

from .documents import KIND_LABELS
from .query import MAX_CHARACTERS
from .selectors import search


class SearchView(TemplateView):
    """Søg: one field in every page's header; the hits grouped by kind (ADR 0023).

    Looking at an earlier day, the search reads today's texts, of the items that existed that day; the
    page says so, and a hit opens the item as it was that day."""

    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        text = self.request.GET.get("q", "")
        kind = self.request.GET.get("slags") or None
        include_archived = self.request.GET.get("arkiverede") == "1"
        results = (
            search(
                text,
                user=self.request.user,
                kind=kind,
                include_archived=include_archived,
                moment=as_of(self.request),
            )
            if text.strip()
            else None
        )
        return super().get_context_data(
            text=text[:MAX_CHARACTERS],
            kind=kind if kind in KIND_LABELS else None,
            kind_label=KIND_LABELS.get(kind or ""),
            include_archived=include_archived,
            results=results,
            max_characters=MAX_CHARACTERS,
            **kwargs,
        )
