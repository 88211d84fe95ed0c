from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "bina.org"
    default_auto_field = "django.db.models.BigAutoField"
