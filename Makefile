# Two commands do all set-up: `make demo` and `make test`. Both create .venv when missing.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck bench eval install install-lac clean

$(STAMP): pyproject.toml setup.py src/complicity/names/_native.c
	@test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# Optional Chinese NER model (Baidu LAC, model shipped in its sdist, ~650 MB with paddle). Its sdist
# needs setuptools<81 and no build isolation, which a pyproject extra cannot express.
install-lac: $(STAMP)
	$(BIN)/python -m pip install -q paddlepaddle==2.6.2 'setuptools<81' wheel
	$(BIN)/python -m pip install -q --no-build-isolation lac==2.1.2

demo: $(STAMP)
	$(BIN)/complicity demo

lint: $(STAMP)
	$(BIN)/ruff check setup.py src tests benchmarks tools
	$(BIN)/ruff format --check setup.py src tests benchmarks tools

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest -q

# The matcher benchmark compares against OpenSanctions' nomenklatura in the same run; it lives in
# its own venv so it never becomes a dependency of complicity.
BASELINE := benchmarks/.cache/baseline-venv
$(BASELINE)/.installed:
	@test -x $(BASELINE)/bin/python || $(PY) -m venv $(BASELINE) || python3 -m venv $(BASELINE)
	$(BASELINE)/bin/python -m pip install -q --upgrade pip
	$(BASELINE)/bin/python -m pip install -q 'nomenklatura==4.17.4'
	@touch $@

bench: $(STAMP) $(BASELINE)/.installed
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	$(BIN)/python -m benchmarks

eval: $(STAMP)
	$(BIN)/complicity eval

clean:
	rm -rf $(VENV) complicity.db .complicity.db.cache report
