"""What concept text may do while it renders: the rules for untrusted markup.

Concept text is rendered into the page's document by myst-parser (and, inside
``{eval-rst}``, by docutils' reST parser).  Both look directives and roles up
through ``docutils.parsers.rst.directives.directive`` and ``roles.role``, which
Sphinx itself replaces while a page is read.  While concept text renders,
:func:`contained` puts a gate in front of those two look-ups, so *every* markup
path (MyST fences and colon fences, reST in ``{eval-rst}``, text pulled in by an
allowed directive) meets the same rules:

* directives and roles come from an allow-list (a new or unknown one is refused,
  never trusted by default); a refused directive is shown as its literal text,
  a refused role as its text, each with a ``concept.security`` warning at the
  source file and line;
* docutils' own switches are off for the nested parse: ``file_insertion_enabled``
  (``include``, ``:file:`` and ``:url:`` options, image sizes read with PIL) and
  ``raw_enabled`` (unless ``concepts_allow_raw_html``).  The few allowed
  directives that read a file get it switched on for their own run only, after
  the path they name is found inside the source directory or ``concepts_paths``;
  nothing is ever fetched from a URL;
* after rendering, the nodes themselves are checked (:meth:`Gate.clean`): no
  ``href``/``src`` with an unsafe scheme, no image or download outside the allowed
  folders, no raw output unless allowed -- whatever directive or role made them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any
from urllib.parse import unquote

from docutils import nodes
from docutils.parsers.rst import Directive, directives, roles
from docutils.parsers.rst.directives.misc import Include, Raw
from docutils.parsers.rst.directives.tables import CSVTable
from docutils.utils import Reporter
from sphinx import addnodes
from sphinx.directives.code import LiteralInclude
from sphinx.environment import BuildEnvironment

from ..compat import builder_of
from ..core.problems import Subtype
from ..report import warn
from ..sources.files import is_within

#: Schemes that never become links or image sources, wherever they are written.
REFUSED_SCHEMES = ("javascript", "vbscript", "data", "file")

#: Directives concept text may use: they only shape the text they are given.
#: ``literalinclude``, ``csv-table`` and ``raw`` read files: they are allowed
#: with their path checked (``raw`` only with ``concepts_allow_raw_html``).
#: Left out on purpose: ``include`` (a concept's text is its source), ``role``,
#: ``class``/``rst-class`` (they leave a pending node for the page's transforms,
#: which ``{eval-rst}`` never runs: the writer then fails),
#: ``default-role``, ``highlight``, ``title``, ``meta``, ``toctree``, ``sectnum``,
#: ``contents`` (they change the page, not the card), domain object directives
#: (they would add inventory entries) and anything an extension adds: a
#: project that trusts its sources lists those in ``concepts_allow_directives``.
SAFE_DIRECTIVES = frozenset(
    {
        # admonitions
        "admonition", "attention", "caution", "danger", "error", "hint",
        "important", "note", "tip", "warning", "seealso",
        "versionadded", "versionchanged", "deprecated", "versionremoved",
        # body elements
        "topic", "sidebar", "rubric", "epigraph", "highlights", "pull-quote",
        "compound", "container", "centered", "hlist", "only",
        "parsed-literal", "code", "code-block", "sourcecode", "math",
        "table", "list-table", "csv-table", "image", "figure",
        "literalinclude", "raw",
        # this extension: a card may show another (recursion is refused)
        "concept",
    }
)  # fmt: skip

#: Roles concept text may use (besides cross-reference roles of the domains,
#: which only ask for a link).  ``download`` copies a file: allowed, and its
#: target checked like an image.
SAFE_ROLES = frozenset(
    {
        # docutils
        "emphasis", "strong", "literal", "code", "math", "sub", "subscript",
        "sup", "superscript", "abbreviation", "ab", "acronym", "ac",
        "title-reference", "title", "t", "pep-reference", "pep",
        "rfc-reference", "rfc",
        # Sphinx
        "abbr", "command", "dfn", "file", "guilabel", "kbd", "mailheader",
        "makevar", "manpage", "menuselection", "mimetype", "newsgroup",
        "program", "regexp", "samp", "index", "any", "download", "eq",
        "doc", "ref", "numref", "term", "keyword", "option", "envvar", "token",
        # myst-parser and this extension
        "sub-ref", "concept",
    }
)  # fmt: skip

#: Options that make an allowed directive read a file, by directive class.
_FILE_OPTIONS: tuple[tuple[type[Any], tuple[str, ...]], ...] = (
    (LiteralInclude, ("diff",)),
    (CSVTable, ("file",)),
    (Raw, ("file",)),
)
#: Concept text nested in concept text (a card showing a card) stops here.
MAX_NESTING = 8


def refused_scheme(url: str) -> str | None:
    """The unsafe scheme ``url`` starts with, if any.

    markdown-it percent-encodes what an entity decoded to (``java&#09;script:``
    arrives as ``java%09script:``), and browsers skip control characters and
    blanks inside a scheme: both are undone before looking at it.
    """
    squeezed = "".join(ch for ch in unquote(url) if ch > " " and ch != "\x7f").lower()
    for scheme in REFUSED_SCHEMES:
        if squeezed.startswith(scheme + ":"):
            return scheme
    return None


def _is_remote(uri: str) -> bool:
    return "://" in uri or uri.startswith("//")


@dataclass(frozen=True)
class Containment:
    """The rules for one source's text: where it may read, what it may use."""

    source: str  # the file holding the text (for warnings)
    roots: tuple[str, ...]  # the source directory and concepts_paths
    allow_raw_html: bool
    extra_directives: frozenset[str] = frozenset()
    extra_roles: frozenset[str] = frozenset()

    def allows_directive(self, name: str) -> bool:
        name = name.lower()
        if name == "raw" and not self.allow_raw_html:
            return False
        return name in SAFE_DIRECTIVES or name in self.extra_directives

    def path_allowed(self, env: BuildEnvironment, path: str) -> bool:
        """Whether every way a directive could resolve ``path`` stays inside.

        Sphinx resolves from the page (``/`` from the source directory), docutils
        from the current file; percent-encoding and ``~`` are tried too, so that
        no spelling of a path is trusted because one reading of it is harmless.
        """
        path = path.strip()
        if not path or "\x00" in path or path.lower().startswith("file:"):
            return False
        spellings = {path, unquote(path), os.path.expanduser(path)}
        page_dir = os.path.dirname(env.doc2path(env.docname))
        for spelling in spellings:
            candidates = [env.relfn2path(spelling, env.docname)[1]]
            candidates.append(os.path.join(page_dir, spelling))
            if not all(is_within(c, self.roots) for c in candidates):
                return False
        return True


# -- the gate in front of directive and role look-ups --------------------------------
_Lookup = Any  # the dispatcher functions, as docutils and Sphinx type them


class Gate:
    """The look-ups concept text meets while it renders (see the module doc)."""

    def __init__(
        self,
        rules: Containment,
        env: BuildEnvironment,
        document: nodes.document,
        outer: Gate | None,
    ) -> None:
        self.rules = rules
        self.env = env
        self.document = document
        self.outer = outer
        self.depth: int = 1 + (outer.depth if outer is not None else 0)
        self._directive: _Lookup = directives.directive
        self._role: _Lookup = roles.role

    # The source files of the texts being rendered, innermost last.
    @property
    def chain(self) -> tuple[str, ...]:
        outer = self.outer.chain if self.outer is not None else ()
        return (*outer, self.rules.source)

    def refuse(self, message: str, line: int | None) -> None:
        warn(message, Subtype.SECURITY, f"{self.rules.source}:{line or 0}")

    # -- look-ups ---------------------------------------------------------------------
    def directive(
        self, name: str, language: ModuleType, document: nodes.document
    ) -> tuple[type[Directive] | None, list[nodes.system_message]]:
        cls, messages = self._directive(name, language, document)
        if cls is None:
            return cls, messages
        if not self.rules.allows_directive(name):
            return _refused_directive(self, name, cls), messages
        if issubclass(cls, Include):
            # Only reachable through concepts_allow_directives: trusted.
            return cls, messages
        if issubclass(cls, LiteralInclude) or any(
            issubclass(cls, k) for k, _ in _FILE_OPTIONS
        ):
            return _checked_directive(self, name, cls), messages
        return cls, messages

    def role(
        self, name: str, language: ModuleType, lineno: int, reporter: Reporter
    ) -> tuple[Any, list[nodes.system_message]]:
        func, messages = self._role(name, language, lineno, reporter)
        if func is None or self._allows_role(name):
            return func, messages
        return _refused_role(self, name), messages

    def _allows_role(self, name: str) -> bool:
        name = name.lower()
        if name in SAFE_ROLES or name in self.rules.extra_roles:
            return True
        # Cross-reference roles of the domains only ask for a link.
        domain_name, _, role_name = name.rpartition(":")
        domain_names = [domain_name] if domain_name else ["std", self._default_domain()]
        for candidate in domain_names:
            domain = self.env.domains.get(candidate) if candidate else None
            if domain is not None and role_name in domain.roles:
                return type(domain.roles[role_name]).__name__.endswith("XRefRole")
        return False

    def _default_domain(self) -> str:
        return str(self.env.config.primary_domain or "")

    # -- the output -------------------------------------------------------------------
    def clean(self, rendered: Sequence[nodes.Node]) -> None:
        """Refuse what no markup may produce in concept text, in place."""
        for top in list(rendered):
            for node in list(top.findall(nodes.Element)):
                if node.parent is None and node is not top:
                    continue  # already replaced with an ancestor
                self._clean_node(node)

    def _clean_node(self, node: nodes.Element) -> None:
        line = _line_of(node)
        if isinstance(node, nodes.raw) and not self.rules.allow_raw_html:
            self.refuse(
                "raw output in concept text is shown as text "
                "(set concepts_allow_raw_html = True to pass it through)",
                line,
            )
            text = node.astext()
            node.replace_self(nodes.literal_block(text, text, classes=["concept-raw"]))
            return
        for attribute in ("refuri", "uri"):
            url = str(node.get(attribute) or "")
            scheme = refused_scheme(url) if url else None
            if scheme is None:
                continue
            if isinstance(node, nodes.image):
                self.refuse(
                    f"an image with the URL scheme '{scheme}:' is left out", line
                )
                _drop(node)
            else:
                self.refuse(
                    f"a link with the URL scheme '{scheme}:' is shown as text", line
                )
                _unwrap(node)
            return
        if isinstance(node, nodes.image):
            self._clean_image(node)
        elif isinstance(node, addnodes.download_reference):
            target = str(node.get("reftarget") or "")
            local = target and not _is_remote(target)
            if local and not self.rules.path_allowed(self.env, target):
                self.refuse(
                    f"the file {target!r} lies outside the source directory "
                    "and concepts_paths; the link is shown as text",
                    line,
                )
                _unwrap(node)

    def _clean_image(self, node: nodes.image) -> None:
        uri = str(node.get("uri") or "")
        if _is_remote(uri):
            # HTML shows a remote image by its URL; builders that embed images
            # would download it (a request from the build machine): link it there.
            if not builder_of(self.env).supported_remote_images:
                self.refuse(
                    f"the remote image {uri!r} is linked, not downloaded, "
                    "in this output format",
                    _line_of(node),
                )
                label = str(node.get("alt") or uri)
                node.replace_self(
                    nodes.reference(label, label, refuri=uri, internal=False)
                )
            return
        if not self.rules.path_allowed(self.env, uri.replace("*", "x")):
            self.refuse(
                f"the image {uri!r} lies outside the source directory and "
                "concepts_paths; it is left out",
                _line_of(node),
            )
            _drop(node)


def _line_of(node: nodes.Element) -> int | None:
    """The line of ``node``, or of the nearest node around or inside it that has
    one (docutils leaves some generated nodes, e.g. an image's link, without)."""
    around: nodes.Node | None = node
    while around is not None:
        if around.line:
            return int(around.line)
        around = around.parent
    for inner in node.findall(nodes.Element):
        if inner.line:
            return int(inner.line)
    return None


def _drop(node: nodes.Element) -> None:
    """Remove an image (with the reference an image ``:target:`` wraps it in)."""
    parent = node.parent
    if isinstance(parent, nodes.reference) and len(parent.children) == 1:
        node = parent
        parent = node.parent
    if parent is not None:
        label = str(node.get("alt") or "")
        if label and not isinstance(parent, nodes.figure):
            node.replace_self(nodes.Text(label))
        else:
            parent.remove(node)


def _unwrap(node: nodes.Element) -> None:
    """A link without its target: its children stay, as plain inline text."""
    if node.parent is None:
        return
    if isinstance(node, nodes.target) or not node.children:
        node.parent.remove(node)
        return
    inline = nodes.inline("", "", *node.children, classes=["concept-refused-link"])
    node.replace_self(inline)


def _refused_directive(gate: Gate, name: str, cls: type[Directive]) -> type[Directive]:
    """A stand-in that parses like ``cls`` (same arguments and options, so no
    second error about them) and shows the directive as literal text."""

    class Refused(Directive):
        required_arguments = cls.required_arguments
        optional_arguments = cls.optional_arguments
        final_argument_whitespace = cls.final_argument_whitespace
        option_spec = cls.option_spec
        has_content = True

        def run(self) -> list[nodes.Node]:
            reason = (
                "raw output needs concepts_allow_raw_html = True"
                if name.lower() == "raw"
                else "it is not allowed in concept text (see concepts_allow_directives)"
            )
            gate.refuse(
                f"the directive {name!r} is shown as text: {reason}", self.lineno
            )
            text = self.block_text.rstrip("\n")
            block = nodes.literal_block(text, text, classes=["concept-refused"])
            block.source, block.line = gate.rules.source, self.lineno
            return [block]

    return Refused


def _checked_directive(gate: Gate, name: str, cls: type[Directive]) -> type[Directive]:
    """``cls`` run with file insertion on, once the files it names are inside."""

    class Checked(cls):  # type: ignore[valid-type,misc]
        def run(self) -> list[nodes.Node]:
            named: list[str] = []
            if issubclass(cls, LiteralInclude) and self.arguments:
                named.append(self.arguments[0])
            for klass, options in _FILE_OPTIONS:
                if issubclass(cls, klass):
                    named.extend(
                        str(self.options[o]) for o in options if o in self.options
                    )
            if "url" in self.options:
                gate.refuse(
                    f"the directive {name!r} may not fetch a URL; it is left out",
                    self.lineno,
                )
                return []
            for path in named:
                if not gate.rules.path_allowed(gate.env, path):
                    gate.refuse(
                        f"the directive {name!r} names {path!r}, outside the source "
                        "directory and concepts_paths; it is left out",
                        self.lineno,
                    )
                    return []
            settings = self.state.document.settings
            before = settings.file_insertion_enabled
            settings.file_insertion_enabled = bool(named) or before
            try:
                return list(super().run())
            finally:
                settings.file_insertion_enabled = before

    Checked.__name__ = cls.__name__
    return Checked


def _refused_role(gate: Gate, name: str) -> Any:
    def role(
        typ: str,
        rawtext: str,
        text: str,
        lineno: int,
        inliner: Any,
        options: dict[str, Any] | None = None,
        content: Sequence[str] = (),
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        gate.refuse(
            f"the role {name!r} is shown as text: it is not allowed in concept "
            "text (see concepts_allow_roles)",
            lineno,
        )
        return [nodes.literal(rawtext, rawtext, classes=["concept-refused"])], []

    return role


# -- entering and leaving ------------------------------------------------------------
def current_gate() -> Gate | None:
    """The gate of the concept text being rendered, if any."""
    owner = getattr(directives.directive, "__self__", None)
    return owner if isinstance(owner, Gate) else None


@contextmanager
def contained(
    rules: Containment,
    env: BuildEnvironment,
    document: nodes.document,
    rendered: list[nodes.Node],
    renderer: Any = None,
) -> Iterator[Gate]:
    """Render concept text under ``rules``; what the caller puts in ``rendered``
    meanwhile is cleaned on the way out.

    Concept text inside concept text (a ``concept`` directive in a card) renders
    with the same MyST renderer: its state (the current node above all) is put
    back afterwards, or the rest of the outer text would land in the inner card.

    The gate replaces the look-ups only for the duration (as Sphinx's own
    ``sphinx_domains`` does for a page) and docutils' switches are restored, so
    the page around the card keeps its own rules.
    """
    gate = Gate(rules, env, document, current_gate())
    outer_state = dict(vars(renderer)) if renderer is not None and gate.outer else None
    settings = document.settings
    saved = (settings.file_insertion_enabled, settings.raw_enabled)
    directive_func, role_func = directives.directive, roles.role
    settings.file_insertion_enabled = False
    settings.raw_enabled = rules.allow_raw_html
    directives.directive = gate.directive  # type: ignore[assignment]
    roles.role = gate.role  # type: ignore[assignment]
    try:
        yield gate
    finally:
        directives.directive = directive_func
        roles.role = role_func
        settings.file_insertion_enabled, settings.raw_enabled = saved
        if outer_state is not None:
            vars(renderer).clear()
            vars(renderer).update(outer_state)
    gate.clean(rendered)


def refuse_substitution(renderer: Any, token: Any) -> bool:
    """Whether a ``{{ ... }}`` substitution in concept text was refused (and shown
    as text).  myst-parser evaluates anything else as a Jinja2 expression with the
    build environment in reach, and Jinja2 unsandboxed runs code
    (``{{ env.__class__.__init__.__globals__ ... }}``): concept text may only name
    a substitution the project configured."""
    if token.content.strip() in renderer.md_config.substitutions:
        return False
    warn(
        "a substitution in concept text may only name one of myst_substitutions; "
        "shown as text",
        Subtype.SECURITY,
        renderer._where(token),
    )
    text = "{{" + token.content + "}}"
    renderer.current_node.append(nodes.literal(text, text, classes=["concept-refused"]))
    return True
