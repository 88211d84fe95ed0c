from django.urls import path

from bina.org import views

app_name = "org"
urlpatterns = [
    path("unit/", views.unit_list, name="units"),
    path("unit/<int:pk>/", views.unit_detail, name="unit"),
    path("jabatan/", views.position_list, name="positions"),
    path("jabatan/<int:pk>/", views.position_detail, name="position"),
    path("kompetensi/", views.competency_list, name="competencies"),
    path("mitra/", views.organisation_list, name="organisations"),
]
