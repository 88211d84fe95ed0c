"""Agencies, their units (a tree with history), positions and their competency standards, and
the registry of organisations that provide or partner in development."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    PROVINCE = "provinsi", _("Pemerintah Provinsi")
    REGENCY = "kabupaten", _("Pemerintah Kabupaten")
    CITY = "kota", _("Pemerintah Kota")
    OTHER = "lainnya", _("Lainnya")


class Agency(models.Model):
    """Instansi: a government with its own plan and budget."""

    code = models.SlugField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=160)
    kind = models.CharField(_("jenis"), max_length=12, choices=AgencyKind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    OPD = "opd", _("Perangkat daerah (OPD)")
    SECRETARIAT = "sekretariat", _("Sekretariat")
    BUREAU = "biro", _("Biro")
    DIVISION = "bidang", _("Bidang/Bagian")
    SECTION = "subbidang", _("Subbidang/Subbagian/Seksi")
    UPT = "upt", _("UPT/UPTD")
    SCHOOL = "sekolah", _("Sekolah")
    HOSPITAL = "rumah_sakit", _("Rumah sakit")


class Unit(models.Model):
    """A unit of an agency: OPD, bidang, UPT… as a tree.

    Units are never deleted once used: a reorganisation closes a unit (``valid_to``) and names
    its ``successor``, so that who belonged where in a past year stays on record.
    ``path`` is the materialised path of ids (``/1/5/23/``) kept by the services, for subtree
    queries without recursion.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=UnitKind.choices)
    is_public_service = models.BooleanField(
        _("unit layanan publik"),
        default=False,
        help_text=_("Unit yang dinilai masyarakat melalui survei kepuasan (SKM)."),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("berlaku sejak"), default=dt.date(2017, 1, 1))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("digabung/diganti menjadi"),
    )
    legal_basis = models.CharField(_("dasar hukum"), max_length=200, blank=True)

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="unit_code_unique"),
        ]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


class PositionType(models.TextChoices):
    JPT_UTAMA = "jpt_utama", _("JPT Utama")
    JPT_MADYA = "jpt_madya", _("JPT Madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    FUNGSIONAL = "fungsional", _("Fungsional")
    PELAKSANA = "pelaksana", _("Pelaksana")


MANAGERIAL_POSITION_TYPES = frozenset(
    {
        PositionType.JPT_UTAMA,
        PositionType.JPT_MADYA,
        PositionType.JPT_PRATAMA,
        PositionType.ADMINISTRATOR,
        PositionType.PENGAWAS,
    }
)


class FunctionalLevel(models.TextChoices):
    """Jenjang jabatan fungsional (regulation.md §5.3)."""

    PEMULA = "pemula", _("Pemula")
    TERAMPIL = "terampil", _("Terampil")
    MAHIR = "mahir", _("Mahir")
    PENYELIA = "penyelia", _("Penyelia")
    AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
    AHLI_MUDA = "ahli_muda", _("Ahli Muda")
    AHLI_MADYA = "ahli_madya", _("Ahli Madya")
    AHLI_UTAMA = "ahli_utama", _("Ahli Utama")


class Position(models.Model):
    """Jabatan. Positions belong to the agency; a structural position usually also names its
    unit. Like units, positions are closed (``valid_to``) rather than deleted."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="positions")
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("nama jabatan"), max_length=200)
    position_type = models.CharField(
        _("jenis jabatan"), max_length=16, choices=PositionType.choices
    )
    functional_level = models.CharField(
        _("jenjang"), max_length=16, choices=FunctionalLevel.choices, blank=True
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="positions"
    )
    valid_from = models.DateField(_("berlaku sejak"), default=dt.date(2017, 1, 1))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="position_code_unique"),
        ]
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")

    def __str__(self) -> str:
        return self.name

    @property
    def is_managerial(self) -> bool:
        return self.position_type in MANAGERIAL_POSITION_TYPES


class CompetencyRequirement(models.Model):
    """One line of a position's competency standard (standar kompetensi jabatan)."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="requirements")
    competency = models.ForeignKey(
        "reference.Competency", on_delete=models.PROTECT, related_name="requirements"
    )
    required_level = models.PositiveSmallIntegerField(_("level yang dipersyaratkan"))

    class Meta:
        ordering = ["position", "competency__kind", "competency__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "competency"], name="requirement_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(required_level__gte=1, required_level__lte=5),
                name="requirement_level_1_5",
            ),
        ]
        verbose_name = _("standar kompetensi")
        verbose_name_plural = _("standar kompetensi")

    def __str__(self) -> str:
        return f"{self.position} · {self.competency.code} ≥ {self.required_level}"


class OrganisationKind(models.TextChoices):
    OWN_AGENCY = "instansi_sendiri", _("Instansi sendiri")
    GOVERNMENT = "pemerintah", _("Instansi pemerintah lain")
    UNIVERSITY = "perguruan_tinggi", _("Perguruan tinggi")
    TRAINING_INSTITUTE = "lembaga_pelatihan", _("Lembaga pelatihan")
    PROFESSIONAL_BODY = "organisasi_profesi", _("Organisasi profesi")
    COMMUNITY = "masyarakat", _("Organisasi kemasyarakatan")
    PRIVATE = "swasta", _("Swasta/BUMN/BUMD")


class Organisation(models.Model):
    """Registry of providers and partners (penyelenggara, mitra)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=OrganisationKind.choices)
    city = models.CharField(_("kota"), max_length=80, blank=True)
    website = models.URLField(_("situs web"), blank=True)
    is_accredited = models.BooleanField(_("terakreditasi"), default=False)
    notes = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="organisation_name_unique")
        ]
        verbose_name = _("organisasi")
        verbose_name_plural = _("organisasi")

    def __str__(self) -> str:
        return self.name
