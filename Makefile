# swgate — the two commands a new machine needs: `make demo` and `make test`.

SWIFT ?= swift
# System packages the build, tests and benchmarks need (Debian names).
DEB_PACKAGES := libcurl4-openssl-dev libxml2-dev libsqlite3-dev libssl-dev libpq-dev libgoogle-perftools-dev postgresql libxml2-utils xmlsec1 openssl
# What the console's browser tests add (make test only): a real headless Chromium, its driver, a
# font with Chinese glyphs for the screenshots; Selenium comes from PyPI.
TEST_DEB_PACKAGES := chromium chromium-driver fonts-wqy-microhei
PYTHON ?= python3

.PHONY: all deps test-deps install-packages build demo test bench generate lint format man install clean

all: build

## deps: install whatever of $(DEB_PACKAGES) is missing (apt-get; prints the command when not root).
deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEB_PACKAGES)"

## test-deps: what the browser tests need besides: $(TEST_DEB_PACKAGES), and Selenium from PyPI.
test-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(TEST_DEB_PACKAGES)"
	@$(PYTHON) -c 'import selenium' 2>/dev/null || { echo "test-deps: installing selenium (PyPI)"; $(PYTHON) -m pip install --quiet 'selenium>=4.11,<5'; }

install-packages:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then \
	  echo "deps: all system packages present"; \
	elif [ "$$(id -u)" -eq 0 ]; then \
	  echo "deps: installing$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "deps: missing$$missing — run: sudo apt-get update && sudo apt-get install -y$$missing"; \
	  exit 1; \
	fi

build: deps
	$(SWIFT) build

## demo: the main job end to end on this machine.
demo: deps
	$(SWIFT) run swgate demo

## test: the formatting lint, then the whole test suite, with a throwaway PostgreSQL server on
## loopback for the shared outbox, and a temporary folder of its own (removed afterwards).
test: deps test-deps lint
	Scripts/with-scratch-tmp.sh Scripts/with-postgres.sh $(SWIFT) test --no-parallel

## bench: every benchmark on a release build (`swgate-bench all`). The CLI is built beside it:
## the submit benchmark times `swgate status` as a process of its own on the large outbox.
bench: deps
	$(SWIFT) build -c release --product swgate
	$(SWIFT) run -c release swgate-bench all

## lint: swift-format's lint (.swift-format), warnings as errors.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Plugins Package.swift

## format: rewrite the sources as swift-format wants them.
format:
	$(SWIFT) format format --in-place --recursive Sources Tests Plugins Package.swift

## man: manual pages for swgate and every subcommand (swift-argument-parser's generate-manual
## plugin, debug build) into .build/man/; `man -l .build/man/swgate.1` reads one.
man:
	$(SWIFT) package --allow-writing-to-package-directory generate-manual --multi-page --configuration debug
	@rm -rf .build/man && mkdir -p .build/man && cp .build/plugins/GenerateManual/outputs/swgate/*.1 .build/man/
	@echo "man: $$(ls .build/man | wc -l) pages in .build/man/ (man -l .build/man/swgate.1)"

## install: the swgate binary into $(PREFIX)/bin, the schemas and examples into
## $(PREFIX)/share/swgate (found relative to the binary), systemd units into
## $(PREFIX)/lib/systemd/system and the service user into $(PREFIX)/lib/sysusers.d.
## CONFIGURATION=debug installs the debug build; SWGATE_BINARY=path installs that binary as is.
PREFIX ?= /usr/local
CONFIGURATION ?= release
install:
	@set -e; \
	binary="$(SWGATE_BINARY)"; \
	if [ -z "$$binary" ]; then \
	  $(SWIFT) build -c $(CONFIGURATION) --product swgate; \
	  binary="$$($(SWIFT) build -c $(CONFIGURATION) --show-bin-path)/swgate"; \
	fi; \
	root="$(DESTDIR)$(PREFIX)"; \
	install -d "$$root/bin" "$$root/share/swgate" "$$root/lib/systemd/system" "$$root/lib/sysusers.d"; \
	install -m 0755 "$$binary" "$$root/bin/swgate"; \
	rm -rf "$$root/share/swgate/schemas" "$$root/share/swgate/examples"; \
	cp -R schemas examples "$$root/share/swgate/"; \
	for unit in systemd/*.service; do \
	  sed "s#/usr/local/bin/swgate#$(PREFIX)/bin/swgate#" "$$unit" > "$$root/lib/systemd/system/$$(basename $$unit)"; \
	done; \
	install -m 0644 systemd/swgate.sysusers "$$root/lib/sysusers.d/swgate.conf"; \
	echo "install: $$root/bin/swgate, $$root/share/swgate/{schemas,examples}, $$root/lib/systemd/system/swgate-*.service"

clean:
	$(SWIFT) package clean
