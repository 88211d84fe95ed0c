"""Evaluation records: reaction (level 1), learning (level 2), behaviour (level 3), the
follow-up actions and what is carried into the next needs-analysis round.

Results (level 4) live where they are collected: performance predicates in
``people.PerformanceRecord``, public-satisfaction responses in ``stakeholders.SurveyResponse``.
The formulas are in :mod:`bina.core.learning`, :mod:`bina.core.impact` and :mod:`bina.core.ikm`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

LIKERT_MAX = 5


def _likert(label: StrOrPromise) -> models.PositiveSmallIntegerField[int, int]:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(LIKERT_MAX)])


class Feedback(models.Model):
    """One participant's reaction to one activity (Kirkpatrick level 1), on a 1–5 scale."""

    enrollment = models.OneToOneField("delivery.Enrollment", on_delete=models.CASCADE,
                                      related_name="feedback")
    relevance = _likert(_("relevansi materi dengan pekerjaan"))
    speakers = _likert(_("narasumber/fasilitator"))
    organisation = _likert(_("penyelenggaraan"))
    materials = _likert(_("bahan dan sarana"))
    overall = _likert(_("kepuasan keseluruhan"))
    will_apply = models.TextField(_("yang akan diterapkan di tempat kerja"), max_length=2000,
                                  blank=True)
    comment = models.TextField(_("saran"), max_length=2000, blank=True)
    submitted_at = models.DateTimeField(_("waktu pengisian"))

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("umpan balik peserta")
        verbose_name_plural = _("umpan balik peserta")

    def __str__(self) -> str:
        return f"#{self.pk}: {self.overall}"  # not the enrollment: answers stay anonymous


class SpeakerRating(models.Model):
    """A participant's rating of one resource person of the activity (1–5)."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="speaker_ratings")
    speaker = models.ForeignKey("delivery.ResourcePerson", on_delete=models.CASCADE,
                                related_name="ratings")
    score = _likert(_("nilai narasumber"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feedback", "speaker"],
                                               name="speaker_rating_unique")]
        verbose_name = _("penilaian narasumber")
        verbose_name_plural = _("penilaian narasumber")

    def __str__(self) -> str:
        return f"{self.speaker_id}: {self.score}"


class ScoreSource(models.TextChoices):
    MANUAL = "manual", _("Diisi penyelenggara")
    IMPORT = "impor", _("Impor Excel")
    QUIZ = "kuis", _("Tes pilihan ganda")


class TestScore(models.Model):
    """Pre- and post-test of one participant in one class (level 2). ``max_score`` is the
    test's maximum (100 unless the class says otherwise)."""

    enrollment = models.OneToOneField("delivery.Enrollment", on_delete=models.CASCADE,
                                      related_name="test_score")
    pre = models.DecimalField(_("nilai pre-test"), max_digits=6, decimal_places=2, null=True,
                              blank=True)
    post = models.DecimalField(_("nilai post-test"), max_digits=6, decimal_places=2, null=True,
                               blank=True)
    max_score = models.DecimalField(_("nilai maksimum"), max_digits=6, decimal_places=2,
                                    default=100)
    source = models.CharField(_("sumber"), max_length=6, choices=ScoreSource.choices,
                              default=ScoreSource.MANUAL)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("nilai pre/post-test")
        verbose_name_plural = _("nilai pre/post-test")

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.pre} → {self.post}"


class Quiz(models.Model):
    """A simple built-in multiple-choice test for a programme, used as pre- and post-test."""

    programme = models.OneToOneField("plan.Programme", on_delete=models.CASCADE,
                                     related_name="quiz")
    title = models.CharField(_("judul"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tes pilihan ganda")
        verbose_name_plural = _("tes pilihan ganda")

    def __str__(self) -> str:
        return self.title


class QuizQuestion(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(_("nomor"))
    text = models.TextField(_("pertanyaan"), max_length=2000)
    options = models.JSONField(_("pilihan jawaban"), default=list)  # list[str], 2–6 items
    correct = models.PositiveSmallIntegerField(_("jawaban benar (indeks)"))

    class Meta:
        ordering = ["quiz", "number"]
        constraints = [models.UniqueConstraint(fields=["quiz", "number"],
                                               name="quiz_question_number_unique")]
        verbose_name = _("soal")
        verbose_name_plural = _("soal")

    def __str__(self) -> str:
        return f"{self.quiz_id}.{self.number}"


class TestKind(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")


class QuizAttempt(models.Model):
    """One participant's answers to the quiz; its score (0–100) goes into :class:`TestScore`."""

    enrollment = models.ForeignKey("delivery.Enrollment", on_delete=models.CASCADE,
                                   related_name="quiz_attempts")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    kind = models.CharField(_("jenis"), max_length=4, choices=TestKind.choices)
    answers = models.JSONField(_("jawaban"), default=dict)  # {"<number>": option index}
    score = models.DecimalField(_("nilai"), max_digits=6, decimal_places=2)
    submitted_at = models.DateTimeField(_("waktu"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrollment", "kind"],
                                               name="quiz_attempt_unique")]
        verbose_name = _("jawaban tes")
        verbose_name_plural = _("jawaban tes")

    def __str__(self) -> str:
        return f"{self.enrollment_id} {self.kind}: {self.score}"


class FollowUpStatus(models.TextChoices):
    PENDING = "menunggu", _("Menunggu")
    PARTIAL = "sebagian", _("Sebagian diisi")
    DONE = "selesai", _("Selesai")
    EXPIRED = "kedaluwarsa", _("Kedaluwarsa")


class FollowUp(models.Model):
    """Behaviour follow-up (level 3): 60–90 days after completion the participant and the
    supervisor rate how much of what the programme targeted is applied at work."""

    enrollment = models.OneToOneField("delivery.Enrollment", on_delete=models.CASCADE,
                                      related_name="follow_up")
    supervisor = models.ForeignKey("people.Employee", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="follow_ups_to_rate")
    opens_on = models.DateField(_("dibuka"))
    due_on = models.DateField(_("batas"))
    status = models.CharField(_("status"), max_length=12, choices=FollowUpStatus.choices,
                              default=FollowUpStatus.PENDING)
    self_submitted_at = models.DateTimeField(null=True, blank=True)
    supervisor_submitted_at = models.DateTimeField(null=True, blank=True)
    self_note = models.TextField(_("contoh penerapan (peserta)"), max_length=2000, blank=True)
    supervisor_note = models.TextField(_("catatan atasan"), max_length=2000, blank=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("evaluasi pascapelatihan")
        verbose_name_plural = _("evaluasi pascapelatihan")

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.status}"


class FollowUpRating(models.Model):
    """One targeted competency in a follow-up: the level now shown at work (1–5) and how much
    is applied (1–5), by the participant and by the supervisor."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey("reference.Competency", on_delete=models.PROTECT,
                                   related_name="+")
    self_level = models.PositiveSmallIntegerField(null=True, blank=True)
    self_applied = models.PositiveSmallIntegerField(null=True, blank=True)
    supervisor_level = models.PositiveSmallIntegerField(null=True, blank=True)
    supervisor_applied = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["follow_up", "competency"],
                                               name="follow_up_rating_unique")]
        verbose_name = _("penilaian penerapan")
        verbose_name_plural = _("penilaian penerapan")

    def __str__(self) -> str:
        return f"{self.follow_up_id}/{self.competency_id}"


class EvidenceKind(models.TextChoices):
    FOLLOW_UP = "evaluasi", _("Evaluasi pascapelatihan")
    ASSESSMENT = "asesmen", _("Asesmen kompetensi")
    MANUAL = "manual", _("Diisi perencana")


class CompetencyRating(models.Model):
    """The competency record: an employee's assessed level in one competency on a date, with
    its evidence. The newest rating per (employee, competency) is the current level; the
    older ones stay as history."""

    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE,
                                 related_name="competency_ratings")
    competency = models.ForeignKey("reference.Competency", on_delete=models.PROTECT,
                                   related_name="+")
    level = models.PositiveSmallIntegerField(_("level"))
    rated_on = models.DateField(_("tanggal"))
    kind = models.CharField(_("bukti"), max_length=10, choices=EvidenceKind.choices)
    follow_up = models.ForeignKey(FollowUp, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="competency_ratings")
    evidence = models.TextField(_("keterangan bukti"), max_length=2000, blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["employee", "competency", "-rated_on", "-pk"]
        indexes = [models.Index(fields=["employee", "competency", "rated_on"],
                                name="competency_rating_lookup")]
        verbose_name = _("rekam kompetensi")
        verbose_name_plural = _("rekam kompetensi")

    def __str__(self) -> str:
        return f"{self.employee_id}/{self.competency_id}: {self.level}"


class ActionStatus(models.TextChoices):
    OPEN = "terbuka", _("Terbuka")
    DONE = "selesai", _("Selesai")
    DROPPED = "dibatalkan", _("Dibatalkan")


class Action(models.Model):
    """A recommendation from an evaluation, recorded as an action with an owner and a date."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE,
                               related_name="evaluation_actions")
    year = models.PositiveSmallIntegerField(_("tahun evaluasi"))
    programme = models.ForeignKey("plan.Programme", on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="evaluation_actions")
    unit = models.ForeignKey("org.Unit", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="evaluation_actions")
    text = models.TextField(_("rekomendasi"), max_length=2000)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="evaluation_actions",
                              verbose_name=_("penanggung jawab"))
    owner_name = models.CharField(_("penanggung jawab (nama)"), max_length=200, blank=True)
    due_on = models.DateField(_("batas waktu"))
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(_("catatan penyelesaian"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "due_on"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")

    def __str__(self) -> str:
        return self.text[:60]


class CarryOverKind(models.TextChoices):
    GAP = "kesenjangan", _("Kesenjangan yang masih terbuka")
    PROGRAMME = "program", _("Program dengan hasil evaluasi rendah")
    UNIT = "unit", _("Unit yang tertinggal")
    TALENT = "talenta", _("Kelompok talenta: pengembangan dan rencana suksesi")


class CarryOver(models.Model):
    """An item an evaluation carries into the next year's needs-analysis round, shown there
    marked as carried over. ``round`` is filled when the next round exists (or is created)."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE,
                               related_name="carry_overs")
    from_year = models.PositiveSmallIntegerField(_("dari evaluasi tahun"))
    to_year = models.PositiveSmallIntegerField(_("untuk tahun"))
    round = models.ForeignKey("needs.NeedsRound", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="carry_overs")
    kind = models.CharField(_("jenis"), max_length=12, choices=CarryOverKind.choices)
    competency = models.ForeignKey("reference.Competency", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    programme = models.ForeignKey("plan.Programme", on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+")
    unit = models.ForeignKey("org.Unit", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, null=True,
                                 blank=True, related_name="carry_overs")
    reason = models.TextField(_("alasan"), max_length=2000)
    figures = models.JSONField(_("angka pendukung"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("dibawa ke analisis kebutuhan berikutnya")
        verbose_name_plural = _("dibawa ke analisis kebutuhan berikutnya")

    def __str__(self) -> str:
        return f"{self.kind} {self.from_year}→{self.to_year}"


class PotentialSource(models.TextChoices):
    ASSESSMENT_CENTRE = "asesmen", _("Assessment center / uji kompetensi")
    TALENT_REVIEW = "talenta", _("Rapat talenta")
    IMPORT = "impor", _("Impor Excel")


class PotentialAssessment(models.Model):
    """An employee's potential (for the nine-box), as assessed by the agency. The system never
    infers potential: without a record the talent view says so."""

    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE,
                                 related_name="potential_assessments")
    year = models.PositiveSmallIntegerField(_("tahun"))
    potential = models.CharField(_("potensi"), max_length=8)  # bina.core.ninebox.Potential
    score = models.DecimalField(_("skor"), max_digits=6, decimal_places=2, null=True,
                                blank=True)
    source = models.CharField(_("sumber"), max_length=8, choices=PotentialSource.choices)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["employee", "-year"]
        constraints = [models.UniqueConstraint(fields=["employee", "year"],
                                               name="potential_assessment_unique")]
        verbose_name = _("penilaian potensi")
        verbose_name_plural = _("penilaian potensi")

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}: {self.potential}"


class DisciplineLevel(models.TextChoices):
    NONE = "none", _("Tidak pernah")
    LIGHT = "ringan", _("Hukuman disiplin ringan")
    MEDIUM = "sedang", _("Hukuman disiplin sedang")
    HEAVY = "berat", _("Hukuman disiplin berat")


class DisciplineRecord(models.Model):
    """A disciplinary sanction (hukuman disiplin), needed for the IP ASN discipline dimension.
    No record for an employee means none was imposed."""

    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE,
                                 related_name="discipline_records")
    level = models.CharField(_("tingkat"), max_length=8, choices=DisciplineLevel.choices)
    decided_on = models.DateField(_("tanggal keputusan"))
    ends_on = models.DateField(_("berakhir"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        ordering = ["employee", "-decided_on"]
        verbose_name = _("hukuman disiplin")
        verbose_name_plural = _("hukuman disiplin")

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.level}"
