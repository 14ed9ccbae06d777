"""Third-party wording the Spanish catalog rewords (locale/es/LC_MESSAGES/django.po).

django-allauth and Django ship formal Spanish ("usted"); CareerPath addresses the reader as
"tú". The project's catalog (LOCALE_PATHS) is read before the packages' own, so its entry for
one of these msgids wins. makemessages keeps only msgids it finds in the project's files, so
this module (never imported) lists the ones our account pages show.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

ACCOUNT_PAGES = (
    # allauth: forms, messages and the templates we do not override (templates/account/).
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("You have signed out."),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("The following email addresses are associated with your account:"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an "
        "email allowing you to reset it."
    ),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam "
        "folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to "
        "finalize the signup process. If you do not see the verification email in your "
        "main inbox, check your spam folder. Please contact us if you do not receive the "
        "verification email within a few minutes."
    ),
    # Django's password validators (signup and password change).
    gettext_noop(
        "Your password can’t be too similar to your other personal information."  # noqa: RUF001
    ),
    gettext_noop("Your password can’t be a commonly used password."),  # noqa: RUF001
    gettext_noop("Your password can’t be entirely numeric."),  # noqa: RUF001
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
)
