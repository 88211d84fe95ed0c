from django.urls import URLPattern, URLResolver, path

from bina.mentoring import views

app_name = "mentoring"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.programme_list, name="list"),
    path("saya/", views.my_mentoring, name="my"),
    path("baru/", views.programme_new, name="new"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/pasangkan/", views.programme_match, name="match"),
    path("<int:pk>/tukar/", views.programme_swap, name="swap"),
    path("<int:pk>/tetapkan/", views.programme_pair_set, name="pair_set"),
    path("<int:pk>/peserta/", views.programme_participants, name="participants"),
    path("pasangan/<int:pk>/pertemuan/", views.pair_meetings, name="meetings"),
    path("pasangan/<int:pk>/lepas/", views.pair_unfix, name="release"),
    path("pertemuan/<int:pk>/hapus/", views.meeting_remove, name="meeting_delete"),
]
