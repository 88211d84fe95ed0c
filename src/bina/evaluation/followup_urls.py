"""URL patterns of one part of the evaluation app, merged into ``bina.evaluation.urls``:
the behaviour follow-up (level 3)."""

from django.urls import URLPattern, URLResolver, path

from bina.evaluation import followup_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("pascapelatihan/", views.followup_mine, name="followup_mine"),
    path("pascapelatihan/rekap/", views.followup_overview, name="followup_overview"),
    path("pascapelatihan/buka/", views.followup_open_due, name="followup_open"),
    path("pascapelatihan/<int:pk>/", views.followup_fill, name="followup_fill"),
]
