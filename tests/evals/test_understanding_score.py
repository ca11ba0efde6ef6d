"""The understanding scorer's comparison of free-text revision values."""

from evals.understanding.score import same_words


def test_same_meaning_in_other_words_is_the_same_value() -> None:
    assert same_words("multi-entity approval workflows", "multi-entity approvals")
    assert same_words(
        "sole traders and companies under 100 employees",
        "sole traders and anyone under 100 staff",
    )
    assert same_words(
        "100–500 employees, multi-entity, 800+ invoices a month, Xero or NetSuite",
        ["100-500 staff", "multi-entity", "800+ invoices/mo", "on xero or netsuite"],
    )


def test_a_different_instruction_is_not_the_same_value() -> None:
    assert not same_words("shorter sentences, no jargon", "less corporate")
    assert not same_words("multi-entity approvals", "OCR")
    assert not same_words("companies moving to NetSuite", "")
