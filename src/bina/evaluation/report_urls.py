"""URL patterns of one part of the evaluation app, merged into ``bina.evaluation.urls``:
the evaluation reports, "did it work?", follow-up actions and the carry-over."""

from django.urls import URLPattern, URLResolver, path

from bina.evaluation import report_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("laporan/", views.report_index, name="report_index"),
    path("laporan/tahun/<int:year>/", views.report_year, name="report_year"),
    path("laporan/tahun/<int:year>/unduh/<str:fmt>/", views.report_year_download,
         name="report_year_download"),
    path("laporan/tahun/<int:year>/bawa/", views.carry_over_run, name="carry_over"),
    path("laporan/program/<str:code>/<int:year>/", views.report_programme,
         name="report_programme"),
    path("laporan/program/<str:code>/<int:year>/unduh/<str:fmt>/",
         views.report_programme_download, name="report_programme_download"),
    path("dampak/", views.impact_page, name="impact"),
    path("tindak-lanjut/", views.action_list, name="action_list"),
    path("tindak-lanjut/baru/", views.action_create, name="action_create"),
    path("tindak-lanjut/<int:pk>/tutup/", views.action_close, name="action_close"),
]
