"""The roster rules, without a database."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bina.core.roster import (
    PNS_GRADES,
    PPPK_GRADES,
    Col,
    EmployeeRecord,
    EmployeeState,
    PositionRef,
    RosterLookups,
    RowError,
    SheetRow,
    UnitRef,
    find_cycles,
    normalise_grade,
    parse_date,
    roster_plan,
    supervisor_levels,
    validate_roster,
)

GRADES = {("PNS", code): i for i, code in enumerate(PNS_GRADES, start=1)}
GRADES |= {("PPPK", code): 100 + i for i, code in enumerate(PPPK_GRADES, start=1)}
EDUCATION = {code: i for i, code in enumerate(
    ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"), start=1)}
UNITS = (
    UnitRef(1, "DINKES", "Dinas Kesehatan"),
    UnitRef(2, "DISKOMINFO", "Dinas Komunikasi dan Informatika"),
    UnitRef(3, "DINKES-SEK", "Sekretariat"),
    UnitRef(4, "KOMINFO-SEK", "Sekretariat"),
)
POSITIONS = (
    PositionRef(10, "Analis Kebijakan Ahli Muda", "fungsional", "ahli_muda", None),
    PositionRef(11, "Kepala Dinas Kesehatan", "jpt_pratama", "", 1),
    PositionRef(12, "Pengadministrasi Umum", "pelaksana", "", 1),
    PositionRef(13, "Pengadministrasi Umum", "pelaksana", "", 2),
)
EXCEL_DATE = dt.datetime.combine(dt.date(1985, 3, 12), dt.time())  # a date cell: naive
NIP_A = "198503122010011004"
NIP_B = "199001012015032001"
NIP_C = "197805052003121003"
NIP_PPPK = "199511022022212005"


def lookups(**overrides: object) -> RosterLookups:
    values: dict[str, object] = {"grades": GRADES, "education": EDUCATION, "units": UNITS,
                                 "positions": POSITIONS}
    values.update(overrides)
    return RosterLookups(**values)  # type: ignore[arg-type]


def row(number: int = 2, **cells: object) -> SheetRow:
    values: dict[str, object] = {
        Col.NIP: NIP_A, Col.NAME: "Budi Santoso", Col.STATUS: "PNS", Col.GRADE: "III/b",
        Col.EDUCATION: "S1", Col.UNIT: "Dinas Kesehatan",
        Col.POSITION: "Analis Kebijakan Ahli Muda",
    }
    values.update({key.replace("_", " "): value for key, value in cells.items()})
    return SheetRow(number, values)


def codes(errors: tuple[RowError, ...]) -> list[tuple[int | None, str | None, str]]:
    return [(e.row, e.column, e.message.code) for e in errors]


def only_record(*rows: SheetRow, **overrides: object) -> EmployeeRecord:
    result = validate_roster(rows, lookups(**overrides))
    assert result.errors == ()
    (record,) = result.records
    return record


def test_it_accepts_a_valid_row_and_derives_sex_and_birth_date_from_the_nip() -> None:
    record = only_record(row())
    assert record.nip == NIP_A
    assert (record.sex, record.birth_date) == ("L", dt.date(1985, 3, 12))
    assert (record.grade_id, record.education_id) == (GRADES[("PNS", "III/b")], EDUCATION["S1"])
    assert (record.unit_id, record.position) == (1, 10)
    assert record.email is None  # the column is absent: keep what is stored


def test_it_reports_every_problem_of_a_row_not_only_the_first() -> None:
    result = validate_roster([row(5, NIP="19850312201001100X", GOLONGAN="V/a", PENDIDIKAN="S9",
                                  EMAIL="budi@", UNIT_KERJA="")], lookups())
    assert codes(result.errors) == [
        (5, Col.NIP, "nip.not_digits"),
        (5, Col.GRADE, "roster.grade"),
        (5, Col.EDUCATION, "roster.education"),
        (5, Col.UNIT, "roster.required"),
        (5, Col.EMAIL, "roster.email"),
    ]
    assert result.records == ()


def test_it_reports_problems_of_every_row() -> None:
    result = validate_roster([row(2, GOLONGAN="X"), row(3, NIP=NIP_B, PENDIDIKAN="")], lookups())
    assert codes(result.errors) == [(2, Col.GRADE, "roster.grade"),
                                    (3, Col.EDUCATION, "roster.required")]


def test_it_rejects_a_duplicate_nip_and_names_both_rows() -> None:
    result = validate_roster([row(2), row(3, NIP=NIP_B), row(7)], lookups())
    (error,) = result.errors
    assert (error.row, error.column) == (7, Col.NIP)
    assert error.message.render("id") == f"NIP {NIP_A} sudah ada di baris 2"
    assert error.message.render("en") == f"NIP {NIP_A} already appears on row 2"


def test_it_rejects_a_nip_held_by_another_agency() -> None:
    result = validate_roster([row()], lookups(other_agency_nips=frozenset({NIP_A})))
    assert codes(result.errors) == [(2, Col.NIP, "roster.nip_other_agency")]


@pytest.mark.parametrize("text", ["III/a", "III/A", "III a", "3a", "IIIa", " iii/a ", "3/a"])
def test_it_accepts_the_usual_spellings_of_a_golongan(text: str) -> None:
    assert only_record(row(GOLONGAN=text)).grade_id == GRADES[("PNS", "III/a")]


@pytest.mark.parametrize("value", ["IX", "9", 9, 9.0, "ix"])
def test_it_accepts_a_pppk_grade_as_roman_or_arabic(value: object) -> None:
    record = only_record(row(NIP=NIP_PPPK, STATUS_ASN="PPPK", GOLONGAN=value))
    assert record.grade_id == GRADES[("PPPK", "IX")]


def test_it_rejects_a_pns_golongan_for_pppk() -> None:
    result = validate_roster([row(NIP=NIP_PPPK, STATUS_ASN="PPPK", GOLONGAN="III/a")], lookups())
    (error,) = result.errors
    assert error.message.code == "roster.grade"
    assert "PPPK" in error.message.render("id") and "I–XVII" in error.message.render("id")


def test_it_uses_the_pns_layout_for_cpns_and_the_pppk_layout_for_pppk() -> None:
    assert only_record(row(STATUS_ASN="cpns")).employment_type == "CPNS"
    wrong = validate_roster([row(NIP=NIP_PPPK, STATUS_ASN="PNS")], lookups())
    assert codes(wrong.errors) == [(2, Col.NIP, "nip.tmt")]


def test_it_rejects_an_unknown_status() -> None:
    result = validate_roster([row(STATUS_ASN="honorer")], lookups())
    assert codes(result.errors) == [(2, Col.STATUS, "roster.status")]


def test_it_reads_pppk_paruh_waktu_as_part_time_pppk() -> None:
    record = only_record(row(NIP=NIP_PPPK, STATUS_ASN="PPPK Paruh Waktu", GOLONGAN="V"))
    assert (record.employment_type, record.is_part_time) == ("PPPK", True)


def test_it_rejects_part_time_for_a_pns() -> None:
    result = validate_roster([row(PPPK_PARUH_WAKTU="Y")], lookups())
    assert codes(result.errors) == [(2, Col.PART_TIME, "roster.part_time_not_pppk")]


def test_it_rejects_a_nip_that_lost_its_digits_in_a_number_cell() -> None:
    result = validate_roster([row(NIP=198503122010011004.0)], lookups())
    (error,) = result.errors
    assert (error.column, error.message.code) == (Col.NIP, "nip.scientific")
    assert "teks" in error.message.render("id")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12-03-1985", dt.date(1985, 3, 12)), ("12/03/1985", dt.date(1985, 3, 12)),
     ("1985-03-12", dt.date(1985, 3, 12)), (EXCEL_DATE, dt.date(1985, 3, 12)),
     (dt.date(1985, 3, 12), dt.date(1985, 3, 12)), ("2-3-1985", dt.date(1985, 3, 2))],
)
def test_it_reads_the_accepted_date_formats(value: object, expected: dt.date) -> None:
    assert parse_date(value) == expected


def test_it_rejects_an_impossible_date_and_a_non_date() -> None:
    result = validate_roster([row(2, TANGGAL_LAHIR="31-02-1990"),
                              row(3, NIP=NIP_B, TANGGAL_LAHIR="kemarin")], lookups())
    assert codes(result.errors) == [(2, Col.BIRTH_DATE, "roster.date_impossible"),
                                    (3, Col.BIRTH_DATE, "roster.date_format")]


def test_it_rejects_a_sex_or_birth_date_that_contradicts_the_nip() -> None:
    result = validate_roster([row(JENIS_KELAMIN="P", TANGGAL_LAHIR="13-03-1985")], lookups())
    assert codes(result.errors) == [(2, Col.SEX, "roster.sex_mismatch"),
                                    (2, Col.BIRTH_DATE, "roster.birth_mismatch")]


def test_it_accepts_a_sex_and_birth_date_that_agree_with_the_nip() -> None:
    only_record(row(JENIS_KELAMIN="Laki-laki", TANGGAL_LAHIR=EXCEL_DATE))


def test_it_matches_units_by_code_and_by_name_ignoring_case_and_spaces() -> None:
    assert only_record(row(UNIT_KERJA="diskominfo")).unit_id == 2
    assert only_record(row(UNIT_KERJA="  DINAS  kesehatan")).unit_id == 1


def test_it_suggests_the_closest_unit_name() -> None:
    result = validate_roster([row(UNIT_KERJA="Dinas Kesehatn")], lookups())
    (error,) = result.errors
    assert error.message.code == "roster.unit_suggest"
    assert error.message.render("en") == (
        "unit 'Dinas Kesehatn' not found; did you mean 'Dinas Kesehatan'?")


def test_it_asks_for_a_code_when_a_unit_name_is_ambiguous() -> None:
    result = validate_roster([row(UNIT_KERJA="Sekretariat")], lookups())
    (error,) = result.errors
    assert error.message.code == "roster.unit_ambiguous"
    assert "DINKES-SEK, KOMINFO-SEK" in error.message.render("id")


def test_it_explains_that_a_unit_was_closed() -> None:
    closed = UnitRef(9, "DINSOS-LAMA", "Dinas Sosial Lama", dt.date(2024, 1, 1))
    result = validate_roster([row(UNIT_KERJA="dinas sosial lama")],
                             lookups(units=(*UNITS, closed)))
    (error,) = result.errors
    assert error.message.render("id") == (
        "unit kerja 'dinas sosial lama' sudah ditutup sejak 01-01-2024; pakai unit penggantinya")


def test_it_prefers_the_position_of_the_rows_unit() -> None:
    assert only_record(row(UNIT_KERJA="DISKOMINFO", JABATAN="pengadministrasi umum")).position == 13


def test_it_creates_a_missing_position_only_when_its_type_is_given() -> None:
    result = validate_roster([row(2, JABATAN="Pranata Komputer Ahli Muda"),
                              row(3, NIP=NIP_B, JABATAN="Pranata Komputer Ahli Muda",
                                  JENIS_JABATAN="Fungsional", JENJANG="Ahli Muda")], lookups())
    assert result.ok  # row 2 uses the position row 3 defines
    (new,) = result.new_positions
    assert (new.name, new.position_type, new.functional_level) == (
        "Pranata Komputer Ahli Muda", "fungsional", "ahli_muda")
    assert {r.position for r in result.records} == {new.key}
    missing = validate_roster([row(JABATAN="Jabatan Baru")], lookups())
    assert codes(missing.errors) == [(2, Col.POSITION, "roster.position_unknown")]


def test_it_rejects_conflicting_definitions_of_a_new_position() -> None:
    result = validate_roster([row(2, JABATAN="Baru", JENIS_JABATAN="Pelaksana"),
                              row(3, NIP=NIP_B, JABATAN="baru", JENIS_JABATAN="Pengawas")],
                             lookups())
    assert codes(result.errors) == [(3, Col.POSITION_TYPE, "roster.position_conflict")]


def test_it_rejects_unknown_position_types_and_levels() -> None:
    result = validate_roster([row(JENIS_JABATAN="Direktur", JENJANG="Ahli Super"),
                              row(3, NIP=NIP_B, JENIS_JABATAN="Pelaksana", JENJANG="Ahli Muda")],
                             lookups())
    assert codes(result.errors) == [(2, Col.POSITION_TYPE, "roster.position_type"),
                                    (2, Col.LEVEL, "roster.level"),
                                    (3, Col.LEVEL, "roster.level_not_functional")]


def test_it_rejects_a_position_whose_type_contradicts_the_stored_one() -> None:
    result = validate_roster([row(JENIS_JABATAN="Fungsional", JENJANG="Ahli Pertama")], lookups())
    assert codes(result.errors) == [(2, Col.POSITION_TYPE, "roster.position_mismatch")]


def test_it_resolves_a_supervisor_from_the_file_and_from_the_agency() -> None:
    result = validate_roster(
        [row(2, NIP_ATASAN=NIP_B), row(3, NIP=NIP_B, NIP_ATASAN=NIP_C)],
        lookups(existing_nips=frozenset({NIP_C})),
    )
    assert [r.supervisor_nip for r in result.records] == [NIP_B, NIP_C]


def test_it_rejects_an_unknown_supervisor_and_a_self_supervisor() -> None:
    result = validate_roster([row(2, NIP_ATASAN=NIP_C), row(3, NIP=NIP_B, NIP_ATASAN=NIP_B)],
                             lookups())
    assert codes(result.errors) == [(2, Col.SUPERVISOR, "roster.supervisor_unknown"),
                                    (3, Col.SUPERVISOR, "roster.supervisor_self")]


def test_it_rejects_a_circle_of_supervisors_within_the_file() -> None:
    result = validate_roster([row(2, NIP_ATASAN=NIP_B), row(3, NIP=NIP_B, NIP_ATASAN=NIP_C),
                              row(4, NIP=NIP_C, NIP_ATASAN=NIP_A)], lookups())
    assert codes(result.errors) == [(r, Col.SUPERVISOR, "roster.supervisor_cycle")
                                    for r in (2, 3, 4)]
    assert f"{NIP_A} → {NIP_B} → {NIP_C} → {NIP_A}" in result.errors[0].message.render("id")


def test_it_rejects_a_circle_closed_through_the_stored_hierarchy() -> None:
    stored = lookups(existing_nips=frozenset({NIP_B}), existing_supervisors={NIP_B: NIP_A})
    result = validate_roster([row(2, NIP_ATASAN=NIP_B)], stored)
    assert codes(result.errors) == [(2, Col.SUPERVISOR, "roster.supervisor_cycle")]


def test_it_rejects_an_invalid_email_and_phone() -> None:
    result = validate_roster([row(EMAIL="budi at example", NO_HP="12ab")], lookups())
    assert codes(result.errors) == [(2, Col.EMAIL, "roster.email"),
                                    (2, Col.PHONE, "roster.phone")]


def test_it_gives_a_number_cell_phone_its_leading_zero_back() -> None:
    assert only_record(row(NO_HP=81234567890)).phone == "081234567890"


def test_it_refuses_a_file_without_rows() -> None:
    assert codes(validate_roster([], lookups()).errors) == [(None, None, "roster.no_rows")]


def test_find_cycles_finds_each_circle_once() -> None:
    graph = {"a": "b", "b": "c", "c": "a", "d": "a", "e": "e2"}
    assert find_cycles(graph, ["d", "a", "b", "e"]) == [["a", "b", "c"]]


def test_supervisor_levels_put_every_supervisor_before_the_people_they_supervise() -> None:
    staff = _state(nip="3", supervisor_nip="2")
    chief = _state(nip="2", supervisor_nip="1")
    head = _state(nip="1", supervisor_nip="0")  # "0" is not new: already has an id
    loner = _state(nip="4", supervisor_nip="")
    levels = supervisor_levels([staff, chief, loner, head])
    assert [[s.nip for s in level] for level in levels] == [["4", "1"], ["2"], ["3"]]


def _state(**changes: object) -> EmployeeState:
    record = only_record(row(EMAIL="lama@example.go.id"))
    state = roster_plan([record], {}).creates[0]
    return EmployeeState(**{**state.__dict__, **changes})


def test_the_plan_creates_updates_and_leaves_unchanged() -> None:
    stored = _state()
    same = only_record(row(EMAIL="lama@example.go.id"))
    moved = only_record(row(UNIT_KERJA="DISKOMINFO", EMAIL="lama@example.go.id"))
    new = only_record(row(NIP=NIP_B))
    assert roster_plan([same], {NIP_A: stored}).unchanged == 1
    plan = roster_plan([moved, new], {NIP_A: stored})
    assert [c.changed for c in plan.updates] == [("unit_id",)]
    assert [s.nip for s in plan.creates] == [NIP_B]


def test_an_absent_column_keeps_the_stored_value_and_a_blank_cell_clears_it() -> None:
    stored = _state(phone="0811", is_teacher=True)
    absent = roster_plan([only_record(row(EMAIL="lama@example.go.id"))], {NIP_A: stored})
    assert absent.unchanged == 1
    blank = roster_plan([only_record(row(EMAIL="", NO_HP="", GURU=""))], {NIP_A: stored})
    assert blank.updates[0].changed == ("is_teacher", "email", "phone")


@given(
    birth=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2000, 12, 31)),
    years_later=st.integers(min_value=18, max_value=40),
    month=st.integers(min_value=1, max_value=12),
    female=st.booleans(),
    serial=st.integers(min_value=1, max_value=999),
)
def test_valid_pns_nips_round_trip_with_their_birth_date_and_sex(
    birth: dt.date, years_later: int, month: int, female: bool, serial: int
) -> None:
    nip = f"{birth:%Y%m%d}{birth.year + years_later}{month:02d}{2 if female else 1}{serial:03d}"
    record = only_record(row(NIP=nip, TANGGAL_LAHIR=f"{birth:%d-%m-%Y}",
                             JENIS_KELAMIN="P" if female else "L"))
    assert (record.nip, record.birth_date, record.sex) == (nip, birth, "P" if female else "L")


@given(code=st.sampled_from(PNS_GRADES), style=st.integers(min_value=0, max_value=4))
def test_every_golongan_reads_back_in_every_spelling(code: str, style: int) -> None:
    group, room = code.split("/")
    arabic = str(("I", "II", "III", "IV").index(group) + 1)
    spelling = [code, code.upper(), f"{group} {room}", f"{arabic}{room}", f"{group}{room}"][style]
    assert normalise_grade(spelling, "PNS") == code


def test_the_core_module_does_not_import_django() -> None:
    source = pathlib.Path(__file__).parents[1].joinpath("roster.py").read_text()
    assert "django" not in source.replace("Django", "")
