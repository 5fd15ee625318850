# anjian — make · make run · make test · make asan · make bench
# Every target that needs packages first runs scripts/install-deps.sh (idempotent).

CC      ?= gcc
# Build directory; parallel builds may use their own: make O=/tmp/x …
O       ?= build
PKGS    := libmicrohttpd jansson libsodium sqlite3 libpq xlsxwriter libqrencode minizip expat libcurl
WARN    := -Wall -Wextra -Werror -Wvla -Wmissing-prototypes -Wno-unused-parameter
BASE    := -std=c11 -D_GNU_SOURCE -include src/core/banned.h -Isrc
CFLAGS  ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcrack -lpthread -lm
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

SRC     := $(sort $(wildcard src/core/*.c src/db/*.c src/http/*.c src/entity/*.c src/rules/*.c src/mod/*.c))
LIBSRC  := $(SRC)
GEN     := $(O)/gen/migrations.c
OBJ     := $(patsubst src/%.c,$(O)/obj/%.o,$(LIBSRC)) $(O)/obj/gen/migrations.o
AOBJ    := $(patsubst src/%.c,$(O)/asan/%.o,$(LIBSRC)) $(O)/asan/gen/migrations.o
UNIT    := $(sort $(wildcard tests/unit/test_*.c))
UNITBIN := $(patsubst tests/unit/%.c,$(O)/asan/tests/%,$(UNIT))
WEBSRC  := $(shell find web/src web/plugins web/index.html web/vite.config.* web/package.json -type f 2>/dev/null)

.PHONY: all deps build asan web run test unit api api-sqlite api-pg e2e bench clean demo

# The packages come first, in their own make: with -j the prerequisites of one target
# run in parallel (a fresh clone's `make -j2` compiled and ran vite before apt and
# npm had finished), and pkg-config's flags are read when a make starts.
all:
	@scripts/install-deps.sh
	@$(MAKE) --no-print-directory build

deps:
	@scripts/install-deps.sh

build: $(O)/anjian web

$(O)/gen/migrations.c: $(sort $(wildcard sql/migrations/*.sql)) scripts/embed-sql.sh
	@mkdir -p $(dir $@)
	scripts/embed-sql.sh sql/migrations > $@

# Each object depends on the headers it includes (-MMD: the compiler writes them to
# a .d file beside it), so a module's own header rebuilds that module only.
DEPFLAGS := -MMD -MP
$(O)/obj/%.o: src/%.c | $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(BASE) $(WARN) $(DEPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@
$(O)/obj/gen/migrations.o: $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(BASE) $(WARN) $(CFLAGS) -c $< -o $@

$(O)/asan/%.o: src/%.c | $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(BASE) $(WARN) $(DEPFLAGS) -O1 -g $(SAN) $(PKG_CFLAGS) -c $< -o $@
$(O)/asan/gen/migrations.o: $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(BASE) $(WARN) -O1 -g $(SAN) -c $< -o $@

$(O)/anjian: $(OBJ) $(O)/obj/main.o
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)
$(O)/asan/anjian: $(AOBJ) $(O)/asan/main.o
	$(CC) -g $(SAN) -o $@ $^ $(PKG_LIBS)

asan:
	@scripts/install-deps.sh
	@$(MAKE) --no-print-directory $(O)/asan/anjian

$(O)/asan/tests/%: tests/unit/%.c $(AOBJ)
	@mkdir -p $(dir $@)
	$(CC) $(BASE) $(WARN) $(DEPFLAGS) -O1 -g $(SAN) $(PKG_CFLAGS) -Isrc -o $@ $< $(AOBJ) $(PKG_LIBS) -lcmocka

-include $(OBJ:.o=.d) $(AOBJ:.o=.d) $(O)/obj/main.d $(O)/asan/main.d $(UNITBIN:=.d)

web: web/dist/index.html
web/dist/index.html: $(WEBSRC) web/package-lock.json
	@test -x web/node_modules/.bin/vite || scripts/install-deps.sh
	cd web && npm run build --silent
	@touch $@

# make run: everything set up, a demo district in ./data if there is none, served.
run:
	@scripts/install-deps.sh
	@$(MAKE) --no-print-directory build
	@test -f data/anjian.db || $(O)/anjian demo --data data
	$(O)/anjian serve --data data --port $${PORT:-8080}

demo:
	@scripts/install-deps.sh
	@$(MAKE) --no-print-directory build
	$(O)/anjian demo --data data

# Unit tests run inside a throwaway PostgreSQL cluster so the storage tests cover both backends.
unit: $(UNITBIN)
	scripts/with-postgres.sh sh -c 'set -e; for t in $(UNITBIN); do echo "== $$t"; $$t; done'

# API tests run against the sanitizer build so a memory error in any handler fails them.
api-sqlite: $(O)/asan/anjian web
	ANJIAN_BIN=$(O)/asan/anjian ANJIAN_TEST_DB=sqlite node --test --test-concurrency=2 tests/api/
api-pg: $(O)/asan/anjian web
	scripts/with-postgres.sh env ANJIAN_BIN=$(O)/asan/anjian ANJIAN_TEST_DB=postgres \
		node --test --test-concurrency=2 tests/api/
api: api-sqlite api-pg

e2e: $(O)/anjian web
	ANJIAN_BIN=$(O)/anjian node --test --test-concurrency=1 tests/e2e/

# The three suites that need no browser are independent (each test server has its own
# data directory; each PostgreSQL run its own throwaway cluster on a free port), so
# they run side by side, and each API suite runs two of its files at once (every file
# starts its own server; on PostgreSQL its own database): the PostgreSQL suite took
# 9.9 min one file at a time beside the others, 4.1 min alone two at a time. The
# browser tests, the heaviest on CPU, run after them, one file at a time.
test:
	@scripts/install-deps.sh
	@$(MAKE) --no-print-directory $(O)/asan/anjian $(O)/anjian $(UNITBIN) web
	@$(MAKE) --no-print-directory -j3 --output-sync=target unit api-sqlite api-pg
	@$(MAKE) --no-print-directory e2e

bench:
	@scripts/install-deps.sh bench
	$(MAKE) build
	ANJIAN_BIN=$(O)/anjian bench/run.sh && $(MAKE) bench-scale && $(MAKE) bench-pg && \
		$(MAKE) bench-obligations && $(MAKE) bench-firstload

clean:
	rm -rf $(O) web/dist

# make bench-scale — the issue-3 scale benchmark alone (bench/scale.sh; also run by
# make bench): the generator links the project objects without main.
.PHONY: bench-scale
$(O)/bench/scale_seed: bench/scale_seed.c $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(BASE) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(OBJ) $(PKG_LIBS)

bench-scale: $(O)/anjian $(O)/bench/scale_seed
	ANJIAN_BIN=$(O)/anjian SCALE_SEED=$(O)/bench/scale_seed bench/scale.sh

# make bench-pg — the same scale on PostgreSQL, two servers behind nginx (bench/scale_pg.sh).
.PHONY: bench-pg
bench-pg: $(O)/anjian $(O)/bench/scale_seed
	ANJIAN_BIN=$(O)/anjian SCALE_SEED=$(O)/bench/scale_seed bench/scale_pg.sh

# make bench-firstload — the cold first screen of every role in the browser
# (bench/firstload.sh; also run by make bench): timings per role and JS bytes.
.PHONY: bench-firstload
bench-firstload: $(O)/anjian web
	ANJIAN_BIN=$(O)/anjian bench/firstload.sh

# make bench-obligations — the obligations calendar at 2,000 enterprises × 30 monthly
# duties (bench/obligations.sh; also run by make bench). bench/obligations.c links the
# project objects without main; --wrap gives its in-process requests a query string.
.PHONY: bench-obligations
BENCH_WRAP := -Wl,--wrap=req_query,--wrap=req_header,--wrap=req_cookie,--wrap=req_query_each
$(O)/bench/obligations: bench/obligations.c $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(BASE) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(OBJ) $(PKG_LIBS) $(BENCH_WRAP)

bench-obligations: $(O)/anjian $(O)/bench/scale_seed $(O)/bench/obligations
	ANJIAN_BIN=$(O)/anjian SCALE_SEED=$(O)/bench/scale_seed OB_BENCH=$(O)/bench/obligations \
		bench/obligations.sh

# make fuzz — libFuzzer harnesses for the parsers we own (tests/fuzz/fuzz_*.c), built
# with clang against the project compiled with ASan/UBSan and fuzzer coverage, each
# run for FUZZ_SECONDS from its committed seed corpus (tests/fuzz/corpus/NAME) by
# scripts/fuzz.sh, which prints executions and coverage and fails on any crash.
.PHONY: fuzz
FUZZ_SECONDS ?= 60
FCC     := clang
FSAN    := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FOBJ    := $(patsubst src/%.c,$(O)/fuzz/obj/%.o,$(LIBSRC)) $(O)/fuzz/obj/gen/migrations.o
FUZZSRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZBIN := $(patsubst tests/fuzz/%.c,$(O)/fuzz/%,$(FUZZSRC))
FWRAP   := -Wl,--wrap=req_query,--wrap=req_header,--wrap=req_cookie,--wrap=req_query_each
$(O)/fuzz/obj/%.o: src/%.c | $(GEN)
	@mkdir -p $(dir $@)
	$(FCC) $(BASE) $(WARN) $(DEPFLAGS) -O1 -g $(FSAN) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -c $< -o $@
$(O)/fuzz/obj/gen/migrations.o: $(GEN)
	@mkdir -p $(dir $@)
	$(FCC) $(BASE) $(WARN) -O1 -g -c $< -o $@
$(O)/fuzz/fuzz_dispatch: FUZZ_LDEXTRA = $(FWRAP)
$(O)/fuzz/%: tests/fuzz/%.c $(FOBJ)
	@mkdir -p $(dir $@)
	$(FCC) $(BASE) $(WARN) $(DEPFLAGS) -O1 -g $(FSAN) -fsanitize=fuzzer $(PKG_CFLAGS) -Isrc -o $@ $< $(FOBJ) $(PKG_LIBS) $(FUZZ_LDEXTRA)
-include $(FOBJ:.o=.d) $(FUZZBIN:=.d)
fuzz:
	@scripts/install-deps.sh fuzz
	@$(MAKE) --no-print-directory $(FUZZBIN)
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh $(FUZZBIN)
