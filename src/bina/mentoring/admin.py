"""Admin: for looking. Pairs, fit and meetings are written by the services (the matching, swaps,
meetings and their JP), so the admin shows them read-only."""

from django.contrib import admin

from bina.mentoring.models import MentoringMeeting, MentoringPair, MentoringProgramme


@admin.register(MentoringProgramme)
class MentoringProgrammeAdmin(admin.ModelAdmin[MentoringProgramme]):
    list_display = ["code", "name", "year", "status", "seniority", "unit_rule",
                    "supervisor_rule", "default_capacity", "total_fit", "is_optimal"]
    list_filter = ["status", "year", "supervisor_rule"]
    search_fields = ["code", "name"]
    readonly_fields = ["matched_at", "total_fit", "is_optimal"]


@admin.register(MentoringPair)
class MentoringPairAdmin(admin.ModelAdmin[MentoringPair]):
    list_display = ["programme", "mentor", "mentee", "fit", "is_fixed"]
    list_filter = ["programme", "is_fixed"]
    readonly_fields = ["programme", "mentor", "mentee", "fit", "reasons", "is_fixed", "record",
                       "created_by"]


@admin.register(MentoringMeeting)
class MentoringMeetingAdmin(admin.ModelAdmin[MentoringMeeting]):
    list_display = ["pair", "date", "topic"]
    readonly_fields = ["pair", "date", "topic", "actions", "recorded_by"]
