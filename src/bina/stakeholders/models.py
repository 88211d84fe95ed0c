"""The public's voice on services: satisfaction-survey responses (SKM, PermenPANRB 14/2017) and
complaints, suggestions and input (pengaduan, saran, masukan) per public service unit.

Nothing personal is required. A response stores its unit, when it came, its period and the nine
scores; a complaint may carry a contact the person chose to leave, shown only to whoever handles
the complaint (that unit's operator, planners, admin). Client addresses are never stored with a
response: the rate limiter keeps only a keyed hash per time window (:class:`SurveyRateBucket`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.org.models import Unit

#: The nine elements in the order of the regulation (regulation.md §4.1). Many implementations
#: swap 8 and 9; here U8 is "Penanganan Pengaduan, Saran dan Masukan" and U9 "Sarana dan
#: Prasarana", as in the regulation's own list.
ELEMENT_CODES: tuple[str, ...] = ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")
SCORE_FIELDS: tuple[str, ...] = tuple(code.lower() for code in ELEMENT_CODES)
COMMENT_MAX = 1000


def _score_field(number: int) -> models.PositiveSmallIntegerField[int, int]:
    return models.PositiveSmallIntegerField(f"U{number}")


class SurveyResponse(models.Model):
    """One completed questionnaire.

    The period is the calendar year and quarter (triwulan) in which it was submitted, in WITA.
    PermenPANRB 14/2017 Pasal 1 only requires the survey at least once a year (regulation.md §4);
    the quarter is kept so that units that report per triwulan or semester can, and the year is
    the regulation's own period.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="survey_responses")
    submitted_at = models.DateTimeField(_("waktu pengisian"), db_index=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"))
    u1 = _score_field(1)
    u2 = _score_field(2)
    u3 = _score_field(3)
    u4 = _score_field(4)
    u5 = _score_field(5)
    u6 = _score_field(6)
    u7 = _score_field(7)
    u8 = _score_field(8)
    u9 = _score_field(9)
    comment = models.TextField(_("saran dan masukan"), max_length=COMMENT_MAX, blank=True)
    channel = models.CharField(
        _("saluran"), max_length=8, default="web",
        choices=[("web", _("Formulir web")), ("api", "API"),
                 ("impor", _("Impor survei kertas"))],
    )

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["unit", "year", "quarter"], name="survey_unit_period")]
        constraints = [
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{f}__gte": 1, f"{f}__lte": 4}),
                    name=f"survey_{f}_1_to_4",
                )
                for f in SCORE_FIELDS
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="survey_quarter_1_to_4"
            ),
        ]
        verbose_name = _("jawaban survei kepuasan")
        verbose_name_plural = _("jawaban survei kepuasan")

    def __str__(self) -> str:
        return f"{self.unit} {self.year}-T{self.quarter} #{self.pk}"

    @property
    def scores(self) -> dict[str, int]:
        return {code: getattr(self, code.lower()) for code in ELEMENT_CODES}


class ComplaintStatus(models.TextChoices):
    OPEN = "baru", _("Belum dijawab")
    ANSWERED = "dijawab", _("Sudah dijawab")
    CLOSED = "selesai", _("Selesai")


class Complaint(models.Model):
    """Pengaduan, saran atau masukan from the public, routed to the unit that serves."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="complaints")
    response = models.OneToOneField(
        SurveyResponse, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="complaint",
    )
    tracking_code = models.CharField(_("kode lacak"), max_length=12, unique=True)
    text = models.TextField(_("isi pengaduan"), max_length=COMMENT_MAX)
    contact_name = models.CharField(_("nama"), max_length=100, blank=True)
    contact_phone = models.CharField(_("telepon/WA"), max_length=30, blank=True)
    contact_email = models.EmailField(_("surel"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN
    )
    answer = models.TextField(_("jawaban"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("diterima pada"), db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["unit", "status"], name="complaint_unit_status")]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_phone or self.contact_email)


class SurveyRateBucket(models.Model):
    """A fixed-window counter for the rate limits: ``key`` is ``a:<hash of the address>`` or
    ``u:<unit id>``; ``window_start`` the window's start in epoch seconds. Kept in the database (not
    the cache) so that all gunicorn workers share it; old windows are pruned as new ones open."""

    key = models.CharField(max_length=40)
    window_start = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="survey_rate_key_window"),
        ]
        indexes = [models.Index(fields=["window_start"], name="survey_rate_window")]

    def __str__(self) -> str:
        return f"{self.key}@{self.window_start}: {self.count}"


class ServicePopulation(models.Model):
    """The number of service users of a unit in a year (the population N of the sample size,
    Krejcie & Morgan, methods.md B8), as the unit reports it."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="service_populations")
    year = models.PositiveSmallIntegerField(_("tahun"))
    population = models.PositiveIntegerField(_("jumlah pengguna layanan"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("diperbarui pada"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="service_population_unit_year"),
            models.CheckConstraint(condition=models.Q(population__gte=1),
                                   name="service_population_positive"),
        ]
        verbose_name = _("populasi pengguna layanan")
        verbose_name_plural = _("populasi pengguna layanan")

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.population}"
