"""``sphinx-concepts check`` and a real build send every query to the same variant.

Hypothesis writes small projects: variants whose names, roles and audiences are
spelled with varying case and separators, with aliases (some equal to another
concept's name), duplicates, and a default audience or none; and a concept whose
see-also entries are queries (names, aliases, concept queries, unknown names).
For each project, the check report's record of each link (``Report.links``) is
compared with the card that the built HTML link points to.  Each variant's
summary is its number, so both sides name the variant they found the same way.
Where a default audience is set, both give it to the variants written for none.

One build per example; the number of examples is bounded and the search
derandomized, so the test costs the same on every run.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from build_helpers import CONF, build, land, words, write_project
from sphinx_concepts.cli import check
from sphinx_concepts.core.model import Concept
from sphinx_concepts.core.names import ConceptQuery, key_of, normalize

NAMES = ("Alpha Beta", "Gamma")
ROLES = ("Researcher", "ML Engineer")
AUDIENCES = ("Students", "Data Analysts")
#: Alias candidates: the names themselves (an alias equal to another concept's
#: name must lose to the concept) and words that name nothing else.
ALIASES = (*NAMES, "Delta", "Epsilon Zeta")
HOLDER = "Query Holder"  # the concept holding the queries; no generated name


@st.composite
def spelled(draw: st.DrawFn, words_: str) -> str:
    """``words_`` as an author might write it: any case, any separator."""
    case = draw(st.sampled_from([str.lower, str.upper, str.title, str]))
    separator = draw(st.sampled_from([" ", "-", "_", "  ", " - "]))
    return case(separator.join(words_.split()))


def spelled_from(pool: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(pool).flatmap(spelled)


def maybe(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), strategy)


@dataclass(frozen=True)
class Variant:
    name: str
    role: str | None
    audience: str | None
    aliases: tuple[str, ...]


def variants(audience: st.SearchStrategy[str | None]) -> st.SearchStrategy[Variant]:
    return st.builds(
        Variant,
        spelled_from(NAMES),
        maybe(spelled_from(ROLES)),
        audience,
        st.lists(spelled_from(ALIASES), max_size=2).map(tuple),
    )


@st.composite
def queries(draw: st.DrawFn) -> str:
    """A see-also target: a name or alias, or a concept query."""
    name = draw(spelled_from((*ALIASES, "Unknown")))
    role = draw(maybe(spelled_from((*ROLES, "Nobody"))))
    audience = draw(maybe(spelled_from((*AUDIENCES, "Nobody"))))
    if role is None and audience is None and draw(st.booleans()):
        return f"<{name}>"
    return "?" + ConceptQuery(name, role, audience).to_query_string()


@dataclass(frozen=True)
class Project:
    variants: list[Variant]
    chunks: list[int]  # how many variants each source file holds, in order
    queries: list[str]
    default_audience: str | None


@st.composite
def projects(draw: st.DrawFn) -> Project:
    default = draw(maybe(spelled_from(AUDIENCES)))
    found = draw(
        st.lists(variants(maybe(spelled_from(AUDIENCES))), min_size=1, max_size=8)
    )
    chunks: list[int] = []
    left = len(found)
    while left:
        chunks.append(draw(st.integers(1, left)))
        left -= chunks[-1]
    return Project(
        found,
        chunks,
        draw(st.lists(queries(), min_size=1, max_size=12)),
        default,
    )


def _data(n: int, variant: Variant) -> dict[str, object]:
    data: dict[str, object] = {"concept": variant.name, "summary": f"V{n}."}
    if variant.role:
        data["specialist_role"] = variant.role
    if variant.audience:
        data["target_audience"] = variant.audience
    if variant.aliases:
        data["aliases"] = list(variant.aliases)
    return data


def write_sources(root: Path, project: Project) -> dict[str, str | bytes]:
    """The project's files: the variants in YAML lists and Markdown files (one
    variant each), in the order ``check`` reads them, and the queries."""
    files: dict[str, str | bytes] = {}
    n = 0
    for number, size in enumerate(project.chunks):
        group = [_data(n + i, v) for i, v in enumerate(project.variants[n : n + size])]
        if size == 1 and number % 2:
            # Markdown: the title in the heading, the rest in the front matter.
            meta = {
                k: v for k, v in group[0].items() if k not in ("concept", "summary")
            }
            front = f"---\n{yaml.safe_dump(meta)}---\n\n" if meta else ""
            files[f"concepts/v{number:02d}.md"] = (
                f"{front}## Concept: {group[0]['concept']}\n\n"
                f"Text.\n\n## Summary:\n\n{group[0]['summary']}\n"
            )
        else:
            files[f"concepts/v{number:02d}.yaml"] = yaml.safe_dump(
                group, allow_unicode=True, sort_keys=False
            )
        n += size
    files["concepts/x-queries.md"] = (
        f"## Concept: {HOLDER}\n\nThe queries.\n\n## See also:\n\n"
        + "".join(f"- [q{i}]({q})\n" for i, q in enumerate(project.queries))
    )
    page = "# Variants\n"
    for name in sorted(files):
        page += f"\n```{{concept}} {name}\n```\n"
    files["index.md"] = page
    conf = CONF + 'exclude_patterns += ["concepts/**"]\n'
    if project.default_audience:
        conf += f"concepts_default_target_audience = {project.default_audience!r}\n"
    files["conf.py"] = conf
    write_project(root, files)
    return files


def _number(concept: Concept | None) -> str | None:
    return None if concept is None else concept.summary.markdown.strip()


Landings = dict[str, str | None]  # query label -> number of the variant, or None


def where_queries_land(project: Project) -> tuple[Landings, Landings]:
    """Where ``check`` sends each query, and where the built link points."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "src"
        write_sources(root, project)
        holder = str(root / "concepts" / "x-queries.md")

        report = check(
            [str(root / "concepts")], default_audience=project.default_audience
        )
        links = [link for link in report.links if link.where.source == holder]
        assert len(links) == len(project.queries)
        by_check = {f"q{i}": _number(link.concept) for i, link in enumerate(links)}

        result = build(root)
        card = result.soup("index").find(
            "article", id=lambda value: str(value).startswith("concept-query-holder")
        )
        assert card is not None, result.warnings
        by_build: Landings = {}
        for item in card.select("ul.concept-see-also > li"):
            label = words(item.get_text())
            link = item.select_one("a")
            if link is None:
                by_build[label] = None
                continue
            landed = land(result.outdir, "index.html", link["href"])
            assert "concept-card" in landed.get("class", []), landed.name
            summary = landed.select_one(".concept-section-summary p")
            assert summary is not None, landed
            by_build[label] = words(summary.get_text())
    return by_check, by_build


@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    # Each example is a build: no "explain" phase, which reruns failing ones.
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
)
@given(projects())
def test_check_and_build_send_every_query_to_the_same_variant(
    project: Project,
) -> None:
    by_check, by_build = where_queries_land(project)
    # What the examples covered (--hypothesis-show-statistics lists it).
    keys = [key_of(v.name, v.role, v.audience) for v in project.variants]
    event(f"{sum(n is not None for n in by_check.values())} link(s) resolved")
    event("duplicates" if len(set(keys)) < len(keys) else "no duplicate")
    event("default audience" if project.default_audience else "no default audience")
    names = {key[0] for key in keys}
    aliases = {normalize(a) for v in project.variants for a in v.aliases}
    event("alias = a name" if aliases & names else "no alias = a name")
    assert by_build == by_check


def test_check_applies_the_default_audience_as_the_build_does() -> None:
    """V0 is written for no audience, so the build makes it the Students' variant
    (and V1 a duplicate of it): check() must do the same and land on V0, not on
    V1 (what it did while it kept V0 audience-less)."""
    project = Project(
        [
            Variant("Alpha Beta", None, None, ()),
            Variant("Alpha Beta", None, "Students", ()),
        ],
        [1, 1],
        ["<alpha beta>"],
        "Students",
    )
    by_check, by_build = where_queries_land(project)
    assert by_build == {"q0": "V0."}  # what the build does
    assert by_check == by_build
