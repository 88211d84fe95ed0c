"""Django admin of the delivery app: read-mostly views for support. Writes that matter
(attendance, completion, certificates) go through the services, not through the admin."""

from django.contrib import admin

from bina.delivery.models import (
    Activity,
    ActivitySession,
    Attendance,
    Certificate,
    DeliverySettings,
    Enrollment,
    ResourcePerson,
)


class SessionInline(admin.TabularInline[ActivitySession, Activity]):
    model = ActivitySession
    extra = 0
    fields = ["date", "start_time", "end_time", "topic", "code"]
    readonly_fields = ["code"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin[Activity]):
    list_display = ["code", "name", "start_date", "end_date", "status", "seats"]
    list_filter = ["status", "is_online", "programme__path"]
    search_fields = ["code", "name"]
    date_hierarchy = "start_date"
    readonly_fields = ["status", "completed_at", "completed_by"]
    inlines = [SessionInline]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin[Enrollment]):
    list_display = ["activity", "employee", "status", "outcome", "jp_credited"]
    list_filter = ["status", "outcome"]
    search_fields = ["activity__code", "employee__nip", "employee__name"]
    raw_id_fields = ["activity", "employee", "plan_assignment", "substitute_for", "record"]
    readonly_fields = ["outcome", "attendance_share", "jp_credited", "record"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin[Attendance]):
    list_display = ["session", "enrollment", "status", "method", "checked_in_at"]
    list_filter = ["status", "method"]
    raw_id_fields = ["session", "enrollment", "recorded_by"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin[Certificate]):
    list_display = ["number", "code", "jp", "issued_at", "revoked_at"]
    search_fields = ["number", "code", "enrollment__employee__name"]
    readonly_fields = ["enrollment", "number", "code", "jp", "issued_at", "revoked_at"]


@admin.register(DeliverySettings)
class DeliverySettingsAdmin(admin.ModelAdmin[DeliverySettings]):
    list_display = ["agency", "max_away_share", "signer_name"]


@admin.register(ResourcePerson)
class ResourcePersonAdmin(admin.ModelAdmin[ResourcePerson]):
    list_display = ["name", "kind", "home_agency", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "home_agency"]
