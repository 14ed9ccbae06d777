"""Copy is US English: the site serves US readers, and its sources (BLS, ASCP, AMT, the state
boards) say "program", "license" and "recognized".

Checked: every template, every string in the content and pathway data (not slugs, keys, URLs or
quotes copied from a source), and every user-facing string in planner/*.py (string literals
other than docstrings; comments are not shown to anyone). No database needed.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

# British spelling -> the US spelling to use instead.
BRITISH = {
    "programme": "program",
    "licence": "license",
    "licenced": "licensed",
    "recognise": "recognize",
    "colour": "color",
    "organisation": "organization",
    "organise": "organize",
    "centre": "center",
    "tumour": "tumor",
    "analyse": "analyze",
    "behaviour": "behavior",
    "favour": "favor",
    "honour": "honor",
    "labour": "labor",
    "catalogue": "catalog",
    "enrolment": "enrollment",
    "judgement": "judgment",
    "practise": "practice",
    "specialise": "specialize",
    "authorise": "authorize",
    "prioritise": "prioritize",
    "summarise": "summarize",
    "minimise": "minimize",
    "fulfil": "fulfill",
    "travelled": "traveled",
    "modelling": "modeling",
    "labelled": "labeled",
}
# The word itself and its inflections (programmes, licences, recognised, organisations, ...).
PATTERN = re.compile(
    r"\b("
    + "|".join(sorted(BRITISH, key=len, reverse=True))
    + r")(s|d|ds|es|ed|ing|ation|ations)?\b",
    re.IGNORECASE,
)
# Correct US words the pattern would otherwise catch ("chemical analyses" is a US plural noun).
US_WORDS = {"analyses"}
# Data fields that are identifiers or a source's own words, not our copy.
SKIP_KEYS = {"slug", "key", "url", "quote", "source", "sources", "id"}


def british_words(text: str) -> list[str]:
    return [
        m.group(0) for m in PATTERN.finditer(text) if m.group(0).lower() not in US_WORDS
    ]


def _stem(word: str) -> str:
    """The British spelling a word from `british_words` is built on (a key of BRITISH)."""
    match = PATTERN.match(word)
    assert match, word
    return match.group(1).lower()


def _yaml_strings(node: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if str(key) in SKIP_KEYS or str(key).endswith("_url"):
                continue
            yield from _yaml_strings(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _yaml_strings(value, f"{path}[{i}]")
    elif isinstance(node, str) and not node.startswith(("http://", "https://")):
        yield path, node


def _python_strings(source: str) -> Iterator[tuple[int, str]]:
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(
            node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
        ):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.lineno, node.value


def test_the_checker_catches_british_spellings_and_passes_us_ones():
    assert british_words(
        "An accredited programme; a state licence; a recognised agency; the colour"
    ) == ["programme", "licence", "recognised", "colour"]
    assert british_words("Programmes, licences, organisations, centres") == [
        "Programmes",
        "licences",
        "organisations",
        "centres",
    ]
    assert not british_words(
        "An accredited program; a state license; licensed, licensure and licensing; a "
        "recognized agency; organisms; the center; color; specialist; programmer; chemical "
        "analyses"
    )


TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
DATA = sorted(
    [
        *(ROOT / "content" / "data").glob("*.yaml"),
        *(ROOT / "planner" / "data").glob("*.yaml"),
    ]
)
PLANNER = sorted((ROOT / "planner").glob("*.py"))


def test_there_is_copy_to_check():
    assert len(TEMPLATES) > 20
    assert len(DATA) > 5
    assert len(PLANNER) > 5


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_use_us_spelling(path):
    found = [
        f"line {n}: {word} (use {BRITISH[_stem(word)]})"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for word in british_words(line)
    ]
    assert not found, f"{path.relative_to(ROOT)}: " + "; ".join(found)


@pytest.mark.parametrize("path", DATA, ids=lambda p: str(p.relative_to(ROOT)))
def test_content_data_uses_us_spelling(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = [
        f"{where}: {word}"
        for where, text in _yaml_strings(data, path.stem)
        for word in british_words(text)
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", PLANNER, ids=lambda p: str(p.relative_to(ROOT)))
def test_planner_user_facing_strings_use_us_spelling(path):
    found = [
        f"line {n}: {word}"
        for n, text in _python_strings(path.read_text(encoding="utf-8"))
        for word in british_words(text)
    ]
    assert not found, f"{path.relative_to(ROOT)}: " + "; ".join(found)
