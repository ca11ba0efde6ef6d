# The two commands a newcomer needs: `make serve` and `make test`. Both install what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never

.PHONY: install serve test lint chat index bench eval clean

$(VENV)/.installed: uv.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv sync --frozen --quiet --python $(BIN)/python
	touch $@

install: $(VENV)/.installed

serve: install  ## index the playbooks, seed the demo workspace, serve on CMO_HOST:CMO_PORT
	$(BIN)/cmo serve

test: install lint  ## the whole test suite, offline, no key needed
	$(BIN)/pytest

lint: install  ## style, layers and import cycles, types (strict but for the ratchet in pyproject)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

chat: install
	$(BIN)/cmo chat

index: install
	$(BIN)/cmo index

eval: install  ## offline scorecard and understanding suite; fails below evals/thresholds.yaml
	$(BIN)/cmo eval --split all
	$(BIN)/cmo eval --suite understanding --split dev
	$(BIN)/cmo eval --suite understanding --split heldout

bench: install  ## every path against its raw primitive; writes evals/reports/bench.{json,md} and the README table
	$(BIN)/python -m evals.bench $(ARGS)

clean:
	rm -rf $(VENV) data .pytest_cache
