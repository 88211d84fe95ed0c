"""The certificate PDF: letterhead, holder, programme, JP, number, signer and a QR code of the
verification URL (landscape A4). ``BINA_CERT_PDF=path`` keeps the rendered file to look at."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bina.delivery.attendance import activity_complete, attendance_record
from bina.delivery.certificates import certificate_pdf, qr_svg
from bina.delivery.models import Certificate, DeliverySettings
from bina.delivery.tests.factories import TODAY, enrollment, make_activity
from bina.testing import World

PDFTOTEXT = shutil.which("pdftotext") or "pdftotext"
PDFINFO = shutil.which("pdfinfo") or "pdfinfo"


def test_the_qr_code_is_an_svg() -> None:
    svg = qr_svg("https://bina.example.go.id/verifikasi/ABCDEFGHJK/")
    assert svg.startswith("<svg") and "path" in svg


@pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                    reason="needs poppler's pdftotext and pdfinfo")
def test_the_certificate_names_the_holder_programme_jp_number_and_signer(
        world: World, tmp_path: Path) -> None:
    DeliverySettings.objects.create(
        agency=world.agency, city="Gorontalo", signer_name="Dr. Hamka Arbie, M.Si",
        signer_nip="197501012000031001", signer_title="Kepala BKPSDM Provinsi Gorontalo",
        letterhead="PEMERINTAH PROVINSI GORONTALO\nBADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER "
                   "DAYA MANUSIA\nJl. Sapta Marga, Kota Gorontalo")
    a = make_activity(world, "WS-2026-01", start=TODAY - dt.timedelta(days=4), days=2,
                      path="KL07", people=(world.staff,), name="Workshop Pelayanan Prima "
                      "Angkatan 1")
    for s in a.sessions.all():
        attendance_record(session=s, enrollment=enrollment(a, world.staff), status="hadir",
                          user=None)
    activity_complete(activity=a, user=None)
    cert = Certificate.objects.get()
    pdf = certificate_pdf(certificate=cert, base_url="https://bina.example.go.id")
    path = Path(os.environ.get("BINA_CERT_PDF") or tmp_path / "sertifikat.pdf")
    path.write_bytes(pdf)
    text = subprocess.run([PDFTOTEXT, "-raw", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    for expected in ("SERTIFIKAT", "Yusran Pakaya", "Workshop Pelayanan Prima", "10 JP",
                     "WS-2026-01/001", cert.code, "Dr. Hamka Arbie", "BADAN KEPEGAWAIAN",
                     "24 November 2026 s.d. 25 November 2026",
                     f"https://bina.example.go.id/verifikasi/{cert.code}/"):
        assert "".join(expected.split()) in "".join(text.split()), expected
    assert world.staff.nip not in text
    info = subprocess.run([PDFINFO, str(path)], capture_output=True, text=True,
                          check=True).stdout
    assert "841.89 x 595.2" in info  # A4 landscape
    assert [line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")] == ["1"]
