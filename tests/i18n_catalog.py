"""Reads locale/es/LC_MESSAGES/django.po for the translation tests (no extra dependency)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPANISH_PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"


@dataclass(frozen=True)
class Entry:
    msgid: str
    msgid_plural: str | None
    msgstrs: tuple[str, ...]
    context: str | None
    fuzzy: bool


def _unquote(lines: list[str]) -> str:
    return "".join(json.loads(line) for line in lines)


def entries(path: Path = SPANISH_PO) -> list[Entry]:
    result = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, list[str]] = {}
        current = None
        fuzzy = False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            if line.startswith("#") or not line.strip():
                continue
            if line.startswith('"'):
                assert current is not None, block
                fields[current].append(line)
                continue
            current, _, rest = line.partition(" ")
            fields[current] = [rest]
        if "msgid" not in fields:
            continue
        msgid = _unquote(fields["msgid"])
        if msgid == "":
            continue  # the header
        msgstrs = tuple(
            _unquote(value)
            for key, value in sorted(fields.items())
            if key == "msgstr" or key.startswith("msgstr[")
        )
        result.append(
            Entry(
                msgid=msgid,
                msgid_plural=_unquote(fields["msgid_plural"])
                if "msgid_plural" in fields
                else None,
                msgstrs=msgstrs,
                context=_unquote(fields["msgctxt"]) if "msgctxt" in fields else None,
                fuzzy=fuzzy,
            )
        )
    return result


TAG = re.compile(r"<[^>]+>")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%s")


def english_phrases(entry: Entry, *, min_words: int = 4) -> list[str]:
    """The literal English runs of a msgid (between placeholders and tags) long enough that
    finding one in a Spanish page means the interface, not a content record, is untranslated."""
    if any(msgstr == entry.msgid for msgstr in entry.msgstrs):
        return []  # the same in both languages ("CareerPath: %(role)s")
    phrases = []
    for source in (entry.msgid, entry.msgid_plural or ""):
        # A run cut out by a placeholder is a sentence fragment ("hours of continuing
        # education"), which content records (still English) may well contain: one word more.
        needed = min_words + 1 if PLACEHOLDER.search(source) else min_words
        for run in PLACEHOLDER.split(TAG.sub("\x00", html.unescape(source))):
            for part in re.split(r"\x00|[.;:!?](?:\s|$)", run):
                part = " ".join(part.split()).strip(" .,:;()")
                if len(part.split()) >= needed:
                    phrases.append(part)
    return phrases


def text_nodes(page: str) -> list[str]:
    """The page's text between tags, each normalized (spoken attributes included)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    spoken = re.findall(r'(?:aria-label|placeholder|title|alt)="([^"]*)"', page)
    nodes = [*TAG.split(page), *spoken]
    return [n for n in (" ".join(html.unescape(n).split()) for n in nodes) if n]


def untranslated(page: str, catalog: list[Entry]) -> list[str]:
    """Catalog English showing on a page that should be in another language.

    A msgid without placeholders is a whole piece of the interface: it is found when a
    text node is that phrase or starts with it (so an English content record that merely
    contains the same words, like a planner note "Fee not in our data: ...", is not
    taken for it). A run cut out of a msgid with placeholders is looked for anywhere.
    """
    nodes = text_nodes(page)
    text = " ".join(nodes)
    found = []
    for entry in catalog:
        whole = not PLACEHOLDER.search(entry.msgid + (entry.msgid_plural or ""))
        for phrase in english_phrases(entry):
            if whole:
                hit = any(
                    node.strip(" .,:;()") == phrase
                    or re.match(re.escape(phrase) + r"[\s.,:;()]", node)
                    for node in nodes
                )
            else:
                hit = phrase in text
            if hit:
                found.append(phrase)
    return found
