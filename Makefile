# The project's commands. `make test` is the whole test suite, as CI runs it.
GO            ?= go
BIN_DIR       := $(CURDIR)/.bin
AM_VERSION    := v0.31.1
ALERTMANAGER  := $(BIN_DIR)/alertmanager-$(AM_VERSION)

.PHONY: all build test unit e2e bench fuzz lint fake redis-server

all: build

build:
	scripts/build.sh $(BIN_DIR)/alertmanager-pushover
	scripts/build.sh $(BIN_DIR)/fakepushover ./pushover/pushovertest/cmd/fakepushover

# A real Alertmanager for the end-to-end tests. Newer tags cannot be built with
# `go install` because their UI assets are missing from the module.
$(ALERTMANAGER):
	@mkdir -p $(BIN_DIR)/am
	GOBIN=$(BIN_DIR)/am $(GO) install github.com/prometheus/alertmanager/cmd/alertmanager@$(AM_VERSION)
	mv $(BIN_DIR)/am/alertmanager $@

# A real Redis for the shared ledger's tests (ledger/redis, internal/redistest):
# Debian's redis-server package (Redis 7, the protocol Valkey speaks),
# installed when missing.
redis-server:
	@command -v redis-server >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get install -y --no-install-recommends redis-server; \
		else sudo apt-get install -y --no-install-recommends redis-server; fi; }

# The whole test suite: vet, unit, fuzz seeds, and end-to-end tests with a real Alertmanager and Redis.
test: $(ALERTMANAGER) redis-server
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...
	ALERTMANAGER_BIN=$(ALERTMANAGER) E2E_REQUIRED=1 $(GO) test -count=1 -timeout 12m ./...

unit:
	$(GO) test -count=1 -short ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

fake:
	$(GO) run ./pushover/pushovertest/cmd/fakepushover
