from __future__ import annotations

from typing import Any

from knox.models import AuthToken
from rest_framework import serializers

from careerpath.accounts.models import EMAIL_MAX_LENGTH, User


class TokenRequestSerializer(serializers.Serializer[None]):
    email = serializers.EmailField(max_length=EMAIL_MAX_LENGTH)
    password = serializers.CharField(
        trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer[None]):
    token = serializers.CharField(read_only=True)


class ApiTokenSerializer(serializers.ModelSerializer[AuthToken]):
    """One API token as its owner sees it: never the key itself, which is not stored."""

    id = serializers.CharField(
        source="token_key",
        read_only=True,
        help_text="The key's first characters: enough to tell tokens apart, useless to sign in.",
    )
    current = serializers.SerializerMethodField(
        help_text="Whether this request is signed in with this token."
    )

    class Meta:
        model = AuthToken
        fields = ["id", "created", "expiry", "current"]
        read_only_fields = fields

    def get_current(self, token: AuthToken) -> bool:
        current: Any = self.context.get("current")
        return bool(current) and token.pk == current


class MeSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "email", "display_name", "email_reminders", "date_joined"]
        read_only_fields = fields
