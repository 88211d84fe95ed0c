from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "bina.needs"
    default_auto_field = "django.db.models.BigAutoField"
