from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    name = "workbench"
    verbose_name = _("Translation workbench")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Error messages of the pure core (text/, formats/) in the reader's UI language.
        from django.utils.translation import gettext

        from workbench.text.i18n import install_translator

        install_translator(gettext)
