"""URL patterns of one part of the evaluation app, merged into ``bina.evaluation.urls``."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
