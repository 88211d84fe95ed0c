"""Evaluation pages under ``/evaluasi/``: one namespace, assembled from the parts of the
stage (reaction and learning, behaviour follow-up, talent, reports and follow-up actions)."""

from django.urls import URLPattern, URLResolver

from bina.evaluation import followup_urls, reaction_urls, report_urls, talent_urls

app_name = "evaluation"

urlpatterns: list[URLPattern | URLResolver] = [
    *reaction_urls.urlpatterns,
    *followup_urls.urlpatterns,
    *talent_urls.urlpatterns,
    *report_urls.urlpatterns,
]
