"""The configuration form, shared by the settings page and Django admin."""

from django import forms
from django.db import models
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from admin_config.content_owner import content_owner_candidates
from admin_config.models import ClickMeetingConfig
from admin_config.services import save_config
from admin_config.validators import validate_api_key

API_KEY_MAX_LENGTH = 200


def _formfield(model_field, **kwargs):
    # An endpoint typed without a scheme gets https://, the only scheme
    # accepted for a remote host.
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class ClickMeetingConfigForm(forms.ModelForm):
    """Edits the configuration; the API key is write-only.

    Leaving the API key blank keeps the stored key, so the key never has to
    be sent back to the browser.
    """

    api_key = forms.CharField(
        label=_("API key"),
        required=False,
        max_length=API_KEY_MAX_LENGTH,
        strip=True,
        validators=[validate_api_key],
        widget=forms.PasswordInput(
            render_value=False, attrs={"autocomplete": "new-password"}
        ),
    )
    remove_api_key = forms.BooleanField(
        label=_("Remove the stored API key"),
        required=False,
        help_text=_("Synchronization stops until a new key is entered."),
    )

    class Meta:
        model = ClickMeetingConfig
        fields = [
            "endpoint_url",
            "api_key",
            "remove_api_key",
            "invitation_language",
            "sync_start_date",
            "sync_content_owner",
            "sync_frequency_minutes",
        ]
        formfield_callback = _formfield
        # A date input takes ISO dates only, whatever the page's language.
        widgets = {
            "sync_start_date": forms.DateInput(
                attrs={"type": "date"}, format="%Y-%m-%d"
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["api_key"].help_text = self._api_key_help_text()
        self._limit_content_owner_choices()

    def _api_key_help_text(self):
        if not self.instance.has_api_key:
            return _(
                "No API key is stored, so synchronization is off. Copy the key "
                "from the ClickMeeting panel (Settings, API)."
            )
        if not self.instance.has_readable_api_key:
            return _(
                "The stored key cannot be decrypted with the current "
                "FIELD_ENCRYPTION_KEYS. Enter the API key again."
            )
        # format_html escapes the key's last characters: crispy forms
        # renders help texts as HTML.
        return format_html(
            gettext(
                "Stored key: {masked}. Leave blank to keep it, or enter a new "
                "key to replace it."
            ),
            masked=self.instance.masked_api_key,
        )

    def _limit_content_owner_choices(self):
        owner_field = self.fields["sync_content_owner"]
        candidates = content_owner_candidates()
        stored_owner_id = self.instance.sync_content_owner_id
        if stored_owner_id is not None:
            # A stored owner who lost the role stays listed, so saving the
            # form shows why they are no longer accepted instead of quietly
            # clearing the owner.
            candidates = candidates.model.objects.filter(
                Q(pk__in=candidates.values("pk")) | Q(pk=stored_owner_id)
            ).order_by(candidates.model.USERNAME_FIELD)
        owner_field.queryset = candidates
        owner_field.empty_label = _("(no owner: only Administrators can edit)")
        owner_field.error_messages["invalid_choice"] = _(
            "Choose an active user with the Creator or Administrator role. "
            "Other users cannot edit synchronized meetings."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("api_key") and cleaned.get("remove_api_key"):
            raise forms.ValidationError(
                _("Either enter a new API key or remove the stored one, not both.")
            )
        return cleaned

    def save(self, commit=True):
        config = super().save(commit=False)
        if self.cleaned_data.get("remove_api_key"):
            config.set_api_key("")
        elif self.cleaned_data.get("api_key"):
            config.set_api_key(self.cleaned_data["api_key"])
        if commit:
            save_config(config)
        return config
