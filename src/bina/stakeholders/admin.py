from django.contrib import admin

from bina.stakeholders.models import Complaint, SurveyResponse


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
