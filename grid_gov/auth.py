"""API token authentication: django-rest-knox tokens (hashed, expiring,
revocable) under the `Authorization: Token <key>` header of the v1 contract.
The views that hand out and revoke tokens are in grid_gov/token_views.py."""

import string

from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions

_TOKEN_CHARACTERS = frozenset(string.ascii_letters + string.digits)


class TokenAuthentication(KnoxTokenAuthentication):
    """Knox's authentication; a key that cannot be a token (non-ASCII bytes,
    NUL, punctuation) is the same 401 as a wrong one, never a server error."""

    def authenticate_credentials(self, token: bytes):
        try:
            text = token.decode("ascii")
        except UnicodeDecodeError:
            text = ""
        if not text or not set(text) <= _TOKEN_CHARACTERS:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(token)
