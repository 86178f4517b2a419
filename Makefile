# One-command set-up: `make run` opens the app, `make test` runs every test.
# Each target creates .venv when missing and installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: install run test test-fast bench dist icons install-desktop uninstall-desktop lint clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/amends

test: install
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow"

bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

# The double-clickable app in dist/amends/ (see README, "Building a double-clickable app").
dist: install
	$(BIN)/python -m pip install --quiet -e '.[dist]'
	$(BIN)/pyinstaller --noconfirm --clean build.spec
	QT_QPA_PLATFORM=offscreen dist/amends/amends --smoke-test
	@du -sh dist/amends

# Re-render the PNG, .ico and .icns icons after editing resources/icons/amends.svg.
icons: install
	$(BIN)/python packaging/render_icons.py

# Put the built app on PATH and in the desktop's menu, for this user only.
XDG_DATA ?= $(HOME)/.local/share
install-desktop:
	@test -x dist/amends/amends || { echo "Build the app first: make dist"; exit 1; }
	mkdir -p $(HOME)/.local/bin
	ln -sf $(CURDIR)/dist/amends/amends $(HOME)/.local/bin/amends
	install -Dm644 packaging/amends.desktop $(XDG_DATA)/applications/amends.desktop
	for size in 16 32 48 64 128 256 512; do \
	  install -Dm644 resources/icons/amends-$$size.png \
	    $(XDG_DATA)/icons/hicolor/$${size}x$${size}/apps/amends.png; done
	install -Dm644 resources/icons/amends.svg $(XDG_DATA)/icons/hicolor/scalable/apps/amends.svg
	@# Refresh the menu and icon caches where the desktop has these tools.
	@! command -v update-desktop-database >/dev/null || update-desktop-database -q $(XDG_DATA)/applications
	@! command -v gtk-update-icon-cache >/dev/null || gtk-update-icon-cache -q -t $(XDG_DATA)/icons/hicolor
	@echo "Amends is in your applications menu; ~/.local/bin must be on PATH for Exec=amends."

uninstall-desktop:
	rm -f $(HOME)/.local/bin/amends $(XDG_DATA)/applications/amends.desktop
	rm -f $(XDG_DATA)/icons/hicolor/*/apps/amends.png $(XDG_DATA)/icons/hicolor/scalable/apps/amends.svg

lint: install
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/ruff check planner ui tests
	$(BIN)/mypy

clean:
	rm -rf build dist .pytest_cache .mypy_cache
