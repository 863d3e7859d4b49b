#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "buf.h"
#include "cache.h"
#include "error.h"
#include "query.h"
#include "xalloc.h"

/*
 * The file: a header, then one record per issue file in path order.
 *
 *	header	"SFQCACHE" u32 format, u8[20] key, i64 written.sec,
 *		i64 written.nsec, u64 XXH3 of what precedes it
 *	record	u32 body length, u64 XXH3 of the body, body:
 *		stat (mtime, ctime as sec+nsec, size, ino, mode), u8[20] blob
 *		id, the path, the indexed fields (enc_issue), then the rest
 *		of the issue (enc_rest), decoded only when asked for
 *
 * Numbers are little-endian; a string is u32 length (0xffffffff for none)
 * then its bytes. The key is the hash of this format, sanfen's version,
 * units.yaml and the config, whose changes change how a file reads.
 */
#define MAGIC "SFQCACHE"
#define FORMAT 1
#define HDR_LEN (8 + 4 + 20 + 8 + 8 + 8)
#define REC_HEAD 12
#define STAT_LEN (8 * 4 + 8 + 8 + 4)
#define MAX_RECORD (4u << 20)
#define NOSTR 0xffffffffu
#define RACY_SEC 2

/* Encoding */

static void
le32(unsigned char *c, uint32_t v)
{
	c[0] = (unsigned char)v;
	c[1] = (unsigned char)(v >> 8);
	c[2] = (unsigned char)(v >> 16);
	c[3] = (unsigned char)(v >> 24);
}

static void
put32(struct sf_buf *b, uint32_t v)
{
	unsigned char c[4];

	le32(c, v);
	sf_buf_add(b, c, 4);
}

static void
put64(struct sf_buf *b, uint64_t v)
{
	put32(b, (uint32_t)v);
	put32(b, (uint32_t)(v >> 32));
}

static void
putstr(struct sf_buf *b, const char *s)
{
	size_t n;

	if (!s) {
		put32(b, NOSTR);
		return;
	}
	n = strlen(s);
	put32(b, (uint32_t)n);
	sf_buf_add(b, s, n);
}

static void
putnotes(struct sf_buf *b, const struct sf_note *v, size_t n)
{
	size_t i;

	put32(b, (uint32_t)n);
	for (i = 0; i < n; i++) {
		putstr(b, v[i].date);
		putstr(b, v[i].note);
	}
}

static void
enc_task(struct sf_buf *b, const struct sf_task *t)
{
	size_t i;

	put32(b, (uint32_t)t->no);
	putstr(b, t->action);
	putstr(b, t->lead);
	put32(b, (uint32_t)t->nsupport);
	for (i = 0; i < t->nsupport; i++)
		putstr(b, t->support[i]);
	putstr(b, t->due);
	put32(b, (uint32_t)t->status);
	putstr(b, t->done);
	putnotes(b, t->progress, t->nprogress);
	putnotes(b, t->supervision, t->nsupervision);
}

static void
enc_issue(struct sf_buf *b, const struct sf_issue *is)
{
	const struct sf_screening *s = is->screening;
	size_t i;

	putstr(b, is->id);
	putstr(b, is->title);
	putstr(b, is->submitted);
	putstr(b, is->submitter);
	putstr(b, is->meeting);
	put32(b, (uint32_t)is->subject);
	put32(b, (uint32_t)is->city);
	put32(b, (uint32_t)is->program);
	put32(b, (uint32_t)is->topic);
	put32(b, (uint32_t)is->jurisdiction);
	put32(b, (uint32_t)is->source);
	put32(b, (uint32_t)is->status);
	put32(b, is->tried);
	put32(b, is->flags);
	put32(b, s != NULL);
	if (s) {
		putstr(b, s->date);
		putstr(b, s->by);
		put32(b, s->exclusions);
		put32(b, s->priorities);
		put32(b, (uint32_t)s->score);
		put32(b, s->missing);
	}
	put32(b, is->escalation != NULL);
	if (is->escalation) {
		put32(b, (uint32_t)is->escalation->to);
		putstr(b, is->escalation->date);
		putstr(b, is->escalation->reason);
	}
	put32(b, is->closure != NULL);
	if (is->closure) {
		putstr(b, is->closure->date);
		put32(b, (uint32_t)is->closure->reason);
		putstr(b, is->closure->note);
	}
	put32(b, is->withdrawal != NULL);
	if (is->withdrawal) {
		putstr(b, is->withdrawal->date);
		putstr(b, is->withdrawal->note);
	}
	put32(b, (uint32_t)is->ntasks);
	for (i = 0; i < is->ntasks; i++)
		enc_task(b, &is->tasks[i]);
}

/* Decoding: every read is bounded; a short or malformed body sets bad. */

struct rd {
	const unsigned char *p, *end;
	struct sf_arena *a;
	int bad;
};

static uint32_t
get32(struct rd *r)
{
	uint32_t v;

	if (r->end - r->p < 4) {
		r->bad = 1;
		r->p = r->end;
		return 0;
	}
	v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 |
	    (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
	r->p += 4;
	return v;
}

static uint64_t
get64(struct rd *r)
{
	uint64_t lo = get32(r);

	return lo | (uint64_t)get32(r) << 32;
}

static const char *
getstr(struct rd *r)
{
	uint32_t n = get32(r);
	const char *s;

	if (n == NOSTR || r->bad)
		return NULL;
	if ((size_t)(r->end - r->p) < n || memchr(r->p, '\0', n)) {
		r->bad = 1;
		r->p = r->end;
		return NULL;
	}
	s = sf_arena_strndup(r->a, (const char *)r->p, n);
	r->p += n;
	return s;
}

/* A count of items at least min bytes each that the body can hold. */
static size_t
getcount(struct rd *r, size_t min)
{
	uint32_t n = get32(r);

	if ((size_t)(r->end - r->p) / min < n) {
		r->bad = 1;
		r->p = r->end;
		return 0;
	}
	return n;
}

static int
getenum(struct rd *r, const struct sf_enum *e, int none_ok)
{
	int v = (int)get32(r);

	if (v < (none_ok ? -1 : 0) || v >= e->n)
		r->bad = 1;
	return v;
}

static struct sf_note *
getnotes(struct rd *r, size_t *n)
{
	struct sf_note *v;
	size_t i;

	if (!(*n = getcount(r, 8)))
		return NULL;
	v = sf_arena_alloc(r->a, *n * sizeof(*v));
	for (i = 0; i < *n; i++) {
		v[i].date = getstr(r);
		v[i].note = getstr(r);
	}
	return v;
}

static void
dec_task(struct rd *r, struct sf_task *t)
{
	size_t i;

	t->no = (int)get32(r);
	t->action = getstr(r);
	t->lead = getstr(r);
	if ((t->nsupport = getcount(r, 4))) {
		t->support = sf_arena_alloc(r->a, t->nsupport *
		    sizeof(*t->support));
		for (i = 0; i < t->nsupport; i++)
			if (!(t->support[i] = getstr(r)))
				r->bad = 1;
	}
	t->due = getstr(r);
	t->status = getenum(r, &sf_enum_task_status, 0);
	t->done = getstr(r);
	t->progress = getnotes(r, &t->nprogress);
	t->supervision = getnotes(r, &t->nsupervision);
}

static int
dec_issue(struct rd *r, struct sf_issue *is)
{
	struct sf_screening *s;
	size_t i;

	is->id = getstr(r);
	is->title = getstr(r);
	is->submitted = getstr(r);
	is->submitter = getstr(r);
	is->meeting = getstr(r);
	is->subject = getenum(r, &sf_enum_subject, 1);
	is->city = getenum(r, &sf_enum_city, 1);
	is->program = getenum(r, &sf_enum_program, 1);
	is->topic = getenum(r, &sf_enum_topic, 1);
	is->jurisdiction = getenum(r, &sf_enum_level, 1);
	is->source = getenum(r, &sf_enum_source, 0);
	is->status = getenum(r, &sf_enum_status, 0);
	is->tried = get32(r);
	is->flags = get32(r);
	if (get32(r)) {
		s = is->screening = sf_arena_alloc(r->a, sizeof(*s));
		s->date = getstr(r);
		s->by = getstr(r);
		s->exclusions = get32(r);
		s->priorities = get32(r);
		s->score = (int)get32(r);
		s->missing = get32(r);
	}
	if (get32(r)) {
		is->escalation = sf_arena_alloc(r->a, sizeof(*is->escalation));
		is->escalation->to = getenum(r, &sf_enum_escalate_to, 0);
		is->escalation->date = getstr(r);
		is->escalation->reason = getstr(r);
	}
	if (get32(r)) {
		is->closure = sf_arena_alloc(r->a, sizeof(*is->closure));
		is->closure->date = getstr(r);
		is->closure->reason = getenum(r, &sf_enum_reason, 0);
		is->closure->note = getstr(r);
	}
	if (get32(r)) {
		is->withdrawal = sf_arena_alloc(r->a, sizeof(*is->withdrawal));
		is->withdrawal->date = getstr(r);
		is->withdrawal->note = getstr(r);
	}
	if ((is->ntasks = getcount(r, 32))) {
		is->tasks = sf_arena_alloc(r->a, is->ntasks * sizeof(*is->tasks));
		for (i = 0; i < is->ntasks && !r->bad; i++)
			dec_task(r, &is->tasks[i]);
	}
	if (!is->id || !is->submitted || r->p != r->end)
		r->bad = 1;
	return r->bad ? -1 : 0;
}

/* Stat data, as git's index keeps it */

struct fstat {
	int64_t msec, mnsec, csec, cnsec, size;
	uint64_t ino;
	uint32_t mode;
};

static void
fstat_of(const struct stat *st, struct fstat *f)
{
	f->msec = st->st_mtim.tv_sec;
	f->mnsec = st->st_mtim.tv_nsec;
	f->csec = st->st_ctim.tv_sec;
	f->cnsec = st->st_ctim.tv_nsec;
	f->size = st->st_size;
	f->ino = st->st_ino;
	f->mode = st->st_mode;
}

static void
put_fstat(struct sf_buf *b, const struct fstat *f)
{
	put64(b, (uint64_t)f->msec);
	put64(b, (uint64_t)f->mnsec);
	put64(b, (uint64_t)f->csec);
	put64(b, (uint64_t)f->cnsec);
	put64(b, (uint64_t)f->size);
	put64(b, f->ino);
	put32(b, f->mode);
}

static void
get_fstat(struct rd *r, struct fstat *f)
{
	f->msec = (int64_t)get64(r);
	f->mnsec = (int64_t)get64(r);
	f->csec = (int64_t)get64(r);
	f->cnsec = (int64_t)get64(r);
	f->size = (int64_t)get64(r);
	f->ino = get64(r);
	f->mode = get32(r);
}

static int
fstat_same(const struct fstat *a, const struct fstat *b)
{
	return a->msec == b->msec && a->mnsec == b->mnsec &&
	    a->csec == b->csec && a->cnsec == b->cnsec &&
	    a->size == b->size && a->ino == b->ino && a->mode == b->mode;
}

/* The keys the indexed fields leave out: read only for a whole issue. */

static void
enc_rest(struct sf_buf *b, const struct sf_issue *is)
{
	const struct sf_screening *s = is->screening;
	double score;
	uint64_t bits;
	size_t i;

	putstr(b, is->contact);
	for (i = 0; i < SF_MAT_COUNT; i++)
		putstr(b, is->material[i]);
	putstr(b, is->decision);
	putstr(b, s ? s->note : NULL);
	put32(b, s ? (uint32_t)s->nsimilar : 0);
	for (i = 0; s && i < s->nsimilar; i++) {
		putstr(b, s->similar[i].id);
		score = s->similar[i].score;
		memcpy(&bits, &score, sizeof(bits));
		put64(b, bits);
	}
}

static int
dec_rest(struct rd *r, struct sf_issue *is)
{
	struct sf_screening *s = is->screening;
	uint64_t bits;
	size_t i, n;

	is->contact = getstr(r);
	for (i = 0; i < SF_MAT_COUNT; i++)
		is->material[i] = getstr(r);
	is->decision = getstr(r);
	if (s)
		s->note = getstr(r);
	else if (getstr(r))
		r->bad = 1;
	if ((n = getcount(r, 12)) && !s)
		r->bad = 1;
	if (n && s) {
		s->similar = sf_arena_alloc(r->a, n * sizeof(*s->similar));
		s->nsimilar = n;
		for (i = 0; i < n; i++) {
			s->similar[i].id = getstr(r);
			bits = get64(r);
			memcpy(&s->similar[i].score, &bits, sizeof(bits));
		}
	}
	return r->bad || r->p != r->end ? -1 : 0;
}

/* The scan */

struct old_record {
	long start;		/* offset of its length word */
	struct sf_buf raw;	/* length, checksum and body as read */
	struct sf_buf rel;
	struct fstat st;
	unsigned char oid[20];
	size_t fields;		/* offset of the fields in raw */
	int have;		/* a record is waiting in raw */
};

struct scan {
	struct sf_ledger *l;
	sf_scan_fn cb;
	void *ctx;
	struct sf_scan_stats *st;
	unsigned char key[20];
	struct timespec now;
	int64_t racy_after;	/* stat data from this second on is racy */
	FILE *in;		/* the cache read, or NULL */
	int in_done;
	long tail;		/* where the next record of in begins: the
				 * old records before it were all kept */
	struct old_record cur;
	FILE *out;		/* the new cache once something changed */
	char *out_path;
	int out_failed;
	int changed;
	int dirfd;		/* the month directory of dir */
	struct sf_buf dir, text, rec;
};

static int
enabled(void)
{
	const char *e = getenv("SANFEN_CACHE");

	return !e || (strcmp(e, "0") != 0 && strcmp(e, "off") != 0 &&
	    strcmp(e, "false") != 0 && strcmp(e, "no") != 0);
}

char *
sf_cache_path(struct sf_ledger *l)
{
	struct sf_buf b = SF_BUF_INIT;

	sf_buf_init(&b);
	sf_buf_addf(&b, "%ssanfen/issues.cache", git_repository_path(l->repo));
	return sf_buf_detach(&b, NULL);
}

static void
add_file(struct sf_buf *all, struct sf_ledger *l, const char *rel)
{
	char *p = sf_ledger_path(l, rel);
	struct sf_buf t = SF_BUF_INIT;

	sf_buf_init(&t);
	if (sf_buf_read_file(&t, p, 4u << 20) == 0)
		sf_buf_add(all, t.buf, t.len);
	sf_buf_addch(all, '\0');
	sf_buf_release(&t);
	free(p);
}

static void
make_key(struct sf_ledger *l, unsigned char key[20])
{
	struct sf_buf all = SF_BUF_INIT;
	git_oid oid;

	sf_buf_init(&all);
	sf_buf_addf(&all, "sanfen %s cache %d", SF_VERSION, FORMAT);
	sf_buf_addch(&all, '\0');
	add_file(&all, l, SF_UNITS_PATH);
	add_file(&all, l, SF_CONFIG_PATH);
	if (git_odb_hash(&oid, all.buf, all.len, GIT_OBJECT_BLOB) < 0)
		memset(&oid, 0, sizeof(oid));
	memcpy(key, oid.id, 20);
	sf_buf_release(&all);
}

static void
header(struct sf_buf *b, const unsigned char key[20],
    const struct timespec *t)
{
	sf_buf_add(b, MAGIC, 8);
	put32(b, FORMAT);
	sf_buf_add(b, key, 20);
	put64(b, (uint64_t)t->tv_sec);
	put64(b, (uint64_t)t->tv_nsec);
	put64(b, XXH3_64bits(b->buf, b->len));
}

/* Open the cache and check its header; in stays NULL when unusable. */
static void
open_cache(struct scan *s)
{
	unsigned char h[HDR_LEN];
	struct rd r = { h + 8, h + HDR_LEN, NULL, 0 };
	char *path = sf_cache_path(s->l);
	int64_t wsec;

	s->in = fopen(path, "re");
	free(path);
	if (!s->in)
		return;
	if (fread(h, 1, HDR_LEN, s->in) != HDR_LEN ||
	    memcmp(h, MAGIC, 8) != 0 || get32(&r) != FORMAT ||
	    memcmp(r.p, s->key, 20) != 0)
		goto unusable;
	r.p += 20;
	wsec = (int64_t)get64(&r);
	(void)get64(&r);
	if (get64(&r) != XXH3_64bits(h, HDR_LEN - 8))
		goto unusable;
	/* stat data of files changed within RACY_SEC of the old cache's
	 * writing cannot be trusted: check those by their blob id */
	s->racy_after = wsec - RACY_SEC;
	return;
unusable:
	fclose(s->in);
	s->in = NULL;
}

/* Read the next record of the old cache into cur; a damaged record or
 * file ends the reading (what follows is read from the issue files). */
static void
next_old(struct scan *s)
{
	struct old_record *c = &s->cur;
	unsigned char lc[REC_HEAD];
	struct rd r;
	uint32_t len;
	uint64_t sum;

	c->have = 0;
	if (!s->in || s->in_done)
		return;
	s->tail = c->start = ftell(s->in);
	if (fread(lc, 1, REC_HEAD, s->in) != REC_HEAD)
		goto end;
	r.p = lc;
	r.end = lc + REC_HEAD;
	r.bad = 0;
	len = get32(&r);
	sum = get64(&r);
	if (len < STAT_LEN + 20 + 4 || len > MAX_RECORD)
		goto damaged;
	sf_buf_reset(&c->raw);
	sf_buf_add(&c->raw, lc, REC_HEAD);
	sf_buf_grow(&c->raw, len);
	if (fread(c->raw.buf + REC_HEAD, 1, len, s->in) != len)
		goto damaged;
	c->raw.len = REC_HEAD + len;
	if (XXH3_64bits(c->raw.buf + REC_HEAD, len) != sum)
		goto damaged;
	r.p = (unsigned char *)c->raw.buf + REC_HEAD;
	r.end = r.p + len;
	r.a = NULL;
	get_fstat(&r, &c->st);
	memcpy(c->oid, r.p, 20);
	r.p += 20;
	len = get32(&r);
	if ((size_t)(r.end - r.p) < len || !len)
		goto damaged;
	sf_buf_reset(&c->rel);
	sf_buf_add(&c->rel, r.p, len);
	r.p += len;
	c->fields = (size_t)(r.p - (unsigned char *)c->raw.buf);
	c->have = 1;
	return;
damaged:
	s->changed = 1;
end:
	s->in_done = 1;
}

/* From the first change on, the new cache gets every record: first the
 * old file's records that were kept so far, copied as they are. */
static void
start_output(struct scan *s)
{
	struct sf_buf b = SF_BUF_INIT;
	char buf[65536];
	long at = HDR_LEN, upto = s->tail;
	mode_t mask;
	char *dir;
	int fd;

	s->changed = 1;
	if (s->out || s->out_failed)
		return;
	dir = sf_cache_path(s->l);
	*strrchr(dir, '/') = '\0';
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		goto fail;
	s->out_path = xmalloc(strlen(dir) + 32);
	snprintf(s->out_path, strlen(dir) + 32, "%s/issues.cache.XXXXXX", dir);
	if ((fd = mkstemp(s->out_path)) < 0 ||
	    !(s->out = fdopen(fd, "w"))) {
		if (fd >= 0) {
			close(fd);
			unlink(s->out_path);
		}
		free(s->out_path);
		s->out_path = NULL;
		goto fail;
	}
	/* readable as the rest of the repository is (mkstemp makes 0600) */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	sf_buf_init(&b);
	header(&b, s->key, &s->now);
	fwrite(b.buf, 1, b.len, s->out);
	sf_buf_release(&b);
	while (s->in && at < upto) {
		size_t want = (size_t)(upto - at) < sizeof(buf) ?
		    (size_t)(upto - at) : sizeof(buf);
		ssize_t got = pread(fileno(s->in), buf, want, at);

		if (got <= 0) {
			s->out_failed = 1;
			break;
		}
		fwrite(buf, 1, (size_t)got, s->out);
		at += got;
	}
	free(dir);
	return;
fail:
	free(dir);
	s->out_failed = 1;
}

static void
emit(struct scan *s, const void *data, size_t len)
{
	if (s->out && !s->out_failed && fwrite(data, 1, len, s->out) != len)
		s->out_failed = 1;
}

/* Fill in the length and checksum of record b, and write it. */
static void
seal_emit(struct scan *s, struct sf_buf *b)
{
	uint32_t len = (uint32_t)(b->len - REC_HEAD);
	uint64_t sum = XXH3_64bits(b->buf + REC_HEAD, len);

	le32((unsigned char *)b->buf, len);
	le32((unsigned char *)b->buf + 4, (uint32_t)sum);
	le32((unsigned char *)b->buf + 8, (uint32_t)(sum >> 32));
	emit(s, b->buf, b->len);
}

static void
emit_new(struct scan *s, const char *rel, const struct fstat *st,
    const unsigned char oid[20], const struct sf_issue *is)
{
	struct sf_buf *b = &s->rec;
	size_t at;

	sf_buf_reset(b);
	put32(b, 0);
	put64(b, 0);
	put_fstat(b, st);
	sf_buf_add(b, oid, 20);
	putstr(b, rel);
	at = b->len;
	put32(b, 0);
	enc_issue(b, is);
	le32((unsigned char *)b->buf + at, (uint32_t)(b->len - at - 4));
	enc_rest(b, is);
	seal_emit(s, b);
}

/* cur again with new stat data: the same blob, the same fields */
static void
emit_restat(struct scan *s, const struct fstat *st)
{
	struct sf_buf *b = &s->rec;
	size_t skip = REC_HEAD + STAT_LEN;

	sf_buf_reset(b);
	put32(b, 0);
	put64(b, 0);
	put_fstat(b, st);
	sf_buf_add(b, s->cur.raw.buf + skip, s->cur.raw.len - skip);
	seal_emit(s, b);
}

static int
racy(const struct scan *s, const struct fstat *st)
{
	return st->msec >= s->racy_after;
}

/* Would stat data st be trusted by a cache written now? */
static int
settled(const struct scan *s, const struct fstat *st)
{
	return st->msec < s->now.tv_sec - RACY_SEC;
}

/* The indexed fields of cur; *rest is where the other keys begin. */
static struct sf_issue *
decode(struct scan *s, struct rd *rest)
{
	struct sf_issue *is = sf_issue_new();
	struct rd r;
	size_t n;

	r.p = (unsigned char *)s->cur.raw.buf + s->cur.fields;
	r.end = (unsigned char *)s->cur.raw.buf + s->cur.raw.len;
	r.a = is->arena;
	r.bad = 0;
	/* the indexed fields end where the rest's length word says */
	n = get32(&r);
	if ((size_t)(r.end - r.p) < n) {
		sf_issue_free(is);
		return NULL;
	}
	*rest = r;
	rest->p = r.p + n;
	r.end = r.p + n;
	if (dec_issue(&r, is) < 0) {
		sf_issue_free(is);
		return NULL;
	}
	return is;
}

/* Open the month directory of rel (once per month) for fstatat/openat. */
static int
month_dir(struct scan *s, const char *rel, const char **name)
{
	const char *slash = strrchr(rel, '/');
	size_t n = (size_t)(slash - rel);

	*name = slash + 1;
	if (s->dirfd >= 0 && s->dir.len == n && memcmp(s->dir.buf, rel, n) == 0)
		return s->dirfd;
	if (s->dirfd >= 0)
		close(s->dirfd);
	sf_buf_reset(&s->dir);
	sf_buf_add(&s->dir, rel, n);
	s->dirfd = openat(AT_FDCWD, s->l->root, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC);
	if (s->dirfd >= 0) {
		int fd = openat(s->dirfd, s->dir.buf, O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC);

		close(s->dirfd);
		s->dirfd = fd;
	}
	return s->dirfd;
}

static int
read_at(int dirfd, const char *name, struct sf_buf *b)
{
	struct stat st;
	int fd, rc;

	if ((fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > SF_ISSUE_MAX_BYTES) {
		if (!S_ISREG(st.st_mode))
			errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		else
			errno = EFBIG;
		close(fd);
		return -1;
	}
	rc = sf_buf_read_fd(b, fd, SF_ISSUE_MAX_BYTES);
	close(fd);
	return rc;
}

static int
file_item(struct scan *s, const char *rel, const char *id)
{
	struct sf_scan_item it = { rel, id, NULL, 0, NULL };
	struct rd rest;
	struct fstat fs;
	struct stat st;
	const char *name;
	git_oid oid;
	int dfd, have, rc;

	/* records of files that are gone */
	while (s->cur.have && strcmp(s->cur.rel.buf, rel) < 0) {
		start_output(s);
		next_old(s);
	}
	have = s->cur.have && strcmp(s->cur.rel.buf, rel) == 0;
	s->st->files++;
	dfd = month_dir(s, rel, &name);
	if (dfd < 0 || fstatat(dfd, name, &st, 0) < 0)
		memset(&fs, 0, sizeof(fs));
	else
		fstat_of(&st, &fs);
	if (have && fstat_same(&fs, &s->cur.st) && !racy(s, &fs) &&
	    (it.is = decode(s, &rest))) {
		s->st->cached++;
		emit(s, s->cur.raw.buf, s->cur.raw.len);
		goto call;
	}
	/* read it: stat data taken before the bytes, so a change after the
	 * stat shows as other stat data next time */
	sf_buf_reset(&s->text);
	if (dfd < 0 || read_at(dfd, name, &s->text) < 0) {
		sf_error_errno("cannot read %s", rel);
		goto unreadable;
	}
	git_odb_hash(&oid, s->text.buf, s->text.len, GIT_OBJECT_BLOB);
	if (have && memcmp(oid.id, s->cur.oid, 20) == 0 &&
	    (it.is = decode(s, &rest))) {
		s->st->hashed++;
		if (fstat_same(&fs, &s->cur.st) && !settled(s, &fs)) {
			emit(s, s->cur.raw.buf, s->cur.raw.len);
		} else {
			start_output(s);
			emit_restat(s, &fs);
		}
		goto call;
	}
	s->st->parsed++;
	if (sf_issue_parse(rel, s->text.buf, s->text.len, s->l->units,
	    SF_ISSUE_FULL, &it.is) < 0)
		goto unreadable;
	it.full = 1;
	start_output(s);
	emit_new(s, rel, &fs, oid.id, it.is);
	goto call;
unreadable:
	/* an invalid file gets no record: it is read, and reported, each
	 * time until it is mended */
	s->st->invalid++;
	if (have)
		start_output(s);
call:
	if (it.is && !it.full) {
		it.more = &rest;
	}
	rc = s->cb(s->l, &it, s->ctx);
	sf_issue_free(it.is);
	if (have)
		next_old(s);
	return rc;
}

static int
walk_one(const char *rel, const char *id, void *ctx)
{
	struct scan *s = ctx;
	struct sf_scan_item it = { rel, NULL, NULL, 0, NULL };

	if (id)
		return file_item(s, rel, id);
	return s->cb(s->l, &it, s->ctx);
}

static void
finish(struct scan *s)
{
	char *path;

	/* records after the last file are of files that are gone */
	if (s->cur.have || s->changed)
		start_output(s);
	if (!s->out)
		return;
	path = sf_cache_path(s->l);
	if (fflush(s->out) != 0 || s->out_failed) {
		fclose(s->out);
		unlink(s->out_path);
	} else if (fclose(s->out) != 0 || rename(s->out_path, path) < 0) {
		unlink(s->out_path);
	} else {
		s->st->written = 1;
	}
	s->out = NULL;
	free(path);
}

static int
tracing(void)
{
	const char *t = getenv("SANFEN_TRACE");

	return t && *t && strcmp(t, "0") != 0;
}

int
sf_issues_scan(struct sf_ledger *l, sf_scan_fn cb, void *ctx,
    struct sf_scan_stats *stats)
{
	struct sf_scan_stats dummy;
	struct scan s;
	int rc, on = enabled() && !git_repository_is_bare(l->repo);

	memset(&s, 0, sizeof(s));
	s.l = l;
	s.cb = cb;
	s.ctx = ctx;
	s.st = stats ? stats : &dummy;
	s.dirfd = -1;
	memset(s.st, 0, sizeof(*s.st));
	sf_buf_init(&s.cur.raw);
	sf_buf_init(&s.cur.rel);
	sf_buf_init(&s.dir);
	sf_buf_init(&s.text);
	sf_buf_init(&s.rec);
	clock_gettime(CLOCK_REALTIME, &s.now);
	if (on) {
		make_key(l, s.key);
		open_cache(&s);
		s.st->rebuilt = !s.in;
		next_old(&s);
	} else {
		s.out_failed = 1;	/* write nothing */
	}
	rc = sf_issues_walk(l, walk_one, &s);
	if (rc == 0 && on)
		finish(&s);
	else if (s.out) {
		fclose(s.out);
		unlink(s.out_path);
	}
	if (s.in)
		fclose(s.in);
	if (s.dirfd >= 0)
		close(s.dirfd);
	free(s.out_path);
	sf_buf_release(&s.cur.raw);
	sf_buf_release(&s.cur.rel);
	sf_buf_release(&s.dir);
	sf_buf_release(&s.text);
	sf_buf_release(&s.rec);
	if (tracing())
		fprintf(stderr, "sanfen: cache: %zu files: %zu cached, "
		    "%zu by blob id, %zu parsed, %zu invalid%s%s\n",
		    s.st->files, s.st->cached, s.st->hashed, s.st->parsed,
		    s.st->invalid, s.st->rebuilt && on ? ", rebuilt" : "",
		    s.st->written ? ", written" : "");
	return rc;
}

int
sf_scan_full(struct sf_ledger *l, struct sf_scan_item *it)
{
	struct sf_issue *is;
	struct rd *rest = it->more;
	char *path;
	int rc;

	if (it->full || !it->is)
		return 0;
	if (rest) {
		/* the rest of the record read for it, checked already */
		rest->a = it->is->arena;
		if (dec_rest(rest, it->is) == 0) {
			it->full = 1;
			it->more = NULL;
			return 0;
		}
	}
	path = sf_ledger_path(l, it->rel);
	rc = sf_issue_load(path, it->rel, l->units, &is);
	free(path);
	if (rc < 0)
		return rc;
	sf_issue_free(it->is);
	it->is = is;
	it->full = 1;
	it->more = NULL;
	return 0;
}
