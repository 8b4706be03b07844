.PHONY: all build test typecheck sim dst bench clean

PRESET ?= 3d

all: build

node_modules: package-lock.json
	npm ci
	@touch node_modules

build: node_modules
	node scripts/build.mjs

typecheck: node_modules
	npx tsc --noEmit

# Type-check, build (integration tests spawn the bundles), then every test.
test: build typecheck
	npx vitest run $(VITEST_ARGS)

sim: build
	scripts/simulate test -w broadcast --bin bin/gossip-node --preset $(PRESET)

dst: build
	scripts/dst --seeds 1000

# The deterministic figures of BENCHMARKS.md, in seconds; the real-time ones are listed there.
bench: build
	scripts/bench-gossip --virtual --seeds 5
	scripts/dst --seeds 1000 --nodes 5

clean:
	rm -rf dist store
