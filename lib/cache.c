#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xxhash.h>

#include "buf.h"
#include "cache.h"
#include "treediff.h"
#include "error.h"
#include "issue_codec.h"
#include "keyfile.h"
#include "query.h"
#include "store.h"
#include "strset.h"
#include "xalloc.h"

/*
 * The file (lib/keyfile): a header, then one record per issue file in
 * path order.
 *
 *	header	"SFQCACHE" u32 format, u8[20] key, then its own fields:
 *		u8[20] the issues/ tree, u8[20] a delta's base's tree (zero
 *		in a base), u64 count of records; u64 XXH3 of what precedes
 *	record	u32 body length, u64 XXH3 of the body, body: u8[20] blob
 *		id, u32 kind (an issue, an invalid file, a deletion, a
 *		file not named as an issue file, an issue file that is a
 *		symbolic link), u32 the issue's status and the due date of
 *		its earliest open task (so a scan can pass over it unread),
 *		the path, then for an issue u32 length and the indexed
 *		fields (sf_issue_encode), then the rest of the issue
 *		(sf_issue_encode_rest), decoded on demand
 *
 * Numbers are little-endian; a string is u32 length (0xffffffff for none)
 * then its bytes. The key is the hash of this format, sanfen's version,
 * units.yaml and the config, whose changes change how a file reads.
 */
#define FORMAT 4
static const struct sf_keyfile_kind cache_kind = { "SFQCACHE", FORMAT };
#define FIELDS (20 + 20 + 8)
#define HDR_LEN SF_KEYFILE_HEAD(FIELDS)
#define REC_HEAD 12
#define MAX_RECORD (4u << 20)

/* The scan */

/*
 * The kinds of record. An invalid file's record says only that: the file
 * is parsed again each time it is met (the message in the reader's
 * language, an object repaired since seen). A stray is a file under
 * issues/ not named as an issue file, never read: named as a warning.
 */
enum { REC_ISSUE, REC_INVALID, REC_DELETED, REC_STRAY, REC_LINK };

/*
 * The cache is two files. The base holds a record for every issue of the
 * tree it names; the delta, when there is one, the records that changed
 * since (a deleted file as a record of kind deleted) and the tree they
 * make. A change rewrites the delta only, so a commit costs what it
 * changed; once the delta has grown past a sixteenth of the base (and 256
 * records), the next scan writes a new base and no delta.
 */
#define DELTA_MIN 256

struct record {
	const char *raw;	/* length, checksum and body, in the map */
	size_t rawlen;
	struct sf_buf rel;
	unsigned char oid[20];
	int kind;
	int status;
	char open_due[SF_DATE_LEN + 1];	/* "" when no task is open */
	size_t fields;		/* offset of the fields in raw */
	int have;		/* a record is waiting in raw */
};

struct src {			/* one cache file being read */
	int fd;			/* -1: none, or not usable */
	size_t size, pos;	/* the file's size; where the next record is */
	unsigned char *map;	/* a window of the file */
	size_t map_off, map_len;
	int done;
	uint64_t nread, count;
	git_oid tree, base;	/* its tree; a delta's base's tree */
	struct record cur;
};

/* A path the tree diff says changed, in path order. */
struct change {
	char *rel;
	git_oid oid;		/* zero: deleted */
	unsigned mode;		/* git_filemode_t, 0 when deleted */
};

enum { OUT_NONE, OUT_BASE, OUT_DELTA };

struct scan {
	struct sf_ledger *l;
	const struct sf_scan_where *where;
	const struct sf_strset *ids;	/* handed on whatever where says */
	char from[9], to[9];	/* where's dates as ids begin, or "" */
	char or_from[9], or_to[9];	/* and its or's */
	struct sf_issue *spare;	/* decoded into, record after record */
	sf_scan_fn cb;
	void *ctx;
	struct sf_scan_stats *st;
	unsigned char key[20];
	git_oid tree;		/* HEAD's issues/, zero when none */
	struct src base, delta;
	struct record *eff;	/* the current record of base and delta */
	struct src *eff_src;
	int eff_hides;		/* the delta's record hides one of the base */
	int mode;		/* OUT_*: what is being written */
	struct sf_keyfile_out out;
	uint64_t nwritten;
	int changed;
	struct sf_buf last;	/* the last path handed on */
	struct sf_buf rec;
};

int
sf_cache_enabled(void)
{
	const char *e = getenv("SANFEN_CACHE");

	return !e || (strcmp(e, "0") != 0 && strcmp(e, "off") != 0 &&
	    strcmp(e, "false") != 0 && strcmp(e, "no") != 0);
}

char *
sf_cache_path(struct sf_ledger *l)
{
	struct sf_buf b = SF_BUF_INIT;

	sf_buf_addf(&b, "%ssanfen/issues.cache", git_repository_path(l->repo));
	return sf_buf_detach(&b, NULL);
}

/* The delta's path: the cache's with ".delta". */
static char *
file_path(struct sf_ledger *l, int delta)
{
	char *p = sf_cache_path(l), *d;
	size_t n;

	if (!delta)
		return p;
	n = strlen(p) + 8;
	d = xmalloc(n);
	snprintf(d, n, "%s.delta", p);
	free(p);
	return d;
}

static void
add_file(struct sf_buf *all, struct sf_ledger *l, const char *rel)
{
	char *p = sf_ledger_path(l, rel);
	struct sf_buf t = SF_BUF_INIT;

	if (sf_buf_read_file(&t, p, 4u << 20) == 0)
		sf_buf_add(all, t.buf, t.len);
	sf_buf_addch(all, '\0');
	sf_buf_release(&t);
	free(p);
}

/* How a file reads depends on units.yaml and the config (as loaded) and
 * on this code: the cache is for one of each. */
static void
make_key(struct sf_ledger *l, unsigned char key[20])
{
	struct sf_buf all = SF_BUF_INIT;
	git_oid oid;

	sf_buf_addf(&all, "sanfen %s cache %d", SF_VERSION, FORMAT);
	sf_buf_addch(&all, '\0');
	add_file(&all, l, SF_UNITS_PATH);
	add_file(&all, l, SF_CONFIG_PATH);
	if (git_odb_hash(&oid, all.buf, all.len, GIT_OBJECT_BLOB) < 0)
		memset(&oid, 0, sizeof(oid));
	memcpy(key, oid.id, 20);
	sf_buf_release(&all);
}

/* A header: the key, tree, base tree (zero in a base) and the count of
 * records that follow (so that a file cut short between two records is
 * seen). */
static void
header(unsigned char h[HDR_LEN], const unsigned char key[SF_KEY_LEN],
    const git_oid *tree, const git_oid *base, uint64_t count)
{
	unsigned char f[FIELDS];

	memcpy(f, tree->id, 20);
	memcpy(f + 20, base->id, 20);
	sf_le64_put(f + 40, count);
	sf_keyfile_header(h, &cache_kind, key, f, FIELDS);
}

/*
 * The files are read through a window mapped from them, moved as the
 * scan goes: nothing is copied, and what is resident stays bounded (a
 * cache of 100,000 issues is some 70 MB).
 */
#define WINDOW (8u << 20)

static void
unmap(struct src *f)
{
	if (f->map)
		munmap(f->map, f->map_len);
	f->map = NULL;
	f->map_len = 0;
}

/* n bytes at f->pos, or NULL past the end of the file. */
static const unsigned char *
window(struct src *f, size_t n)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), off, len;
	void *m;

	if (n > f->size || f->pos > f->size - n)
		return NULL;
	if (f->map && f->pos >= f->map_off &&
	    f->pos + n <= f->map_off + f->map_len)
		return f->map + (f->pos - f->map_off);
	unmap(f);
	off = f->pos / page * page;
	len = f->pos - off + n > WINDOW ? f->pos - off + n : WINDOW;
	if (len > f->size - off)
		len = f->size - off;
	m = mmap(NULL, len, PROT_READ, MAP_SHARED | MAP_POPULATE, f->fd,
	    (off_t)off);
	if (m == MAP_FAILED)
		return NULL;
	madvise(m, len, MADV_SEQUENTIAL);
	f->map = m;
	f->map_off = off;
	f->map_len = len;
	return f->map + (f->pos - off);
}

/* Open one file and check its header; fd stays -1 when unusable. */
static void
open_src(struct scan *s, struct src *f, int delta)
{
	const unsigned char *h;
	char *path = file_path(s->l, delta);

	/* anything there but a regular file is no cache: replaced, by
	 * rename, with the one this scan writes */
	f->fd = sf_keyfile_open(path, &f->size);
	free(path);
	if (f->fd < 0)
		return;
	f->pos = 0;
	if (!(h = window(f, HDR_LEN)) ||
	    sf_keyfile_check(h, &cache_kind, s->key, FIELDS) < 0)
		goto unusable;
	h += SF_KEYFILE_FIELDS;
	git_oid_fromraw(&f->tree, h);
	git_oid_fromraw(&f->base, h + 20);
	f->count = sf_le64_get(h + 40);
	if (git_oid_is_zero(&f->base) != !delta)
		goto unusable;
	f->pos = HDR_LEN;
	return;
unusable:
	unmap(f);
	close(f->fd);
	f->fd = -1;
}

static void
close_src(struct src *f)
{
	unmap(f);
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	sf_buf_release(&f->cur.rel);
}

/* a (of n bytes) against the NUL-terminated b, as strcmp */
static int
path_cmp(const char *a, size_t n, const char *b)
{
	size_t m = strlen(b);
	int c = memcmp(a, b, n < m ? n : m);

	return c ? c : n < m ? -1 : n > m;
}

/* Take the next record of f as its cur. A damaged record or file ends
 * the reading and says so: the scan goes on from the tree. */
static void
next_rec(struct scan *s, struct src *f)
{
	struct record *c = &f->cur;
	const unsigned char *h, *body;
	const char *due, *rel;
	struct sf_get g;
	uint32_t len;
	size_t n;

	c->have = 0;
	if (f->fd < 0 || f->done)
		return;
	if (f->pos == f->size) {
		/* the end: cut short if fewer records than promised */
		if (f->nread != f->count)
			s->st->damaged = 1;
		goto end;
	}
	if (!(h = window(f, REC_HEAD)))
		goto damaged;
	f->nread++;
	len = sf_le32_get(h);
	if (len < 20 + 4 + 4 + 4 || len > MAX_RECORD ||
	    !(h = window(f, REC_HEAD + len)))
		goto damaged;
	body = h + REC_HEAD;
	if (XXH3_64bits(body, len) != sf_le64_get(h + 4))
		goto damaged;
	c->raw = (const char *)h;
	c->rawlen = REC_HEAD + len;
	f->pos += REC_HEAD + len;
	g.p = body;
	g.end = body + len;
	g.bad = 0;
	memcpy(c->oid, body, 20);
	sf_get_bytes(&g, 20);
	c->kind = (int)sf_get32(&g);
	c->status = (int)sf_get32(&g);
	due = sf_getstr(&g, &n);
	if (due && n != SF_DATE_LEN)
		goto damaged;
	c->open_due[0] = '\0';
	if (due) {
		memcpy(c->open_due, due, SF_DATE_LEN);
		c->open_due[SF_DATE_LEN] = '\0';
	}
	rel = sf_getstr(&g, &n);
	/* a known kind (a deletion only in a delta), a path after the last
	 * one: else it is not one of ours */
	if (g.bad || !rel || !n ||
	    c->kind < REC_ISSUE || c->kind > REC_LINK ||
	    (c->kind == REC_DELETED && git_oid_is_zero(&f->base)) ||
	    (f->nread > 1 && path_cmp(rel, n, c->rel.buf) <= 0))
		goto damaged;
	sf_buf_reset(&c->rel);
	sf_buf_add(&c->rel, rel, n);
	c->fields = (size_t)(g.p - h);
	c->have = 1;
	return;
damaged:
	s->st->damaged = 1;
end:
	f->done = 1;
}

/* The current record of base and delta together, in path order: the
 * delta's record for a path hides the base's. A deletion that hides one
 * is the current record too (kept() passes over it, and carries it into a
 * new delta: the base still holds the path); one that hides nothing is
 * passed over. */
static void
settle(struct scan *s)
{
	struct record *b, *d;
	int c;

	for (;;) {
		b = s->base.cur.have ? &s->base.cur : NULL;
		d = s->delta.cur.have ? &s->delta.cur : NULL;
		s->eff_hides = 0;
		if (!b && !d) {
			s->eff = NULL;
			return;
		}
		c = !d ? -1 : !b ? 1 : strcmp(b->rel.buf, d->rel.buf);
		if (c < 0) {
			s->eff = b;
			s->eff_src = &s->base;
			return;
		}
		if (c == 0) {
			s->eff_hides = 1;
			next_rec(s, &s->base);
		}
		if (d->kind == REC_DELETED && c > 0) {
			next_rec(s, &s->delta);
			continue;
		}
		s->eff = d;
		s->eff_src = &s->delta;
		return;
	}
}

static void
consume(struct scan *s)
{
	next_rec(s, s->eff_src);
	settle(s);
}

/* Writing */

static void
out(struct scan *s, const void *data, size_t len)
{
	s->nwritten++;
	sf_keyfile_add(&s->out, data, len);
}

/* The old record eff goes on as it is: into a new base; into a new delta
 * when it came from the delta. */
static void
keep_eff(struct scan *s)
{
	if (s->mode == OUT_BASE ||
	    (s->mode == OUT_DELTA && s->eff_src == &s->delta))
		out(s, s->eff->raw, s->eff->rawlen);
}

/* Fill in the length and checksum of record b, and write it. */
static void
seal(struct scan *s, struct sf_buf *b)
{
	uint32_t len = (uint32_t)(b->len - REC_HEAD);
	uint64_t sum = XXH3_64bits(b->buf + REC_HEAD, len);

	sf_le32_put((unsigned char *)b->buf, len);
	sf_le64_put((unsigned char *)b->buf + 4, sum);
	out(s, b->buf, b->len);
}

/* The due date of the issue's earliest open task, or NULL. */
static const char *
open_due(const struct sf_issue *is)
{
	const char *d = NULL;
	size_t i;

	for (i = 0; i < is->ntasks; i++)
		if (is->tasks[i].status != SF_TASK_DONE && is->tasks[i].due &&
		    strlen(is->tasks[i].due) == SF_DATE_LEN &&
		    (!d || strcmp(is->tasks[i].due, d) < 0))
			d = is->tasks[i].due;
	return d;
}

static void
emit_new(struct scan *s, const char *rel, const git_oid *oid,
    const struct sf_issue *is, int kind)
{
	struct sf_buf *b = &s->rec;
	size_t at;

	s->changed = 1;
	if (s->mode == OUT_NONE)
		return;
	sf_buf_reset(b);
	sf_put32(b, 0);
	sf_put64(b, 0);
	sf_buf_add(b, oid->id, 20);
	sf_put32(b, (uint32_t)kind);
	sf_put32(b, is ? (uint32_t)is->status : SF_NOSTR);
	sf_putstr(b, is ? open_due(is) : NULL);
	sf_putstr(b, rel);
	if (is) {
		at = b->len;
		sf_put32(b, 0);
		sf_issue_encode(b, is);
		sf_le32_put((unsigned char *)b->buf + at,
		    (uint32_t)(b->len - at - 4));
		sf_issue_encode_rest(b, is);
	}
	seal(s, b);
}

/* A new file beside the cache, the header to come. */
static void
start_output(struct scan *s, int mode)
{
	char *path = file_path(s->l, mode == OUT_DELTA);

	s->mode = mode;
	sf_keyfile_begin(&s->out, path, HDR_LEN);
	free(path);
}

/* The header now that the count is known; then in place of the old. A
 * new base makes the old delta void: it goes first, so that a crash
 * between the two renames leaves a base and no delta that is not its. */
static void
finish_output(struct scan *s)
{
	unsigned char h[HDR_LEN];
	git_oid zero;
	char *dpath = file_path(s->l, 1);

	memset(&zero, 0, sizeof(zero));
	header(h, s->key, &s->tree, s->mode == OUT_DELTA ? &s->base.tree :
	    &zero, s->nwritten);
	if (sf_keyfile_end(&s->out, h, HDR_LEN) == 0) {
		if (s->mode == OUT_BASE)
			unlink(dpath);
		if (sf_keyfile_install(&s->out) == 0)
			s->st->written = 1;
	}
	free(dpath);
}

static void
drop_output(struct scan *s)
{
	sf_keyfile_drop(&s->out);
}

/* Reading */

/* The indexed fields of record c into the scan's spare issue, whose
 * arena is emptied first; *rest is where the other keys begin. */
static struct sf_issue *
decode(struct scan *s, struct record *c, struct sf_get *rest)
{
	struct sf_issue *is;
	struct sf_arena *a;
	struct sf_get g;
	size_t n;

	if (!s->spare)
		s->spare = sf_issue_new();
	a = s->spare->arena;
	sf_arena_reset(a);
	is = s->spare;
	memset(is, 0, sizeof(*is));
	is->arena = a;

	g.p = (const unsigned char *)c->raw + c->fields;
	g.end = (const unsigned char *)c->raw + c->rawlen;
	g.bad = 0;
	/* the indexed fields end where their length word says */
	n = sf_get32(&g);
	if (g.bad || (size_t)(g.end - g.p) < n)
		return NULL;
	*rest = g;
	rest->p = g.p + n;
	g.end = g.p + n;
	if (sf_issue_decode(&g, is) < 0 || is->status != c->status)
		return NULL;
	return is;
}

/* YYYYMMDD of a date YYYY-MM-DD, as ids begin; "" when there is none. */
static void
id_day(const char *date, char day[9])
{
	day[0] = '\0';
	if (!date || strlen(date) < SF_DATE_LEN)
		return;
	memcpy(day, date, 4);
	memcpy(day + 4, date + 5, 2);
	memcpy(day + 6, date + 8, 2);
	day[8] = '\0';
}

/* Does the issue pass one where, whose dates as ids begin are given? */
static int
wanted_one(const struct sf_scan_where *w, const char *from, const char *to,
    const char *id, int status, const char *due)
{
	if (w->status && (status < 0 || status > 31 ||
	    !(w->status & (1u << status))))
		return 0;
	if (w->open_before && (!due || !*due ||
	    strcmp(due, w->open_before) >= 0))
		return 0;
	/* ids begin with the submission date, YYYYMMDD */
	if (*from && strncmp(id, from, 8) < 0)
		return 0;
	if (*to && strncmp(id, to, 8) > 0)
		return 0;
	return 1;
}

/* Does the issue with this id and status pass the scan's where? */
static int
wanted(const struct scan *s, const char *id, int status, const char *due)
{
	if (!s->where || (s->ids && sf_strset_has(s->ids, id)))
		return 1;
	return wanted_one(s->where, s->from, s->to, id, status, due) ||
	    (s->where->or && wanted_one(s->where->or, s->or_from, s->or_to,
	    id, status, due));
}

static void
handed(struct scan *s, const char *rel)
{
	sf_buf_reset(&s->last);
	sf_buf_addstr(&s->last, rel);
}

/* Problems */

struct sf_scan_problems *
sf_scan_problems(struct sf_ledger *l)
{
	return l->problems;
}

/* Keep what the scan met at rel, once per ledger: the readers name it. */
static void
problem(struct sf_ledger *l, const char *rel, int warning)
{
	struct sf_scan_problems *p = l->problems;
	struct sf_scan_problem *v;

	if (!p) {
		p = l->problems = xcalloc(1, sizeof(*p));
		sf_strset_init(&p->seen);
	}
	if (!sf_strset_add(&p->seen, rel))
		return;
	p->v = xgrow(p->v, &p->alloc, p->n + 1, sizeof(*p->v));
	v = &p->v[p->n++];
	v->rel = xstrdup(rel);
	v->msg = xstrdup(sf_error_message());
	v->warning = warning;
}

/* Parse blob oid at rel (a file of mode mode) and hand it on; a new
 * record for it, unless keep and it is still invalid, when the old record
 * eff goes on as it is. A symbolic link is not read: what it points to is
 * not an issue. */
static int
parse_blob(struct scan *s, const char *rel, const char *id,
    const git_oid *oid, unsigned mode, int keep)
{
	struct sf_scan_item it = { .rel = rel, .id = id };
	git_blob *blob = NULL;
	int rc;

	git_oid_cpy(&it.blob, oid);
	handed(s, rel);
	s->st->files++;
	if (mode == GIT_FILEMODE_LINK) {
		sf_error(SF_EINVALID, "cannot read %s: a symbolic link "
		    "(not followed)", rel);
	} else if (git_blob_lookup(&blob, s->l->repo, oid) < 0) {
		/* an object missing or damaged: recorded as invalid, so
		 * read again (and named) every time */
		sf_error_git("cannot read %s", rel);
	} else if (git_blob_rawsize(blob) > SF_ISSUE_MAX_BYTES) {
		sf_error(SF_EINVALID, "%s: file too large (limit %d bytes)",
		    rel, SF_ISSUE_MAX_BYTES);
		s->st->parsed++;
	} else {
		sf_trace_read(rel, "HEAD");
		sf_issue_parse(rel, git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob), s->l->units,
		    SF_ISSUE_FULL, &it.is);
		s->st->parsed++;
	}
	if (!it.is) {
		s->st->invalid++;
		problem(s->l, rel, 0);
	}
	it.full = it.is != NULL;
	if (keep && !it.is)
		keep_eff(s);
	else
		emit_new(s, rel, oid, it.is, it.is ? REC_ISSUE :
		    mode == GIT_FILEMODE_LINK ? REC_LINK : REC_INVALID);
	git_blob_free(blob);
	/* an invalid file is handed on whatever the where: it is named */
	rc = !it.is || wanted(s, id, it.is->status, open_due(it.is)) ?
	    s->cb(s->l, &it, s->ctx) : 0;
	sf_issue_free(it.is);
	return rc;
}

/* A file under issues/ that is not named as an issue file: not read, a
 * warning, and a record so that the cache says it again. */
static void
stray(struct scan *s, const char *rel, const git_oid *oid, int keep)
{
	struct sf_loc loc = { .file = rel };

	handed(s, rel);
	sf_error_at(SF_EINVALID, &loc, "not an issue file: issues are "
	    "issues/YYYY/MM/<id>.yaml, in the month of their id");
	problem(s->l, rel, 1);
	if (keep)
		keep_eff(s);
	else
		emit_new(s, rel, oid, NULL, REC_STRAY);
}

/* A name passed over without a word, as sanfen-check's walk does: one
 * beginning with "." anywhere in the path, or a writer's temporary file. */
static int
passed_over(const char *rel)
{
	const char *p = rel, *slash;

	for (;;) {
		if (*p == '.')
			return 1;
		if (!(slash = strchr(p, '/')))
			return sf_store_tmp_name(p);
		p = slash + 1;
	}
}

/* The old record eff, unchanged: handed on, and kept. A record whose
 * path does not go with its kind is not one of ours: the cache is
 * damaged, and the tree says the rest. */
static int
kept(struct scan *s)
{
	struct record *c = s->eff;
	struct sf_scan_item it = { .rel = c->rel.buf };
	char id[64];
	struct sf_get rest;
	int rc;

	if (c->kind == REC_DELETED) {
		/* gone from the tree: a new delta says so still */
		if (s->mode == OUT_DELTA)
			keep_eff(s);
		return 0;
	}
	git_oid_fromraw(&it.blob, c->oid);
	it.id = sf_issue_path_id(c->rel.buf, id, sizeof(id));
	if (c->kind == REC_STRAY) {
		if (it.id || passed_over(c->rel.buf))
			goto damaged;
		stray(s, c->rel.buf, &it.blob, 1);
		return 0;
	}
	if (!it.id)
		goto damaged;
	/* an invalid file: parsed, and reported, every time it is met */
	if (c->kind == REC_INVALID || c->kind == REC_LINK)
		return parse_blob(s, c->rel.buf, it.id, &it.blob,
		    c->kind == REC_LINK ? GIT_FILEMODE_LINK :
		    GIT_FILEMODE_BLOB, 1);
	/* passed over unread when the where says no */
	if (!wanted(s, it.id, c->status, c->open_due)) {
		handed(s, it.rel);
		s->st->files++;
		s->st->cached++;
		keep_eff(s);
		return 0;
	}
	if (!(it.is = decode(s, c, &rest)))
		return parse_blob(s, c->rel.buf, it.id, &it.blob,
		    GIT_FILEMODE_BLOB, 0);
	sf_trace_read(it.rel, "cache");
	handed(s, it.rel);
	s->st->files++;
	s->st->cached++;
	keep_eff(s);
	it.more = &rest;
	rc = s->cb(s->l, &it, s->ctx);
	/* the spare is the scan's; a whole issue sf_scan_full read is not */
	if (it.is != s->spare)
		sf_issue_free(it.is);
	return rc;
damaged:
	s->st->damaged = 1;
	return 0;
}

/* Every issue of HEAD's tree, parsed: no cache, none that can be used, or
 * what a damaged one could not say (the paths after after). */
struct walk {
	struct scan *s;
	struct sf_buf rel;
	const char *after;
	int rc;
};

static int
walk_blob(const char *root, const git_tree_entry *e, void *ctx)
{
	struct walk *w = ctx;
	char id[64];
	const char *pid;

	/* a folder (or file) whose name begins with "." is not entered */
	if (git_tree_entry_name(e)[0] == '.')
		return 1;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	sf_buf_reset(&w->rel);
	sf_buf_addf(&w->rel, "issues/%s%s", root, git_tree_entry_name(e));
	if (passed_over(w->rel.buf) ||
	    (w->after && strcmp(w->rel.buf, w->after) <= 0))
		return 0;
	if (!(pid = sf_issue_path_id(w->rel.buf, id, sizeof(id))))
		stray(w->s, w->rel.buf, git_tree_entry_id(e), 0);
	else if ((w->rc = parse_blob(w->s, w->rel.buf, pid,
	    git_tree_entry_id(e), git_tree_entry_filemode(e), 0)) != 0)
		return -1;
	return 0;
}

static int
walk_tree(struct scan *s, const char *after)
{
	struct walk w = { s, SF_BUF_INIT, after, 0 };
	git_tree *tree = NULL;
	int rc;

	if (git_oid_is_zero(&s->tree))
		return 0;
	if (git_tree_lookup(&tree, s->l->repo, &s->tree) < 0)
		return sf_error_git("cannot read %s", "issues/");
	sf_buf_init(&w.rel);
	rc = git_tree_walk(tree, GIT_TREEWALK_PRE, walk_blob, &w);
	git_tree_free(tree);
	sf_buf_release(&w.rel);
	if (w.rc)
		return w.rc;
	return rc < 0 ? sf_error_git("cannot read %s", "issues/") : 0;
}

/* What changed between the cache's tree and HEAD's, in path order (a
 * gitlink is not an issue file, a name passed over not one either). */
static int
add_change(const struct sf_tree_change *tc, void *ctx)
{
	struct sf_buf *v = ctx;
	struct change c;

	if (tc->new_mode == GIT_FILEMODE_COMMIT ||
	    (!tc->new_mode && tc->old_mode == GIT_FILEMODE_COMMIT) ||
	    passed_over(tc->path))
		return 0;
	c.rel = xstrdup(tc->path);
	git_oid_cpy(&c.oid, &tc->new_id);
	c.mode = tc->new_mode;
	sf_buf_add(v, &c, sizeof(c));
	return 0;
}

static int
changes(struct scan *s, const git_oid *from, struct change **out,
    size_t *n)
{
	struct sf_buf v = SF_BUF_INIT;
	int rc;

	rc = sf_tree_diff(s->l->repo, from, &s->tree, "issues/", add_change,
	    &v);
	*n = v.len / sizeof(struct change);
	*out = (struct change *)sf_buf_detach(&v, NULL);
	return rc;
}

static void
free_changes(struct change *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].rel);
	free(v);
}

/* The old records merged with the changes, in path order. */
static int
merge_changes(struct scan *s, struct change *v, size_t n)
{
	git_oid zero;
	char id[64];
	const char *pid;
	size_t i = 0;
	int c, rc = 0;

	memset(&zero, 0, sizeof(zero));
	while (!rc && !s->st->damaged && (s->eff || i < n)) {
		c = !s->eff ? 1 : i == n ? -1 : strcmp(s->eff->rel.buf,
		    v[i].rel);
		if (c < 0) {
			rc = kept(s);
			consume(s);
			continue;
		}
		s->changed = 1;
		if (c == 0) {
			/* replaced or deleted: a delta says so when the base
			 * holds the path */
			if (git_oid_is_zero(&v[i].oid) && s->mode == OUT_DELTA &&
			    (s->eff_src == &s->base || s->eff_hides))
				emit_new(s, v[i].rel, &zero, NULL,
				    REC_DELETED);
			consume(s);
		}
		if (git_oid_is_zero(&v[i].oid))
			;
		else if (!(pid = sf_issue_path_id(v[i].rel, id, sizeof(id))))
			stray(s, v[i].rel, &v[i].oid, 0);
		else
			rc = parse_blob(s, v[i].rel, pid, &v[i].oid,
			    v[i].mode, 0);
		i++;
	}
	/* a damaged cache: what it could not say, the tree says, from the
	 * path after the last one handed on */
	if (!rc && s->st->damaged)
		rc = walk_tree(s, s->last.len ? s->last.buf : NULL);
	return rc;
}

/* HEAD's issues/ tree: zero when HEAD is unborn or has none. */
static int
head_tree(struct scan *s)
{
	git_commit *commit = NULL;
	git_tree *root = NULL;
	git_tree_entry *e = NULL;
	int rc = 0;

	memset(&s->tree, 0, sizeof(s->tree));
	if (s->l->unborn)
		return 0;
	if (git_commit_lookup(&commit, s->l->repo, &s->l->head) < 0 ||
	    git_commit_tree(&root, commit) < 0)
		rc = sf_error_git("cannot read HEAD");
	else if (git_tree_entry_bypath(&e, root, "issues") == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_TREE)
		git_oid_cpy(&s->tree, git_tree_entry_id(e));
	git_tree_entry_free(e);
	git_tree_free(root);
	git_commit_free(commit);
	return rc;
}

static int
tracing(void)
{
	const char *t = getenv("SANFEN_TRACE");

	return t && *t && strcmp(t, "0") != 0;
}

/* Open base and delta; 0 when they make a usable cache, with *at the
 * tree the records are for. */
static int
open_cache(struct scan *s, git_oid *at)
{
	open_src(s, &s->base, 0);
	if (s->base.fd < 0)
		return -1;
	open_src(s, &s->delta, 1);
	if (s->delta.fd >= 0 && !git_oid_equal(&s->delta.base, &s->base.tree))
		close_src(&s->delta);	/* a delta of another base */
	git_oid_cpy(at, s->delta.fd >= 0 ? &s->delta.tree : &s->base.tree);
	next_rec(s, &s->base);
	next_rec(s, &s->delta);
	settle(s);
	return 0;
}

int
sf_issues_scan(struct sf_ledger *l, const struct sf_scan_where *where,
    sf_scan_fn cb, void *ctx, struct sf_scan_stats *stats)
{
	return sf_issues_scan_ids(l, where, NULL, cb, ctx, stats);
}

int
sf_issues_scan_ids(struct sf_ledger *l, const struct sf_scan_where *where,
    const struct sf_strset *ids, sf_scan_fn cb, void *ctx,
    struct sf_scan_stats *stats)
{
	struct sf_scan_stats dummy;
	struct change *v = NULL;
	struct scan s;
	git_oid at;
	size_t n = 0;
	uint64_t big;
	int rc, on = sf_cache_enabled() && !git_repository_is_bare(l->repo);

	memset(&s, 0, sizeof(s));
	s.l = l;
	s.where = where;
	s.ids = ids;
	id_day(where ? where->from : NULL, s.from);
	id_day(where ? where->to : NULL, s.to);
	id_day(where && where->or ? where->or->from : NULL, s.or_from);
	id_day(where && where->or ? where->or->to : NULL, s.or_to);
	s.cb = cb;
	s.ctx = ctx;
	s.st = stats ? stats : &dummy;
	memset(s.st, 0, sizeof(*s.st));
	s.base.fd = s.delta.fd = -1;
	sf_buf_init(&s.base.cur.rel);
	sf_buf_init(&s.delta.cur.rel);
	sf_buf_init(&s.last);
	sf_buf_init(&s.rec);
	if ((rc = head_tree(&s)) < 0)
		goto out;
	if (on)
		make_key(l, s.key);
	if (on && open_cache(&s, &at) == 0 && git_oid_equal(&at, &s.tree)) {
		/* the cache is for this very tree: nothing to diff */
		rc = merge_changes(&s, NULL, 0);
	} else if (on && s.base.fd >= 0 && changes(&s, &at, &v, &n) == 0) {
		/* what changed goes to the delta, until it is large */
		big = s.base.count / 16 > DELTA_MIN ? s.base.count / 16 :
		    DELTA_MIN;
		start_output(&s, s.delta.count + n > big ? OUT_BASE :
		    OUT_DELTA);
		s.changed = 1;
		rc = merge_changes(&s, v, n);
	} else {
		s.st->rebuilt = 1;
		if (on) {
			close_src(&s.base);
			close_src(&s.delta);
			s.eff = NULL;
			start_output(&s, OUT_BASE);
			s.changed = 1;
		}
		rc = walk_tree(&s, NULL);
	}
	if (rc == 0 && s.st->damaged && on) {
		/* what a damaged cache could not say was said by the tree;
		 * the next scan starts afresh */
		char *p = file_path(l, 0), *d = file_path(l, 1);

		unlink(d);
		unlink(p);
		free(p);
		free(d);
	}
	if (s.out.f && rc == 0 && !s.st->damaged && s.changed)
		finish_output(&s);
	else
		drop_output(&s);
out:
	close_src(&s.base);
	close_src(&s.delta);
	free_changes(v, n);
	sf_buf_release(&s.last);
	sf_buf_release(&s.rec);
	sf_issue_free(s.spare);
	if (tracing())
		fprintf(stderr, "sanfen: cache: %zu issues: %zu cached, "
		    "%zu parsed, %zu invalid%s%s%s\n", s.st->files,
		    s.st->cached, s.st->parsed, s.st->invalid,
		    s.st->rebuilt && on ? ", rebuilt" : "",
		    s.st->damaged ? ", damaged" : "",
		    !s.st->written ? "" : s.mode == OUT_DELTA ?
		    ", delta written" : ", written");
	return rc;
}

int
sf_scan_full(struct sf_ledger *l, struct sf_scan_item *it)
{
	struct sf_issue *is;
	struct sf_get *rest = it->more;
	git_blob *blob = NULL;
	int rc;

	if (it->full || !it->is)
		return 0;
	if (rest) {
		/* the rest of the record read for it, checked already */
		if (sf_issue_decode_rest(rest, it->is) == 0) {
			it->full = 1;
			it->more = NULL;
			return 0;
		}
	}
	sf_trace_read(it->rel, "HEAD");
	if (git_blob_lookup(&blob, l->repo, &it->blob) < 0)
		rc = sf_error_git("cannot read %s", it->rel);
	else
		rc = sf_issue_parse(it->rel, git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob), l->units, SF_ISSUE_FULL,
		    &is);
	git_blob_free(blob);
	if (rc < 0) {
		/* named by the reader, as a file the scan could not read */
		problem(l, it->rel, 0);
		return rc;
	}
	/* the light one is the scan's spare: the scan frees this one */
	it->is = is;
	it->full = 1;
	it->more = NULL;
	return 0;
}
