"""Reference data kept as data: golongan and PPPK grades, education levels, development paths,
and the competency dictionary. Loaded from ``reference/data/*.json`` by a data migration and
editable by the agency admin afterwards."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmploymentType(models.TextChoices):
    PNS = "PNS", "PNS"
    CPNS = "CPNS", "CPNS"
    PPPK = "PPPK", "PPPK"


class Grade(models.Model):
    """Golongan/ruang (PNS, I/a–IV/e, with pangkat) or PPPK grade (I–XVII)."""

    code = models.CharField(_("kode"), max_length=8)
    scheme = models.CharField(
        _("skema"), max_length=4, choices=[("PNS", "PNS"), ("PPPK", "PPPK")]
    )
    rank_title = models.CharField(_("pangkat"), max_length=60, blank=True)
    rank = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        ordering = ["scheme", "rank"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="grade_unique")]
        verbose_name = _("golongan")
        verbose_name_plural = _("golongan")

    def __str__(self) -> str:
        return f"{self.code} ({self.rank_title})" if self.rank_title else f"PPPK {self.code}"


class EducationLevel(models.Model):
    code = models.CharField(_("kode"), max_length=4, unique=True)
    name = models.CharField(_("nama"), max_length=60)
    rank = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        ordering = ["rank"]
        verbose_name = _("jenjang pendidikan")
        verbose_name_plural = _("jenjang pendidikan")

    def __str__(self) -> str:
        return self.code


class PathCategory(models.TextChoices):
    CLASSICAL = "klasikal", _("Klasikal")
    NON_CLASSICAL = "nonklasikal", _("Nonklasikal")
    EDUCATION = "pendidikan", _("Pendidikan")


class DevelopmentPath(models.Model):
    """Jalur pengembangan kompetensi (KL01–KL12, NKL01–NKL13, pendidikan)."""

    code = models.CharField(_("kode"), max_length=8, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    category = models.CharField(_("kategori"), max_length=12, choices=PathCategory.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("jalur pengembangan")
        verbose_name_plural = _("jalur pengembangan")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CompetencyKind(models.TextChoices):
    MANAGERIAL = "manajerial", _("Manajerial")
    SOCIO_CULTURAL = "sosial_kultural", _("Sosial kultural")
    TECHNICAL = "teknis", _("Teknis")


class Competency(models.Model):
    """A competency of the dictionary: national (managerial, socio-cultural) or an agency's
    technical competency (``agency`` set)."""

    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=160)
    kind = models.CharField(_("jenis"), max_length=16, choices=CompetencyKind.choices)
    description = models.TextField(_("definisi"), blank=True)
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.CASCADE, null=True, blank=True, related_name="competencies"
    )

    class Meta:
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="competency_code_unique"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(agency__isnull=True),
                name="national_competency_code_unique",
            ),
        ]
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CompetencyLevel(models.Model):
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"))
    description = models.TextField(_("deskripsi"))

    class Meta:
        ordering = ["competency", "level"]
        constraints = [
            models.UniqueConstraint(fields=["competency", "level"], name="competency_level_unique"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="competency_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} L{self.level}"
