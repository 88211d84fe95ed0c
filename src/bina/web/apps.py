from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "bina.web"
    default_auto_field = "django.db.models.BigAutoField"
