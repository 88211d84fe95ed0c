from django.contrib import admin

from bina.org.models import Agency, CompetencyRequirement, Organisation, Position, Unit


class RequirementInline(admin.TabularInline[CompetencyRequirement, Position]):
    model = CompetencyRequirement
    extra = 0


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin[Position]):
    list_display = ["name", "position_type", "functional_level", "unit", "valid_to"]
    list_filter = ["position_type"]
    search_fields = ["name", "code"]
    inlines = [RequirementInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ["name", "kind", "is_public_service", "valid_from", "valid_to"]
    list_filter = ["kind", "is_public_service"]
    search_fields = ["name", "code"]
    readonly_fields = ["path", "depth"]


admin.site.register(Agency)
admin.site.register(Organisation)
