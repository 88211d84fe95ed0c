"""Employees (ASN) and what every later stage shares about them: placement history, development
history, performance predicates and a planned career move."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.reference.models import EmploymentType


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class EmployeeStatus(models.TextChoices):
    """Status that matters for the 20 JP count: exempt statuses are not counted."""

    ACTIVE = "aktif", _("Aktif")
    DEGREE_STUDY = "tugas_belajar", _("Tugas belajar")
    LONG_LEAVE = "cltn", _("Cuti di luar tanggungan negara")
    RETIRED = "pensiun", _("Pensiun")
    LEFT = "berhenti", _("Berhenti/pindah")


class Employee(models.Model):
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="employees")
    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    name = models.CharField(_("nama"), max_length=160)
    front_title = models.CharField(_("gelar depan"), max_length=40, blank=True)
    back_title = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    employment_type = models.CharField(
        _("status ASN"), max_length=4, choices=EmploymentType.choices
    )
    is_part_time = models.BooleanField(_("PPPK paruh waktu"), default=False)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    grade = models.ForeignKey(
        "reference.Grade", on_delete=models.PROTECT, related_name="+", verbose_name=_("golongan")
    )
    education = models.ForeignKey(
        "reference.EducationLevel",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pendidikan"),
    )
    education_major = models.CharField(_("jurusan"), max_length=120, blank=True)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="employees", verbose_name=_("unit")
    )
    position = models.ForeignKey(
        "org.Position",
        on_delete=models.PROTECT,
        related_name="employees",
        verbose_name=_("jabatan"),
    )
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name=_("atasan langsung"),
    )
    is_teacher = models.BooleanField(_("guru"), default=False)
    status = models.CharField(
        _("status"), max_length=14, choices=EmployeeStatus.choices, default=EmployeeStatus.ACTIVE
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    target_position = models.ForeignKey(
        "org.Position",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name=_("jabatan sasaran (rencana karier)"),
    )
    target_note = models.CharField(_("catatan rencana karier"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["agency", "unit"]),
            models.Index(fields=["agency", "name"]),
        ]
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


class Placement(models.Model):
    """Where an employee worked and in which position, over time. The current placement is
    the one with ``end_date`` null and matches ``Employee.unit``/``position``."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="placements")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="placements")
    position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, related_name="placements"
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["employee", "-start_date"]
        indexes = [models.Index(fields=["unit", "start_date"])]
        verbose_name = _("riwayat jabatan")
        verbose_name_plural = _("riwayat jabatan")

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.position} @ {self.unit} from {self.start_date}"


class DevelopmentSource(models.TextChoices):
    IMPORT = "impor", _("Impor")
    MANUAL = "manual", _("Input manual")
    SIASN = "siasn", _("SIASN")
    PLAN = "rencana", _("Pelaksanaan rencana")
    MENTORING = "mentor", _("Mentoring")
    EXTERNAL = "luar", _("Di luar rencana (disetujui unit)")


class DevelopmentRecord(models.Model):
    """Riwayat pengembangan kompetensi: one course, training or programme an employee took."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="development_records"
    )
    title = models.CharField(_("nama kegiatan"), max_length=250)
    path = models.ForeignKey(
        "reference.DevelopmentPath",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("jalur"),
    )
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=1)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    provider = models.ForeignKey(
        "org.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="development_records",
        verbose_name=_("penyelenggara"),
    )
    provider_name = models.CharField(_("nama penyelenggara"), max_length=200, blank=True)
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    source = models.CharField(
        _("sumber"),
        max_length=8,
        choices=DevelopmentSource.choices,
        default=DevelopmentSource.MANUAL,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["employee", "-end_date"]
        indexes = [models.Index(fields=["employee", "end_date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(jp__gte=0), name="development_jp_positive"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="development_dates_ordered",
            ),
        ]
        verbose_name = _("riwayat pengembangan kompetensi")
        verbose_name_plural = _("riwayat pengembangan kompetensi")

    def __str__(self) -> str:
        return f"{self.title} ({self.jp} JP)"


class Rating(models.TextChoices):
    ABOVE = "diatas", _("Di atas ekspektasi")
    MEETS = "sesuai", _("Sesuai ekspektasi")
    BELOW = "dibawah", _("Di bawah ekspektasi")


class Predicate(models.TextChoices):
    """Predikat kinerja (PermenPANRB 6/2022; SIASN kuadranNilai 1–5)."""

    VERY_GOOD = "sangat_baik", _("Sangat Baik")
    GOOD = "baik", _("Baik")
    NEEDS_IMPROVEMENT = "butuh_perbaikan", _("Butuh Perbaikan")
    POOR = "kurang", _("Kurang/Misconduct")
    VERY_POOR = "sangat_kurang", _("Sangat Kurang")


class PeriodKind(models.TextChoices):
    ANNUAL = "tahunan", _("Tahunan")
    QUARTERLY = "triwulan", _("Triwulan")
    MONTHLY = "bulanan", _("Bulanan")


class PerformanceRecord(models.Model):
    """A performance appraisal result for one period."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="performance_records"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    period_kind = models.CharField(
        _("periode"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.ANNUAL
    )
    period_number = models.PositiveSmallIntegerField(_("nomor periode"), default=1)
    result_rating = models.CharField(
        _("hasil kerja"), max_length=8, choices=Rating.choices, blank=True
    )
    behaviour_rating = models.CharField(
        _("perilaku kerja"), max_length=8, choices=Rating.choices, blank=True
    )
    predicate = models.CharField(_("predikat"), max_length=16, choices=Predicate.choices)

    class Meta:
        ordering = ["employee", "-year", "period_kind", "-period_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year", "period_kind", "period_number"],
                name="performance_period_unique",
            )
        ]
        verbose_name = _("predikat kinerja")
        verbose_name_plural = _("predikat kinerja")

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}: {self.predicate}"
