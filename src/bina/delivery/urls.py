from django.urls import URLPattern, URLResolver, path

from bina.delivery import views

app_name = "delivery"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.activity_list, name="list"),
    path("jadwalkan/", views.schedule_from_plan, name="schedule"),
    path("kalender/", views.calendar_view, name="calendar"),
    path("presensi/", views.check_in, name="checkin"),
    path("saya/", views.my_activities, name="my"),
    path("bawahan/", views.team_view, name="team"),
    path("sertifikat/<int:pk>/pdf/", views.certificate_pdf_view, name="certificate_pdf"),
    path("sertifikat/<int:pk>/cabut/", views.certificate_revoke_view, name="certificate_revoke"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/presensi/", views.attendance_mark, name="attendance_mark"),
    path("<int:pk>/presensi/templat/", views.attendance_template, name="attendance_template"),
    path("<int:pk>/presensi/unggah/", views.attendance_upload, name="attendance_upload"),
    path("<int:pk>/selesaikan/", views.complete, name="complete"),
    path("<int:pk>/biaya/", views.realised_cost, name="cost"),
    path("<int:pk>/peserta/tambah/", views.enrollment_add_view, name="enroll"),
    path("<int:pk>/peserta/<int:enrollment_id>/batal/", views.enrollment_withdraw_view,
         name="withdraw"),
    path("<int:pk>/peserta/<int:enrollment_id>/ganti/", views.enrollment_substitute_view,
         name="substitute"),
]
