from django.apps import AppConfig


class StakeholdersConfig(AppConfig):
    name = "bina.stakeholders"
    verbose_name = "Pemangku kepentingan dan suara publik"
    default_auto_field = "django.db.models.BigAutoField"
