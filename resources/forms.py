"""Public forms for residents. Plain text only: no HTML is ever accepted."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validation import PlainTextField
from institutions.models import (
    DistrictCollegePage,
    TownshipSchoolPage,
    VillagePointPage,
)
from media_pipeline.forms import ResumableFileField, ResumableFileInput
from media_pipeline.models import MEDIA_ACCEPT, validate_media_file

from .models import Audience, LearnerProfile, Topic

FRIENDLY_ERRORS = {
    "required": _("请填写这一项。"),
    "min_length": _(
        "内容太短了，至少写 %(limit_value)d 个字（现在 %(show_value)d 个）。"
    ),
    "max_length": _(
        "内容太长了，最多 %(limit_value)d 个字（现在 %(show_value)d 个）。"
    ),
}


class ResidentForm(forms.Form):
    """Plain-language errors, and no English-style colon after labels."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for code, message in FRIENDLY_ERRORS.items():
                if code in field.error_messages or code == "required":
                    field.error_messages[code] = message
            field.validators = [_friendly(validator) for validator in field.validators]


def _friendly(validator):
    from django.core import validators

    for kind, code in (
        (validators.MinLengthValidator, "min_length"),
        (validators.MaxLengthValidator, "max_length"),
    ):
        if isinstance(validator, kind):
            return kind(validator.limit_value, message=FRIENDLY_ERRORS[code])
    return validator


class LessonTextForm(ResidentForm):
    title = forms.CharField(label=_("微课标题"), max_length=60)
    summary = forms.CharField(
        label=_("一句话简介"),
        max_length=120,
        help_text=_("居民看到的第一句话，说清楚学什么。"),
    )
    text = forms.CharField(
        label=_("微课内容"),
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("直接写文字即可，每段换一行。"),
    )


class ProposeLessonForm(LessonTextForm):
    media = ResumableFileField(
        label=_("视频或音频（可选）"),
        required=False,
        help_text=_("手机拍的视频或录音都可以。"),
    )

    def __init__(self, *args, user=None, refused=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.refused = refused or {}
        self.fields["media"].user = user
        self.fields["media"].widget = ResumableFileInput(
            attrs={"accept": MEDIA_ACCEPT},
            limit=settings.RESIDENT_UPLOAD_MAX_SIZE,
        )

    def clean_media(self):
        if "media" in self.refused:  # stopped while it arrived
            raise self.refused["media"]
        upload = self.cleaned_data.get("media")
        if upload:
            validate_media_file(upload, limit=settings.RESIDENT_UPLOAD_MAX_SIZE)
        return upload or None


class ReviseLessonForm(LessonTextForm):
    pass


class ImproveLessonForm(ResidentForm):
    text = forms.CharField(
        label=_("您想补充或更正的内容"),
        min_length=10,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    note = forms.CharField(
        label=_("给编辑的话（可选）"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def institution_choices() -> list[tuple[int, str]]:
    models = (DistrictCollegePage, TownshipSchoolPage, VillagePointPage)
    pages = [
        page
        for model in models
        for page in model.objects.live().public().only("pk", "title", "path")
    ]
    return [(p.pk, p.title) for p in sorted(pages, key=lambda p: p.path)]


class CourseRequestForm(ResidentForm):
    title = forms.CharField(label=_("想学什么"), max_length=60)
    description = forms.CharField(
        label=_("具体说说（可选）"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    topic = forms.ModelChoiceField(
        label=_("内容领域（可选）"), queryset=Topic.objects.all(), required=False
    )
    institution = forms.TypedChoiceField(label=_("希望在哪里上课"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [("", "——")] + institution_choices()


PHONE_PATTERN = r"^1[3-9][0-9]{9}$"  # [0-9]: \d takes any script's digits


class SignupForm(UserCreationForm):
    """Sign-up an older resident can manage: a name to be called by, a
    username or a mobile number, a password, and (optionally) where they
    live and who they are; privacy consent is required."""

    first_name = PlainTextField(
        label=_("怎么称呼您"), max_length=30, help_text=_("例如：王阿姨、李师傅。")
    )
    phone = forms.RegexField(
        label=_("手机号（可选，验证后可用来登录、找回密码）"),
        regex=PHONE_PATTERN,
        required=False,
        error_messages={"invalid": _("请填写 11 位手机号，例如 13912345678。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    place = forms.TypedChoiceField(
        label=_("您住在哪个社区或村（可选）"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    audiences = forms.ModelMultipleChoiceField(
        label=_("您是（可多选，可不选）"),
        queryset=Audience.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(
        label=_("我已阅读并同意《个人信息保护说明》"),
        error_messages={"required": _("请先阅读并同意《个人信息保护说明》。")},
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "first_name")
        labels = {"username": _("用户名")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [("", "——")] + institution_choices()
        # Django's own hints are long and technical; these say what matters.
        self.fields["username"].help_text = _(
            "登录时用，字母或数字，例如 wangayi 或 wang1960。"
        )
        self.fields["password1"].help_text = _("至少 8 位，不要全是数字。")
        self.fields["password2"].help_text = ""

    def clean_phone(self) -> str | None:
        """Taken or not, the number is accepted here: it becomes a sign-in
        name only after the code texted to it is entered, and saying "this
        number is registered" would tell anyone whose numbers are."""
        return self.cleaned_data.get("phone") or None

    def save(self, commit: bool = True):
        with transaction.atomic():
            user = super().save(commit=True)
            profile = LearnerProfile.objects.create(
                user=user,
                place_id=self.cleaned_data.get("place"),
                consented_at=timezone.now(),
            )
            profile.audiences.set(self.cleaned_data.get("audiences") or [])
        return user


def _phone_field(label=None) -> forms.RegexField:
    return forms.RegexField(
        label=label or _("手机号"),
        regex=PHONE_PATTERN,
        error_messages={
            "invalid": _("请填写 11 位手机号，例如 13912345678。"),
            "required": _("请填写手机号。"),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )


def _code_field() -> forms.RegexField:
    return forms.RegexField(
        label=_("短信验证码（6 位数字）"),
        regex=r"^[0-9]{6}$",
        error_messages={
            "invalid": _("验证码是 6 位数字。"),
            "required": _("请填写短信里的验证码。"),
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
    )


class PhoneForm(forms.Form):
    phone = _phone_field()


class PhoneCodeForm(forms.Form):
    code = _code_field()


class PhoneResetForm(forms.Form):
    """The code from the text message and the new password, twice."""

    code = _code_field()
    password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少 8 位，不要全是数字。"),
    )
    password2 = forms.CharField(
        label=_("再输一次新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("两次输入的密码不一样。"))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("请输入密码确认"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("密码不对，账号没有注销。"))
        return password
