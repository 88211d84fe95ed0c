from django.urls import path

from bina.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.login_view, name="login"),
    path("keluar/", views.logout_view, name="logout"),
    path("kata-sandi/", views.password_change_view, name="password_change"),
    path("daftar/", views.account_list, name="list"),
    path("daftar/buat/", views.accounts_bulk_create, name="bulk_create"),
    path("daftar/reset/<int:employee_id>/", views.account_reset, name="reset"),
    path("kode/<str:batch>/", views.account_codes, name="codes"),
    path("kode/<str:batch>/pdf/", views.account_codes_pdf, name="codes_pdf"),
]
