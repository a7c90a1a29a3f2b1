"""The languages page: site admins see the site's languages and add one by its tag, with
its name, direction and plural forms filled in from CLDR (services/languages.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from workbench import permissions
from workbench.models import Language
from workbench.services.languages import UnknownLanguageError, add_language
from workbench.text.plurals import plural_forms


class AddLanguageForm(forms.Form):
    code = forms.CharField(
        max_length=35,
        label=gettext_lazy("Language tag"),
        help_text=gettext_lazy("BCP 47, e.g. de, pt-BR, zh-Hans, sr-Latn"),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def languages(request):
    permissions.require_site_admin(request.user)
    form = AddLanguageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            language, created = add_language(request.user, form.cleaned_data["code"])
        except UnknownLanguageError as exc:
            form.add_error("code", str(exc))
        else:
            if created:
                messages.success(
                    request,
                    _("Added %(name)s (%(code)s).")
                    % {"name": language.display_name, "code": language.code},
                )
            else:
                messages.info(
                    request,
                    _("%(name)s (%(code)s) is already a language of the site.")
                    % {"name": language.display_name, "code": language.code},
                )
            return redirect("languages")
    rows = [(language, plural_forms(language.plural_forms)) for language in Language.objects.all()]
    return render(
        request,
        "workbench/languages.html",
        {"form": form, "rows": rows},
        status=400 if form.errors else 200,
    )
