"""The one list of document formats (formats.importers.FILE_FORMATS) and its users."""

from __future__ import annotations

from workbench.formats.importers import (
    ALIGNABLE_FORMATS,
    FILE_FORMATS,
    FORMATS,
    detect_format,
)


def test_every_extension_detects_its_format():
    for file_format in FILE_FORMATS:
        for extension in file_format.extensions:
            assert detect_format(f"x.{extension}") == file_format.name
            assert detect_format("", extension.upper()) == file_format.name


def test_names_and_alignable_subset():
    assert FORMATS == ("txt", "md", "html", "docx", "epub", "odt", "po")
    assert ALIGNABLE_FORMATS == ("txt", "md", "html", "docx", "epub", "odt")
    extensions = [e for f in FILE_FORMATS for e in f.extensions]
    assert len(extensions) == len(set(extensions))


def test_upload_forms_and_commands_offer_the_registry():
    from workbench.management.commands.align import Command as AlignCommand
    from workbench.management.commands.import_document import Command as ImportCommand
    from workbench.views.alignment import AlignmentUploadForm
    from workbench.views.documents import UploadForm
    from workbench.views.source_updates import SourceUpdateForm

    def names(form) -> list[str]:
        return [value for value, _label in form.fields["format"].choices]

    assert names(UploadForm()) == ["", *FORMATS]
    assert names(SourceUpdateForm()) == ["", *FORMATS]
    assert names(AlignmentUploadForm()) == ["", *ALIGNABLE_FORMATS]
    for command, expected in ((ImportCommand(), FORMATS), (AlignCommand(), ALIGNABLE_FORMATS)):
        parser = command.create_parser("manage.py", "x")
        action = next(a for a in parser._actions if a.dest == "format")
        assert tuple(action.choices) == expected
