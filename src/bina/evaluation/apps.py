from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "bina.evaluation"
    verbose_name = "Evaluasi dan tindak lanjut"
    default_auto_field = "django.db.models.BigAutoField"
