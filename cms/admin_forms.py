"""The admin's sign-in and password-reset forms: the password field named in
Chinese (Wagtail 8's own form gives it no label, so Django shows its English
attribute name, "Password"), sign-in throttled like the residents' (see
core.signin), and reset mail limited per address and per client so the form
cannot be used to flood an editor's inbox."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm, PasswordResetForm

from core.ratelimit import client_address, over_limit
from core.signin import ThrottledSignInMixin
from resources.accounts import signin_identity

RESET_MAILS_PER_ADDRESS = 3
RESET_MAILS_PER_CLIENT = 10
RESET_WINDOW = 3600


class AdminLoginForm(ThrottledSignInMixin, LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("密码")

    def throttle_identity(self, identifier: str) -> str:
        return signin_identity(identifier)


class AdminPasswordResetForm(PasswordResetForm):
    def save(self, *args, **kwargs) -> None:
        """Send nothing past the limits; the page says the same either way."""
        request = kwargs.get("request")
        email = self.cleaned_data["email"].strip().casefold()
        if request is not None and over_limit(
            f"admin-reset:client:{client_address(request)}",
            limit=RESET_MAILS_PER_CLIENT,
            window=RESET_WINDOW,
        ):
            return
        if over_limit(
            f"admin-reset:email:{email}",
            limit=RESET_MAILS_PER_ADDRESS,
            window=RESET_WINDOW,
        ):
            return
        super().save(*args, **kwargs)
