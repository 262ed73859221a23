"""Scoping tests of every deliberation and weekly-report URL: in-scope user
OK, the sibling subtree 404 (or sees nothing), anonymous 401/redirect."""

from django.urls import reverse

from tests.participation.helpers import party
from tests.scoping import Scope

from .topics import raise_topic


def with_topic(w):
    party(w)
    w.topic = raise_topic(w)


def _results_lack(text):
    def check(response, w):
        assert response.status_code == 200
        assert text not in response.content.decode()

    return check


SCOPES = [
    Scope(
        "api-deliberation-list",
        lambda w: reverse("api-deliberation-list"),
        setup=with_topic,
        sibling_status=200,
        sibling_check=_results_lack("3栋加装电梯"),
    ),
    Scope(
        "api-deliberation-detail",
        lambda w: reverse("api-deliberation-detail", args=[w.topic.pk]),
        setup=with_topic,
    ),
    Scope(
        "api-deliberation-step",
        lambda w: reverse("api-deliberation-step", args=[w.topic.pk, "accept"]),
        setup=with_topic,
        method="post",
        data=lambda w: {},
    ),
]
