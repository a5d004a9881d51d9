"""The reads of vanhoa.titles.figures.Records written in plain SQL (portable: SQLite and PostgreSQL).

Each function says exactly what its ORM twin in `Records` says (`_titled_groups_orm`, `_agencies_orm`,
`_streets_orm`; tests compare them on every kind of record). Why plain SQL: a dashboard request composed these
three querysets (seven EXISTS subqueries and their Q trees) through the ORM, and compiling them cost more Python
than PostgreSQL spent running them (docs/scaling.md, session 7). The agencies' rule set (how many years a
recognition is kept) is read inside the agencies' query instead of by a query of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection

if TYPE_CHECKING:
    from vanhoa.titles.figures import Records


def marks(values: Any) -> str:
    """ "%s, %s, %s" for an IN list (Django binds on the client side: no limit on their number)."""
    return ", ".join(["%s"] * len(values))


def recognised_sql(rec: Records, c: str = "c", d: str = "d") -> tuple[str, list[Any]]:
    """A candidacy `c` (its decision joined as `d`, LEFT JOIN) holding its title on `rec.on`: the condition of
    `Records._recognised_q`."""
    from vanhoa.titles.choices import RECOGNISED, State

    states = [str(s) for s in sorted(RECOGNISED)]
    on = rec.on
    sql = (
        f"({c}.state IN ({marks(states)}) OR ({c}.state = %s AND {c}.revoked_on > %s))"
        f" AND ({d}.signed_on <= %s OR ({c}.decision_id IS NULL AND ({c}.state_on IS NULL OR {c}.state_on <= %s)))"
    )
    return sql, [*states, str(State.REVOKED), on, on, on]


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return list(cur.fetchall())


def title_ids(codes: tuple[str, ...]) -> dict[str, int]:
    """{code: id} of the title types (one primary-key-sized read; the ORM's compilation cost more than it)."""
    from vanhoa.titles.models import TitleType

    return dict(_rows(f"SELECT code, id FROM {TitleType._meta.db_table} WHERE code IN ({marks(codes)})", list(codes)))


def plans(year: int, communes: frozenset[int]) -> list[tuple[int, int]]:
    """[(plan id, commune id)] of the year's plans of the communes (no query without a commune)."""
    from vanhoa.plans.models import Plan

    if not communes:
        return []
    ids = sorted(communes)
    sql = f"SELECT id, ward_id FROM {Plan._meta.db_table} WHERE year = %s AND ward_id IN ({marks(ids)})"
    return [(pid, ward) for pid, ward in _rows(sql, [year, *ids])]


def titled_groups(rec: Records, groups: frozenset[int], title_id: int | None) -> frozenset[int]:
    """Groups holding "Tổ dân phố văn hóa" of the year on `on`."""
    from vanhoa.titles.models import Candidacy, Decision

    if not groups:
        return frozenset()
    ids = sorted(groups)
    held, held_params = recognised_sql(rec)
    sql = f"""
        SELECT c.group_id FROM {Candidacy._meta.db_table} c
        LEFT JOIN {Decision._meta.db_table} d ON d.id = c.decision_id
        WHERE c.title_type_id = %s AND c.year = %s AND c.group_id IN ({marks(ids)}) AND {held}
    """  # noqa: S608 (table names and placeholders only)
    return frozenset(g for (g,) in _rows(sql, [title_id, rec.year, *ids, *held_params]))


def _unit_filter(column_groups: str, column_ward: str, groups: list[int], communes: list[int]) -> tuple[str, list[int]]:
    """`group IN groups OR (group IS NULL AND ward IN communes)` without an empty IN list."""
    parts: list[str] = []
    params: list[int] = []
    if groups:
        parts.append(f"{column_groups} IN ({marks(groups)})")
        params += groups
    if communes:
        parts.append(f"({column_groups} IS NULL AND {column_ward} IN ({marks(communes)}))")
        params += communes
    return " OR ".join(parts), params


def agencies(
    rec: Records, groups: frozenset[int], communes: frozenset[int], title_id: int | None
) -> list[tuple[int, int | None, int, bool, bool, bool]]:
    """[(agency id, group id, ward id, active, reviewed this year, holding the title)]: `Records._agencies_orm`."""
    from vanhoa.registry.models import Agency
    from vanhoa.titles.models import AgencyEnrolment, AgencyReport, Candidacy, Decision, RuleSet

    where, where_params = _unit_filter("a.group_id", "a.ward_id", sorted(groups), sorted(communes))
    if not where:
        return []
    held, held_params = recognised_sql(rec)
    year = rec.year
    candidacy, decision = Candidacy._meta.db_table, Decision._meta.db_table
    # w.n: renewal_years of the rule set in force on `on` (none, or 0: 1), as `Records._agencies_orm` reads it
    sql = f"""
        SELECT a.id, a.group_id, a.ward_id, a.active,
               EXISTS (SELECT 1 FROM {candidacy} c
                       WHERE c.agency_id = a.id AND c.title_type_id = %s AND c.year = %s AND c.state <> %s),
               EXISTS (SELECT 1 FROM {candidacy} c LEFT JOIN {decision} d ON d.id = c.decision_id
                       WHERE c.agency_id = a.id AND c.title_type_id = %s AND c.year > %s - w.n AND c.year <= %s
                         AND {held}),
               EXISTS (SELECT 1 FROM {AgencyEnrolment._meta.db_table} e
                       WHERE e.agency_id = a.id AND e.prior_year > %s - w.n AND e.prior_year <= %s),
               EXISTS (SELECT 1 FROM {AgencyReport._meta.db_table} r
                       WHERE r.agency_id = a.id AND r.year = %s AND r.kind = %s AND r.kept = %s)
        FROM {Agency._meta.db_table} a
        CROSS JOIN (SELECT COALESCE(NULLIF((SELECT renewal_years FROM {RuleSet._meta.db_table}
                                            WHERE title_type_id = %s AND valid_from <= %s
                                            ORDER BY valid_from DESC LIMIT 1), 0), 1) AS n) w
        WHERE {where}
    """  # noqa: S608 (table names and placeholders only)
    params = [
        title_id, year, "withdrawn",
        title_id, year, year, *held_params,
        year, year,
        year, "yearly", False,
        title_id, rec.on,
        *where_params,
    ]  # fmt: skip
    return [
        (a, g, w, bool(act), bool(rev), bool((recog or paper) and not lapsed))
        for a, g, w, act, rev, recog, paper, lapsed in _rows(sql, params)
    ]


def streets(
    rec: Records, groups: frozenset[int], communes: frozenset[int], title_id: int | None
) -> dict[int, dict[str, Any]]:
    """{street id: {ward, groups (ordered), active, reviewed, recognised}}: `Records._streets_orm`."""
    from vanhoa.registry.models import Street
    from vanhoa.titles.models import Candidacy, Decision
    from vanhoa.units.models import Unit

    through = Street.groups.through
    link, street_col, unit_col = through._meta.db_table, "street_id", "unit_id"
    ids, wards = sorted(groups), sorted(communes)
    parts: list[str] = []
    where_params: list[int] = []
    if ids:
        parts.append(f"s.id IN (SELECT {street_col} FROM {link} WHERE {unit_col} IN ({marks(ids)}))")
        where_params += ids
    if wards:
        parts.append(f"s.ward_id IN ({marks(wards)})")
        where_params += wards
    if not parts:
        return {}
    held, held_params = recognised_sql(rec)
    candidacy, decision = Candidacy._meta.db_table, Decision._meta.db_table
    sql = f"""
        SELECT s.id, s.ward_id, s.active,
               EXISTS (SELECT 1 FROM {candidacy} c
                       WHERE c.street_id = s.id AND c.title_type_id = %s AND c.year = %s AND c.state <> %s),
               EXISTS (SELECT 1 FROM {candidacy} c LEFT JOIN {decision} d ON d.id = c.decision_id
                       WHERE c.street_id = s.id AND c.title_type_id = %s AND c.year = %s AND {held}),
               u.id
        FROM {Street._meta.db_table} s
        LEFT JOIN {link} sg ON sg.{street_col} = s.id
        LEFT JOIN {Unit._meta.db_table} u ON u.id = sg.{unit_col}
        WHERE {" OR ".join(parts)}
        ORDER BY s.id, u."order", u.id
    """  # noqa: S608 (table names and placeholders only)
    params = [title_id, rec.year, "withdrawn", title_id, rec.year, *held_params, *where_params]
    out: dict[int, dict[str, Any]] = {}
    for sid, ward, active, reviewed, recognised, group in _rows(sql, params):
        s = out.setdefault(
            sid,
            {"ward": ward, "groups": [], "active": bool(active), "reviewed": bool(reviewed),
             "recognised": bool(recognised)},
        )  # fmt: skip
        if group is not None:
            s["groups"].append(group)
    return out
