"""The machine-translation engines: one small interface, three HTTP backends.

Each engine is configured with a base URL (and a key where the service needs one), asks
the service which language pairs it serves, and translates a batch of HTML fragments.
Every request has a time-out; any failure (refused connection, time-out, HTTP error,
unexpected JSON) is an `EngineUnavailable`, which callers show as "unavailable" rather
than fail. No Django here: the registry and the cache live in the modules beside.

Apertium APY is what the tests run for real (Debian packages on loopback). The
LibreTranslate and DeepL backends follow their documented APIs and are tested against a
local server of that shape only (README).
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

# BCP 47 primary subtag -> ISO 639-3, for services (Apertium) that name languages so.
_ISO3 = {
    "af": "afr", "an": "arg", "ar": "ara", "ast": "ast", "be": "bel", "bg": "bul",
    "br": "bre", "ca": "cat", "cs": "ces", "cy": "cym", "da": "dan", "de": "deu",
    "el": "ell", "en": "eng", "eo": "epo", "es": "spa", "et": "est", "eu": "eus",
    "fa": "fas", "fi": "fin", "fr": "fra", "ga": "gle", "gl": "glg", "he": "heb",
    "hi": "hin", "hr": "hrv", "hu": "hun", "id": "ind", "is": "isl", "it": "ita",
    "ja": "jpn", "kk": "kaz", "ko": "kor", "lt": "lit", "lv": "lav", "mk": "mkd",
    "ms": "msa", "mt": "mlt", "nb": "nob", "nl": "nld", "nn": "nno", "oc": "oci",
    "pl": "pol", "pt": "por", "ro": "ron", "ru": "rus", "sc": "srd", "sk": "slk",
    "sl": "slv", "sq": "sqi", "sr": "srp", "sv": "swe", "tr": "tur", "uk": "ukr",
    "ur": "urd", "zh": "zho",
}  # fmt: skip
MAX_RESPONSE_BYTES = 8 * 1024 * 1024  # bounded reading of whatever a service answers


class EngineUnavailable(Exception):
    """The engine did not answer in time, or not as documented."""


@dataclass(frozen=True)
class Engine:
    """One configured engine. `name` is its stable id (stored with suggestions), `label`
    what the UI shows."""

    name: str
    label: str
    url: str
    key: str = ""
    timeout: float = 5.0

    def pairs(self) -> set[tuple[str, str]]:
        """The (source, target) pairs the service serves, as BCP 47 primary codes."""
        raise NotImplementedError

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """The translations of `texts` (HTML fragments), in order."""
        raise NotImplementedError

    # --- HTTP ---------------------------------------------------------------------------

    def _request(
        self, path: str, data: dict | list | None = None, headers: dict[str, str] | None = None
    ) -> object:
        url = self.url.rstrip("/") + path
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(url, data=body, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read(MAX_RESPONSE_BYTES + 1)
        except (http.client.HTTPException, OSError, ValueError) as error:  # URLError, time-outs
            raise EngineUnavailable(f"{self.name}: {error}") from error
        if len(raw) > MAX_RESPONSE_BYTES:
            raise EngineUnavailable(f"{self.name}: answer too large")
        try:
            return json.loads(raw)
        except ValueError as error:
            raise EngineUnavailable(f"{self.name}: not JSON") from error


def primary(code: str) -> str:
    return code.split("-")[0].split("_")[0].lower()


def _expect(condition: bool, engine: Engine, what: str) -> None:
    if not condition:
        raise EngineUnavailable(f"{engine.name}: unexpected answer ({what})")


class Apertium(Engine):
    """Apertium APY (https://wiki.apertium.org/wiki/Apertium-apy): GET /listPairs,
    POST /translate with langpair=eng|spa and format=html. One request per text (APY
    translates one `q`); a batch is a sequence of requests on the same engine."""

    def pairs(self) -> set[tuple[str, str]]:
        answer = self._request("/listPairs")
        _expect(isinstance(answer, dict) and "responseData" in answer, self, "listPairs")
        assert isinstance(answer, dict)
        found: set[tuple[str, str]] = set()
        by_iso3 = {iso3: code for code, iso3 in _ISO3.items()}
        for pair in answer["responseData"]:
            source, target = pair.get("sourceLanguage", ""), pair.get("targetLanguage", "")
            # Variants ("cat_valencia", "eng_US") are not the plain language.
            if "_" in source or "_" in target:
                continue
            if source in by_iso3 and target in by_iso3:
                found.add((by_iso3[source], by_iso3[target]))
        return found

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        pair = f"{_ISO3.get(primary(source), source)}|{_ISO3.get(primary(target), target)}"
        out = []
        for text in texts:
            # markUnknown=no: no "*" before words the dictionaries do not know.
            answer = self._request(
                "/translate",
                {"q": text, "langpair": pair, "format": "html", "markUnknown": "no"},
            )
            _expect(
                isinstance(answer, dict)
                and answer.get("responseStatus") == 200
                and isinstance(answer.get("responseData"), dict)
                and isinstance(answer["responseData"].get("translatedText"), str),
                self,
                "translate",
            )
            assert isinstance(answer, dict)
            out.append(answer["responseData"]["translatedText"])
        return out


class LibreTranslate(Engine):
    """LibreTranslate (https://libretranslate.com/docs): GET /languages (each language
    with its `targets`), POST /translate with q (a list), source, target, format=html,
    api_key. Not tried against the real service (README)."""

    def pairs(self) -> set[tuple[str, str]]:
        answer = self._request("/languages")
        _expect(isinstance(answer, list), self, "languages")
        assert isinstance(answer, list)
        found = set()
        for language in answer:
            _expect(isinstance(language, dict) and "code" in language, self, "languages")
            for target in language.get("targets", ()):
                if target != language["code"]:
                    found.add((primary(language["code"]), primary(target)))
        return found

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        if not texts:
            return []
        data: dict = {
            "q": list(texts),
            "source": primary(source),
            "target": primary(target),
            "format": "html",
        }
        if self.key:
            data["api_key"] = self.key
        answer = self._request("/translate", data)
        _expect(isinstance(answer, dict), self, "translate")
        assert isinstance(answer, dict)
        translated = answer.get("translatedText")
        if isinstance(translated, str):  # a single q comes back as a string
            translated = [translated]
        _expect(
            isinstance(translated, list)
            and len(translated) == len(texts)
            and all(isinstance(t, str) for t in translated),
            self,
            "translate",
        )
        assert isinstance(translated, list)
        return translated


class DeepL(Engine):
    """DeepL API v2 (https://developers.deepl.com/docs): GET /v2/languages?type=source and
    type=target, POST /v2/translate with text (repeated), source_lang, target_lang,
    tag_handling=html and the header `Authorization: DeepL-Auth-Key KEY`. Every source
    serves every target. Not tried against the real service (README)."""

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"DeepL-Auth-Key {self.key}"}

    def _languages(self, kind: str) -> set[str]:
        answer = self._request(f"/v2/languages?type={kind}", headers=self._headers())
        _expect(isinstance(answer, list), self, "languages")
        assert isinstance(answer, list)
        return {
            primary(item["language"])
            for item in answer
            if isinstance(item, dict) and isinstance(item.get("language"), str)
        }

    def pairs(self) -> set[tuple[str, str]]:
        sources, targets = self._languages("source"), self._languages("target")
        return {(s, t) for s in sources for t in targets if s != t}

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        if not texts:
            return []
        data = {
            "text": list(texts),
            "source_lang": primary(source).upper(),
            "target_lang": primary(target).upper(),
            "tag_handling": "html",
        }
        answer = self._request("/v2/translate", data, headers=self._headers())
        _expect(isinstance(answer, dict) and isinstance(answer.get("translations"), list),
                self, "translate")  # fmt: skip
        assert isinstance(answer, dict)
        items = answer["translations"]
        _expect(
            len(items) == len(texts)
            and all(isinstance(i, dict) and isinstance(i.get("text"), str) for i in items),
            self,
            "translate",
        )
        return [item["text"] for item in items]


KINDS: dict[str, type[Engine]] = {
    "apertium": Apertium,
    "libretranslate": LibreTranslate,
    "deepl": DeepL,
}
LABELS = {"apertium": "Apertium", "libretranslate": "LibreTranslate", "deepl": "DeepL"}
