from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "Indsatser"
    # (fixture in fixtures/, "app.Model" empty until loaded, models whose history gets a first row)
    seed_fixtures = [("lys_i_oejnene.json", "initiatives.Plan", ("initiatives.Initiative",))]
    # (menu label, URL name) for the main menu
    menu_items = [("Lys i øjnene", "initiatives:status_report")]
