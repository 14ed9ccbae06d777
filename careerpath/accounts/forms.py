from __future__ import annotations

from typing import Any

from django import forms

from careerpath.accounts.models import User


class ReminderPreferenceForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["email_reminders"]
        labels = {"email_reminders": "Email me reminders"}


class DeleteAccountForm(forms.Form):
    """Asks for the password, or (for accounts without one) the email address typed out."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    email = forms.CharField(
        label="Type your email address to confirm",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["email"]
            self.fields["password"].required = True
        else:
            del self.fields["password"]
            self.fields["email"].required = True
            self.fields["email"].help_text = f"Type {user.email} exactly."

    def clean_password(self) -> str:
        password: str = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise forms.ValidationError("That password is not correct.")
        return password

    def clean_email(self) -> str:
        email: str = self.cleaned_data.get("email", "").strip()
        if email.lower() != self.user.email.lower():
            raise forms.ValidationError("That does not match your email address.")
        return email
