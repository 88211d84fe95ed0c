"""The public survey: the HTML form and the JSON API validate the same way, store nothing on
error, refuse bots quietly and throttle floods with HTTP 429."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bina.stakeholders.forms import form_token
from bina.stakeholders.models import Complaint, SurveyResponse
from bina.stakeholders.tests.conftest import answers, scores

pytestmark = pytest.mark.django_db


def survey_url(unit: Any) -> str:
    return reverse("public:survey", args=[unit.code])


def api_post(client: Client, code: str, payload: dict[str, Any], **extra: Any) -> Any:
    return client.post(f"/api/survei/{code}", data=json.dumps(payload),
                       content_type="application/json", **extra)


def test_it_shows_the_survey_without_login_with_nine_questions_and_four_answers(
        client: Client, world: Any) -> None:
    response = client.get(survey_url(world.upt))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bagaimana pelayanan kami?" in html
    assert world.upt.name in html
    assert html.count('type="radio"') == 36
    for word in ("Tidak baik", "Kurang baik", "Sangat baik", "Penanganan pengaduan"):
        assert word in html


def test_it_stores_a_complete_form_in_the_current_quarter(client: Client, world: Any) -> None:
    response = client.post(survey_url(world.upt), answers(world.upt, u4="1", comment="Antre"))
    assert response.status_code == 302
    assert response["Location"] == reverse("public:thanks", args=[world.upt.code])
    stored = SurveyResponse.objects.get()
    assert (stored.unit, stored.year, stored.quarter) == (world.upt, 2026, 4)
    assert stored.scores == {**{f"U{i}": 3 for i in range(1, 10)}, "U4": 1}
    assert stored.comment == "Antre"
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(("change", "message"), [
    ({"u3": "0"}, "Nilai U3 harus 1–4, bukan 0."),
    ({"u9": "5"}, "Nilai U9 harus 1–4, bukan 5."),
    ({"u5": ""}, "Unsur U5 belum dijawab."),
    ({"u2": "dua"}, "Nilai U2 harus 1–4."),
])
def test_the_form_rejects_out_of_range_or_missing_answers_and_stores_nothing(
        client: Client, world: Any, change: dict[str, str], message: str) -> None:
    response = client.post(survey_url(world.upt), answers(world.upt, **change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_the_form_keeps_the_given_answers_when_it_refuses(client: Client, world: Any) -> None:
    response = client.post(survey_url(world.upt), answers(world.upt, u1="4", u5=""))
    html = response.content.decode()
    assert 'name="u1" value="4" required checked' in html


@pytest.mark.parametrize(("change", "message", "field"), [
    ({"U3": 0}, "Nilai U3 harus 1–4, bukan 0.", "U3"),
    ({"U9": 5}, "Nilai U9 harus 1–4, bukan 5.", "U9"),
    ({"U10": 3}, "Unsur tidak dikenal: U10.", "U10"),
    ({"U1": True}, "Nilai U1 harus 1–4.", "U1"),
    ({"U1": 2.5}, "Nilai U1 harus 1–4.", "U1"),
])
def test_the_api_rejects_what_the_form_rejects(
        client: Client, world: Any, change: dict[str, Any], message: str, field: str) -> None:
    response = api_post(client, world.upt.code, {"scores": scores(**change)})
    assert response.status_code == 400
    assert response.json()["detail"].startswith(message)
    assert response.json()["field"] == field
    assert not SurveyResponse.objects.exists()


def test_the_api_rejects_a_missing_element(client: Client, world: Any) -> None:
    partial = scores()
    del partial["U7"]
    response = api_post(client, world.upt.code, {"scores": partial})
    assert response.status_code == 400
    assert response.json() == {"detail": "Unsur U7 belum dijawab.", "field": "U7"}
    assert not SurveyResponse.objects.exists()


def test_unknown_and_non_public_units_are_refused_by_form_and_api(
        client: Client, world: Any) -> None:
    # Dinas Kesehatan itself is not a public service unit; "XYZ" does not exist.
    for code in ("XYZ", world.dinkes.code):
        assert client.get(survey_url(type("U", (), {"code": code}))).status_code == 404
        assert client.post(f"/survei/{code}/", answers(world.upt)).status_code == 404
        response = api_post(client, code, {"scores": scores()})
        assert response.status_code == 404
        assert response.json()["field"] == "unit"
    assert not SurveyResponse.objects.exists()


def test_a_closed_unit_takes_no_more_answers(client: Client, world: Any) -> None:
    import datetime as dt

    world.upt.valid_to = dt.date(2026, 1, 1)
    world.upt.save()
    assert api_post(client, world.upt.code, {"scores": scores()}).status_code == 404


def test_the_api_stores_a_response_and_a_complaint_with_a_tracking_code(
        client: Client, world: Any) -> None:
    response = api_post(client, world.upt.code, {
        "scores": scores(U8=1), "comment": "Hasil lab terlambat",
        "complaint": {"text": "", "contact_phone": "0812-0000-0000"},
    })
    assert response.status_code == 201
    body = response.json()
    complaint = Complaint.objects.get()
    assert body["tracking_code"] == complaint.tracking_code
    assert complaint.text == "Hasil lab terlambat"  # the comment, as no text of its own
    assert complaint.contact_phone == "0812-0000-0000"
    assert SurveyResponse.objects.get().channel == "api"


def test_the_api_needs_no_login_and_no_csrf_token(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    assert api_post(client, world.upt.code, {"scores": scores()}).status_code == 201


def test_a_comment_over_1000_characters_is_refused(client: Client, world: Any) -> None:
    response = client.post(survey_url(world.upt), answers(world.upt, comment="x" * 1001))
    assert response.status_code == 400
    assert "paling banyak 1000" in response.content.decode()
    assert api_post(client, world.upt.code,
                    {"scores": scores(), "comment": "x" * 1001}).status_code == 400
    assert not SurveyResponse.objects.exists()


def test_a_complaint_needs_some_text_and_a_valid_email(client: Client, world: Any) -> None:
    response = client.post(survey_url(world.upt), answers(world.upt, file_complaint="on"))
    assert "Tuliskan isi pengaduan Anda." in response.content.decode()
    response = api_post(client, world.upt.code, {
        "scores": scores(), "complaint": {"text": "x", "contact_email": "bukan-surel"}})
    assert response.status_code == 400
    assert response.json()["field"] == "contact_email"
    assert not SurveyResponse.objects.exists()
    assert not Complaint.objects.exists()


def test_the_form_files_a_complaint_and_the_thank_you_page_shows_its_code(
        client: Client, world: Any) -> None:
    response = client.post(survey_url(world.upt), answers(
        world.upt, file_complaint="on", complaint_text="Petugas tidak ada di loket",
        contact_name="Ibu Ani"), follow=True)
    complaint = Complaint.objects.get()
    assert complaint.text == "Petugas tidak ada di loket"
    assert complaint.contact_name == "Ibu Ani"
    html = response.content.decode()
    assert complaint.tracking_code in html
    assert "Penilaian Anda sudah kami terima." in html


# --- bots -----------------------------------------------------------------------------------

def test_a_filled_honeypot_is_thanked_but_nothing_is_stored(client: Client, world: Any) -> None:
    response = client.post(survey_url(world.upt), answers(world.upt, website="http://spam"))
    assert response.status_code == 302
    assert response["Location"] == reverse("public:thanks", args=[world.upt.code])
    assert not SurveyResponse.objects.exists()


def test_a_form_sent_faster_than_a_person_can_is_thanked_but_not_stored(
        client: Client, world: Any) -> None:
    token = form_token(world.upt.pk, issued_at=time.time() - 1)
    response = client.post(survey_url(world.upt), answers(world.upt, token=token))
    assert response.status_code == 302
    assert not SurveyResponse.objects.exists()


def test_a_forged_or_foreign_stamp_asks_to_send_again_and_then_works(
        client: Client, world: Any, licensing: Any) -> None:
    foreign = form_token(licensing.pk, issued_at=time.time() - 60)
    for token in ("forged", foreign, ""):
        response = client.post(survey_url(world.upt), answers(world.upt, token=token))
        assert response.status_code == 400
        assert "kirim sekali lagi" in response.content.decode()
    assert not SurveyResponse.objects.exists()
    fresh = response.context["form"].data["token"]
    assert client.post(survey_url(world.upt),
                       answers(world.upt, token=fresh)).status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_the_shown_form_carries_a_stamp_for_its_own_unit(client: Client, world: Any) -> None:
    from bina.stakeholders.forms import token_age

    token = client.get(survey_url(world.upt)).context["form"].initial["token"]
    age = token_age(token, world.upt.pk)
    assert age is not None and 0 <= age < 5


# --- rate limits ----------------------------------------------------------------------------

def test_an_address_past_its_limit_gets_429_and_others_still_get_through(
        client: Client, world: Any, settings: Any) -> None:
    settings.BINA_SURVEY_RATE = {"address": (3, 60), "unit": (600, 60)}
    for _ in range(3):
        assert client.post(survey_url(world.upt), answers(world.upt)).status_code == 302
    refused = client.post(survey_url(world.upt), answers(world.upt))
    assert refused.status_code == 429
    assert "Terlalu banyak kiriman" in refused.content.decode()
    assert 1 <= int(refused["Retry-After"]) <= 60
    api_refused = api_post(client, world.upt.code, {"scores": scores()})
    assert api_refused.status_code == 429
    other = api_post(client, world.upt.code, {"scores": scores()}, REMOTE_ADDR="10.0.0.7")
    assert other.status_code == 201
    assert SurveyResponse.objects.count() == 4


def test_invalid_submissions_count_against_the_address_too(
        client: Client, world: Any, settings: Any) -> None:
    settings.BINA_SURVEY_RATE = {"address": (2, 60), "unit": (600, 60)}
    for _ in range(2):
        assert api_post(client, world.upt.code, {"scores": scores(U1=9)}).status_code == 400
    assert api_post(client, world.upt.code, {"scores": scores()}).status_code == 429


def test_a_unit_past_its_limit_gets_429_from_every_address(
        client: Client, world: Any, licensing: Any, settings: Any) -> None:
    settings.BINA_SURVEY_RATE = {"address": (100, 60), "unit": (3, 60)}
    for i in range(3):
        assert api_post(client, world.upt.code, {"scores": scores()},
                        REMOTE_ADDR=f"10.0.1.{i}").status_code == 201
    assert api_post(client, world.upt.code, {"scores": scores()},
                    REMOTE_ADDR="10.0.1.99").status_code == 429
    assert client.post(survey_url(world.upt), answers(world.upt),
                       REMOTE_ADDR="10.0.1.98").status_code == 429
    # another unit has its own allowance
    assert api_post(client, licensing.code, {"scores": scores()}).status_code == 201
    assert SurveyResponse.objects.filter(unit=world.upt).count() == 3


def test_a_flooding_address_does_not_use_up_the_units_allowance(
        client: Client, world: Any, settings: Any) -> None:
    settings.BINA_SURVEY_RATE = {"address": (2, 60), "unit": (5, 60)}
    for _ in range(20):
        api_post(client, world.upt.code, {"scores": scores()}, REMOTE_ADDR="10.9.9.9")
    for i in range(3):
        assert api_post(client, world.upt.code, {"scores": scores()},
                        REMOTE_ADDR=f"10.0.2.{i}").status_code == 201


def test_the_limit_opens_again_in_the_next_window(
        client: Client, world: Any, settings: Any) -> None:
    import time_machine

    settings.BINA_SURVEY_RATE = {"address": (1, 60), "unit": (600, 60)}
    assert api_post(client, world.upt.code, {"scores": scores()}).status_code == 201
    assert api_post(client, world.upt.code, {"scores": scores()}).status_code == 429
    with time_machine.travel(time.time() + 61, tick=False):
        assert api_post(client, world.upt.code, {"scores": scores()}).status_code == 201


def test_the_limiter_keeps_no_client_address(client: Client, world: Any) -> None:
    from bina.stakeholders.models import SurveyRateBucket

    api_post(client, world.upt.code, {"scores": scores()}, REMOTE_ADDR="203.0.113.77")
    keys = list(SurveyRateBucket.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert not any("203.0.113" in k for k in keys)


# --- escaping -------------------------------------------------------------------------------

def test_a_script_in_a_comment_or_complaint_is_shown_escaped(
        client: Client, world: Any) -> None:
    evil = '<script>alert("x")</script>'
    response = client.post(survey_url(world.upt), answers(
        world.upt, comment=evil, u1="9", complaint_text=evil, contact_name=evil))
    assert response.status_code == 400  # re-shown with what was typed
    html = response.content.decode()
    assert evil not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    client.post(survey_url(world.upt), answers(world.upt, file_complaint="on",
                                                complaint_text=evil))
    complaint = Complaint.objects.get()
    tracked = client.get(reverse("public:track", args=[complaint.tracking_code]))
    assert evil not in tracked.content.decode()
    assert "&lt;script&gt;" in tracked.content.decode()
    client.force_login(world.operator)
    staff_page = client.get(reverse("public:complaint", args=[complaint.pk]))
    assert evil not in staff_page.content.decode()


def test_the_form_works_with_csrf_checks_on(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    csrf = client.get(survey_url(world.upt)).cookies["csrftoken"].value
    assert client.post(survey_url(world.upt), answers(world.upt)).status_code == 403
    data = answers(world.upt, csrfmiddlewaretoken=csrf)
    assert client.post(survey_url(world.upt), data).status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_the_endpoint_is_in_the_api_document(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/survei/{unit_code}"]["post"]
    assert set(operation["responses"]) >= {"201", "400", "404", "429"}
    assert not operation.get("security")


def test_a_unit_code_used_by_two_agencies_is_not_guessed(client: Client, world: Any) -> None:
    from bina.org.services import unit_create

    unit_create(agency=world.other_agency, code=world.upt.code, kind="upt",
                is_public_service=True, name="Labkesda Boalemo")
    assert client.get(survey_url(world.upt)).status_code == 404


def test_old_rate_windows_are_pruned_when_a_unit_opens_a_new_one(
        client: Client, world: Any) -> None:
    import time_machine

    from bina.stakeholders.models import SurveyRateBucket

    api_post(client, world.upt.code, {"scores": scores()})
    assert SurveyRateBucket.objects.count() == 2
    with time_machine.travel(time.time() + 2 * 3600, tick=False):
        api_post(client, world.upt.code, {"scores": scores()})
    assert SurveyRateBucket.objects.count() == 2  # the two of the new window only


def test_the_limits_can_come_from_the_environment(settings: Any, monkeypatch: Any) -> None:
    from bina.stakeholders.services import survey_rates

    settings.BINA_SURVEY_RATE = None
    monkeypatch.setenv("BINA_SURVEY_RATE", "address=5/30;unit=1000/60")
    assert survey_rates() == {"address": (5, 30), "unit": (1000, 60)}
    monkeypatch.delenv("BINA_SURVEY_RATE")
    assert survey_rates() == {"address": (10, 60), "unit": (600, 60)}
