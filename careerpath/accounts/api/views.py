from __future__ import annotations

from typing import cast

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import status
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
    ApiTokenSerializer,
    MeSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from careerpath.accounts.models import User


class TokenThrottle(AnonRateThrottle):
    """Brute-force guard on the password exchange, per client address (every request counts).

    Failed passwords are limited per account too, in `services.check_credentials`."""

    scope = "token"


def _signed_in(request: Request) -> User:
    """The requester of a view with IsAuthenticated: a User, never AnonymousUser."""
    return cast(User, request.user)


@extend_schema(
    request=TokenRequestSerializer,
    responses={
        200: TokenSerializer,
        400: OpenApiResponse(description="Missing or malformed email/password"),
        401: OpenApiResponse(description="Wrong email or password"),
        403: OpenApiResponse(description="The email address is not verified yet"),
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
    """Exchange an email and password for a new API token (one per client; list and revoke
    them under `/api/v1/auth/tokens/`)."""
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
            {"detail": gettext("Too many failed attempts. Try again later.")},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(error.retry_after)},
        )
    if user is None:
        return Response(
            {"detail": gettext("Wrong email or password.")},
            status=status.HTTP_401_UNAUTHORIZED,
            headers={"WWW-Authenticate": "Token"},
        )
    if not services.email_is_verified(user):
        return Response(
            {
                "detail": "Verify your email address first: open the link we emailed "
                "you, then ask for a token again."
            },
            status=status.HTTP_403_FORBIDDEN,
        )
    return Response(
        {"token": services.issue_api_token(user=user)}, status=status.HTTP_200_OK
    )


def _current_token(request: Request) -> AuthToken | None:
    return request.auth if isinstance(request.auth, AuthToken) else None


@extend_schema(
    methods=["GET"],
    operation_id="auth_tokens_list",
    responses={
        200: ApiTokenSerializer(many=True),
        401: OpenApiResponse(description="Not signed in"),
    },
)
@extend_schema(
    methods=["DELETE"],
    operation_id="auth_tokens_revoke_all",
    request=None,
    responses={
        204: OpenApiResponse(description="Every API token of the account is revoked"),
        401: OpenApiResponse(description="Not signed in"),
    },
)
@api_view(["GET", "DELETE"])
@permission_classes([IsAuthenticated])
def tokens(request: Request) -> Response:
    """GET: the account's API tokens, newest first. DELETE: revoke them all (sign out every
    API client, this one too)."""
    if request.method == "DELETE":
        services.revoke_api_tokens(user=_signed_in(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
    current = _current_token(request)
    rows = AuthToken.objects.filter(user=request.user).order_by("-created")
    serializer = ApiTokenSerializer(
        rows, many=True, context={"current": current.pk if current else None}
    )
    return Response(serializer.data)


@extend_schema(
    operation_id="auth_tokens_revoke",
    request=None,
    responses={
        204: OpenApiResponse(description="The token is revoked"),
        401: OpenApiResponse(description="Not signed in"),
        404: OpenApiResponse(description="No such token on this account"),
    },
)
@api_view(["DELETE"])
@permission_classes([IsAuthenticated])
def token_detail(request: Request, token_id: str) -> Response:
    """Revoke one API token, named by its `id` from the token list."""
    if not services.revoke_api_tokens(user=_signed_in(request), token_key=token_id):
        return Response(
            {"detail": gettext("Not found.")}, status=status.HTTP_404_NOT_FOUND
        )
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    operation_id="auth_tokens_rotate",
    request=None,
    responses={
        200: TokenSerializer,
        400: OpenApiResponse(
            description="Not signed in with a token (a session has none to rotate)"
        ),
        401: OpenApiResponse(description="Not signed in"),
    },
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def rotate_token(request: Request) -> Response:
    """Replace the token this request is signed in with by a new one; the old one stops
    working at once."""
    current = _current_token(request)
    if current is None:
        return Response(
            {"detail": gettext("Sign in with the token you want to rotate.")},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return Response({"token": services.rotate_api_token(token=current)})


@extend_schema(
    responses={200: MeSerializer, 401: OpenApiResponse(description="Not signed in")}
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def me(request: Request) -> Response:
    """The signed-in user's account."""
    return Response(MeSerializer(_signed_in(request)).data)
