# Two commands on a fresh machine: `make serve` and `make test`.
# Both set everything up on first use, and say what they install before they do: a virtual
# environment in .venv with the pinned packages from requirements.lock and Graphviz's `dot`;
# `make test` adds PyTorch's CPU build and Debian's Chromium for the browser tests (each system
# tool installed with apt when it is missing and we can, else a message says how).

PYTHON ?= python3
# The Python versions the project supports (pyproject's requires-python says the same, and both
# locks cover each one: tests/test_locks.py).
SUPPORTED_PYTHONS := 3.11 3.12 3.13
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_INSTALL := $(BIN)/python -m pip install --disable-pip-version-check --progress-bar on
# Test-only: PyTorch (CPU build), the judge of lstm_ref's PyTorch layout. Only `make test`
# installs it, from its own hashed lock; `make serve` and `make build` never do
# (tests/test_torch_install.py checks). The wheel comes from PyTorch's CPU wheel index, or from
# TORCH_WHEELS, a folder of wheels, when one is given (this project's machines have /opt/wheels
# and cannot reach the index).
TORCH_STAMP := $(VENV)/.torch-installed
TORCH_INDEX := https://download.pytorch.org/whl/cpu
TORCH_WHEELS ?= $(if $(wildcard /opt/wheels/torch-*.whl),/opt/wheels)
TORCH_SOURCE = $(if $(TORCH_WHEELS),--find-links $(TORCH_WHEELS),--index-url $(TORCH_INDEX) --extra-index-url https://pypi.org/simple)
# Builds are reproducible: page metadata such as the sitemap takes its date from the last commit.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
# TensorFlow's start-up chatter is noise in build and test logs; oneDNN's reordered float
# arithmetic would make printed numbers vary between machines.
export TF_CPP_MIN_LOG_LEVEL ?= 3
export TF_ENABLE_ONEDNN_OPTS ?= 0
export KERAS_BACKEND ?= tensorflow
# Material for MkDocs prints an end-of-life banner on every build; it is not about this site.
export NO_MKDOCS_2_WARNING ?= 1
export DISABLE_MKDOCS_2_WARNING ?= true
export PYTHONHASHSEED ?= 0

.DEFAULT_GOAL := help
.PHONY: help setup serve build test bench lock clean system-deps browser-deps

help: ## List the targets.
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: $(STAMP) system-deps ## Create .venv with the pinned packages and check for Graphviz.

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' || \
	  { echo "error: Python 3.11, 3.12 or 3.13 is needed as '$(PYTHON)' (set PYTHON=/path/to/python3)." >&2; exit 1; }
	@echo "Setting up .venv: $$(grep -c '^[A-Za-z0-9]' requirements.lock) packages pinned in requirements.lock,"
	@echo "about 750 MB to download (TensorFlow alone is 570 MB) and 2.6 GB on disk;"
	@echo "3 to 10 minutes, depending on the connection. Later runs reuse it."
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --require-hashes -r requirements.lock
	$(PIP_INSTALL) --quiet --no-deps --no-build-isolation -e .
	@touch $@

system-deps: ## Install Graphviz when missing (apt), or say how.
	@.ci/ensure-tool dot graphviz "https://graphviz.org/download/" "the figures, about 10 MB"

browser-deps: ## Install Chromium when missing (apt), or say how: only the tests and the bench need it.
	@.ci/ensure-tool chromium chromium "https://www.chromium.org/getting-involved/download-chromium/" \
	  "the browser tests, about 100 MB to download"

# Under `make serve` an executed block's output is reused while its source, the page's earlier
# blocks, lstm_ref, diagrams and the installed versions are the same (docs/plugins/exec_cache.py);
# `make build`, `make test` and CI run every block.
serve: setup ## Serve the site with live reload at http://127.0.0.1:8000/keras-lstm-shapes/.
	MKDOCS_JUPYTER_CACHE=true MKDOCS_EXEC_CACHE=.cache/markdown-exec $(BIN)/mkdocs serve

build: setup ## Build the site into site/ with --strict (any warning fails).
	$(BIN)/mkdocs build --strict

test: setup $(TORCH_STAMP) browser-deps ## Run every check: unit tests against Keras and PyTorch, doctests, CLI, strict build.
	$(BIN)/python -m pytest

bench: setup browser-deps node_modules/.installed ## Print build times, page weights and Lighthouse scores against their targets (needs npm).
	$(BIN)/python -m bench

# Lighthouse for `make bench` only, exactly as package-lock.json pins it. package.json's
# `overrides` pin two of its dependencies that ask for "latest", so that `npm ci` accepts the lock.
node_modules/.installed: package.json package-lock.json
	@.ci/ensure-tool npm npm "https://nodejs.org/en/download"
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Both locks are universal: one file for every supported Python (and platform), with markers
# where they differ. The torch lock takes torch from the CPU wheel index (hashes of every
# wheel, from the index's metadata) unless TORCH_WHEELS names a folder.
lock: $(STAMP) ## Re-resolve requirements.lock and requirements-torch.lock (needs access to PyPI).
	$(PIP_INSTALL) --quiet uv
	$(BIN)/python -m uv pip compile pyproject.toml --extra docs --extra test --universal \
	  --python-version $(firstword $(SUPPORTED_PYTHONS)) --generate-hashes -o requirements.lock
	$(BIN)/python -m uv pip compile requirements-torch.in --constraint requirements.lock --universal \
	  $(TORCH_SOURCE) --index-strategy unsafe-best-match \
	  --python-version $(firstword $(SUPPORTED_PYTHONS)) --generate-hashes -o requirements-torch.lock
	$(BIN)/python .ci/torch-wheels requirements-torch.lock $(if $(TORCH_WHEELS),$(TORCH_WHEELS),$(TORCH_INDEX))

$(TORCH_STAMP): requirements-torch.lock $(STAMP)
	@echo "Installing PyTorch's CPU build for the tests (about 200 MB to download, 0.9 GB on disk)"
	@echo "from $(if $(TORCH_WHEELS),$(TORCH_WHEELS),$(TORCH_INDEX))..."
	$(PIP_INSTALL) --require-hashes $(TORCH_SOURCE) -r requirements-torch.lock
	@touch $@

clean: ## Remove the built site and caches (keeps .venv).
	rm -rf site .cache .pytest_cache .hypothesis
