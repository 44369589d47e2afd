"""The filter form of the sync run log."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from cmsync.sync.models import SyncRun


class RunFilterForm(forms.Form):
    """Optional kind and state filters; an empty choice means any."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *SyncRun.Kind.choices],
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *SyncRun.State.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("kind", css_class="col-sm-4 col-md-3"),
                Column("state", css_class="col-sm-4 col-md-3"),
            )
        )

    def filter(self, queryset):
        """Narrow `queryset` to the chosen kind and state.

        Invalid input leaves the queryset as it is, and the form shows the error.
        """
        if not self.is_valid():
            return queryset
        if self.cleaned_data["kind"]:
            queryset = queryset.filter(kind=self.cleaned_data["kind"])
        if self.cleaned_data["state"]:
            queryset = queryset.filter(state=self.cleaned_data["state"])
        return queryset
