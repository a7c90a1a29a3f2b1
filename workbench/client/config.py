"""Where the client finds the API and its token, first found wins: the command line
(--url, --token), the environment (WORKBENCH_URL, WORKBENCH_TOKEN), then a config file
(WORKBENCH_CLIENT_CONFIG, default ~/.config/workbench-client.ini):

    [workbench]
    url = https://translate.example.org/api/v1/
    token = wbt_...
"""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass
from pathlib import Path

SECTION = "workbench"


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class Settings:
    url: str
    token: str


def config_path(environ: dict[str, str]) -> Path:
    if environ.get("WORKBENCH_CLIENT_CONFIG"):
        return Path(environ["WORKBENCH_CLIENT_CONFIG"])
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "workbench-client.ini"


def load(url: str | None, token: str | None, environ: dict[str, str] | None = None) -> Settings:
    environ = dict(os.environ if environ is None else environ)
    from_file: dict[str, str] = {}
    path = config_path(environ)
    if path.is_file():
        parser = configparser.ConfigParser()
        try:
            parser.read(path, encoding="utf-8")
        except configparser.Error as exc:
            raise ConfigError(f"{path}: {exc}") from None
        if parser.has_section(SECTION):
            from_file = dict(parser.items(SECTION))
    url = url or environ.get("WORKBENCH_URL") or from_file.get("url", "")
    token = token or environ.get("WORKBENCH_TOKEN") or from_file.get("token", "")
    if not url:
        raise ConfigError(
            f"No API address: give --url, set WORKBENCH_URL, or write url = ... in {path}."
        )
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"The API address must start with http:// or https://: {url}")
    if not url.rstrip("/").endswith("/api/v1"):
        url = url.rstrip("/") + "/api/v1/"  # the site's address is enough
    return Settings(url=url.rstrip("/") + "/", token=token)
