# vfi: `make demo` and `make test` are all a newcomer needs on a fresh Debian machine: they
# install what is missing (with sudo unless run as root). `make` alone (all, build) never
# installs anything: it names what is missing and the command that installs it, `make deps`.
PACKAGES := cmake make g++ git ca-certificates tzdata libcli11-dev libyaml-cpp-dev libfmt-dev \
            doctest-dev nlohmann-json3-dev libxlsxwriter-dev nettle-dev git-filter-repo
JOBS ?= 2
BUILD ?= build
ASAN_BUILD ?= build-asan
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT := $(strip $(SUDO) apt-get)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

# The HTML reports are tested in a real browser; its fonts come from a recommends we skip.
# man renders the pages, zsh and fish check their completion scripts, libyaml judges the
# YAML loader in the unit tests, LibreOffice Calc opens the CSVs vfi writes, and openpyxl
# reads its Excel workbooks back with their cell types; time(1) measures a command's memory.
TEST_PACKAGES := chromium fonts-liberation util-linux fiu-utils man-db zsh fish libyaml-dev \
                 libreoffice-calc-nogui python3-openpyxl time
# libFuzzer comes with clang; its runtime is a separate package on Debian. libyaml judges
# vfi's loader in vfi_fuzz_diff and the unit tests (never linked into vfi).
FUZZ_PACKAGES := clang libclang-rt-14-dev libyaml-dev
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 300
BENCH_PACKAGES := python3 python3-numpy python3-scipy python3-yaml hyperfine time \
                  $(if $(INSTRUCTIONS),valgrind)

PREFIX ?= /usr/local

.PHONY: all deps check-deps test-deps fuzz build demo test unit-test asan-test bench format \
        clean man install

all: build

# The packages of $(1) that are not installed, each after a space. Where there is no dpkg (not
# Debian), nothing can be told: CMake names what it cannot find.
missing_packages = command -v dpkg-query >/dev/null || exit 0; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || printf ' %s' $$p; \
	done

# Installs only what is missing, so a second run is quick and needs no network.
deps:
	@missing=$$($(call missing_packages,$(PACKAGES) $(EXTRA_PACKAGES))); \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(APT) update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(APT) install -y -qq --no-install-recommends $$missing; \
	fi

# What `make` checks instead of installing: it fails, naming the packages and the command.
check-deps:
	@missing=$$($(call missing_packages,$(PACKAGES))); \
	if [ -n "$$missing" ]; then \
	  echo "make: Debian packages vfi needs are not installed:$$missing —" \
	    "install them with \`make deps\` ($(APT) install), then run make again" >&2; \
	  exit 1; \
	fi

COMPILE = cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null && cmake --build $(BUILD) -j $(JOBS)

build: check-deps
	$(COMPILE)

# Runs vfi on a copy of the sample programme, so nothing in the repository changes.
demo: deps
	$(COMPILE)
	@demo=$$(mktemp -d) && cp -r data/example "$$demo/programme" && \
	  echo "\$$ vfi check   (the sample programme, copied to $$demo/programme)" && \
	  ./$(BUILD)/vfi -C "$$demo/programme" check && echo "All records valid." && \
	  echo && echo "\$$ vfi report summary" && ./$(BUILD)/vfi -C "$$demo/programme" report summary && \
	  echo && echo "\$$ vfi report activity --from 2022-10-01 --to 2023-03-31" && \
	  ./$(BUILD)/vfi -C "$$demo/programme" report activity --from 2022-10-01 --to 2023-03-31 && \
	  echo && echo "\$$ vfi match suggest" && ./$(BUILD)/vfi -C "$$demo/programme" match suggest && \
	  echo && echo "\$$ vfi init $$demo/new --no-git" && ./$(BUILD)/vfi init "$$demo/new" --no-git && \
	  rm -rf "$$demo"

# The binary, its man pages, the bash, zsh and fish completions and the docs, under
# $(PREFIX) (and $(DESTDIR), for packaging): `make && sudo make install`, or
# `make install PREFIX="$$HOME/.local"`. It builds nothing, so sudo never builds as root.
install:
	@test -f $(BUILD)/vfi || { echo "make install: build vfi first with \`make\`"; exit 1; }
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

# Rewrites docs/man/ from the command tree, after a change to a command's options or help.
man: build
	rm -f docs/man/*.1
	./$(BUILD)/vfi __man docs/man

test-deps:
	@$(MAKE) --no-print-directory deps EXTRA_PACKAGES="$(TEST_PACKAGES)"

unit-test: test-deps
	$(COMPILE)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan-test: test-deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DVFI_SANITIZE=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

# Every test, then every test again under AddressSanitizer and UndefinedBehaviorSanitizer.
test: unit-test asan-test

# Speed, measured against references in the same run (tests/bench/run.sh). SCALES, PARTS, RUNS,
# INSTRUCTIONS and BASELINE (a commit or a vfi binary to time cold beside this build) are read
# there.
bench:
	@$(MAKE) --no-print-directory deps EXTRA_PACKAGES="$(BENCH_PACKAGES)"
	$(COMPILE)
	BUILD=$(CURDIR)/$(BUILD) BASELINE="$(BASELINE)" JOBS=$(JOBS) bash tests/bench/run.sh

# Two libFuzzer targets for FUZZ_SECONDS between them, seeded with the sample records, the
# hostile corpus and every earlier finding (and the YAML test suite when ../shared is there):
# vfi_fuzz, the record loader and validator; vfi_fuzz_diff, the loader against libyaml (vfi
# must refuse whatever libyaml refuses, and read the rest as libyaml does). Both run even
# when the first finds something. A finding is written to $(FUZZ_BUILD)/findings/: keep it
# in tests/fuzz/regressions/ once fixed.
# FUZZ_RUNS=N (as CI runs it) makes the session reproducible: from seed 1, N inputs to the
# YAML comparison and N/5 to the slower loader, so a commit that passes once passes again;
# without it, each target runs for half of FUZZ_SECONDS from a random seed, to hunt further.
ifdef FUZZ_RUNS
FUZZ_LIMIT1 = -runs=$$(( $(FUZZ_RUNS) / 5 )) -seed=1
FUZZ_LIMIT2 = -runs=$(FUZZ_RUNS) -seed=1
else
FUZZ_LIMIT1 = -max_total_time=$$(( $(FUZZ_SECONDS) / 2 ))
FUZZ_LIMIT2 = -max_total_time=$$(( $(FUZZ_SECONDS) - $(FUZZ_SECONDS) / 2 ))
endif
FUZZ_FLAGS = -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -dict=tests/fuzz/yaml.dict -artifact_prefix=$(FUZZ_BUILD)/findings/
fuzz:
	@$(MAKE) --no-print-directory deps EXTRA_PACKAGES="$(FUZZ_PACKAGES)"
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVFI_FUZZ=ON >/dev/null
	cmake --build $(FUZZ_BUILD) --target vfi_fuzz vfi_fuzz_diff -j $(JOBS)
	@mkdir -p $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/corpus-diff $(FUZZ_BUILD)/findings
	@cp data/example/*.yaml data/example/*/*.yaml tests/fuzz/regressions/* $(FUZZ_BUILD)/corpus/
	@cp $(FUZZ_BUILD)/corpus/* $(FUZZ_BUILD)/corpus-diff/
	@if [ -d ../shared/corpus/yaml-test-suite ]; then \
	  cp ../shared/corpus/yaml-test-suite/*.yaml $(FUZZ_BUILD)/corpus-diff/; fi
	@status=0; \
	echo "vfi_fuzz: $(FUZZ_LIMIT1)"; \
	$(FUZZ_BUILD)/vfi_fuzz $(FUZZ_LIMIT1) $(FUZZ_FLAGS) \
	  $(FUZZ_BUILD)/corpus tests/hostile || status=1; \
	echo "vfi_fuzz_diff: $(FUZZ_LIMIT2)"; \
	$(FUZZ_BUILD)/vfi_fuzz_diff $(FUZZ_LIMIT2) \
	  $(FUZZ_FLAGS) $(FUZZ_BUILD)/corpus-diff tests/hostile || status=1; \
	for f in $(FUZZ_BUILD)/findings/*; do [ -f "$$f" ] || continue; \
	  echo "finding $$f, as bytes (keep it in tests/fuzz/regressions/ once fixed):"; \
	  od -An -c "$$f"; done; \
	exit $$status

format:
	clang-format -i src/*/*.cpp src/*/*.hpp src/cli/tools/*.cpp include/vfi/*/*.hpp tests/unit/*.cpp tests/fuzz/*.cpp tests/fuzz/*.hpp tests/bench/*.cpp

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
