"""Every URL pattern the project registers has a scoping test.

A new endpoint without a `Scope` in some tests/**/scopes.py makes this fail.
"""

import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from knox.models import AuthToken
from rest_framework.test import APIClient

from .scoping import Scope
from .world import build_world

# Patterns that are public on purpose, or guarded by something else.
EXEMPT = {
    "login",  # the sign-in page itself
    "logout",
    "set_language",
    "healthz",  # load-balancer probe, reveals no data
    "api-token",  # exchanges credentials for a token
    # Open311 GeoReport v2: public by the specification; POST needs an
    # outside system's api_key and files only below its unit; GET shows
    # outside reports without personal data (tests/intake/test_it_speaks_open311.py).
    # The resident's report page and the link on its receipt (an unguessable
    # token): public by design, throttled, no personal data shown
    # (tests/intake/test_it_takes_a_residents_report.py).
    "report-new",
    "report-status",
    "open311-discovery",
    "open311-services",
    "open311-service",
    "open311-requests",
    "open311-request",
}
EXEMPT_NAMESPACES = {"admin"}  # Django admin: staff-only, scoped in ModelAdmin querysets


def _walk(resolver, prefix=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace in EXEMPT_NAMESPACES:
                continue
            yield from _walk(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield p.name, prefix + str(p.pattern)


def registered_patterns():
    return list(_walk(get_resolver()))


def all_scopes() -> list[Scope]:
    scopes = []
    root = Path(__file__).parent
    for path in sorted(root.rglob("scopes.py")):
        module_name = ".".join(("tests", *path.relative_to(root).with_suffix("").parts))
        scopes.extend(importlib.import_module(module_name).SCOPES)
    return scopes


def test_it_has_a_scoping_test_for_every_url_pattern():
    covered = {s.name for s in all_scopes()}
    missing = []
    for name, route in registered_patterns():
        if name is None:
            missing.append(f"unnamed pattern {route!r}: give it a name and a Scope")
        elif name not in EXEMPT and name not in covered:
            missing.append(f"{name} ({route})")
    assert not missing, "URL patterns without a scoping test:\n" + "\n".join(missing)


def test_it_has_no_scope_for_a_pattern_that_does_not_exist():
    names = {name for name, _ in registered_patterns()}
    stale = sorted({s.name for s in all_scopes()} - names)
    assert not stale, f"Scopes for unknown URL names: {stale}"


def _client(path: str, user):
    if path.startswith("/api/"):
        client = APIClient()
        if user is not None:
            _, key = AuthToken.objects.create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _call(scope: Scope, world, user):
    path = scope.path(world)
    client = _client(path, user)
    data = scope.data(world) if scope.data else None
    kwargs = {}
    if data is not None:
        kwargs["data"] = data
        if path.startswith("/api/") and scope.data_format == "json":
            kwargs["format"] = "json"
    return getattr(client, scope.method)(path, **kwargs)


def _scope_id(scope):
    return scope.name


@pytest.mark.parametrize("scope", all_scopes(), ids=_scope_id)
def test_it_scopes(scope: Scope, db):
    world = build_world()
    if scope.setup:
        scope.setup(world)

    # The sibling subtree (and anyone else outside) first: their calls must
    # change nothing for the others.
    for outside in (scope.sibling, *scope.also_outside):
        response = _call(scope, world, getattr(world, outside))
        assert response.status_code == scope.sibling_status, (
            f"{scope.name} as {outside}: {response.status_code} {getattr(response, 'content', b'')[:300]!r}"
        )
        if scope.sibling_check:
            scope.sibling_check(response, world)

    response = _call(scope, world, None)
    path = scope.path(world)
    if path.startswith("/api/"):
        assert response.status_code == 401, f"{scope.name} anonymous: {response.status_code}"
    else:
        assert response.status_code == 302, f"{scope.name} anonymous: {response.status_code}"
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))

    response = _call(scope, world, getattr(world, scope.user))
    assert response.status_code == scope.ok, (
        f"{scope.name} as {scope.user}: {response.status_code} {getattr(response, 'content', b'')[:300]!r}"
    )
