"""Delivery (issue 5): the classes (activities) that carry out an approved plan, their sessions,
resource persons, participants with a waiting list, attendance and certificates.

Completing an activity credits JP to each participant who met the completion rule; the credit
is a row of the development history (``people.DevelopmentRecord``), which is the JP ledger."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliverySettings(models.Model):
    """Per agency: how many people of one unit may be away at once, and the letterhead and
    signing official of assignment letters, attendance lists and certificates."""

    agency = models.OneToOneField("org.Agency", on_delete=models.CASCADE,
                                  related_name="delivery_settings")
    max_away_share = models.DecimalField(
        _("batas pegawai satu unit yang pergi bersamaan"), max_digits=3, decimal_places=2,
        default=Decimal("0.25"),
        help_text=_("bagian pegawai unit (0–1) yang boleh mengikuti kegiatan pada hari yang sama"))
    letterhead = models.TextField(
        _("kop surat"), blank=True,
        help_text=_("satu baris per baris kop: nama pemerintah daerah, nama instansi, alamat"))
    city = models.CharField(_("kota penandatanganan"), max_length=60, blank=True)
    signer_name = models.CharField(_("nama penandatangan"), max_length=160, blank=True)
    signer_nip = models.CharField(_("NIP penandatangan"), max_length=18, blank=True)
    signer_title = models.CharField(_("jabatan penandatangan"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("pengaturan pelaksanaan")
        verbose_name_plural = _("pengaturan pelaksanaan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_away_share__gt=0, max_away_share__lte=1),
                name="delivery_away_share_0_1"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}"


class ResourceKind(models.TextChoices):
    SPEAKER = "narasumber", _("Narasumber")
    WIDYAISWARA = "widyaiswara", _("Widyaiswara")
    MENTOR = "mentor", _("Mentor")
    COACH = "coach", _("Coach")
    PRACTITIONER = "praktisi", _("Praktisi")


class ResourcePerson(models.Model):
    """A resource person (narasumber, widyaiswara, mentor, coach) with the evidence of good
    practice behind the invitation."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE,
                               related_name="resource_persons")
    name = models.CharField(_("nama"), max_length=160)
    kind = models.CharField(_("jenis"), max_length=12, choices=ResourceKind.choices,
                            default=ResourceKind.SPEAKER)
    employee = models.ForeignKey("people.Employee", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+",
                                 verbose_name=_("pegawai (jika ASN instansi sendiri)"))
    organisation = models.ForeignKey("org.Organisation", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="resource_persons",
                                     verbose_name=_("instansi asal"))
    home_agency = models.CharField(_("nama instansi asal"), max_length=200, blank=True)
    position_title = models.CharField(_("jabatan"), max_length=200, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    evidence = models.TextField(
        _("bukti praktik baik"), blank=True,
        help_text=_("mengapa diundang: inovasi, penghargaan, layanan publik yang baik"))
    evidence_url = models.URLField(_("tautan bukti"), blank=True)
    evidence_ikm = models.DecimalField(
        _("IKM unit asal"), max_digits=5, decimal_places=2, null=True, blank=True,
        help_text=_("indeks kepuasan masyarakat unit asal, bila ada"))
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name", "home_agency"],
                                               name="resource_person_unique")]
        verbose_name = _("narasumber")
        verbose_name_plural = _("narasumber")

    def __str__(self) -> str:
        return self.name

    @property
    def home_label(self) -> str:
        if self.organisation_id and self.organisation:
            return self.organisation.name
        return self.home_agency


class ResourceExpertise(models.Model):
    """A resource person's expertise: a competency and the level they master (1–5)."""

    person = models.ForeignKey(ResourcePerson, on_delete=models.CASCADE,
                               related_name="expertise")
    competency = models.ForeignKey("reference.Competency", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("kompetensi"))
    level = models.PositiveSmallIntegerField(_("level"), default=4)

    class Meta:
        ordering = ["person", "competency__code"]
        constraints = [
            models.UniqueConstraint(fields=["person", "competency"],
                                    name="resource_expertise_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5),
                                   name="resource_expertise_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.competency_id}={self.level}"


class ActivityStatus(models.TextChoices):
    SCHEDULED = "terjadwal", _("Terjadwal")
    COMPLETED = "selesai", _("Selesai")
    CANCELLED = "batal", _("Dibatalkan")


class Activity(models.Model):
    """One class (angkatan) of a programme: dates, place, provider, seats, the completion rule,
    and the planned and realised cost."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="activities")
    programme = models.ForeignKey("plan.Programme", on_delete=models.PROTECT,
                                  related_name="activities", verbose_name=_("program"))
    plan = models.ForeignKey("plan.Plan", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="activities", verbose_name=_("rencana"))
    code = models.CharField(_("kode kegiatan"), max_length=40)
    name = models.CharField(_("nama kegiatan"), max_length=250)
    batch = models.PositiveSmallIntegerField(_("angkatan"), default=1)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    is_online = models.BooleanField(_("daring"), default=False)
    is_international = models.BooleanField(_("luar negeri"), default=False)
    provider = models.ForeignKey("org.Organisation", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="activities",
                                 verbose_name=_("penyelenggara"))
    provider_name = models.CharField(_("nama penyelenggara"), max_length=200, blank=True)
    seats = models.PositiveIntegerField(_("kursi"))
    min_attendance = models.PositiveSmallIntegerField(
        _("kehadiran minimal (%)"), default=80,
        help_text=_("peserta dinyatakan selesai bila hadir paling sedikit sekian persen sesi"))
    planned_cost = models.PositiveBigIntegerField(_("biaya rencana (Rp)"), default=0)
    realised_cost = models.PositiveBigIntegerField(_("biaya realisasi (Rp)"), null=True,
                                                   blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActivityStatus.choices,
                              default=ActivityStatus.SCHEDULED)
    completed_at = models.DateTimeField(_("diselesaikan pada"), null=True, blank=True)
    completed_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="activity_code_unique"),
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                   name="activity_dates_ordered"),
            models.CheckConstraint(condition=models.Q(seats__gt=0), name="activity_seats"),
            models.CheckConstraint(condition=models.Q(min_attendance__lte=100),
                                   name="activity_min_attendance_pct"),
        ]
        indexes = [models.Index(fields=["agency", "start_date"])]
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def provider_label(self) -> str:
        if self.provider_id and self.provider:
            return self.provider.name
        return self.provider_name

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class ActivitySession(models.Model):
    """One session (a day or a meeting) of an activity, with the code participants use to
    check in."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("tanggal"))
    start_time = models.TimeField(_("mulai"), null=True, blank=True)
    end_time = models.TimeField(_("selesai"), null=True, blank=True)
    topic = models.CharField(_("materi"), max_length=250, blank=True)
    code = models.CharField(_("kode presensi"), max_length=12, unique=True)

    class Meta:
        ordering = ["activity", "date", "start_time"]
        constraints = [models.UniqueConstraint(fields=["activity", "date", "start_time"],
                                               name="activity_session_unique")]
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")

    def __str__(self) -> str:
        return f"{self.activity_id} {self.date}"


class SpeakerRole(models.TextChoices):
    SPEAKER = "narasumber", _("Narasumber")
    WIDYAISWARA = "widyaiswara", _("Widyaiswara")
    FACILITATOR = "fasilitator", _("Fasilitator")
    MODERATOR = "moderator", _("Moderator")


class ActivitySpeaker(models.Model):
    """A resource person invited to an activity (and named in their assignment letter)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey(ResourcePerson, on_delete=models.PROTECT,
                               related_name="engagements")
    role = models.CharField(_("peran"), max_length=12, choices=SpeakerRole.choices,
                            default=SpeakerRole.SPEAKER)
    topic = models.CharField(_("materi"), max_length=250, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "person"],
                                               name="activity_speaker_unique")]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.person_id}"


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "peserta", _("Peserta")
    WAITING = "cadangan", _("Daftar tunggu")
    REPLACED = "diganti", _("Digantikan")
    WITHDRAWN = "batal", _("Batal")


class Outcome(models.TextChoices):
    PENDING = "", _("Belum dinilai")
    COMPLETED = "selesai", _("Selesai")
    NOT_COMPLETED = "tidak_selesai", _("Tidak selesai")


class Enrollment(models.Model):
    """A person on an activity's list: a participant, on the waiting list, or replaced by a
    substitute; after the activity, whether they completed it and the JP credited."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="enrollments")
    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE,
                                 related_name="enrollments")
    status = models.CharField(_("status"), max_length=8, choices=EnrollmentStatus.choices,
                              default=EnrollmentStatus.ENROLLED)
    waitlist_rank = models.PositiveIntegerField(_("urutan tunggu"), null=True, blank=True)
    plan_assignment = models.ForeignKey("plan.PlanAssignment", on_delete=models.SET_NULL,
                                        null=True, blank=True, related_name="enrollments")
    substitute_for = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="substitutes",
                                       verbose_name=_("pengganti dari"))
    outcome = models.CharField(_("hasil"), max_length=14, choices=Outcome.choices, blank=True)
    attendance_share = models.DecimalField(_("kehadiran"), max_digits=4, decimal_places=3,
                                           null=True, blank=True)
    jp_credited = models.DecimalField(_("JP diakui"), max_digits=6, decimal_places=1,
                                      null=True, blank=True)
    record = models.OneToOneField("people.DevelopmentRecord", on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="enrollment")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["activity", "status", "waitlist_rank", "employee__name"]
        constraints = [models.UniqueConstraint(fields=["activity", "employee"],
                                               name="enrollment_unique")]
        indexes = [models.Index(fields=["employee", "status"])]
        verbose_name = _("peserta kegiatan")
        verbose_name_plural = _("peserta kegiatan")

    def __str__(self) -> str:
        return f"{self.activity_id} {self.employee_id} {self.status}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "hadir", _("Hadir")
    LATE = "terlambat", _("Terlambat")
    EXCUSED = "izin", _("Izin")
    ABSENT = "tidak_hadir", _("Tidak hadir")


class CheckInMethod(models.TextChoices):
    ORGANISER = "panitia", _("Dicatat panitia")
    UPLOAD = "unggah", _("Unggahan Excel")
    CODE = "kode", _("Kode sesi oleh peserta")


class Attendance(models.Model):
    """One participant at one session. Present and late count towards completion."""

    session = models.ForeignKey(ActivitySession, on_delete=models.CASCADE,
                                related_name="attendance")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE,
                                   related_name="attendance")
    status = models.CharField(_("kehadiran"), max_length=12, choices=AttendanceStatus.choices)
    method = models.CharField(_("cara"), max_length=8, choices=CheckInMethod.choices)
    checked_in_at = models.DateTimeField(_("waktu presensi"), null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "enrollment"],
                                               name="attendance_unique")]
        verbose_name = _("presensi")
        verbose_name_plural = _("presensi")

    def __str__(self) -> str:
        return f"{self.session_id} {self.enrollment_id} {self.status}"


class Certificate(models.Model):
    """The certificate of one completion. ``code`` is what the public verification page and
    the QR code use; it reveals nothing by itself."""

    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE,
                                      related_name="certificate")
    number = models.CharField(_("nomor sertifikat"), max_length=60, unique=True)
    code = models.CharField(_("kode verifikasi"), max_length=16, unique=True)
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=1)
    issued_at = models.DateTimeField(_("diterbitkan pada"))
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")

    def __str__(self) -> str:
        return self.number
