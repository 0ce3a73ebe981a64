"""Resolution of list entries against the store uses complicity.names: the same normalised
organisation name merges, a similar one (also across scripts, through a stored entity's bilingual
names) becomes a review item, and a person is never merged on a name."""

from __future__ import annotations

from pathlib import Path

from complicity.model import Batch, Entity, Name
from complicity.sources.lists.base import ListBatch
from complicity.sources.lists.resolve import name_key, resolve
from complicity.store import open_store


def stored(tmp_path: Path, *entities: Entity) -> object:
    store = open_store(tmp_path / "s.db")
    store.write(Batch(entities=list(entities)), label="test")
    return store


def org(eid: str, *names: str, kind: str = "company") -> Entity:
    return Entity(eid, kind, names=[Name(n) for n in names])


def test_name_key_is_the_normalisers() -> None:
    assert name_key("Hikvision Digital Technology Co., Ltd.") == name_key(
        "HIKVISION DIGITAL TECHNOLOGY COMPANY LIMITED"
    )
    assert name_key("浙江大華技術股份有限公司") == name_key("浙江大华技术股份有限公司")
    assert name_key("Example Holding GmbH") != name_key("Example Holding AG")
    assert name_key("海康威视数字技术(香港)有限公司") != name_key("海康威视数字技术有限公司")
    assert name_key("!!!") == ""


def test_same_normalised_name_merges_similar_goes_to_review(tmp_path: Path) -> None:
    store = stored(
        tmp_path,
        org(
            "hik",
            "Hangzhou Hikvision Digital Technology Co., Ltd.",
            "杭州海康威视数字技术股份有限公司",
        ),
        org("acme", "Acme Widgets Holding GmbH"),
    )
    batch = ListBatch(
        entities=[
            org("new-1", "HANGZHOU HIKVISION DIGITAL TECHNOLOGY COMPANY LIMITED"),
            org("new-2", "海康威視"),  # Chinese only: found through the stored entity's names
            org("new-3", "ACME WIDGET HOLDING GMBH"),  # similar, not the same normalised name
        ]
    )
    res = resolve(batch, store)  # type: ignore[arg-type]
    assert res.merged_store == {"new-1": ("hik", "name")}
    assert sorted(res.new) == ["new-2", "new-3"]
    review = {(r.entity, r.candidate) for r in res.review}
    assert ("new-2", "hik") in review
    hik = next(r for r in res.review if r.entity == "new-2")
    assert "杭州海康威视数字技术股份有限公司" in hik.candidate_names and hik.score >= 0.85
    assert ("new-3", "acme") in review


def test_people_are_never_merged_or_reviewed_on_a_name(tmp_path: Path) -> None:
    store = stored(tmp_path, org("p1", "Li Shili", kind="person"))
    batch = ListBatch(entities=[org("p2", "LI SHILI", kind="person")])
    res = resolve(batch, store)  # type: ignore[arg-type]
    assert res.new == ["p2"] and not res.merged_store and not res.review
