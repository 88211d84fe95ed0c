from django.urls import path

from bina.needs import views

app_name = "needs"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("tugas/", views.tasks, name="tasks"),
    path("<slug:code>/", views.round_detail, name="detail"),
    path("<slug:code>/kirim/", views.round_send, name="open"),
    path("<slug:code>/tutup/", views.round_finish, name="close"),
    path("<slug:code>/pengingat/", views.remind, name="remind"),
    path("<slug:code>/wawancara/baru/", views.interview_new, name="interview_new"),
    path("<slug:code>/hasil/", views.results, name="results"),
    path("<slug:code>/unduh/<str:fmt>/", views.report_download, name="report"),
    path("<slug:code>/profil-saya/", views.my_gap_profile, name="my_profile"),
    path("<slug:code>/impor/", views.responses_upload, name="upload"),
    path("<slug:code>/hasil/perbedaan/", views.disagreements, name="disagreements"),
    path("<slug:code>/diri/", views.self_assessment, name="self"),
    path("<slug:code>/atasan/<int:participant_id>/", views.supervisor_rating,
         name="supervisor"),
]
