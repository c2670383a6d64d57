# Two commands on a fresh machine: `make serve` and `make test`.
# Both set everything up on first use: a virtual environment in .venv with the pinned packages
# from requirements.lock, Graphviz's `dot` and Debian's Chromium for the browser tests (each
# installed with apt when it is missing and we can, else a message says how).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Test-only: PyTorch (CPU build), the judge of lstm_ref's PyTorch layout. Only `make test` installs
# it, from its own hashed lock; `make serve` and `make build` never do (tests/test_torch_install.py
# checks). pip takes the wheel from TORCH_WHEELS, a folder or page of wheels that holds
# torch 2.13.0+cpu for this Python (on this project's machines it is on disk in /opt/wheels).
TORCH_STAMP := $(VENV)/.torch-installed
TORCH_WHEELS ?= /opt/wheels
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
.PHONY: help setup serve build test bench lock clean system-deps

help: ## List the targets.
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: $(STAMP) system-deps ## Create .venv with the pinned packages and check for Graphviz.

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
	  { echo "error: Python 3.10 or newer is needed as '$(PYTHON)' (set PYTHON=/path/to/python3)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

system-deps: ## Install Graphviz and Chromium when missing (apt), or say how.
	@.ci/ensure-tool dot graphviz "https://graphviz.org/download/"
	@.ci/ensure-tool chromium chromium "https://www.chromium.org/getting-involved/download-chromium/"

serve: setup ## Serve the site with live reload at http://127.0.0.1:8000/keras-lstm-shapes/.
	MKDOCS_JUPYTER_CACHE=true $(BIN)/mkdocs serve

build: setup ## Build the site into site/ with --strict (any warning fails).
	$(BIN)/mkdocs build --strict

test: setup $(TORCH_STAMP) ## Run every check: unit tests against Keras and PyTorch, doctests, CLI, strict build.
	$(BIN)/python -m pytest

bench: setup node_modules/.installed ## Print build times, page weights and Lighthouse scores (needs npm).
	$(BIN)/python -m bench

# Lighthouse for `make bench` only, exactly as package-lock.json pins it. package.json's
# `overrides` pin two of its dependencies that ask for "latest", so that `npm ci` accepts the lock.
node_modules/.installed: package.json package-lock.json
	@.ci/ensure-tool npm npm "https://nodejs.org/en/download"
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lock: $(STAMP) ## Re-resolve requirements.lock and requirements-torch.lock (needs access to PyPI).
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/python -m uv pip compile pyproject.toml --extra docs --extra test \
	  --python-version 3.11 --generate-hashes -o requirements.lock
	$(BIN)/python -m uv pip compile requirements-torch.in --constraint requirements.lock \
	  --find-links $(TORCH_WHEELS) --python-version 3.11 --generate-hashes -o requirements-torch.lock

$(TORCH_STAMP): requirements-torch.lock $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
	  --find-links $(TORCH_WHEELS) -r requirements-torch.lock
	@touch $@

clean: ## Remove the built site and caches (keeps .venv).
	rm -rf site .pytest_cache .hypothesis
