"""Partners: organisations of the registry the agency works with, their contacts and agreements
(MoU/PKS with quotas), the programmes they offer into the catalogue, and degree study
(tugas belajar / izin belajar) at partner universities, tracked over semesters."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Partner(models.Model):
    """A partner: one organisation of the registry (``org.Organisation``) the agency works with."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="partners")
    organisation = models.OneToOneField("org.Organisation", on_delete=models.PROTECT,
                                        related_name="partner",
                                        verbose_name=_("organisasi"))
    since = models.DateField(_("mitra sejak"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    notes = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("mitra")
        verbose_name_plural = _("mitra")

    def __str__(self) -> str:
        return self.organisation.name


class PartnerContact(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("nama"), max_length=160)
    role = models.CharField(_("jabatan/peran"), max_length=160, blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    email = models.EmailField(_("surel"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kontak mitra")
        verbose_name_plural = _("kontak mitra")

    def __str__(self) -> str:
        return self.name


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Nota Kesepahaman (MoU)")
    PKS = "pks", _("Perjanjian Kerja Sama (PKS)")


class Agreement(models.Model):
    """An MoU or PKS with a partner: number, scope, validity and the signed document."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(_("jenis"), max_length=4, choices=AgreementKind.choices)
    number = models.CharField(_("nomor"), max_length=100)
    scope = models.TextField(_("ruang lingkup"))
    start_date = models.DateField(_("berlaku sejak"))
    end_date = models.DateField(_("berlaku sampai"))
    document = models.FileField(_("dokumen"), upload_to="perjanjian/%Y/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["end_date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "number"], name="agreement_number_unique"),
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                   name="agreement_dates_ordered"),
        ]
        verbose_name = _("perjanjian kerja sama")
        verbose_name_plural = _("perjanjian kerja sama")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class QuotaKind(models.TextChoices):
    DEGREE_STUDY = "tugas_belajar", _("Kursi beasiswa tugas belajar")
    STUDY_PERMIT = "izin_belajar", _("Kursi izin belajar")
    TRAINING = "pelatihan", _("Kursi pelatihan")


class AgreementQuota(models.Model):
    """Places an agreement grants (e.g. 10 scholarship places for tugas belajar). The places
    used are counted from the degree studies (or class participants) charged to it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="quotas")
    kind = models.CharField(_("jenis kuota"), max_length=14, choices=QuotaKind.choices)
    places = models.PositiveIntegerField(_("jumlah kursi"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "kind"], name="agreement_quota_unique"),
        ]
        verbose_name = _("kuota perjanjian")
        verbose_name_plural = _("kuota perjanjian")

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.kind} {self.places}"


class OfferKind(models.TextChoices):
    SHORT_COURSE = "kursus", _("Kursus singkat/pelatihan")
    CERTIFICATE = "sertifikasi", _("Program sertifikasi")
    DEGREE_STUDY = "tugas_belajar", _("Pendidikan gelar (tugas belajar)")
    STUDY_PERMIT = "izin_belajar", _("Pendidikan gelar (izin belajar)")


DEGREE_OFFER_KINDS = frozenset({OfferKind.DEGREE_STUDY, OfferKind.STUDY_PERMIT})


class OfferStatus(models.TextChoices):
    PENDING = "diajukan", _("Menunggu telaah")
    ACCEPTED = "diterima", _("Diterima")
    REJECTED = "ditolak", _("Ditolak")


class ProgrammeOffer(models.Model):
    """A programme a partner offers into the catalogue. The planner reviews it: accepted, it
    becomes a catalogue ``plan.Programme`` (and only then can be planned); rejected, with a
    reason."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE,
                               related_name="programme_offers")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="offers")
    kind = models.CharField(_("jenis tawaran"), max_length=14, choices=OfferKind.choices)
    name = models.CharField(_("nama program"), max_length=200)
    path = models.ForeignKey("reference.DevelopmentPath", on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("jalur"))
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=1)
    seats_per_class = models.PositiveIntegerField(_("kursi per kelas"))
    cost_per_participant = models.PositiveBigIntegerField(_("biaya per peserta (Rp)"),
                                                          default=0)
    description = models.TextField(_("uraian"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=OfferStatus.choices,
                              default=OfferStatus.PENDING)
    submitted_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("ditelaah pada"), null=True, blank=True)
    reject_reason = models.TextField(_("alasan penolakan"), blank=True)
    programme = models.OneToOneField("plan.Programme", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="partner_offer",
                                     verbose_name=_("program katalog"))

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(jp__gte=0), name="offer_jp_not_negative"),
            models.CheckConstraint(condition=models.Q(seats_per_class__gt=0),
                                   name="offer_seats_positive"),
        ]
        verbose_name = _("tawaran program mitra")
        verbose_name_plural = _("tawaran program mitra")

    def __str__(self) -> str:
        return self.name


class StudyKind(models.TextChoices):
    DEGREE_STUDY = "tugas_belajar", _("Tugas belajar")
    STUDY_PERMIT = "izin_belajar", _("Izin belajar")


class StudyLevel(models.TextChoices):
    S1 = "S1", "S1"
    S2 = "S2", "S2"
    S3 = "S3", "S3"


class StudyStatus(models.TextChoices):
    ONGOING = "berjalan", _("Sedang belajar")
    GRADUATED = "lulus", _("Lulus")
    STOPPED = "berhenti", _("Berhenti")


class DegreeStudy(models.Model):
    """One employee's degree study at a partner university (tugas belajar or izin belajar)."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE,
                               related_name="degree_studies")
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT,
                                 related_name="degree_studies", verbose_name=_("pegawai"))
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="studies",
                                verbose_name=_("perguruan tinggi"))
    agreement = models.ForeignKey(Agreement, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="studies",
                                  verbose_name=_("perjanjian (kuota)"))
    programme = models.ForeignKey("plan.Programme", on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+",
                                  verbose_name=_("program katalog"))
    study_programme = models.CharField(_("program studi"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=14, choices=StudyKind.choices)
    level = models.CharField(_("jenjang"), max_length=2, choices=StudyLevel.choices)
    start_date = models.DateField(_("mulai"))
    expected_end = models.DateField(_("perkiraan selesai"))
    return_to_duty = models.DateField(_("kembali bertugas"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=StudyStatus.choices,
                              default=StudyStatus.ONGOING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(expected_end__gt=models.F("start_date")),
                                   name="study_dates_ordered"),
        ]
        verbose_name = _("tugas/izin belajar")
        verbose_name_plural = _("tugas/izin belajar")

    def __str__(self) -> str:
        return f"{self.employee_id} {self.level} {self.study_programme}"


class SemesterStatus(models.TextChoices):
    ACTIVE = "aktif", _("Berjalan")
    PASSED = "lulus", _("Selesai")
    LEAVE = "cuti", _("Cuti akademik")
    FAILED = "tidak_lulus", _("Tidak selesai")


class StudySemester(models.Model):
    """One semester of a degree study. A completed semester is recognised as JP by the
    agency's rule for path PEND (regulation.md §2.2); the JP and the rule's source are kept."""

    study = models.ForeignKey(DegreeStudy, on_delete=models.CASCADE, related_name="semesters")
    number = models.PositiveSmallIntegerField(_("semester ke"))
    status = models.CharField(_("status"), max_length=12, choices=SemesterStatus.choices,
                              default=SemesterStatus.ACTIVE)
    gpa = models.DecimalField(_("IP semester"), max_digits=3, decimal_places=2, null=True,
                              blank=True)
    jp_recognised = models.DecimalField(_("JP diakui"), max_digits=6, decimal_places=1,
                                        default=0)
    jp_rule_source = models.CharField(_("dasar pengakuan JP"), max_length=400, blank=True)

    class Meta:
        ordering = ["study", "number"]
        constraints = [
            models.UniqueConstraint(fields=["study", "number"], name="semester_unique"),
            models.CheckConstraint(condition=models.Q(gpa__isnull=True)
                                   | models.Q(gpa__gte=0, gpa__lte=4),
                                   name="semester_gpa_0_4"),
        ]
        verbose_name = _("semester")
        verbose_name_plural = _("semester")

    def __str__(self) -> str:
        return f"{self.study_id} #{self.number}"
