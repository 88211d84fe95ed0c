"""The public certificate verification (no login): ``/verifikasi/`` and
``/verifikasi/<code>/``."""

from django.urls import URLPattern, URLResolver, path

from bina.delivery import views

app_name = "verify"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.verify_form, name="form"),
    path("<str:code>/", views.verify_certificate, name="certificate"),
]
