from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "bina.partners"
    verbose_name = "Mitra, perjanjian kerja sama dan tugas belajar"
    default_auto_field = "django.db.models.BigAutoField"
