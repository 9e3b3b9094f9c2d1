# Roster: `make run` starts everything on the embedded broker; `make test` runs every test.
SWIFT ?= swift
RELEASE_BIN = .build/release

.PHONY: deps build run start stop test lint bench clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

run: build
	@scripts/dev-system.sh run

start: build
	@scripts/dev-system.sh start

stop:
	@scripts/dev-system.sh stop

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Shared Services Tests

# Tests that start a broker and workers run a few at a time: with every test in flight at once, dozens of clusters and
# workers shared two cores and timed out waiting for each other.
TEST_WIDTH ?= 4

test: deps
	$(SWIFT) build
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --experimental-maximum-parallelization-width $(TEST_WIDTH)
	$(MAKE) lint

# Each section runs in a process of its own, so that the memory a section reports is its own and not what the
# sections before it left resident.
BENCH_SECTIONS = kafka resolver ingest export social segmenter

bench: deps
	$(SWIFT) build -c release --product roster-bench
	@for section in $(BENCH_SECTIONS); do $(RELEASE_BIN)/roster-bench --only $$section || exit 1; done

clean:
	rm -rf .build .data
