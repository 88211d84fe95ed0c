from django.urls import path

from bina.plan import views

app_name = "plan"
urlpatterns = [
    path("katalog/", views.programme_list, name="programmes"),
    path("katalog/<int:pk>/", views.programme_detail, name="programme"),
]
