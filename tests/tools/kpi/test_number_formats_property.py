"""Generated exports — random locales (CLDR via babel), delimiters, encodings, title blocks,
footers and summary rows — import to exactly the totals they were generated from, or are
refused with a named reason. Never a different total."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from babel.numbers import format_decimal, get_decimal_symbol
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.stores.campaigns import CampaignStore
from tests.tools.kpi.conftest import store_sums
from tools.kpi.errors import AmbiguousDates, AmbiguousNumbers
from tools.kpi.importers import import_file

LOCALES = [
    "en_US",
    "en_GB",
    "de_DE",
    "fr_FR",
    "de_CH",
    "es_ES",
    "it_IT",
    "nl_NL",
    "sv_SE",
    "pl_PL",
    "pt_BR",
    "en_IN",
]
ROW = st.tuples(
    st.integers(1, 28),
    st.integers(0, 5_000_000),  # spend in cents
    st.integers(0, 3_000_000),  # impressions
    st.integers(0, 40_000),  # clicks
)


@st.composite
def exports(draw: st.DrawFn) -> tuple[bytes, str, list[tuple[int, int, int, int]]]:
    locale = draw(st.sampled_from(LOCALES))
    rows = draw(st.lists(ROW, min_size=1, max_size=12))
    comma = get_decimal_symbol(locale) == ","
    delimiter = ";" if comma and draw(st.booleans()) else draw(st.sampled_from([",", "\t"]))

    def money(cents: int) -> str:
        return format_decimal(cents / 100, format="#,##0.00", locale=locale)

    def count(n: int) -> str:
        return format_decimal(n, format="#,##0", locale=locale)

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    for i in range(draw(st.integers(0, 3))):
        writer.writerow([f"Campaign report {i}"])
    writer.writerow(["Day", "Campaign", "Impr.", "Clicks", "Cost"])
    for day, cents, impressions, clicks in rows:
        writer.writerow(
            [
                f"2024-05-{day:02d}",
                f"Campaign {day % 3}",
                count(impressions),
                count(clicks),
                money(cents),
            ]
        )
    if draw(st.booleans()):
        writer.writerow(
            [
                "Total",
                "",
                count(sum(r[2] for r in rows)),
                count(sum(r[3] for r in rows)),
                money(sum(r[1] for r in rows)),
            ]
        )
    if draw(st.booleans()):
        writer.writerow([])
        writer.writerow(["© 2024 Example Ltd. All rights reserved."])
    text = out.getvalue()
    encodings = ["utf-8", "utf-8-sig", "utf-16"]
    if all(ord(c) < 0x2000 for c in text):
        encodings.append("cp1252")
    return text.encode(draw(st.sampled_from(encodings))), locale, rows


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports())
def test_generated_exports_import_to_their_totals_or_a_named_refusal(
    export: tuple[bytes, str, list[tuple[int, int, int, int]]],
) -> None:
    data, locale, rows = export
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        path.write_bytes(data)
        ws = Path(folder) / "ws"
        try:
            import_file(ws, path)
        except (AmbiguousNumbers, AmbiguousDates) as refusal:
            assert "decimal" in refusal.detail or "date_format" in refusal.detail
            return
        try:
            sums = store_sums(ws)
        finally:
            CampaignStore(ws).close()
    assert sums["n"] == len(rows), locale
    assert sums["impressions"] == sum(r[2] for r in rows), locale
    assert sums["clicks"] == sum(r[3] for r in rows), locale
    assert abs(sums["spend"] - sum(r[1] for r in rows) / 100) < 0.005, locale
