from django.contrib import admin

from bina.plan.models import Programme, ProgrammeGain


class GainInline(admin.TabularInline[ProgrammeGain, Programme]):
    model = ProgrammeGain
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin[Programme]):
    list_display = ["code", "name", "path", "jp", "cost_per_participant", "is_mandatory",
                    "is_active"]
    list_filter = ["path__category", "is_mandatory", "is_active"]
    search_fields = ["code", "name"]
    filter_horizontal = ["prerequisites"]
    inlines = [GainInline]
