"""Handing out and revoking API tokens (django-rest-knox; REST_KNOX in the
settings says how long a token lives)."""

from django.contrib.auth.signals import user_logged_in
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from knox import views as knox_views
from knox.models import AuthToken
from rest_framework import generics, permissions, serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.response import Response

from .auth import TokenAuthentication
from .throttles import TokenRateThrottle


class TokenRequestSerializer(AuthTokenSerializer):
    def validate(self, attrs):
        # Sign-in failures are counted against the plain Django request: that
        # is the one the lockout middleware answers for.
        request = self.context["request"]
        self.context["request"] = getattr(request, "_request", request)
        try:
            return super().validate(attrs)
        finally:
            self.context["request"] = request


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expiry = serializers.DateTimeField()


class ObtainTokenView(generics.GenericAPIView):
    """Exchange `username` and `password` for a new API token, valid for ten
    hours unless the site says otherwise (`expiry`). A wrong password and an
    unknown user get the same 400 answer; repeated failures lock the account
    and the address (429)."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [TokenRateThrottle]
    serializer_class = TokenRequestSerializer

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: OpenApiTypes.OBJECT, 429: OpenApiTypes.OBJECT},
        auth=[],
    )
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        instance, token = AuthToken.objects.create(user=user)
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        return Response(TokenSerializer({"token": token, "expiry": instance.expiry}).data)


class LogoutView(knox_views.LogoutView):
    """Revoke the token this request carries."""

    authentication_classes = [TokenAuthentication]

    @extend_schema(request=None, responses={204: None, 401: OpenApiTypes.OBJECT})
    def post(self, request, format=None):
        return super().post(request, format)


class LogoutAllView(knox_views.LogoutAllView):
    """Revoke every token of the caller (all devices)."""

    authentication_classes = [TokenAuthentication]

    @extend_schema(request=None, responses={204: None, 401: OpenApiTypes.OBJECT})
    def post(self, request, format=None):
        return super().post(request, format)
