"""URL patterns of one part of the evaluation app, merged into ``bina.evaluation.urls``:
IP ASN and the talent nine-box."""

from django.urls import URLPattern, URLResolver, path

from bina.evaluation import talent_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("ipasn/", views.ipasn_overview, name="ipasn"),
    path("ipasn/saya/", views.ipasn_me, name="ipasn_me"),
    path("ipasn/unit/<str:code>/", views.ipasn_unit, name="ipasn_unit"),
    path("talenta/", views.talent_grid, name="talent"),
    path("talenta/potensi/", views.potential_entry, name="talent_potential"),
    path("talenta/potensi/impor/", views.potential_import, name="talent_import"),
    path("talenta/potensi/templat.xlsx", views.potential_template, name="talent_template"),
]
