"""Every interface string exists in every language, and the code uses no key that is missing."""

from __future__ import annotations

import re
import string
from pathlib import Path

from cardgame.i18n import CATALOGUES

PACKAGE = Path(__file__).resolve().parents[2] / "cardgame"


def test_every_catalogue_has_every_key() -> None:
    keys = {lang: set(strings) for lang, strings in CATALOGUES.items()}
    union = set().union(*keys.values())
    for lang, have in keys.items():
        assert union - have == set(), f"{lang} lacks {sorted(union - have)}"


def test_placeholders_match_between_languages() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    da = CATALOGUES["da"]
    for lang in ("nb", "en"):
        other = CATALOGUES[lang]
        for key in da:
            assert fields(da[key]) == fields(other[key]), (lang, key)


KEY_USES = [
    r'\bt\(\s*"([a-z_]+\.[a-z_.0-9]+)"',
    r'(?:Error|Corrupt|Locked|Newer|Lost|InvalidValue|Said)\(\s*(?:"[a-z_]+",\s*)?"([a-z_]+\.[a-z_.0-9]+)"',
    r'return "([a-z]+\.[a-z_.0-9]+)", \{',
    r'\(\s*"((?:deck|toml|type)\.[a-z_.0-9]+)"',
]


def test_every_key_used_in_the_code_exists() -> None:
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if "i18n" in path.parts:
            continue
        text = path.read_text("utf-8")
        for pattern in KEY_USES:
            used |= set(re.findall(pattern, text))
    assert len(used) > 300, "the scan finds the keys"
    da = CATALOGUES["da"]
    missing = sorted(k for k in used if k not in da and f"{k}.one" not in da)
    assert missing == []


def test_u20_plurals_and_genitive() -> None:
    """U20: 1 gruppe / 2 grupper; Bord 1's, Klaus', Annes."""
    from cardgame.i18n import possessive, set_language, t

    set_language("da")
    assert t("start.groups", n=1) == "1 gruppe" and t("start.groups", n=2) == "2 grupper"
    assert possessive("Bord 1") == "Bord 1's"
    assert possessive("Klaus") == "Klaus'"
    assert possessive("Anne") == "Annes"
    assert possessive("KL") == "KL's"
    set_language("en")
    assert t("start.groups", n=1) == "1 group" and possessive("Klaus") == "Klaus's"
    set_language("da")


def test_every_binding_with_an_id_is_translated() -> None:
    ids: set[str] = set()
    for path in (PACKAGE / "screens").rglob("*.py"):
        ids |= set(re.findall(r'id="([a-z_]+\.[a-z_]+)"', path.read_text("utf-8")))
    ids |= set(re.findall(r'id="([a-z_]+\.[a-z_]+)"', (PACKAGE / "app.py").read_text("utf-8")))
    for lang, strings in CATALOGUES.items():
        missing = sorted(i for i in ids if f"bind.{i}" not in strings)
        assert missing == [], f"{lang}: {missing}"


def test_bokmaal_plurals_and_genitive() -> None:
    from cardgame.i18n import possessive, set_language, t

    set_language("nb")
    try:
        assert t("start.groups", n=1) == "1 gruppe" and t("start.groups", n=2) == "2 grupper"
        assert [possessive(n) for n in ("Bord 1", "NAV", "Klaus", "Anne", "Max")] == [
            "Bord 1s", "NAVs", "Klaus'", "Annes", "Max'"]
    finally:
        set_language("da")
