"""workbench-client against a live test server: list, pull PO and HTML into a folder, push a
PO back, progress; configured by the environment or a config file; refusals exit 1."""

from __future__ import annotations

import tomllib
from io import StringIO
from pathlib import Path

import polib
import pytest

from tests.conftest import ROOT
from workbench.client import cli
from workbench.models import Translation
from workbench.services.api_tokens import create_token

pytestmark = pytest.mark.django_db(transaction=True)


def _run(*argv, environ) -> tuple[int, str]:
    out = StringIO()
    code = cli.main(list(argv), environ=environ, out=out)
    return code, out.getvalue()


@pytest.fixture
def env(live_server, translator, sample_document, tmp_path):
    _row, raw = create_token(translator, "client")
    return {
        "WORKBENCH_URL": live_server.url,
        "WORKBENCH_TOKEN": raw,
        "WORKBENCH_CLIENT_CONFIG": str(tmp_path / "none.ini"),
    }


def test_pull_push_and_progress(env, tmp_path):
    code, out = _run("documents", environ=env)
    assert code == 0 and out.startswith("sample\t") and "de 0%" in out
    folder = tmp_path / "site"
    code, out = _run("pull", "sample", "--lang", "de", "--format", "po", "--format", "html",
                     "-o", str(folder), environ=env)  # fmt: skip
    assert code == 0
    po_path, html_path = folder / "sample.de.po", folder / "sample.de.html"
    assert out.split() == [str(po_path), str(html_path)]
    assert html_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    catalog = polib.pofile(str(po_path))
    entry = next(e for e in catalog if e.msgctxt == "u0001")
    entry.msgstr = "Sozialistische Gleichheitspartei (Vereinigte Staaten)"
    catalog.save(str(po_path))
    code, out = _run("push", "sample", "--lang", "de", str(po_path), environ=env)
    assert code == 0 and "Imported: 1" in out
    stored = Translation.objects.get(unit__key="u0001", language__code="de")
    assert stored.text == entry.msgstr and stored.author.username == "translator"
    code, out = _run("progress", "sample", "--lang", "de", environ=env)
    header, row = out.splitlines()
    assert header.startswith("language\tunits\tapproved\ttranslated")
    assert row.split("\t")[:4] == ["de", "14", "0", "1"]


def test_config_file_and_bad_settings(env, tmp_path):
    ini = tmp_path / "client.ini"
    ini.write_text(f"[workbench]\nurl = {env['WORKBENCH_URL']}\ntoken = {env['WORKBENCH_TOKEN']}\n")
    from_file = {"WORKBENCH_CLIENT_CONFIG": str(ini)}
    code, out = _run("documents", environ=from_file)
    assert code == 0 and out.startswith("sample\t")
    assert _run("documents", environ={"WORKBENCH_CLIENT_CONFIG": str(tmp_path / "x")})[0] == 2
    wrong = {**env, "WORKBENCH_TOKEN": "wbt_not-a-token"}
    assert _run("documents", environ=wrong)[0] == 1
    assert _run("progress", "nope", environ=env)[0] == 1


def test_refused_push_exits_1_and_stores_nothing(env, live_server, outsider, tmp_path, capsys):
    _row, raw = create_token(outsider, "client")
    po_path = tmp_path / "x.po"
    assert _run("pull", "sample", "--lang", "de", "-o", str(tmp_path), environ=env)[0] == 0
    (tmp_path / "sample.de.po").rename(po_path)
    code, _out = _run("push", "sample", "--lang", "de", str(po_path),
                      environ={**env, "WORKBENCH_TOKEN": raw})  # fmt: skip
    assert code == 1
    assert "HTTP 403" in capsys.readouterr().err
    assert not Translation.objects.exists()


def test_console_script_is_declared():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    module, _sep, function = scripts["workbench-client"].partition(":")
    assert module == "workbench.client.cli" and getattr(cli, function) is cli.main
    assert Path(cli.__file__).parent.name == "client"
