from django.urls import path

from bina.ledger import views

app_name = "ledger"
urlpatterns = [
    path("", views.progress_view, name="progress"),
    path("unit/<int:pk>/", views.unit_view, name="unit"),
    path("pegawai/<int:pk>/", views.person_view, name="person"),
    path("saya/", views.my_view, name="my"),
    path("tanpa-pengembangan/", views.none_view, name="none"),
    path("siasn/", views.siasn_view, name="siasn"),
    path("aturan/", views.rules_view, name="rules"),
    path("aturan/<int:pk>/", views.rule_edit_view, name="rule_edit"),
    path("aturan/<int:pk>/bawaan/", views.rule_reset_view, name="rule_reset"),
    path("pengajuan/", views.submissions_view, name="submissions"),
    path("pengajuan/baru/", views.submit_view, name="submit"),
    path("pengajuan/<int:pk>/putuskan/", views.decide_view, name="decide"),
    path("pengajuan/<int:pk>/sertifikat/", views.certificate_view, name="certificate"),
]
