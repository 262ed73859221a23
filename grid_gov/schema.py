"""OpenAPI descriptions drf-spectacular cannot infer by itself (imported by
grid_gov/urls.py, so they are registered before a schema is built).

`AutoSchema` (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS) adds to every operation
the error answers it can really give, each with the shared error bodies of
grid_gov/api.py's exception handler:

    400  a request body, or query parameters: bad input, per field (or a
         `detail` for a body that cannot be read, or a NUL character)
    401  every operation that needs a signed-in caller: no or a bad token
    403  every write of a signed-in caller: the role may not (or, for a
         session, no CSRF token)
    404  a path parameter (missing, or outside the caller's subtree), or query
         parameters (an invalid page, a unit outside the caller's subtree)
    413  a request body: larger than the site allows
    415  a request body: a content type the operation does not read
    429  every write, and the token endpoint: over the rate (or locked out)

An optional query parameter sent empty (`?date_to=`, as an HTML form sends
a field left blank) reads as not given: the schema says so with
`allowEmptyValue`.

A view states an answer of its own (the 409 of a workflow action) with
`extend_schema(responses=...)` as usual; a stated answer without a body gets
the shared one.
"""

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

# The shared bodies, as components of their own.
ERROR = {
    "type": "object",
    "description": "A refusal with one message a person can act on.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": (
        "Bad input: for each field its messages (`non_field_errors` for the "
        "request as a whole; an object or list for a nested field), or one "
        "`detail` for a body that cannot be read."
    ),
    "properties": {
        "detail": {"type": "string"},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": {"oneOf": [{"type": "array"}, {"type": "object"}]},
}

DESCRIPTIONS = {
    "400": "Bad input, per field; nothing was written.",
    "401": "No token, or one that has expired or was revoked.",
    "403": "The caller's role may not take this action.",
    "404": "No such object in the caller's subtree (or no such page).",
    "409": "The object's state does not allow this now.",
    "413": "The request body is larger than the site allows.",
    "415": "The body is in a content type this operation does not read.",
    "429": "Too many requests, or too many failed sign-ins: wait and retry.",
}


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        responses = operation["responses"]
        for code in self._error_codes(operation):
            responses.setdefault(code, {})
        for code, response in responses.items():
            if code in DESCRIPTIONS:
                self._fill_error(code, response)
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _error_codes(self, operation) -> list[str]:
        parameters = operation.get("parameters", [])
        path_params = any(p["in"] == "path" for p in parameters)
        query_params = any(p["in"] == "query" for p in parameters)
        body = "requestBody" in operation
        anonymous = {} in operation.get("security", [{}])
        write = self.method not in SAFE_METHODS
        throttled = write or any(
            getattr(t, "scope", "") == "token" for t in getattr(self.view, "throttle_classes", [])
        )
        codes = []
        if body or query_params:
            codes.append("400")
        if not anonymous:
            codes.append("401")
            if write:
                codes.append("403")
        if path_params or query_params:
            codes.append("404")
        if body:
            codes += ["413", "415"]
        if throttled:
            codes.append("429")
        return codes

    def _fill_error(self, code: str, response: dict) -> None:
        """The shared body for a stated answer without one (a 409 that states
        its own, the Conflict, keeps it)."""
        response.setdefault("description", DESCRIPTIONS[code])
        if not response["description"]:
            response["description"] = DESCRIPTIONS[code]
        content = response.get("content", {}).get("application/json", {})
        schema = content.get("schema", {})
        if "$ref" in schema and code == "409":
            return
        name, body = ("ValidationError", VALIDATION_ERROR) if code == "400" else ("Error", ERROR)
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=body, object=name
        )
        self.registry.register_on_missing(component)
        response["content"] = {"application/json": {"schema": component.ref}}
        if code == "429":
            response["headers"] = {
                "Retry-After": {
                    "schema": {"type": "integer"},
                    "description": "Seconds to wait before trying again.",
                }
            }


class TokenScheme(KnoxTokenScheme):
    """`Authorization: Token <key>`, as knox's own scheme, for our subclass."""

    target_class = "grid_gov.auth.TokenAuthentication"
    name = "tokenAuth"
