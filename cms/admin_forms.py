"""The admin's sign-in form, with the password field named in Chinese.

Wagtail 8's own form gives the field no label, so Django shows its English
attribute name, "Password"."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class AdminLoginForm(LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("密码")
