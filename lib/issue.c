#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "issue.h"
#include "meeting.h"
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

	if (!id || (n = strlen(id)) < 9 + 4 || n > 9 + 16 || id[8] != '-')
		return -1;
	for (i = 0; i < 8; i++)
		if (!isdigit((unsigned char)id[i]))
			return -1;
	for (i = 9; i < n; i++)
		if (!isdigit((unsigned char)id[i]) &&
		    !(id[i] >= 'a' && id[i] <= 'z'))
			return -1;
	snprintf(date, sizeof(date), "%.4s-%.2s-%.2s", id, id + 4, id + 6);
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

int
sf_status_can(int from, int to)
{
	static const int legal[][2] = {
		{ SF_ST_SUBMITTED, SF_ST_ACCEPTED },
		{ SF_ST_SUBMITTED, SF_ST_REJECTED },
		{ SF_ST_SUBMITTED, SF_ST_WITHDRAWN },
		{ SF_ST_ACCEPTED, SF_ST_SCHEDULED },
		{ SF_ST_ACCEPTED, SF_ST_WITHDRAWN },
		{ SF_ST_SCHEDULED, SF_ST_ACCEPTED },
		{ SF_ST_SCHEDULED, SF_ST_COORDINATED },
		{ SF_ST_COORDINATED, SF_ST_CLOSED },
		{ SF_ST_COORDINATED, SF_ST_ESCALATED },
		{ SF_ST_ESCALATED, SF_ST_CLOSED },
	};
	size_t i;

	for (i = 0; i < sizeof(legal) / sizeof(legal[0]); i++)
		if (legal[i][0] == from && legal[i][1] == to)
			return 1;
	return 0;
}

/* Reading */

static struct sf_note *
read_notes(struct sf_rd *r, const struct sf_node *n, const char *path,
    size_t *count)
{
	static const char *const keys[] = { "date", "note", NULL };
	struct sf_note *v;
	size_t i;

	*count = 0;
	if (sf_rd_null(n) || sf_rd_seq(r, n, path) < 0 || !n->n)
		return NULL;
	v = sf_arena_alloc(r->a, n->n * sizeof(*v));
	for (i = 0; i < n->n; i++) {
		const struct sf_node *e = n->kids[i];
		const char *p = sf_rd_index(r, path, i);

		if (sf_rd_map(r, e, p) < 0)
			continue;
		sf_rd_known(r, e, p, keys);
		v[*count].date = sf_rd_date(r, sf_node_get(e, "date"),
		    sf_rd_path(r, p, "date"));
		v[*count].note = sf_rd_text(r, sf_node_get(e, "note"),
		    sf_rd_path(r, p, "note"), 0);
		if (!v[*count].date)
			sf_rd_bad(r, e, sf_rd_path(r, p, "date"), "required");
		(*count)++;
	}
	return v;
}

void
sf_task_read(struct sf_rd *r, const struct sf_node *n, const char *path,
    const struct sf_units *units, int with_progress, struct sf_task *t)
{
	static const char *const keys[] = { "no", "action", "lead", "support",
		"due", "status", "done", "progress", "supervision", NULL };
	static const char *const item_keys[] = { "no", "action", "lead",
		"support", "due", NULL };
	const struct sf_node *v;
	long no;
	int st;

	memset(t, 0, sizeof(*t));
	if (sf_rd_map(r, n, path) < 0)
		return;
	sf_rd_known(r, n, path, with_progress ? keys : item_keys);
	if ((v = sf_node_get(n, "no")) && sf_rd_int(r, v,
	    sf_rd_path(r, path, "no"), 1, 999, &no) == 0)
		t->no = (int)no;
	t->action = sf_rd_text(r, sf_node_get(n, "action"),
	    sf_rd_path(r, path, "action"), 0);
	t->lead = sf_rd_unit(r, sf_node_get(n, "lead"),
	    sf_rd_path(r, path, "lead"), units);
	t->support = sf_rd_units(r, sf_node_get(n, "support"),
	    sf_rd_path(r, path, "support"), units, &t->nsupport);
	t->due = sf_rd_date(r, sf_node_get(n, "due"),
	    sf_rd_path(r, path, "due"));
	if (!with_progress)
		return;
	st = sf_rd_enum(r, sf_node_get(n, "status"),
	    sf_rd_path(r, path, "status"), &sf_enum_task_status);
	t->status = st < 0 ? SF_TASK_OPEN : st;
	t->done = sf_rd_date(r, sf_node_get(n, "done"),
	    sf_rd_path(r, path, "done"));
	t->progress = read_notes(r, sf_node_get(n, "progress"),
	    sf_rd_path(r, path, "progress"), &t->nprogress);
	t->supervision = read_notes(r, sf_node_get(n, "supervision"),
	    sf_rd_path(r, path, "supervision"), &t->nsupervision);
}

static void
read_material(struct sf_rd *r, const struct sf_node *n, struct sf_issue *is)
{
	static const char *const keys[] = { "background", "problem", "prior",
		"request", NULL };
	int m;

	if (sf_rd_null(n) || sf_rd_map(r, n, "material") < 0)
		return;
	sf_rd_known(r, n, "material", keys);
	for (m = 0; m < SF_MAT_COUNT; m++) {
		const char *key = sf_enum_token(&sf_enum_material, m);

		is->material[m] = sf_rd_text(r, sf_node_get(n, key),
		    sf_rd_path(r, "material", key), 0);
	}
}

static void
read_screening(struct sf_rd *r, const struct sf_node *n,
    const struct sf_units *units, struct sf_issue *is)
{
	static const char *const keys[] = { "date", "by", "exclusions",
		"priorities", "score", "similar", "missing", "note", NULL };
	static const char *const sim_keys[] = { "id", "score", NULL };
	struct sf_screening *s;
	const struct sf_node *v;
	size_t i;
	long score;

	if (sf_rd_null(n) || sf_rd_map(r, n, "screening") < 0)
		return;
	sf_rd_known(r, n, "screening", keys);
	s = sf_arena_alloc(r->a, sizeof(*s));
	s->date = sf_rd_date(r, sf_node_get(n, "date"), "screening.date");
	s->by = sf_rd_unit(r, sf_node_get(n, "by"), "screening.by", units);
	s->exclusions = sf_rd_enums(r, sf_node_get(n, "exclusions"),
	    "screening.exclusions", &sf_enum_exclusion);
	s->priorities = sf_rd_enums(r, sf_node_get(n, "priorities"),
	    "screening.priorities", &sf_enum_priority);
	if ((v = sf_node_get(n, "score")) && sf_rd_int(r, v,
	    "screening.score", -100000, 100000, &score) == 0)
		s->score = (int)score;
	s->missing = sf_rd_enums(r, sf_node_get(n, "missing"),
	    "screening.missing", &sf_enum_material);
	s->note = sf_rd_text(r, sf_node_get(n, "note"), "screening.note", 0);
	v = sf_node_get(n, "similar");
	if (v && !sf_rd_null(v) && sf_rd_seq(r, v, "screening.similar") ==
	    0 && v->n) {
		s->similar = sf_arena_alloc(r->a, v->n * sizeof(*s->similar));
		for (i = 0; i < v->n; i++) {
			const struct sf_node *e = v->kids[i];
			const char *p = sf_rd_index(r, "screening.similar", i);
			struct sf_similar *sim = &s->similar[s->nsimilar];

			if (sf_rd_map(r, e, p) < 0)
				continue;
			sf_rd_known(r, e, p, sim_keys);
			sim->id = sf_rd_text(r, sf_node_get(e, "id"),
			    sf_rd_path(r, p, "id"), 1);
			if (sim->id && sf_issue_id_valid(sim->id) != 0)
				sf_rd_bad(r, sf_node_get(e, "id"),
				    sf_rd_path(r, p, "id"), "malformed issue "
				    "id '%s'", sim->id);
			sf_rd_num(r, sf_node_get(e, "score"),
			    sf_rd_path(r, p, "score"), 0, 1, &sim->score);
			if (sim->id)
				s->nsimilar++;
		}
	}
	is->screening = s;
}

static void
read_tail(struct sf_rd *r, const struct sf_node *root,
    const struct sf_units *units, struct sf_issue *is)
{
	static const char *const esc_keys[] = { "to", "date", "reason", NULL };
	static const char *const clo_keys[] = { "date", "reason", "note",
		NULL };
	static const char *const wd_keys[] = { "date", "note", NULL };
	const struct sf_node *n;
	size_t i;

	read_screening(r, sf_node_get(root, "screening"), units, is);
	is->meeting = sf_rd_text(r, sf_node_get(root, "meeting"), "meeting",
	    1);
	if (is->meeting && sf_meeting_id_valid(is->meeting) != 0)
		sf_rd_bad(r, sf_node_get(root, "meeting"), "meeting",
		    "malformed meeting id '%s'", is->meeting);
	is->decision = sf_rd_text(r, sf_node_get(root, "decision"),
	    "decision", 0);
	n = sf_node_get(root, "tasks");
	if (n && !sf_rd_null(n) && sf_rd_seq(r, n, "tasks") == 0 && n->n) {
		is->tasks = sf_arena_alloc(r->a, n->n * sizeof(*is->tasks));
		for (i = 0; i < n->n; i++)
			sf_task_read(r, n->kids[i], sf_rd_index(r, "tasks", i),
			    units, 1, &is->tasks[is->ntasks++]);
	}
	n = sf_node_get(root, "escalation");
	if (n && !sf_rd_null(n) && sf_rd_map(r, n, "escalation") == 0) {
		sf_rd_known(r, n, "escalation", esc_keys);
		is->escalation = sf_arena_alloc(r->a, sizeof(*is->escalation));
		is->escalation->to = sf_rd_enum(r, sf_node_get(n, "to"),
		    "escalation.to", &sf_enum_escalate_to);
		is->escalation->date = sf_rd_date(r, sf_node_get(n, "date"),
		    "escalation.date");
		is->escalation->reason = sf_rd_text(r, sf_node_get(n,
		    "reason"), "escalation.reason", 0);
	}
	n = sf_node_get(root, "closure");
	if (n && !sf_rd_null(n) && sf_rd_map(r, n, "closure") == 0) {
		sf_rd_known(r, n, "closure", clo_keys);
		is->closure = sf_arena_alloc(r->a, sizeof(*is->closure));
		is->closure->date = sf_rd_date(r, sf_node_get(n, "date"),
		    "closure.date");
		is->closure->reason = sf_rd_enum(r, sf_node_get(n, "reason"),
		    "closure.reason", &sf_enum_reason);
		is->closure->note = sf_rd_text(r, sf_node_get(n, "note"),
		    "closure.note", 0);
	}
	n = sf_node_get(root, "withdrawal");
	if (n && !sf_rd_null(n) && sf_rd_map(r, n, "withdrawal") == 0) {
		sf_rd_known(r, n, "withdrawal", wd_keys);
		is->withdrawal = sf_arena_alloc(r->a, sizeof(*is->withdrawal));
		is->withdrawal->date = sf_rd_date(r, sf_node_get(n, "date"),
		    "withdrawal.date");
		is->withdrawal->note = sf_rd_text(r, sf_node_get(n, "note"),
		    "withdrawal.note", 0);
	}
}

/* The id part of a path ending in "<id>.yaml", or NULL. */
static const char *
file_id(const char *file, char *buf, size_t size)
{
	const char *base = strrchr(file, '/');
	size_t n;

	base = base ? base + 1 : file;
	n = strlen(base);
	if (n < 6 || strcmp(base + n - 5, ".yaml") != 0 || n - 5 >= size)
		return NULL;
	memcpy(buf, base, n - 5);
	buf[n - 5] = '\0';
	return sf_issue_id_valid(buf) == 0 ? buf : NULL;
}

int
sf_issue_from_node(struct sf_issue *is, const char *file,
    const struct sf_node *root, const struct sf_units *units,
    enum sf_issue_mode mode, struct sf_diags *d)
{
	struct sf_rd r = { file, d, is->arena };
	const struct sf_node *n;
	size_t before = d->n, i, k;
	char fid[64];
	int v;

	if (sf_rd_map(&r, root, NULL) < 0)
		return sf_diags_result(d);
	for (i = 0; i < root->n; i++) {
		const char *key = root->kids[i]->key;

		if (strcmp(key, "history") == 0) {
			sf_rd_bad_key(&r, root->kids[i], NULL, "history is not "
			    "stored: it is git's (see sanfen-log)");
			continue;
		}
		for (k = 0; full_keys[k] && strcmp(full_keys[k], key); k++)
			;
		if (!full_keys[k]) {
			sf_rd_bad_key(&r, root->kids[i], NULL,
			    "unknown key '%s'", key);
			continue;
		}
		if (mode == SF_ISSUE_SUBMISSION) {
			for (k = 0; submission_keys[k] &&
			    strcmp(submission_keys[k], key); k++)
				;
			if (!submission_keys[k])
				sf_rd_bad_key(&r, root->kids[i], key, "key '%s' "
				    "is set by sanfen, not by the submitter",
				    key);
		}
	}
	if (mode != SF_ISSUE_SUBMISSION) {
		is->id = sf_rd_text(&r, (n = sf_node_get(root, "id")), "id", 1);
		if (is->id && sf_issue_id_valid(is->id) != 0)
			sf_rd_bad(&r, n, "id", "malformed issue id '%s'",
			    is->id);
		else if (is->id && file_id(file, fid, sizeof(fid)) &&
		    strcmp(fid, is->id) != 0)
			sf_rd_bad(&r, n, "id", "'%s' does not match the file "
			    "name %s.yaml", is->id, fid);
		is->submitted = sf_rd_date(&r, sf_node_get(root, "submitted"),
		    "submitted");
	}
	is->title = sf_rd_text(&r, sf_node_get(root, "title"), "title", 1);
	is->submitter = sf_rd_unit(&r, sf_node_get(root, "submitter"),
	    "submitter", units);
	is->contact = sf_rd_text(&r, sf_node_get(root, "contact"), "contact",
	    1);
	is->subject = sf_rd_enum(&r, sf_node_get(root, "subject"), "subject",
	    &sf_enum_subject);
	is->city = sf_rd_enum(&r, sf_node_get(root, "city"), "city",
	    &sf_enum_city);
	is->program = sf_rd_enum(&r, sf_node_get(root, "program"), "program",
	    &sf_enum_program);
	is->topic = sf_rd_enum(&r, sf_node_get(root, "topic"), "topic",
	    &sf_enum_topic);
	is->jurisdiction = sf_rd_enum(&r, sf_node_get(root, "jurisdiction"),
	    "jurisdiction", &sf_enum_level);
	is->tried = sf_rd_enums(&r, sf_node_get(root, "tried"), "tried",
	    &sf_enum_level);
	v = sf_rd_enum(&r, sf_node_get(root, "source"), "source",
	    &sf_enum_source);
	is->source = v < 0 ? SF_SRC_UNIT : v;
	is->flags = sf_rd_enums(&r, sf_node_get(root, "flags"), "flags",
	    &sf_enum_flag);
	read_material(&r, sf_node_get(root, "material"), is);
	if (mode != SF_ISSUE_SUBMISSION) {
		v = sf_rd_enum(&r, (n = sf_node_get(root, "status")), "status",
		    &sf_enum_status);
		is->status = v;
		read_tail(&r, root, units, is);
	}
	return d->n > before ? sf_diags_result(d) : 0;
}

static void
need(struct sf_rd *r, int missing, const char *key)
{
	if (missing)
		sf_rd_bad(r, NULL, key, "required");
}

static void
validate_tasks(struct sf_rd *r, const struct sf_issue *is)
{
	size_t i, j;

	for (i = 0; i < is->ntasks; i++) {
		const struct sf_task *t = &is->tasks[i];
		const char *p = sf_rd_index(r, "tasks", i);

		if (t->no <= 0)
			sf_rd_bad(r, NULL, sf_rd_path(r, p, "no"), "required");
		for (j = 0; j < i; j++)
			if (t->no > 0 && is->tasks[j].no == t->no)
				sf_rd_bad(r, NULL, sf_rd_path(r, p, "no"),
				    "%d is also the number of tasks[%zu]",
				    t->no, j + 1);
		if (sf_blank(t->action))
			sf_rd_bad(r, NULL, sf_rd_path(r, p, "action"),
			    "required");
		need(r, !t->lead, sf_rd_path(r, p, "lead"));
		need(r, !t->due, sf_rd_path(r, p, "due"));
		if (t->status == SF_TASK_DONE && !t->done)
			sf_rd_bad(r, NULL, sf_rd_path(r, p, "done"), "required "
			    "when status is done");
		if (t->status != SF_TASK_DONE && t->done)
			sf_rd_bad(r, NULL, sf_rd_path(r, p, "done"), "set but "
			    "status is not done");
	}
}

int
sf_issue_validate(const struct sf_issue *is, const char *file,
    enum sf_issue_mode mode, struct sf_diags *d)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_rd r = { file, d, a };
	size_t before = d->n, i;
	int m, st = is->status;

	if (mode != SF_ISSUE_SUBMISSION) {
		need(&r, !is->id, "id");
		need(&r, !is->submitted, "submitted");
		need(&r, st < 0, "status");
	}
	need(&r, sf_blank(is->title), "title");
	need(&r, !is->submitter, "submitter");
	need(&r, is->subject < 0, "subject");
	need(&r, is->program < 0, "program");
	need(&r, is->topic < 0, "topic");
	need(&r, is->jurisdiction < 0, "jurisdiction");
	if (is->subject == SF_SUBJ_CITY && is->city < 0)
		sf_rd_bad(&r, NULL, "city", "required when subject is city");
	/* a stored issue may lack material: screening returns it (Art. 9) */
	if (mode != SF_ISSUE_FULL)
		for (m = 0; m < SF_MAT_COUNT; m++)
			if (sf_blank(is->material[m]))
				sf_rd_bad(&r, NULL, sf_rd_path(&r, "material",
				    sf_enum_token(&sf_enum_material, m)),
				    "required (Art. 9 %s)",
				    sf_enum_zh(&sf_enum_material, m));
	validate_tasks(&r, is);
	if ((st == SF_ST_SCHEDULED || st == SF_ST_COORDINATED ||
	    st == SF_ST_ESCALATED) && !is->meeting)
		sf_rd_bad(&r, NULL, "meeting", "required when status is %s",
		    sf_enum_token(&sf_enum_status, st));
	if (st == SF_ST_ESCALATED && !is->escalation)
		sf_rd_bad(&r, NULL, "escalation", "required when status is "
		    "escalated");
	if (is->escalation) {
		need(&r, is->escalation->to < 0, "escalation.to");
		need(&r, !is->escalation->date, "escalation.date");
	}
	if (st == SF_ST_CLOSED && !is->closure)
		sf_rd_bad(&r, NULL, "closure", "required when status is closed");
	if (is->closure) {
		need(&r, !is->closure->date, "closure.date");
		need(&r, is->closure->reason < 0, "closure.reason");
		if (is->closure->reason == SF_RS_RESOLVED)
			for (i = 0; i < is->ntasks; i++)
				if (is->tasks[i].status != SF_TASK_DONE)
					sf_rd_bad(&r, NULL, "closure.reason",
					    "resolved, but task %d is not done "
					    "(Art. 13)", is->tasks[i].no);
		if (is->closure->reason > SF_RS_RESOLVED &&
		    sf_blank(is->closure->note))
			sf_rd_bad(&r, NULL, "closure.note", "required when the "
			    "reason is not resolved (Art. 13)");
	}
	if (st == SF_ST_WITHDRAWN && !is->withdrawal)
		sf_rd_bad(&r, NULL, "withdrawal", "required when status is "
		    "withdrawn");
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
	if (sf_buf_read_file(&text, path, SF_ISSUE_MAX_BYTES) < 0)
		rc = sf_error_errno("cannot read %s", file);
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
	if (v >= 0)
		sf_node_set(a, map, key, sf_node_str(a, sf_enum_token(e, v)));
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
	if (s->exclusions)
		sf_node_set(a, m, "exclusions", sf_node_enums(a,
		    &sf_enum_exclusion, s->exclusions));
	if (s->priorities)
		sf_node_set(a, m, "priorities", sf_node_enums(a,
		    &sf_enum_priority, s->priorities));
	sf_node_set(a, m, "score", sf_node_int(a, s->score));
	if (s->nsimilar) {
		seq = sf_node_set(a, m, "similar", sf_node_seq(a));
		for (i = 0; i < s->nsimilar; i++) {
			e = sf_node_push(a, seq, sf_node_map(a));
			sf_node_set_text(a, e, "id", s->similar[i].id);
			snprintf(num, sizeof(num), "%.2f", s->similar[i].score);
			sf_node_set(a, e, "score", sf_node_scalar(a, SF_NUM,
			    num));
		}
	}
	if (s->missing)
		sf_node_set(a, m, "missing", sf_node_enums(a,
		    &sf_enum_material, s->missing));
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
	sf_node_set(a, root, "tried", sf_node_enums(a, &sf_enum_level,
	    is->tried));
	set_enum(a, root, "source", &sf_enum_source, is->source);
	if (is->flags)
		sf_node_set(a, root, "flags", sf_node_enums(a, &sf_enum_flag,
		    is->flags));
	for (k = 0; k < SF_MAT_COUNT; k++)
		any |= is->material[k] != NULL;
	if (any) {
		mat = sf_node_set(a, root, "material", sf_node_map(a));
		for (k = 0; k < SF_MAT_COUNT; k++)
			sf_node_set_text(a, mat, sf_enum_token(&sf_enum_material, k),
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
