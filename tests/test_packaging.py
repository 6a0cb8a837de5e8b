"""An installed diarium has every file its code reads, not only a checkout.

``pip install .`` (not editable) copies into the wheel only the ``.py``
files and what ``[tool.setuptools.package-data]`` names. The site's
templates, its Swedish labels and ``metadata.yml`` were missing there, so
an installed ``diarium serve`` started without canned queries or
descriptions. These tests compare the files beside the code with what
``pyproject.toml`` declares.
"""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

from conftest import ROOT

from pipeline import serve

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
PACKAGE_DATA: dict[str, list[str]] = PYPROJECT["tool"]["setuptools"]["package-data"]


def data_files() -> list[Path]:
    """Return the files beside the code that are not Python (caches aside)."""
    found = []
    for package in ("pipeline", "extractors"):
        for file in sorted((ROOT / package).rglob("*")):
            if file.is_file() and "__pycache__" not in file.parts:
                if file.suffix not in (".py", ".pyc"):
                    found.append(file)
    return found


def declared(file: Path) -> bool:
    """Whether a package-data glob of a package holding ``file`` names it."""
    relative = file.relative_to(ROOT)
    for package, patterns in PACKAGE_DATA.items():
        folder = Path(*package.split("."))
        if folder in relative.parents:
            inside = relative.relative_to(folder).as_posix()
            if any(fnmatch(inside, pattern) for pattern in patterns):
                return True
    return False


def test_every_data_file_the_code_reads_is_package_data() -> None:
    files = [file.relative_to(ROOT).as_posix() for file in data_files()]
    assert "pipeline/publish/templates/index.html" in files
    assert "extractors/lexicon/parties.toml" in files
    assert [file for file in data_files() if not declared(file)] == []


def test_the_site_plugins_are_shipped_though_not_a_package() -> None:
    plugins = sorted((ROOT / "pipeline" / "publish" / "plugins").glob("*.py"))
    assert [p.name for p in plugins] == ["diarium_site.py", "diarium_source.py"]
    assert all(declared(plugin) for plugin in plugins)


def test_the_packaged_metadata_is_the_top_level_file() -> None:
    linked = ROOT / "pipeline" / "publish" / "metadata.yml"
    assert linked.is_symlink()
    assert linked.resolve() == (ROOT / "metadata.yml").resolve()
    assert serve.DEFAULT_METADATA == linked
    assert declared(linked)
