"""What users install: the wheel holds every module and data file, and the suite
tests the copy of the package that pip installed.

The wheel is built from the checkout with the project's own build backend
(hatchling, from the ``test`` extra; no network).  CI's second run installs the
package without ``-e``, keeps the checkout's folder off ``sys.path``
(``PYTHONSAFEPATH=1``) and sets ``SPHINX_CONCEPTS_TEST_INSTALLED=1``:
:func:`test_the_suite_imports_the_installed_package` then fails if the tests, or
the processes they start, import the checkout's folder instead of that copy.
"""

from __future__ import annotations

import gettext
import importlib.metadata
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

import sphinx_concepts
from build_helpers import REPO

SOURCE = REPO / "sphinx_concepts"
SUBPACKAGES = ("core", "sources", "cards", "xref", "pages")
DATA = ("static", "schema", "templates", "locales")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [
            *(
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--no-build-isolation",
            ),
            *("--no-index", "--quiet", "--wheel-dir", str(out), str(REPO)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (path,) = out.glob("sphinx_concepts-*.whl")
    return zipfile.ZipFile(path)


def _repo_files(folder: Path) -> set[str]:
    """Files of the checkout below ``folder``, as paths inside the wheel."""
    return {
        path.relative_to(REPO).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_wheel_holds_every_module_and_data_file(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for sub in SUBPACKAGES:
        assert f"sphinx_concepts/{sub}/__init__.py" in names, sub
    for folder in DATA:
        files = _repo_files(SOURCE / folder)
        assert files, folder
        assert files <= names, f"{folder}: missing {sorted(files - names)}"
    assert _repo_files(SOURCE) <= names
    # Nothing else: no tests, docs or build output in what users install.
    others = {n for n in names if not n.startswith("sphinx_concepts")}
    assert others == set(), others


def test_wheel_holds_the_compiled_catalogues(wheel: zipfile.ZipFile) -> None:
    catalogues = sorted(SOURCE.glob("locales/*/LC_MESSAGES/*.po"))
    assert catalogues
    for po in catalogues:
        mo = po.with_suffix(".mo").relative_to(REPO).as_posix()
        assert mo in wheel.namelist(), mo
        # A real catalogue gettext can read, not an empty or stale file.
        translations = gettext.GNUTranslations(io.BytesIO(wheel.read(mo)))
        assert translations.info().get("language") == po.parts[-3]
        assert len(translations._catalog) > 10  # type: ignore[attr-defined]
    german = gettext.GNUTranslations(
        io.BytesIO(
            wheel.read("sphinx_concepts/locales/de/LC_MESSAGES/sphinx_concepts.mo")
        )
    )
    assert german.gettext("Summary") != "Summary"


def test_wheel_declares_the_command(wheel: zipfile.ZipFile) -> None:
    (entry_points,) = [n for n in wheel.namelist() if n.endswith("entry_points.txt")]
    text = wheel.read(entry_points).decode("utf-8")
    assert "sphinx-concepts = sphinx_concepts.cli:main" in text


def _install_location() -> tuple[Path, bool]:
    """Where pip put the package, and whether it is an editable install."""
    dist = importlib.metadata.distribution("sphinx-concepts")
    direct = json.loads(dist.read_text("direct_url.json") or "{}")
    if direct.get("dir_info", {}).get("editable"):
        return Path(unquote(urlparse(direct["url"]).path)) / "sphinx_concepts", True
    return Path(str(dist.locate_file("sphinx_concepts"))), False


def test_the_suite_imports_the_installed_package() -> None:
    installed, editable = _install_location()
    imported = Path(sphinx_concepts.__file__).resolve().parent
    # An editable install points at a checkout: that one must be imported.  A
    # regular install must not be shadowed by the checkout's folder (which
    # ``python -m pytest`` puts first on sys.path).
    assert imported == installed.resolve(), (
        f"the tests import {imported}, but pip installed {installed}"
    )
    if os.environ.get("SPHINX_CONCEPTS_TEST_INSTALLED") == "1":
        assert not editable, "CI's installed run found an editable install"
        # The venv may live inside the checkout (CI puts it there): what must
        # not be imported is the checkout's own package folder.
        assert imported != (REPO / "sphinx_concepts").resolve(), imported
        # The tests' subprocesses (python -m sphinx, -c probes) too, even when
        # started from the checkout.
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sphinx_concepts; print(sphinx_concepts.__file__)",
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert Path(done.stdout.strip()).resolve().parent == installed.resolve()
