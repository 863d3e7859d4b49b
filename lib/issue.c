#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "id.h"
#include "issue.h"
#include "reader.h"
#include "xalloc.h"

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
struct sf_issue_src {
	const char *file;
	struct sf_rd_pos *head;
};

int
sf_status_decided(int status)
{
	return status >= 0 && status < 32 && (SF_ST_DECIDED >> status & 1u);
}

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

/* Reading */

static const char *
k_unit(struct sf_rd *r, const struct sf_node *map, const char *parent,
    const char *key, const struct sf_units *units)
{
	const char *p;
	const struct sf_node *n = sf_rd_get(r, map, parent, key, &p);

	return sf_rd_unit(r, n, p, units);
}

static unsigned
k_set(struct sf_rd *r, const struct sf_node *map, const char *parent,
    const char *key, const struct sf_enum *e)
{
	const char *p;
	const struct sf_node *n = sf_rd_get(r, map, parent, key, &p);

	return sf_rd_enum_set(r, n, p, e);
}

/* A mapping to read, with its known keys (NULL when null or absent; a
 * finding when not a mapping). */
static const struct sf_node *
k_map(struct sf_rd *r, const struct sf_node *map, const char *parent,
    const char *key, const char *const *keys, const char **path)
{
	const struct sf_node *n = sf_rd_get(r, map, parent, key, path);

	if (sf_rd_null(n) || sf_rd_map(r, n, *path) < 0)
		return NULL;
	sf_rd_known(r, n, *path, keys);
	return n;
}

static void
read_material(struct sf_rd *r, const struct sf_node *root, struct sf_issue *is)
{
	static const char *const keys[] = { "background", "problem", "prior",
		"request", NULL };
	const struct sf_node *n;
	const char *path;
	int m;

	if (!(n = k_map(r, root, NULL, "material", keys, &path)))
		return;
	for (m = 0; m < SF_MAT_COUNT; m++)
		is->material[m] = sf_rd_key_str(r, n, path,
		    sf_enum_token(&sf_enum_material, m), SF_RD_TEXT);
}

static void
read_similar(struct sf_rd *r, const struct sf_node *map, const char *parent,
    struct sf_screening *s)
{
	static const char *const keys[] = { "id", "score", NULL };
	const struct sf_node *n, *e, *v;
	const char *path, *p, *kp;
	struct sf_similar *sim;
	size_t i;

	if (!(n = sf_rd_key_seq(r, map, parent, "similar", &path)))
		return;
	s->similar = sf_arena_alloc(r->a, n->n * sizeof(*s->similar));
	for (i = 0; i < n->n; i++) {
		if (!(e = sf_rd_item_map(r, n, path, i, keys, &p)))
			continue;
		sim = &s->similar[s->nsimilar++];
		v = sf_rd_get(r, e, p, "id", &kp);
		sim->id = sf_rd_str(r, v, kp, SF_RD_ID);
		if (sim->id && sf_issue_id_valid(sim->id) != 0) {
			sf_rd_bad(r, v, kp, "malformed issue id '%s'",
			    sim->id);
			sim->id = NULL;
		}
		sim->score = -1;
		v = sf_rd_get(r, e, p, "score", &kp);
		if (v && !sf_rd_null(v))
			sf_rd_num(r, v, kp, 0, 1, &sim->score);
	}
}

static void
read_screening(struct sf_rd *r, const struct sf_node *root,
    const struct sf_units *units, struct sf_issue *is)
{
	static const char *const keys[] = { "date", "by", "exclusions",
		"priorities", "score", "similar", "missing", "note", NULL };
	struct sf_screening *s;
	const struct sf_node *n;
	const char *path;
	long score;

	if (!(n = k_map(r, root, NULL, "screening", keys, &path)))
		return;
	s = sf_arena_alloc(r->a, sizeof(*s));
	s->date = sf_rd_key_date(r, n, path, "date");
	s->by = k_unit(r, n, path, "by", units);
	s->exclusions = k_set(r, n, path, "exclusions", &sf_enum_exclusion);
	s->priorities = k_set(r, n, path, "priorities", &sf_enum_priority);
	if (sf_rd_key_int(r, n, path, "score", -100000, 100000, &score) == 0)
		s->score = (int)score;
	read_similar(r, n, path, s);
	s->missing = k_set(r, n, path, "missing", &sf_enum_material);
	s->note = sf_rd_key_str(r, n, path, "note", SF_RD_TEXT);
	is->screening = s;
}

static void
read_tasks(struct sf_rd *r, const struct sf_node *root,
    const struct sf_units *units, struct sf_issue *is)
{
	const struct sf_node *n, *e;
	const char *path, *p;
	size_t i;

	if (!(n = sf_rd_key_seq(r, root, NULL, "tasks", &path)))
		return;
	is->tasks = sf_arena_alloc(r->a, n->n * sizeof(*is->tasks));
	for (i = 0; i < n->n; i++) {
		e = sf_rd_item(r, n, path, i, &p);
		/* kept even when broken, so that tasks[N] stays item N */
		sf_task_read(r, e, p, units, 1, &is->tasks[is->ntasks++]);
	}
}

static void
read_ends(struct sf_rd *r, const struct sf_node *root, struct sf_issue *is)
{
	static const char *const esc_keys[] = { "to", "date", "reason", NULL };
	static const char *const clo_keys[] = { "date", "reason", "note",
		NULL };
	static const char *const wd_keys[] = { "date", "note", NULL };
	const struct sf_node *n;
	const char *path;

	if ((n = k_map(r, root, NULL, "escalation", esc_keys, &path))) {
		is->escalation = sf_arena_alloc(r->a,
		    sizeof(*is->escalation));
		is->escalation->to = sf_rd_key_enum(r, n, path, "to",
		    &sf_enum_escalate_to);
		is->escalation->date = sf_rd_key_date(r, n, path, "date");
		is->escalation->reason = sf_rd_key_str(r, n, path, "reason",
		    SF_RD_TEXT);
	}
	if ((n = k_map(r, root, NULL, "closure", clo_keys, &path))) {
		is->closure = sf_arena_alloc(r->a, sizeof(*is->closure));
		is->closure->date = sf_rd_key_date(r, n, path, "date");
		is->closure->reason = sf_rd_key_enum(r, n, path, "reason",
		    &sf_enum_reason);
		is->closure->note = sf_rd_key_str(r, n, path, "note",
		    SF_RD_TEXT);
	}
	if ((n = k_map(r, root, NULL, "withdrawal", wd_keys, &path))) {
		is->withdrawal = sf_arena_alloc(r->a,
		    sizeof(*is->withdrawal));
		is->withdrawal->date = sf_rd_key_date(r, n, path, "date");
		is->withdrawal->note = sf_rd_key_str(r, n, path, "note",
		    SF_RD_TEXT);
	}
}

/* Unknown keys, history, and what a submitter may not set. */
static void
root_keys(struct sf_rd *r, const struct sf_node *root, enum sf_issue_mode mode)
{
	const char *const *k;
	size_t i;

	for (i = 0; i < root->n; i++) {
		const struct sf_node *n = root->kids[i];

		if (strcmp(n->key, "history") == 0) {
			sf_rd_bad_key(r, n, NULL, "history is not stored: "
			    "it is git's (see sanfen-log)");
			continue;
		}
		for (k = full_keys; *k && strcmp(*k, n->key); k++)
			;
		if (!*k) {
			sf_rd_bad_key(r, n, NULL, "unknown key '%s'",
			    n->key);
			continue;
		}
		if (mode != SF_ISSUE_SUBMISSION)
			continue;
		for (k = submission_keys; *k && strcmp(*k, n->key); k++)
			;
		if (!*k)
			sf_rd_bad_key(r, n, n->key, "key '%s' is set by "
			    "sanfen, not by the submitter", n->key);
	}
}

int
sf_issue_from_node(struct sf_issue *is, const char *file,
    const struct sf_node *root, const struct sf_units *units,
    enum sf_issue_mode mode, struct sf_diags *d)
{
	struct sf_rd r = { .file = file, .d = d, .a = is->arena };
	struct sf_issue_src *src;
	const struct sf_node *n;
	const char *p;
	size_t before = d->n;
	int v;

	if (sf_rd_map(&r, root, NULL) < 0)
		return sf_diags_result(d);
	src = sf_arena_alloc(is->arena, sizeof(*src));
	src->file = sf_arena_strdup(is->arena, file ? file : "");
	is->src = src;
	r.pos = &src->head;
	root_keys(&r, root, mode);
	if (mode != SF_ISSUE_SUBMISSION) {
		is->id = sf_rd_key_str(&r, root, NULL, "id", SF_RD_ID);
		is->submitted = sf_rd_key_date(&r, root, NULL, "submitted");
	}
	is->title = sf_rd_key_str(&r, root, NULL, "title", SF_RD_LINE);
	is->submitter = k_unit(&r, root, NULL, "submitter", units);
	is->contact = sf_rd_key_str(&r, root, NULL, "contact", SF_RD_LINE);
	is->subject = sf_rd_key_enum(&r, root, NULL, "subject",
	    &sf_enum_subject);
	is->city = sf_rd_key_enum(&r, root, NULL, "city", &sf_enum_city);
	is->program = sf_rd_key_enum(&r, root, NULL, "program",
	    &sf_enum_program);
	is->topic = sf_rd_key_enum(&r, root, NULL, "topic", &sf_enum_topic);
	is->jurisdiction = sf_rd_key_enum(&r, root, NULL, "jurisdiction",
	    &sf_enum_level);
	is->tried = k_set(&r, root, NULL, "tried", &sf_enum_level);
	v = sf_rd_key_enum(&r, root, NULL, "source", &sf_enum_source);
	is->source = v < 0 ? SF_SRC_UNIT : v;
	is->flags = k_set(&r, root, NULL, "flags", &sf_enum_flag);
	read_material(&r, root, is);
	if (mode == SF_ISSUE_SUBMISSION)
		return d->n > before ? sf_diags_result(d) : 0;
	is->status = sf_rd_key_enum(&r, root, NULL, "status", &sf_enum_status);
	read_screening(&r, root, units, is);
	n = sf_rd_get(&r, root, NULL, "meeting", &p);
	if ((is->meeting = sf_rd_str(&r, n, p, SF_RD_ID)) &&
	    sf_meeting_id_valid(is->meeting) != 0) {
		sf_rd_bad(&r, n, p, "malformed meeting id '%s' (expected "
		    "YYYY-MM-DD-kind)", is->meeting);
		is->meeting = NULL;
	}
	is->decision = sf_rd_key_str(&r, root, NULL, "decision", SF_RD_TEXT);
	read_tasks(&r, root, units, is);
	read_ends(&r, root, is);
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
	struct sf_loc loc = { .file = v->r.file, .field = path };
	const struct sf_rd_pos *p;
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
	const struct sf_rd_pos *p;

	for (p = v->src ? v->src->head : NULL; p; p = p->next)
		if (strcmp(p->path, path) == 0)
			break;
	vbad(v, p ? path : parent, !p, path, "required%s", why ? why : "");
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

/* statuses an issue reaches only through a meeting, or its minutes */
#define ON_AGENDA (1u << SF_ST_SCHEDULED | SF_ST_DECIDED)

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
	bit = 1u << st;
	if (st == SF_ST_REJECTED && is->screening &&
	    !is->screening->exclusions)
		vbad(v, "screening", 1, "screening.exclusions", "required when "
		    "status is rejected (Art. 8 五个不上会)");
	if ((bit & ON_AGENDA) && !is->meeting)
		vbad(v, "status", 0, "meeting", "required when status is %s",
		    name);
	if (!sf_status_decided(st) && is->decision)
		vbad(v, "decision", 1, "decision", "only a coordinated issue "
		    "has a decision (status is %s)", name);
	if (!sf_status_decided(st) && is->ntasks)
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
	struct vx v = { .r = { .file = file, .d = d, .a = a } };
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
		else if (sf_issue_file_id(file, fid, sizeof(fid)) &&
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
set_set(struct sf_arena *a, struct sf_node *map, const char *key,
    const struct sf_enum *e, unsigned mask)
{
	if (mask)
		sf_node_set(a, map, key, sf_node_enums(a, e, mask));
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
	sf_node_set_enum(a, root, "subject", &sf_enum_subject, is->subject);
	sf_node_set_enum(a, root, "city", &sf_enum_city, is->city);
	sf_node_set_enum(a, root, "program", &sf_enum_program, is->program);
	sf_node_set_enum(a, root, "topic", &sf_enum_topic, is->topic);
	sf_node_set_enum(a, root, "jurisdiction", &sf_enum_level,
	    is->jurisdiction);
	/* always written, [] too: the 721 rule reads it (Art. 8) */
	sf_node_set(a, root, "tried", sf_node_enums(a, &sf_enum_level,
	    is->tried));
	sf_node_set_enum(a, root, "source", &sf_enum_source, is->source);
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
	sf_node_set_enum(a, root, "status", &sf_enum_status, is->status);
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
		sf_node_set_enum(a, m, "to", &sf_enum_escalate_to,
		    is->escalation->to);
		sf_node_set_date(a, m, "date", is->escalation->date);
		sf_node_set_text(a, m, "reason", is->escalation->reason);
	}
	if (is->closure) {
		m = sf_node_set(a, root, "closure", sf_node_map(a));
		sf_node_set_date(a, m, "date", is->closure->date);
		sf_node_set_enum(a, m, "reason", &sf_enum_reason,
		    is->closure->reason);
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

/* Copies */

/*
 * Every string and array into the copy's own arena, so that the copy
 * outlives the original and a change to one leaves the other as it was.
 * Nothing is emitted or parsed: a writer parses each file once, when it
 * reads it. A field added to struct sf_issue is copied here too
 * (tests/unit/copy.c compares what the two emit, the original freed
 * first).
 */
int
sf_issue_dup(const struct sf_issue *is, struct sf_issue **out)
{
	struct sf_issue *c = sf_issue_new();
	struct sf_arena *a = c->arena;
	struct sf_screening *sc;
	struct sf_closure *cl;
	struct sf_escalation *e;
	struct sf_withdrawal *w;
	size_t i;
	int m;

	*c = *is;
	c->arena = a;
	c->src = NULL;		/* positions in the original's text */
	c->id = sf_arena_strdup(a, is->id);
	c->title = sf_arena_strdup(a, is->title);
	c->submitted = sf_arena_strdup(a, is->submitted);
	c->submitter = sf_arena_strdup(a, is->submitter);
	c->contact = sf_arena_strdup(a, is->contact);
	for (m = 0; m < SF_MAT_COUNT; m++)
		c->material[m] = sf_arena_strdup(a, is->material[m]);
	if ((sc = c->screening = sf_arena_memdup(a, is->screening, 1,
	    sizeof(*sc)))) {
		sc->date = sf_arena_strdup(a, sc->date);
		sc->by = sf_arena_strdup(a, sc->by);
		sc->similar = sf_arena_memdup(a, sc->similar, sc->nsimilar,
		    sizeof(*sc->similar));
		for (i = 0; i < sc->nsimilar; i++)
			sc->similar[i].id = sf_arena_strdup(a,
			    sc->similar[i].id);
		sc->note = sf_arena_strdup(a, sc->note);
	}
	c->meeting = sf_arena_strdup(a, is->meeting);
	c->decision = sf_arena_strdup(a, is->decision);
	c->tasks = sf_tasks_dup(a, is->tasks, is->ntasks);
	if ((e = c->escalation = sf_arena_memdup(a, is->escalation, 1,
	    sizeof(*e)))) {
		e->date = sf_arena_strdup(a, e->date);
		e->reason = sf_arena_strdup(a, e->reason);
	}
	if ((cl = c->closure = sf_arena_memdup(a, is->closure, 1,
	    sizeof(*cl)))) {
		cl->date = sf_arena_strdup(a, cl->date);
		cl->note = sf_arena_strdup(a, cl->note);
	}
	if ((w = c->withdrawal = sf_arena_memdup(a, is->withdrawal, 1,
	    sizeof(*w)))) {
		w->date = sf_arena_strdup(a, w->date);
		w->note = sf_arena_strdup(a, w->note);
	}
	*out = c;
	return 0;
}

void
sf_issue_set_tasks(struct sf_issue *is, const struct sf_task *v, size_t n)
{
	is->tasks = sf_tasks_dup(is->arena, v, n);
	is->ntasks = n;
}
