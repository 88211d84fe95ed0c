"""The navigation: built from the user's role, so nobody sees links they cannot open."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from bina.accounts import selectors
from bina.accounts.models import Role
from bina.mentoring.selectors import is_in_mentoring


@dataclass
class NavItem:
    label: str
    url: str
    icon: str
    prefix: str
    active: bool = False


@dataclass
class NavSection:
    title: str
    items: list[NavItem] = field(default_factory=list)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {"sections": [], "role_label": "", "agency_name": ""}}

    def item(label: str, name: str, icon: str, *, prefix: str | None = None) -> NavItem:
        url = reverse(name)
        return NavItem(label, url, icon, prefix or url)

    if user.role == Role.PARTNER:
        # A partner account reaches only its own portal (partners.middleware fences the rest).
        sections = [NavSection(_("Mitra"), [
            item(_("Portal mitra"), "partners:portal", "⚑", prefix="/mitra/portal"),
            item(_("Tawaran program"), "partners:offers", "✉", prefix="/mitra/tawaran"),
        ])]
        return _nav(request, user, sections)
    main = NavSection(_("Utama"), [item(_("Beranda"), "web:home", "⌂", prefix="/")])
    if user.role != Role.EMPLOYEE or selectors.is_supervisor(user):
        main.items.append(item(_("Pegawai"), "people:list", "☰", prefix="/pegawai/"))
    if user.employee_id:
        main.items.append(item(_("Profil saya"), "people:me", "☺", prefix="/pegawai/saya"))
        main.items.append(item(_("Tugas saya"), "needs:tasks", "✓", prefix="/kebutuhan/tugas/"))
    planning = NavSection(_("Perencanaan"))
    if user.role in selectors.AGENCY_WIDE:
        planning.items.append(item(_("Analisis kebutuhan"), "needs:list", "◎",
                                   prefix="/kebutuhan/"))
        planning.items.append(item(_("Katalog program"), "plan:programmes", "▤",
                                   prefix="/rencana/katalog"))
        planning.items.append(item(_("Rencana pengembangan"), "plan:list", "◆",
                                   prefix="/rencana/"))
    delivery = NavSection(_("Pelaksanaan"))
    if user.role in selectors.AGENCY_WIDE or user.role == Role.OPERATOR:
        delivery.items += [
            item(_("Kegiatan"), "delivery:list", "▣", prefix="/pelaksanaan/"),
            item(_("Kalender"), "delivery:calendar", "▦", prefix="/pelaksanaan/kalender"),
            item(_("Mentoring"), "mentoring:list", "⇄", prefix="/mentoring/"),
            item(_("Narasumber"), "resources:list", "☷", prefix="/narasumber/"),
            item(_("Capaian 20 JP"), "ledger:progress", "◔", prefix="/jp/"),
        ]
    if user.role in (Role.ADMIN, Role.PLANNER, Role.OPERATOR) or selectors.is_supervisor(user):
        delivery.items.append(item(_("Pengajuan JP"), "ledger:submissions", "✉",
                                   prefix="/jp/pengajuan"))
    if user.role in selectors.AGENCY_WIDE:
        delivery.items.append(item(_("Biaya kegiatan"), "resources:cost_report", "Rp",
                                   prefix="/narasumber/biaya"))
    if user.role in (Role.ADMIN, Role.PLANNER):
        delivery.items += [
            item(_("Aturan pengakuan JP"), "ledger:rules", "§", prefix="/jp/aturan"),
            item(_("Kop & penandatangan"), "resources:settings", "✎",
                 prefix="/narasumber/pengaturan"),
        ]
    if user.employee_id:
        main.items += [
            item(_("Presensi"), "delivery:checkin", "✔", prefix="/pelaksanaan/presensi"),
            item(_("Kegiatan saya"), "delivery:my", "☰", prefix="/pelaksanaan/saya"),
            item(_("JP saya"), "ledger:my", "◔", prefix="/jp/saya"),
        ]
        if is_in_mentoring(user):
            main.items.append(item(_("Mentoring saya"), "mentoring:my", "⇄",
                                   prefix="/mentoring/saya"))
    if selectors.is_supervisor(user):
        main.items.append(item(_("Pengembangan bawahan"), "delivery:team", "☷",
                               prefix="/pelaksanaan/bawahan"))
    evaluation = NavSection(_("Evaluasi"))
    if user.employee_id:
        evaluation.items.append(item(_("Evaluasi saya"), "evaluation:my", "✎",
                                     prefix="/evaluasi/saya"))
    if user.role in selectors.AGENCY_WIDE or user.role == Role.OPERATOR:
        evaluation.items.append(item(_("Umpan balik peserta"), "evaluation:reaction_summary",
                                     "☺", prefix="/evaluasi/umpan-balik"))
    if user.employee_id:
        evaluation.items.append(item(_("Evaluasi pascapelatihan"), "evaluation:followup_mine",
                                     "✓", prefix="/evaluasi/pascapelatihan/"))
    if user.role in selectors.AGENCY_WIDE:
        evaluation.items.append(item(_("Rekap pascapelatihan"), "evaluation:followup_overview",
                                     "▤", prefix="/evaluasi/pascapelatihan/rekap"))
    evaluation.items.append(item(_("IP ASN"), "evaluation:ipasn", "◆", prefix="/evaluasi/ipasn"))
    if user.role in selectors.AGENCY_WIDE or user.role == Role.OPERATOR:
        evaluation.items += [
            item(_("Talenta (nine-box)"), "evaluation:talent", "▦", prefix="/evaluasi/talenta"),
            item(_("IKM unit layanan"), "public:ikm", "☆", prefix="/survei/ikm"),
            item(_("Laporan evaluasi"), "evaluation:report_index", "▥",
                 prefix="/evaluasi/laporan"),
            item(_("Dampak pelatihan"), "evaluation:impact", "↗", prefix="/evaluasi/dampak"),
            item(_("Tindak lanjut"), "evaluation:action_list", "☑",
                 prefix="/evaluasi/tindak-lanjut"),
        ]
    org = NavSection(_("Organisasi"))
    if user.role in selectors.AGENCY_WIDE or user.role == Role.OPERATOR:
        org.items += [
            item(_("Unit kerja"), "org:units", "▦", prefix="/organisasi/unit"),
            item(_("Jabatan & SKJ"), "org:positions", "✎", prefix="/organisasi/jabatan"),
        ]
    org.items += [item(_("Kamus kompetensi"), "org:competencies", "❖",
                       prefix="/organisasi/kompetensi")]
    if user.role in selectors.AGENCY_WIDE:
        org.items.append(item(_("Mitra & penyelenggara"), "org:organisations", "⚑",
                              prefix="/organisasi/mitra"))
    stakeholders = NavSection(_("Pemangku kepentingan"))
    if user.role in selectors.AGENCY_WIDE:
        stakeholders.items += [
            item(_("Mitra & perjanjian"), "partners:list", "⚑", prefix="/mitra/"),
            item(_("Tawaran program mitra"), "partners:offers", "✉", prefix="/mitra/tawaran"),
            item(_("Tugas/izin belajar"), "partners:studies", "◇", prefix="/mitra/tugas-belajar"),
            item(_("Kontribusi pemangku kepentingan"), "partners:contributions", "◎",
                 prefix="/mitra/kontribusi"),
        ]
    admin = NavSection(_("Administrasi"))
    if selectors.can_import(user):
        admin.items.append(item(_("Impor data"), "people:import", "⇪", prefix="/pegawai/impor"))
    if selectors.can_manage_accounts(user):
        admin.items.append(item(_("Akun pegawai"), "accounts:list", "✱", prefix="/akun/daftar"))
    if selectors.can_browse_audit(user):
        admin.items.append(item(_("Jejak audit"), "audit:list", "⌛", prefix="/audit/"))
    sections = [s for s in (main, planning, delivery, evaluation, stakeholders, org, admin)
                if s.items]
    return _nav(request, user, sections)


def _nav(request: HttpRequest, user: Any, sections: list[NavSection]) -> dict[str, Any]:
    path = request.path
    # The item whose prefix matches the path most closely is the active one.
    matching = [i for s in sections for i in s.items
                if (path == "/" if i.prefix == "/" else path.startswith(i.prefix))]
    if matching:
        max(matching, key=lambda i: len(i.prefix)).active = True
    who = user.employee.full_name if user.employee else (user.get_full_name() or user.username)
    role_label = f"{user.get_role_display()} · {who}"
    return {
        "nav": {
            "sections": sections,
            "role_label": role_label,
            "agency_name": user.agency.name if user.agency else "",
        }
    }
