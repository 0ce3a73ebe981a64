"""Small hand-written facts for tests (not from any article): two companies, a joint venture."""

from __future__ import annotations

from complicity.model import Batch, Document, Entity, Evidence, Name, Relation

TEXT = "甲公司出资735万元，占股49%；乙公司占股51%。Alpha Ltd holds 49% of the venture."


def jv_batch() -> Batch:
    doc = Document.from_text(
        TEXT, title="Test announcement", url="https://example.org/a", published="2018-08"
    )
    alpha = Entity(
        "alpha", "company", [Name("甲公司", "zh", "short"), Name("Alpha Ltd", "en", "legal")]
    )
    beta = Entity(
        "beta", "company", [Name("乙公司", "zh", "short"), Name("Beta Co", "en", "legal")]
    )
    venture = Entity(
        "venture",
        "company",
        [Name("合资科技有限公司", "zh", "legal"), Name("合資科技", "zh", "short")],
    )
    q1 = "甲公司出资735万元，占股49%"
    q2 = "乙公司占股51%"
    start2 = TEXT.index(q2)
    rels = [
        Relation("ownership", "alpha", "venture", {"percent": 49, "amount": 7350000, "currency": "CNY"},
                 start="2018-08", evidence=[Evidence(doc.id, q1, 0, len(q1), "test")]),
        Relation("ownership", "beta", "venture", {"percent": 51}, start="2018-08", end="2019-04",
                 evidence=[Evidence(doc.id, q2, start2, start2 + len(q2), "test")]),
    ]  # fmt: skip
    return Batch(entities=[alpha, beta, venture], relations=rels, documents=[doc])
