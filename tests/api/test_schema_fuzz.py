"""The API against its own OpenAPI schema (schemathesis, real HTTP on loopback): for every
operation, generated requests never get a 5xx, and every response — status, content type,
headers, body — matches the schema, and requests without a valid key are refused. Examples per
operation are bounded (`CMO_FUZZ_EXAMPLES`, default 12) so the suite stays within its time.

One schemathesis check is left out: `positive_data_acceptance` expects a 2xx for any
schema-valid body, but some refusals depend on data no schema can state (a metric name that is
not defined, a calendar whose constraints cannot all hold, a file whose bytes are not a PDF);
those are 4xx with a message, which the other checks still hold to the schema."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.main import create_app
from core.settings import Settings
from tests.support.auth import TEST_HOSTS, admin_key, bearer
from tests.support.live_server import live_server

EXAMPLES = int(os.environ.get("CMO_FUZZ_EXAMPLES", "12"))
_SCHEMA_DIR = Path(tempfile.mkdtemp(prefix="cmo-schema-"))
RAW = create_app(Settings(data_dir=_SCHEMA_DIR, _env_file=None)).openapi()
schema = schemathesis.openapi.from_dict(RAW)


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory, _prepared_data: Path, embedder: Any
) -> Iterator[tuple[str, dict[str, str]]]:
    import shutil

    from core.stores.campaigns import close_all

    data_dir = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(_prepared_data, data_dir)
    config = Settings(
        data_dir=data_dir,
        allowed_hosts=TEST_HOSTS,
        rate_limit="100000/minute",
        rate_limit_unauthenticated="100000/minute",
        _env_file=None,
    )
    with live_server(create_app(config, embedder)) as base_url:
        yield base_url, bearer(admin_key(config))
    close_all()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_5xx_and_no_schema_violation(case: Any, live: tuple[str, dict[str, str]]) -> None:
    base_url, headers = live
    case.call_and_validate(
        base_url=base_url, headers=headers, excluded_checks=[positive_data_acceptance]
    )
