"""The frame readers: each kind of frame reads its roles its own way (see ner/relations/roles.py)."""

from __future__ import annotations

from collections.abc import Callable

from ..roles import Frame, RoleFinder
from .agreements import read_coagent, read_take_task, read_two_sided
from .building import (
    read_assist,
    read_build_approved,
    read_cobuild,
    read_found,
    read_host,
    read_lead,
    read_operator,
    read_owns,
)
from .joining import read_designate, read_join, read_listed
from .parts import read_belongs, read_branch, read_own_branch, read_owned, read_part, read_subsidiary
from .settling import read_attract, read_inside, read_members, read_settle

FRAME_READERS: dict[str, Callable[[RoleFinder, Frame], bool]] = {
    "agree": read_two_sided,
    "take_task": read_take_task,
    "cooperate": read_two_sided,
    "joint": read_two_sided,
    "undertake": read_two_sided,
    "coagent": read_coagent,
    "cobuild": read_cobuild,
    "lead": read_lead,
    "host": read_host,
    "found": read_found,
    "owns": read_owns,
    "operator": read_operator,
    "join": read_join,
    "build_approved": read_build_approved,
    "designate": read_designate,
    "listed": read_listed,
    "settle": read_settle,
    "part": read_part,
    "branch": read_branch,
    "own_branch": read_own_branch,
    "subsidiary": read_subsidiary,
    "assist": read_assist,
    "owned": read_owned,
    "belongs": read_belongs,
    "attract": read_attract,
    "inside": read_inside,
    "members": read_members,
}

__all__ = ["FRAME_READERS"]
