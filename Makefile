# The README's two commands are `make report` and `make test`; both create the virtual
# environment on first use. torch is installed first and pinned, so that the CPU wheel is
# used and no CUDA packages are pulled in.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
WORKERS ?= 2

.PHONY: setup report test bench clean-reports

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[flint]'
	touch $@

# Main job: speed/memory benchmarks, then every claim and reproduction -> reports/.
report: setup
	$(BIN)/python -m benchmarks --out reports/benchmarks.json
	$(BIN)/python -m landscape report --workers $(WORKERS)

# Tests: engine unit tests, strategy and plugin meta-tests, claims and reproductions, in parallel.
test: setup
	$(BIN)/python -m pytest -n $(WORKERS)

bench: setup
	$(BIN)/python -m benchmarks --out reports/benchmarks.json --suite

clean-reports:
	find reports -mindepth 1 ! -name README.md -exec rm -rf {} +
