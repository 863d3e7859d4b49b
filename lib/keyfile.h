/*
 * The files the git directory keeps to go faster (.git/sanfen/): the
 * query cache (lib/cache.c) and a period's common problems (lib/report.c).
 * Each is a copy of what can be found again, valid for one state of the
 * ledger, so it says which and is believed only when everything matches;
 * anything else is no file, and is written anew. One layout:
 *
 *	header	u8[8] magic, u32 format version, u8[20] key (what the
 *		content is valid for: a hash of what it was made from, a
 *		tree id), the kind's own fields, u64 XXH3 of all before it
 *	body	the kind's
 *
 * Numbers are little-endian; a string is u32 length (SF_NOSTR for none)
 * then its bytes. A file is written beside its path and renamed over it,
 * not synced: a crash loses a copy, and the copy is made again. It is
 * opened O_NOFOLLOW|O_NONBLOCK and read only when it is a regular file:
 * a symbolic link is not followed, a FIFO not waited on.
 */
#ifndef SF_KEYFILE_H
#define SF_KEYFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "buf.h"

#define SF_KEY_LEN 20
/* The header with n bytes of the kind's own fields, and where they are */
#define SF_KEYFILE_HEAD(n) (8 + 4 + SF_KEY_LEN + (n) + 8)
#define SF_KEYFILE_FIELDS (8 + 4 + SF_KEY_LEN)
#define SF_NOSTR 0xffffffffu

struct sf_keyfile_kind {
	const char *magic;	/* 8 bytes */
	uint32_t version;	/* of the layout: a change makes it anew */
};

/* Byte order */

void sf_le32_put(unsigned char *p, uint32_t v);
void sf_le64_put(unsigned char *p, uint64_t v);
uint32_t sf_le32_get(const unsigned char *p);
uint64_t sf_le64_get(const unsigned char *p);
void sf_put32(struct sf_buf *b, uint32_t v);
void sf_put64(struct sf_buf *b, uint64_t v);
/* u32 length and the bytes of s, or SF_NOSTR when s is NULL */
void sf_putstr(struct sf_buf *b, const char *s);

/*
 * A bounded reader over p..end: a read past the end, or of a string that
 * holds a NUL, sets bad, moves p to the end and gives 0 (NULL): a body
 * cut short reads as zeros and is refused once, at its end.
 */
struct sf_get {
	const unsigned char *p, *end;
	int bad;
};

uint32_t sf_get32(struct sf_get *g);
uint64_t sf_get64(struct sf_get *g);
/* The n bytes at p, or NULL */
const unsigned char *sf_get_bytes(struct sf_get *g, size_t n);
/* A string's bytes (not NUL-terminated) and *len; NULL for none */
const char *sf_getstr(struct sf_get *g, size_t *len);

/* The header */

/* The header of kind k for key, with the kind's n bytes of fields, into h
 * (SF_KEYFILE_HEAD(n) bytes). */
void sf_keyfile_header(unsigned char *h, const struct sf_keyfile_kind *k,
    const unsigned char key[SF_KEY_LEN], const void *fields, size_t n);
/* 0 when h (SF_KEYFILE_HEAD(n) bytes) is the header of a file of kind k
 * for key, intact; its fields are at h + SF_KEYFILE_FIELDS. Else -1. */
int sf_keyfile_check(const unsigned char *h, const struct sf_keyfile_kind *k,
    const unsigned char key[SF_KEY_LEN], size_t n);

/* Reading */

/* A descriptor on path when it is a regular file (opened without following
 * a symbolic link or waiting on a FIFO, then made blocking), its size into
 * *size; -1 otherwise. */
int sf_keyfile_open(const char *path, size_t *size);

/* A whole file: 0 when path is a file of kind k for key, body intact
 * (whose fields are its length and checksum, sf_keyfile_write's); b then
 * holds the body. -1 otherwise, b empty. At most max bytes are read. */
int sf_keyfile_read(struct sf_buf *b, const char *path,
    const struct sf_keyfile_kind *k, const unsigned char key[SF_KEY_LEN],
    size_t max);

/* Writing */

/* A whole file: body (len bytes) as a file of kind k for key in place of
 * path, its folder made if need be. 0, or -1 with path as it was. */
int sf_keyfile_write(const char *path, const struct sf_keyfile_kind *k,
    const unsigned char key[SF_KEY_LEN], const void *body, size_t len);

/*
 * A file written as it goes, for path: sf_keyfile_begin leaves room for a
 * header of head bytes, sf_keyfile_add appends, sf_keyfile_end puts the
 * header (now that what it says is known) and closes, sf_keyfile_install
 * renames the file over path. A failure at any step is kept in failed
 * and every later step fails (-1), the temporary file removed;
 * sf_keyfile_drop abandons the file. path and tmp are the writer's.
 */
struct sf_keyfile_out {
	FILE *f;
	char *path, *tmp;
	int failed;
};

int sf_keyfile_begin(struct sf_keyfile_out *o, const char *path,
    size_t head);
void sf_keyfile_add(struct sf_keyfile_out *o, const void *data, size_t len);
int sf_keyfile_end(struct sf_keyfile_out *o, const void *h, size_t head);
int sf_keyfile_install(struct sf_keyfile_out *o);
void sf_keyfile_drop(struct sf_keyfile_out *o);

#endif
