from django.contrib import admin
from django.urls import include, path

from bina.api.api import api
from bina.web import views as web_views

urlpatterns = [
    path("healthz", web_views.healthz, name="healthz"),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("bina.accounts.urls")),
    path("organisasi/", include("bina.org.urls")),
    path("pegawai/", include("bina.people.urls")),
    path("pekerjaan/", include("bina.jobs.urls")),
    path("kebutuhan/", include("bina.needs.urls")),
    path("rencana/", include("bina.plan.urls")),
    path("pelaksanaan/", include("bina.delivery.urls")),
    path("narasumber/", include("bina.delivery.resource_urls")),
    path("verifikasi/", include("bina.delivery.public_urls")),
    path("mentoring/", include("bina.mentoring.urls")),
    path("jp/", include("bina.ledger.urls")),
    path("survei/", include("bina.stakeholders.urls")),
    path("evaluasi/", include("bina.evaluation.urls")),
    path("mitra/", include("bina.partners.urls")),
    path("audit/", include("bina.audit.urls")),
    path("django-admin/", admin.site.urls),
    path("", include("bina.web.urls")),
]
