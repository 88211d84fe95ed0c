"""URL patterns of one part of the evaluation app, merged into ``bina.evaluation.urls``:
reaction (feedback) and learning (pre-/post-test scores, the built-in test)."""

from django.urls import URLPattern, URLResolver, path

from bina.evaluation import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("saya/", views.my_evaluations, name="my"),
    path("saya/umpan-balik/<int:enrollment_id>/", views.feedback_form, name="reaction_form"),
    path("saya/tes/<int:enrollment_id>/<str:kind>/", views.quiz_take, name="quiz_take"),
    path("umpan-balik/", views.reaction_summary, name="reaction_summary"),
    path("kegiatan/<int:pk>/", views.activity_results, name="reaction_activity"),
    path("kegiatan/<int:pk>/nilai/", views.scores, name="scores"),
    path("kegiatan/<int:pk>/nilai/templat/", views.scores_template, name="scores_template"),
    path("kegiatan/<int:pk>/nilai/unggah/", views.scores_upload, name="scores_upload"),
    path("program/<int:programme_id>/tes/", views.quiz_edit, name="quiz_edit"),
]
