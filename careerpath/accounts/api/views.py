from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from careerpath.accounts import services
from careerpath.accounts.api.serializers import (
    MeSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)


class TokenThrottle(AnonRateThrottle):
    """Brute-force guard on the password exchange, per client address (every request counts).

    Failed passwords are limited per account too, in `services.check_credentials`."""

    scope = "token"


@extend_schema(
    request=TokenRequestSerializer,
    responses={
        200: TokenSerializer,
        400: OpenApiResponse(description="Missing or malformed email/password"),
        401: OpenApiResponse(description="Wrong email or password"),
        429: OpenApiResponse(
            description="Too many attempts from this client or for this account"
        ),
    },
    auth=[],
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([TokenThrottle])
def obtain_token(request: Request) -> Response:
    """Exchange an email and password for an API token."""
    serializer = TokenRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        user = services.check_credentials(
            request=request._request,
            email=serializer.validated_data["email"],
            password=serializer.validated_data["password"],
        )
    except services.TooManyAttempts as error:
        return Response(
            {"detail": "Too many failed attempts. Try again later."},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(error.retry_after)},
        )
    if user is None:
        return Response(
            {"detail": "Wrong email or password."},
            status=status.HTTP_401_UNAUTHORIZED,
            headers={"WWW-Authenticate": "Token"},
        )
    token, _ = Token.objects.get_or_create(user=user)
    return Response({"token": token.key}, status=status.HTTP_200_OK)


@extend_schema(
    responses={200: MeSerializer, 401: OpenApiResponse(description="Not signed in")}
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def me(request: Request) -> Response:
    """The signed-in user's account."""
    return Response(MeSerializer(request.user).data)
