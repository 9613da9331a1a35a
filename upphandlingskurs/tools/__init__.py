"""Interactive tools for notebooks (JupyterLab, Voilà), each built on the rules in ``rules``.

Each tool is an object: display it in a notebook to get the form; set ``tool.inputs[...].value`` and
call ``tool.update()`` (or press ``tool.button``) to drive it from code, as the tests do.
"""

from upphandlingskurs.tools.employment import EmploymentRequirementTool
from upphandlingskurs.tools.follow_up import FollowUpTool
from upphandlingskurs.tools.enterprises import FindEnterprisesTool
from upphandlingskurs.tools.plan import PlanScreeningTool
from upphandlingskurs.tools.reservation import ReservedParticipationTool, WelfareReservationTool

__all__ = [
    "EmploymentRequirementTool",
    "FindEnterprisesTool",
    "FollowUpTool",
    "PlanScreeningTool",
    "ReservedParticipationTool",
    "WelfareReservationTool",
]
