#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "i18n.h"
#include "id.h"
#include "issue.h"
#include "meeting.h"
#include "reader.h"
#include "xalloc.h"

#define ID_MIN 4
#define ID_MAX 16
_Static_assert(SF_ID_RANDOM >= ID_MIN && SF_ID_RANDOM <= ID_MAX,
    "sanfen's own ids must be valid");

static const char *const full_keys[] = { "id", "title", "submitted",
	"submitter", "contact", "subject", "city", "program", "topic",
	"jurisdiction", "tried", "source", "flags", "material", "status",
	"screening", "meeting", "decision", "tasks", "escalation", "closure",
	"withdrawal", NULL };
/* the keys a submitter may give: up to material, less those sanfen sets */
static const char *const submission_keys[] = { "title", "submitter",
	"contact", "subject", "city", "program", "topic", "jurisdiction",
	"tried", "source", "flags", "material", NULL };

/*
 * Where each key was read. sf_issue_validate works on the struct, which
 * fields from flags or commands may have changed, so it looks positions up
 * by key path rather than holding on to the document's nodes.
 */
struct pos {
	struct pos *next;
	const char *path;
	unsigned line, col;		/* the value */
	unsigned key_line, key_col;	/* its key, in a mapping */
};

struct sf_issue_src {
	const char *file;
	struct pos *head;
};

struct sf_issue *
sf_issue_new(void)
{
	struct sf_issue *is = xcalloc(1, sizeof(*is));

	is->arena = sf_arena_new();
	is->subject = is->city = is->program = is->topic = -1;
	is->jurisdiction = -1;
	is->source = SF_SRC_UNIT;
	is->status = SF_ST_SUBMITTED;
	return is;
}

void
sf_issue_free(struct sf_issue *is)
{
	if (!is)
		return;
	sf_arena_free(is->arena);
	free(is);
}

int
sf_issue_id_valid(const char *id)
{
	char date[SF_DATE_LEN + 1];
	size_t i, n;

	if (!id || (n = strlen(id)) < 9 + ID_MIN || n > 9 + ID_MAX ||
	    id[8] != '-')
		return -1;
	for (i = 0; i < 8; i++)
		if (id[i] < '0' || id[i] > '9')
			return -1;
	for (i = 9; i < n; i++)
		if (!(id[i] >= '0' && id[i] <= '9') &&
		    !(id[i] >= 'a' && id[i] <= 'z'))
			return -1;
	/* YYYY-MM-DD from YYYYMMDD, by hand: this runs for every issue a
	 * scan meets */
	memcpy(date, id, 4);
	date[4] = '-';
	memcpy(date + 5, id + 4, 2);
	date[7] = '-';
	memcpy(date + 8, id + 6, 2);
	date[10] = '\0';
	return sf_date_valid(date) ? 0 : -1;
}

char *
sf_issue_path(const char *id)
{
	struct sf_buf b = SF_BUF_INIT;

	if (sf_issue_id_valid(id) != 0)
		return NULL;
	sf_buf_init(&b);
	sf_buf_addf(&b, "issues/%.4s/%.2s/%s.yaml", id, id + 4, id);
	return sf_buf_detach(&b, NULL);
}

/* Reading */

struct rdx {
	struct sf_rd r;		/* file, findings, the issue's arena */
	const struct sf_units *units;
	struct sf_issue_src *src;	/* positions to record, or NULL */
};

static void
at(struct rdx *x, const char *path, const struct sf_node *n)
{
	struct pos *p;

	if (!x->src || !n)
		return;
	p = sf_arena_alloc(x->r.a, sizeof(*p));
	p->path = path;
	p->line = n->line;
	p->col = n->col;
	p->key_line = n->key ? n->key_line : 0;
	p->key_col = n->key ? n->key_col : 0;
	p->next = x->src->head;
	x->src->head = p;
}

/*
 * "parent.key" (or "key") and "parent[i]" from the arena, as sf_rd_path
 * and sf_rd_index make them, without printf: every key of every issue of
 * a ledger scan gets one.
 */
static const char *
join(struct sf_arena *a, const char *parent, const char *sep,
    const char *key)
{
	size_t np = strlen(parent), ns = np ? strlen(sep) : 0;
	size_t nk = strlen(key);
	char *s = sf_arena_alloc(a, np + ns + nk + 1);

	memcpy(s, parent, np);
	memcpy(s + np, sep, ns);
	memcpy(s + np + ns, key, nk + 1);
	return s;
}

/* The value of key in map (NULL when absent); its path goes to *path. */
static const struct sf_node *
get(struct rdx *x, const struct sf_node *map, const char *parent,
    const char *key, const char **path)
{
	const struct sf_node *n = sf_node_get(map, key);

	*path = parent ? join(x->r.a, parent, ".", key) : key;
	at(x, *path, n);
	return n;
}

/* The i-th item of a list, recorded as "parent[i+1]". */
static const struct sf_node *
item(struct rdx *x, const struct sf_node *seq, const char *parent, size_t i,
    const char **path)
{
	char num[32];

	snprintf(num, sizeof(num), "[%zu]", i + 1);
	*path = join(x->r.a, parent, "", num);
	at(x, *path, seq->kids[i]);
	return seq->kids[i];
}

/* The first characters of every typed plain scalar (yamlio.c's
 * patterns): the regular expressions are not run on Chinese text. */
static int
may_be_typed(const char *s)
{
	return *s && strchr("yYnNtTfFoO~<=+-.0123456789", *s) != NULL;
}

enum { TEXT, LINE, ID };	/* what text() reads */

/*
 * Text: NULL when null or empty. A plain scalar that YAML reads as a
 * number, a boolean or a date (2024, yes, 2024-10-08) is refused rather
 * than taken as text: other readers of the file would not see text there.
 * Ids are not looked at so: what YAML would type is no valid id anyway.
 */
static const char *
text(struct rdx *x, const struct sf_node *n, const char *path, int what)
{
	const char *s;

	if (sf_rd_null(n))
		return NULL;
	if (what != ID && n->kind == SF_NODE_SCALAR && n->type == SF_PLAIN &&
	    may_be_typed(n->str) && sf_yaml_plain_is_typed(n->str, n->len)) {
		sf_rd_bad(&x->r, n, path, "'%s' is not text: write it in "
		    "quotes", n->str);
		return NULL;
	}
	s = sf_rd_text(&x->r, n, path, what != TEXT);
	return s && *s ? s : NULL;
}

static int
valid_unit_id(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	return 1;
}

/* A unit by id or name, stored as its id. */
static const char *
unit(struct rdx *x, const struct sf_node *n, const char *path)
{
	const struct sf_unit *u;

	if (sf_rd_null(n))
		return NULL;
	if (n->kind != SF_NODE_SCALAR) {
		sf_rd_bad(&x->r, n, path, "expected a unit, not a %s",
		    n->kind == SF_NODE_MAP ? _("mapping") : _("list"));
		return NULL;
	}
	if (x->units) {
		if ((u = sf_units_find(x->units, n->str)))
			return sf_arena_strdup(x->r.a, u->id);
		sf_rd_bad(&x->r, n, path, "unknown unit '%s'", n->str);
		return NULL;
	}
	if (!valid_unit_id(n->str)) {
		sf_rd_bad(&x->r, n, path, "'%s' is not a unit id", n->str);
		return NULL;
	}
	return sf_arena_strndup(x->r.a, n->str, n->len);
}

static const char **
unit_list(struct rdx *x, const struct sf_node *n, const char *path,
    size_t *count)
{
	const char **v, *id, *p;
	size_t i, j;

	*count = 0;
	if (sf_rd_null(n) || sf_rd_seq(&x->r, n, path) < 0 || !n->n)
		return NULL;
	v = sf_arena_alloc(x->r.a, n->n * sizeof(*v));
	for (i = 0; i < n->n; i++) {
		const struct sf_node *e = item(x, n, path, i, &p);

		if (sf_rd_null(e)) {
			sf_rd_bad(&x->r, e, p, "empty unit");
			continue;
		}
		if (!(id = unit(x, e, p)))
			continue;
		for (j = 0; j < *count && strcmp(v[j], id); j++)
			;
		if (j < *count)
			sf_rd_bad(&x->r, e, p, "unit '%s' is listed twice", id);
		else
			v[(*count)++] = id;
	}
	return v;
}

/* A list of enum values as a mask; each value once. */
static unsigned
enum_set(struct rdx *x, const struct sf_node *n, const char *path,
    const struct sf_enum *e)
{
	unsigned mask = 0;
	const char *p;
	size_t i;
	int v;

	if (sf_rd_null(n) || sf_rd_seq(&x->r, n, path) < 0)
		return 0;
	for (i = 0; i < n->n; i++) {
		const struct sf_node *k = item(x, n, path, i, &p);

		if (sf_rd_null(k)) {
			sf_rd_bad(&x->r, k, p, "empty %s", e->name);
			continue;
		}
		if ((v = sf_rd_enum(&x->r, k, p, e)) < 0)
			continue;
		if (mask & (1u << v))
			sf_rd_bad(&x->r, k, p, "%s '%s' is listed twice",
			    e->name, sf_enum_token(e, v));
		mask |= 1u << v;
	}
	return mask;
}

/*
 * Readers by key: each looks key up in map, records where it was and reads
 * the value, its path "parent.key" in messages.
 */
static const char *
k_text(struct rdx *x, const struct sf_node *map, const char *parent,
    const char *key, int what)
{
	const char *p;
	const struct sf_node *n = get(x, map, parent, key, &p);

	return text(x, n, p, what);
}

static const char *
k_date(struct rdx *x, const struct sf_node *map, const char *parent,
    const char *key)
{
	const char *p;
	const struct sf_node *n = get(x, map, parent, key, &p);

	return sf_rd_date(&x->r, n, p);
}

static int
k_enum(struct rdx *x, const struct sf_node *map, const char *parent,
    const char *key, const struct sf_enum *e)
{
	const char *p;
	const struct sf_node *n = get(x, map, parent, key, &p);

	return sf_rd_enum(&x->r, n, p, e);
}

static unsigned
k_set(struct rdx *x, const struct sf_node *map, const char *parent,
    const char *key, const struct sf_enum *e)
{
	const char *p;
	const struct sf_node *n = get(x, map, parent, key, &p);

	return enum_set(x, n, p, e);
}

static const char *
k_unit(struct rdx *x, const struct sf_node *map, const char *parent,
    const char *key)
{
	const char *p;
	const struct sf_node *n = get(x, map, parent, key, &p);

	return unit(x, n, p);
}

/* A whole number in [min, max]; 0, or -1 when absent or wrong. */
static int
k_int(struct rdx *x, const struct sf_node *map, const char *parent,
    const char *key, long min, long max, long *out)
{
	const char *p;
	const struct sf_node *n = get(x, map, parent, key, &p);

	return n ? sf_rd_int(&x->r, n, p, min, max, out) : -1;
}

/* A mapping to read, with its known keys (NULL when null or absent; a
 * finding when not a mapping). */
static const struct sf_node *
k_map(struct rdx *x, const struct sf_node *map, const char *parent,
    const char *key, const char *const *keys, const char **path)
{
	const struct sf_node *n = get(x, map, parent, key, path);

	if (sf_rd_null(n) || sf_rd_map(&x->r, n, *path) < 0)
		return NULL;
	sf_rd_known(&x->r, n, *path, keys);
	return n;
}

/* A list to read (NULL when null, absent or empty; a finding when not a
 * list). */
static const struct sf_node *
k_seq(struct rdx *x, const struct sf_node *map, const char *parent,
    const char *key, const char **path)
{
	const struct sf_node *n = get(x, map, parent, key, path);

	if (sf_rd_null(n) || sf_rd_seq(&x->r, n, *path) < 0 || !n->n)
		return NULL;
	return n;
}

/* The i-th item of a list as a mapping with its known keys, or NULL. */
static const struct sf_node *
map_item(struct rdx *x, const struct sf_node *seq, const char *parent,
    size_t i, const char *const *keys, const char **path)
{
	const struct sf_node *e = item(x, seq, parent, i, path);

	if (sf_rd_null(e)) {
		sf_rd_bad(&x->r, e, *path, "empty entry");
		return NULL;
	}
	if (sf_rd_map(&x->r, e, *path) < 0)
		return NULL;
	sf_rd_known(&x->r, e, *path, keys);
	return e;
}

static struct sf_note *
read_notes(struct rdx *x, const struct sf_node *map, const char *parent,
    const char *key, size_t *count)
{
	static const char *const keys[] = { "date", "note", NULL };
	const struct sf_node *n, *e;
	struct sf_note *v;
	const char *path, *p;
	size_t i;

	*count = 0;
	if (!(n = k_seq(x, map, parent, key, &path)))
		return NULL;
	v = sf_arena_alloc(x->r.a, n->n * sizeof(*v));
	for (i = 0; i < n->n; i++) {
		if (!(e = map_item(x, n, path, i, keys, &p)))
			continue;
		v[*count].date = k_date(x, e, p, "date");
		v[*count].note = k_text(x, e, p, "note", TEXT);
		(*count)++;
	}
	return v;
}

static void
read_task(struct rdx *x, const struct sf_node *n, const char *path,
    int with_progress, struct sf_task *t)
{
	static const char *const keys[] = { "no", "action", "lead", "support",
		"due", "status", "done", "progress", "supervision", NULL };
	static const char *const item_keys[] = { "no", "action", "lead",
		"support", "due", NULL };
	const struct sf_node *v;
	const char *p;
	long no;
	int st;

	memset(t, 0, sizeof(*t));
	if (sf_rd_map(&x->r, n, path) < 0)
		return;
	sf_rd_known(&x->r, n, path, with_progress ? keys : item_keys);
	if (k_int(x, n, path, "no", 1, 999, &no) == 0)
		t->no = (int)no;
	t->action = k_text(x, n, path, "action", TEXT);
	t->lead = k_unit(x, n, path, "lead");
	v = get(x, n, path, "support", &p);
	t->support = unit_list(x, v, p, &t->nsupport);
	t->due = k_date(x, n, path, "due");
	if (!with_progress)
		return;
	st = k_enum(x, n, path, "status", &sf_enum_task_status);
	t->status = st < 0 ? SF_TASK_OPEN : st;
	t->done = k_date(x, n, path, "done");
	t->progress = read_notes(x, n, path, "progress", &t->nprogress);
	t->supervision = read_notes(x, n, path, "supervision",
	    &t->nsupervision);
}

void
sf_task_read(struct sf_rd *r, const struct sf_node *n, const char *path,
    const struct sf_units *units, int with_progress, struct sf_task *t)
{
	struct rdx x = { *r, units, NULL };

	read_task(&x, n, path, with_progress, t);
}

static void
read_material(struct rdx *x, const struct sf_node *root, struct sf_issue *is)
{
	static const char *const keys[] = { "background", "problem", "prior",
		"request", NULL };
	const struct sf_node *n;
	const char *path;
	int m;

	if (!(n = k_map(x, root, NULL, "material", keys, &path)))
		return;
	for (m = 0; m < SF_MAT_COUNT; m++)
		is->material[m] = k_text(x, n, path,
		    sf_enum_token(&sf_enum_material, m), TEXT);
}

static void
read_similar(struct rdx *x, const struct sf_node *map, const char *parent,
    struct sf_screening *s)
{
	static const char *const keys[] = { "id", "score", NULL };
	const struct sf_node *n, *e, *v;
	const char *path, *p, *kp;
	struct sf_similar *sim;
	size_t i;

	if (!(n = k_seq(x, map, parent, "similar", &path)))
		return;
	s->similar = sf_arena_alloc(x->r.a, n->n * sizeof(*s->similar));
	for (i = 0; i < n->n; i++) {
		if (!(e = map_item(x, n, path, i, keys, &p)))
			continue;
		sim = &s->similar[s->nsimilar++];
		v = get(x, e, p, "id", &kp);
		sim->id = text(x, v, kp, ID);
		if (sim->id && sf_issue_id_valid(sim->id) != 0) {
			sf_rd_bad(&x->r, v, kp, "malformed issue id '%s'",
			    sim->id);
			sim->id = NULL;
		}
		sim->score = -1;
		v = get(x, e, p, "score", &kp);
		if (v && !sf_rd_null(v))
			sf_rd_num(&x->r, v, kp, 0, 1, &sim->score);
	}
}

static void
read_screening(struct rdx *x, const struct sf_node *root,
    struct sf_issue *is)
{
	static const char *const keys[] = { "date", "by", "exclusions",
		"priorities", "score", "similar", "missing", "note", NULL };
	struct sf_screening *s;
	const struct sf_node *n;
	const char *path;
	long score;

	if (!(n = k_map(x, root, NULL, "screening", keys, &path)))
		return;
	s = sf_arena_alloc(x->r.a, sizeof(*s));
	s->date = k_date(x, n, path, "date");
	s->by = k_unit(x, n, path, "by");
	s->exclusions = k_set(x, n, path, "exclusions", &sf_enum_exclusion);
	s->priorities = k_set(x, n, path, "priorities", &sf_enum_priority);
	if (k_int(x, n, path, "score", -100000, 100000, &score) == 0)
		s->score = (int)score;
	read_similar(x, n, path, s);
	s->missing = k_set(x, n, path, "missing", &sf_enum_material);
	s->note = k_text(x, n, path, "note", TEXT);
	is->screening = s;
}

static void
read_tasks(struct rdx *x, const struct sf_node *root, struct sf_issue *is)
{
	const struct sf_node *n, *e;
	const char *path, *p;
	size_t i;

	if (!(n = k_seq(x, root, NULL, "tasks", &path)))
		return;
	is->tasks = sf_arena_alloc(x->r.a, n->n * sizeof(*is->tasks));
	for (i = 0; i < n->n; i++) {
		e = item(x, n, path, i, &p);
		/* kept even when broken, so that tasks[N] stays item N */
		read_task(x, e, p, 1, &is->tasks[is->ntasks++]);
	}
}

static void
read_ends(struct rdx *x, const struct sf_node *root, struct sf_issue *is)
{
	static const char *const esc_keys[] = { "to", "date", "reason", NULL };
	static const char *const clo_keys[] = { "date", "reason", "note",
		NULL };
	static const char *const wd_keys[] = { "date", "note", NULL };
	const struct sf_node *n;
	const char *path;

	if ((n = k_map(x, root, NULL, "escalation", esc_keys, &path))) {
		is->escalation = sf_arena_alloc(x->r.a,
		    sizeof(*is->escalation));
		is->escalation->to = k_enum(x, n, path, "to",
		    &sf_enum_escalate_to);
		is->escalation->date = k_date(x, n, path, "date");
		is->escalation->reason = k_text(x, n, path, "reason", TEXT);
	}
	if ((n = k_map(x, root, NULL, "closure", clo_keys, &path))) {
		is->closure = sf_arena_alloc(x->r.a, sizeof(*is->closure));
		is->closure->date = k_date(x, n, path, "date");
		is->closure->reason = k_enum(x, n, path, "reason",
		    &sf_enum_reason);
		is->closure->note = k_text(x, n, path, "note", TEXT);
	}
	if ((n = k_map(x, root, NULL, "withdrawal", wd_keys, &path))) {
		is->withdrawal = sf_arena_alloc(x->r.a,
		    sizeof(*is->withdrawal));
		is->withdrawal->date = k_date(x, n, path, "date");
		is->withdrawal->note = k_text(x, n, path, "note", TEXT);
	}
}

/* Unknown keys, history, and what a submitter may not set. */
static void
root_keys(struct rdx *x, const struct sf_node *root, enum sf_issue_mode mode)
{
	const char *const *k;
	size_t i;

	for (i = 0; i < root->n; i++) {
		const struct sf_node *n = root->kids[i];

		if (strcmp(n->key, "history") == 0) {
			sf_rd_bad_key(&x->r, n, NULL, "history is not stored: "
			    "it is git's (see sanfen-log)");
			continue;
		}
		for (k = full_keys; *k && strcmp(*k, n->key); k++)
			;
		if (!*k) {
			sf_rd_bad_key(&x->r, n, NULL, "unknown key '%s'",
			    n->key);
			continue;
		}
		if (mode != SF_ISSUE_SUBMISSION)
			continue;
		for (k = submission_keys; *k && strcmp(*k, n->key); k++)
			;
		if (!*k)
			sf_rd_bad_key(&x->r, n, n->key, "key '%s' is set by "
			    "sanfen, not by the submitter", n->key);
	}
}

int
sf_issue_from_node(struct sf_issue *is, const char *file,
    const struct sf_node *root, const struct sf_units *units,
    enum sf_issue_mode mode, struct sf_diags *d)
{
	struct rdx x = { { file, d, is->arena }, units, NULL };
	struct sf_issue_src *src;
	const struct sf_node *n;
	const char *p;
	size_t before = d->n;
	int v;

	if (sf_rd_map(&x.r, root, NULL) < 0)
		return sf_diags_result(d);
	src = sf_arena_alloc(is->arena, sizeof(*src));
	src->file = sf_arena_strdup(is->arena, file ? file : "");
	is->src = x.src = src;
	root_keys(&x, root, mode);
	if (mode != SF_ISSUE_SUBMISSION) {
		is->id = k_text(&x, root, NULL, "id", ID);
		is->submitted = k_date(&x, root, NULL, "submitted");
	}
	is->title = k_text(&x, root, NULL, "title", LINE);
	is->submitter = k_unit(&x, root, NULL, "submitter");
	is->contact = k_text(&x, root, NULL, "contact", LINE);
	is->subject = k_enum(&x, root, NULL, "subject", &sf_enum_subject);
	is->city = k_enum(&x, root, NULL, "city", &sf_enum_city);
	is->program = k_enum(&x, root, NULL, "program", &sf_enum_program);
	is->topic = k_enum(&x, root, NULL, "topic", &sf_enum_topic);
	is->jurisdiction = k_enum(&x, root, NULL, "jurisdiction",
	    &sf_enum_level);
	is->tried = k_set(&x, root, NULL, "tried", &sf_enum_level);
	v = k_enum(&x, root, NULL, "source", &sf_enum_source);
	is->source = v < 0 ? SF_SRC_UNIT : v;
	is->flags = k_set(&x, root, NULL, "flags", &sf_enum_flag);
	read_material(&x, root, is);
	if (mode == SF_ISSUE_SUBMISSION)
		return d->n > before ? sf_diags_result(d) : 0;
	is->status = k_enum(&x, root, NULL, "status", &sf_enum_status);
	read_screening(&x, root, is);
	n = get(&x, root, NULL, "meeting", &p);
	if ((is->meeting = text(&x, n, p, ID)) &&
	    sf_meeting_id_valid(is->meeting) != 0) {
		sf_rd_bad(&x.r, n, p, "malformed meeting id '%s' (expected "
		    "YYYY-MM-DD-kind)", is->meeting);
		is->meeting = NULL;
	}
	is->decision = k_text(&x, root, NULL, "decision", TEXT);
	read_tasks(&x, root, is);
	read_ends(&x, root, is);
	return d->n > before ? sf_diags_result(d) : 0;
}

/* Validation */

struct vx {
	struct sf_rd r;		/* for paths, from a scratch arena */
	const struct sf_issue_src *src;	/* NULL: no positions */
};

/*
 * A finding about path, at the position recorded for where (the value,
 * or its key when key is set); the file alone when none was recorded.
 */
static void
vbad(struct vx *v, const char *where, int key, const char *path,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
vbad(struct vx *v, const char *where, int key, const char *path,
    const char *fmt, ...)
{
	struct sf_loc loc = { v->r.file, 0, 0, path };
	const struct pos *p;
	char msg[1024];
	va_list ap;

	for (p = v->src && where ? v->src->head : NULL; p; p = p->next)
		if (strcmp(p->path, where) == 0) {
			loc.line = key && p->key_line ? p->key_line : p->line;
			loc.col = key && p->key_line ? p->key_col : p->col;
			break;
		}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), sf_gettext(fmt), ap);
	va_end(ap);
	sf_diag_add(v->r.d, &loc, "%s", msg);
}

static const char *
vpath(struct vx *v, const char *parent, const char *key)
{
	return sf_rd_path(&v->r, parent, key);
}

/* Nothing but white space, the ideographic space (U+3000) and the
 * no-break space (U+00A0) among it: what looks empty on paper is empty. */
static int
blank(const char *s)
{
	if (!s)
		return 1;
	while (*s) {
		if (isspace((unsigned char)*s))
			s++;
		else if (strncmp(s, "\343\200\200", 3) == 0)
			s += 3;
		else if (strncmp(s, "\302\240", 2) == 0)
			s += 2;
		else
			return 0;
	}
	return 1;
}

/* "key: required" at the key's value when it was written empty, else at
 * the parent mapping's key. */
static void
required(struct vx *v, const char *parent, const char *key, const char *why)
{
	const char *path = vpath(v, parent, key);
	const struct pos *p;

	for (p = v->src ? v->src->head : NULL; p; p = p->next)
		if (strcmp(p->path, path) == 0)
			break;
	vbad(v, p ? path : parent, !p, path, "required%s", why ? why : "");
}

/* The id part of a file name "…/<id>.yaml", when it is one. */
static const char *
file_id(const char *file, char *buf, size_t size)
{
	const char *base;
	size_t n;

	if (!file)
		return NULL;
	base = strrchr(file, '/');
	base = base ? base + 1 : file;
	n = strlen(base);
	if (n < 6 || strcmp(base + n - 5, ".yaml") != 0 || n - 5 >= size)
		return NULL;
	memcpy(buf, base, n - 5);
	buf[n - 5] = '\0';
	return sf_issue_id_valid(buf) == 0 ? buf : NULL;
}

static void
check_notes(struct vx *v, const char *path, const struct sf_note *n,
    size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		const char *p = sf_rd_index(&v->r, path, i);

		if (!n[i].date)
			required(v, p, "date", NULL);
		if (blank(n[i].note))
			required(v, p, "note", NULL);
	}
}

static void
check_tasks(struct vx *v, const struct sf_issue *is)
{
	size_t i, j;

	for (i = 0; i < is->ntasks; i++) {
		const struct sf_task *t = &is->tasks[i];
		const char *p = sf_rd_index(&v->r, "tasks", i);

		if (t->no <= 0)
			required(v, p, "no", " (序号)");
		for (j = 0; j < i && t->no > 0; j++)
			if (is->tasks[j].no == t->no) {
				vbad(v, vpath(v, p, "no"), 0, vpath(v, p,
				    "no"), "%d is also the number of "
				    "tasks[%zu]", t->no, j + 1);
				break;
			}
		if (blank(t->action))
			required(v, p, "action", " (议定事项)");
		if (!t->lead)
			required(v, p, "lead", " (牵头单位)");
		if (!t->due)
			required(v, p, "due", " (完成时限)");
		if (t->status == SF_TASK_DONE && !t->done)
			vbad(v, vpath(v, p, "status"), 0, vpath(v, p, "done"),
			    "required when status is done");
		if (t->status != SF_TASK_DONE && t->done)
			vbad(v, vpath(v, p, "done"), 0, vpath(v, p, "done"),
			    "a done date, but status is %s",
			    sf_enum_token(&sf_enum_task_status, t->status));
		check_notes(v, vpath(v, p, "progress"), t->progress,
		    t->nprogress);
		check_notes(v, vpath(v, p, "supervision"), t->supervision,
		    t->nsupervision);
	}
}

static void
check_screening(struct vx *v, const struct sf_screening *s)
{
	size_t i;

	if (!s->date)
		required(v, "screening", "date", NULL);
	if (!s->by)
		required(v, "screening", "by", NULL);
	for (i = 0; i < s->nsimilar; i++) {
		const char *p = sf_rd_index(&v->r, "screening.similar", i);

		if (!s->similar[i].id)
			required(v, p, "id", NULL);
		if (s->similar[i].score < 0)
			required(v, p, "score", NULL);
	}
}

static void
check_ends(struct vx *v, const struct sf_issue *is)
{
	const struct sf_closure *c = is->closure;
	size_t i;

	if (is->escalation) {
		if (is->escalation->to < 0)
			required(v, "escalation", "to", NULL);
		if (!is->escalation->date)
			required(v, "escalation", "date", NULL);
	}
	if (c) {
		if (!c->date)
			required(v, "closure", "date", NULL);
		if (c->reason < 0)
			required(v, "closure", "reason", _(" (Art. 13)"));
		for (i = 0; c->reason == SF_RS_RESOLVED && i < is->ntasks; i++)
			if (is->tasks[i].status != SF_TASK_DONE) {
				vbad(v, "closure.reason", 0, "closure.reason",
				    "resolved, but task %d is not done "
				    "(Art. 13)", is->tasks[i].no);
				break;
			}
		if (c->reason > SF_RS_RESOLVED && blank(c->note))
			required(v, "closure", "note", _(" when the reason "
			    "is not resolved (Art. 13)"));
	}
	if (is->withdrawal) {
		if (!is->withdrawal->date)
			required(v, "withdrawal", "date", NULL);
		if (blank(is->withdrawal->note))
			required(v, "withdrawal", "note", NULL);
	}
}

#define ST(s) (1u << (s))
/* statuses an issue reaches only through a meeting, or its minutes */
#define ON_AGENDA (ST(SF_ST_SCHEDULED) | ST(SF_ST_COORDINATED) | \
	ST(SF_ST_ESCALATED) | ST(SF_ST_CLOSED))
#define DECIDED (ST(SF_ST_COORDINATED) | ST(SF_ST_ESCALATED) | \
	ST(SF_ST_CLOSED))

/*
 * What each status requires and what it rules out: only what the
 * lifecycle makes certain, so that no file the commands could have
 * written, then edited by hand in its text, is refused. Screening is not
 * required past submitted: registers kept before sanfen are brought in by
 * hand with their status and no screening record.
 */
static void
check_status(struct vx *v, const struct sf_issue *is)
{
	int st = is->status;
	const char *name = sf_enum_token(&sf_enum_status, st);
	unsigned bit;

	if (st < 0)
		return;
	bit = ST(st);
	if (st == SF_ST_REJECTED && is->screening &&
	    !is->screening->exclusions)
		vbad(v, "screening", 1, "screening.exclusions", "required when "
		    "status is rejected (Art. 8 五个不上会)");
	if ((bit & ON_AGENDA) && !is->meeting)
		vbad(v, "status", 0, "meeting", "required when status is %s",
		    name);
	if (!(bit & DECIDED) && is->decision)
		vbad(v, "decision", 1, "decision", "only a coordinated issue "
		    "has a decision (status is %s)", name);
	if (!(bit & DECIDED) && is->ntasks)
		vbad(v, "tasks", 1, "tasks", "only a coordinated issue has "
		    "tasks (status is %s)", name);
	if (st == SF_ST_ESCALATED && !is->escalation)
		vbad(v, "status", 0, "escalation", "required when status is "
		    "escalated");
	if (is->escalation && st != SF_ST_ESCALATED && st != SF_ST_CLOSED)
		vbad(v, "escalation", 1, "escalation", "only an escalated or "
		    "closed issue has an escalation (status is %s)", name);
	if (st == SF_ST_CLOSED && !is->closure)
		vbad(v, "status", 0, "closure", "required when status is "
		    "closed");
	if (is->closure && st != SF_ST_CLOSED)
		vbad(v, "closure", 1, "closure", "only a closed issue has a "
		    "closure (status is %s)", name);
	if (st == SF_ST_WITHDRAWN && !is->withdrawal)
		vbad(v, "status", 0, "withdrawal", "required when status is "
		    "withdrawn");
	if (is->withdrawal && st != SF_ST_WITHDRAWN)
		vbad(v, "withdrawal", 1, "withdrawal", "only a withdrawn issue "
		    "has a withdrawal (status is %s)", name);
}

int
sf_issue_validate(const struct sf_issue *is, const char *file,
    enum sf_issue_mode mode, struct sf_diags *d)
{
	struct sf_arena *a = sf_arena_new();
	struct vx v = { { file, d, a }, NULL };
	size_t before = d->n;
	char fid[64];
	int m;

	if (is->src && file && strcmp(is->src->file, file) == 0)
		v.src = is->src;
	if (mode != SF_ISSUE_SUBMISSION) {
		if (!is->id)
			required(&v, NULL, "id", NULL);
		else if (sf_issue_id_valid(is->id) != 0)
			vbad(&v, "id", 0, "id", "malformed issue id '%s' "
			    "(expected YYYYMMDD-, then 4 to 16 of 0-9 a-z)",
			    is->id);
		else if (file_id(file, fid, sizeof(fid)) &&
		    strcmp(fid, is->id) != 0)
			vbad(&v, "id", 0, "id", "'%s' does not match the file "
			    "name %s.yaml", is->id, fid);
		if (!is->submitted)
			required(&v, NULL, "submitted", NULL);
	}
	if (blank(is->title))
		required(&v, NULL, "title", " (议题名称)");
	else if (strchr(is->title, '\n'))
		vbad(&v, "title", 0, "title", "must be one line");
	if (!is->submitter)
		required(&v, NULL, "submitter", " (提交单位)");
	if (is->subject < 0)
		required(&v, NULL, "subject", NULL);
	if (is->subject == SF_SUBJ_CITY && is->city < 0)
		vbad(&v, "subject", 0, "city", "required when subject is city");
	if (is->program < 0)
		required(&v, NULL, "program", NULL);
	if (is->topic < 0)
		required(&v, NULL, "topic", NULL);
	if (is->jurisdiction < 0)
		required(&v, NULL, "jurisdiction", NULL);
	/* a stored issue may lack material: screening returns it (Art. 9) */
	for (m = 0; mode != SF_ISSUE_FULL && m < SF_MAT_COUNT; m++)
		if (blank(is->material[m]))
			required(&v, "material",
			    sf_enum_token(&sf_enum_material, m),
			    sf_arena_printf(a, " (Art. 9 %s)",
			    sf_enum_zh(&sf_enum_material, m)));
	if (mode != SF_ISSUE_SUBMISSION && is->status < 0)
		required(&v, NULL, "status", NULL);
	if (is->screening)
		check_screening(&v, is->screening);
	check_tasks(&v, is);
	check_ends(&v, is);
	if (mode != SF_ISSUE_SUBMISSION)
		check_status(&v, is);
	sf_arena_free(a);
	return d->n > before ? sf_diags_result(d) : 0;
}

int
sf_issue_parse(const char *file, const char *data, size_t len,
    const struct sf_units *units, enum sf_issue_mode mode,
    struct sf_issue **out)
{
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_arena *a = sf_arena_new();
	struct sf_issue *is = sf_issue_new();
	struct sf_node *root;
	int rc;

	*out = NULL;
	sf_diags_init(&d);
	if ((rc = sf_yaml_load(a, file, data, len, &sf_yaml_issue_limits, 0,
	    &root)) == 0 &&
	    (rc = sf_issue_from_node(is, file, root, units, mode, &d)) == 0)
		rc = sf_issue_validate(is, file, mode, &d);
	sf_diags_clear(&d);
	sf_arena_free(a);
	if (rc < 0) {
		sf_issue_free(is);
		return rc;
	}
	*out = is;
	return 0;
}

int
sf_issue_load(const char *path, const char *file,
    const struct sf_units *units, struct sf_issue **out)
{
	struct sf_buf text = SF_BUF_INIT;
	int rc;

	*out = NULL;
	sf_buf_init(&text);
	sf_trace_read(file, "work tree");
	if (sf_buf_read_nofollow(&text, path, file, SF_ISSUE_MAX_BYTES) < 0)
		rc = sf_error_read(file);
	else
		rc = sf_issue_parse(file, text.buf, text.len, units,
		    SF_ISSUE_FULL, out);
	sf_buf_release(&text);
	return rc;
}

/* Writing */

static void
set_enum(struct sf_arena *a, struct sf_node *map, const char *key,
    const struct sf_enum *e, int v)
{
	if (v >= 0 && v < e->n)
		sf_node_set(a, map, key, sf_node_str(a, sf_enum_token(e, v)));
}

static void
set_set(struct sf_arena *a, struct sf_node *map, const char *key,
    const struct sf_enum *e, unsigned mask)
{
	if (mask)
		sf_node_set(a, map, key, sf_node_enums(a, e, mask));
}

static void
set_notes(struct sf_arena *a, struct sf_node *map, const char *key,
    const struct sf_note *v, size_t n)
{
	struct sf_node *seq, *e;
	size_t i;

	if (!n)
		return;
	seq = sf_node_set(a, map, key, sf_node_seq(a));
	for (i = 0; i < n; i++) {
		e = sf_node_push(a, seq, sf_node_map(a));
		sf_node_set_date(a, e, "date", v[i].date);
		sf_node_set_text(a, e, "note", v[i].note);
	}
}

struct sf_node *
sf_task_to_node(const struct sf_task *t, struct sf_arena *a,
    int with_progress)
{
	struct sf_node *m = sf_node_map(a), *sup;
	size_t i;

	if (t->no > 0)
		sf_node_set(a, m, "no", sf_node_int(a, t->no));
	sf_node_set_text(a, m, "action", t->action);
	sf_node_set_text(a, m, "lead", t->lead);
	if (t->nsupport) {
		sup = sf_node_set(a, m, "support", sf_node_seq(a));
		sup->flow = 1;
		for (i = 0; i < t->nsupport; i++)
			sf_node_push(a, sup, sf_node_str(a, t->support[i]));
	}
	sf_node_set_date(a, m, "due", t->due);
	if (!with_progress)
		return m;
	set_enum(a, m, "status", &sf_enum_task_status, t->status);
	sf_node_set_date(a, m, "done", t->done);
	set_notes(a, m, "progress", t->progress, t->nprogress);
	set_notes(a, m, "supervision", t->supervision, t->nsupervision);
	return m;
}

static void
screening_node(const struct sf_screening *s, struct sf_arena *a,
    struct sf_node *root)
{
	struct sf_node *m = sf_node_set(a, root, "screening", sf_node_map(a));
	struct sf_node *seq, *e;
	char num[32];
	size_t i;

	sf_node_set_date(a, m, "date", s->date);
	sf_node_set_text(a, m, "by", s->by);
	set_set(a, m, "exclusions", &sf_enum_exclusion, s->exclusions);
	set_set(a, m, "priorities", &sf_enum_priority, s->priorities);
	sf_node_set(a, m, "score", sf_node_int(a, s->score));
	if (s->nsimilar) {
		seq = sf_node_set(a, m, "similar", sf_node_seq(a));
		for (i = 0; i < s->nsimilar; i++) {
			e = sf_node_push(a, seq, sf_node_map(a));
			sf_node_set_text(a, e, "id", s->similar[i].id);
			if (s->similar[i].score < 0)
				continue;
			snprintf(num, sizeof(num), "%.2f", s->similar[i].score);
			sf_node_set(a, e, "score", sf_node_scalar(a, SF_NUM,
			    num));
		}
	}
	set_set(a, m, "missing", &sf_enum_material, s->missing);
	sf_node_set_text(a, m, "note", s->note);
}

struct sf_node *
sf_issue_to_node(const struct sf_issue *is, struct sf_arena *a)
{
	struct sf_node *root = sf_node_map(a), *mat, *seq, *m;
	size_t i;
	int k, any = 0;

	sf_node_set_text(a, root, "id", is->id);
	sf_node_set_text(a, root, "title", is->title);
	sf_node_set_date(a, root, "submitted", is->submitted);
	sf_node_set_text(a, root, "submitter", is->submitter);
	sf_node_set_text(a, root, "contact", is->contact);
	set_enum(a, root, "subject", &sf_enum_subject, is->subject);
	set_enum(a, root, "city", &sf_enum_city, is->city);
	set_enum(a, root, "program", &sf_enum_program, is->program);
	set_enum(a, root, "topic", &sf_enum_topic, is->topic);
	set_enum(a, root, "jurisdiction", &sf_enum_level, is->jurisdiction);
	/* always written, [] too: the 721 rule reads it (Art. 8) */
	sf_node_set(a, root, "tried", sf_node_enums(a, &sf_enum_level,
	    is->tried));
	set_enum(a, root, "source", &sf_enum_source, is->source);
	set_set(a, root, "flags", &sf_enum_flag, is->flags);
	for (k = 0; k < SF_MAT_COUNT; k++)
		any |= is->material[k] != NULL;
	if (any) {
		mat = sf_node_set(a, root, "material", sf_node_map(a));
		for (k = 0; k < SF_MAT_COUNT; k++)
			sf_node_set_text(a, mat,
			    sf_enum_token(&sf_enum_material, k),
			    is->material[k]);
	}
	set_enum(a, root, "status", &sf_enum_status, is->status);
	if (is->screening)
		screening_node(is->screening, a, root);
	sf_node_set_text(a, root, "meeting", is->meeting);
	sf_node_set_text(a, root, "decision", is->decision);
	if (is->ntasks) {
		seq = sf_node_set(a, root, "tasks", sf_node_seq(a));
		for (i = 0; i < is->ntasks; i++)
			sf_node_push(a, seq, sf_task_to_node(&is->tasks[i], a,
			    1));
	}
	if (is->escalation) {
		m = sf_node_set(a, root, "escalation", sf_node_map(a));
		set_enum(a, m, "to", &sf_enum_escalate_to,
		    is->escalation->to);
		sf_node_set_date(a, m, "date", is->escalation->date);
		sf_node_set_text(a, m, "reason", is->escalation->reason);
	}
	if (is->closure) {
		m = sf_node_set(a, root, "closure", sf_node_map(a));
		sf_node_set_date(a, m, "date", is->closure->date);
		set_enum(a, m, "reason", &sf_enum_reason, is->closure->reason);
		sf_node_set_text(a, m, "note", is->closure->note);
	}
	if (is->withdrawal) {
		m = sf_node_set(a, root, "withdrawal", sf_node_map(a));
		sf_node_set_date(a, m, "date", is->withdrawal->date);
		sf_node_set_text(a, m, "note", is->withdrawal->note);
	}
	return root;
}

int
sf_issue_emit(const struct sf_issue *is, struct sf_buf *out)
{
	struct sf_arena *a = sf_arena_new();
	int rc = sf_yaml_emit(sf_issue_to_node(is, a), out);

	sf_arena_free(a);
	return rc;
}
