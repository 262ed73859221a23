from django.urls import reverse
from knox.models import AuthToken

from tests.scoping import Scope


def _keeps_the_leaders_tokens(response, w):
    # The outsider revoked only their own token.
    assert AuthToken.objects.filter(user=w.leader).exists()


def _leader_has_a_token(w):
    AuthToken.objects.create(user=w.leader)


SCOPES = [
    Scope(
        "api-logout",
        lambda w: reverse("api-logout"),
        method="post",
        ok=204,
        sibling_status=204,
        setup=_leader_has_a_token,
        sibling_check=_keeps_the_leaders_tokens,
    ),
    Scope(
        "api-logout-all",
        lambda w: reverse("api-logout-all"),
        method="post",
        ok=204,
        sibling_status=204,
        setup=_leader_has_a_token,
        sibling_check=_keeps_the_leaders_tokens,
    ),
]
