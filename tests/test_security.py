"""The security switches (SPEC 6, 7): raw HTML only with ``concepts_allow_raw_html``,
unsafe URL schemes never, and ``suppress_warnings`` silences ``concept.security``.

The refused inputs themselves (tags, bombs, paths, scripts, schemes) are cases of
``test_bad_input.py``.
"""

from __future__ import annotations

from pathlib import Path

from build_helpers import CONF, assert_no_crash, build, write_project

PAGE = (
    "# Home\n\n"
    "```{concept} Raw\n"
    "Some <kbd>Ctrl</kbd> text and [bad](javascript:alert(1)).\n"
    "```\n\n"
    "After.\n"
)


def test_raw_html_passes_only_when_allowed(tmp_path: Path) -> None:
    allowed = build(
        write_project(
            tmp_path / "on",
            {"conf.py": CONF + "concepts_allow_raw_html = True\n", "index.md": PAGE},
        )
    )
    refused = build(write_project(tmp_path / "off", {"index.md": PAGE}))
    for result in (allowed, refused):
        assert_no_crash(result)
    card_on = allowed.soup("index").select_one("article.concept-card")
    card_off = refused.soup("index").select_one("article.concept-card")
    assert card_on is not None and card_off is not None
    assert card_on.find("kbd") is not None
    assert card_off.find("kbd") is None and "<kbd>Ctrl</kbd>" in card_off.get_text()
    assert any("raw HTML" in w for w in refused.concept_warnings())
    assert not any("raw HTML" in w for w in allowed.concept_warnings())
    # Allowing HTML never allows a javascript: link.
    for card in (card_on, card_off):
        assert not any(
            str(a["href"]).lower().startswith("javascript:")
            for a in card.find_all("a", href=True)
        )
    assert any("javascript" in w for w in allowed.concept_warnings())


def test_security_warnings_can_be_suppressed(tmp_path: Path) -> None:
    result = build(
        write_project(
            tmp_path / "src",
            {
                "conf.py": CONF + "suppress_warnings = ['concept.security']\n",
                "index.md": PAGE,
            },
        )
    )
    assert_no_crash(result)
    assert result.concept_warnings() == []
    card = result.soup("index").select_one("article.concept-card")
    assert card is not None and card.find("kbd") is None
