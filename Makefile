# mailseq: `make` builds every dist, `make test` runs every test. Both install what they need
# (scripts/setup-*.sh) and are idempotent. A second `make` with nothing changed does nothing
# slow: every step is a file target (stamps in .cache/stamps) whose inputs are listed.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build
.DELETE_ON_ERROR:

# npm's wasm-opt (binaryen) first: Debian's wasm-opt 108 produces wasm that fails at load.
export PATH := $(CURDIR)/node_modules/.bin:$(CURDIR)/.tools/bin:$(HOME)/.cargo/bin:$(PATH)
# The normal target/ unless the caller shares one (CARGO_TARGET_DIR=... make).
export CARGO_TARGET_DIR ?= $(CURDIR)/target

S := .cache/stamps
WASM_OUT := $(CARGO_TARGET_DIR)/wasm32-unknown-unknown/release/mailseq.wasm
RUST_SRC := Cargo.toml Cargo.lock $(shell find src -name '*.rs' -o -name '*.js')
EXT_SRC := $(shell find extension -type f)

.PHONY: build test demo bench clean setup
build: $(S)/dist-chrome $(S)/dist-chrome-test $(S)/dist-firefox \
       dist/mailseq-chrome.zip dist/mailseq-firefox.zip
	@scripts/sizes.sh

setup: $(S)/setup-build
$(S)/setup-build: scripts/setup-build.sh Cargo.lock package.json package-lock.json
	@mkdir -p $(S)
	scripts/setup-build.sh
	@touch $@

# One wasm per extension context, so each loads only its own code: `background` (the service
# worker's engine), `sidepanel` and `options` (each page's UI), each shipped and with test-hooks.
# Six cargo builds of this crate alone: features only change mailseq's own code, so the
# dependencies are compiled once and shared. Each output is copied aside so none clobbers another.
WASM_BUILD = cargo build --release --target wasm32-unknown-unknown --lib --no-default-features
.cache/wasm/ship-%.wasm: $(RUST_SRC) $(S)/setup-build
	@mkdir -p $(@D)
	$(WASM_BUILD) --features $*
	cp $(WASM_OUT) $@
.cache/wasm/test-%.wasm: $(RUST_SRC) $(S)/setup-build
	@mkdir -p $(@D)
	$(WASM_BUILD) --features $*,test-hooks
	cp $(WASM_OUT) $@

# wasm-bindgen, then wasm-opt -Oz in place, for the three wasm of a flavour into one pkg/ dir
# (background.js + background_bg.wasm, sidepanel.js + sidepanel_bg.wasm, options.js +
# options_bg.wasm, and any snippets/). wasm-opt also detects features from the target_features
# section (so the release profile must not strip it).
WASM_OPT := wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
  --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue
PARTS := background sidepanel options
define bindgen
	rm -rf $(2)
	$(foreach p,$(PARTS),wasm-bindgen --target web --no-typescript --out-name $(p) --out-dir $(2) $(1)-$(p).wasm
	$(WASM_OPT) $(2)/$(p)_bg.wasm -o $(2)/$(p)_bg.wasm
	)@touch $@
endef
$(S)/pkg-chrome: $(PARTS:%=.cache/wasm/ship-%.wasm)
	$(call bindgen,.cache/wasm/ship,pkg/chrome)
$(S)/pkg-test: $(PARTS:%=.cache/wasm/test-%.wasm)
	$(call bindgen,.cache/wasm/test,pkg/test)

# Zone rules as TZif files (the wasm has no tz database), written by a native helper.
$(S)/tz: src/bin/tzdata.rs Cargo.lock $(S)/setup-build
	rm -rf .cache/tz .cache/tz-out
	cargo run --quiet --bin tzdata -- .cache/tz-out
	mv .cache/tz-out/tz .cache/tz && rm -rf .cache/tz-out
	@touch $@

# The Chrome build's OAuth client id (getAuthToken) comes from MAILSEQ_GOOGLE_CLIENT_ID at make
# time. This file holds the last value, rewritten only when it changes, so a new id re-assembles.
CLIENT_ID_FILE := .cache/google-client-id
$(shell mkdir -p .cache; v='$(MAILSEQ_GOOGLE_CLIENT_ID)'; [ -f $(CLIENT_ID_FILE) ] && [ "$$(cat $(CLIENT_ID_FILE))" = "$$v" ] || printf '%s' "$$v" > $(CLIENT_ID_FILE))

ASSEMBLE := scripts/assemble.mjs $(EXT_SRC) $(S)/tz
$(S)/dist-chrome: $(S)/pkg-chrome $(ASSEMBLE) $(CLIENT_ID_FILE)
	node scripts/assemble.mjs chrome pkg/chrome .cache/tz dist/chrome
	@touch $@
$(S)/dist-chrome-test: $(S)/pkg-test $(ASSEMBLE)
	node scripts/assemble.mjs chrome-test pkg/test .cache/tz dist/chrome-test
	@touch $@
$(S)/dist-firefox: $(S)/pkg-chrome $(ASSEMBLE)
	node scripts/assemble.mjs firefox pkg/chrome .cache/tz dist/firefox
	@touch $@

dist/mailseq-%.zip: $(S)/dist-% scripts/zip.py
	python3 scripts/zip.py dist/$* $@

test: build
	scripts/setup-test.sh
	scripts/test.sh

# The Roundcube testbed and Chromium on it: on the screen with the shipped build, or (no
# $DISPLAY) the test build under Xvfb saving screenshots to docs/demo/.
demo: build
	scripts/demo.sh

# Size, start-up, scale and provider-cost figures in one table (bench/results.json too); not
# part of `make test`. BENCH_RUNS=n, BENCH_TESTBED=skip, BENCH_GMAIL=skip: see scripts/bench.mjs.
bench: build
	scripts/setup-test.sh
	node scripts/bench.mjs

clean:
	rm -rf pkg dist .cache
