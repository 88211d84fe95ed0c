"""The public's voice, under ``/survei/``. The fixed words come before ``<unit_code>``."""

from django.urls import URLPattern, URLResolver, path

from bina.stakeholders import views

app_name = "public"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("pengaduan/", views.complaint_list, name="complaints"),
    path("pengaduan/<int:pk>/", views.complaint_detail, name="complaint"),
    path("pengaduan/<int:pk>/tutup/", views.complaint_close_view, name="complaint_close"),
    path("ikm/", views.ikm_table, name="ikm"),
    path("ikm/impor/", views.ikm_import, name="ikm_import"),
    path("ikm/populasi/", views.ikm_population, name="ikm_population"),
    path("ikm/unit/<str:unit_code>/", views.ikm_unit, name="ikm_unit"),
    path("lacak/", views.track_form, name="track_form"),
    path("lacak/<str:code>/", views.track, name="track"),
    path("hasil/<str:unit_code>/", views.results, name="results"),
    path("poster/<str:unit_code>/", views.poster, name="poster"),
    path("<str:unit_code>/", views.survey, name="survey"),
    path("<str:unit_code>/terima-kasih/", views.thanks, name="thanks"),
]
