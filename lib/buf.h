/*
 * A growable string, always NUL-terminated, in the manner of git's strbuf.
 * SF_BUF_INIT alone makes a valid empty buffer: buf is "" at once, with
 * no call and no allocation.
 */
#ifndef SF_BUF_H
#define SF_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct sf_buf {
	char *buf;
	size_t len;
	size_t alloc;
};

/*
 * The "" an empty buffer points at until it first grows (git's
 * strbuf_slopbuf): shared, so alloc 0 means buf is not the buffer's own,
 * and every function that grows, frees or detaches allocates or leaves it
 * alone. Nothing writes to it but a '\0' over its '\0'.
 */
extern char sf_buf_slopbuf[1];
#define SF_BUF_INIT { .buf = sf_buf_slopbuf, .len = 0, .alloc = 0 }

/* The same as SF_BUF_INIT, for a buffer that is not declared here. */
void sf_buf_init(struct sf_buf *b);
/* Free the memory; b is left initialised and empty. */
void sf_buf_release(struct sf_buf *b);
/* Empty b, keeping its memory. */
void sf_buf_reset(struct sf_buf *b);
/*
 * s as a terminal may show it safely: control characters as \n, \t, \e
 * or \xNN, a backslash doubled, the C1 controls and the Unicode marks
 * that reorder text (sf_cp_control) as \u009b, \u202e; a byte that is
 * not valid UTF-8 (overlong forms and surrogates included) as \xNN.
 */
void sf_buf_add_escaped(struct sf_buf *b, const char *s);
/*
 * The same for text a person reads (a title, a note, a message): newlines
 * and tabs kept, a backslash as it is; what a terminal would act on, or
 * what would reorder the text, escaped as above.
 */
void sf_buf_add_escaped_text(struct sf_buf *b, const char *s);
/*
 * 1 for a code point a terminal acts on or that reorders the text around
 * it: C0 and C1 controls, DEL, U+061C, U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069.
 */
int sf_cp_control(unsigned cp);
/* The code point of the UTF-8 sequence at s into *cp and its length, or 0
 * when it is not one (overlong, a surrogate, past U+10FFFF, cut short). */
size_t sf_utf8_decode(const char *s, unsigned *cp);
/* Cut b back to its first len bytes (len <= b->len). */
void sf_buf_setlen(struct sf_buf *b, size_t len);
/* Hand the string to the caller (free() it); b is left empty. */
char *sf_buf_detach(struct sf_buf *b, size_t *len);
void sf_buf_grow(struct sf_buf *b, size_t extra);
void sf_buf_add(struct sf_buf *b, const void *data, size_t len);
void sf_buf_addstr(struct sf_buf *b, const char *s);
void sf_buf_addch(struct sf_buf *b, int c);
void sf_buf_addf(struct sf_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sf_buf_vaddf(struct sf_buf *b, const char *fmt, va_list ap);
/* Drop trailing ASCII white space. */
void sf_buf_rtrim(struct sf_buf *b);
/* Append what fd gives until EOF; -1 with errno EFBIG past max bytes. */
int sf_buf_read_fd(struct sf_buf *b, int fd, size_t max);
/* 1 when s is NULL or holds only white space. */
int sf_blank(const char *s);
/*
 * Read a whole regular file; fails (-1, errno set) when it is larger than
 * max (EFBIG) or not a regular file (EISDIR for a folder, EINVAL for the
 * rest: a FIFO or a device is opened without waiting and not read).
 */
int sf_buf_read_file(struct sf_buf *b, const char *path, size_t max);
/*
 * The same for a file of the ledger, path being its root "/" rel: no
 * component of rel is followed when it is a symbolic link (ELOOP), so
 * that what the ledger says is what its files are, not what they point
 * to. When path does not end with rel, its last component only.
 */
int sf_buf_read_nofollow(struct sf_buf *b, const char *path, const char *rel,
    size_t max);
/*
 * A file the user names (-F FILE): whatever it is but a folder, read to
 * its end, max bytes at most (EFBIG): a regular file, a pipe, a character
 * device, /dev/stdin.
 */
int sf_buf_read_stream(struct sf_buf *b, const char *path, size_t max);

#endif
