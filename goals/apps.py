from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = "Mål"
    # (fixture in fixtures/, "app.Model" empty until loaded, models whose history gets a first row)
    seed_fixtures = [
        # The notat is dated only by its year: its history starts on the year's first day.
        ("sammenhaengsmodellen.json", "goals.Goal", ("goals.Goal", "goals.GoalTarget"), "2019-01-01"),
    ]
    # (menu label, URL name) for the main menu; the longest matching entry is the current one.
    menu_items = [("Sammenhængsmodellen", "goals:model"), ("Indikatorer", "goals:indicator_list")]

    def ready(self):
        from core.registry import register

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

        register(Goal, followed=True)
        for model in (CoherenceModel, Value, Method, ApproachElement, Theme, GoalGroup, FocusArea):
            register(model)
        register(GoalTarget, parent="goal", summary=("wording",))
        register(GoalLink, parent="goal")
        register(Indicator, followed=True, list_url="goals:indicator_list", trackable=True)
        register(IndicatorTarget, parent="indicator", summary=("value",))
        register(Measurement, parent="indicator", summary=("value",))

        # Parts of other apps' pages that only this app can fill (core.registry.Panel).
        from core.registry import register_panel

        from .links import panel_context
        from .selectors import sub_goals_with_indicators

        register_panel(
            model=lambda entry: bool(entry.linkable),
            slot="goal_links",
            template="goals/_goal_links_panel.html",
            context=lambda request, item, page: panel_context(request, item, can_edit=page.get("can_edit", False)),
        )
        register_panel(
            model="agreements.agreement",
            slot="sub_goals",
            template="goals/panels/agreement_sub_goals.html",
            context=lambda request, agreement, page: {"sub_goals": sub_goals_with_indicators(agreement)},
        )

        from core.registry import register_bilag_kind

        from .bilag import CoherenceModelForm, build_coherence_model

        register_bilag_kind(
            key="coherence_model",
            label="Sammenhængsmodellen",
            form_class=CoherenceModelForm,
            build=build_coherence_model,
            template="goals/bilag/coherence_model.html",
        )
