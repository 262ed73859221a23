"""What a scoping test of one URL pattern looks like.

Every URL pattern the project registers needs a `Scope` in some
`tests/**/scopes.py` module (see tests/test_url_scoping.py): an in-scope user
succeeds, a user of the sibling subtree gets 404 (or, for pages without an
object, sees none of the other subtree), and an anonymous caller gets 401
(API) or a redirect to the login page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .world import World


@dataclass
class Scope:
    name: str  # the URL pattern's name
    path: Callable[[World], str]  # a URL of that pattern inside `user`'s subtree
    user: str = "leader"  # World attribute of the in-scope user
    sibling: str = "outsider"  # World attribute of a user in the sibling subtree
    # Other users outside the subtree (another street, a department) who must
    # get the same answer as the sibling.
    also_outside: tuple[str, ...] = ()
    method: str = "get"
    data: Callable[[World], dict] | None = None
    data_format: str = "json"  # "json" or "multipart" for the API
    ok: int = 200
    sibling_status: int = 404
    # For patterns with no object: a check that the sibling's answer shows
    # nothing of the in-scope user's subtree.
    sibling_check: Callable[[Any, World], None] | None = None
    setup: Callable[[World], None] | None = None  # creates objects on the world
