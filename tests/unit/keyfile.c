/* Unit tests: lib/keyfile.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "keyfile.h"

static char dir[] = "/tmp/sanfen-keyfile-XXXXXX";

static const struct sf_keyfile_kind kind = { "SFTESTKF", 3 };
static const unsigned char key[SF_KEY_LEN] = "0123456789abcdefghi";
static const char body[] = "宁波舟山港\0and a NUL, and more bytes";

static char *
path_of(const char *name)
{
	static char p[512];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

/* The whole file at path, into b */
static void
slurp(struct sf_buf *b, const char *path)
{
	sf_buf_reset(b);
	assert_int_equal(sf_buf_read_file(b, path, 1u << 20), 0);
}

static void
spit(const struct sf_buf *b, const char *path)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(b->buf, 1, b->len, f), b->len);
	assert_int_equal(fclose(f), 0);
}

/* Files in dir besides the ones named: a temporary file left behind */
static size_t
entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void
test_byte_order(void **state)
{
	struct sf_buf b = SF_BUF_INIT;
	struct sf_get g;
	const unsigned char *p;
	const char *s;
	size_t len;

	(void)state;
	sf_put32(&b, 0x04030201u);
	sf_put64(&b, 0x0c0b0a0908070605ull);
	sf_putstr(&b, "甬");
	sf_putstr(&b, NULL);
	sf_putstr(&b, "");
	assert_int_equal(b.len, 4 + 8 + 4 + 3 + 4 + 4);
	assert_memory_equal(b.buf, "\1\2\3\4\5\6\7\10\11\12\13\14\3\0\0\0",
	    16);
	assert_int_equal(sf_le32_get((const unsigned char *)b.buf),
	    0x04030201u);
	assert_true(sf_le64_get((const unsigned char *)b.buf + 4) ==
	    0x0c0b0a0908070605ull);

	g.p = (const unsigned char *)b.buf;
	g.end = g.p + b.len;
	g.bad = 0;
	assert_int_equal(sf_get32(&g), 0x04030201u);
	assert_true(sf_get64(&g) == 0x0c0b0a0908070605ull);
	s = sf_getstr(&g, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(s, "甬", 3);
	assert_null(sf_getstr(&g, &len));	/* none */
	assert_int_equal(g.bad, 0);
	s = sf_getstr(&g, &len);		/* empty, not none */
	assert_non_null(s);
	assert_int_equal(len, 0);
	assert_true(g.p == g.end);
	assert_int_equal(g.bad, 0);
	/* past the end: zero, and bad */
	assert_int_equal(sf_get32(&g), 0);
	assert_int_equal(g.bad, 1);

	/* a string longer than what is left, or holding a NUL */
	g.p = (const unsigned char *)"\5\0\0\0abc";
	g.end = g.p + 7;
	g.bad = 0;
	assert_null(sf_getstr(&g, &len));
	assert_int_equal(g.bad, 1);
	assert_true(g.p == g.end);
	g.p = (const unsigned char *)"\3\0\0\0a\0c";
	g.end = g.p + 7;
	g.bad = 0;
	assert_null(sf_getstr(&g, &len));
	assert_int_equal(g.bad, 1);
	g.p = (const unsigned char *)"abcd";
	g.end = g.p + 4;
	g.bad = 0;
	assert_non_null(p = sf_get_bytes(&g, 4));
	assert_null(sf_get_bytes(&g, 1));
	assert_int_equal(g.bad, 1);
	sf_buf_release(&b);
}

static void
test_round_trip(void **state)
{
	struct sf_buf b = SF_BUF_INIT;
	char *p = path_of("sub/round");

	(void)state;
	/* the folder is made */
	assert_int_equal(sf_keyfile_write(p, &kind, key, body, sizeof(body)),
	    0);
	assert_int_equal(sf_keyfile_read(&b, p, &kind, key, 1u << 20), 0);
	assert_int_equal(b.len, sizeof(body));
	assert_memory_equal(b.buf, body, sizeof(body));
	/* written again over it; an empty body */
	assert_int_equal(sf_keyfile_write(p, &kind, key, "", 0), 0);
	assert_int_equal(sf_keyfile_read(&b, p, &kind, key, 1u << 20), 0);
	assert_int_equal(b.len, 0);
	/* too large to read */
	assert_int_equal(sf_keyfile_write(p, &kind, key, body, sizeof(body)),
	    0);
	assert_int_equal(sf_keyfile_read(&b, p, &kind, key, 40), -1);
	assert_int_equal(b.len, 0);
	/* none there */
	assert_int_equal(sf_keyfile_read(&b, path_of("none"), &kind, key,
	    1u << 20), -1);
	sf_buf_release(&b);
}

/* Every byte flipped in turn, and the file cut short at every length:
 * each refused */
static void
test_flipped_byte(void **state)
{
	struct sf_buf b = SF_BUF_INIT, orig = SF_BUF_INIT, out = SF_BUF_INIT;
	char *p = path_of("flip");
	size_t i;

	(void)state;
	assert_int_equal(sf_keyfile_write(p, &kind, key, body, sizeof(body)),
	    0);
	slurp(&orig, p);
	assert_int_equal(orig.len, SF_KEYFILE_HEAD(16) + sizeof(body));
	for (i = 0; i < orig.len; i++) {
		sf_buf_reset(&b);
		sf_buf_add(&b, orig.buf, orig.len);
		b.buf[i] ^= 0x10;
		spit(&b, p);
		if (sf_keyfile_read(&out, p, &kind, key, 1u << 20) == 0)
			fail_msg("byte %zu flipped: read", i);
	}
	for (i = 0; i < orig.len; i++) {
		sf_buf_reset(&b);
		sf_buf_add(&b, orig.buf, i);
		spit(&b, p);
		if (sf_keyfile_read(&out, p, &kind, key, 1u << 20) == 0)
			fail_msg("cut at %zu: read", i);
	}
	/* a byte more */
	sf_buf_reset(&b);
	sf_buf_add(&b, orig.buf, orig.len);
	sf_buf_addch(&b, 'x');
	spit(&b, p);
	assert_int_equal(sf_keyfile_read(&out, p, &kind, key, 1u << 20), -1);
	/* as it was: read */
	spit(&orig, p);
	assert_int_equal(sf_keyfile_read(&out, p, &kind, key, 1u << 20), 0);
	sf_buf_release(&b);
	sf_buf_release(&orig);
	sf_buf_release(&out);
}

static void
test_wrong_key(void **state)
{
	static const struct sf_keyfile_kind other_magic = { "SFOTHERK", 3 };
	static const struct sf_keyfile_kind other_version = { "SFTESTKF", 4 };
	unsigned char k2[SF_KEY_LEN];
	struct sf_buf b = SF_BUF_INIT;
	char *p = path_of("key");

	(void)state;
	memcpy(k2, key, SF_KEY_LEN);
	k2[SF_KEY_LEN - 1] ^= 1;
	assert_int_equal(sf_keyfile_write(p, &kind, key, body, sizeof(body)),
	    0);
	assert_int_equal(sf_keyfile_read(&b, p, &kind, k2, 1u << 20), -1);
	assert_int_equal(sf_keyfile_read(&b, p, &other_magic, key, 1u << 20),
	    -1);
	assert_int_equal(sf_keyfile_read(&b, p, &other_version, key,
	    1u << 20), -1);
	assert_int_equal(sf_keyfile_read(&b, p, &kind, key, 1u << 20), 0);
	sf_buf_release(&b);
}

static void
test_symlink_not_followed(void **state)
{
	struct sf_buf b = SF_BUF_INIT, t = SF_BUF_INIT;
	char target[512], *p;
	size_t size;
	struct stat st;

	(void)state;
	snprintf(target, sizeof(target), "%s", path_of("target"));
	assert_int_equal(sf_keyfile_write(target, &kind, key, body,
	    sizeof(body)), 0);
	p = path_of("link");
	assert_int_equal(symlink(target, p), 0);
	/* a good file behind the link: not read */
	assert_int_equal(sf_keyfile_read(&b, p, &kind, key, 1u << 20), -1);
	assert_int_equal(sf_keyfile_open(p, &size), -1);
	/* written: the link replaced, its target untouched */
	slurp(&t, target);
	assert_int_equal(sf_keyfile_write(p, &kind, key, "new", 3), 0);
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	slurp(&b, target);
	assert_int_equal(b.len, t.len);
	assert_memory_equal(b.buf, t.buf, t.len);
	assert_int_equal(sf_keyfile_read(&b, p, &kind, key, 1u << 20), 0);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.buf, "new", 3);
	sf_buf_release(&b);
	sf_buf_release(&t);
}

static void
test_fifo_not_waited_on(void **state)
{
	struct sf_buf b = SF_BUF_INIT;
	char *p = path_of("fifo");
	size_t size;
	struct stat st;

	(void)state;
	assert_int_equal(mkfifo(p, 0600), 0);
	assert_int_equal(sf_keyfile_read(&b, p, &kind, key, 1u << 20), -1);
	assert_int_equal(sf_keyfile_open(p, &size), -1);
	assert_int_equal(sf_keyfile_open(dir, &size), -1);
	assert_int_equal(sf_keyfile_write(p, &kind, key, body, 3), 0);
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	sf_buf_release(&b);
}

/* Written as it goes, with fields of its own and the header last */
static void
test_stream(void **state)
{
	unsigned char fields[12], h[SF_KEYFILE_HEAD(12)];
	const unsigned char *m;
	struct sf_keyfile_out o;
	struct sf_buf b = SF_BUF_INIT;
	char *p = path_of("stream");
	size_t n0, size;
	int fd;

	(void)state;
	n0 = entries();
	assert_int_equal(sf_keyfile_begin(&o, p, sizeof(h)), 0);
	sf_keyfile_add(&o, "abc", 3);
	sf_keyfile_add(&o, "def", 3);
	sf_le32_put(fields, 2);
	sf_le64_put(fields + 4, 6);
	sf_keyfile_header(h, &kind, key, fields, sizeof(fields));
	assert_int_equal(access(p, F_OK), -1);	/* not there until done */
	assert_int_equal(sf_keyfile_end(&o, h, sizeof(h)), 0);
	assert_int_equal(sf_keyfile_install(&o), 0);
	assert_int_equal(entries(), n0 + 1);
	sf_keyfile_drop(&o);			/* nothing left to drop */

	assert_true((fd = sf_keyfile_open(p, &size)) >= 0);
	assert_int_equal(size, sizeof(h) + 6);
	close(fd);
	slurp(&b, p);
	m = (const unsigned char *)b.buf;
	assert_int_equal(sf_keyfile_check(m, &kind, key, sizeof(fields)), 0);
	assert_int_equal(sf_le32_get(m + SF_KEYFILE_FIELDS), 2);
	assert_true(sf_le64_get(m + SF_KEYFILE_FIELDS + 4) == 6);
	assert_memory_equal(b.buf + sizeof(h), "abcdef", 6);
	/* the header checked with other fields' length, another key */
	assert_int_equal(sf_keyfile_check(m, &kind, key, 4), -1);
	b.buf[SF_KEYFILE_FIELDS] ^= 1;
	assert_int_equal(sf_keyfile_check(m, &kind, key, sizeof(fields)), -1);

	/* dropped: nothing left, the old file kept */
	assert_int_equal(sf_keyfile_begin(&o, p, sizeof(h)), 0);
	sf_keyfile_add(&o, "xyz", 3);
	assert_int_equal(entries(), n0 + 2);
	sf_keyfile_drop(&o);
	assert_int_equal(entries(), n0 + 1);
	slurp(&b, p);
	assert_int_equal(b.len, sizeof(h) + 6);

	/* a folder that cannot be made: every step fails */
	assert_int_equal(sf_keyfile_begin(&o, "/nonexistent/a/b", 8), -1);
	sf_keyfile_add(&o, "x", 1);
	assert_int_equal(sf_keyfile_end(&o, h, 8), -1);
	assert_int_equal(sf_keyfile_install(&o), -1);
	sf_keyfile_drop(&o);
	sf_buf_release(&b);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	struct sf_buf cmd = SF_BUF_INIT;
	int rc;

	(void)state;
	sf_buf_addf(&cmd, "rm -rf %s", dir);
	rc = system(cmd.buf);
	sf_buf_release(&cmd);
	return rc == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_byte_order),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_flipped_byte),
		cmocka_unit_test(test_wrong_key),
		cmocka_unit_test(test_symlink_not_followed),
		cmocka_unit_test(test_fifo_not_waited_on),
		cmocka_unit_test(test_stream),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
