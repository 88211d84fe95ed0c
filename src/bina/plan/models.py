"""The programme catalogue (issue 4): what the agency can send its employees to, with the JP,
the cost per participant, the seats and the competency gains the planner needs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    """A development programme of the agency's catalogue (pelatihan, bimtek, e-learning, …)."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="programmes")
    code = models.CharField(_("kode"), max_length=30)
    name = models.CharField(_("nama program"), max_length=200)
    path = models.ForeignKey("reference.DevelopmentPath", on_delete=models.PROTECT,
                             related_name="programmes", verbose_name=_("jalur"))
    provider = models.ForeignKey("org.Organisation", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="programmes",
                                 verbose_name=_("penyelenggara"))
    provider_name = models.CharField(_("nama penyelenggara"), max_length=200, blank=True)
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=1)
    cost_per_participant = models.PositiveBigIntegerField(_("biaya per peserta (Rp)"), default=0)
    extra_cost_per_participant = models.PositiveBigIntegerField(
        _("biaya lain per peserta (Rp)"), default=0,
        help_text=_("perjalanan dinas, uang harian dan sebagainya di luar biaya program"))
    seats_per_class = models.PositiveIntegerField(_("kursi per kelas"))
    classes = models.PositiveIntegerField(_("jumlah kelas"), default=1)
    months = models.JSONField(_("bulan"), default=list, blank=True,
                              help_text=_("bulan pelaksanaan 1–12; kosong: bulan apa saja"))
    suitable_position_types = models.JSONField(
        _("jenis jabatan"), default=list, blank=True,
        help_text=_("jenis jabatan yang sesuai; kosong: semua"))
    is_mandatory = models.BooleanField(_("wajib"), default=False)
    mandatory_note = models.CharField(_("keterangan wajib"), max_length=300, blank=True)
    capacity_note = models.CharField(_("catatan kapasitas"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    prerequisites = models.ManyToManyField("self", symmetrical=False, blank=True,
                                           related_name="required_by",
                                           verbose_name=_("prasyarat"))

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="programme_code_unique"),
            models.CheckConstraint(condition=models.Q(seats_per_class__gt=0),
                                   name="programme_seats_positive"),
            models.CheckConstraint(condition=models.Q(classes__gt=0),
                                   name="programme_classes_positive"),
            models.CheckConstraint(condition=models.Q(jp__gte=0), name="programme_jp_not_negative"),
        ]
        verbose_name = _("program pengembangan")
        verbose_name_plural = _("program pengembangan")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def seats(self) -> int:
        """Seats over all classes."""
        return self.seats_per_class * self.classes

    @property
    def cost_total_per_participant(self) -> int:
        """What one participant costs the agency: the fee plus travel and per diem."""
        return self.cost_per_participant + self.extra_cost_per_participant

    @property
    def provider_label(self) -> str:
        return self.provider.name if self.provider_id and self.provider else self.provider_name


class ProgrammeGain(models.Model):
    """How many levels (1–3) a programme raises a competency."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="gains")
    competency = models.ForeignKey("reference.Competency", on_delete=models.PROTECT,
                                   related_name="programme_gains",
                                   verbose_name=_("kompetensi"))
    levels = models.PositiveSmallIntegerField(_("kenaikan level"))

    class Meta:
        ordering = ["programme", "competency__code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "competency"],
                                    name="programme_gain_unique"),
            models.CheckConstraint(condition=models.Q(levels__gte=1, levels__lte=3),
                                   name="programme_gain_levels_1_3"),
        ]
        verbose_name = _("kenaikan kompetensi")
        verbose_name_plural = _("kenaikan kompetensi")

    def __str__(self) -> str:
        return f"{self.programme_id} {self.competency_id} +{self.levels}"
