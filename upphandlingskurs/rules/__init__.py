"""The course's decision rules, one plain function each.

Every rule returns a ``Decision``: an outcome key, a Swedish summary, the reasons in Swedish and
the paragraphs it rests on. Amounts, thresholds, CPV codes and the rules' numbers (30 %, three
years, six months, 75 %) are data in data/ (troskelvarden.csv, cpv_reserverbara.csv,
regelparametrar.csv), read by ``parameters``; the functions only hold the decision steps.
Bad input raises ``CourseDataError`` with a Swedish message naming the field and the value.
The Swedish sentences are templates in a ``TEXTS`` dictionary beside each rule, which the static
tools on the web pages also fill (see ``decision.say`` and upphandlingskurs/static_tools.py).
"""

from upphandlingskurs.rules.decision import Decision
from upphandlingskurs.rules.employment import employment_requirement_status, size_employment_requirement
from upphandlingskurs.rules.procedure import labour_conditions_required, procedure_for
from upphandlingskurs.rules.reservation import check_reserved_participation, check_welfare_reservation
from upphandlingskurs.rules.route import route_for

__all__ = [
    "Decision",
    "check_reserved_participation",
    "check_welfare_reservation",
    "employment_requirement_status",
    "labour_conditions_required",
    "procedure_for",
    "route_for",
    "size_employment_requirement",
]
