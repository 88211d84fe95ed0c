"""Accounts: the NIP is the username of an ASN; roles decide what each account may see."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What an account may do. Supervisors are employees with subordinates: that is derived
    from the hierarchy, not granted."""

    ADMIN = "admin", _("Admin instansi")
    PLANNER = "planner", _("Perencana (BKD/BKPSDM)")
    OPERATOR = "operator", _("Operator unit")
    LEADERSHIP = "leadership", _("Pimpinan (hanya baca)")
    EMPLOYEE = "employee", _("Pegawai ASN")
    PARTNER = "partner", _("Mitra (perguruan tinggi/lembaga)")


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=12, choices=Role.choices, default=Role.EMPLOYEE)
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("instansi"),
    )
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operators",
        verbose_name=_("unit (untuk operator)"),
    )
    employee = models.OneToOneField(
        "people.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account",
        verbose_name=_("pegawai"),
    )
    organisation = models.ForeignKey(
        "org.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_accounts",
        verbose_name=_("organisasi mitra (untuk akun mitra)"),
    )
    must_change_password = models.BooleanField(_("wajib ganti kata sandi"), default=False)

    class Meta:
        verbose_name = _("akun")
        verbose_name_plural = _("akun")

    def __str__(self) -> str:
        return self.username


class FailedLogin(models.Model):
    """One failed sign-in, for the throttle (by username and by client address)."""

    username = models.CharField(max_length=150, db_index=True)
    client_address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.username} @ {self.at}"
