"""The programme catalogue (issue 4): what the agency can send its employees to, with the JP,
the cost per participant, the seats and the competency gains the planner needs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MandatoryFor(models.TextChoices):
    """Who must take a mandatory programme: new CPNS (Latsar) or the holders of a structural
    post (PKP, PKA, PKN). Empty: everyone in the programme's suitable position types."""

    ANY = "", _("semua jenis jabatan yang sesuai")
    CPNS = "cpns", _("CPNS (Latsar)")
    PENGAWAS = "pengawas", _("Pengawas (PKP)")
    ADMINISTRATOR = "administrator", _("Administrator (PKA)")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama (PKN Tingkat II)")
    JPT_MADYA = "jpt_madya", _("JPT Madya (PKN Tingkat I)")


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
    mandatory_for = models.CharField(
        _("wajib bagi"), max_length=16, blank=True, choices=MandatoryFor.choices,
        help_text=_("siapa yang wajib mengikuti; kosong: semua pegawai pada jenis jabatan "
                    "yang sesuai"))
    mandatory_within_months = models.PositiveSmallIntegerField(
        _("batas waktu (bulan)"), default=12,
        help_text=_("paling lambat sekian bulan sejak pengangkatan (CPNS) atau pelantikan"))
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


# --------------------------------------------------------------------------------------------
# The annual development plan


class PlanStatus(models.TextChoices):
    DRAFT = "draf", _("Draf")
    APPROVED = "disetujui", _("Disetujui")


class Exemption(models.TextChoices):
    """Why a person is outside the 20 JP count (shown, never hidden)."""

    NONE = "", _("—")
    DEGREE_STUDY = "tugas_belajar", _("Tugas belajar")
    LONG_LEAVE = "cltn", _("Cuti di luar tanggungan negara")
    RETIRING = "pensiun", _("Pensiun pada tahun rencana")
    PPPK = "pppk", _("PPPK (hak 20 JP tidak berlaku; paling banyak 24 JP)")


class Shortfall(models.TextChoices):
    """Why a person with the 20 JP right stays below it (the optimiser's explanation)."""

    NONE = "", _("—")
    NO_PROGRAMME = "no_programme", _("Tidak ada program yang sesuai")
    BUDGET = "budget", _("Anggaran tidak cukup")
    SEATS = "seats", _("Kursi program penuh")


class Plan(models.Model):
    """One version of an agency's development plan for a year (Pasal 207 PP 11/2017).

    A rebuild makes a new version (``parent`` is the version it came from); an approved plan
    is frozen. The figures are the optimiser's: ``value`` reached, ``bound`` proven."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(_("tahun"))
    name = models.CharField(_("nama rencana"), max_length=120)
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="children", verbose_name=_("versi asal"))
    needs_round = models.ForeignKey("needs.NeedsRound", on_delete=models.PROTECT,
                                    related_name="plans", verbose_name=_("putaran analisis"))
    budget = models.PositiveBigIntegerField(_("anggaran (Rp)"))
    lam = models.FloatField(_("bobot kekurangan JP (λ)"), default=0.25)
    max_jp_pns = models.PositiveSmallIntegerField(_("batas JP per PNS"), default=60)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    value = models.FloatField(_("nilai"), default=0.0)
    bound = models.FloatField(_("batas atas terbukti"), default=0.0)
    cost = models.PositiveBigIntegerField(_("biaya terpakai (Rp)"), default=0)
    mandatory_cost = models.PositiveBigIntegerField(_("biaya program wajib (Rp)"), default=0)
    seconds = models.FloatField(_("detik"), default=0.0)
    method = models.CharField(_("metode"), max_length=40, blank=True)
    counted = models.PositiveIntegerField(_("pegawai berhak 20 JP"), default=0)
    reaching = models.PositiveIntegerField(_("pegawai mencapai 20 JP"), default=0)
    curve = models.JSONField(_("kurva anggaran"), default=list, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+",
                                    verbose_name=_("disetujui oleh"))
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "name", "version"],
                                    name="plan_version_unique"),
        ]
        verbose_name = _("rencana pengembangan")
        verbose_name_plural = _("rencana pengembangan")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def is_approved(self) -> bool:
        return self.status == PlanStatus.APPROVED

    @property
    def gap(self) -> float:
        """(bound − value) / |bound|: how far from the best possible plan, at most."""
        if self.bound == self.value:
            return 0.0
        return (self.bound - self.value) / max(abs(self.bound), 1e-9)

    @property
    def coverage(self) -> float | None:
        """The share of the employees with the 20 JP right who reach it."""
        return self.reaching / self.counted if self.counted else None


class PlanBudgetLine(models.Model):
    """A unit's share of the plan's budget (its budget line): its employees' assignments cost
    at most this much."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_lines")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    amount = models.PositiveBigIntegerField(_("pagu (Rp)"))

    class Meta:
        ordering = ["unit__code"]
        constraints = [models.UniqueConstraint(fields=["plan", "unit"],
                                               name="plan_budget_line_unique")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.unit_id} {self.amount}"


class PlanEmployee(models.Model):
    """An employee as the plan saw them: the OPD, the JP right and ceiling, the exemption, the
    JP planned and, below the right, why."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="people")
    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    employment_type = models.CharField(max_length=4)
    min_jp = models.PositiveSmallIntegerField(default=0)
    max_jp = models.PositiveSmallIntegerField(default=0)
    exemption = models.CharField(max_length=14, choices=Exemption.choices, blank=True)
    jp_planned = models.PositiveIntegerField(default=0)
    cost = models.PositiveBigIntegerField(default=0)
    value = models.FloatField(default=0.0)
    shortfall = models.CharField(max_length=14, choices=Shortfall.choices, blank=True)
    gaps = models.JSONField(default=dict, blank=True)  # competency code → gap in levels
    weights = models.JSONField(default=dict, blank=True)  # competency code → weight

    class Meta:
        ordering = ["plan", "employee__name"]
        constraints = [models.UniqueConstraint(fields=["plan", "employee"],
                                               name="plan_employee_unique")]
        indexes = [models.Index(fields=["plan", "unit"])]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.employee_id}"


class PlanAssignment(models.Model):
    """One programme for one employee in a plan, with the reason (the gaps it closes)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey(PlanEmployee, on_delete=models.CASCADE,
                               related_name="assignments")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    is_locked = models.BooleanField(_("dikunci"), default=False)
    is_mandatory = models.BooleanField(_("wajib"), default=False)
    deadline = models.DateField(_("batas waktu"), null=True, blank=True)
    cost = models.PositiveBigIntegerField(default=0)
    jp = models.PositiveSmallIntegerField(default=0)
    reasons = models.JSONField(default=list, blank=True)  # [{competency, gap, gain, weight}]

    class Meta:
        ordering = ["plan", "person", "programme__code"]
        constraints = [models.UniqueConstraint(fields=["plan", "person", "programme"],
                                               name="plan_assignment_unique")]
        indexes = [models.Index(fields=["plan", "programme"])]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.person_id} {self.programme_id}"


class PlanExclusion(models.Model):
    """An assignment the planner removed by hand: rebuilds never bring it back."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="exclusions")
    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "employee", "programme"],
                                               name="plan_exclusion_unique")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.employee_id} −{self.programme_id}"
