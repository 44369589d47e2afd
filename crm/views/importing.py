"""The CSV upload page for administrators."""

import logging

from django.views.generic import FormView

from cmsync.permissions import AdministratorRequiredMixin
from crm.forms import CsvImportForm
from crm.importing import CsvFileError, crm_csv_import
from crm.importing.importers import IMPORTERS

logger = logging.getLogger(__name__)


class CsvImportView(AdministratorRequiredMixin, FormView):
    """Upload a CSV file and show the import report on the same page."""

    form_class = CsvImportForm
    template_name = "crm/import_form.html"

    def get_context_data(self, **kwargs):
        column_guide = [
            (
                importer.label,
                [(c, c in importer.required_columns) for c in importer.known_columns],
            )
            for importer in IMPORTERS.values()
        ]
        return super().get_context_data(column_guide=column_guide, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        try:
            report = crm_csv_import(kind, upload.read(), owner=self.request.user)
        except CsvFileError as error:
            logger.info(
                "CSV upload of %s by user %s rejected: %s",
                kind,
                self.request.user.pk,
                error,
            )
            form.add_error("file", str(error))
            return self.form_invalid(form)
        context = self.get_context_data(
            form=self.get_form_class()(initial={"kind": kind}),
            report=report,
            filename=upload.name,
        )
        return self.render_to_response(context)
