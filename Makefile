# Two commands do everything on a fresh machine with Python 3.11 and npm (see README.md):
#   make book   builds the course into _build/html
#   make test   runs every test, the book build and the browser tests included
# Both create the virtual environment with the pinned dependencies first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# Inputs that Sphinx's incremental build and the execution cache cannot see (both key on a
# page's own source): when one changes, the next `make book` starts from a clean _build.
BUILD_INPUTS := $(wildcard _config.yml _toc.yml data/*.csv chapters/*.yml exercises/*.yml \
                           upphandlingskurs/*.py upphandlingskurs/*/*.py upphandlingskurs/*.json upphandlingskurs/static/* \
                           _static/* _templates/* _ext/*.py _ext/snowball/* locale/sv/LC_MESSAGES/*.po)

.PHONY: book book-workshop workshop workshop-sidor pdf chromium datacheck test venv clean benchmark requirements lab

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Kursen kräver Python 3.11 (hittade " + sys.version.split()[0] + "). Ange en annan med make PYTHON=...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# axe-core for the accessibility tests, at the version pinned in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

# A trainer's own data folder (UPPHANDLINGSKURS_DATA) is an input too: its files, and which
# folder it is (recorded in _build/.datadir, rewritten only when the folder changes).
# A relative UPPHANDLINGSKURS_DATA is taken from the folder make runs in, and made absolute for every
# command below: the check and the build then read the same folder, also in the pages' kernels,
# which run in the pages' folders.
ifneq ($(strip $(UPPHANDLINGSKURS_DATA)),)
override UPPHANDLINGSKURS_DATA := $(abspath $(UPPHANDLINGSKURS_DATA))
export UPPHANDLINGSKURS_DATA
endif
DATA_DIR_USED := $(or $(UPPHANDLINGSKURS_DATA),data)
BUILD_INPUTS += $(wildcard $(DATA_DIR_USED)/*.csv)
$(shell mkdir -p _build; [ "$$(cat _build/.datadir 2>/dev/null)" = "$(DATA_DIR_USED)" ] || echo "$(DATA_DIR_USED)" > _build/.datadir)

# The build day is an input too: pages decide at build time which dated figures and amounts have
# expired (upphandlingskurs/dated.py), and the execution cache would keep yesterday's answer.
TODAY := $(shell date +%F)
$(shell [ "$$(cat _build/.builddate 2>/dev/null)" = "$(TODAY)" ] || echo "$(TODAY)" > _build/.builddate)

_build/.inputs: $(BUILD_INPUTS) _build/.datadir _build/.builddate
	rm -rf _build
	mkdir -p _build && echo "$(DATA_DIR_USED)" > _build/.datadir && echo "$(TODAY)" > _build/.builddate && touch $@

# Every data file checked first, the references between the files included: a problem stops the
# build with one Swedish list of every problem in every file, before any page runs.
datacheck: $(STAMP)
	@$(BIN)/python -m upphandlingskurs.datacheck

# The one command that builds the book, here and in the tests (tests/conftest.py reads BOOK_FLAGS
# from this file): warnings are errors, every problem is reported. The pages run in as many
# processes as _config.yml's kurs_parallel_jobs says (_ext/kurs_korning.py).
BOOK_FLAGS := --warningiserror --nitpick --keep-going
BUILD_BOOK := $(BIN)/jupyter-book build . $(BOOK_FLAGS)

book: $(STAMP) datacheck _build/.inputs
	$(BUILD_BOOK)

# The same book without solutions and the trainers' answer keys, in none of the files it serves (pages,
# sources, downloads, search index: _ext/kurs_workshop.py), for a workshop room:
# _build/workshop/_build/html. Like `make book`, it starts from a clean _build when an input that the
# incremental build cannot see has changed.
book-workshop: $(STAMP) datacheck _build/.inputs
	KURS_WORKSHOP=1 $(BUILD_BOOK) --path-output _build/workshop

# The exercises as apps without code for a trainer's room (Voilà), reachable from the local
# network on port PORT: `make workshop PORT=8870`. Builds the apps into _build/workshop-appar.
# UPPHANDLINGSKURS_DATA works here too. tests/test_workshop_app.py starts the same module.
PORT ?= 8866
HOST ?= 0.0.0.0
workshop: $(STAMP)
	$(BIN)/python -m upphandlingskurs.workshop_app --host $(HOST) --port $(PORT)

# The other workshop mode, for a room of any size: the workshop build itself (no solutions), served
# from this computer to the local network, with no Python running for the participants: the tools
# and the exercises made live on the page run in their browsers (upphandlingskurs/workshop_site.py).
# Builds the workshop build first (book-workshop: only what changed). Port 8867, next to Voilà's
# 8866 so that both modes can run at once, unless PORT is given: `make workshop-sidor PORT=8870`.
SIDOR_PORT = $(if $(filter-out file default undefined,$(origin PORT)),$(PORT),8867)
workshop-sidor: book-workshop
	$(BIN)/python -m upphandlingskurs.workshop_site --host $(HOST) --port $(SIDOR_PORT) --folder _build/workshop/_build/html

# The whole course as two PDFs in _build/pdf: the book on one page (Sphinx's singlehtml builder),
# printed by Debian's Chromium (_ext/kurs_pdf.py). The trainers' edition has everything; the
# participants' is the workshop build (KURS_WORKSHOP=1: no solutions, no answer keys for trainers),
# printed without the trainer pages and the self-tests' answer keys either.
# The Chromium check comes first, before anything is built.
CHROMIUM ?= /usr/bin/chromium
PDF := _build/pdf/socialt-ansvarsfull-upphandling
pdf: chromium $(STAMP) datacheck _build/.inputs
	$(BUILD_BOOK) --builder singlehtml
	KURS_WORKSHOP=1 $(BUILD_BOOK) --builder singlehtml --path-output _build/pdf-deltagare
	CHROMIUM=$(CHROMIUM) $(BIN)/python _ext/kurs_pdf.py _build/singlehtml/index.html $(PDF)-utbildare.pdf
	CHROMIUM=$(CHROMIUM) $(BIN)/python _ext/kurs_pdf.py _build/pdf-deltagare/_build/singlehtml/index.html $(PDF)-deltagare.pdf

chromium:
	@test -x $(CHROMIUM) || { echo "Chromium saknas: make pdf skriver ut kursen med Debians Chromium ($(CHROMIUM)). Installera det med 'apt-get install chromium' och försök igen." >&2; exit 1; }

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

# The pages as notebooks in JupyterLab (open a .md file with "Öppna med > Notebook" / "Open With > Notebook").
# jupyterlab-myst (requirements.txt) renders their MyST there as the book does.
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=.

# Each script prints its figures and exits 1 when it misses its target; the leading - lets the
# others run all the same (make still reports the miss).
benchmark: $(STAMP)
	-$(BIN)/python benchmarks/build_times.py
	-$(BIN)/python benchmarks/tools.py
	-$(BIN)/python benchmarks/static_exercises.py
	-$(BIN)/python benchmarks/workshop_load.py
	-$(BIN)/python benchmarks/workshop_site.py

# Regenerate the pinned requirements.txt from requirements.in (needs the network). pip-tools
# runs from its own throwaway environment so it never ends up in the course's. --allow-unsafe pins
# setuptools too: the book builds the course package's wheel with it (see requirements.in).
requirements:
	$(PYTHON) -m venv _build/pip-tools
	_build/pip-tools/bin/python -m pip install --quiet pip-tools==7.6.2
	_build/pip-tools/bin/pip-compile --quiet --strip-extras --no-emit-index-url --allow-unsafe requirements.in -o requirements.txt

clean:
	rm -rf _build
