/* Unit tests: lib/buf.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"

static void
test_buf_add(void **state)
{
	struct sf_buf b = SF_BUF_INIT;

	assert_string_equal(b.buf, "");
	sf_buf_addstr(&b, "宁波");
	sf_buf_addch(&b, '-');
	sf_buf_addf(&b, "%d件", 12);
	assert_string_equal(b.buf, "宁波-12件");
	assert_int_equal(b.len, strlen("宁波-12件"));
	sf_buf_reset(&b);
	assert_string_equal(b.buf, "");
	assert_int_equal(b.len, 0);
	sf_buf_release(&b);
}


/* An initialiser alone makes a usable empty buffer, with no call. */
static struct sf_buf file_scope = SF_BUF_INIT;

static void
test_buf_init_alone(void **state)
{
	struct sf_buf a = SF_BUF_INIT, b = SF_BUF_INIT, c;
	size_t len;
	char *s;

	(void)state;
	assert_string_equal(a.buf, "");
	assert_int_equal(a.len, 0);
	assert_string_equal(file_scope.buf, "");
	/* nothing that does not grow it writes to or frees the shared "" */
	sf_buf_release(&a);
	sf_buf_reset(&a);
	sf_buf_rtrim(&a);
	sf_buf_setlen(&a, 0);
	assert_string_equal(a.buf, "");
	assert_true(a.buf == sf_buf_slopbuf);
	/* detach hands over a string of the caller's own */
	s = sf_buf_detach(&a, &len);
	assert_true(s != sf_buf_slopbuf);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	assert_string_equal(a.buf, "");
	/* growing one leaves the others empty */
	sf_buf_addstr(&a, "舟山");
	sf_buf_addf(&file_scope, "%d", 7);
	assert_string_equal(a.buf, "舟山");
	assert_string_equal(file_scope.buf, "7");
	assert_string_equal(b.buf, "");
	assert_string_equal(sf_buf_slopbuf, "");
	s = sf_buf_detach(&a, NULL);
	assert_string_equal(s, "舟山");
	free(s);
	sf_buf_release(&file_scope);
	assert_string_equal(file_scope.buf, "");
	/* sf_buf_init makes the same */
	memset(&c, 0xff, sizeof(c));
	sf_buf_init(&c);
	assert_true(c.buf == b.buf);
	assert_int_equal(c.len, 0);
	assert_int_equal(c.alloc, 0);
	sf_buf_grow(&c, 100);
	assert_true(c.alloc > 100);
	assert_string_equal(c.buf, "");
	sf_buf_release(&c);
	sf_buf_release(&b);
}

static void
test_buf_grow_large(void **state)
{
	struct sf_buf b = SF_BUF_INIT;
	size_t i;

	for (i = 0; i < 10000; i++)
		sf_buf_addf(&b, "%05zu", i);
	assert_int_equal(b.len, 50000);
	assert_memory_equal(b.buf + 49995, "09999", 5);
	assert_int_equal(b.buf[b.len], '\0');
	sf_buf_release(&b);
}


static void
test_buf_detach_rtrim(void **state)
{
	struct sf_buf b = SF_BUF_INIT;
	size_t len;
	char *s;

	s = sf_buf_detach(&b, &len);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	sf_buf_addstr(&b, "text \t\n\n");
	sf_buf_rtrim(&b);
	assert_string_equal(b.buf, "text");
	s = sf_buf_detach(&b, &len);
	assert_string_equal(s, "text");
	assert_int_equal(len, 4);
	assert_string_equal(b.buf, "");
	free(s);
}


static void
test_buf_read_file_limit(void **state)
{
	char path[] = "/tmp/sanfen-buf-XXXXXX";
	struct sf_buf b = SF_BUF_INIT;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "0123456789", 10), 10);
	close(fd);
	assert_int_equal(sf_buf_read_file(&b, path, 10), 0);
	assert_string_equal(b.buf, "0123456789");
	sf_buf_reset(&b);
	assert_int_equal(sf_buf_read_file(&b, path, 9), -1);
	assert_int_equal(b.len, 0);
	assert_int_equal(sf_buf_read_file(&b, "/nonexistent/x", 9), -1);
	assert_int_equal(sf_buf_read_file(&b, "/tmp", 9), -1);
	unlink(path);
	sf_buf_release(&b);
}


/* s escaped, after a prefix already in the buffer */
static void
escapes_to(const char *s, const char *want)
{
	struct sf_buf b = SF_BUF_INIT;

	sf_buf_addstr(&b, "> ");
	sf_buf_add_escaped(&b, s);
	if (strncmp(b.buf, "> ", 2) != 0 || strcmp(b.buf + 2, want) != 0) {
		struct sf_buf hex = SF_BUF_INIT;
		size_t i;

		/* the bytes, since what failed may not print */
		for (i = 2; i < b.len; i++)
			sf_buf_addf(&hex, " %02x", (unsigned char)b.buf[i]);
		fail_msg("escaped to bytes%s, want '%s'", hex.buf, want);
	}
	assert_int_equal(b.len, 2 + strlen(want));
	sf_buf_release(&b);
}

static void
test_escaped_controls(void **state)
{
	escapes_to("", "");
	escapes_to("plain ASCII: a-z 0-9 ~!@#$%^&*()", "plain ASCII: a-z 0-9 "
	    "~!@#$%^&*()");
	escapes_to("a\nb", "a\\nb");
	escapes_to("a\tb", "a\\tb");
	escapes_to("\x1b[31mred\x1b[0m", "\\e[31mred\\e[0m");
	escapes_to("\x1b]0;title\x07", "\\e]0;title\\x07");
	escapes_to("\r", "\\x0d");
	escapes_to("\x01\x1f", "\\x01\\x1f");
	escapes_to("\x7f", "\\x7f");
	escapes_to("a\\b", "a\\\\b");
	escapes_to("\\n", "\\\\n");
	escapes_to("\\\\", "\\\\\\\\");
}

static void
test_escaped_bidi(void **state)
{
	/* U+202A..U+202E and U+2066..U+2069 reorder what follows */
	escapes_to("\xe2\x80\xae", "\\u202e");
	escapes_to("abc\xe2\x80\xae" "cba", "abc\\u202ecba");
	escapes_to("\xe2\x80\xaa", "\\u202a");
	escapes_to("\xe2\x81\xa6x\xe2\x81\xa9", "\\u2066x\\u2069");
	/* their neighbours are ordinary text */
	escapes_to("\xe2\x80\xa9", "\xe2\x80\xa9");	/* U+2029 */
	escapes_to("\xe2\x80\xaf", "\xe2\x80\xaf");	/* U+202F */
	escapes_to("\xe2\x81\xa5", "\xe2\x81\xa5");	/* U+2065 */
	escapes_to("\xe2\x81\xaa", "\xe2\x81\xaa");	/* U+206A */
	escapes_to("—“三分”", "—“三分”");
	/* a mark cut short is invalid UTF-8, not a mark */
	escapes_to("\xe2\x80", "\\xe2\\x80");
}

static void
test_escaped_utf8(void **state)
{
	escapes_to("宁波舟山港梅山港区", "宁波舟山港梅山港区");
	escapes_to("〔2024〕10号：省自然资源厅", "〔2024〕10号：省自然资源厅");
	escapes_to("é", "é");
	escapes_to("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");	/* U+1F600 */
	escapes_to("\xff", "\\xff");
	escapes_to("a\xfe" "b", "a\\xfeb");
	escapes_to("\x80", "\\x80");
	escapes_to("宁\xe5\xae", "宁\\xe5\\xae");
	escapes_to("\xe5\xae" "x", "\\xe5\\xaex");
	escapes_to("\xc0\xaf", "\\xc0\\xaf");
	escapes_to("\xc1\xbf", "\\xc1\\xbf");
	escapes_to("\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80");
}

/*
 * What is not UTF-8 though it has the shape of it: overlong forms, the
 * surrogates, and past U+10FFFF. A lenient terminal may decode them, and
 * the overlong form of U+202E would then reorder the text after all.
 */
static void
test_escaped_not_utf8(void **state)
{
	escapes_to("\xe0\x80\xaf", "\\xe0\\x80\\xaf");	/* '/' in 3 bytes */
	escapes_to("\xf0\x82\x80\xae", "\\xf0\\x82\\x80\\xae");	/* U+202E */
	escapes_to("\xed\xa0\x80", "\\xed\\xa0\\x80");	/* U+D800 */
	escapes_to("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");	/* 0x110000 */
}

/*
 * The C1 controls U+0080..U+009F are control characters too: U+009B is
 * CSI, which terminals take as ESC [. However they are written, they
 * must not reach the terminal as they are.
 */
static void
test_escaped_c1_controls(void **state)
{
	static const char *const c1[] = { "\xc2\x80", "\xc2\x85", "\xc2\x9b",
		"\xc2\x9d", "\xc2\x9f", NULL };
	struct sf_buf b = SF_BUF_INIT;
	size_t i;

	for (i = 0; c1[i]; i++) {
		sf_buf_add_escaped(&b, c1[i]);
		if (strstr(b.buf, c1[i]))
			fail_msg("U+%04X passed through unescaped",
			    (unsigned)(unsigned char)c1[i][1]);
		assert_true(b.len > 0);
		sf_buf_release(&b);
	}
	/* the printable neighbours stay */
	escapes_to("\xc2\xa0\xc2\xa9", "\xc2\xa0\xc2\xa9");	/* nbsp, © */
}

static void
test_escaped_marks(void **state)
{
	/* LRM, RLM and ALM reorder text too */
	escapes_to("a\xe2\x80\x8e" "b", "a\\u200eb");
	escapes_to("a\xe2\x80\x8f" "b", "a\\u200fb");
	escapes_to("\xd8\x9c", "\\u061c");
	/* their neighbours: ZWJ, the Arabic comma */
	escapes_to("\xe2\x80\x8d", "\xe2\x80\x8d");
	escapes_to("\xd8\x8c", "\xd8\x8c");
	assert_true(sf_cp_control(0x1b));
	assert_true(sf_cp_control(0x9b));
	assert_true(sf_cp_control(0x202e));
	assert_true(sf_cp_control(0x2069));
	assert_false(sf_cp_control(' '));
	assert_false(sf_cp_control(0xa0));
	assert_false(sf_cp_control(0x5b81));	/* 宁 */
}

/* s escaped as text a person reads */
static void
text_escapes_to(const char *s, const char *want)
{
	struct sf_buf b = SF_BUF_INIT;

	sf_buf_add_escaped_text(&b, s);
	assert_string_equal(b.buf, want);
	sf_buf_release(&b);
}

static void
test_escaped_text(void **state)
{
	/* newlines, tabs and backslashes are text */
	text_escapes_to("第一行\n\t第二行 C:\\dir", "第一行\n\t第二行 C:\\dir");
	/* what a terminal acts on, or what reorders, is not */
	text_escapes_to("\x1b[2J\x1b]0;x\x07", "\\e[2J\\e]0;x\\x07");
	text_escapes_to("a\rb", "a\\x0db");
	text_escapes_to("宁波\xe2\x80\xae港\xe2\x80\x8f", "宁波\\u202e港\\u200f");
	text_escapes_to("\xc2\x9b" "31m", "\\u009b31m");
	text_escapes_to("\xff", "\\xff");
}

static char *
tmp_file(const char *text)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/sanfen-buf-XXXXXX");
	assert_true((fd = mkstemp(path)) >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* A FIFO, a device, a folder: refused at once, never waited on. */
static void
test_buf_read_not_regular(void **state)
{
	char dir[] = "/tmp/sanfen-buf-XXXXXX", fifo[64];
	struct sf_buf b = SF_BUF_INIT;

	assert_non_null(mkdtemp(dir));
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	alarm(10);	/* a read that waits fails the test */
	assert_int_equal(sf_buf_read_file(&b, fifo, 100), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(sf_buf_read_nofollow(&b, fifo, "fifo", 100), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(sf_buf_read_file(&b, "/dev/null", 100), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(sf_buf_read_file(&b, dir, 100), -1);
	assert_int_equal(errno, EISDIR);
	alarm(0);
	assert_int_equal(b.len, 0);
	unlink(fifo);
	rmdir(dir);
	sf_buf_release(&b);
}

/* No symbolic link followed below the root, at any depth. */
static void
test_buf_read_nofollow(void **state)
{
	char root[] = "/tmp/sanfen-buf-XXXXXX", p[256], q[256], target[64];
	struct sf_buf b = SF_BUF_INIT;

	snprintf(target, sizeof(target), "%s",
	    tmp_file("secret: the target\n"));

	assert_non_null(mkdtemp(root));
	snprintf(p, sizeof(p), "%s/issues", root);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/issues/a.yaml", root);
	snprintf(q, sizeof(q), "%s", target);
	assert_int_equal(symlink(q, p), 0);
	snprintf(p, sizeof(p), "%s/issues/b.yaml", root);
	assert_int_equal(rename(tmp_file("title: b\n"), p), 0);
	snprintf(p, sizeof(p), "%s/linked", root);
	snprintf(q, sizeof(q), "%s/issues", root);
	assert_int_equal(symlink(q, p), 0);

	/* a plain file below the root */
	snprintf(p, sizeof(p), "%s/issues/b.yaml", root);
	assert_int_equal(sf_buf_read_nofollow(&b, p, "issues/b.yaml", 100), 0);
	assert_string_equal(b.buf, "title: b\n");
	sf_buf_reset(&b);
	/* the file a link */
	snprintf(p, sizeof(p), "%s/issues/a.yaml", root);
	assert_int_equal(sf_buf_read_nofollow(&b, p, "issues/a.yaml", 100),
	    -1);
	assert_int_equal(errno, ELOOP);
	/* without rel, its last component is held to it all the same */
	assert_int_equal(sf_buf_read_nofollow(&b, p, NULL, 100), -1);
	assert_int_equal(errno, ELOOP);
	/* a folder on the way a link */
	snprintf(p, sizeof(p), "%s/linked/b.yaml", root);
	assert_int_equal(sf_buf_read_nofollow(&b, p, "linked/b.yaml", 100),
	    -1);
	assert_true(errno == ELOOP || errno == ENOTDIR);
	/* the root itself may be reached through a link */
	snprintf(p, sizeof(p), "%s/linked/b.yaml", root);
	assert_int_equal(sf_buf_read_nofollow(&b, p, "b.yaml", 100), 0);
	assert_string_equal(b.buf, "title: b\n");
	/* sf_buf_read_file follows links, as before */
	sf_buf_reset(&b);
	snprintf(p, sizeof(p), "%s/issues/a.yaml", root);
	assert_int_equal(sf_buf_read_file(&b, p, 100), 0);
	assert_int_equal(b.len, 0 + strlen("secret: the target\n"));
	/* the limit holds */
	sf_buf_reset(&b);
	snprintf(p, sizeof(p), "%s/issues/b.yaml", root);
	assert_int_equal(sf_buf_read_nofollow(&b, p, "issues/b.yaml", 3), -1);
	assert_int_equal(errno, EFBIG);

	snprintf(p, sizeof(p), "rm -rf %s", root);
	assert_int_equal(system(p), 0);
	unlink(target);
	sf_buf_release(&b);
}

/* What the user names: a pipe, a device, read to the end. */
static void
test_buf_read_stream(void **state)
{
	struct sf_buf b = SF_BUF_INIT;
	char path[64];
	int fds[2], saved;

	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "title: 管道\n", strlen("title: 管道\n")),
	    (ssize_t)strlen("title: 管道\n"));
	close(fds[1]);
	saved = dup(0);
	assert_int_equal(dup2(fds[0], 0), 0);
	close(fds[0]);
	assert_int_equal(sf_buf_read_stream(&b, "/dev/stdin", 100), 0);
	assert_string_equal(b.buf, "title: 管道\n");
	dup2(saved, 0);
	close(saved);
	/* a regular file, its limit; a device; a folder */
	sf_buf_reset(&b);
	snprintf(path, sizeof(path), "%s", tmp_file("0123456789"));
	assert_int_equal(sf_buf_read_stream(&b, path, 10), 0);
	assert_string_equal(b.buf, "0123456789");
	sf_buf_reset(&b);
	assert_int_equal(sf_buf_read_stream(&b, path, 9), -1);
	assert_int_equal(errno, EFBIG);
	unlink(path);
	sf_buf_reset(&b);
	assert_int_equal(sf_buf_read_stream(&b, "/dev/null", 9), 0);
	assert_int_equal(b.len, 0);
	assert_int_equal(sf_buf_read_stream(&b, "/tmp", 9), -1);
	assert_int_equal(errno, EISDIR);
	sf_buf_release(&b);
}

static void
test_buf_setlen(void **state)
{
	struct sf_buf b = SF_BUF_INIT;

	/* an empty buffer, not yet allocated: nothing to cut, nothing
	 * written to the shared empty string */
	sf_buf_setlen(&b, 0);
	assert_string_equal(b.buf, "");
	assert_int_equal(b.len, 0);
	sf_buf_addstr(&b, "issues/2024/10/a.yaml");
	sf_buf_setlen(&b, strlen("issues/2024/"));
	assert_string_equal(b.buf, "issues/2024/");
	assert_int_equal(b.len, 12);
	sf_buf_addstr(&b, "11/b.yaml");
	assert_string_equal(b.buf, "issues/2024/11/b.yaml");
	/* the same length, or more, changes nothing */
	sf_buf_setlen(&b, b.len);
	assert_string_equal(b.buf, "issues/2024/11/b.yaml");
	sf_buf_setlen(&b, b.len + 10);
	assert_string_equal(b.buf, "issues/2024/11/b.yaml");
	assert_int_equal(b.len, strlen("issues/2024/11/b.yaml"));
	/* bytes, not characters */
	sf_buf_reset(&b);
	sf_buf_addstr(&b, "宁波");
	sf_buf_setlen(&b, 3);
	assert_string_equal(b.buf, "宁");
	assert_int_equal(b.len, 3);
	sf_buf_setlen(&b, 0);
	assert_string_equal(b.buf, "");
	assert_int_equal(b.len, 0);
	sf_buf_release(&b);
}


int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_add),
		cmocka_unit_test(test_buf_init_alone),
		cmocka_unit_test(test_buf_grow_large),
		cmocka_unit_test(test_buf_detach_rtrim),
		cmocka_unit_test(test_buf_read_file_limit),
		cmocka_unit_test(test_escaped_controls),
		cmocka_unit_test(test_escaped_bidi),
		cmocka_unit_test(test_escaped_utf8),
		cmocka_unit_test(test_escaped_not_utf8),
		cmocka_unit_test(test_escaped_c1_controls),
		cmocka_unit_test(test_escaped_marks),
		cmocka_unit_test(test_escaped_text),
		cmocka_unit_test(test_buf_read_not_regular),
		cmocka_unit_test(test_buf_read_nofollow),
		cmocka_unit_test(test_buf_read_stream),
		cmocka_unit_test(test_buf_setlen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
