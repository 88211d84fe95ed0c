"""Needs-analysis rounds (AKPK): who takes part, the frozen standards, the answers, interviews.

A round freezes its population and standards when it opens: each participant's unit, position,
target position, supervisor and latest performance predicate are copied into
:class:`Participant`, and the required levels of every position involved into
:class:`RoundStandard`. Answers reference participants. Later edits to employees or positions
therefore never change a round's results; a closed round also keeps its computed result.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    OPEN = "open", _("Berjalan")
    CLOSED = "closed", _("Ditutup")


class NeedsRound(models.Model):
    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="needs_rounds")
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=160)
    year = models.PositiveSmallIntegerField(_("tahun rencana"))
    status = models.CharField(
        _("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    use_self_assessment = models.BooleanField(_("penilaian diri"), default=True)
    use_supervisor_rating = models.BooleanField(_("penilaian atasan"), default=True)
    use_borich = models.BooleanField(_("kuesioner kebutuhan (Borich)"), default=True)
    units = models.ManyToManyField("org.Unit", related_name="needs_rounds", blank=True,
                                   verbose_name=_("unit (beserta sub-unit)"))
    due_date = models.DateField(_("batas waktu"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    result = models.JSONField(_("hasil (beku saat ditutup)"), default=dict, blank=True)

    class Meta:
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="needs_round_code_unique")
        ]
        verbose_name = _("putaran analisis kebutuhan")
        verbose_name_plural = _("putaran analisis kebutuhan")

    def __str__(self) -> str:
        return self.name


class RoundCompetency(models.Model):
    """The competencies a round asks about (by default all in the standards of its positions)."""

    round = models.ForeignKey(NeedsRound, on_delete=models.CASCADE, related_name="competencies")
    competency = models.ForeignKey("reference.Competency", on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "competency"], name="round_competency_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.competency_id}"


class RoundStandard(models.Model):
    """A position's required level for a competency, frozen when the round opened."""

    round = models.ForeignKey(NeedsRound, on_delete=models.CASCADE, related_name="standards")
    position = models.ForeignKey("org.Position", on_delete=models.PROTECT, related_name="+")
    competency = models.ForeignKey("reference.Competency", on_delete=models.PROTECT,
                                   related_name="+")
    required_level = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "position", "competency"],
                                    name="round_standard_unique")
        ]

    def __str__(self) -> str:
        return f"{self.position_id}:{self.competency_id}={self.required_level}"


class Participant(models.Model):
    """One employee in a round, as they were when it opened."""

    round = models.ForeignKey(NeedsRound, on_delete=models.CASCADE, related_name="participants")
    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE,
                                 related_name="needs_participations")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    position = models.ForeignKey("org.Position", on_delete=models.PROTECT, related_name="+")
    target_position = models.ForeignKey("org.Position", on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+")
    supervisor = models.ForeignKey("people.Employee", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    predicate = models.CharField(_("predikat kinerja terakhir"), max_length=16, blank=True)
    self_submitted_at = models.DateTimeField(null=True, blank=True)
    supervisor_submitted_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    struggles = models.TextField(_("tugas yang sulit dikerjakan"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "employee"], name="participant_unique")
        ]
        indexes = [models.Index(fields=["round", "unit"]),
                   models.Index(fields=["round", "supervisor"])]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.employee_id}"


class Answer(models.Model):
    """One participant's answers for one competency: self level, supervisor level, and Borich's
    importance and ability (each 1–5, each optional)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="answers")
    competency = models.ForeignKey("reference.Competency", on_delete=models.PROTECT,
                                   related_name="+")
    self_level = models.PositiveSmallIntegerField(null=True, blank=True)
    supervisor_level = models.PositiveSmallIntegerField(null=True, blank=True)
    importance = models.PositiveSmallIntegerField(null=True, blank=True)
    ability = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "competency"], name="answer_unique"),
            models.CheckConstraint(
                condition=(models.Q(self_level__isnull=True) | models.Q(self_level__range=(1, 5)))
                & (models.Q(supervisor_level__isnull=True)
                   | models.Q(supervisor_level__range=(1, 5)))
                & (models.Q(importance__isnull=True) | models.Q(importance__range=(1, 5)))
                & (models.Q(ability__isnull=True) | models.Q(ability__range=(1, 5))),
                name="answer_levels_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}:{self.competency_id}"


class Interview(models.Model):
    """Structured notes of an interview or focus group with a unit or group."""

    round = models.ForeignKey(NeedsRound, on_delete=models.CASCADE, related_name="interviews")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("unit"))
    group = models.CharField(_("kelompok/narasumber"), max_length=200)
    held_on = models.DateField(_("tanggal"))
    interviewer = models.CharField(_("pewawancara"), max_length=120)
    problems = models.TextField(_("masalah yang disampaikan"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")

    class Meta:
        ordering = ["-held_on", "id"]
        verbose_name = _("wawancara")
        verbose_name_plural = _("wawancara")

    def __str__(self) -> str:
        return f"{self.group} ({self.held_on})"


class InterviewTag(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="tags")
    competency = models.ForeignKey("reference.Competency", on_delete=models.PROTECT,
                                   related_name="+")
    theme = models.CharField(_("tema"), max_length=80, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.interview_id}:{self.competency_id}"
