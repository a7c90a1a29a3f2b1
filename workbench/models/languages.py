from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from workbench.text.language_names import display_name as _display_name
from workbench.text.records import LanguageInfo


class Language(models.Model):
    """A language documents are written in or translated into; added at run time."""

    DIRECTIONS = [("ltr", _("left to right")), ("rtl", _("right to left"))]

    code = models.CharField(
        _("code"), max_length=35, unique=True, help_text=_("BCP 47 tag, e.g. de, pt-BR, zh-Hans")
    )
    name = models.CharField(_("name"), max_length=100)
    direction = models.CharField(
        _("text direction"), max_length=3, choices=DIRECTIONS, default="ltr"
    )
    plural_forms = models.CharField(
        _("Plural-Forms"), max_length=200, default="nplurals=2; plural=(n != 1);"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.code})"

    @property
    def display_name(self) -> str:
        """The language's name in the reader's UI language (CLDR), else the stored name."""
        return _display_name(self.code, get_language() or "en") or self.name

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"

    def info(self) -> LanguageInfo:
        return LanguageInfo(
            code=self.code, name=self.name, direction=self.direction, plural_forms=self.plural_forms
        )
