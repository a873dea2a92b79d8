"""The one rule for linking to a card (or a page) from a page being written.

Everything that links to a card goes through here: references, see-also
entries, backlinks, concept lists and graphs, ``concepts.json``.  The rule
that needs one home: a single-page build (``singlehtml``) has everything on
one page, where Sphinx's own cross-document form ``#document-x#id`` cannot be
followed by browsers, so links there are plain in-page anchors.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.builders import Builder

from .reference_node import concept_reference


def single_page(builder: Builder) -> str:
    """The file of a single-page build (its target URIs are ``#document-x``)."""
    return f"{builder.config.root_doc}{getattr(builder, 'out_suffix', '.html')}"


class Links:
    """Links from one page being written; each page's relative URI is worked
    out once (a page links to the same few pages again and again)."""

    def __init__(self, builder: Builder, fromdocname: str) -> None:
        self.builder = builder
        self.fromdocname = fromdocname
        self.one_page = builder.name == "singlehtml"
        self._uris: dict[str, str] = {}

    def uri(self, docname: str) -> str:
        """The URI of page ``docname`` relative to this page."""
        uri = self._uris.get(docname)
        if uri is None:
            uri = self.builder.get_relative_uri(self.fromdocname, docname)
            self._uris[docname] = uri
        return uri

    def reference(
        self,
        docname: str,
        anchor: str,
        content: nodes.Node,
        title: str | None = None,
    ) -> concept_reference:
        """A link to element ``anchor`` of page ``docname`` (the page itself
        when ``anchor`` is empty); ``title`` becomes the tooltip.  In print a
        link to a card also gives the card's page (see :mod:`.reference_node`)."""
        reference = concept_reference("", "", content, internal=True)
        if anchor and (self.one_page or docname == self.fromdocname):
            reference["refid"] = anchor
        else:
            uri = self.uri(docname)
            reference["refuri"] = f"{uri}#{anchor}" if anchor else uri
        if title:
            reference["reftitle"] = title
        return reference

    def url(self, docname: str, anchor: str) -> str:
        """The element's URL as a string that always names a file (never a bare
        ``#id``): Sphinx rewrites relative links in SVG images against the image
        folder, which needs a path."""
        if self.one_page:
            return f"{single_page(self.builder)}#{anchor}"
        page = self.uri(docname).split("#", 1)[0]
        if not page:
            target = self.builder.get_target_uri(self.fromdocname).split("#", 1)[0]
            page = target.rsplit("/", 1)[-1]
        return f"{page or './'}#{anchor}"


def site_url(builder: Builder, docname: str, anchor: str = "") -> str:
    """A page (and element) URL relative to the site root."""
    page = (
        single_page(builder)
        if builder.name == "singlehtml"
        else builder.get_target_uri(docname)
    )
    return f"{page}#{anchor}" if anchor else page or "./"
