"""The JSON API: the same permissions as the pages (``bina.accounts.selectors``).

Authentication is the session of a signed-in user (with CSRF for writes). The OpenAPI
document is public at ``/api/openapi.json``; the interactive docs at ``/api/docs`` need a login.
"""


import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.openapi.views import openapi_view
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from bina import __version__
from bina.accounts import selectors as access
from bina.accounts.models import Role, User
from bina.core.nip import mask_nip
from bina.jobs.views import _job_for, job_payload
from bina.org.models import Position, Unit
from bina.people import selectors
from bina.people.models import Employee


def _docs_need_login(view: Callable[..., Any]) -> Callable[..., Any]:
    """NinjaAPI puts its ``docs_decorator`` on the document and on the docs page alike: only the
    interactive page needs a login; the OpenAPI document stays public."""
    if getattr(view, "func", None) is openapi_view:
        return login_required(view)
    return view


api = NinjaAPI(
    title="Bina ASN API",
    version=__version__,
    description="Perencanaan, pelaksanaan, dan evaluasi pengembangan kompetensi ASN.",
    auth=django_auth,
    openapi_url="/openapi.json",
    urls_namespace="api",
    docs_decorator=_docs_need_login,
)


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise HttpError(401, "Unauthorized")
    if user.must_change_password:
        raise HttpError(403, "password change required")
    return user


class MeOut(Schema):
    username: str
    role: str
    role_label: str
    agency: str | None
    employee_id: int | None
    is_supervisor: bool


class EmployeeOut(Schema):
    id: int
    nip: str
    name: str
    employment_type: str
    grade: str
    unit_id: int
    unit: str
    position_id: int
    position: str
    position_type: str
    supervisor_id: int | None
    status: str


class EmployeeDetailOut(EmployeeOut):
    birth_date: dt.date | None
    sex: str | None
    education: str
    email: str | None
    phone: str | None
    target_position_id: int | None
    jp_by_year: dict[int, float]


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    is_public_service: bool
    valid_from: dt.date
    valid_to: dt.date | None
    successor_id: int | None


class RequirementOut(Schema):
    competency_code: str
    competency_name: str
    kind: str
    required_level: int


class EmployeeFilters(Schema):
    q: str = ""
    unit_id: int | None = None
    position_type: str = ""
    grade: str = ""
    employment_type: str = ""


def _employee_out(user: User, e: Employee) -> dict[str, object]:
    personal = user.role != Role.LEADERSHIP or user.employee_id == e.pk
    return {
        "id": e.pk, "nip": e.nip if personal else mask_nip(e.nip), "name": e.full_name,
        "employment_type": e.employment_type, "grade": e.grade.code, "unit_id": e.unit_id,
        "unit": e.unit.name, "position_id": e.position_id, "position": e.position.name,
        "position_type": e.position.position_type, "supervisor_id": e.supervisor_id,
        "status": e.status,
    }


@api.get("/me", response=MeOut, tags=["akun"])
def me(request: HttpRequest) -> dict[str, object]:
    user = _user(request)
    return {
        "username": user.username, "role": user.role, "role_label": user.get_role_display(),
        "agency": user.agency.name if user.agency else None, "employee_id": user.employee_id,
        "is_supervisor": access.is_supervisor(user),
    }


@api.get("/employees", response=list[EmployeeOut], tags=["pegawai"])
@paginate(LimitOffsetPagination)
def employee_list(request: HttpRequest, filters: Query[EmployeeFilters]) -> list[dict[str, object]]:
    user = _user(request)
    grade_id = None
    qs = access.visible_employees(user)
    if filters.grade:
        from bina.reference.models import Grade

        grade = Grade.objects.filter(code=filters.grade).first()
        if grade is None:
            return []
        grade_id = grade.pk
    f = selectors.EmployeeFilter(
        q=filters.q, unit_id=filters.unit_id, position_type=filters.position_type,
        grade_id=grade_id, employment_type=filters.employment_type,
    )
    rows = selectors.employees_filter(qs, f).order_by("name", "nip")
    return _LazyRows(user, rows)  # type: ignore[return-value]


class _LazyRows:
    """Serialise only the page the paginator slices, not the whole queryset."""

    def __init__(self, user: User, qs: object) -> None:
        self.user, self.qs = user, qs

    def __len__(self) -> int:
        return self.qs.count()  # type: ignore[attr-defined,no-any-return]

    def count(self) -> int:
        return len(self)

    def __getitem__(self, s: slice) -> list[dict[str, object]]:
        return [_employee_out(self.user, e) for e in self.qs[s]]  # type: ignore[index]


@api.get("/employees/{employee_id}", response=EmployeeDetailOut, tags=["pegawai"])
def employee_detail(request: HttpRequest, employee_id: int) -> dict[str, object]:
    user = _user(request)
    e = get_object_or_404(
        access.visible_employees(user).select_related("unit", "position", "grade", "education"),
        pk=employee_id,
    )
    personal = access.can_see_personal_data(user, e)
    out = _employee_out(user, e)
    out.update(
        birth_date=e.birth_date if personal else None, sex=e.sex if personal else None,
        education=e.education.code, email=(e.email or None) if personal else None,
        phone=(e.phone or None) if personal else None, target_position_id=e.target_position_id,
        jp_by_year={y: float(v) for y, v in selectors.jp_by_year(e)},
    )
    return out


@api.get("/units", response=list[UnitOut], tags=["organisasi"])
def unit_list(request: HttpRequest, include_closed: bool = False) -> list[Unit]:
    user = _user(request)
    units = access.visible_units(user)
    if not include_closed:
        units = units.filter(valid_to__isnull=True)
    return list(units.order_by("path"))


@api.get("/positions/{position_id}/standard", response=list[RequirementOut], tags=["organisasi"])
def position_standard(request: HttpRequest, position_id: int) -> list[dict[str, object]]:
    user = _user(request)
    if user.role not in access.AGENCY_WIDE and user.role != Role.OPERATOR:
        visible_positions = access.visible_employees(user).values("position_id")
        position = get_object_or_404(Position, pk=position_id, pk__in=visible_positions)
    else:
        position = get_object_or_404(Position, pk=position_id, agency_id=user.agency_id)
    return [
        {"competency_code": r.competency.code, "competency_name": r.competency.name,
         "kind": r.competency.kind, "required_level": r.required_level}
        for r in position.requirements.select_related("competency")
    ]


@api.get("/jobs/{job_id}", tags=["proses"])
def job_status(request: HttpRequest, job_id: int) -> dict[str, object]:
    return job_payload(_job_for(_user(request), job_id))


@api.get("/needs/rounds/{code}", tags=["analisis kebutuhan"])
def needs_round_analysis(request: HttpRequest, code: str, detail: bool = False
                         ) -> dict[str, object]:
    """The round's analysis as ``bina needs --format json`` gives it (frozen once closed);
    ``detail=true`` adds the evidence, the reasons and the combination rule. Agency-wide roles
    only."""
    from bina.needs.models import NeedsRound
    from bina.needs.views import _result_doc, _summary_doc

    user = _user(request)
    if user.role not in access.AGENCY_WIDE:
        raise HttpError(403, "Forbidden")
    needs_round = get_object_or_404(NeedsRound, agency_id=user.agency_id, code=code)
    doc = _result_doc(needs_round)
    return doc if detail else _summary_doc(doc)


# The public survey (no login): its router lives with the app.
from bina.stakeholders.api import router as public_survey_router  # noqa: E402

api.add_router("/survei", public_survey_router)
