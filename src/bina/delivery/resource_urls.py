from django.urls import URLPattern, URLResolver, path

from bina.delivery import resource_views as views

app_name = "resources"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.person_list, name="list"),
    path("baru/", views.person_new, name="new"),
    path("saran/", views.suggest, name="suggest"),
    path("pengaturan/", views.settings_view, name="settings"),
    path("biaya/", views.cost_report_view, name="cost_report"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/ubah/", views.person_edit, name="edit"),
    path("kegiatan/<int:activity_id>/", views.activity_speakers, name="activity_speakers"),
    path("kegiatan/<int:activity_id>/hapus/<int:speaker_id>/", views.speaker_remove_view,
         name="speaker_remove"),
    path("kegiatan/<int:activity_id>/surat-tugas-peserta.pdf", views.letter_participants_pdf,
         name="letter_participants_pdf"),
    path("kegiatan/<int:activity_id>/surat-tugas-narasumber.pdf", views.letter_speakers_pdf,
         name="letter_speakers_pdf"),
    path("kegiatan/<int:activity_id>/daftar-hadir.pdf", views.attendance_list_pdf,
         name="attendance_list_pdf"),
]
