"""OpenAPI descriptions drf-spectacular cannot infer by itself (imported by
grid_gov/urls.py, so they are registered before a schema is built)."""

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme


class TokenScheme(KnoxTokenScheme):
    """`Authorization: Token <key>`, as knox's own scheme, for our subclass."""

    target_class = "grid_gov.auth.TokenAuthentication"
    name = "tokenAuth"
