"""The registry of resource persons: upsert validation, expertise, an activity's speakers, the
suggestion of resource persons for a programme, the settings page, and who may see what."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bina.delivery.models import ActivitySpeaker, DeliverySettings, ResourcePerson
from bina.delivery.resources import (
    delivery_settings_update,
    expertise_set,
    resource_person_upsert,
    speaker_add,
    speaker_remove,
    suggest_resource_persons,
)
from bina.delivery.services import DeliveryError
from bina.delivery.tests.factories import make_activity, make_programme
from bina.plan.models import Programme, ProgrammeGain
from bina.reference.models import Competency
from bina.testing import World


def competency(code: str) -> Competency:
    return Competency.objects.get(code=code, agency__isnull=True)


def person(world: World, name: str, levels: dict[str, int], *, ikm: str | None = None,
           **extra: Any) -> ResourcePerson:
    p = resource_person_upsert(agency=world.agency, user=world.planner, name=name,
                               home_agency=extra.pop("home_agency", "BPSDM Provinsi Gorontalo"),
                               evidence_ikm=ikm, **extra)
    expertise_set(person=p, levels={competency(c).pk: lvl for c, lvl in levels.items()},
                  user=world.planner)
    return p


def programme_with_gains(world: World) -> Programme:
    programme = make_programme(world, "YAN", name="Pelatihan Pelayanan Publik")
    ProgrammeGain.objects.create(programme=programme, competency=competency("M.5"), levels=2)
    ProgrammeGain.objects.create(programme=programme, competency=competency("M.1"), levels=1)
    return programme


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


# --------------------------------------------------------------------------------------------
# Upsert and expertise


def test_upsert_creates_then_updates_the_same_person_by_name_and_home_agency(world: World
                                                                            ) -> None:
    first = resource_person_upsert(agency=world.agency, user=world.planner,
                                   name="  Dr. Hasan   Mooduto ", home_agency="Universitas "
                                   "Negeri Gorontalo", evidence_ikm="86,4")
    again = resource_person_upsert(agency=world.agency, user=world.planner,
                                   name="Dr. Hasan Mooduto",
                                   home_agency="Universitas Negeri Gorontalo",
                                   position_title="Lektor Kepala")
    assert again.pk == first.pk
    assert again.name == "Dr. Hasan Mooduto"
    assert again.evidence_ikm == Decimal("86.40")
    assert again.position_title == "Lektor Kepala"
    assert ResourcePerson.objects.count() == 1


@pytest.mark.parametrize(("fields", "message"), [
    ({"name": " "}, "Nama narasumber wajib diisi"),
    ({"name": "A", "evidence_ikm": "101"}, "IKM harus antara 0 dan 100"),
    ({"name": "A", "evidence_ikm": "baik"}, "IKM harus berupa angka"),
    ({"name": "A", "email": "bukan-surel"}, "surel"),
    ({"name": "A", "kind": "dukun"}, "Jenis narasumber tidak dikenal"),
    ({"name": "A", "salary": 1}, "Kolom tidak dikenal: salary"),
])
def test_upsert_rejects_invalid_input_with_the_reason(world: World, fields: dict[str, Any],
                                                      message: str) -> None:
    with pytest.raises(DeliveryError, match=message):
        resource_person_upsert(agency=world.agency, user=world.planner, **fields)
    assert not ResourcePerson.objects.exists()


def test_upsert_rejects_an_employee_of_another_agency(world: World) -> None:
    with pytest.raises(DeliveryError, match="bukan pegawai instansi ini"):
        resource_person_upsert(agency=world.agency, user=world.planner, name="Budi",
                               employee=world.outsider)


def test_expertise_set_replaces_the_levels_and_rejects_level_six(world: World) -> None:
    p = person(world, "Sri", {"M.5": 4, "M.1": 3})
    expertise_set(person=p, levels={competency("M.5").pk: 5}, user=world.planner)
    assert {(e.competency.code, e.level) for e in p.expertise.all()} == {("M.5", 5)}
    with pytest.raises(DeliveryError, match="1–5"):
        expertise_set(person=p, levels={competency("M.1").pk: 6}, user=world.planner)
    assert p.expertise.count() == 1


# --------------------------------------------------------------------------------------------
# Speakers


def test_speaker_add_and_remove(world: World) -> None:
    activity = make_activity(world)
    p = person(world, "Sri", {"M.5": 4})
    speaker = speaker_add(activity=activity, person=p, role="narasumber",
                          topic="Standar pelayanan", user=world.planner)
    assert speaker.topic == "Standar pelayanan"
    with pytest.raises(DeliveryError, match="sudah menjadi narasumber"):
        speaker_add(activity=activity, person=p, role="narasumber", topic="", user=None)
    speaker_remove(speaker=speaker, user=world.planner)
    assert not ActivitySpeaker.objects.exists()


def test_speaker_add_refuses_an_inactive_person(world: World) -> None:
    activity = make_activity(world)
    p = person(world, "Sri", {"M.5": 4}, is_active=False)
    with pytest.raises(DeliveryError, match="tidak aktif"):
        speaker_add(activity=activity, person=p, role="narasumber", topic="", user=None)


# --------------------------------------------------------------------------------------------
# Suggestions


def test_suggestions_put_the_person_with_the_programmes_competencies_at_high_level_first(
        world: World) -> None:
    programme = programme_with_gains(world)
    person(world, "Ani Low", {"M.5": 2, "M.1": 2}, ikm="95")
    person(world, "Budi High", {"M.5": 5, "M.1": 4}, ikm="70")
    person(world, "Citra Partial", {"M.5": 5}, ikm="99")
    person(world, "Dedi Other", {"M.3": 5}, ikm="99")
    person(world, "Eka Inactive", {"M.5": 5, "M.1": 5}, is_active=False)
    found = suggest_resource_persons(programme)
    assert [s.person.name for s in found] == ["Budi High", "Citra Partial", "Ani Low"]
    best = found[0]
    assert best.score == pytest.approx((2 * 5 / 5 + 1 * 4 / 5) / 3)
    assert "M.5" in best.reason and "2 dari 2 kompetensi program" in best.reason
    assert found[1].missing == ("M.1",)


def test_suggestions_break_ties_by_ikm_with_no_ikm_last(world: World) -> None:
    programme = programme_with_gains(world)
    person(world, "A No Evidence", {"M.5": 4, "M.1": 4})
    person(world, "B Lower", {"M.5": 4, "M.1": 4}, ikm="78,5")
    person(world, "C Higher", {"M.5": 4, "M.1": 4}, ikm="88")
    assert [s.person.name for s in suggest_resource_persons(programme)] == [
        "C Higher", "B Lower", "A No Evidence"]


def test_suggestions_respect_the_limit_and_need_gains(world: World) -> None:
    programme = programme_with_gains(world)
    for i in range(4):
        person(world, f"P{i}", {"M.5": 3})
    assert len(suggest_resource_persons(programme, limit=2)) == 2
    assert suggest_resource_persons(make_programme(world, "EMPTY")) == []


# --------------------------------------------------------------------------------------------
# Settings


def test_settings_update_checks_the_nip_and_share(world: World) -> None:
    with pytest.raises(DeliveryError, match="18 angka"):
        delivery_settings_update(agency=world.agency, user=world.admin, signer_nip="123")
    with pytest.raises(DeliveryError, match="paling banyak 1"):
        delivery_settings_update(agency=world.agency, user=world.admin,
                                 max_away_share=Decimal("1.5"))
    saved = delivery_settings_update(agency=world.agency, user=world.admin,
                                     letterhead=" PEMERINTAH \n\n BKD ", signer_nip=
                                     "197003151995031002")
    assert saved.letterhead == "PEMERINTAH\nBKD"


def test_the_settings_page_saves_for_the_admin_and_refuses_an_operator(world: World) -> None:
    url = reverse("resources:settings")
    assert login(Client(), world.operator).get(url).status_code == 403
    client = login(Client(), world.admin)
    response = client.post(url, {"letterhead": "PEMERINTAH PROVINSI GORONTALO\nBADAN "
                                 "KEPEGAWAIAN DAERAH", "city": "Gorontalo",
                                 "signer_title": "Kepala BKD", "signer_name": "Rahmat",
                                 "signer_nip": "197003151995031002", "max_away_share": "0.3"})
    assert response.status_code == 302
    settings = DeliverySettings.objects.get(agency=world.agency)
    assert settings.city == "Gorontalo" and settings.max_away_share == Decimal("0.30")


# --------------------------------------------------------------------------------------------
# Pages and access


def test_the_planner_adds_a_person_with_expertise_through_the_form(world: World) -> None:
    client = login(Client(), world.planner)
    response = client.post(reverse("resources:new"), {
        "name": "Dr. Hasan Mooduto", "kind": "narasumber", "home_agency": "UNG",
        "email": "hasan@example.org", "evidence_ikm": "86,4", "is_active": "on",
        "competency_0": str(competency("M.5").pk), "level_0": "5"})
    assert response.status_code == 302, response.content.decode()[:2000]
    p = ResourcePerson.objects.get(name="Dr. Hasan Mooduto")
    assert p.expertise.get().level == 5


def test_the_form_refuses_a_competency_without_level(world: World) -> None:
    client = login(Client(), world.planner)
    response = client.post(reverse("resources:new"), {
        "name": "X", "kind": "narasumber", "home_agency": "UNG",
        "competency_0": str(competency("M.5").pk)})
    assert response.status_code == 200
    assert "Pilih level 1–5." in response.content.decode()
    assert not ResourcePerson.objects.exists()


def test_contact_data_is_shown_to_planners_only(world: World) -> None:
    person(world, "Sri", {"M.5": 4}, email="sri@example.org", phone="081234")
    planner_page = login(Client(), world.planner).get(reverse("resources:list")).content
    operator_page = login(Client(), world.operator).get(reverse("resources:list"))
    assert b"sri@example.org" in planner_page
    assert operator_page.status_code == 200
    assert b"Sri" in operator_page.content and b"sri@example.org" not in operator_page.content
    p = ResourcePerson.objects.get()
    detail = login(Client(), world.operator).get(reverse("resources:detail", args=[p.pk]))
    assert b"081234" not in detail.content


def test_employees_may_not_open_the_registry_and_operators_may_not_edit(world: World) -> None:
    p = person(world, "Sri", {"M.5": 4})
    assert login(Client(), world.staff_user).get(reverse("resources:list")).status_code == 403
    operator = login(Client(), world.operator)
    assert operator.get(reverse("resources:edit", args=[p.pk])).status_code == 403
    assert operator.get(reverse("resources:new")).status_code == 403


def test_the_suggestion_page_lists_the_best_person_first(world: World) -> None:
    programme = programme_with_gains(world)
    person(world, "Ani Low", {"M.5": 2})
    person(world, "Budi High", {"M.5": 5, "M.1": 5})
    page = login(Client(), world.planner).get(reverse("resources:suggest"),
                                              {"program": programme.pk}).content.decode()
    assert page.index("Budi High") < page.index("Ani Low")
    assert "100%" in page


def test_the_speakers_page_adds_and_removes_a_speaker(world: World) -> None:
    activity = make_activity(world)
    p = person(world, "Sri", {"M.5": 4})
    client = login(Client(), world.planner)
    url = reverse("resources:activity_speakers", args=[activity.pk])
    assert client.post(url, {"person": p.pk, "role": "fasilitator",
                             "topic": "Inovasi"}).status_code == 302
    speaker = ActivitySpeaker.objects.get()
    assert speaker.role == "fasilitator"
    assert b"Inovasi" in client.get(url).content
    client.post(reverse("resources:speaker_remove", args=[activity.pk, speaker.pk]))
    assert not ActivitySpeaker.objects.exists()
    assert login(Client(), world.operator).get(url).status_code == 403


# --------------------------------------------------------------------------------------------
# Excel import (all or nothing)


def test_the_template_round_trips_through_the_import(world: World, tmp_path: Any) -> None:
    from django.core.management import call_command

    person(world, "Sri", {"M.5": 4, "M.1": 3}, ikm="86,4", email="sri@example.org")
    path = tmp_path / "narasumber.xlsx"
    call_command("template_resource_persons", "-o", str(path), "--agency", "prov-gorontalo")
    ResourcePerson.objects.all().delete()
    call_command("import_resource_persons", str(path), "--agency", "prov-gorontalo")
    p = ResourcePerson.objects.get()
    assert (p.name, p.evidence_ikm, p.email) == ("Sri", Decimal("86.40"), "sri@example.org")
    assert {(e.competency.code, e.level) for e in p.expertise.all()} == {("M.5", 4), ("M.1", 3)}


def test_the_import_keeps_nothing_when_one_row_is_wrong(world: World, tmp_path: Any,
                                                        capsys: Any) -> None:
    from django.core.management import CommandError, call_command
    from openpyxl import Workbook

    from bina.delivery.resource_io import HEADERS

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(HEADERS))
    ws.append(["Ani", "narasumber", "UNG", "", "", "", "", "", "88", "ya", "M.5=4"])
    ws.append(["Budi", "narasumber", "UNG", "", "", "", "", "", "88", "ya", "X.99=4"])
    path = tmp_path / "salah.xlsx"
    wb.save(path)
    with pytest.raises(CommandError) as caught:
        call_command("import_resource_persons", str(path), "--agency", "prov-gorontalo")
    assert caught.value.returncode == 2
    assert "salah.xlsx:3:KEAHLIAN: kompetensi 'X.99' tidak ada" in capsys.readouterr().err
    assert not ResourcePerson.objects.exists()
