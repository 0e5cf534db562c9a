# icmpkit: the two commands a newcomer needs are `make run` and `make test`.
BUILD      ?= build
SAN_BUILD  ?= build-san
BENCH_BUILD ?= build-bench
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 5
FUZZ_COV_BUILD ?= build-fuzz-cov
ROUNDS     ?= 5
MESON      ?= meson

.PHONY: all run test test-fast bench bench-compare fuzz fuzz-smoke fuzz-coverage configure-fuzz-cov clean bootstrap bootstrap-build bootstrap-bench \
	configure-san configure-bench configure-fuzz

# scripts/configure runs `meson setup` the first time and again whenever the
# packages Meson looks for changed since (so lwIP, installed by `make test`
# after `make run` configured without it, is picked up).
CONFIGURE  = scripts/configure

all:
	$(CONFIGURE) $(BUILD)
	ninja -C $(BUILD)

configure-san:
	$(CONFIGURE) $(SAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false

# Link-time optimisation: the protocol table's handlers sit in their own
# modules (ip, icmp, sock); LTO lets their small helpers inline across them.
configure-bench:
	$(CONFIGURE) $(BENCH_BUILD) --buildtype=release -Db_lto=true -Dtests=false

configure-fuzz:
	CC=clang $(CONFIGURE) $(FUZZ_BUILD) -Dfuzz=true -Dtests=false

bootstrap:
	scripts/bootstrap

bootstrap-bench:
	scripts/bootstrap --bench

bootstrap-build:
	scripts/bootstrap --build

# The main job: the study note on the simulated network (no root needed).
run: bootstrap-build
	$(MAKE) all
	$(BUILD)/src/cli/icmpkit demo

# Everything the tests need, then the suite, plain and under ASan+UBSan.
test: bootstrap
	$(MAKE) test-fast

test-fast: all configure-san
	ninja -C $(SAN_BUILD)
	rc=0; \
	$(MESON) test -C $(BUILD) --print-errorlogs || rc=1; \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
	  $(MESON) test -C $(SAN_BUILD) --print-errorlogs --suite unit || rc=1; \
	scripts/test-summary $(BUILD) $(SAN_BUILD); \
	exit $$rc

bench: bootstrap-bench configure-bench
	ninja -C $(BENCH_BUILD)
	scripts/run-bench $(BENCH_BUILD)

# The stack benchmark of BASE and of the work tree, in turns, same options:
# make bench-compare BASE=<commit>
bench-compare: bootstrap-bench
	scripts/bench-compare $(BASE) $(ROUNDS)

# Every target FUZZ_SECONDS (each), what they find merged, minimised, into
# tests/data/corpus/fuzz_*/. fuzz-smoke: each target briefly, nothing
# written (CI: .ci/run). fuzz-coverage: the line coverage of src/wire and
# src/stack by the corpora (llvm-cov; docs/robustness.md).
fuzz: bootstrap-build configure-fuzz
	ninja -C $(FUZZ_BUILD)
	scripts/run-fuzz --merge $(FUZZ_BUILD) $(FUZZ_SECONDS)

fuzz-smoke: configure-fuzz
	ninja -C $(FUZZ_BUILD)
	scripts/run-fuzz $(FUZZ_BUILD) $(FUZZ_SMOKE_SECONDS)

configure-fuzz-cov:
	CC=clang $(CONFIGURE) $(FUZZ_COV_BUILD) -Dfuzz=true -Dfuzz_mode=coverage -Dtests=false

fuzz-coverage: bootstrap-build configure-fuzz-cov
	ninja -C $(FUZZ_COV_BUILD)
	scripts/fuzz-coverage $(FUZZ_COV_BUILD) docs/fuzz-coverage.txt

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(BENCH_BUILD) $(FUZZ_BUILD) $(FUZZ_COV_BUILD)
