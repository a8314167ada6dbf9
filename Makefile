# xvrrp — the one entry point.
#   make            build bpf object, skeleton and the xvrrp binary
#   make test       unit tests (cmocka, BPF_PROG_TEST_RUN) then selftests (namespaces)
#   make unit       unit tests only
#   make selftest   namespace selftests only (root)
#   make selftest-asan  the selftests with the daemon built with ASan+UBSan
#   make demo       live two-router failover demo (root)
#   make lab        the classic two-gateway lab: client, gw1/gw2, router, server (root)
#   make bench      xvrrp and keepalived side by side
#   make neutron-demo  OpenStack Neutron L3 HA routers on two network nodes (root),
#                   one xvrrp per router then one per node, then neutron-scale
#   make neutron-scale  memory and CPU of 3 and 100 routers per node: keepalived,
#                   xvrrp per router, xvrrp per node (root)
#   make check      static checks (make lint: cppcheck) and the unit tests
#   make install    binary, man pages, systemd unit (PREFIX, DESTDIR)
#   make vmlinux    regenerate vmlinux/vmlinux.h from the running kernel
#   V=1             show the commands

.DELETE_ON_ERROR:
.SUFFIXES:

OUT        := build
CC         ?= gcc
CLANG      ?= clang
BPFTOOL    ?= bpftool
PKG_CONFIG ?= pkg-config
ARCH       := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')

PKGS       := libbpf libnl-3.0 libnl-route-3.0 json-c nettle
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

WARN       := -Wall -Wextra -Wshadow -Wformat=2 -Wno-unused-parameter -Werror
CFLAGS     ?= -O2 -g
XCFLAGS    := $(CFLAGS) $(WARN) -std=gnu11 -D_GNU_SOURCE -Iinclude -Iuser -I$(OUT) $(PKG_CFLAGS)
LDLIBS     := $(PKG_LIBS) -lelf -lz
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Werror -Iinclude -Ivmlinux

ifeq ($(V),1)
Q :=
msg =
else
Q := @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

# user/ sources: every file but main.c is also linked into the unit tests.
LIB_SRCS   := $(filter-out user/main.c,$(wildcard user/*.c))
LIB_OBJS   := $(LIB_SRCS:user/%.c=$(OUT)/%.o)
MAIN_OBJS  := $(OUT)/main.o

BPF_OBJ    := $(OUT)/xvrrp.bpf.o
SKEL       := $(OUT)/xvrrp.skel.h

UNIT_TESTS := $(patsubst tests/%.c,$(OUT)/tests/%,$(wildcard tests/test_*.c))
TEST_CFLAGS:= -fsanitize=address,undefined -fno-omit-frame-pointer

.PHONY: all test unit selftest selftest-asan FORCE demo lab bench bench-quick check lint vmlinux clean install
all: $(OUT)/xvrrp

$(OUT):
	$(Q)mkdir -p $(OUT) $(OUT)/tests

$(BPF_OBJ): bpf/xvrrp.bpf.c $(wildcard bpf/*.h) $(wildcard include/*.h) | $(OUT)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@.tmp.o
	$(Q)$(BPFTOOL) gen object $@ $@.tmp.o
	$(Q)rm -f $@.tmp.o

$(SKEL): $(BPF_OBJ)
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name xvrrp_bpf > $@

$(OUT)/%.o: user/%.c $(wildcard user/*.h) $(wildcard include/*.h) $(SKEL) | $(OUT)
	$(call msg,CC,$@)
	$(Q)$(CC) $(XCFLAGS) -c $< -o $@

$(OUT)/xvrrp: $(LIB_OBJS) $(MAIN_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(XCFLAGS) $^ $(LDLIBS) -o $@

# Unit tests link the same sources, compiled once more with sanitizers.
ASAN_OBJS  := $(LIB_SRCS:user/%.c=$(OUT)/asan/%.o)
.SECONDARY: $(ASAN_OBJS)

$(OUT)/asan/%.o: user/%.c $(wildcard user/*.h) $(wildcard include/*.h) $(SKEL) | $(OUT)
	$(call msg,CC-ASAN,$@)
	$(Q)mkdir -p $(OUT)/asan
	$(Q)$(CC) $(XCFLAGS) $(TEST_CFLAGS) -c $< -o $@

$(OUT)/tests/%: tests/%.c $(ASAN_OBJS) $(wildcard tests/*.h) | $(OUT)
	$(call msg,CC-TEST,$@)
	$(Q)$(CC) $(XCFLAGS) $(TEST_CFLAGS) -Itests $(filter %.c,$^) $(ASAN_OBJS) $(LDLIBS) -lcmocka -o $@

# The election simulator's engine, beside its tests.
$(OUT)/tests/test_sim: tests/sim.c

unit: $(UNIT_TESTS) $(OUT)/xvrrp
	$(Q)XVRRP_BPF_OBJ=$(abspath $(BPF_OBJ)) XVRRP_TEST_DIR=$(abspath tests) \
		sh tests/run.sh $(UNIT_TESTS)

selftest: $(OUT)/xvrrp
	$(Q)bash selftests/run.sh

# The selftests once more with the daemon built with ASan and UBSan (its own
# build directory): any report in a daemon's log fails the test. The Neutron
# scenario's one-daemon-per-router run (a minute; code every other test runs
# too) is left to the plain pass; its one-daemon-per-node run is in both.
ASAN_DAEMON := $(OUT)/asan-daemon
ASAN_DAEMON_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		      -fno-omit-frame-pointer

$(ASAN_DAEMON)/xvrrp: FORCE
	$(Q)$(MAKE) --no-print-directory OUT=$(ASAN_DAEMON) CFLAGS="$(ASAN_DAEMON_CFLAGS)" \
		$(ASAN_DAEMON)/xvrrp-build

$(OUT)/xvrrp-build: $(OUT)/xvrrp

selftest-asan: $(ASAN_DAEMON)/xvrrp
	$(Q)ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
		SUITE_BUDGET=$${SUITE_BUDGET:-1200} SELFTEST_SKIP="$${SELFTEST_SKIP-test_neutron}" \
		XVRRP=$(abspath $(ASAN_DAEMON)/xvrrp) bash selftests/run.sh

FORCE:

test: unit selftest

demo: $(OUT)/xvrrp
	$(Q)bash selftests/demo.sh

lab: $(OUT)/xvrrp
	$(Q)bash selftests/lab.sh

# Neutron's HA routers, SNAT, conntrackd, a network node lost three ways:
# one xvrrp per qrouter namespace, then one per network node (about 85 s
# each), then the scale measurement (about 5 minutes).
.PHONY: neutron-demo neutron-scale
neutron-demo: $(OUT)/xvrrp
	$(Q)bash selftests/neutron.sh
	$(Q)bash selftests/neutron_scale.sh

neutron-scale: $(OUT)/xvrrp
	$(Q)bash selftests/neutron_scale.sh

bench: $(OUT)/xvrrp
	$(Q)bash bench/run.sh

bench-quick: $(OUT)/xvrrp
	$(Q)bash bench/run.sh --quick

lint:
	$(Q)cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--inline-suppr -Iinclude -Iuser user/ tests/

check: lint unit

vmlinux:
	$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > vmlinux/vmlinux.h

# make install [PREFIX=/usr/local] [DESTDIR=staging root]: the binary, the
# man pages and the systemd unit (its paths are the installed ones).
PREFIX     ?= /usr/local
SBINDIR    ?= $(PREFIX)/sbin
MANDIR     ?= $(PREFIX)/share/man
UNITDIR    ?= $(PREFIX)/lib/systemd/system

install: $(OUT)/xvrrp
	install -D -m 0755 $(OUT)/xvrrp $(DESTDIR)$(SBINDIR)/xvrrp
	install -D -m 0644 docs/xvrrp.8 $(DESTDIR)$(MANDIR)/man8/xvrrp.8
	install -D -m 0644 docs/xvrrp.conf.5 $(DESTDIR)$(MANDIR)/man5/xvrrp.conf.5
	install -d $(DESTDIR)$(UNITDIR)
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' deploy/systemd/xvrrp.service.in > $(DESTDIR)$(UNITDIR)/xvrrp.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/xvrrp.service

clean:
	rm -rf $(OUT)

# ---- fuzzing (tests/fuzz/) ------------------------------------------------
#   make fuzz        every harness for FUZZ_SECONDS (default 300) each
#   make fuzz-ci     every harness for FUZZ_CI_SECONDS (default 30) each, as CI
#   make fuzz-build  build the harnesses only
# libFuzzer harnesses link user/*.c (but main.c) compiled once more with clang
# and the fuzzer sanitizers into build/fuzz/obj/; fuzz_xdp runs the XDP
# program through BPF_PROG_TEST_RUN (root). .ci/fuzz runs them, prints a
# table and replays tests/fuzz/crashes/. Nothing outside build/fuzz/ is built
# except the BPF object and skeleton the other targets share.
FUZZ_OUT      := $(OUT)/fuzz
FUZZ_CC       ?= clang
FUZZ_SECONDS  ?= 300
FUZZ_CI_SECONDS ?= 30
FUZZ_HARNESSES := config advert ah scripts rx control
FUZZ_SAN      := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		 -fno-omit-frame-pointer
FUZZ_CFLAGS   := -O1 -g $(FUZZ_SAN) -Wall -Wextra -Wno-unused-parameter -std=gnu11 \
		 -D_GNU_SOURCE -Iinclude -Iuser -I$(OUT) $(PKG_CFLAGS)
FUZZ_OBJS     := $(LIB_SRCS:user/%.c=$(FUZZ_OUT)/obj/%.o)
FUZZ_BINS     := $(FUZZ_HARNESSES:%=$(FUZZ_OUT)/fuzz_%) $(FUZZ_OUT)/fuzz_xdp
.SECONDARY: $(FUZZ_OBJS)
.PHONY: fuzz fuzz-ci fuzz-build

$(FUZZ_OUT)/obj/%.o: user/%.c $(wildcard user/*.h) $(wildcard include/*.h) $(SKEL) | $(OUT)
	$(call msg,CC-FUZZ,$@)
	$(Q)mkdir -p $(FUZZ_OUT)/obj
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

# The config harness keeps "include" inside its own directory (tests/fuzz/fuzz_config.c).
$(FUZZ_OUT)/fuzz_config: FUZZ_LDFLAGS := -Wl,--wrap=glob

$(FUZZ_OUT)/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(FUZZ_OBJS) | $(OUT)
	$(call msg,LD-FUZZ,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Itests/fuzz $< $(FUZZ_OBJS) \
		$(FUZZ_LDFLAGS) $(LDLIBS) -o $@

# Not libFuzzer: a bounded random/mutation loop over BPF_PROG_TEST_RUN.
$(FUZZ_OUT)/fuzz_xdp: tests/fuzz/fuzz_xdp.c tests/pkt.h $(SKEL) $(BPF_OBJ) | $(OUT)
	$(call msg,CC-FUZZ,$@)
	$(Q)mkdir -p $(FUZZ_OUT)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -Itests $< $(LDLIBS) -o $@

fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	$(Q)FUZZ_SECONDS=$(FUZZ_SECONDS) bash .ci/fuzz --no-build

fuzz-ci: fuzz-build
	$(Q)FUZZ_SECONDS=$(FUZZ_CI_SECONDS) bash .ci/fuzz --no-build
# ---- end of fuzzing ---------------------------------------------------------
