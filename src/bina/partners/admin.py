from django.contrib import admin

from bina.partners.models import (
    Agreement,
    AgreementQuota,
    DegreeStudy,
    Partner,
    PartnerContact,
    ProgrammeOffer,
    StudySemester,
)


class ContactInline(admin.TabularInline[PartnerContact, Partner]):
    model = PartnerContact
    extra = 0


class QuotaInline(admin.TabularInline[AgreementQuota, Agreement]):
    model = AgreementQuota
    extra = 0


class SemesterInline(admin.TabularInline[StudySemester, DegreeStudy]):
    model = StudySemester
    extra = 0


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin[Partner]):
    list_display = ("organisation", "agency", "since", "is_active")
    inlines = [ContactInline]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin[Agreement]):
    list_display = ("number", "partner", "kind", "start_date", "end_date")
    inlines = [QuotaInline]


@admin.register(ProgrammeOffer)
class ProgrammeOfferAdmin(admin.ModelAdmin[ProgrammeOffer]):
    list_display = ("name", "partner", "kind", "jp", "status")
    list_filter = ("status", "kind")


@admin.register(DegreeStudy)
class DegreeStudyAdmin(admin.ModelAdmin[DegreeStudy]):
    list_display = ("employee", "partner", "kind", "level", "start_date", "status")
    raw_id_fields = ("employee",)
    inlines = [SemesterInline]
