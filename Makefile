# sanfen — see README.md. GNU make.

VERSION := $(shell cat VERSION)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/sanfen
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/vendor-completions
LOCALEDIR ?= $(PREFIX)/share/locale
DESTDIR ?=

CC ?= cc
AR ?= ar
PKG_CONFIG ?= pkg-config
PROVE ?= prove
XGETTEXT ?= xgettext
MSGFMT ?= msgfmt
MSGGREP ?= msggrep
CFLAGS ?= -O2 -g
LDFLAGS ?=

PKGS = libgit2 yaml-0.1 libutf8proc libzip xlsxwriter libcrypto libxxhash
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

override CFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra -Wno-unused-parameter -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wno-format-truncation -Ilib $(PKG_CFLAGS) \
	-DSF_VERSION='"$(VERSION)"' -DSF_DATADIR='"$(DATADIR)"' \
	-DSF_LOCALEDIR='"$(LOCALEDIR)"' \
	-MMD -MP -include lib/banned.h
# WERROR=1 makes every warning an error: CI builds with it (.ci/run), so a
# warning cannot land. Off by default, so that a newer compiler's new
# warning does not stop a user's build. Passed on to every sub-make.
ifeq ($(WERROR),1)
override CFLAGS += -Werror
endif

# Debian packages the build, the tests and the demo need.
DEB_PKGS = build-essential pkg-config git libgit2-dev libyaml-dev \
	libcmocka-dev libutf8proc-dev libzip-dev libxlsxwriter-dev libssl-dev \
	libxxhash-dev mandoc \
	openssh-server \
	python3-yaml python3-jsonschema yamllint bsdextrautils bc time gettext

CMDS = $(sort $(patsubst cmd/%.c,%,$(wildcard cmd/sanfen*.c)))
BINS = $(addprefix bin/,$(CMDS))
LIB_OBJS = $(patsubst %.c,%.o,$(sort $(wildcard lib/*.c)))
CLI_OBJS = cmd/cli.o cmd/filter.o cmd/issue_step.o
UNIT_TESTS = $(patsubst %.c,%.t,$(sort $(wildcard tests/unit/*.c)))
CMD_TESTS = $(sort $(wildcard tests/cmd/*.t))
MAN1 = $(sort $(wildcard man/*.1))
MAN5 = $(sort $(wildcard man/*.5))
MAN7 = $(sort $(wildcard man/*.7))
# message catalogs: po/<lang>.po, built where SANFEN_LOCALEDIR=$(CURDIR)/locale
# finds them, installed under LOCALEDIR
LINGUAS = $(sort $(patsubst po/%.po,%,$(wildcard po/*.po)))
MOS = $(patsubst %,locale/%/LC_MESSAGES/sanfen.mo,$(LINGUAS))

all: $(BINS) $(MOS)

libsanfen.a: $(LIB_OBJS)
	$(AR) rcs $@ $(LIB_OBJS)

bin/%: cmd/%.o $(CLI_OBJS) libsanfen.a
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $< $(CLI_OBJS) libsanfen.a $(PKG_LIBS) -lm

tests/unit/%.t: tests/unit/%.o libsanfen.a
	$(CC) $(LDFLAGS) -o $@ $< libsanfen.a $(PKG_LIBS) $(CMOCKA_LIBS) -lm

locale/%/LC_MESSAGES/sanfen.mo: po/%.po
	@mkdir -p $(@D)
	$(MSGFMT) --check -o $@ $<

# Every message sink and the argument that is its format; _() and N_()
# mark the rest. tests/cmd/0070-i18n.t extracts with the same options.
XGETTEXT_KEYWORDS = sf_error:2 sf_error_at:3 sf_error_errno:1 sf_error_git:1 \
	sf_error_prefix:1 sf_diag_add:3 sf_cli_error:2 sf_cli_warn:2 \
	sf_cli_usage_error:2 sf_rd_bad:4 sf_rd_bad_key:4 sf_ssh_error:2 \
	finding:3 reject:4 refuse:4 vbad:5 fail_at:4 fail_ev:3 why:2 sf_warning:1
XGETTEXT_FLAGS = --from-code=UTF-8 --language=C --no-wrap --sort-by-file \
	--package-name=sanfen --package-version=$(VERSION) \
	-k_ -kN_ $(foreach k,$(XGETTEXT_KEYWORDS),-k$(k) \
	--flag=$(k):c-format) --flag=_:1:pass-c-format
# the pot, without formats that carry no words ("%s", "%s: %s")
POT = po/sanfen.pot
NO_WORDS = ^([^[:alpha:]%]|%[-+ \#0-9.]*[hljzt]*[a-zA-Z])*$$
pot:
	$(XGETTEXT) $(XGETTEXT_FLAGS) -o - lib/*.c cmd/*.c | \
	    $(MSGGREP) --no-wrap -v -K -E -e '$(NO_WORDS)' -o $(POT) -

# deps: install what is missing when root, else print the command.
deps:
	@missing=; \
	if ! command -v dpkg-query >/dev/null 2>&1; then \
		echo "deps: not a Debian system; make sure these are installed:" \
		    "$(DEB_PKGS)"; exit 0; \
	fi; \
	for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		    grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "deps: installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		    apt-get install -y -qq --no-install-recommends $$missing; \
	else \
		echo "deps: missing Debian packages; as root, run:"; \
		echo "  apt-get install -y$$missing"; exit 1; \
	fi

tests: $(BINS) $(MOS) $(UNIT_TESTS) bench/gen

check: deps
	@$(MAKE) --no-print-directory tests
	@$(MAKE) --no-print-directory check-layers
	@$(MAKE) --no-print-directory run-tests

# The floors of lib/ (HACKING.md, "Layers"): no module uses or includes
# one on a floor above its own, none is left out of tests/layers.sh's
# table, and none use each other in a circle.
check-layers: $(LIB_OBJS)
	@sh tests/layers.sh $(LIB_OBJS)

# Runs the tests already built: unit tests speak TAP through cmocka.
run-tests:
	@rm -rf tests/tmp && mkdir -p tests/tmp
	CMOCKA_MESSAGE_OUTPUT=TAP SANFEN_BUILD=$(CURDIR) \
	    $(PROVE) -j2 --exec '' $(UNIT_TESTS) $(CMD_TESTS)

# Every test again with each command and unit test under valgrind's
# memcheck: any error or leak fails the run.
VALGRIND = valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
	--suppressions=$(CURDIR)/tests/valgrind.supp \
	--error-exitcode=99
check-valgrind: tests
	@rm -rf tests/tmp && mkdir -p tests/tmp/vgbin
	@for c in $(CMDS); do \
		printf '#!/bin/sh\nexec $(VALGRIND) %s/bin/%s "$$@"\n' \
		    "$(CURDIR)" "$$c" >tests/tmp/vgbin/$$c; \
		chmod +x tests/tmp/vgbin/$$c; \
	done
	CMOCKA_MESSAGE_OUTPUT=TAP SANFEN_BUILD=$(CURDIR) \
	    SANFEN_BIN=$(CURDIR)/tests/tmp/vgbin \
	    $(PROVE) -j2 --exec '$(VALGRIND)' $(UNIT_TESTS) :: || exit 1
	CMOCKA_MESSAGE_OUTPUT=TAP SANFEN_BUILD=$(CURDIR) \
	    SANFEN_BIN=$(CURDIR)/tests/tmp/vgbin \
	    $(PROVE) -j2 --exec '' $(CMD_TESTS)

# The same with AddressSanitizer and UndefinedBehaviorSanitizer. The
# options are set in the tests' environment and compiled into every
# program (tests/asan_defaults.c) for the processes that do not inherit it.
# Leak stacks are unwound in full (fast_unwind_on_malloc=0), in every
# parser that reads the flag, so that tests/lsan.supp can name libgit2's
# entry points: see there. The count of suppressed leaks is not printed
# (print_suppressions=0): tests compare a command's whole stderr.
SAN_FLAGS = -fsanitize=address,undefined
ASAN_OPTS = detect_leaks=1:fast_unwind_on_malloc=0
LSAN_OPTS = suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0:fast_unwind_on_malloc=0
UBSAN_OPTS = halt_on_error=1:print_stacktrace=1
check-asan:
	$(MAKE) clean
	$(MAKE) CFLAGS="-O1 -g $(SAN_FLAGS) -fno-omit-frame-pointer" \
	    tests/asan_defaults.o
	$(MAKE) CFLAGS="-O1 -g $(SAN_FLAGS) -fno-omit-frame-pointer" \
	    LDFLAGS="$(SAN_FLAGS) $(CURDIR)/tests/asan_defaults.o" tests
	ASAN_OPTIONS=$(ASAN_OPTS) LSAN_OPTIONS=$(LSAN_OPTS) \
	    UBSAN_OPTIONS=$(UBSAN_OPTS) $(MAKE) run-tests

tests/asan_defaults.o: tests/asan_defaults.c
	$(CC) $(CFLAGS) -DSF_ASAN_OPTIONS='"$(ASAN_OPTS)"' \
	    -DSF_LSAN_OPTIONS='"$(LSAN_OPTS)"' \
	    -DSF_UBSAN_OPTIONS='"$(UBSAN_OPTS)"' -c -o $@ $<

# libFuzzer targets (clang): each runs FUZZ_SECONDS on a corpus seeded from
# examples/ and the test data; a crash stops the run and leaves its input.
FUZZ_TARGETS = $(patsubst tests/fuzz/%.c,tests/fuzz/%,$(wildcard tests/fuzz/*.c))
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
tests/fuzz/%: tests/fuzz/%.c $(wildcard lib/*.c lib/*.h)
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 \
	    -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Ilib $(PKG_CFLAGS) \
	    -DSF_VERSION='"$(VERSION)"' -DSF_DATADIR='"$(DATADIR)"' \
	    -DSF_LOCALEDIR='"$(LOCALEDIR)"' \
	    -o $@ $< $(wildcard lib/*.c) $(PKG_LIBS) -lm
fuzz: $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $$t.corpus; \
		cp examples/issues/*.yaml tests/unit/data/*/*.yaml \
		    examples/minutes-2024-10.yaml $$t.corpus/ 2>/dev/null; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
		    -print_final_stats=1 $$t.corpus >$$t.log 2>&1; \
		st=$$?; \
		grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|Done' \
		    $$t.log; \
		[ $$st -eq 0 ] || { echo "fuzz: $$t found a crash: see $$t.log"; \
		    exit 1; }; \
	done

demo: deps
	@$(MAKE) --no-print-directory all
	@sh examples/demo.sh $(CURDIR)/bin

bench/gen: bench/gen.o libsanfen.a
	$(CC) $(LDFLAGS) -o $@ $< libsanfen.a $(PKG_LIBS) -lm

# Figures, side by side with plain git and cat, into bench/results.md.
bench: deps
	@$(MAKE) --no-print-directory all bench/gen
	@sh bench/run.sh $(CURDIR)

# What users copy: the sample ledger builder and the CI recipes, into
# $(DATADIR)/examples/ beside the central repository's hook.
EXAMPLES = examples/sample-ledger.sh examples/demo.sh examples/minutes-2024-10.yaml
EXAMPLES_CI = examples/ci/month.sh examples/ci/github-actions.yml \
	examples/ci/gitlab-ci.yml

# Other parts of the build add their own install steps as prerequisites,
# each in a block of its own: `install: install-NAME` and `uninstall:
# uninstall-NAME` (the locale catalogs go to
# $(DESTDIR)$(PREFIX)/share/locale/LANG/LC_MESSAGES/sanfen.mo, which
# debian/rules and tests/cmd/0095-install.t already look for).
install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(DATADIR)/schema
	cp $(BINS) $(DESTDIR)$(BINDIR)/
	cp $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	cp $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	cp $(MAN7) $(DESTDIR)$(MANDIR)/man7/
	cp schema/*.json $(DESTDIR)$(DATADIR)/schema/
	mkdir -p $(DESTDIR)$(DATADIR)/examples/server
	cp examples/server/pre-receive $(DESTDIR)$(DATADIR)/examples/server/
	mkdir -p $(DESTDIR)$(DATADIR)/examples/ci $(DESTDIR)$(DATADIR)/examples/issues
	cp $(EXAMPLES) $(DESTDIR)$(DATADIR)/examples/
	cp $(EXAMPLES_CI) $(DESTDIR)$(DATADIR)/examples/ci/
	cp examples/issues/*.yaml $(DESTDIR)$(DATADIR)/examples/issues/
	mkdir -p $(DESTDIR)$(BASHCOMPDIR)
	cp completion/sanfen.bash $(DESTDIR)$(BASHCOMPDIR)/sanfen
	for c in $(filter-out sanfen,$(CMDS)); do \
		ln -sf sanfen $(DESTDIR)$(BASHCOMPDIR)/$$c; \
	done
	mkdir -p $(DESTDIR)$(ZSHCOMPDIR)
	cp completion/_sanfen $(DESTDIR)$(ZSHCOMPDIR)/_sanfen
	for l in $(LINGUAS); do \
		mkdir -p $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
		cp locale/$$l/LC_MESSAGES/sanfen.mo \
		    $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/sanfen.mo; \
	done

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(CMDS))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(MAN5)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(MAN7)))
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(addprefix $(DESTDIR)$(BASHCOMPDIR)/,$(CMDS))
	rm -f $(DESTDIR)$(ZSHCOMPDIR)/_sanfen
	rm -f $(patsubst %,$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/sanfen.mo,$(LINGUAS))

clean:
	rm -rf bin locale tests/tmp libsanfen.a lib/*.o lib/*.d cmd/*.o cmd/*.d \
	    bench/gen bench/*.o bench/*.d $(FUZZ_TARGETS) tests/fuzz/*.corpus \
	    tests/fuzz/*.log tests/asan_defaults.o tests/asan_defaults.d \
	    tests/unit/*.o tests/unit/*.d tests/unit/*.t sanfen-*.tar.gz \
	    build-deb

# The tarball holds exactly the files git tracks (commit what you want
# shipped); an unpacked tarball, with no git, cannot tell its own files
# from build products, so it says so rather than guess.
dist:
	@[ "$$(git rev-parse --show-toplevel 2>/dev/null)" = "$(CURDIR)" ] || { \
		echo "dist: not a git checkout: make dist packs git ls-files;" \
		    "make it from a clone of the sources"; exit 1; }
	rm -rf sanfen-$(VERSION)
	mkdir sanfen-$(VERSION)
	git ls-files | tar -cf - -T - | tar -xf - -C sanfen-$(VERSION)
	tar -czf sanfen-$(VERSION).tar.gz --owner=0 --group=0 --sort=name \
	    sanfen-$(VERSION)
	rm -rf sanfen-$(VERSION)

# distcheck, as automake's: the tarball unpacked in a scratch directory
# builds, passes its own make check, installs and uninstalls with DESTDIR.
# A second full run of the tests: not part of make check.
distcheck: dist
	@d=$$(mktemp -d "$${TMPDIR:-/tmp}/sanfen-distcheck.XXXXXX") && \
	tar -xzf sanfen-$(VERSION).tar.gz -C "$$d" && \
	$(MAKE) -C "$$d/sanfen-$(VERSION)" check && \
	$(MAKE) -C "$$d/sanfen-$(VERSION)" install DESTDIR="$$d/dest" && \
	$(MAKE) -C "$$d/sanfen-$(VERSION)" uninstall DESTDIR="$$d/dest" && \
	left=$$(find "$$d/dest" -type f -o -type l) && \
	if [ -n "$$left" ]; then \
		echo "distcheck: uninstall left:" $$left; exit 1; fi && \
	rm -rf "$$d" && \
	echo "distcheck: sanfen-$(VERSION).tar.gz is ready for distribution"

# deb: the Debian package from the tarball, built in build-deb/ (so that
# dpkg-buildpackage writes nowhere else); needs dpkg-dev and debhelper.
# debian/rules runs the tests (DEB_BUILD_OPTIONS=nocheck skips them);
# tests/pkg/deb.t then looks into the package.
deb: dist
	@command -v dpkg-buildpackage >/dev/null 2>&1 && \
	    command -v dh >/dev/null 2>&1 || { \
		echo "deb: needs dpkg-buildpackage and dh; as root, run:"; \
		echo "  apt-get install -y dpkg-dev debhelper"; exit 1; }
	rm -rf build-deb && mkdir build-deb
	tar -xzf sanfen-$(VERSION).tar.gz -C build-deb
	cd build-deb/sanfen-$(VERSION) && dpkg-buildpackage -us -uc -b
	SANFEN_DEB=$$(ls $(CURDIR)/build-deb/sanfen_$(VERSION)_*.deb) \
	    $(PROVE) --exec '' tests/pkg/deb.t
	@ls build-deb/*.deb

.PHONY: all deps tests check check-layers run-tests check-valgrind check-asan \
	fuzz demo bench install uninstall clean dist distcheck deb pot
.SECONDARY:

-include $(wildcard lib/*.d cmd/*.d tests/unit/*.d bench/*.d)
