"""Writes for goals, indicators, measurements and the golden thread; reads that pages share."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.services import bump_version, delete, save, sync_rows, update_fields, update_versioned

from .links import kind_for_model
from .models import (
    ApproachElement,
    CoherenceModel,
    FocusArea,
    Goal,
    GoalGroup,
    GoalLink,
    GoalTarget,
    Indicator,
    IndicatorTarget,
    Measurement,
    Method,
    Theme,
    Value,
)

# Sammenhængsmodellen's own texts: the notat's title and each section's introduction, as written.
COHERENCE_MODEL_FIELDS = (
    "document_title",
    "intro",
    "values_intro",
    "methods_intro",
    "approach_intro",
    "goals_intro",
    "groups_intro",
    "partners_intro",
    "administrative_partners",
    "closing",
)
GOAL_FIELDS = ("theme", "text")
# The parts of the model: Rødder, Stammen, Forgreningen, the themes of Bladene and the goal groups.
VALUE_FIELDS = ("name", "statement", "therefore")
METHOD_FIELDS = ("name", "description")
APPROACH_FIELDS = ("name", "text")
THEME_FIELDS = ("name",)
GOAL_GROUP_FIELDS = ("name", "title", "challenge", "partner_committee")
INDICATOR_FIELDS = (
    "goal",
    "sub_goal",
    "name",
    "description",
    "unit",
    "direction",
    "baseline_value",
    "baseline_year",
    "baseline_area",
    "comparison_value",
    "comparison_area",
    "data_source",
)


@transaction.atomic
def coherence_model_update(*, model: CoherenceModel, expected_version: int, acting_user, **fields) -> CoherenceModel:
    """Edit Sammenhængsmodellen's texts (COHERENCE_MODEL_FIELDS); the page and the bilag print them."""
    unknown = set(fields) - set(COHERENCE_MODEL_FIELDS)
    if unknown:
        raise TypeError(f"Not a text of Sammenhængsmodellen: {', '.join(sorted(unknown))}")
    return update_versioned(
        CoherenceModel, pk=model.pk, expected_version=expected_version, data=fields, acting_user=acting_user
    )


def _check_percent(value, unit, label):
    if value is not None and (unit or "").strip() == "%" and not (0 <= value <= 100):
        raise ValidationError(f"{label} er en andel i procent og skal ligge mellem 0 og 100.")


# --- The parts of the model ------------------------------------------------------------------------
# Values, methods, approach elements, themes and goal groups: an edit is checked against the version the
# form was opened at (core.services.update_versioned). A new part goes last in its section.


def _the_model_locked() -> CoherenceModel:
    """The (one) model, locked until the caller's transaction ends: parts are added one at a time."""
    model = CoherenceModel.objects.select_for_update().order_by("pk").first()
    if model is None:
        raise ValidationError("Sammenhængsmodellen er ikke indlæst endnu. Kontakt en administrator.")
    return model


def _part_create(model_class, fields, data: dict, acting_user):
    """A new part last in its section. The same name twice in a section is refused: a double click makes
    one part (the model is locked while this one is added, so the second click finds the first)."""
    coherence_model = _the_model_locked()
    if model_class.objects.filter(coherence_model=coherence_model, name=data["name"]).exists():
        plural = model_class._meta.verbose_name_plural
        raise ValidationError(f"“{data['name']}” står allerede under {plural} i Sammenhængsmodellen.")
    last = model_class.objects.filter(coherence_model=coherence_model).order_by("-order").first()
    part = model_class(
        coherence_model=coherence_model, order=(last.order + 1) if last else 1, **{f: data[f] for f in fields}
    )
    return save(part, acting_user=acting_user)


@transaction.atomic
def value_create(*, data: dict, acting_user) -> Value:
    return _part_create(Value, VALUE_FIELDS, data, acting_user)


@transaction.atomic
def value_update(*, value: Value, data: dict, expected_version: int, acting_user) -> Value:
    return update_fields(
        value, fields=VALUE_FIELDS, data=data, expected_version=expected_version, acting_user=acting_user
    )


@transaction.atomic
def method_create(*, data: dict, acting_user) -> Method:
    return _part_create(Method, METHOD_FIELDS, data, acting_user)


@transaction.atomic
def method_update(*, method: Method, data: dict, expected_version: int, acting_user) -> Method:
    return update_fields(
        method, fields=METHOD_FIELDS, data=data, expected_version=expected_version, acting_user=acting_user
    )


@transaction.atomic
def approach_element_create(*, data: dict, acting_user) -> ApproachElement:
    return _part_create(ApproachElement, APPROACH_FIELDS, data, acting_user)


@transaction.atomic
def approach_element_update(
    *, element: ApproachElement, data: dict, expected_version: int, acting_user
) -> ApproachElement:
    return update_fields(
        element, fields=APPROACH_FIELDS, data=data, expected_version=expected_version, acting_user=acting_user
    )


@transaction.atomic
def theme_create(*, data: dict, acting_user) -> Theme:
    return _part_create(Theme, THEME_FIELDS, data, acting_user)


@transaction.atomic
def theme_update(*, theme: Theme, data: dict, expected_version: int, acting_user) -> Theme:
    return update_fields(
        theme, fields=THEME_FIELDS, data=data, expected_version=expected_version, acting_user=acting_user
    )


def _save_focus_areas(group: GoalGroup, focus_areas: list[str], acting_user) -> bool:
    """Make the group's focus areas exactly `focus_areas` (their texts), in order."""
    return sync_rows(
        dict(enumerate(group.focus_areas.all(), 1)),
        {order: {"order": order, "text": text} for order, text in enumerate(focus_areas, 1)},
        make=lambda order: FocusArea(group=group),
        acting_user=acting_user,
    )


@transaction.atomic
def goal_group_create(*, data: dict, goals, focus_areas: list[str], acting_user) -> GoalGroup:
    """A goal group last in the model, with its goals and its focus areas."""
    group = _part_create(GoalGroup, GOAL_GROUP_FIELDS, data, acting_user)
    group.goals.set(goals)
    _save_focus_areas(group, focus_areas, acting_user)
    return group


@transaction.atomic
def goal_group_update(
    *, group: GoalGroup, data: dict, goals, focus_areas: list[str], expected_version: int, acting_user
) -> GoalGroup:
    locked = update_versioned(
        GoalGroup,
        pk=group.pk,
        expected_version=expected_version,
        data={f: data[f] for f in GOAL_GROUP_FIELDS},
        m2m={"goals": goals},
        acting_user=acting_user,
    )
    if _save_focus_areas(locked, focus_areas, acting_user) and locked.version == expected_version:
        bump_version(locked)  # a form opened before cannot save over the new focus areas
    return locked


# --- Goals --------------------------------------------------------------------------------------


def _save_goal_targets(goal, targets, acting_user) -> bool:
    """Make the goal's targets exactly `targets` (dicts with wording, value, unit, year), in order."""
    return sync_rows(
        dict(enumerate(goal.targets.all(), 1)),
        {
            order: {
                "order": order,
                "wording": row["wording"],
                "value": row.get("value"),
                "unit": row.get("unit") or "",
                "year": row.get("year"),
            }
            for order, row in enumerate(targets, 1)
        },
        make=lambda order: GoalTarget(goal=goal),
        acting_user=acting_user,
    )


@transaction.atomic
def goal_create(*, number: int, data: dict, targets: list[dict], acting_user) -> Goal:
    """A new numbered goal under its theme, with its targets. A number in use is refused (unique)."""
    goal = save(Goal(number=number, **{f: data[f] for f in GOAL_FIELDS}), acting_user=acting_user)
    _save_goal_targets(goal, targets, acting_user)
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, data: dict, targets: list[dict], expected_version: int, acting_user) -> Goal:
    """Save a goal's text and theme and its targets, refusing if somebody saved it after the user opened it."""
    locked = update_versioned(
        Goal,
        pk=goal.pk,
        expected_version=expected_version,
        data={f: data[f] for f in GOAL_FIELDS},
        acting_user=acting_user,
    )
    if _save_goal_targets(locked, targets, acting_user) and locked.version == expected_version:
        bump_version(locked)
    return locked


# --- The golden thread --------------------------------------------------------------------------


def _linkable(item):
    if item is None or item.pk is None or kind_for_model(type(item)) is None:
        raise ValidationError("Det valgte kan ikke forbindes med et mål.")


@transaction.atomic
def goal_link(*, goal: Goal, item, acting_user) -> GoalLink:
    """Record that `item` (a project, programme, initiative, activity, …) works towards `goal`."""
    _linkable(item)
    link = GoalLink(
        goal=goal, content_type=ContentType.objects.get_for_model(item), object_id=item.pk, created_by=acting_user
    )
    try:
        return save(link, acting_user=acting_user)
    except ValidationError as error:  # the database's one-link rule: say which item and goal
        raise ValidationError(f"„{item}“ er allerede forbundet med {goal.label}.") from error


@transaction.atomic
def goal_unlink(*, goal: Goal, item, acting_user) -> None:
    """Remove the link between `item` and `goal`; the link's history keeps who removed it and when."""
    link = GoalLink.objects.for_item(item).filter(goal=goal).select_for_update().first()
    if link is None:
        raise ValidationError(f"„{item}“ er ikke forbundet med {goal.label}.")
    delete(link, acting_user=acting_user)


# --- Indicators and measurements ----------------------------------------------------------------


def _check_indicator(data):
    if bool(data.get("goal")) == bool(data.get("sub_goal")):
        raise ValidationError("En indikator måler enten et mål eller et delmål (ikke begge).")
    _check_percent(data.get("baseline_value"), data.get("unit"), "Baseline")
    _check_percent(data.get("comparison_value"), data.get("unit"), "Anden baseline")


def _save_indicator_targets(indicator, targets: dict, acting_user) -> bool:
    """Make the indicator's targets exactly `targets` ({year: value})."""
    for year, value in targets.items():
        _check_percent(value, indicator.unit, f"Målet for {year}")
    return sync_rows(
        {target.year: target for target in indicator.targets.all()},
        {year: {"value": value} for year, value in sorted(targets.items())},
        make=lambda year: IndicatorTarget(indicator=indicator, year=year),
        acting_user=acting_user,
    )


_TEXT_FIELDS = ("description", "unit", "direction", "baseline_area", "comparison_area", "data_source")


def _indicator_data(data: dict) -> dict:
    return {
        name: ("" if data.get(name) is None and name in _TEXT_FIELDS else data.get(name)) for name in INDICATOR_FIELDS
    }


@transaction.atomic
def indicator_create(*, data: dict, targets: dict, acting_user) -> Indicator:
    _check_indicator(data)
    indicator = save(Indicator(**_indicator_data(data)), acting_user=acting_user)
    _save_indicator_targets(indicator, targets, acting_user)
    return indicator


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, data: dict, targets: dict, expected_version: int, acting_user
) -> Indicator:
    _check_indicator(data)
    locked = update_versioned(
        Indicator,
        pk=indicator.pk,
        expected_version=expected_version,
        data=_indicator_data(data),
        acting_user=acting_user,
    )
    if _save_indicator_targets(locked, targets, acting_user) and locked.version == expected_version:
        bump_version(locked)
    return locked


@transaction.atomic
def measurement_add(
    *, indicator: Indicator, measured_on, value, source: str = "", comment: str = "", acting_user
) -> Measurement:
    """Record a measured value; who entered it and when are kept with it."""
    if measured_on > timezone.localdate():
        raise ValidationError("En måling kan ikke ligge i fremtiden.")
    _check_percent(value, indicator.unit, "Værdien")
    measurement = Measurement(
        indicator=indicator,
        measured_on=measured_on,
        value=value,
        source=(source or "").strip(),
        comment=(comment or "").strip(),
        entered_by=acting_user,
        entered_at=timezone.now(),
    )
    return save(measurement, acting_user=acting_user)
