# xvrrp — the one entry point.
#   make            build bpf object, skeleton and the xvrrp binary
#   make test       unit tests (cmocka, BPF_PROG_TEST_RUN) then selftests (namespaces)
#   make unit       unit tests only
#   make selftest   namespace selftests only (root)
#   make demo       live two-router failover demo (root)
#   make bench      xvrrp and keepalived side by side
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

.PHONY: all test unit selftest demo bench bench-quick check lint vmlinux clean install
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

test: unit selftest

demo: $(OUT)/xvrrp
	$(Q)bash selftests/demo.sh

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
