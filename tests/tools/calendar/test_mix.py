"""Shares: largest remainder within one item, smooth interleaving, fewest changes."""

from __future__ import annotations

from collections import Counter

from tools.calendar.mix import apportion, apportion_near, assign, emphasise, interleave

MIX = {"awareness": 0.4, "consideration": 0.3, "conversion": 0.2, "retention": 0.1}


def test_apportion_is_within_one_item_and_sums_to_the_total() -> None:
    for total in range(0, 60):
        counts = apportion(MIX, total)
        assert sum(counts.values()) == total
        assert all(abs(counts[k] - MIX[k] * total) < 1 for k in MIX)


def test_apportion_near_keeps_counts_that_already_qualify() -> None:
    # quotas for 37 items: 14.8, 11.1, 7.4, 3.7
    assert apportion_near(
        MIX, 37, {"awareness": 15, "consideration": 11, "conversion": 8, "retention": 3}
    ) == {"awareness": 15, "consideration": 11, "conversion": 8, "retention": 3}
    assert apportion_near(MIX, 37, {}) == apportion(MIX, 37)
    moved = apportion_near(MIX, 37, {"awareness": 30, "consideration": 7})
    assert moved == {"awareness": 15, "consideration": 11, "conversion": 7, "retention": 4}


def test_interleave_spreads_labels() -> None:
    order = interleave({"a": 4, "b": 3, "c": 2, "d": 1})
    assert Counter(order) == {"a": 4, "b": 3, "c": 2, "d": 1}
    assert all(x != y for x, y in zip(order, order[1:], strict=False))


def test_assign_changes_the_fewest_labels_and_keeps_pins() -> None:
    current = ["a", "a", "a", "a", "b", "b", None, None]
    pinned = [True, False, False, False, False, False, False, False]
    result = assign(current, pinned, {"a": 2, "b": 3, "c": 3})
    assert Counter(result) == {"a": 2, "b": 3, "c": 3}
    assert result[0] == "a"  # pinned
    assert result[4:6] == ["b", "b"]  # already fine: untouched
    assert sum(x != y for x, y in zip(current, result, strict=True) if x) == 2


def test_emphasise_raises_one_share_by_twenty_points() -> None:
    heavier = emphasise(MIX, "conversion")
    assert heavier["conversion"] == 0.4
    assert round(sum(heavier.values()), 6) == 1
    assert heavier["awareness"] / heavier["retention"] == 4  # the others keep their ratio
