from django.apps import AppConfig


class StatusesConfig(AppConfig):
    name = "statuses"
    verbose_name = "Status"
    seed_fixtures = [("statuses.json", "statuses.StatusScale", ())]
    menu_items = [("Statusskalaer", "statuses:scale_list")]
    menu_position = 99  # reference material: last in the menu
