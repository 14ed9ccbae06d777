from __future__ import annotations

from rest_framework import serializers

from careerpath.accounts.models import User


class TokenRequestSerializer(serializers.Serializer[None]):
    email = serializers.EmailField()
    password = serializers.CharField(
        trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer[None]):
    token = serializers.CharField(read_only=True)


class MeSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "email", "display_name", "email_reminders", "date_joined"]
        read_only_fields = fields
