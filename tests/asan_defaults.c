/*
 * Linked into every program that make check-asan builds, and into no
 * other build: the sanitizers' options (SF_ASAN_OPTIONS and the others,
 * from the Makefile) as the programs' own defaults, so that they hold in
 * every process, not only in those that inherit the environment of make
 * check-asan. sshd starts the central repository's pre-receive hook of
 * tests/cmd/0081 with an environment of its own, without ASAN_OPTIONS or
 * LSAN_OPTIONS; and an ASAN_OPTIONS given to make on its command line
 * replaces the whole string the Makefile sets. The environment still
 * overrides each option it names.
 *
 * fast_unwind_on_malloc=0 matters most: unwound by frame pointers, a
 * stack stops in the first library built without them (libpcre2,
 * libgit2), before the libgit2 entry point that tests/lsan.supp names.
 */

const char *__asan_default_options(void);
const char *__lsan_default_options(void);
const char *__ubsan_default_options(void);

const char *
__asan_default_options(void)
{
	return SF_ASAN_OPTIONS;
}

const char *
__lsan_default_options(void)
{
	return SF_LSAN_OPTIONS;
}

const char *
__ubsan_default_options(void)
{
	return SF_UBSAN_OPTIONS;
}
