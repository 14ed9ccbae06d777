from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from careerpath.accounts import services
from careerpath.accounts.models import User

TOO_MANY_ATTEMPTS = _("Too many failed login attempts. Try again later.")


class ReminderPreferenceForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["email_reminders"]
        labels = {"email_reminders": _("Email me reminders")}


class DeleteAccountForm(forms.Form):
    """Asks for the password, or (for accounts without one) the email address typed out."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    email = forms.CharField(
        label=_("Type your email address to confirm"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(
        self, *args: Any, user: User, request: HttpRequest, **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request
        if user.has_usable_password():
            del self.fields["email"]
            self.fields["password"].required = True
        else:
            del self.fields["password"]
            self.fields["email"].required = True
            self.fields["email"].help_text = _("Type %(email)s exactly.") % {
                "email": user.email
            }

    def clean_password(self) -> str:
        password: str = self.cleaned_data.get("password", "")
        try:
            correct = services.check_password(
                request=self.request, user=self.user, password=password
            )
        except services.TooManyAttempts:
            raise forms.ValidationError(TOO_MANY_ATTEMPTS) from None
        if not correct:
            raise forms.ValidationError(_("That password is not correct."))
        return password

    def clean_email(self) -> str:
        email: str = self.cleaned_data.get("email", "").strip()
        if email.lower() != self.user.email.lower():
            raise forms.ValidationError(_("That does not match your email address."))
        return email


class AdminLoginForm(AdminAuthenticationForm):
    """The admin sign-in, under the same per-account failure limits as the site's."""

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password:
            assert self.request is not None  # the admin's login view always passes it
            try:
                user = services.check_credentials(
                    request=self.request, email=email, password=password
                )
            except services.TooManyAttempts:
                raise forms.ValidationError(
                    TOO_MANY_ATTEMPTS, code="too_many_login_attempts"
                ) from None
            if user is None:
                raise self.get_invalid_login_error()
            self.user_cache = user
            self.confirm_login_allowed(user)
        return self.cleaned_data


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, doing the same work for a registered email as for a new one.

    For a registered email allauth creates nothing and mails "you already have an account";
    for a new one it hashes the password, creates the account and mails a confirmation link.
    Both send one mail in the request; hashing (slow by design, most of the difference) is
    done for both, so the answer's timing does not tell them apart.
    """

    def try_save(self, request: HttpRequest) -> Any:
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
