"""The JP ledger (issue 5). The ledger itself is the development history
(``people.DevelopmentRecord``): completed activities, mentoring and approved outside activities
each write one row. This app keeps the JP recognition rules as data the agency can adjust
(regulation.md §2.2, with the source of each) and the outside activities employees submit."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Basis(models.TextChoices):
    PROGRAMME = "programme", _("sesuai JP program")
    DAY = "day", _("per hari")
    SESSION = "session", _("per sesi")
    ONCE = "once", _("per kegiatan")
    SEMESTER = "semester", _("per semester")


class JpRule(models.Model):
    """How one development path earns JP (PerLAN 10/2018 Lampiran; the BPS table for rows that
    LAN's fragments do not confirm: ``verified`` is False for those)."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="jp_rules")
    path = models.ForeignKey("reference.DevelopmentPath", on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("jalur"))
    basis = models.CharField(_("dasar perhitungan"), max_length=10, choices=Basis.choices)
    international_basis = models.CharField(
        _("dasar perhitungan luar negeri"), max_length=10, choices=Basis.choices, blank=True,
        help_text=_("kosong: sama dengan dasar perhitungan dalam negeri"))
    domestic_jp = models.DecimalField(_("JP dalam negeri"), max_digits=5, decimal_places=1,
                                      null=True, blank=True,
                                      help_text=_("kosong: JP program"))
    international_jp = models.DecimalField(_("JP luar negeri"), max_digits=5, decimal_places=1,
                                           null=True, blank=True)
    international_uplift = models.DecimalField(_("tambahan luar negeri"), max_digits=4,
                                               decimal_places=2, default=Decimal("0"))
    cap_per_day = models.DecimalField(_("paling banyak JP per hari"), max_digits=4,
                                      decimal_places=1, null=True, blank=True)
    international_cap_per_day = models.DecimalField(
        _("paling banyak JP per hari (luar negeri)"), max_digits=4, decimal_places=1,
        null=True, blank=True)
    max_sessions_per_month = models.PositiveSmallIntegerField(
        _("paling banyak sesi per bulan"), null=True, blank=True)
    international_allowed = models.BooleanField(_("berlaku di luar negeri"), default=True)
    source = models.CharField(_("sumber"), max_length=500)
    verified = models.BooleanField(_("terverifikasi pada peraturan"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")

    class Meta:
        ordering = ["path__code"]
        constraints = [models.UniqueConstraint(fields=["agency", "path"],
                                               name="jp_rule_unique")]
        verbose_name = _("aturan pengakuan JP")
        verbose_name_plural = _("aturan pengakuan JP")

    def __str__(self) -> str:
        return f"{self.agency_id} {self.path_id} {self.basis}"


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "diajukan", _("Diajukan")
    APPROVED = "disetujui", _("Disetujui")
    REJECTED = "ditolak", _("Ditolak")


class ExternalActivity(models.Model):
    """Development done outside the plan (a course the person took on their own), submitted
    with its certificate and approved or rejected by the unit."""

    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE,
                                 related_name="external_activities")
    title = models.CharField(_("nama kegiatan"), max_length=250)
    path = models.ForeignKey("reference.DevelopmentPath", on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("jalur"))
    provider_name = models.CharField(_("penyelenggara"), max_length=200)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    programme_jp = models.DecimalField(_("JP program"), max_digits=6, decimal_places=1,
                                       default=Decimal("0"))
    sessions = models.PositiveSmallIntegerField(_("jumlah sesi"), default=0)
    session_dates = models.JSONField(
        _("tanggal sesi"), default=list, blank=True,
        help_text=_("jalur per sesi (coaching, mentoring): tanggal tiap sesi, ISO"))
    is_international = models.BooleanField(_("luar negeri"), default=False)
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100)
    certificate_file = models.FileField(_("berkas sertifikat"), upload_to="sertifikat-luar/%Y/",
                                        blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.SUBMITTED)
    submitted_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("catatan keputusan"), max_length=300, blank=True)
    jp_credited = models.DecimalField(_("JP diakui"), max_digits=6, decimal_places=1,
                                      null=True, blank=True)
    jp_explanation = models.JSONField(
        _("cara perhitungan JP"), default=dict, blank=True,
        help_text=_("pesan perhitungan saat disetujui: kode dan parameternya"))
    record = models.OneToOneField("people.DevelopmentRecord", on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="external_activity")

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                   name="external_dates_ordered"),
        ]
        verbose_name = _("pengembangan di luar rencana")
        verbose_name_plural = _("pengembangan di luar rencana")

    def __str__(self) -> str:
        return f"{self.employee_id} {self.title}"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1
