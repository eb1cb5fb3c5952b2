"""Resident accounts on the public site: sign up, sign in, sign out, a
mobile number as a second sign-in name, and a password reset by text
message."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.ratelimit import client_address, count, hit
from core.signin import ThrottledSignInMixin

from .. import accounts
from ..forms import (
    DeleteAccountForm,
    PhoneCodeForm,
    PhoneForm,
    PhoneResetForm,
    SignupForm,
)

# Accounts made per client address per hour. A class signing up together
# at a village point's one PC fits; a script making accounts by the dozen
# does not. Votes ask more of an account than this (see community.showcase).
SIGNUPS_PER_CLIENT = 10
SIGNUP_WINDOW = 3600
BACKEND = "resources.accounts.AccountBackend"
TOO_MANY_CODES = gettext_lazy(
    "短信发得太频繁了，请一小时后再试；急用的话请到就近的社区学校请工作人员帮忙。"
)


class LoginForm(ThrottledSignInMixin, AuthenticationForm):
    """The sign-in form, saying that a mobile number works as well."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy(
            "手机号（或用户名）和密码对不上，请再输一次。"
            "忘记密码的话，可以点下面的“忘记密码”用手机号重设。"
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = gettext_lazy("用户名或手机号")

    def throttle_identity(self, identifier: str) -> str:
        return accounts.signin_identity(identifier)


def _next_url(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return "/"
    return next_url


def _masked(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}"


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    next_url = _next_url(request)
    limit_key = f"signup:{client_address(request)}"
    if request.method == "POST" and count(limit_key) >= SIGNUPS_PER_CLIENT:
        form.is_valid()
        form.add_error(
            None,
            _(
                "这个网络一小时内注册的账号太多了，请稍后再试；"
                "在教学点集体注册的，可以请工作人员帮忙。"
            ),
        )
    elif request.method == "POST" and form.is_valid():
        user = form.save()
        hit(limit_key, window=SIGNUP_WINDOW)
        login(request, user, backend=BACKEND)
        phone = form.cleaned_data.get("phone")
        if phone:
            return _send_bind_code(request, phone=phone, next_url=next_url)
        return redirect(next_url)
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


def _send_bind_code(request: HttpRequest, *, phone: str, next_url: str):
    if not accounts.phone_code_send(
        request=request, phone=phone, purpose=accounts.BIND, user=request.user
    ):
        messages.error(request, TOO_MANY_CODES)
        return redirect(next_url)
    request.session["phone_bind"] = phone
    messages.info(
        request,
        _("验证码已发到 %(phone)s，填上就能用手机号登录。") % {"phone": _masked(phone)},
    )
    return redirect(f"{reverse('phone_confirm')}?{urlencode({'next': next_url})}")


@login_required
def phone_start(request: HttpRequest) -> HttpResponse:
    """Ask for a code to make a mobile number a sign-in name."""
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _send_bind_code(
            request, phone=form.cleaned_data["phone"], next_url=_next_url(request)
        )
    return render(
        request,
        "registration/phone.html",
        {"form": form, "next": _next_url(request)},
    )


@login_required
def phone_confirm(request: HttpRequest) -> HttpResponse:
    phone = request.session.get("phone_bind")
    if not phone:
        return redirect("phone_start")
    form = PhoneCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.phone_bind(
                user=request.user, phone=phone, code=form.cleaned_data["code"]
            )
        except accounts.PhoneError as error:
            form.add_error("code", str(error))
        else:
            del request.session["phone_bind"]
            messages.success(request, _("手机号已验证，以后可以用它登录和找回密码。"))
            return redirect(_next_url(request))
    return render(
        request,
        "registration/phone_confirm.html",
        {"form": form, "phone": _masked(phone), "next": _next_url(request)},
    )


def password_reset(request: HttpRequest) -> HttpResponse:
    """ "忘记密码": a code to the verified number. The answer is the same
    whether the number has an account or not."""
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if accounts.phone_code_send(
            request=request, phone=phone, purpose=accounts.RESET
        ):
            request.session["phone_reset"] = phone
            return redirect("password_reset_confirm")
        form.add_error(None, TOO_MANY_CODES)
    return render(request, "registration/password_reset.html", {"form": form})


def password_reset_confirm(request: HttpRequest) -> HttpResponse:
    phone = request.session.get("phone_reset")
    if not phone:
        return redirect("password_reset")
    form = PhoneResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.password_reset_by_phone(
                phone=phone,
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password1"],
                request=request,
            )
        except accounts.PhoneError as error:
            form.add_error("code", str(error))
        else:
            del request.session["phone_reset"]
            messages.success(request, _("密码已经重设好了，请用新密码登录。"))
            return redirect("login")
    return render(
        request,
        "registration/password_reset_confirm.html",
        {"form": form, "phone": _masked(phone)},
    )


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        accounts.delete_account(request.user)
        logout(request)
        messages.success(request, _("账号已注销，您的个人信息已删除。"))
        return redirect("/")
    return render(request, "registration/delete_account.html", {"form": form})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/privacy.html")


urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("delete/", delete_account, name="delete_account"),
    path("privacy/", privacy, name="privacy"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", signup, name="signup"),
    path("phone/", phone_start, name="phone_start"),
    path("phone/confirm/", phone_confirm, name="phone_confirm"),
    path("reset/", password_reset, name="password_reset"),
    path("reset/confirm/", password_reset_confirm, name="password_reset_confirm"),
]
