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
