"""Generate the benchmark's three source trees from one set of concept texts.

- ``concepts``: N concept sources (even ones ``.md`` in the sample's Markdown
  format, odd ones ``.yaml``), rendered by ``concept`` directives, 20 per page;
  see-also items are concept queries with an audience.
- ``sections``: the same text as plain MyST pages, each card a real section with
  a label, see-also items as ``{ref}`` links (what a user would write by hand).
- ``rubrics``: the same, with the card's headings as ``{rubric}`` directives: the
  doctree shape of a card, without the extension.  This is the floor.

Every arm uses the same ``conf.py`` apart from the extension list.

Two shapes of content (``SHAPES``): ``standard`` (explanations of a few long
paragraphs, two or three follow-up pairs, three see-also links) and ``dense``
(explanations of many short paragraphs, three or four follow-up pairs whose
answers hold lists and code, five see-also links).  The gap between concepts
and the floor depends on the shape, and the goal holds for any.

``write_plain`` writes the drop-in arm: plain pages without any concept, built
with and without the extension enabled.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

PER_PAGE = 20
ROLE = "ML Engineer"
AUDIENCES = ("Software Engineer", "Manager without much technical background")
ARMS = ("concepts", "sections", "rubrics")
SHAPES = ("standard", "dense")

_WORDS = (
    "attention",
    "model",
    "layer",
    "vector",
    "token",
    "sequence",
    "weight",
    "query",
    "key",
    "value",
    "head",
    "training",
    "gradient",
    "loss",
    "batch",
    "embedding",
    "position",
    "encoder",
    "decoder",
    "output",
    "input",
    "matrix",
    "softmax",
    "score",
    "context",
    "window",
    "memory",
    "cost",
    "latency",
    "budget",
    "product",
    "team",
    "signal",
    "noise",
    "data",
    "label",
    "feature",
    "pattern",
    "language",
    "translation",
    "summary",
    "network",
    "parameter",
    "update",
    "step",
    "learning",
    "rate",
    "schedule",
    "cache",
    "lookup",
    "index",
    "shard",
    "replica",
)


@dataclass
class Card:
    index: int
    title: str
    audience: str
    explanation: list[str]
    follow_up: list[tuple[str, str]]
    etymology: str
    summary: str
    see_also: list[tuple[int, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"bench-c{self.index:05d}"

    @property
    def page(self) -> int:
        return self.index // PER_PAGE

    @property
    def stem(self) -> str:
        return f"c{self.index:05d}"

    @property
    def suffix(self) -> str:
        return ".md" if self.index % 2 == 0 else ".yaml"

    @property
    def source(self) -> str:
        """Path of its source file, relative to the source directory."""
        return f"concepts/p{self.page:04d}/{self.stem}{self.suffix}"


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(_WORDS) for _ in range(words)]
    # Some inline markup, as real explanations have.
    if words > 6:
        chosen[2] = f"*{chosen[2]}*"
        chosen[5] = f"`{chosen[5]}`"
    return " ".join(chosen).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def _dense_answer(rng: random.Random) -> str:
    """An answer of several blocks: a paragraph, a list, code, a paragraph."""
    items = "\n".join(f"- {_sentence(rng, rng.randint(4, 8))}" for _ in range(3))
    code = "\n".join(
        f"{rng.choice(_WORDS)} = {rng.choice(_WORDS)}({rng.randint(1, 9)})"
        for _ in range(rng.randint(2, 4))
    )
    return "\n\n".join(
        [_paragraph(rng, 2), items, f"```python\n{code}\n```", _paragraph(rng, 1)]
    )


def make_cards(n: int, seed: int = 2017, shape: str = "standard") -> list[Card]:
    dense = shape == "dense"
    cards = []
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        if dense:
            explanation = [_paragraph(rng, rng.randint(1, 2)) for _ in range(10)]
            follow_up = [
                (_sentence(rng, 9)[:-1] + "?", _dense_answer(rng))
                for _ in range(rng.choice((3, 4)))
            ]
        else:
            explanation = [_paragraph(rng, 4), _paragraph(rng, 3)]
            follow_up = [
                (_sentence(rng, 9)[:-1] + "?", _paragraph(rng, 3))
                for _ in range(rng.choice((2, 3)))
            ]
        # Pairs of cards share a name: one variant per audience, so see-also
        # queries exercise variant resolution.
        cards.append(
            Card(
                index=i,
                title=f"Topic {i // 2} {_WORDS[i // 2 % len(_WORDS)]}",
                audience=AUDIENCES[i % 2],
                explanation=explanation,
                follow_up=follow_up,
                etymology=_paragraph(rng, 3),
                summary=_paragraph(rng, 2),
            )
        )
    links = 5 if dense else 3
    for card in cards:
        rng = random.Random(seed + card.index)
        others: set[int] = set()
        while len(others) < min(links, n - 1):
            j = rng.randrange(n)
            if j != card.index:
                others.add(j)
        card.see_also = [(j, _sentence(rng, 7)) for j in sorted(others)]
    return cards


def _query(card: Card) -> str:
    plus = lambda s: s.replace(" ", "+")  # noqa: E731
    return f"?concept={plus(card.title)}&target_audience={plus(card.audience)}"


# -- the concepts arm ------------------------------------------------------------
def markdown_source(card: Card, cards: list[Card]) -> str:
    out = [
        "---",
        f"specialist_role: {ROLE}",
        f"target_audience: {card.audience}",
        "---",
        "",
        f"## Concept: {card.title}",
        "",
    ]
    out += [p + "\n" for p in card.explanation]
    out += ["## Follow-up Questions:", ""]
    for number, (question, answer) in enumerate(card.follow_up, 1):
        out += [f"**Q{number}: {question}**", "", answer, ""]
    out += ["## Etymology and History:", "", card.etymology, ""]
    out += ["## Summary:", "", card.summary, ""]
    out += ["## See also:", ""]
    for j, description in card.see_also:
        other = cards[j]
        out.append(f"- [{other.title}]({_query(other)}): {description}")
    return "\n".join(out) + "\n"


def _block(text: str, indent: str) -> str:
    return "|\n" + "\n".join(indent + line if line else "" for line in text.split("\n"))


def yaml_source(card: Card, cards: list[Card]) -> str:
    out = [
        f"concept: {card.title}",
        f"specialist_role: {ROLE}",
        f"target_audience: {card.audience}",
        "explanation: " + _block("\n\n".join(card.explanation), "  "),
        "follow_up:",
    ]
    for question, answer in card.follow_up:
        out += [
            f'  - question: "{question}"',
            "    answer: " + _block(answer, "      "),
        ]
    out += ["etymology: " + _block(card.etymology, "  ")]
    out += ["summary: " + _block(card.summary, "  ")]
    out += ["see_also:"]
    for j, description in card.see_also:
        other = cards[j]
        out += [
            f"  - concept: {other.title}",
            f"    title: {other.title}",
            f"    target_audience: {other.audience}",
            f'    description: "{description}"',
        ]
    return "\n".join(out) + "\n"


def concepts_page(page: int, cards: list[Card]) -> str:
    out = [f"# Page {page}", ""]
    for card in cards:
        # Every fourth card through a glob that matches its one file.
        argument = card.source
        if card.index % 4 == 3:
            argument = argument.rsplit(".", 1)[0] + ".*"
        out += [f"```{{concept}} {argument}", "```", ""]
    return "\n".join(out)


# -- the baselines ---------------------------------------------------------------
def _meta(card: Card) -> str:
    return f"*For {card.audience}, explained by {ROLE}*"


def _card_text(
    card: Card, cards: list[Card], heading: callable[[int, str], str]
) -> str:
    out = [f"({card.label})=", heading(2, card.title), "", _meta(card), ""]
    out += [heading(3, "Explanation"), ""]
    out += [p + "\n" for p in card.explanation]
    out += [heading(3, "Follow-up Questions"), ""]
    for question, answer in card.follow_up:
        # A definition's further blocks are indented to its text.
        out += [question, ": " + answer.replace("\n", "\n  "), ""]
    out += [heading(3, "Etymology and History"), "", card.etymology, ""]
    out += [heading(3, "Summary"), "", card.summary, ""]
    out += [heading(3, "See also"), ""]
    for j, description in card.see_also:
        other = cards[j]
        out.append(f"- {{ref}}`{other.title} <{other.label}>`: {description}")
    return "\n".join(out) + "\n"


def _section_heading(level: int, text: str) -> str:
    return "#" * level + " " + text


def _rubric_heading(level: int, text: str) -> str:
    return f"```{{rubric}} {text}\n```"


def baseline_page(page: int, chunk: list[Card], cards: list[Card], arm: str) -> str:
    heading = _section_heading if arm == "sections" else _rubric_heading
    return f"# Page {page}\n\n" + "\n".join(
        _card_text(c, cards, heading) for c in chunk
    )


CONF = """\
project = "sphinx-concepts benchmark ({arm})"
extensions = {extensions!r}
myst_enable_extensions = ["deflist"]
exclude_patterns = ["_build", "concepts/**"]
html_theme = "alabaster"
# Sidebars off in every arm: the global-toctree sidebar is quadratic in pages.
html_sidebars = {{"**": []}}
"""


def write_arm(root: Path, arm: str, cards: list[Card]) -> None:
    """Write one arm's source tree to ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    extensions = ["myst_parser", "bench_timing"]
    if arm == "concepts":
        extensions.append("sphinx_concepts")
    (root / "conf.py").write_text(CONF.format(arm=arm, extensions=extensions))
    pages = (len(cards) + PER_PAGE - 1) // PER_PAGE
    toctree = "\n".join(f"page{p:04d}" for p in range(pages))
    (root / "index.md").write_text(
        f"# Benchmark\n\n```{{toctree}}\n:maxdepth: 1\n\n{toctree}\n```\n"
    )
    for p in range(pages):
        chunk = cards[p * PER_PAGE : (p + 1) * PER_PAGE]
        if arm == "concepts":
            text = concepts_page(p, chunk)
            for card in chunk:
                path = root / card.source
                path.parent.mkdir(parents=True, exist_ok=True)
                write = markdown_source if card.suffix == ".md" else yaml_source
                path.write_text(write(card, cards))
        else:
            text = baseline_page(p, chunk, cards, arm)
        (root / f"page{p:04d}.md").write_text(text)


PLAIN_PAGE = """\
# Plain page {n}

({label})=
## Overview

{paragraphs}

## Details

- {item}
- {item2}

```python
value = compute({n})
```

See {{ref}}`the previous page <{previous}>` and [the index](index).
"""


def write_plain(root: Path, pages: int, with_extension: bool) -> None:
    """The drop-in arm: ``pages`` plain MyST pages that show no concept, with or
    without ``sphinx_concepts`` in ``extensions`` (all else equal)."""
    root.mkdir(parents=True, exist_ok=True)
    extensions = ["myst_parser", "bench_timing"]
    if with_extension:
        extensions.append("sphinx_concepts")
    arm = "plain+extension" if with_extension else "plain"
    (root / "conf.py").write_text(CONF.format(arm=arm, extensions=extensions))
    toctree = "\n".join(f"plain{p:04d}" for p in range(pages))
    (root / "index.md").write_text(
        f"# Plain\n\n```{{toctree}}\n:maxdepth: 1\n\n{toctree}\n```\n"
    )
    for p in range(pages):
        rng = random.Random(p)
        (root / f"plain{p:04d}.md").write_text(
            PLAIN_PAGE.format(
                n=p,
                label=f"plain-{p}",
                previous=f"plain-{max(p - 1, 0)}",
                paragraphs="\n\n".join(_paragraph(rng, 3) for _ in range(4)),
                item=_sentence(rng, 6),
                item2=_sentence(rng, 6),
            )
        )


def page_of(card: Card) -> str:
    return f"page{card.page:04d}"
