#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "keyfile.h"
#include "tmpfile.h"
#include "xalloc.h"

/* Byte order */

void
sf_le32_put(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

void
sf_le64_put(unsigned char *p, uint64_t v)
{
	sf_le32_put(p, (uint32_t)v);
	sf_le32_put(p + 4, (uint32_t)(v >> 32));
}

uint32_t
sf_le32_get(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

uint64_t
sf_le64_get(const unsigned char *p)
{
	return (uint64_t)sf_le32_get(p) | (uint64_t)sf_le32_get(p + 4) << 32;
}

void
sf_put32(struct sf_buf *b, uint32_t v)
{
	unsigned char c[4];

	sf_le32_put(c, v);
	sf_buf_add(b, c, 4);
}

void
sf_put64(struct sf_buf *b, uint64_t v)
{
	unsigned char c[8];

	sf_le64_put(c, v);
	sf_buf_add(b, c, 8);
}

void
sf_putstr(struct sf_buf *b, const char *s)
{
	size_t n;

	if (!s) {
		sf_put32(b, SF_NOSTR);
		return;
	}
	n = strlen(s);
	sf_put32(b, (uint32_t)n);
	sf_buf_add(b, s, n);
}

static void
short_read(struct sf_get *g)
{
	g->bad = 1;
	g->p = g->end;
}

uint32_t
sf_get32(struct sf_get *g)
{
	uint32_t v;

	if (g->end - g->p < 4) {
		short_read(g);
		return 0;
	}
	v = sf_le32_get(g->p);
	g->p += 4;
	return v;
}

uint64_t
sf_get64(struct sf_get *g)
{
	uint64_t lo = sf_get32(g);

	return lo | (uint64_t)sf_get32(g) << 32;
}

const unsigned char *
sf_get_bytes(struct sf_get *g, size_t n)
{
	const unsigned char *p = g->p;

	if ((size_t)(g->end - g->p) < n) {
		short_read(g);
		return NULL;
	}
	g->p += n;
	return p;
}

const char *
sf_getstr(struct sf_get *g, size_t *len)
{
	uint32_t n = sf_get32(g);
	const unsigned char *s;

	*len = 0;
	if (n == SF_NOSTR || g->bad)
		return NULL;
	if (!(s = sf_get_bytes(g, n)))
		return NULL;
	if (memchr(s, '\0', n)) {
		short_read(g);
		return NULL;
	}
	*len = n;
	return (const char *)s;
}

/* The header */

void
sf_keyfile_header(unsigned char *h, const struct sf_keyfile_kind *k,
    const unsigned char key[SF_KEY_LEN], const void *fields, size_t n)
{
	memcpy(h, k->magic, 8);
	sf_le32_put(h + 8, k->version);
	memcpy(h + 12, key, SF_KEY_LEN);
	if (n)
		memcpy(h + SF_KEYFILE_FIELDS, fields, n);
	sf_le64_put(h + SF_KEYFILE_FIELDS + n,
	    XXH3_64bits(h, SF_KEYFILE_FIELDS + n));
}

int
sf_keyfile_check(const unsigned char *h, const struct sf_keyfile_kind *k,
    const unsigned char key[SF_KEY_LEN], size_t n)
{
	if (memcmp(h, k->magic, 8) != 0 ||
	    sf_le32_get(h + 8) != k->version ||
	    memcmp(h + 12, key, SF_KEY_LEN) != 0 ||
	    sf_le64_get(h + SF_KEYFILE_FIELDS + n) !=
	    XXH3_64bits(h, SF_KEYFILE_FIELDS + n))
		return -1;
	return 0;
}

/* Reading */

int
sf_keyfile_open(const char *path, size_t *size)
{
	struct stat st;
	int fd;

	/*
	 * Anything there but a regular file (a FIFO, a device, a symbolic
	 * link) is no copy: not waited on, not followed, and replaced, by
	 * rename, with the one written next.
	 */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    fcntl(fd, F_SETFL, O_RDONLY) < 0) {
		close(fd);
		return -1;
	}
	*size = (size_t)st.st_size;
	return fd;
}

/* A whole file's fields: the body's length and checksum */
#define BODY_FIELDS 16

int
sf_keyfile_read(struct sf_buf *b, const char *path,
    const struct sf_keyfile_kind *k, const unsigned char key[SF_KEY_LEN],
    size_t max)
{
	const size_t head = SF_KEYFILE_HEAD(BODY_FIELDS);
	const unsigned char *h;

	sf_buf_reset(b);
	if (sf_buf_read_nofollow(b, path, NULL, max) < 0 || b->len < head)
		goto refused;
	h = (const unsigned char *)b->buf;
	if (sf_keyfile_check(h, k, key, BODY_FIELDS) < 0 ||
	    sf_le64_get(h + SF_KEYFILE_FIELDS) != b->len - head ||
	    sf_le64_get(h + SF_KEYFILE_FIELDS + 8) !=
	    XXH3_64bits(h + head, b->len - head))
		goto refused;
	memmove(b->buf, b->buf + head, b->len - head);
	sf_buf_setlen(b, b->len - head);
	return 0;
refused:
	sf_buf_reset(b);
	return -1;
}

/* Writing */

int
sf_keyfile_write(const char *path, const struct sf_keyfile_kind *k,
    const unsigned char key[SF_KEY_LEN], const void *body, size_t len)
{
	unsigned char h[SF_KEYFILE_HEAD(BODY_FIELDS)];
	unsigned char fields[BODY_FIELDS];
	struct sf_keyfile_out o;

	sf_le64_put(fields, len);
	sf_le64_put(fields + 8, XXH3_64bits(body, len));
	sf_keyfile_header(h, k, key, fields, BODY_FIELDS);
	sf_keyfile_begin(&o, path, 0);
	sf_keyfile_add(&o, h, sizeof(h));
	sf_keyfile_add(&o, body, len);
	if (sf_keyfile_end(&o, NULL, 0) < 0)
		return -1;
	return sf_keyfile_install(&o);
}

static void
fail(struct sf_keyfile_out *o)
{
	o->failed = 1;
	if (o->f)
		fclose(o->f);
	o->f = NULL;
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
}

int
sf_keyfile_begin(struct sf_keyfile_out *o, const char *path, size_t head)
{
	unsigned char zero[256];
	size_t n;
	int fd;

	memset(o, 0, sizeof(*o));
	o->path = xstrdup(path);
	if ((fd = sf_tmpfile_beside(path, &o->tmp)) < 0) {
		fail(o);
		return -1;
	}
	if (!(o->f = fdopen(fd, "w"))) {
		close(fd);
		fail(o);
		return -1;
	}
	/* room for the header, written when the body is known */
	memset(zero, 0, sizeof(zero));
	for (; head; head -= n) {
		n = head < sizeof(zero) ? head : sizeof(zero);
		sf_keyfile_add(o, zero, n);
	}
	return o->failed ? -1 : 0;
}

void
sf_keyfile_add(struct sf_keyfile_out *o, const void *data, size_t len)
{
	if (o->f && !o->failed && fwrite(data, 1, len, o->f) != len)
		o->failed = 1;
}

int
sf_keyfile_end(struct sf_keyfile_out *o, const void *h, size_t head)
{
	if (!o->f || o->failed || fflush(o->f) != 0 ||
	    (head && pwrite(fileno(o->f), h, head, 0) != (ssize_t)head)) {
		fail(o);
		return -1;
	}
	if (fclose(o->f) != 0) {
		o->f = NULL;
		fail(o);
		return -1;
	}
	o->f = NULL;
	return 0;
}

int
sf_keyfile_install(struct sf_keyfile_out *o)
{
	int rc = 0;

	if (o->failed || !o->tmp || o->f)
		rc = -1;
	else if (rename(o->tmp, o->path) < 0)
		rc = -1;
	else {
		free(o->tmp);
		o->tmp = NULL;
	}
	if (rc < 0)
		fail(o);
	free(o->path);
	o->path = NULL;
	return rc;
}

void
sf_keyfile_drop(struct sf_keyfile_out *o)
{
	if (o->f || o->tmp || o->path)
		fail(o);
}
