"""The addresses of one kind of item, the same for every app (names `<name>_list|_add|_detail|_edit|_status`)."""

from django.urls import path


def object_urls(
    name: str,
    *,
    prefix: str = "",
    new: str = "nyt",
    list=None,
    add=None,
    detail=None,
    edit=None,
    status=None,
    status_name: str = "",
):
    """`prefix` + "" (list), "nyt/" or "ny/" (add: Danish says "nyt projekt", "ny indikator"),
    "<pk>/" (detail), "<pk>/rediger/" (edit) and "<pk>/status/" (status: named `status_name` where the
    status control reverses "<app>:<model>_status" under another name than `name`)."""
    routes = (
        ("", list, f"{name}_list"),
        (f"{new}/", add, f"{name}_add"),
        ("<int:pk>/", detail, f"{name}_detail"),
        ("<int:pk>/rediger/", edit, f"{name}_edit"),
        ("<int:pk>/status/", status, status_name or f"{name}_status"),
    )
    return [path(prefix + route, view.as_view(), name=url_name) for route, view, url_name in routes if view is not None]


def lifecycle_urls():
    """ "Vis arkiverede" and, for every archivable kind, /arkiv/<kind>/<pk>/arkiver|gendan|slet/
    (names `<app>_<model>_archive|_restore|_delete`), each a view class with its `model`, so the role
    walker (tests/test_roles.py) finds and checks them like any other page."""
    from django.utils.text import slugify

    from . import views
    from .selectors import archivable_entries

    patterns = [path("", views.ArchivedListView.as_view(), name="list")]
    slugs = set()
    for entry in archivable_entries():
        opts = entry.model._meta
        slug = slugify(str(opts.verbose_name_plural).replace("æ", "ae").replace("ø", "oe").replace("å", "aa"))
        if slug in slugs:
            slug = f"{opts.app_label}-{slug}"
        slugs.add(slug)
        for route, base, action in (
            ("arkiver", views.ArchiveView, "archive"),
            ("gendan", views.RestoreView, "restore"),
            ("slet", views.ItemDeleteView, "delete"),
        ):
            view = type(f"{entry.model.__name__}{base.__name__}", (base,), {"model": entry.model})
            patterns.append(
                path(f"{slug}/<int:pk>/{route}/", view.as_view(), name=f"{opts.app_label}_{opts.model_name}_{action}")
            )
    return patterns
