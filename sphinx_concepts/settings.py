"""The Sphinx side of the configuration: registering ``concepts_*`` values from
:class:`~sphinx_concepts.config.ConceptsConfig` and checking them at start-up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from .core.config import PREFIX, ConceptsConfig, ConfigValueError

_NAMES = [f.name for f in fields(ConceptsConfig)]


def register(app: Sphinx) -> None:
    defaults = ConceptsConfig()
    for f in fields(ConceptsConfig):
        default = getattr(defaults, f.name)
        if isinstance(default, tuple):
            default = list(default)
        elif isinstance(default, Mapping):
            default = {}
        rebuild: Any = f.metadata["rebuild"]
        app.add_config_value(PREFIX + f.name, default, rebuild)
    app.connect("config-inited", check)


def _values(config: Config) -> dict[str, object]:
    return {name: getattr(config, PREFIX + name) for name in _NAMES}


def check(app: Sphinx, config: Config) -> None:
    """Fail the build at start-up, naming the value, if any value is unusable."""
    try:
        ConceptsConfig.from_values(_values(config))
    except ConfigValueError as error:
        raise ConfigError(str(error)) from None


def concepts_config(config: Config) -> ConceptsConfig:
    """The checked configuration (cheap to build: no cache, nothing to go stale)."""
    return ConceptsConfig.from_values(_values(config))
