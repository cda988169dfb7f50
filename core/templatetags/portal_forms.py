"""The error summary every form page opens with (GOV.UK's pattern): what is wrong, each a link to its field."""

from django import template

register = template.Library()


def _field_errors(form):
    for name, errors in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        field = form[name]
        if field.is_hidden:  # a lost version: the form says so at its top, as a whole-form error
            continue
        for error in errors:
            yield {"id": field.id_for_label or field.auto_id, "label": field.label, "message": error}


def form_errors(form, formsets=()) -> list[dict]:
    """The field errors of a form and its formsets, in the order the page shows the fields."""
    found = list(_field_errors(form)) if form is not None else []
    for formset in formsets or ():
        for row in formset.forms:
            found += _field_errors(row)
    return found


@register.inclusion_tag("core/_error_summary.html")
def error_summary(form, formsets=None):
    shown = [formset for _spec, formset in formsets] if formsets else ()
    return {"errors": form_errors(form, shown)}


@register.filter
def has_errors(form) -> bool:
    return bool(form is not None and form.is_bound and form.errors)
