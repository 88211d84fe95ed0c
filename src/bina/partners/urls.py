"""Partners: agreements (MoU/PKS), partner programmes, degree study."""
from django.urls import URLPattern, URLResolver, path

from bina.partners import views

app_name = "partners"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.partner_list, name="list"),
    path("baru/", views.partner_create, name="create"),
    path("<int:pk>/", views.partner_detail, name="detail"),
    path("<int:pk>/kontak/", views.contact_add, name="contact_add"),
    path("<int:pk>/akun/", views.account_add, name="account_add"),
    path("<int:pk>/perjanjian/", views.agreement_add, name="agreement_add"),
    path("perjanjian/<int:pk>/dokumen/", views.agreement_document, name="agreement_document"),
    path("tawaran/", views.offer_list, name="offers"),
    path("tawaran/baru/", views.offer_add, name="offer_add"),
    path("tawaran/<int:pk>/telaah/", views.offer_review, name="offer_review"),
    path("portal/", views.portal, name="portal"),
    path("portal/kelas/", views.class_add, name="class_add"),
    path("portal/kelas/<int:pk>/", views.class_detail, name="class"),
    path("portal/kelas/<int:pk>/presensi/", views.class_attendance, name="class_attendance"),
    path("tugas-belajar/", views.study_list, name="studies"),
    path("tugas-belajar/baru/", views.study_add, name="study_add"),
    path("tugas-belajar/<int:pk>/", views.study_detail, name="study"),
    path("tugas-belajar/<int:pk>/semester/", views.semester_add, name="semester_add"),
    path("tugas-belajar/<int:pk>/kembali/", views.study_return, name="study_return"),
    path("kontribusi/", views.contributions, name="contributions"),
]
