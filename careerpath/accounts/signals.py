"""A new password signs out every API client: the tokens were handed out under the old one."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import password_changed, password_reset, password_set
from django.dispatch import receiver

from careerpath.accounts import services


@receiver(password_changed)
@receiver(password_reset)
@receiver(password_set)
def revoke_api_tokens_on_new_password(sender: Any, user: Any, **kwargs: Any) -> None:
    services.revoke_api_tokens(user=user)
