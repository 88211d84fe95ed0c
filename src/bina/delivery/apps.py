from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "bina.delivery"
    verbose_name = "Pelaksanaan pengembangan kompetensi"
    default_auto_field = "django.db.models.BigAutoField"
