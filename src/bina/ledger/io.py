"""Excel files of the ledger: the year's JP progress (with a summary sheet), the list of ASN
with no development, and the export for the national personnel system (SIASN).

**SIASN layout.** The columns follow the SIASN *riwayat kursus* record (every development
other than structural leadership training) as exposed by the community SDK
``black-coffee04/ws-siasn-php@9cb35485`` (regulation.md §9; peers.md §2.7): ``namaKursus``,
``jenisDiklatId``, ``jumlahJam``, ``tanggalKursus``, ``tanggalSelesaiKursus``,
``institusiPenyelenggara``, ``nomorSertipikat``, ``tahunKursus``. No official BKN document was
read: the layout is **UNVERIFIED**. ``jenisDiklatId`` is SIASN's numeric id of the path
(reference ``jenisDiklat`` 1–25); the file gives the KL/NKL path code, which the operator maps
when entering. The person is named by NIP (SIASN's ``pnsOrangId`` is its own internal id).
Ledger rows that came from SIASN itself (source "siasn") are left out: they are already there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from io import BytesIO

from openpyxl import Workbook

from bina.ledger.selectors import STATUSES, PersonProgress, Summary, UnitSummary
from bina.org.models import Unit
from bina.people.models import DevelopmentRecord, DevelopmentSource
from bina.web.xlsx import header_row, percent_cell, title_rows

STATUS_LABELS = {
    "met": ("Tercapai", "Met"),
    "on_track": ("Sesuai jalur", "On track"),
    "at_risk": ("Berisiko", "At risk"),
    "exempt": ("Dikecualikan", "Exempt"),
    "not_applicable": ("Tidak berlaku (PPPK)", "Not applicable (PPPK)"),
}
EXEMPTION_LABELS = {
    "": ("", ""),
    "tugas_belajar": ("Tugas belajar", "Degree study"),
    "cltn": ("CLTN", "Long leave (CLTN)"),
    "pensiun": ("Pensiun pada tahun ini", "Retiring this year"),
    "berhenti": ("Berhenti/pindah", "Left the agency"),
    "pppk": ("PPPK: paling banyak 24 JP", "PPPK: at most 24 JP"),
}


def status_label(status: str, lang: str = "id") -> str:
    pair = STATUS_LABELS.get(status, (status, status))
    return pair[1] if lang == "en" else pair[0]


def exemption_label(exemption: str, lang: str = "id") -> str:
    pair = EXEMPTION_LABELS.get(exemption, (exemption, exemption))
    return pair[1] if lang == "en" else pair[0]


def _num(value: object) -> float | int:
    number = float(str(value))
    return int(number) if number.is_integer() else number


def progress_xlsx(year: int, people: Sequence[PersonProgress], units: dict[int, Unit],
                  per_unit: Sequence[UnitSummary], total: Summary) -> bytes:
    """The year's progress per person, and a summary sheet per unit and for the agency."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Pegawai")
    title_rows(ws, f"Capaian hak 20 JP tahun {year}",
               "Unit = unit pada akhir tahun; JP terjadwal = JP program kegiatan yang belum "
               "selesai pada tahun ini.")
    header_row(ws, ["NIP", "Nama", "Kode unit", "Unit", "Status ASN", "Golongan",
                    "JP direncanakan", "JP diperoleh", "JP terjadwal", "Status 20 JP",
                    "Pengecualian"],
               [21, 34, 14, 34, 10, 10, 14, 13, 13, 20, 24])
    for p in people:
        unit = units.get(p.unit_id)
        ws.append([p.nip, p.name, unit.code if unit else "", unit.name if unit else "",
                   p.employment_type, p.grade, _num(p.planned_jp), _num(p.earned_jp),
                   _num(p.upcoming_jp), status_label(p.status), exemption_label(p.exemption)])
    summary = wb.create_sheet("Ringkasan")
    title_rows(summary, f"Ringkasan hak 20 JP tahun {year}",
               "Persentase tercapai dihitung dari PNS/CPNS yang berhak (tidak dikecualikan).")
    header_row(summary, ["Kode unit", "Unit", "Pegawai", "Berhak 20 JP",
                         *[status_label(s) for s in STATUSES], "% tercapai",
                         "Rata-rata JP diperoleh", "JP direncanakan", "JP diperoleh"],
               [14, 36, 10, 12, 11, 12, 11, 12, 18, 11, 14, 14, 13])
    rows = [(u.code, u.name, u.summary) for u in per_unit] + [("", "Seluruh instansi", total)]
    for code, name, s in rows:
        summary.append([code, name, s.people, s.counted, *[s.counts[k] for k in STATUSES],
                        percent_cell(summary, s.share_met),
                        _num(s.mean_earned) if s.mean_earned is not None else None,
                        _num(s.planned), _num(s.earned)])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def no_development_xlsx(year: int, people: Sequence[PersonProgress],
                        units: dict[int, Unit], note: str) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tanpa pengembangan")
    title_rows(ws, f"ASN tanpa pengembangan kompetensi tahun {year}", note)
    header_row(ws, ["NIP", "Nama", "Kode unit", "Unit", "Status ASN", "Golongan",
                    "JP direncanakan", "JP terjadwal", "Status 20 JP"],
               [21, 34, 14, 36, 10, 10, 14, 13, 20])
    for p in people:
        unit = units.get(p.unit_id)
        ws.append([p.nip, p.name, unit.code if unit else "", unit.name if unit else "",
                   p.employment_type, p.grade, _num(p.planned_jp), _num(p.upcoming_jp),
                   status_label(p.status)])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


SIASN_HEADERS = ("NIP", "Nama", "namaKursus", "jenisDiklatId (kode jalur)", "jumlahJam",
                 "tanggalKursus", "tanggalSelesaiKursus", "institusiPenyelenggara",
                 "nomorSertipikat", "tahunKursus")
SIASN_NOTE = ("Kolom mengikuti riwayat kursus SIASN menurut SDK komunitas "
              "black-coffee04/ws-siasn-php@9cb35485 (regulation.md §9), bukan dokumen resmi "
              "BKN: BELUM TERVERIFIKASI. jenisDiklatId berisi kode jalur KL/NKL; tanggal "
              "dd-mm-yyyy. Riwayat yang berasal dari SIASN tidak disertakan.")


def siasn_records(agency_id: int, year: int,
                  employee_ids: Iterable[int] | None = None) -> list[DevelopmentRecord]:
    """The year's completed development (ledger rows ending in the year), not from SIASN."""
    qs = (DevelopmentRecord.objects.filter(
        employee__agency_id=agency_id, end_date__gte=dt.date(year, 1, 1),
        end_date__lte=dt.date(year, 12, 31)).exclude(source=DevelopmentSource.SIASN)
        .select_related("employee", "path", "provider")
        .order_by("employee__name", "employee_id", "start_date", "pk"))
    if employee_ids is not None:
        qs = qs.filter(employee_id__in=list(employee_ids))
    return list(qs)


def siasn_xlsx(year: int, records: Sequence[DevelopmentRecord]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Riwayat kursus")
    header_row(ws, list(SIASN_HEADERS), [21, 30, 42, 16, 10, 13, 13, 32, 22, 10])
    for r in records:
        provider = r.provider.name if r.provider_id and r.provider else r.provider_name
        ws.append([r.employee.nip, r.employee.full_name, r.title, r.path.code, _num(r.jp),
                   r.start_date.strftime("%d-%m-%Y"), r.end_date.strftime("%d-%m-%Y"),
                   provider, r.certificate_number, r.end_date.year])
    notes = wb.create_sheet("Keterangan")
    notes.append([f"Ekspor riwayat pengembangan kompetensi tahun {year} untuk SIASN"])
    notes.append([SIASN_NOTE])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
