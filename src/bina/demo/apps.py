from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "bina.demo"
    default_auto_field = "django.db.models.BigAutoField"
