"""The error summary every form page opens with (GOV.UK's pattern): what is wrong, each a link to its field."""

from django import forms, template

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


@register.inclusion_tag("core/_filter_field.html")
def filter_field(field):
    """One field of a list's filter form, as crispy-bootstrap5 would draw it (label, Bootstrap classes,
    help text and errors tied to the input), written without crispy's templates: crispy costs about 6 ms
    a field, more than the rest of a cached list page (make bench, issue 18)."""
    widget = field.field.widget
    checkbox = isinstance(widget, forms.CheckboxInput)
    base = "form-check-input" if checkbox else "form-select" if isinstance(widget, forms.Select) else "form-control"
    classes = " ".join(filter(None, (widget.attrs.get("class"), base, "is-invalid" if field.errors else "")))
    attrs = {"class": classes}
    if field.errors:  # the message is read out with the field (Django links the help text by itself)
        described = [f"{field.auto_id}_error"] + ([f"{field.auto_id}_helptext"] if field.help_text else [])
        attrs["aria-describedby"] = " ".join(described)
    return {"field": field, "checkbox": checkbox, "widget": field.as_widget(attrs=attrs)}
