"""A glossary file with a language the site does not have: the rest is imported, and the
import says what was left out (as the TMX import does)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from workbench.formats.glossary_csv import ConceptRecord
from workbench.formats.tbx import write_tbx
from workbench.models import GlossaryTerm
from workbench.services.glossary_import import import_glossary

CSV = b"en,de,xx,forbidden:xx\nParty,Partei,Pxx,Qxx\nClass,Klasse,,\n,,Only-xx,\n"


@pytest.mark.django_db
def test_csv_with_an_unknown_language_imports_the_rest(admin_user):
    result = import_glossary(admin_user, CSV, filename="g.csv")
    assert (result.created, result.skipped_concepts) == (2, 1)
    assert result.skipped_languages == {"xx": 3}
    lines = result.skipped_lines()
    assert "Skipped 3 terms in xx" in lines[0] and "1 concepts" in lines[1]
    assert set(GlossaryTerm.objects.values_list("language_code", "text")) == {
        ("en", "Party"), ("de", "Partei"), ("en", "Class"), ("de", "Klasse"),
    }  # fmt: skip


@pytest.mark.django_db
def test_tbx_with_an_unknown_language_and_the_command_says_so(admin_user, tmp_path):
    data = write_tbx(
        [ConceptRecord(terms={"en": "Soviet", "de": "Sowjet", "xx-Test": "Sov"}, id="")],
        ["en", "de", "xx-Test"],
    )
    path = tmp_path / "g.tbx"
    path.write_bytes(data)
    out, err = StringIO(), StringIO()
    call_command("import_glossary", str(path), stdout=out, stderr=err)
    assert "created 1" in out.getvalue()
    assert "Skipped 1 terms in xx-Test" in err.getvalue()
    assert GlossaryTerm.objects.filter(text="Sowjet").exists()
