#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "xalloc.h"

char sf_buf_slopbuf[1];

void
sf_buf_init(struct sf_buf *b)
{
	*b = (struct sf_buf)SF_BUF_INIT;
}

void
sf_buf_release(struct sf_buf *b)
{
	if (b->alloc)
		free(b->buf);
	sf_buf_init(b);
}

void
sf_buf_setlen(struct sf_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->buf[len] = '\0';
	}
}

void
sf_buf_reset(struct sf_buf *b)
{
	b->len = 0;
	if (b->alloc)
		b->buf[0] = '\0';
	else
		b->buf = sf_buf_slopbuf;
}

char *
sf_buf_detach(struct sf_buf *b, size_t *len)
{
	char *s;

	if (!b->alloc)
		sf_buf_grow(b, 0);
	s = b->buf;
	if (len)
		*len = b->len;
	sf_buf_init(b);
	return s;
}

void
sf_buf_grow(struct sf_buf *b, size_t extra)
{
	size_t want = b->len + extra + 1;

	if (want < b->len)
		xmalloc((size_t)-1);
	if (!b->alloc) {
		char *p;
		size_t n = 0;

		p = xgrow(NULL, &n, want < 64 ? 64 : want, 1);
		p[0] = '\0';
		if (b->buf && b->len)
			memcpy(p, b->buf, b->len + 1);
		b->buf = p;
		b->alloc = n;
		return;
	}
	b->buf = xgrow(b->buf, &b->alloc, want, 1);
}

void
sf_buf_add(struct sf_buf *b, const void *data, size_t len)
{
	if (b->len + len + 1 > b->alloc || b->len + len < len)
		sf_buf_grow(b, len);
	memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
}

void
sf_buf_addstr(struct sf_buf *b, const char *s)
{
	sf_buf_add(b, s, strlen(s));
}

void
sf_buf_addch(struct sf_buf *b, int c)
{
	if (b->len + 2 > b->alloc)
		sf_buf_grow(b, 1);
	b->buf[b->len++] = (char)c;
	b->buf[b->len] = '\0';
}

void
sf_buf_vaddf(struct sf_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	sf_buf_grow(b, 64);
	va_copy(cp, ap);
	n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= b->alloc - b->len) {
		sf_buf_grow(b, (size_t)n);
		va_copy(cp, ap);
		n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, cp);
		va_end(cp);
	}
	b->len += (size_t)n;
}

void
sf_buf_addf(struct sf_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sf_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
sf_buf_rtrim(struct sf_buf *b)
{
	while (b->len && (b->buf[b->len - 1] == ' ' ||
	    b->buf[b->len - 1] == '\t' || b->buf[b->len - 1] == '\n' ||
	    b->buf[b->len - 1] == '\r'))
		b->len--;
	if (b->alloc)
		b->buf[b->len] = '\0';
}

int
sf_buf_read_fd(struct sf_buf *b, int fd, size_t max)
{
	size_t start = b->len;
	ssize_t n;

	for (;;) {
		sf_buf_grow(b, 8192);
		n = read(fd, b->buf + b->len, b->alloc - b->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		if (b->len - start > max) {
			b->buf[b->len] = '\0';
			errno = EFBIG;
			return -1;
		}
	}
	b->buf[b->len] = '\0';
	return 0;
}

/*
 * The rest of a read: fd is open on what should be a regular file (opened
 * O_NONBLOCK, so that a FIFO or a device did not wait for a writer); it is
 * checked, made blocking again, read and closed.
 */
static int
read_regular(struct sf_buf *b, int fd, size_t max)
{
	struct stat st;
	int rc, e, fl;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto fail;
	}
	/* refuse a large file before reading any of it */
	if ((size_t)st.st_size > max) {
		errno = EFBIG;
		goto fail;
	}
	if ((fl = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
		goto fail;
	sf_buf_grow(b, (size_t)st.st_size);
	rc = sf_buf_read_fd(b, fd, max);
	e = errno;
	close(fd);
	errno = e;
	return rc;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

int
sf_buf_read_file(struct sf_buf *b, const char *path, size_t max)
{
	return read_regular(b, open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC),
	    max);
}

/*
 * path opened with no component of rel followed when it is a symbolic
 * link: each folder opened below the one before with O_NOFOLLOW, then the
 * file. rel is the end of path when path ends with "/" rel; otherwise only
 * the file's own name is held to it.
 */
static int
open_nofollow(const char *path, const char *rel)
{
	size_t n = strlen(path), k = rel ? strlen(rel) : 0;
	char *dir, *p, *slash;
	int dfd, fd;

	if (!rel || !k || k >= n || path[n - k - 1] != '/' ||
	    strcmp(path + n - k, rel) != 0) {
		if (!(rel = strrchr(path, '/')))
			return open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
			    O_CLOEXEC);
		rel++;
		k = strlen(rel);
	}
	dir = xstrdup(path);
	dir[n - k] = '\0';
	dfd = open(*dir ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	memcpy(dir, rel, k + 1);
	for (p = dir; dfd >= 0 && (slash = strchr(p, '/')); p = slash + 1) {
		*slash = '\0';
		fd = openat(dfd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		close(dfd);
		dfd = fd;
	}
	fd = dfd < 0 ? -1 : openat(dfd, p, O_RDONLY | O_NOFOLLOW |
	    O_NONBLOCK | O_CLOEXEC);
	if (dfd >= 0) {
		int e = errno;

		close(dfd);
		errno = e;
	}
	free(dir);
	return fd;
}

int
sf_buf_read_nofollow(struct sf_buf *b, const char *path, const char *rel,
    size_t max)
{
	return read_regular(b, open_nofollow(path, rel), max);
}

int
sf_buf_read_stream(struct sf_buf *b, const char *path, size_t max)
{
	struct stat st;
	int fd, rc, e;

	/* a FIFO named here waits for its writer, as with cat */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		rc = -1;
	} else if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		rc = -1;
	} else if (S_ISREG(st.st_mode) && (size_t)st.st_size > max) {
		errno = EFBIG;
		rc = -1;
	} else {
		/* to the end, whatever st_size says: a pipe, a terminal,
		 * /dev/stdin, a file that grows */
		rc = sf_buf_read_fd(b, fd, max);
	}
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

int
sf_blank(const char *s)
{
	if (!s)
		return 1;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

size_t
sf_utf8_decode(const char *s, unsigned *cp)
{
	static const unsigned min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	const unsigned char *p = (const unsigned char *)s;
	size_t n = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc0 ? 2 : 0, k;

	if (!n || *p > 0xf4)
		return 0;
	*cp = *p & (0x7fu >> n);
	for (k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (p[k] & 0x3fu);
	}
	if (*cp < min[n] || *cp > 0x10ffff || (*cp >= 0xd800 &&
	    *cp <= 0xdfff))
		return 0;
	return n;
}

int
sf_cp_control(unsigned cp)
{
	/* C0, DEL and C1 (U+009B is CSI); the marks that reorder text:
	 * ALM, LRM, RLM, the embeddings and overrides, the isolates */
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c ||
	    cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069);
}

static void
escape(struct sf_buf *b, const char *s, int text)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;
	size_t n;

	for (; *p; p++) {
		if (text && (*p == '\n' || *p == '\t' || *p == '\\'))
			sf_buf_addch(b, *p);
		else if (*p == '\\')
			sf_buf_addstr(b, "\\\\");
		else if (*p == '\n')
			sf_buf_addstr(b, "\\n");
		else if (*p == '\t')
			sf_buf_addstr(b, "\\t");
		else if (*p == 0x1b)
			sf_buf_addstr(b, "\\e");
		else if (*p < 0x20 || *p == 0x7f)
			sf_buf_addf(b, "\\x%02x", *p);
		else if (*p < 0x80)
			sf_buf_addch(b, *p);
		else if (!(n = sf_utf8_decode((const char *)p, &cp)))
			sf_buf_addf(b, "\\x%02x", *p);
		else {
			if (sf_cp_control(cp))
				sf_buf_addf(b, "\\u%04x", cp);
			else
				sf_buf_add(b, p, n);
			p += n - 1;
		}
	}
}

void
sf_buf_add_escaped(struct sf_buf *b, const char *s)
{
	escape(b, s, 0);
}

void
sf_buf_add_escaped_text(struct sf_buf *b, const char *s)
{
	escape(b, s, 1);
}
