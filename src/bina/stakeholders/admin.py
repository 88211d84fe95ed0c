from django.contrib import admin

from bina.stakeholders.models import Complaint, ServicePopulation, SurveyResponse


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin[SurveyResponse]):
    list_display = ("unit", "submitted_at", "year", "quarter", "channel")
    list_filter = ("year", "quarter", "channel")
    readonly_fields = ("submitted_at", "year", "quarter")


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin[Complaint]):
    list_display = ("tracking_code", "unit", "status", "created_at", "answered_at")
    list_filter = ("status",)
    search_fields = ("tracking_code",)


@admin.register(ServicePopulation)
class ServicePopulationAdmin(admin.ModelAdmin[ServicePopulation]):
    list_display = ("unit", "year", "population", "updated_at")
    list_filter = ("year",)
    readonly_fields = ("updated_by", "updated_at")
