"""Pytest plugin: the shared test world (in the spirit of healthchecks' Alice, Bob and Charlie).

One agency with two OPD. Dinas Kesehatan has a bidang and a UPT; Inspektorat is elsewhere.
- ``kadis``: head of Dinas Kesehatan; ``kabid`` reports to kadis; ``staff`` reports to kabid;
  ``lab`` (in the UPT) reports to kadis; ``auditor`` works in Inspektorat.
- accounts: ``admin``, ``planner``, ``operator`` (of Dinas Kesehatan), ``leader`` (read-only),
  ``kabid_user`` (a supervisor), ``staff_user`` (an employee), ``auditor_user``.
And another agency (``other_agency``) with one employee nobody here may see.

Loaded for every test by ``pytest_plugins`` in the repository's root ``conftest.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django.utils import translation

FROZEN_NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[None]:
    with time_machine.travel(FROZEN_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in Indonesian: a request with the English cookie activates English in
    the thread (the locale middleware), which must not leak into the next test's messages."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_hashers(settings: Any) -> None:
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "bina.accounts.hashers.FirstLoginCodeHasher",
    ]


@dataclass
class World:
    agency: Any
    other_agency: Any
    dinkes: Any
    bidang: Any
    upt: Any
    inspektorat: Any
    kadis: Any
    kabid: Any
    staff: Any
    lab: Any
    auditor: Any
    outsider: Any
    admin: Any
    planner: Any
    operator: Any
    leader: Any
    kabid_user: Any
    staff_user: Any
    auditor_user: Any


def make_employee(agency: Any, unit: Any, position: Any, nip: str, name: str,
                  supervisor: Any = None, **extra: Any) -> Any:
    from bina.core.nip import parse_nip
    from bina.people.models import Employee, Placement
    from bina.reference.models import EducationLevel, Grade

    parsed = parse_nip(nip)
    employment_type = extra.pop("employment_type", "PNS" if parsed.layout == "PNS" else "PPPK")
    grade = Grade.objects.get(scheme="PPPK" if employment_type == "PPPK" else "PNS",
                              code=extra.pop("grade",
                                             "IX" if employment_type == "PPPK" else "III/b"))
    employee = Employee.objects.create(
        agency=agency, nip=nip, name=name, employment_type=employment_type, sex=parsed.sex.value,
        birth_date=parsed.birth_date, grade=grade,
        education=EducationLevel.objects.get(code=extra.pop("education", "S1")),
        unit=unit, position=position, supervisor=supervisor, **extra,
    )
    Placement.objects.create(employee=employee, unit=unit, position=position,
                             start_date=dt.date(2020, 1, 1))
    return employee


@pytest.fixture
def world(db: Any) -> World:
    from bina.accounts.models import Role, User
    from bina.org.models import Agency
    from bina.org.services import position_create, unit_create
    from bina.reference import models as reference_models
    from bina.reference.loader import load_reference_data

    # Transactional tests (the browser's) flush the tables the data migration filled.
    if not reference_models.Grade.objects.exists():
        load_reference_data(reference_models)

    agency = Agency.objects.create(code="prov-gorontalo", name="Pemerintah Provinsi Gorontalo",
                                   kind="provinsi")
    other = Agency.objects.create(code="kab-boalemo", name="Pemerintah Kabupaten Boalemo",
                                  kind="kabupaten")
    dinkes = unit_create(agency=agency, code="DINKES", name="Dinas Kesehatan", kind="opd")
    bidang = unit_create(agency=agency, code="DINKES-P2P", kind="bidang", parent=dinkes,
                         name="Bidang Pencegahan dan Pengendalian Penyakit")
    upt = unit_create(agency=agency, code="DINKES-LAB", kind="upt", parent=dinkes,
                      name="UPTD Balai Laboratorium Kesehatan Daerah", is_public_service=True)
    insp = unit_create(agency=agency, code="INSP", name="Inspektorat", kind="opd")
    other_unit = unit_create(agency=other, code="BKPSDM", name="BKPSDM Boalemo", kind="opd")

    head = position_create(agency=agency, code="KADINKES", name="Kepala Dinas Kesehatan",
                           position_type="jpt_pratama", unit=dinkes)
    kabid_pos = position_create(agency=agency, code="KABID-P2P", name="Kepala Bidang P2P",
                                position_type="administrator", unit=bidang)
    analyst = position_create(agency=agency, code="EPI", name="Epidemiolog Kesehatan",
                              position_type="fungsional", functional_level="ahli_pertama")
    lab_pos = position_create(agency=agency, code="PRANATA-LAB",
                              name="Pranata Laboratorium Kesehatan", position_type="fungsional",
                              functional_level="terampil")
    auditor_pos = position_create(agency=agency, code="AUDITOR", name="Auditor Ahli Muda",
                                  position_type="fungsional", functional_level="ahli_muda")
    other_pos = position_create(agency=other, code="ANALIS", name="Analis SDM Aparatur",
                                position_type="fungsional", functional_level="ahli_pertama")

    kadis = make_employee(agency, dinkes, head, "197003151995031002", "Rahmat Hasan",
                          grade="IV/b", education="S2")
    kabid = make_employee(agency, bidang, kabid_pos, "198005202005012003", "Sri Katili",
                          supervisor=kadis, grade="IV/a")
    staff = make_employee(agency, bidang, analyst, "199208172019031004", "Yusran Pakaya",
                          supervisor=kabid, email="yusran@example.org")
    lab = make_employee(agency, upt, lab_pos, "199511022022212005", "Nurhayati Daud",
                        supervisor=kadis, employment_type="PPPK")
    auditor = make_employee(agency, insp, auditor_pos, "198807072010011006", "Arifin Gobel")
    outsider = make_employee(other, other_unit, other_pos, "199001012015031007", "Budi Lamato")

    def account(username: str, role: str, **extra: Any) -> User:
        return User.objects.create_user(
            username=username,
            password="rahasia-123",  # noqa: S106 - the test world's shared password
            role=role,
            agency=extra.pop("agency", agency),
            **extra,
        )

    return World(
        agency=agency, other_agency=other, dinkes=dinkes, bidang=bidang, upt=upt,
        inspektorat=insp, kadis=kadis, kabid=kabid, staff=staff, lab=lab, auditor=auditor,
        outsider=outsider,
        admin=account("admin", Role.ADMIN),
        planner=account("perencana", Role.PLANNER),
        operator=account("operator.kesehatan", Role.OPERATOR, unit=dinkes),
        leader=account("pimpinan", Role.LEADERSHIP),
        kabid_user=account(kabid.nip, Role.EMPLOYEE, employee=kabid),
        staff_user=account(staff.nip, Role.EMPLOYEE, employee=staff),
        auditor_user=account(auditor.nip, Role.EMPLOYEE, employee=auditor),
    )
