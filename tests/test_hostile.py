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

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

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


# -- reading what it must not ----------------------------------------------------------
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
        line = line_of(source, block)
        # docutils 0.20 puts a figure (and its image) at its caption's line.
        figure = block.startswith("```{figure}")
        assert warned_at(result, line) or (figure and warned_at(result, line + 1))


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
    # A project that uses graphviz enables it (sphinx-concepts only borrows its
    # renderer for concept graphs, issue 11): its directive is then known, and
    # refused in concept text unless allowed.
    graphviz = 'extensions.append("sphinx.ext.graphviz")\n'
    result = hostile_build(tmp_path / "default", source, graphviz)
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
        graphviz + "concepts_allow_directives = ['graphviz']\n",
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


# -- the audit hook: no read outside, no connection, whatever the markup ---------------
DIRECTIVE_NAMES = sorted(
    {
        *("include", "literalinclude", "csv-table", "raw", "image", "figure"),
        *("code", "code-block", "sourcecode", "math", "table", "list-table"),
        *("note", "admonition", "topic", "sidebar", "container", "only", "hlist"),
        *("parsed-literal", "line-block", "title", "meta", "header", "footer"),
        *("unicode", "date", "replace", "role", "default-role", "sectnum"),
        *("contents", "target-notes", "class", "toctree", "highlight", "acks"),
        *("tabularcolumns", "centered", "seealso", "rst-class", "graphviz"),
        *("digraph", "graph", "concept", "concept-list", "concept-graph"),
        *("restructuredtext-test-directive", "literalinclude-nonexistent"),
    }
)
SECRET_FILES = ("passwd.txt", "page.md", "data.csv", "pic.png")
URL = "http://127.0.0.1:9/x.csv"  # the discard port: any connection attempt shows


def _path_forms(secret: str, name: str) -> list[str]:
    quoted = "%2E%2E/secret/" + name
    return [
        f"../secret/{name}",
        f"../../secret/{name}",
        f"../../../{os.path.basename(os.path.dirname(secret))}/secret/{name}",
        f"/../secret/{name}",
        f"{secret}/{name}",
        f"~/secret/{name}",
        quoted,
        quoted.replace("%2E", "%252E"),
        f"link/{name}",
        f"concepts/link/{name}",
        f"file://{secret}/{name}",
        f"file:{secret}/{name}",
        f"<{secret}/{name}>",
        f"{URL}",
        f"//127.0.0.1:9/{name}",
    ]


def _markup(kind: int, name: str, path: str) -> str:
    forms = [
        f"```{{{name}}} {path}\n```",
        f"```{{{name}}}\n:file: {path}\n:url: {URL}\n```",
        f"```{{{name}}} x\n:file: {path}\n:diff: {path}\n:target: {path}\n```",
        f":::{{{name}}} {path}\n:::",
        f"```{{eval-rst}}\n.. {name}:: {path}\n```",
        f"```{{eval-rst}}\n.. {name}::\n   :file: {path}\n   :url: {URL}\n\n   x\n```",
        f"![x]({path})",
        f"[x]({path})",
        f"<{path}>",
        f"{{download}}`{path}`",
        f"{{{name}}}`{path}`",
        f"```{{eval-rst}}\n:download:`x <{path}>` `y <{path}>`_ |s|\n\n"
        f".. |s| image:: {path}\n```",
        f'<img src="{path}"> <a href="{path}">a</a>',
        f"```{{image}} x.png\n:target: {path}\n```",
    ]
    return forms[kind % len(forms)]


@st.composite
def hostile_texts(draw: st.DrawFn, secret: str) -> list[str]:
    count = draw(st.integers(min_value=6, max_value=14))
    texts = []
    for _ in range(count):
        kind = draw(st.integers(min_value=0, max_value=13))
        name = draw(st.sampled_from(DIRECTIVE_NAMES))
        file_name = draw(st.sampled_from(SECRET_FILES))
        path = draw(st.sampled_from(_path_forms(secret, file_name)))
        texts.append(_markup(kind, name, path))
    return texts


_AUDIT_CONF = (
    CONF
    + "exclude_patterns = ['_build', 'concepts', 'link']\n"
    + "myst_enable_extensions = ['html_image', 'colon_fence', 'substitution']\n"
)


@pytest.mark.parametrize("allow_raw", [False, True], ids=["default", "raw-allowed"])
@settings(
    max_examples=3,
    deadline=None,
    phases=[Phase.generate],  # each example is two builds: no shrinking
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_audit_hook_sees_no_outside_read_and_no_connection(
    tmp_path_factory: pytest.TempPathFactory, allow_raw: bool, data: st.DataObject
) -> None:
    """Attack: any mix of directives (allowed, refused, unknown or made up),
    options (``:file:``, ``:url:``, ``:diff:``, ``:target:``), roles, images, links
    and raw HTML, in MyST and in ``{eval-rst}``, with every path form (``../..``,
    absolute, ``/..``, ``~``, percent-encoded once and twice, a symlink into the
    secret folder, ``file:``, a URL).  Builds (HTML and LaTeX, which downloads
    remote images) run in a subprocess under ``sys.addaudithook``: no ``open``,
    listing or copy may touch the secret folder, and no socket may be used."""
    root = tmp_path_factory.mktemp("audit")
    secret = str(make_secret(root))
    texts = data.draw(hostile_texts(secret))
    conf = _AUDIT_CONF + ("concepts_allow_raw_html = True\n" if allow_raw else "")
    src = write_project(
        root / "src",
        {
            "conf.py": conf,
            "index.md": "# Home\n\n```{concept} concepts/*.md\n```\n",
            **{
                f"concepts/c{n}.md": f"## Concept: C{n}\n\n{text}\n\nAfter-{n}.\n"
                for n, text in enumerate(texts)
            },
            "link-index.rst": "Link\n====\n",
        },
    )
    os.symlink(secret, src / "link")
    os.symlink(secret, src / "concepts" / "link")
    report = root / "report.json"
    run = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).parent / "audited_build.py"),
            secret,
            str(report),
            f"{src}:html",
            f"{src}:latex",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HOME": str(root)},
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(report.read_text(encoding="utf-8"))
    assert found["statuses"] == [0, 0], run.stderr
    assert found["touched"] == [], texts
    assert found["network"] == [], texts
    assert "Traceback" not in run.stderr
    page = (src / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert SECRET not in page
    for n in range(len(texts)):
        assert f"After-{n}." in page


# -- hanging or crashing ---------------------------------------------------------------
def _build_in_subprocess(
    src: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``sphinx-build`` in a subprocess: a hang fails the test at ``timeout``
    instead of hanging the suite."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "html",
            str(src),
            str(src / "_build"),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_dotdot_globstar_is_refused_without_walking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hang: a directive path made of ``..`` segments and ``**``
    (``../../../../**/*.md``) walked the whole file system before it was refused.
    It is refused before any folder is listed (counted with a spy on
    ``os.scandir``), and the build ends (a subprocess with a timeout)."""
    from sphinx_concepts.sources import files

    src = write_project(
        tmp_path / "src",
        {
            "index.md": "# Home\n\n```{concept} ../../../../../../**/*.md\n```\n\n"
            "```{concept} concepts/**/../../../**/*.md\n```\n\nAfter.\n",
            "concepts/a.md": "## Concept: A\n\nText.\n",
        },
    )
    listed: list[str] = []
    real_scandir = os.scandir

    def spy(path: str) -> object:
        listed.append(path)
        return real_scandir(path)

    monkeypatch.setattr(files.os, "scandir", spy)
    for argument in ("../../../../../../**/*.md", "concepts/**/../../../**/*.md"):
        found = files.find_source_files(argument, str(src / "index.md"), str(src))
        assert found.allowed == []
    assert [p for p in listed if not files.is_within(p, [str(src)])] == []
    run = _build_in_subprocess(src)
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("[concept.security]") == 2, run.stderr
    assert "After." in (src / "_build" / "index.html").read_text(encoding="utf-8")


def test_symlink_loops_under_globstar_end_with_one_card_per_file(
    tmp_path: Path,
) -> None:
    """Hang and duplicates: symlinks to their own folder (and a cycle of two)
    under a ``**`` glob made the walk exponential and turned one file into dozens
    of cards with duplicate warnings.  The build ends, each file is one card, and
    nothing warns."""
    src = write_project(
        tmp_path / "src",
        {
            "conf.py": CONF + "exclude_patterns = ['_build', 'concepts']\n",
            "index.md": "# Home\n\n```{concept} concepts/**/*.md\n```\n\nAfter.\n",
            "concepts/a.md": "## Concept: A\n\nText A.\n",
            "concepts/sub/b.md": "## Concept: B\n\nText B.\n",
        },
    )
    for n in range(6):
        os.symlink(".", src / "concepts" / f"self{n}")
        os.symlink("..", src / "concepts" / "sub" / f"up{n}")
    run = _build_in_subprocess(src)
    assert run.returncode == 0, run.stderr
    assert "[concept." not in run.stderr
    page = (src / "_build" / "index.html").read_text(encoding="utf-8")
    assert page.count("Text A.") == 1 and page.count("Text B.") == 1


def test_named_pipe_source_is_refused_without_blocking(tmp_path: Path) -> None:
    """Hang: a named pipe used as a source (by name, and matched by a glob)
    blocked the build forever on ``open``.  It is refused from its ``stat``
    with a warning, and the rest of the page renders."""
    src = write_project(
        tmp_path / "src",
        {
            "conf.py": CONF + "exclude_patterns = ['_build', 'concepts']\n",
            "index.md": "# Home\n\n```{concept} concepts/pipe.md\n```\n\n"
            "```{concept} concepts/*.md\n```\n\nAfter.\n",
            "concepts/a.md": "## Concept: A\n\nText A.\n",
        },
    )
    os.mkfifo(src / "concepts" / "pipe.md")
    run = _build_in_subprocess(src, timeout=60)
    assert run.returncode == 0, run.stderr
    # Named, it is refused; matched by a glob, it is no source file at all.
    refusals = [w for w in run.stderr.splitlines() if "not a regular file" in w]
    assert len(refusals) == 1 and "pipe.md" in refusals[0], run.stderr
    page = (src / "_build" / "index.html").read_text(encoding="utf-8")
    assert "Text A." in page and "After." in page


_REGEX_PROBE = """
import sys
from sphinx_concepts.core.plaintext import plain_text
from sphinx_concepts.sources.markdown_format import read_markdown
from sphinx_concepts.sources.writers import to_markdown
from sphinx_concepts.cards.directive import _HTML_TAG
n = 200_000
blanks = " " * n
plain_text("{abbr}`x" + blanks + "y`")
plain_text("{abbr}`" + blanks + "<a" + "`")
read_markdown("## Concept: Q\\n\\n**Q" + blanks + "x**\\n\\nanswer\\n", "q.md")
_HTML_TAG.search("<a" * n)
import dataclasses
from sphinx_concepts.core.model import Concept
to_markdown(Concept(title="#" * n + "x"))
print("done")
"""


def test_regexes_on_source_text_are_linear() -> None:
    """Hang: a summary with a long run of blanks inside a role made the preview's
    plain-text regex quadratic (minutes); so did a question line ``**Q`` with
    blanks, a title of unclosed ``<a`` tags and a title of ``#``.  Each runs on
    200,000 characters in a subprocess that must end well within its timeout."""
    run = subprocess.run(
        [sys.executable, "-c", _REGEX_PROBE],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.stdout.strip() == "done", run.stderr


def test_card_containing_itself_or_a_cycle_is_refused(tmp_path: Path) -> None:
    """Crash: a card whose text holds a ``concept`` directive naming its own
    source (or a cycle of two) ended in ``RecursionError``.  Each inner repeat is
    refused with a warning at the file and line of the inner directive; every
    card renders once, with the text around the refused directive."""
    files: dict[str, str | bytes] = {
        "conf.py": CONF + "exclude_patterns = ['_build', 'concepts']\n",
        "index.md": "# Home\n\n```{concept} concepts/a.md\n```\n\nPage-after.\n",
        "concepts/a.md": "## Concept: A\n\nA-before.\n\n```{concept} concepts/b.md\n"
        "```\n\nA-after.\n\n```{concept} concepts/a.md\n```\n\nA-end.\n",
        "concepts/b.md": "## Concept: B\n\nB-before.\n\n```{concept} concepts/a.md\n"
        "```\n\nB-after.\n",
    }
    result = build(write_project(tmp_path / "src", files))
    assert_no_crash(result)
    text = result.soup("index").get_text()
    for words in (
        "A-before.",
        "A-after.",
        "A-end.",
        "B-before.",
        "B-after.",
        "Page-after.",
    ):
        assert text.count(words) == 1, words
    assert sorted(security_lines(result)) == [
        "<src>/concepts/a.md:10: WARNING: the concept source 'concepts/a.md' is "
        "already being shown around this directive (a card would contain itself); "
        "refused [concept.security]",
        "<src>/concepts/b.md:5: WARNING: the concept source 'concepts/a.md' is "
        "already being shown around this directive (a card would contain itself); "
        "refused [concept.security]",
    ]


def test_config_values_outside_sane_limits_are_config_errors(tmp_path: Path) -> None:
    """Crash: ``concepts_max_source_bytes`` set very large crashed the build
    (``OverflowError``, or ``MemoryError`` as the read allocated the whole limit).
    Values outside sane limits are a ``ConfigError`` at start-up naming the value;
    the largest allowed limit reads a small source fine."""
    from sphinx.errors import ConfigError

    for n, value in enumerate(("10**30", "2**63", "0", "-1", "'big'", "1e9")):
        conf = CONF + f"concepts_max_source_bytes = {value}\n"
        src = write_project(tmp_path / f"v{n}", {"conf.py": conf, "index.md": "# H\n"})
        with pytest.raises(ConfigError, match="concepts_max_source_bytes"):
            build(src)
    src = write_project(
        tmp_path / "max",
        {"index.md": "# H\n\n```{concept} a.yaml\n```\n", "a.yaml": "concept: A\n"},
    )
    result = build(src, confoverrides={"concepts_max_source_bytes": 1 << 30})
    assert result.concept_warnings() == []
    assert result.soup("index").select_one("article.concept-card")


def test_reading_asks_for_the_file_size_not_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Crash: the read allocated the whole ``concepts_max_source_bytes`` up front
    (``read(limit + 1)``).  A spy on the handle records what is asked for: the
    file's size plus one byte, whatever the limit."""
    from sphinx_concepts.sources import reading

    path = tmp_path / "a.yaml"
    path.write_text("concept: A\n", encoding="utf-8")
    asked: list[int] = []
    real_fdopen = os.fdopen

    class Spy:
        def __init__(self, handle: object) -> None:
            self.handle = handle

        def __enter__(self) -> Spy:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()  # type: ignore[attr-defined]

        def fileno(self) -> int:
            return int(self.handle.fileno())  # type: ignore[attr-defined]

        def read(self, size: int) -> bytes:
            asked.append(size)
            return bytes(self.handle.read(size))  # type: ignore[attr-defined]

    monkeypatch.setattr(
        reading.os, "fdopen", lambda fd, mode: Spy(real_fdopen(fd, mode))
    )
    assert reading.read_text(path, str(path), 1 << 30) == "concept: A\n"
    assert asked == [len("concept: A\n") + 1]


# -- losing or misplacing content ------------------------------------------------------
def test_nested_concept_directive_keeps_the_text_around_it(tmp_path: Path) -> None:
    """Loss: a ``concept`` directive nested in a concept's text silently dropped the
    nested card and the outer card's text after it.  Both cards and all the text
    render, in order, without a warning."""
    files: dict[str, str | bytes] = {
        "conf.py": CONF + "exclude_patterns = ['_build', 'concepts']\n",
        "index.md": "# Home\n\n```{concept} concepts/outer.md\n```\n\nPage-after.\n",
        "concepts/outer.md": "## Concept: Outer\n\nOuter-before.\n\n"
        "```{concept} concepts/inner.yaml\n```\n\nOuter-after.\n\n"
        "## Summary\n\nOuter-summary.\n",
        "concepts/inner.yaml": "concept: Inner\nexplanation: Inner-text.\n",
    }
    result = build(write_project(tmp_path / "src", files))
    assert_no_crash(result)
    assert result.concept_warnings() == []
    text = result.soup("index").get_text()
    order = [
        "Outer-before.",
        "Inner-text.",
        "Outer-after.",
        "Outer-summary.",
        "Page-after.",
    ]
    positions = [text.find(words) for words in order]
    assert -1 not in positions and positions == sorted(positions), positions
    inner = result.soup("index").select("article.concept-card article.concept-card")
    assert len(inner) == 1


def test_every_valid_json_document_is_read(tmp_path: Path) -> None:
    """Loss: valid JSON as ``json.dumps`` writes it by default (surrogate-pair
    escapes for an emoji), with a raw DEL character and tabs, was rejected as a
    "YAML syntax error" and the concept lost.  It is read, every word kept."""
    document = json.dumps(
        {"concept": "Emoji 😀 ✓", "explanation": "Smile 😀 and\ttab.", "tags": ["x"]}
    )
    raw_del = '{"concept": "Raw\x7fDel", "explanation": "Kept."}'
    files: dict[str, str | bytes] = {
        "conf.py": CONF + "exclude_patterns = ['_build', 'c']\n",
        "index.md": "# Home\n\n```{concept} c/a.json\n```\n\n"
        "```{concept} c/b.json\n```\n",
        "c/a.json": document,
        "c/b.json": "{\n\t" + raw_del[1:],
    }
    assert "\\ud83d\\ude00" in document
    result = build(write_project(tmp_path / "src", files))
    titles = [h.get_text() for h in result.soup("index").select("h2.concept-title")]
    assert titles == ["Emoji 😀 ✓", "RawDel"]
    assert "Smile 😀 and" in result.soup("index").get_text()
    assert not [w for w in result.concept_warnings() if "YAML" in w]


def test_json_errors_are_json_errors_on_one_line(tmp_path: Path) -> None:
    """Loss: errors in ``.json`` files spoke of YAML and spanned two lines, so the
    ``[concept.source]`` tag stood on a line without the word WARNING.  Each error
    is one line: file, line, "JSON", and the tag."""
    files: dict[str, str | bytes] = {
        "conf.py": CONF + "exclude_patterns = ['_build', 'c']\n",
        "index.md": "# Home\n\n```{concept} c/*.json\n```\n",
        "c/a.json": '{"concept": "A",\n "explanation": "x",,\n}',
        "c/b.json": '{"concept": "B", "explanation": "unterminated\n}',
        "c/c.json": '{"concept": "C"}\n{"concept": "D"}\n',
    }
    result = build(write_project(tmp_path / "src", files))
    assert_no_crash(result)
    lines = [w for w in result.warning_lines() if "/c/" in w]
    assert len(lines) == 3, lines
    for line in lines:
        assert "WARNING" in line and "JSON" in line and "YAML" not in line, line
        assert line.endswith("[concept.source]"), line
    assert lines[0].startswith("<src>/c/a.json:2:")


def test_users_concept_index_page_wins(tmp_path: Path) -> None:
    """Loss: a user's own page named ``concept-index`` was silently replaced by the
    generated index.  The user's page is written, with one warning saying so."""
    files: dict[str, str | bytes] = {
        "index.md": "# Home\n\n```{toctree}\nconcept-index\n```\n\n"
        "```{concept} A\nText.\n```\n",
        "concept-index.md": "# My own index\n\nUSER-WORDS.\n",
    }
    result = build(write_project(tmp_path / "src", files))
    assert_no_crash(result)
    assert "USER-WORDS." in result.html("concept-index")
    clash = [w for w in result.concept_warnings() if "concept-index" in w]
    assert len(clash) == 1 and "[concept.duplicate]" in clash[0]


def test_incremental_build_sees_new_glob_matches_and_new_sources(
    tmp_path: Path,
) -> None:
    """Loss: after an incremental build, a new file matching a page's glob, or a
    missing source created later, did not appear until a fresh build.  The next
    incremental build shows them: the same cards as a fresh ``-E`` build."""
    files: dict[str, str | bytes] = {
        "conf.py": CONF + "exclude_patterns = ['_build', 'c']\n",
        "index.md": "# Home\n\n```{concept} c/*.yaml\n```\n\n"
        "```{concept} c/later.md\n```\n",
        "other.md": "# Other\n\n```{concept} c/sub/**/*.md\n```\n",
        "c/a.yaml": "concept: A\nexplanation: a\n",
    }
    src = write_project(tmp_path / "src", files)
    build(src)
    (src / "c" / "b.yaml").write_text("concept: B\nexplanation: b\n", encoding="utf-8")
    (src / "c" / "later.md").write_text("## Concept: Later\n\nl\n", encoding="utf-8")
    (src / "c" / "sub" / "deep").mkdir(parents=True)
    (src / "c" / "sub" / "deep" / "d.md").write_text(
        "## Concept: D\n\nd\n", encoding="utf-8"
    )
    incremental = build(src)
    fresh = build(src, freshenv=True, builddir=tmp_path / "fresh")

    def cards(result: BuildResult, page: str) -> list[str]:
        return [h.get_text() for h in result.soup(page).select("h2.concept-title")]

    assert cards(incremental, "index") == cards(fresh, "index") == ["A", "B", "Later"]
    assert cards(incremental, "other") == cards(fresh, "other") == ["D"]
    assert incremental.concept_warnings() == []


# -- clean output ----------------------------------------------------------------------
def test_titles_cannot_inject_inventory_entries(tmp_path: Path) -> None:
    """Attack: a concept title written like an inventory line
    (``Evil std:label 1 https://evil.example/ x``) made ``objects.inv`` hold a
    foreign ``std:label`` entry, and the concept was no longer found by its title.
    Such a name is left out with a ``concept.security`` warning; other titles
    keep their entries; the inventory reads back with no foreign entry."""
    from sphinx.util.inventory import InventoryFile

    files: dict[str, str | bytes] = {
        "index.md": "# Home\n\n```{concept} Evil std:label 1 https://evil.example/ x\n"
        "Text.\n```\n\n```{concept} Layer 2 Switch\nText.\n```\n",
    }
    result = build(write_project(tmp_path / "src", files))
    with open(result.outdir / "objects.inv", "rb") as handle:
        inventory = InventoryFile.load(handle, "https://docs.example", os.path.join)
    data = inventory.data if hasattr(inventory, "data") else inventory
    labels = dict(data.get("std:label", {}))
    assert "evil" not in labels and "Evil" not in labels
    concepts = dict(data["concept:concept"])
    assert "Layer 2 Switch" in concepts
    assert not [name for name in concepts if name.startswith("Evil")]
    assert len([w for w in security_lines(result) if "objects.inv" in w]) == 1


CONTROL_YAML = (
    'concept: "Bell\\a Escape\\e[31m C1\\x9b Del\\x7f"\n'
    'specialist_role: "Role\\e[2J"\n'
    'explanation: "Text\\e]0;title\\a with \\x1b[1mcodes\\x08."\n'
    'summary: "Sum\\x0c."\n'
)


@pytest.mark.parametrize("buildername", ["latex", "man", "texinfo", "text"])
def test_control_characters_never_reach_the_output(
    tmp_path: Path, buildername: str
) -> None:
    """Attack: control characters from YAML escapes (``\\e``, ``\\a``, ``\\x9b``,
    DEL) reached the ``.tex`` and broke the PDF (and man, texinfo and the
    terminal).  They are removed with one warning; the words stay; no warning
    printed to the terminal carries one."""
    files: dict[str, str | bytes] = {
        "conf.py": CONF + "exclude_patterns = ['_build', 'c']\n",
        "index.md": "# Home\n\n```{concept} c/a.yaml\n```\n",
        "c/a.yaml": CONTROL_YAML,
    }
    result = build(write_project(tmp_path / "src", files), buildername)
    assert_no_crash(result)
    output = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in result.outdir.rglob("*")
        if p.is_file() and p.suffix in (".tex", ".1", ".texi", ".txt")
    )
    assert (output and "Bell Escape" in output.replace("\\", "")) or "Bell" in output
    assert re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", output) is None
    assert re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.warnings) is None
    assert len([w for w in result.concept_warnings() if "control char" in w]) == 1


def test_check_prints_no_terminal_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Attack: ``sphinx-concepts check`` printed terminal control characters
    decoded from a see-also query (``?concept=%1B%5D0;pwned%07``) and from YAML
    escapes.  Text and JSON output show them as escapes instead."""
    from sphinx_concepts.cli import main

    source = tmp_path / "a.yaml"
    source.write_text(
        'concept: "A\\e[2J"\nexplanation: x\nsee_also:\n'
        '  - "?concept=%1B%5D0;pwned%07%C2%9B"\n  - "?concept=B%E2%80%AEevil"\n',
        encoding="utf-8",
    )
    for form in ("text", "json"):
        main(["check", str(source), "--format", form])
        out, err = capsys.readouterr()
        printed = out + err
        assert re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]", printed) is None, (
            printed
        )
        assert "pwned" in printed


def test_invisible_titles_warn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Breakage: titles made only of invisible characters (zero-width space,
    direction overrides, a Hangul filler) were accepted without a word.  The build
    and ``check`` warn at the title's line, showing the characters as escapes."""
    from sphinx_concepts.cli import main

    yaml = (
        'concepts:\n  - concept: "\\u200b\\u202e"\n    explanation: x\n'
        '  - concept: "\\u3164"\n    explanation: y\n'
        "  - concept: Visible\n    explanation: z\n"
    )
    files: dict[str, str | bytes] = {
        "conf.py": CONF + "exclude_patterns = ['_build', 'c']\n",
        "index.md": "# Home\n\n```{concept} c/a.yaml\n```\n",
        "c/a.yaml": yaml,
    }
    result = build(write_project(tmp_path / "src", files))
    invisible = [w for w in result.concept_warnings() if "invisible" in w]
    assert [w.split(": WARNING")[0] for w in invisible] == [
        "<src>/c/a.yaml:2",
        "<src>/c/a.yaml:4",
    ]
    assert "\\u200b\\u202e" in invisible[0]
    main(["check", str(tmp_path / "src" / "c" / "a.yaml")])
    out = capsys.readouterr().out
    assert out.count("only of invisible") == 2 and ":2: warning:" in out


def test_convert_makes_safe_short_unique_file_names(tmp_path: Path) -> None:
    """Breakage: ``convert --to md -o DIR`` failed on a long non-Latin title (file
    name too long).  Names are short (in bytes), unique even on case-insensitive
    file systems, never a device name, and every file lands inside DIR."""
    from sphinx_concepts.cli import main

    long_title = "注意力機構" * 60
    titles = [
        long_title,
        long_title + "x",
        "Case",
        "CASE",
        "CON",
        "../../etc/passwd",
        "...",
    ]
    source = tmp_path / "many.yaml"
    source.write_text(
        "concepts:\n"
        + "".join(
            f"  - concept: {json.dumps(t)}\n    explanation: text {n}\n"
            for n, t in enumerate(titles)
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["convert", str(source), "--to", "md", "-o", str(out)]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == len(titles)
    assert len({name.casefold() for name in written}) == len(titles)
    for name in written:
        assert len(name.encode("utf-8")) <= 120 and name.endswith(".md"), name
        assert name.split(".")[0].lower() not in {"con", "", "etc"}, name
    assert not (tmp_path / "etc").exists()
    texts = sorted(p.read_text(encoding="utf-8") for p in out.iterdir())
    assert all(f"text {n}" in "".join(texts) for n in range(len(titles)))
