from django.urls import path

from bina.plan import views

app_name = "plan"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("susun/", views.plan_new, name="new"),
    path("anggaran/", views.budget_check, name="budget"),
    path("proses/<int:pk>/", views.plan_job, name="job"),
    path("katalog/", views.programme_list, name="programmes"),
    path("katalog/unduh/", views.catalogue_download, name="catalogue_download"),
    path("katalog/<int:pk>/", views.programme_detail, name="programme"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/susun-ulang/", views.plan_rebuild_view, name="rebuild"),
    path("<int:pk>/setujui/", views.plan_approve_view, name="approve"),
    path("<int:pk>/banding/", views.plan_compare_view, name="compare"),
    path("<int:pk>/unduh/<str:fmt>/", views.plan_download, name="download"),
    path("<int:pk>/pegawai/<int:employee_id>/", views.plan_person, name="person"),
    path("<int:pk>/pegawai/<int:employee_id>/pdf/", views.plan_person_pdf, name="person_pdf"),
    path("<int:pk>/penugasan/<int:assignment_id>/kunci/", views.assignment_lock_view,
         name="lock"),
    path("<int:pk>/penugasan/<int:assignment_id>/hapus/", views.assignment_remove_view,
         name="remove"),
]
