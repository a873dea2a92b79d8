"""Hostile and broken sources (issue 14): contained, bounded, nothing lost.

Each test names the attack (or breakage) in its docstring and checks what a user
would: the secret file's words are in no output file, no ``href``/``src`` carries an
unsafe scheme, the build ends (hang tests run in a subprocess with a timeout), the
text around a refusal still renders, and every refusal is a ``concept.security``
warning at the source file and line.

The project layout used by most tests::

    <tmp>/secret/           outside the project: what an attacker wants to read
    <tmp>/src/              the Sphinx source directory (conf.py, index.md, ...)
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from build_helpers import CONF, BuildResult, assert_no_crash, build, write_project

SECRET = "SECRET-7d1e"  # the words of every file in <tmp>/secret
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def make_secret(root: Path) -> Path:
    secret = root / "secret"
    secret.mkdir(parents=True, exist_ok=True)
    (secret / "passwd.txt").write_text(f"root:{SECRET}\n", encoding="utf-8")
    (secret / "data.csv").write_text(f"a,b\n{SECRET},2\n", encoding="utf-8")
    (secret / "page.md").write_text(f"# {SECRET}\n\n{SECRET}\n", encoding="utf-8")
    (secret / "pic.png").write_bytes(PNG + SECRET.encode())
    return secret


def source_with(*blocks: str) -> str:
    """A Markdown concept source whose explanation holds ``blocks``, each between a
    numbered "Before" and "After" paragraph (to check the text around survives)."""
    parts = ["## Concept: Hostile\n"]
    for n, block in enumerate(blocks):
        parts.append(f"\nBefore-{n}.\n\n{block.strip()}\n\nAfter-{n}.\n")
    return "".join(parts)


def all_output(result: BuildResult) -> str:
    """Every file the build wrote, as text (images and downloads included)."""
    chunks = []
    for path in sorted(result.outdir.rglob("*")):
        if path.is_file():
            chunks.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(chunks)


def hostile_build(
    tmp_path: Path,
    source: str,
    conf: str = "",
    buildername: str = "html",
    extra: dict[str, str | bytes] | None = None,
) -> BuildResult:
    make_secret(tmp_path)
    files: dict[str, str | bytes] = {
        "conf.py": CONF + "exclude_patterns = ['_build', 'concepts']\n" + conf,
        "index.md": "# Home\n\n```{concept} concepts/hostile.md\n```\n\nPage-after.\n",
        "concepts/hostile.md": source,
        "concepts/own.txt": "OWN-FILE-TEXT\n",
        "concepts/own.csv": "x,y\nOWN-CSV,1\n",
        **(extra or {}),
    }
    result = build(write_project(tmp_path / "src", files), buildername)
    assert_no_crash(result)
    return result


def security_lines(result: BuildResult) -> list[str]:
    return [w for w in result.concept_warnings() if "[concept.security]" in w]


def assert_survives(result: BuildResult, count: int) -> None:
    text = result.soup("index").get_text()
    for n in range(count):
        assert f"Before-{n}." in text and f"After-{n}." in text, n
    assert "Page-after." in text


def warned_at(result: BuildResult, line: int) -> bool:
    where = f"<src>/concepts/hostile.md:{line}:"
    return any(w.startswith(where) for w in security_lines(result))


def line_of(source: str, block: str) -> int:
    """The line a refusal of ``block`` is reported at: its directive's line (in
    ``{eval-rst}`` or a colon fence, the line after the fence)."""
    first = block.splitlines()[0]
    inner = first.startswith((":::", "```{eval-rst}"))
    return source.splitlines().index(first) + 1 + inner


# -- reading what it must not --------------------------------------------------------
# Sphinx resolves a directive's path from the page (``src/index.md``): ``../secret``
# reaches <tmp>/secret from there, ``../../secret`` from the source's folder.
FILE_DIRECTIVES = [
    "```{literalinclude} ../secret/passwd.txt\n```",
    "```{literalinclude} ../../secret/passwd.txt\n```",
    "```{literalinclude} /../secret/passwd.txt\n```",
    "```{literalinclude} SECRET_ABS/passwd.txt\n```",
    "```{literalinclude} concepts/own.txt\n:diff: ../secret/passwd.txt\n```",
    "```{include} ../secret/page.md\n```",
    "```{include} SECRET_ABS/passwd.txt\n```",
    "```{csv-table}\n:file: ../secret/data.csv\n```",
    "```{csv-table}\n:file: ../../secret/data.csv\n```",
    "```{raw} html\n:file: ../secret/passwd.txt\n```",
    "```{eval-rst}\n.. include:: ../secret/passwd.txt\n```",
    "```{eval-rst}\n.. literalinclude:: SECRET_ABS/passwd.txt\n```",
    "```{eval-rst}\n.. csv-table::\n   :file: ../secret/data.csv\n```",
    "```{eval-rst}\n.. raw:: html\n   :file: ../secret/passwd.txt\n```",
    ":::{note}\n```{literalinclude} ../secret/passwd.txt\n```\n:::",
]


@pytest.mark.parametrize("allow_raw", [False, True], ids=["default", "raw-allowed"])
def test_directives_in_concept_text_read_nothing_outside(
    tmp_path: Path, allow_raw: bool
) -> None:
    """Attack: directives inside concept text (``literalinclude``, ``include``, a
    csv-table's or raw directive's ``:file:``, a ``:diff:`` option, the same in
    ``{eval-rst}`` and nested in an admonition) name a file outside the project by
    ``../..`` or an absolute path, to print it into the page.  Nothing of it may
    reach any output file, each is a ``concept.security`` warning at its line, and
    the text around each still renders -- also with ``concepts_allow_raw_html``."""
    secret = str(tmp_path / "secret")
    blocks = [b.replace("SECRET_ABS", secret) for b in FILE_DIRECTIVES]
    source = source_with(*blocks)
    conf = "concepts_allow_raw_html = True\n" if allow_raw else ""
    result = hostile_build(tmp_path, source, conf)
    assert SECRET not in all_output(result)
    assert_survives(result, len(blocks))
    for block in blocks:
        assert warned_at(result, line_of(source, block)), block


def test_files_inside_the_project_still_work(tmp_path: Path) -> None:
    """Not an attack: ``literalinclude`` and a csv-table ``:file:`` naming files
    beside the source (inside the source directory) render, without a warning."""
    source = source_with(
        "```{literalinclude} concepts/own.txt\n```",
        "```{csv-table}\n:file: concepts/own.csv\n```",
    )
    result = hostile_build(tmp_path, source)
    text = result.soup("index").get_text()
    assert "OWN-FILE-TEXT" in text and "OWN-CSV" in text
    assert security_lines(result) == []


def test_csv_table_url_is_never_fetched(tmp_path: Path) -> None:
    """Attack: a csv-table's ``:url:`` option makes the build machine send a
    request to any address (here a listening socket on this machine) and publish
    the answer.  No connection may arrive; the table is refused with a warning."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.setblocking(False)
        port = server.getsockname()[1]
        blocks = [
            f"```{{csv-table}}\n:url: http://127.0.0.1:{port}/data.csv\n```",
            f"```{{eval-rst}}\n.. csv-table::\n   :url: http://127.0.0.1:{port}/x\n```",
            f"```{{raw}} html\n:url: http://127.0.0.1:{port}/x\n```",
        ]
        source = source_with(*blocks)
        result = hostile_build(tmp_path, source, "concepts_allow_raw_html = True\n")
        with pytest.raises(BlockingIOError):
            server.accept()
    assert_survives(result, len(blocks))
    for block in blocks:
        assert warned_at(result, line_of(source, block)), block


def test_images_and_downloads_outside_are_not_copied(tmp_path: Path) -> None:
    """Attack: images and links in concept text with ``../..`` (or absolute,
    ``~``, percent-encoded) paths make Sphinx copy outside files into
    ``_images/`` and ``_downloads/``.  None is copied; each is refused."""
    secret = tmp_path / "secret"
    blocks = [
        "![pic](../../secret/pic.png)",
        "![pic](%2E%2E/%2E%2E/secret/pic.png)",
        f"```{{image}} {secret}/pic.png\n```",
        "```{figure} ../secret/pic.png\nCaption.\n```",
        "[file](../../secret/passwd.txt)",
        "{download}`../secret/passwd.txt`",
        f"{{download}}`{secret}/passwd.txt`",
        "```{eval-rst}\n.. image:: ../secret/pic.png\n```",
        "```{eval-rst}\n:download:`x <../secret/passwd.txt>`\n```",
    ]
    source = source_with(*blocks)
    result = hostile_build(tmp_path, source)
    assert SECRET not in all_output(result)
    for folder in ("_images", "_downloads"):
        copied = list((result.outdir / folder).rglob("*"))
        assert not [p for p in copied if p.is_file()], copied
    assert_survives(result, len(blocks))
    for block in blocks:
        assert warned_at(result, line_of(source, block)), block


def test_images_beside_the_source_are_still_copied(tmp_path: Path) -> None:
    """Not an attack: an image next to the source renders and is copied."""
    result = hostile_build(
        tmp_path,
        source_with("![own](own.png)"),
        extra={"concepts/own.png": PNG},
    )
    assert security_lines(result) == []
    assert [p.name for p in (result.outdir / "_images").iterdir()] == ["own.png"]


RAW_BLOCKS = [
    "```{raw} html\n<script>alert('raw')</script>\n```",
    "```{eval-rst}\n.. raw:: html\n\n   <script>alert('rst')</script>\n```",
    "```{eval-rst}\n.. role:: html(raw)\n   :format: html\n\n"
    ":html:`<script>alert(3)</script>`\n```",
]


def test_raw_output_needs_allow_raw_html(tmp_path: Path) -> None:
    """Attack: the ``{raw} html`` directive, ``.. raw:: html`` inside
    ``{eval-rst}`` and a ``raw``-based role defined there pass ``<script>`` into the
    page although ``concepts_allow_raw_html`` is off.  Each is shown as text with a
    warning; with the option on, the directives pass (it covers every raw way)."""
    source = source_with(*RAW_BLOCKS)
    result = hostile_build(tmp_path / "off", source)
    card = result.soup("index").select_one("article.concept-card")
    assert card is not None and card.find("script") is None
    assert_survives(result, len(RAW_BLOCKS))
    for block in RAW_BLOCKS:
        assert warned_at(result, line_of(source, block)), block
    allowed = hostile_build(tmp_path / "on", source, "concepts_allow_raw_html = True\n")
    card = allowed.soup("index").select_one("article.concept-card")
    assert card is not None and len(card.find_all("script")) == 2


UNSAFE_BLOCKS = [
    "```{image} concepts/own.png\n:target: javascript:alert(1)\n```",
    "```{figure} concepts/own.png\n:target: JaVaScRiPt:alert(2)\n\nCaption.\n```",
    "```{eval-rst}\n`click <javascript:alert(3)>`_\n```",
    "```{eval-rst}\nSee `there`_.\n\n.. _there: vbscript:msgbox(4)\n```",
    "```{eval-rst}\n.. image:: concepts/own.png\n   :target: javascript:alert(5)\n```",
    "```{image} data:image/svg+xml;base64,PHN2Zy8+\n```",
    "```{image} file:///etc/hosts\n```",
    "![x](data:image/png;base64,AAAA)",
]


def test_no_unsafe_scheme_in_any_href_or_src(tmp_path: Path) -> None:
    """Attack: unsafe schemes outside Markdown links: an image's or figure's
    ``:target:``, reST hyperlinks (embedded and named) inside ``{eval-rst}``, and
    ``data:``/``file:`` image URIs.  No ``href``/``src`` of the page carries one."""
    source = source_with(*UNSAFE_BLOCKS)
    result = hostile_build(tmp_path, source, extra={"concepts/own.png": PNG})
    soup = result.soup("index")
    for tag in soup.find_all(True):
        for attribute in ("href", "src"):
            value = re.sub(r"[\s\x00-\x1f]", "", str(tag.get(attribute, ""))).lower()
            assert not value.startswith(
                ("javascript:", "vbscript:", "data:", "file:")
            ), tag
    assert_survives(result, len(UNSAFE_BLOCKS))
    for block in UNSAFE_BLOCKS:
        assert warned_at(result, line_of(source, block)), block


def test_unknown_and_page_changing_directives_are_refused(tmp_path: Path) -> None:
    """Attack: a directive nobody vetted (a domain object that adds an inventory
    entry, ``toctree``, ``meta``, ``role``, ``default-role``, or any an extension
    adds) is refused by the allow-list -- shown as text with a warning -- and a role
    nobody vetted likewise; ``concepts_allow_directives`` widens the list."""
    blocks = [
        "```{py:function} evil()\n```",
        "```{toctree}\nsecret\n```",
        "```{meta}\n:description: hijacked\n```",
        "```{default-role} math\n```",
        "```{graphviz}\ndigraph { a -> b }\n```",
        "Inline {py:func}`ok` and {raw}`x` text.",
    ]
    source = source_with(*blocks)
    result = hostile_build(tmp_path / "default", source)
    assert_survives(result, len(blocks))
    for block in blocks[:-1]:
        assert warned_at(result, line_of(source, block)), block
    inventory = (result.outdir / "objects.inv").read_bytes()
    import zlib

    assert b"evil" not in zlib.decompress(inventory.split(b"\n", 4)[4])
    assert 'name="description"' not in result.html("index")
    widened = hostile_build(
        tmp_path / "widened",
        source_with("```{graphviz}\ndigraph { a -> b }\n```"),
        "concepts_allow_directives = ['graphviz']\n",
    )
    assert security_lines(widened) == []
    assert widened.soup("index").select_one("article.concept-card .graphviz")


def test_substitution_expressions_never_run(tmp_path: Path) -> None:
    """Attack: with MyST's ``substitution`` extension on, ``{{ ... }}`` in concept
    text is a Jinja2 expression with the build environment in reach -- unsandboxed,
    it runs code (here it would create a file).  Only a configured substitution
    name is replaced; anything else is shown as text with a warning."""
    marker = tmp_path / "pwned"
    expression = (
        "{{ env.__class__.__init__.__globals__['os'].system('touch "
        + str(marker)
        + "') }}"
    )
    source = source_with(f"Name: {{{{ product }}}}. Code: {expression}")
    conf = (
        "myst_enable_extensions = ['substitution']\n"
        "myst_substitutions = {'product': 'Widget-42'}\n"
    )
    result = hostile_build(tmp_path, source, conf)
    assert not marker.exists()
    text = result.soup("index").get_text()
    assert "Widget-42" in text and "__globals__" in text
    assert_survives(result, 1)
    assert len(security_lines(result)) == 1
