"""Load the cited seed content from `content/data/*.yaml` without overwriting editors' work.

Rule: every seeded record stores a fingerprint (SHA-256) of the seed values it was last
written from (its fields and relations). On each run, for each record in the data files:

- no record with that natural key  -> create it and store the fingerprint (``created``);
- its current values already equal the new seed values -> nothing to do (``unchanged``);
- its current values still match the stored fingerprint, i.e. nobody changed it since it
  was seeded -> write the new seed values and fingerprint (``updated``);
- otherwise an editor changed it -> leave it alone and report it (``kept``).

Running twice therefore changes nothing, and an editor's change survives every re-run.
Records an editor deletes are created again on the next run: unpublish instead of deleting.

Spanish: `content/data/es/<file>.yaml` holds only the Spanish wording of the text fields in
`content/translation.py`, keyed like the English file (slug, code, key, order or position) and
shaped like it; facts, figures, sources and dates stay in the English file, once (a source's
date as worded, `as_of_label`, is text people read: es/sources.yaml has its Spanish). The loader
writes the Spanish into each record's `<field>_es` as part of the same seed values, so the
fingerprint covers both languages: an editor's change in either language is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import models, transaction
from django.utils import translation

from content import models as m
from content import search, signals, versioning
from content.translation import TRANSLATED_FIELDS

DATA_DIR = Path(__file__).resolve().parent / "data"
SPANISH_DIR = "es"

# A license category in states.yaml lists only what differs from these.
CATEGORY_DEFAULTS: dict[str, Any] = {
    "kind": m.LicenseCategory.Kind.LICENSE,
    "summary": "",
    "steps": [],
    "fee_usd": None,
    "fee_as_of": "",
    "fee_verified": True,
    "renewal_cycle_years": None,
    "renewal_ce_hours": None,
    "renewal_notes": "",
    "board_name": "",
    "board_url": "",
    "accepted_certifications": [],
    "processing_note": "",
    "notes": "",
    "verified": True,
}


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        return (
            f"load_content: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.kept)} kept (changed by editors)"
        )


def _norm(model: type[models.Model], name: str, value: Any) -> Any:
    f = model._meta.get_field(name)
    if isinstance(f, models.ForeignKey):
        return value.pk if isinstance(value, models.Model) else value
    assert isinstance(f, models.Field), (
        f"{name} is a reverse relation, not a seeded field"
    )
    value = f.to_python(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _fingerprint(
    model: type[models.Model], values: dict[str, Any], relations: dict[str, list[int]]
) -> str:
    payload = {
        "fields": {k: _norm(model, k, v) for k, v in sorted(values.items())},
        "relations": {k: sorted(v) for k, v in sorted(relations.items())},
    }
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, default=str).encode()
    ).hexdigest()


BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "seed_fingerprint"})
CREATED = "Created by load_content"
UPDATED = "Updated by load_content"
UNPUBLISHED = "Unpublished by load_content: no longer in the data"


def _only_the_loader_wrote(obj: models.Model) -> bool:
    """Whether every recorded change to `obj` was the loader's own.

    A stored fingerprint stops matching not only when an editor changes a record but also when
    a migration adds a field (its default was never covered): without this, every record would
    look edited after such an upgrade and stay stale for good. The history tells them apart: an
    editor's change has a user (the admin) or at least no loader reason (a shell).
    """
    history = getattr(obj, "history", None)
    if history is None:
        return False
    return not history.exclude(
        history_user__isnull=True,
        history_change_reason__in=(CREATED, UPDATED, UNPUBLISHED),
    ).exists()


def _save(obj: m.ContentRecord, reason: str, rel_pks: dict[str, list[Any]]) -> None:
    """Validate and save a seeded record with its history reason, then its relations."""
    obj._change_reason = reason
    obj.full_clean(validate_unique=False, validate_constraints=False)
    obj.save()
    for name, pks in rel_pks.items():
        getattr(obj, name).set(pks)


def _seeded_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """Every field a seed record can set: the fingerprint covers all of them, so a data file
    that starts listing a field (with the value it already had) does not look like an edit."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in BOOKKEEPING
    ]


# Records keyed by slug whose data file can drop them: (model, file, list key).
DROPPABLE: list[tuple[type[m.ContentRecord], str, str]] = [
    (m.WorkSetting, "roles.yaml", "work_settings"),
    (m.Skill, "roles.yaml", "skills"),
    (m.EducationPathway, "education.yaml", "pathways"),
    (m.Coursework, "education.yaml", "coursework"),
    (m.OutlookFigure, "outlook.yaml", "figures"),
    (m.ProgramFact, "programs.yaml", "facts"),
    (m.FAQ, "faqs.yaml", "faqs"),
    (m.Guide, "guides.yaml", "guides"),
]


def _identity(item: dict[str, Any], position: int) -> str:
    for key in ("slug", "code", "key", "order"):
        if key in item:
            return str(item[key])
    return str(position)


def merge_spanish(english: Any, spanish: Any, where: str) -> None:
    """Write the Spanish wording into the English data as `<field>_es` keys, in place.

    Where the English has a list of records, the Spanish has a mapping from each record's
    identity (slug, code, key, order, or 1-based position) to its Spanish fields. A Spanish list
    of lines becomes one text with a line each, as the loader does for the English. Spanish for
    a record the English no longer lists is skipped (dropping a record is an English edit); a
    Spanish field the English record lacks is an error, since it would never show.
    """
    if not isinstance(spanish, dict):
        raise ValueError(f"{where}: expected a mapping in the Spanish data")
    for key, value in spanish.items():
        target = english.get(key) if isinstance(english, dict) else None
        if isinstance(value, dict) and isinstance(target, list):
            records = {
                _identity(item, n): item for n, item in enumerate(target, start=1)
            }
            for ident, fields in value.items():
                record = records.get(str(ident))
                if record is not None:
                    merge_spanish(record, fields, f"{where} {key} {ident}")
        elif isinstance(value, dict) and isinstance(target, dict):
            merge_spanish(target, value, f"{where} {key}")
        elif target is None and key not in english:
            raise ValueError(f"{where}: no English field {key!r}")
        else:
            english[f"{key}_es"] = (
                "\n".join(value) if isinstance(value, list) else value
            )


def _with_languages(
    model: type[models.Model], values: dict[str, Any]
) -> dict[str, Any]:
    """The seed values with each translated field's English and Spanish columns spelt out.

    Every Spanish column is listed (empty when the data has none) so that Spanish removed from
    the data is removed from the record too, like any other seed value.
    """
    fields = TRANSLATED_FIELDS.get(model)
    if not fields:
        return values
    values = dict(values)
    for name in fields:
        if name in values:
            values[f"{name}_en"] = values[name]
        values.setdefault(f"{name}_es", None)
    return values


class Loader:
    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        self.data_dir = data_dir
        self.report = LoadReport()

    def _slugs(self, name: str, key: str) -> set[str]:
        return {item["slug"] for item in self.read(name)[key]}

    def read(self, name: str) -> dict[str, Any]:
        with (self.data_dir / name).open(encoding="utf-8") as fh:
            data: dict[str, Any] = yaml.safe_load(fh)
        spanish = self.data_dir / SPANISH_DIR / name
        if spanish.exists():
            with spanish.open(encoding="utf-8") as fh:
                merge_spanish(data, yaml.safe_load(fh) or {}, name)
        return data

    def upsert[M: m.ContentRecord](
        self,
        model: type[M],
        lookup: dict[str, Any],
        values: dict[str, Any],
        relations: dict[str, list[models.Model]] | None = None,
    ) -> M:
        # `last_reviewed` comes only from the data (the date a fact was checked against its
        # source); loading is not a review, so a record without one stays "never checked".
        values = {
            "status": m.PublishStatus.PUBLISHED,
            **{
                k: Decimal(str(v)) if isinstance(v, float) else v
                for k, v in values.items()
            },
        }
        values = _with_languages(model, values)
        rel_pks = {k: [o.pk for o in v] for k, v in (relations or {}).items()}
        given = {**lookup, **values}
        fields = _seeded_fields(model)
        full = {
            f.name: given[f.name] if f.name in given else f.get_default()
            for f in fields
        }
        new_fp = _fingerprint(model, full, rel_pks)
        obj = model._default_manager.filter(**lookup).first()
        label = f"{model._meta.verbose_name}: {lookup}"
        if obj is None:
            obj = model(**lookup, **values, seed_fingerprint=new_fp)
            _save(obj, CREATED, rel_pks)
            self.report.created += 1
            return obj
        current = {f.name: getattr(obj, f.attname) for f in fields}
        current_rel = {
            k: list(getattr(obj, k).values_list("pk", flat=True)) for k in rel_pks
        }
        current_fp = _fingerprint(model, current, current_rel)
        # Fingerprints written before every field was covered hashed only the listed keys.
        legacy_fp = _fingerprint(
            model, {k: current[k] for k in given if k in current}, current_rel
        )
        stored = obj.seed_fingerprint
        if current_fp == new_fp:
            if stored != new_fp:
                model._default_manager.filter(pk=obj.pk).update(seed_fingerprint=new_fp)
            self.report.unchanged += 1
        elif stored in (current_fp, legacy_fp) or _only_the_loader_wrote(obj):
            for k, v in values.items():
                setattr(obj, k, v)
            obj.seed_fingerprint = new_fp
            _save(obj, UPDATED, rel_pks)
            self.report.updated += 1
        else:
            self.report.kept.append(label)
        return obj

    def load(self) -> LoadReport:
        # The English data fills the `_en` fields: reading and writing a translated field goes
        # to the active language's column, so it must be English here whatever the caller's is.
        with translation.override("en"), transaction.atomic(), signals.suspended():
            self._load_all()
            for model, name, key in DROPPABLE:
                self._unpublish_dropped(model, "slug", self._slugs(name, key))
            if self.report.changed:
                search.rebuild_index()
                versioning.bump()
        return self.report

    def requirements(
        self,
        model: type[m.RouteRequirement] | type[m.LicenseRequirement],
        parent: dict[str, Any],
        items: list[dict[str, Any]],
        parent_rel: dict[str, list[models.Model]],
        parent_verified: bool = True,
    ) -> None:
        """Upsert a route's or licence category's requirement rows, keyed by their order.

        A row without its own `sources` cites its parent's, and is then no more confirmed
        than its parent (`parent_verified`); otherwise `verified` defaults to true.
        """
        for order, item in enumerate(items, start=1):
            item = dict(item)
            keys = item.pop("sources", None)
            rel = {"sources": self._sources(keys)} if keys else dict(parent_rel)
            if not keys and not parent_verified:
                item.setdefault("verified", False)
            self.upsert(model, {**parent, "order": order}, item, rel)
        # A row the data no longer lists is unpublished (never deleted), unless an editor
        # changed it since it was seeded.
        for extra in model._default_manager.filter(
            **parent, order__gt=len(items), status=m.PublishStatus.PUBLISHED
        ).exclude(seed_fingerprint=""):
            fields = _seeded_fields(model)
            current = {f.name: getattr(extra, f.attname) for f in fields}
            rels = {"sources": list(extra.sources.values_list("pk", flat=True))}
            if _fingerprint(
                model, current, rels
            ) == extra.seed_fingerprint or _only_the_loader_wrote(extra):
                extra.status = m.PublishStatus.DRAFT
                extra._change_reason = UNPUBLISHED
                extra.save(update_fields=["status", "updated_at"])
                self.report.updated += 1

    def license_categories(
        self,
        state: m.StateLicensure,
        items: list[dict[str, Any]],
        roles: dict[str, m.Role],
    ) -> None:
        """Upsert a state's license categories (keyed by slug, ordered as listed) and their rows.

        Keys left out of a category take CATEGORY_DEFAULTS, so removing one resets the field.
        """
        for order, item in enumerate(items, start=1):
            values = {**CATEGORY_DEFAULTS, **item, "order": order}
            rel: dict[str, list[models.Model]] = {
                "sources": self._sources(values.pop("sources")),
                "roles": [roles[slug] for slug in values.pop("roles")],
            }
            requirement_items = values.pop("requirements", [])
            values["steps"] = "\n".join(values["steps"])
            values["accepted_certifications"] = "\n".join(
                values["accepted_certifications"]
            )
            category = self.upsert(
                m.LicenseCategory,
                {"state": state, "slug": values.pop("slug")},
                values,
                rel,
            )
            self.requirements(
                m.LicenseRequirement,
                {"category": category},
                requirement_items,
                {"sources": rel["sources"]},
                parent_verified=category.verified,
            )

    def _unpublish_dropped(
        self, model: type[m.ContentRecord], field: str, keep: set[str]
    ) -> None:
        """A seeded record the data no longer lists (the marketing article, a fact only it
        backed, a figure superseded by a dated one) is unpublished, never deleted, unless an
        editor changed it since it was seeded."""
        fields = _seeded_fields(model)
        stale = (
            model._default_manager.filter(status=m.PublishStatus.PUBLISHED)
            .exclude(**{f"{field}__in": keep})
            .exclude(seed_fingerprint="")
        )
        for record in stale:
            current = {f.name: getattr(record, f.attname) for f in fields}
            # The relations the loader sets on these models (pathways also link accreditors).
            relations = {
                f.name: list(getattr(record, f.name).values_list("pk", flat=True))
                for f in model._meta.many_to_many
                if f.name in ("sources", "accreditors")
            }
            if (
                _fingerprint(model, current, relations) == record.seed_fingerprint
                or _fingerprint(model, current, {}) == record.seed_fingerprint
                or _only_the_loader_wrote(record)
            ):
                record.status = m.PublishStatus.DRAFT
                record._change_reason = UNPUBLISHED
                record.save(update_fields=["status", "updated_at"])
                self.report.updated += 1

    def _sources(self, keys: list[str]) -> list[models.Model]:
        return [self.sources[k] for k in keys]

    def _load_all(self) -> None:
        self.sources: dict[str, m.Source] = {}
        for s in self.read("sources.yaml")["sources"]:
            key = s.pop("key")
            self.sources[key] = self.upsert(m.Source, {"key": key}, s)
        self._unpublish_dropped(m.Source, "key", set(self.sources))

        def cited(rec: dict[str, Any]) -> dict[str, list[models.Model]]:
            return {"sources": self._sources(rec.pop("sources"))}

        def upsert_by_slug[M: m.ContentRecord](
            model: type[M], records: list[dict[str, Any]], *, numbered: bool = False
        ) -> dict[str, M]:
            """Cited, slugged records, by slug; `numbered`: ordered as in the file."""
            loaded = {}
            for order, record in enumerate(records, start=1):
                rel = cited(record)
                slug = record.pop("slug")
                values = {**record, "order": order} if numbered else record
                loaded[slug] = self.upsert(model, {"slug": slug}, values, rel)
            return loaded

        roles_data = self.read("roles.yaml")
        settings = upsert_by_slug(
            m.WorkSetting, roles_data["work_settings"], numbered=True
        )
        skills = upsert_by_slug(m.Skill, roles_data["skills"], numbered=True)
        roles: dict[str, m.Role] = {}
        # A role is loaded after every role it advances to (the ladder has no cycles).
        pending = list(roles_data["roles"])
        ordered: list[dict[str, Any]] = []
        while pending:
            done = {r["slug"] for r in ordered}
            ready = [r for r in pending if set(r["advances_to"]) <= done]
            if not ready:
                raise ValueError(
                    "roles.yaml: advances_to has a cycle or an unknown role"
                )
            ordered += ready
            pending = [r for r in pending if r not in ready]
        builds_on: dict[str, list[str]] = {}
        for r in ordered:
            rel = cited(r)
            builds_on[r["slug"]] = r.pop("builds_on", [])
            rel["advances_to"] = [roles[s] for s in r.pop("advances_to")]
            rel["work_settings"] = [settings[s] for s in r.pop("work_settings")]
            rel["skills"] = [skills[s] for s in r.pop("skills")]
            r["duties"] = "\n".join(r["duties"])
            slug = r.pop("slug")
            roles[slug] = self.upsert(m.Role, {"slug": slug}, r, rel)
        # builds_on points down the ladder while advances_to points up, so it is set once every
        # role exists, and only while it is empty: an editor's later choice is never overwritten.
        for slug, below in builds_on.items():
            role = roles[slug]
            if below and not role.builds_on.exists():
                role.builds_on.set([roles[s] for s in below])

        edu = self.read("education.yaml")
        accreditors = {}
        for a in edu["accrediting_bodies"]:
            rel = cited(a)
            a["accredits"] = "\n".join(a["accredits"])
            a["facts"] = "\n".join(a["facts"])
            slug = a.pop("slug")
            accreditors[slug] = self.upsert(m.AccreditingBody, {"slug": slug}, a, rel)
        for i, p in enumerate(edu["pathways"]):
            rel = cited(p)
            rel["accreditors"] = [accreditors[s] for s in p.pop("accreditors")]
            self.upsert(
                m.EducationPathway, {"slug": p.pop("slug")}, {**p, "order": i + 1}, rel
            )
        upsert_by_slug(m.Coursework, edu["coursework"], numbered=True)
        upsert_by_slug(m.ClinicalRotation, edu["clinical_rotations"], numbered=True)

        certs_data = self.read("certifications.yaml")
        bodies = {}
        for b in certs_data["certifying_bodies"]:
            rel = cited(b)
            slug = b.pop("slug")
            bodies[slug] = self.upsert(m.CertifyingBody, {"slug": slug}, b, rel)
        certs: dict[str, m.Certification] = {}
        routes = []
        for c in certs_data["certifications"]:
            rel = cited(c)
            routes.append((c["slug"], c.pop("routes")))
            c["body"] = bodies[c["body"]]
            c["role"] = roles[c["role"]]
            c["exam_content_areas"] = "\n".join(c["exam_content_areas"])
            slug = c.pop("slug")
            certs[slug] = self.upsert(m.Certification, {"slug": slug}, c, rel)
        for slug, cert_routes in routes:
            for r in cert_routes:
                rel = cited(r)
                items = r.pop("requirement_items", [])
                route = self.upsert(
                    m.EligibilityRoute,
                    {"certification": certs[slug], "code": r.pop("code")},
                    r,
                    rel,
                )
                self.requirements(
                    m.RouteRequirement,
                    {"route": route},
                    items,
                    rel,
                    parent_verified=route.verified,
                )

        for s in self.read("states.yaml")["states"]:
            rel = cited(s)
            steps = s.pop("steps")
            categories = s.pop("categories", [])
            s["license_levels"] = "\n".join(s["license_levels"])
            state = self.upsert(m.StateLicensure, {"code": s.pop("code")}, s, rel)
            for step in steps:
                self.upsert(
                    m.LicenseStep,
                    {"state": state, "order": step.pop("order")},
                    step,
                    {"sources": rel["sources"]},
                )
            self.license_categories(state, categories, roles)

        upsert_by_slug(m.OutlookFigure, self.read("outlook.yaml")["figures"])
        upsert_by_slug(m.ProgramFact, self.read("programs.yaml")["facts"])
        upsert_by_slug(m.FAQ, self.read("faqs.yaml")["faqs"])
        upsert_by_slug(m.Guide, self.read("guides.yaml")["guides"])


def load_content(*, data_dir: Path = DATA_DIR) -> LoadReport:
    """Create or update seeded content (see the module docstring for the rule)."""
    return Loader(data_dir).load()
