"""Mentoring (issue 5): a programme pairs mentors with mentees under its rules (seniority,
unit, field, direct supervisors, capacity), the pairs are chosen by an exact assignment
(``bina.core.mentoring``), the coordinator can fix or swap pairs by hand, and meetings are
recorded; meetings credit JP to the mentee under the path's rule (2 JP a session, at most two
sessions a month)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Seniority(models.TextChoices):
    EITHER = "either", _("golongan atau jenjang jabatan lebih tinggi")
    GOLONGAN = "golongan", _("golongan lebih tinggi")
    POSITION = "position", _("jenjang jabatan lebih tinggi")
    BOTH = "both", _("golongan dan jenjang jabatan lebih tinggi")


class UnitRule(models.TextChoices):
    ANY = "any", _("unit mana saja")
    SAME = "same", _("unit yang sama")
    DIFFERENT = "different", _("unit yang berbeda")


class SupervisorRule(models.TextChoices):
    ALLOWED = "allowed", _("atasan langsung boleh menjadi mentor")
    EXCLUDED = "excluded", _("atasan langsung tidak boleh menjadi mentor")
    REQUIRED = "required", _("mentor harus atasan langsung (Latsar CPNS)")


class MentoringStatus(models.TextChoices):
    DRAFT = "draf", _("Draf")
    ACTIVE = "berjalan", _("Berjalan")
    CLOSED = "selesai", _("Selesai")


class MentoringProgramme(models.Model):
    """A mentoring programme of a year with its pairing rules."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE,
                               related_name="mentoring_programmes")
    programme = models.ForeignKey("plan.Programme", on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="mentoring_programmes",
                                  verbose_name=_("program katalog"))
    code = models.CharField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=200)
    year = models.PositiveSmallIntegerField(_("tahun"))
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"))
    competencies = models.ManyToManyField("reference.Competency", related_name="+",
                                          verbose_name=_("kompetensi yang dibina"))
    seniority = models.CharField(_("senioritas mentor"), max_length=10,
                                 choices=Seniority.choices, default=Seniority.EITHER)
    min_rank_gap = models.PositiveSmallIntegerField(_("selisih tingkat minimal"), default=1)
    unit_rule = models.CharField(_("aturan unit"), max_length=10, choices=UnitRule.choices,
                                 default=UnitRule.ANY)
    same_field = models.BooleanField(_("bidang yang sama"), default=False)
    supervisor_rule = models.CharField(_("atasan langsung"), max_length=10,
                                       choices=SupervisorRule.choices,
                                       default=SupervisorRule.ALLOWED)
    default_capacity = models.PositiveSmallIntegerField(_("mentee per mentor"), default=3)
    status = models.CharField(_("status"), max_length=10, choices=MentoringStatus.choices,
                              default=MentoringStatus.DRAFT)
    coordinator = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+",
                                    verbose_name=_("koordinator"))
    matched_at = models.DateTimeField(_("dipasangkan pada"), null=True, blank=True)
    total_fit = models.FloatField(_("total kecocokan"), default=0.0)
    is_optimal = models.BooleanField(_("optimal terbukti"), default=False)

    class Meta:
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="mentoring_code_unique"),
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                   name="mentoring_dates_ordered"),
            models.CheckConstraint(condition=models.Q(default_capacity__gt=0),
                                   name="mentoring_capacity_positive"),
        ]
        verbose_name = _("program mentoring")
        verbose_name_plural = _("program mentoring")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Mentor(models.Model):
    programme = models.ForeignKey(MentoringProgramme, on_delete=models.CASCADE,
                                  related_name="mentors")
    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    capacity = models.PositiveSmallIntegerField(_("kapasitas mentee"), default=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "employee"], name="mentor_unique"),
            models.CheckConstraint(condition=models.Q(capacity__gt=0),
                                   name="mentor_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} mentor {self.employee_id}"


class Mentee(models.Model):
    programme = models.ForeignKey(MentoringProgramme, on_delete=models.CASCADE,
                                  related_name="mentees")
    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    unmatched_reason = models.JSONField(
        _("alasan belum berpasangan"), default=dict, blank=True,
        help_text=_("Kode dan parameter pesan dari pemasangan terakhir (kosong bila berpasangan)."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "employee"],
                                               name="mentee_unique")]

    def __str__(self) -> str:
        return f"{self.programme_id} mentee {self.employee_id}"


class MentoringPair(models.Model):
    """A mentor and a mentee, with the fit score and its reasons. ``is_fixed``: set by the
    coordinator by hand (a swap); a new match keeps it."""

    programme = models.ForeignKey(MentoringProgramme, on_delete=models.CASCADE,
                                  related_name="pairs")
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="pairs")
    mentee = models.OneToOneField(Mentee, on_delete=models.CASCADE, related_name="pair")
    fit = models.FloatField(_("kecocokan"), default=0.0)
    reasons = models.JSONField(_("alasan"), default=list, blank=True)
    is_fixed = models.BooleanField(_("ditetapkan manual"), default=False)
    record = models.OneToOneField("people.DevelopmentRecord", on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="mentoring_pair")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")

    class Meta:
        ordering = ["programme", "mentor", "mentee"]
        verbose_name = _("pasangan mentoring")
        verbose_name_plural = _("pasangan mentoring")

    def __str__(self) -> str:
        return f"{self.mentor_id}→{self.mentee_id}"


class MentoringMeeting(models.Model):
    """One mentoring meeting: when, what about, and the actions agreed."""

    pair = models.ForeignKey(MentoringPair, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("tanggal"))
    topic = models.CharField(_("topik"), max_length=250)
    actions = models.TextField(_("tindak lanjut yang disepakati"), blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pair", "date"]
        verbose_name = _("pertemuan mentoring")
        verbose_name_plural = _("pertemuan mentoring")

    def __str__(self) -> str:
        return f"{self.pair_id} {self.date}"
