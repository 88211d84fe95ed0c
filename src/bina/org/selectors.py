"""Reads about the organisation: the unit tree as of a date, positions, standards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from bina.org.models import Position, Unit
from bina.people.models import Placement


@dataclass
class UnitNode:
    unit: Unit
    headcount: int
    children: list[UnitNode] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.headcount + sum(c.total for c in self.children)


def units_valid_on(qs: QuerySet[Unit], day: dt.date) -> QuerySet[Unit]:
    return qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day)


def unit_tree(qs: QuerySet[Unit]) -> list[UnitNode]:
    """Build the tree of ``qs`` (ordered by path) with the current headcount of each unit."""
    units = list(qs.annotate(n=Count("employees")).order_by("path"))
    nodes: dict[int, UnitNode] = {}
    roots: list[UnitNode] = []
    for unit in units:
        node = UnitNode(unit, getattr(unit, "n", 0))
        nodes[unit.pk] = node
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: n.unit.name)
    roots.sort(key=lambda n: n.unit.name)
    return roots


def positions_with_counts(qs: QuerySet[Position]) -> QuerySet[Position]:
    return qs.annotate(headcount=Count("employees", distinct=True),
                       standard_size=Count("requirements", distinct=True))


def placements_in_year(unit: Unit, year: int) -> QuerySet[Placement]:
    """Everyone placed in ``unit`` at some time during ``year``."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    return (Placement.objects.filter(unit=unit, start_date__lt=end)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=start))
            .select_related("employee", "position").order_by("employee__name", "start_date"))
