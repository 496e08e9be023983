"""Rows for the picture tests: mentions, documents and figure disputes made up to order."""

from datetime import UTC, datetime, timedelta

from flows.pictures.queries import Dispute, FigureSide, Mention

START = datetime(2025, 7, 14, 9, 0, tzinfo=UTC)


def mention(n: int, family: str, doc: str | None = None, days: float = 0.0,
            published: bool = True, text: str = "We will never forget this aid.",
            publisher: str | None = None, reason: str = "original") -> Mention:
    """Mention `n`, in document `doc` (default: the family's first) of `family`, seen `days`
    after START."""
    doc = doc or family
    return Mention(
        claim_id=f"claim{n}", doc_id=doc, family_id=family,
        seen_at=START + timedelta(days=days), published=published, publisher=publisher,
        title=f"Title of {doc}", source_uri=f"/inbox/{doc}.txt", text=text, speaker="Peskov",
        raw_start=10 * n, raw_end=10 * n + 5, reason=reason)


def many_mentions(n: int = 150, n_families: int = 30) -> list[Mention]:
    """n mentions over three weeks from n_families families; every third family has a second
    document (a near-copy), every fourth mention is dated by its ingest time."""
    out = []
    for k in range(n):
        family = f"fam{k % n_families:02d}"
        copy = (k // n_families) % 2 == 1 and (k % n_families) % 3 == 0
        out.append(mention(k, family, doc=f"{family}-copy" if copy else family,
                           days=(k * 7.3) % 21, published=k % 4 != 0,
                           publisher=f"Publisher {k % n_families}",
                           reason="near-copy of x (shared shingles 0.91)" if copy else "original"))
    return out


def side(claim: str, cluster: str, value: float, high: float | None = None,
         qualifier: str | None = None, text: str | None = None,
         claim_text: str = "Over 10,000 North Korean soldiers are fighting") -> FigureSide:
    """A claim's figure in a dispute."""
    return FigureSide(claim_id=claim, cluster_id=cluster, value=value, value_high=high,
                      qualifier=qualifier, figure_text=text or f"{value:,.0f}", unit="troops",
                      claim_text=claim_text, speaker=None, source_name=f"{claim}.txt")


def troops_dispute() -> Dispute:
    """Five claims about troops: a value, a range, two lower bounds and an upper bound."""
    return Dispute("people", "korean, north", (
        side("a", "c1", 12000, claim_text="Zelensky claimed that 12,000 troops were sent"),
        side("b", "c2", 10000, qualifier="over"),
        side("c", "c3", 10000, qualifier="more than"),
        side("d", "c4", 4000, 6000, text="4,000–6,000", qualifier="estimated"),
        side("e", "c5", 15000, qualifier="up to"),
    ))
