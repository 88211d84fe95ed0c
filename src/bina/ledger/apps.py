from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "bina.ledger"
    verbose_name = "Buku JP dan hak 20 JP"
    default_auto_field = "django.db.models.BigAutoField"
