# icmpkit: the two commands a newcomer needs are `make run` and `make test`.
BUILD      ?= build
SAN_BUILD  ?= build-san
BENCH_BUILD ?= build-bench
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
MESON      ?= meson

.PHONY: all run test test-fast bench fuzz fuzz-smoke clean bootstrap bootstrap-build

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	$(MESON) setup $(BUILD)

$(SAN_BUILD)/build.ninja:
	$(MESON) setup $(SAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false

$(BENCH_BUILD)/build.ninja:
	$(MESON) setup $(BENCH_BUILD) --buildtype=release -Dtests=false

$(FUZZ_BUILD)/build.ninja:
	CC=clang $(MESON) setup $(FUZZ_BUILD) -Dfuzz=true -Dtests=false

bootstrap:
	scripts/bootstrap

bootstrap-build:
	scripts/bootstrap --build

# The main job: the study note on the simulated network (no root needed).
run: bootstrap-build
	$(MAKE) all
	$(BUILD)/src/cli/icmpkit demo

# Everything the tests need, then the suite, plain and under ASan+UBSan.
test: bootstrap
	$(MAKE) test-fast

test-fast: $(BUILD)/build.ninja $(SAN_BUILD)/build.ninja
	ninja -C $(BUILD)
	ninja -C $(SAN_BUILD)
	rc=0; \
	$(MESON) test -C $(BUILD) --print-errorlogs || rc=1; \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
	  $(MESON) test -C $(SAN_BUILD) --print-errorlogs --suite unit || rc=1; \
	scripts/test-summary $(BUILD) $(SAN_BUILD); \
	exit $$rc

bench: bootstrap-build $(BENCH_BUILD)/build.ninja
	ninja -C $(BENCH_BUILD)
	scripts/run-bench $(BENCH_BUILD)

fuzz: bootstrap-build $(FUZZ_BUILD)/build.ninja
	ninja -C $(FUZZ_BUILD)
	scripts/run-fuzz $(FUZZ_BUILD) $(FUZZ_SECONDS)

fuzz-smoke: $(FUZZ_BUILD)/build.ninja
	ninja -C $(FUZZ_BUILD)
	scripts/run-fuzz $(FUZZ_BUILD) 10

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(BENCH_BUILD) $(FUZZ_BUILD)
