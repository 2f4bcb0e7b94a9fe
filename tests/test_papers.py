"""The paper registry and claim ids."""

import pytest

from landscape.papers import CLAIM_KINDS, PAPERS, ClaimId, paper, parse_claim_id


def test_the_five_papers():
    assert list(PAPERS) == ["li2022benefit", "li2018overparameterized", "ding2019suboptimal",
                            "petzka2021nonattracting", "nguyen2017loss"]
    for key, p in PAPERS.items():
        assert p.key == key and p.title and p.authors and p.seed_file.endswith(".txt")
        assert str(p.year) in key and p.title in p.citation
    assert PAPERS["nguyen2017loss"].short == "Nguyen & Hein 2017"
    assert PAPERS["li2022benefit"].short == "Li et al. 2022"


@pytest.mark.parametrize(
    "text, parts",
    [
        ("li2022benefit/thm-6", ("li2022benefit", "thm", "6")),
        ("nguyen2017loss/thm-3.8", ("nguyen2017loss", "thm", "3.8")),
        ("petzka2021nonattracting/exp-5.4", ("petzka2021nonattracting", "exp", "5.4")),
        ("ding2019suboptimal/claim-2a", ("ding2019suboptimal", "claim", "2a")),
        ("li2018overparameterized/rmk-10", ("li2018overparameterized", "rmk", "10")),
        ("li2022benefit/ex-A", ("li2022benefit", "ex", "A")),  # the catalog's unnumbered examples
        ("li2022benefit/ex-A.1", ("li2022benefit", "ex", "A.1")),
        ("ding2019suboptimal/ex-A.2", ("ding2019suboptimal", "ex", "A.2")),
    ],
)
def test_valid_ids(text, parts):
    cid = parse_claim_id(text)
    assert (cid.paper, cid.kind, cid.number) == parts and str(cid) == text


@pytest.mark.parametrize("kind", CLAIM_KINDS)
def test_every_kind_parses_and_has_a_label(kind):
    assert parse_claim_id(f"li2022benefit/{kind}-1").label.endswith(" 1")


@pytest.mark.parametrize(
    "text, match",
    [
        ("nobody2020/thm-1", "unknown paper 'nobody2020'"),
        ("Li2022benefit/thm-1", "unknown paper"),
        ("li2022benefit/theorem-1", "bad kind 'theorem'"),
        ("li2022benefit/Thm-1", "bad kind 'Thm'"),
        ("li2022benefit/thm-", "bad number ''"),
        ("li2022benefit/thm-6.", "bad number '6.'"),
        ("li2022benefit/thm-6..1", "bad number"),
        ("li2022benefit/thm-a", "bad number 'a'"),
        ("li2022benefit/ex-AB", "bad number 'AB'"),
        ("li2022benefit/thm-6 ", "bad number"),
        ("li2022benefit/thm6", "expected '<kind>-<number>'"),
        ("li2022benefit-thm-6", "exactly one '/'"),
        ("li2022benefit/thm/6", "exactly one '/'"),
        (6, "expected a string"),
    ],
)
def test_invalid_ids_say_why(text, match):
    with pytest.raises(ValueError, match=match):
        parse_claim_id(text)


def test_sort_order_follows_registry_kind_and_number():
    ids = ["nguyen2017loss/thm-3.8", "li2022benefit/thm-10", "li2022benefit/thm-6", "li2022benefit/def-1",
           "li2022benefit/thm-6.1"]
    ordered = sorted((parse_claim_id(i) for i in ids), key=lambda c: c.sort_key)
    assert [str(c) for c in ordered] == ["li2022benefit/def-1", "li2022benefit/thm-6", "li2022benefit/thm-6.1",
                                         "li2022benefit/thm-10", "nguyen2017loss/thm-3.8"]
    assert ClaimId("li2022benefit", "thm", "6").label == "Theorem 6"


def test_paper_lookup():
    assert paper("li2022benefit").year == 2022
    with pytest.raises(ValueError, match="unknown paper key 'x'; known keys: li2022benefit"):
        paper("x")
