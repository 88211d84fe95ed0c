from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "bina.plan"
    verbose_name = "Rencana pengembangan kompetensi"
    default_auto_field = "django.db.models.BigAutoField"
