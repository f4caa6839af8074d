# The project's commands. `make test` is the whole test suite, as CI runs it.
GO            ?= go
BIN_DIR       := $(CURDIR)/.bin
AM_VERSION    := v0.31.1
ALERTMANAGER  := $(BIN_DIR)/alertmanager-$(AM_VERSION)

.PHONY: all build test test-deps unit e2e bench fuzz lint fake

all: build

build:
	scripts/build.sh $(BIN_DIR)/alertmanager-pushover
	scripts/build.sh $(BIN_DIR)/fakepushover ./pushover/pushovertest/cmd/fakepushover
	scripts/build.sh $(BIN_DIR)/fakegroupme ./groupme/groupmetest/cmd/fakegroupme

# A real Alertmanager for the end-to-end tests. Newer tags cannot be built with
# `go install` because their UI assets are missing from the module.
$(ALERTMANAGER):
	@mkdir -p $(BIN_DIR)/am
	GOBIN=$(BIN_DIR)/am $(GO) install github.com/prometheus/alertmanager/cmd/alertmanager@$(AM_VERSION)
	mv $(BIN_DIR)/am/alertmanager $@

# The real programs the tests use besides Alertmanager (redis-server,
# promtool, chromium), from Debian when missing and when root or sudo allows.
test-deps:
	scripts/install-test-deps.sh

# The whole test suite: vet, the example alert rules with promtool, unit
# tests with the race detector, fuzz seeds, and end-to-end tests with a real
# Alertmanager.
test: $(ALERTMANAGER) test-deps
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...
	@command -v promtool >/dev/null || { echo "promtool is missing: install Debian's prometheus package (scripts/install-test-deps.sh does, as root)"; exit 1; }
	cd examples && promtool check rules alerts.yml demo-rules.yml && promtool test rules alerts_test.yml
	ALERTMANAGER_BIN=$(ALERTMANAGER) E2E_REQUIRED=1 $(GO) test -race -count=1 -timeout 14m ./...

unit:
	$(GO) test -count=1 -short ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

fake:
	$(GO) run ./pushover/pushovertest/cmd/fakepushover
