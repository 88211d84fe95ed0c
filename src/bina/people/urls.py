from django.urls import path

from bina.people import views

app_name = "people"
urlpatterns = [
    path("", views.employee_list, name="list"),
    path("saya/", views.my_profile, name="me"),
    path("<int:pk>/", views.employee_detail, name="detail"),
    path("<int:pk>/ubah/", views.employee_edit, name="edit"),
    path("<int:pk>/kinerja/", views.performance_add, name="performance"),
    path("impor/", views.import_page, name="import"),
    path("ekspor/", views.export_employees, name="export"),
    path("templat/<str:kind>/", views.download_template, name="template"),
]
