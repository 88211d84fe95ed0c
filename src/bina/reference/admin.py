from django.contrib import admin

from bina.reference.models import (
    Competency,
    CompetencyLevel,
    DevelopmentPath,
    EducationLevel,
    Grade,
)


class CompetencyLevelInline(admin.TabularInline[CompetencyLevel, Competency]):
    model = CompetencyLevel
    extra = 0


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin[Competency]):
    list_display = ["code", "name", "kind", "agency"]
    list_filter = ["kind"]
    inlines = [CompetencyLevelInline]


admin.site.register(Grade)
admin.site.register(EducationLevel)
admin.site.register(DevelopmentPath)
