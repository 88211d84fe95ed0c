from django.contrib import admin

from bina.needs.models import Interview, InterviewTag, NeedsRound, Participant


@admin.register(NeedsRound)
class NeedsRoundAdmin(admin.ModelAdmin[NeedsRound]):
    list_display = ["code", "name", "year", "status", "due_date", "opened_at", "closed_at"]
    list_filter = ["status", "year"]
    search_fields = ["code", "name"]
    readonly_fields = ["opened_at", "closed_at", "result"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin[Participant]):
    list_display = ["employee", "round", "unit", "self_submitted_at", "supervisor_submitted_at",
                    "reminded_at"]
    list_filter = ["round"]
    search_fields = ["employee__name", "employee__nip"]
    raw_id_fields = ["employee", "supervisor", "unit", "position", "target_position"]


class InterviewTagInline(admin.TabularInline[InterviewTag, Interview]):
    model = InterviewTag
    extra = 0


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin[Interview]):
    list_display = ["group", "round", "unit", "held_on", "interviewer"]
    list_filter = ["round"]
    inlines = [InterviewTagInline]
