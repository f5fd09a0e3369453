"""Property-based API test: schemathesis generates valid and invalid requests from
the OpenAPI schema of a running `serve`; every answer must be documented or a 4xx,
never a 5xx, and match its documented schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.serve_process import start_serve


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    s = start_serve(tmp_path_factory.mktemp("schemathesis") / "data", token="st-token")
    yield s
    assert s.stop() == 0
    # A 5xx would have logged its traceback: none may have happened.
    assert "Traceback" not in s.log_text(), s.log_text()[-3000:]


def _check(case, served) -> None:
    # infer=True would run the bundled LLM on random text: slow, and the
    # extraction path is tested elsewhere. Everything else is generated.
    if isinstance(case.body, dict) and "messages" in case.body:
        case.body["infer"] = False
    response = case.call(base_url=served.url, headers=served.headers(), timeout=60)
    status = response.status_code
    assert status < 500, f"{case.method} {case.path} -> {status}: {response.text[:500]}"
    documented = {str(code) for code in case.operation.responses.status_codes}
    assert str(status) in documented or 400 <= status < 500, (status, documented)
    assert "Traceback" not in response.text
    if str(status) in documented:
        case.validate_response(
            response, checks=[response_schema_conformance, content_type_conformance]
        )


def test_every_answer_is_documented_or_4xx(served):
    schema = schemathesis.openapi.from_url(f"{served.url}/openapi.json", headers=served.headers())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    seen = 0
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=5,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
                database=None,
            )
            def run(case) -> None:
                nonlocal seen
                _check(case, served)
                seen += 1

            try:
                run()
            except Unsatisfiable:
                # No invalid request exists for an operation without inputs.
                assert mode is GenerationMode.NEGATIVE, operation.label
    assert seen >= 100
