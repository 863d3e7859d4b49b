#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "i18n.h"
#include "meeting.h"
#include "reader.h"
#include "xalloc.h"

static const char *const meeting_keys[] = { "id", "kind", "date",
	"status", "convener", "organisers", "items", "held", "chair",
	"attendees", "observers", "absent", "approved", "number", "issued",
	NULL };

struct sf_meeting *
sf_meeting_new(void)
{
	struct sf_meeting *m = xcalloc(1, sizeof(*m));

	m->arena = sf_arena_new();
	m->kind = -1;
	m->status = SF_MS_DRAFT;
	return m;
}

void
sf_meeting_free(struct sf_meeting *m)
{
	if (!m)
		return;
	sf_arena_free(m->arena);
	free(m);
}

/* Reading */

struct sf_attendee *
sf_attendees_read(struct sf_rd *r, const struct sf_node *n, const char *path,
    const struct sf_units *units, size_t *count)
{
	static const char *const keys[] = { "unit", "person", NULL };
	struct sf_attendee *v;
	size_t i, j;

	*count = 0;
	if (sf_rd_null(n) || sf_rd_seq(r, n, path) < 0 || !n->n)
		return NULL;
	v = sf_arena_alloc(r->a, n->n * sizeof(*v));
	for (i = 0; i < n->n; i++) {
		const struct sf_node *e = n->kids[i], *u;
		const char *p = sf_rd_index(r, path, i);
		struct sf_attendee *at = &v[*count];

		if (sf_rd_null(e)) {
			sf_rd_bad(r, e, p, "empty entry");
			continue;
		}
		if (e->kind == SF_NODE_SCALAR) {
			at->unit = sf_rd_unit(r, e, p, units);
		} else if (sf_rd_map(r, e, p) == 0) {
			sf_rd_known(r, e, p, keys);
			u = sf_node_get(e, "unit");
			at->unit = sf_rd_unit(r, u, sf_rd_path(r, p, "unit"),
			    units);
			at->person = sf_rd_str(r, sf_node_get(e, "person"),
			    sf_rd_path(r, p, "person"), SF_RD_LINE);
			if (sf_rd_null(u))
				sf_rd_bad(r, u ? u : e, sf_rd_path(r, p,
				    "unit"), "required");
		}
		if (!at->unit)
			continue;
		for (j = 0; j < *count && strcmp(v[j].unit, at->unit); j++)
			;
		if (j < *count) {
			sf_rd_bad(r, e, p, "unit '%s' is listed twice",
			    at->unit);
			at->person = NULL;
			continue;
		}
		(*count)++;
	}
	return v;
}

/* A finding "required" for key of map when it is absent or empty (a
 * value of the wrong kind has had its finding already). */
static void
need_in(struct sf_rd *r, const struct sf_node *map, const char *path,
    const char *key, const char *why)
{
	const struct sf_node *n = sf_node_get(map, key);

	if (sf_rd_null(n))
		sf_rd_bad(r, n ? n : map, sf_rd_path(r, path, key),
		    "required%s", why);
}

/* Each task of an agenda item: numbered once, with action, lead, due. */
static void
check_tasks(struct sf_rd *r, const struct sf_node *seq, const char *path,
    const struct sf_item *it)
{
	size_t i, j;

	for (i = 0; i < it->ntasks; i++) {
		const struct sf_task *t = &it->tasks[i];
		const struct sf_node *n = seq->kids[i];
		const char *p = sf_rd_index(r, path, i);

		if (n->kind != SF_NODE_MAP)
			continue;
		need_in(r, n, p, "no", " (序号)");
		for (j = 0; j < i && t->no > 0; j++)
			if (it->tasks[j].no == t->no) {
				sf_rd_bad(r, sf_node_get(n, "no"),
				    sf_rd_path(r, p, "no"), "%d is also the "
				    "number of %s[%zu]", t->no, path, j + 1);
				break;
			}
		need_in(r, n, p, "action", " (议定事项)");
		need_in(r, n, p, "lead", " (牵头单位)");
		need_in(r, n, p, "due", " (完成时限)");
	}
}

static void
read_item(struct sf_rd *r, const struct sf_node *n, const char *path,
    const struct sf_units *units, int status, struct sf_item *it)
{
	static const char *const keys[] = { "issue", "decision", "tasks",
		"deferred", NULL };
	const struct sf_node *v, *tasks;
	const char *p;
	size_t i;

	memset(it, 0, sizeof(*it));
	if (sf_rd_null(n)) {
		sf_rd_bad(r, n, path, "empty entry");
		return;
	}
	if (sf_rd_map(r, n, path) < 0)
		return;
	sf_rd_known(r, n, path, keys);
	v = sf_node_get(n, "issue");
	p = sf_rd_path(r, path, "issue");
	it->issue = sf_rd_str(r, v, p, SF_RD_ID);
	if (!it->issue && sf_rd_null(v))
		sf_rd_bad(r, v ? v : n, p, "required");
	else if (it->issue && sf_issue_id_valid(it->issue) != 0) {
		sf_rd_bad(r, v, p, "malformed issue id '%s'", it->issue);
		it->issue = NULL;
	}
	it->decision = sf_rd_str(r, sf_node_get(n, "decision"),
	    sf_rd_path(r, path, "decision"), SF_RD_TEXT);
	if ((v = sf_node_get(n, "deferred")) && !sf_rd_null(v))
		sf_rd_bool(r, v, sf_rd_path(r, path, "deferred"),
		    &it->deferred);
	tasks = sf_node_get(n, "tasks");
	p = sf_rd_path(r, path, "tasks");
	if (!sf_rd_null(tasks) && sf_rd_seq(r, tasks, p) == 0 && tasks->n) {
		it->tasks = sf_arena_alloc(r->a, tasks->n *
		    sizeof(*it->tasks));
		for (i = 0; i < tasks->n; i++)
			sf_task_read(r, tasks->kids[i], sf_rd_index(r, p, i),
			    units, 0, &it->tasks[it->ntasks++]);
		check_tasks(r, tasks, p, it);
	}
	if (it->deferred && (it->decision || it->ntasks))
		sf_rd_bad(r, n, path, "a deferred item has no decision or "
		    "tasks");
	else if (it->ntasks && !it->decision)
		sf_rd_bad(r, n, sf_rd_path(r, path, "decision"), "required "
		    "with tasks (会议议定意见)");
	if (status >= 0 && status < SF_MS_HELD && (it->decision ||
	    it->ntasks || it->deferred))
		sf_rd_bad(r, n, path, "only a held meeting decides its items "
		    "(status is %s)", sf_enum_token(&sf_enum_meeting_status,
		    status));
}

static void
read_items(struct sf_rd *r, const struct sf_node *n,
    const struct sf_units *units, struct sf_meeting *m)
{
	size_t i, j;

	if (sf_rd_null(n) || sf_rd_seq(r, n, "items") < 0 || !n->n)
		return;
	m->items = sf_arena_alloc(m->arena, n->n * sizeof(*m->items));
	for (i = 0; i < n->n; i++) {
		struct sf_item *it = &m->items[m->nitems];
		const char *p = sf_rd_index(r, "items", i);

		read_item(r, n->kids[i], p, units, m->status, it);
		for (j = 0; it->issue && j < m->nitems; j++)
			if (m->items[j].issue && strcmp(it->issue,
			    m->items[j].issue) == 0) {
				sf_rd_bad(r, sf_node_get(n->kids[i], "issue"),
				    sf_rd_path(r, p, "issue"), "issue %s is "
				    "already items[%zu]", it->issue, j + 1);
				break;
			}
		m->nitems++;
	}
}

static void
read_id(struct sf_rd *r, const struct sf_node *root, struct sf_meeting *m)
{
	const struct sf_node *n = sf_node_get(root, "id");
	const char *kind = sf_enum_token(&sf_enum_meeting_kind, m->kind);
	char fid[64];

	if (!(m->id = sf_rd_str(r, n, "id", SF_RD_ID))) {
		if (sf_rd_null(n))
			sf_rd_bad(r, n, "id", "required");
		return;
	}
	if (sf_meeting_id_valid(m->id) != 0)
		sf_rd_bad(r, n, "id", "malformed meeting id '%s' (expected "
		    "YYYY-MM-DD-kind)", m->id);
	else if (m->date && kind && (strncmp(m->id, m->date, SF_DATE_LEN) ||
	    strcmp(m->id + SF_DATE_LEN + 1, kind)))
		sf_rd_bad(r, n, "id", "'%s' does not match date and kind "
		    "(%s-%s)", m->id, m->date, kind);
	else if (sf_meeting_file_id(r->file, fid, sizeof(fid)) &&
	    strcmp(fid, m->id))
		sf_rd_bad(r, n, "id", "'%s' does not match the file name "
		    "%s.yaml", m->id, fid);
}

/* A required key: a finding at its empty value, or at the file. */
static void
need(struct sf_rd *r, const struct sf_node *root, const char *key,
    int missing, const char *why)
{
	const struct sf_node *n = sf_node_get(root, key);

	if (missing && sf_rd_null(n))
		sf_rd_bad(r, n, key, "required%s", why ? why : "");
}

/* Keys that each status requires or rules out (sanfen-meeting(5)). */
static void
check_status(struct sf_rd *r, const struct sf_node *root,
    const struct sf_meeting *m)
{
	static const struct {
		const char *key;
		int from;	/* the status that sets it */
		const char *only;
	} when[] = {
		{ "held", SF_MS_HELD, N_("a held meeting has a held date") },
		{ "approved", SF_MS_MINUTES_APPROVED,
		    N_("approved minutes have an approval date") },
		{ "number", SF_MS_ISSUED, N_("issued minutes have a number") },
		{ "issued", SF_MS_ISSUED,
		    N_("issued minutes have an issue date") },
	};
	const struct sf_node *st = sf_node_get(root, "status"), *n;
	const char *name = sf_enum_token(&sf_enum_meeting_status, m->status);
	size_t i;
	int set;

	if (m->status < 0)
		return;
	for (i = 0; i < sizeof(when) / sizeof(when[0]); i++) {
		n = sf_node_get(root, when[i].key);
		set = !sf_rd_null(n);
		/* the approval date stays optional: minutes approved by
		 * hand may not say when */
		if (!set && m->status >= when[i].from &&
		    when[i].from != SF_MS_MINUTES_APPROVED)
			sf_rd_bad(r, st, when[i].key, "required when status "
			    "is %s", name);
		if (set && m->status < when[i].from)
			sf_rd_bad_key(r, n, when[i].key, "only %s (status is "
			    "%s)", _(when[i].only), name);
	}
}

int
sf_meeting_from_node(struct sf_meeting *m, const char *file,
    const struct sf_node *root, const struct sf_units *units,
    struct sf_diags *d)
{
	struct sf_rd r = { .file = file, .d = d, .a = m->arena };
	size_t before = d->n;

	if (sf_rd_map(&r, root, NULL) < 0)
		return sf_diags_result(d);
	sf_rd_known(&r, root, NULL, meeting_keys);
	m->kind = sf_rd_enum(&r, sf_node_get(root, "kind"), "kind",
	    &sf_enum_meeting_kind);
	need(&r, root, "kind", m->kind < 0, NULL);
	m->date = sf_rd_date(&r, sf_node_get(root, "date"), "date");
	need(&r, root, "date", !m->date, NULL);
	read_id(&r, root, m);
	m->status = sf_rd_enum(&r, sf_node_get(root, "status"), "status",
	    &sf_enum_meeting_status);
	need(&r, root, "status", m->status < 0, NULL);
	m->convener = sf_rd_str(&r, sf_node_get(root, "convener"), "convener",
	    SF_RD_LINE);
	m->organisers = sf_rd_units(&r, sf_node_get(root, "organisers"),
	    "organisers", units, &m->norganisers);
	read_items(&r, sf_node_get(root, "items"), units, m);
	m->held = sf_rd_date(&r, sf_node_get(root, "held"), "held");
	m->chair = sf_rd_str(&r, sf_node_get(root, "chair"), "chair",
	    SF_RD_LINE);
	m->attendees = sf_attendees_read(&r, sf_node_get(root, "attendees"),
	    "attendees", units, &m->nattendees);
	m->observers = sf_attendees_read(&r, sf_node_get(root, "observers"),
	    "observers", units, &m->nobservers);
	m->absent = sf_attendees_read(&r, sf_node_get(root, "absent"),
	    "absent", units, &m->nabsent);
	m->approved = sf_rd_date(&r, sf_node_get(root, "approved"),
	    "approved");
	m->number = sf_rd_str(&r, sf_node_get(root, "number"), "number",
	    SF_RD_LINE);
	m->issued = sf_rd_date(&r, sf_node_get(root, "issued"), "issued");
	check_status(&r, root, m);
	return d->n > before ? sf_diags_result(d) : 0;
}

int
sf_meeting_parse(const char *file, const char *data, size_t len,
    const struct sf_units *units, struct sf_meeting **out)
{
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_arena *a = sf_arena_new();
	struct sf_meeting *m = sf_meeting_new();
	struct sf_node *root;
	int rc;

	*out = NULL;
	sf_diags_init(&d);
	if ((rc = sf_yaml_load(a, file, data, len, &sf_yaml_meeting_limits,
	    0, &root)) == 0)
		rc = sf_meeting_from_node(m, file, root, units, &d);
	sf_diags_clear(&d);
	sf_arena_free(a);
	if (rc < 0) {
		sf_meeting_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

int
sf_meeting_load(const char *path, const char *file,
    const struct sf_units *units, struct sf_meeting **out)
{
	struct sf_buf text = SF_BUF_INIT;
	int rc;

	*out = NULL;
	sf_trace_read(file, "work tree");
	if (sf_buf_read_nofollow(&text, path, file, SF_MEETING_MAX_BYTES) < 0)
		rc = sf_error_read(file);
	else
		rc = sf_meeting_parse(file, text.buf, text.len, units, out);
	sf_buf_release(&text);
	return rc;
}

/* Copying: every string and array into the copy's arena (see
 * sf_issue_dup) */

static struct sf_attendee *
people_dup(struct sf_arena *a, const struct sf_attendee *v, size_t n)
{
	struct sf_attendee *w = sf_arena_memdup(a, v, n, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++) {
		w[i].unit = sf_arena_strdup(a, v[i].unit);
		w[i].person = sf_arena_strdup(a, v[i].person);
	}
	return w;
}

int
sf_meeting_dup(const struct sf_meeting *m, struct sf_meeting **out)
{
	struct sf_meeting *c = sf_meeting_new();
	struct sf_arena *a = c->arena;
	size_t i;

	*c = *m;
	c->arena = a;
	c->id = sf_arena_strdup(a, m->id);
	c->date = sf_arena_strdup(a, m->date);
	c->convener = sf_arena_strdup(a, m->convener);
	c->organisers = sf_arena_strvdup(a, m->organisers, m->norganisers);
	c->items = sf_arena_memdup(a, m->items, m->nitems, sizeof(*c->items));
	for (i = 0; i < m->nitems; i++) {
		c->items[i].issue = sf_arena_strdup(a, m->items[i].issue);
		c->items[i].decision = sf_arena_strdup(a,
		    m->items[i].decision);
		c->items[i].tasks = sf_tasks_dup(a, m->items[i].tasks,
		    m->items[i].ntasks);
	}
	c->held = sf_arena_strdup(a, m->held);
	c->chair = sf_arena_strdup(a, m->chair);
	c->attendees = people_dup(a, m->attendees, m->nattendees);
	c->observers = people_dup(a, m->observers, m->nobservers);
	c->absent = people_dup(a, m->absent, m->nabsent);
	c->approved = sf_arena_strdup(a, m->approved);
	c->number = sf_arena_strdup(a, m->number);
	c->issued = sf_arena_strdup(a, m->issued);
	*out = c;
	return 0;
}

/* Writing */

static void
set_people(struct sf_arena *a, struct sf_node *map, const char *key,
    const struct sf_attendee *v, size_t n)
{
	struct sf_node *seq, *e;
	size_t i;

	if (!n)
		return;
	seq = sf_node_set(a, map, key, sf_node_seq(a));
	for (i = 0; i < n; i++) {
		if (!v[i].person) {
			sf_node_push(a, seq, sf_node_str(a, v[i].unit));
			continue;
		}
		e = sf_node_push(a, seq, sf_node_map(a));
		sf_node_set_text(a, e, "unit", v[i].unit);
		sf_node_set_text(a, e, "person", v[i].person);
	}
}

struct sf_node *
sf_meeting_to_node(const struct sf_meeting *m, struct sf_arena *a)
{
	struct sf_node *root = sf_node_map(a), *seq, *e, *tasks;
	size_t i, t;

	sf_node_set_text(a, root, "id", m->id);
	sf_node_set_enum(a, root, "kind", &sf_enum_meeting_kind, m->kind);
	sf_node_set_date(a, root, "date", m->date);
	sf_node_set_enum(a, root, "status", &sf_enum_meeting_status, m->status);
	sf_node_set_text(a, root, "convener", m->convener);
	if (m->norganisers) {
		seq = sf_node_set(a, root, "organisers", sf_node_seq(a));
		seq->flow = 1;
		for (i = 0; i < m->norganisers; i++)
			sf_node_push(a, seq, sf_node_str(a, m->organisers[i]));
	}
	/* always written, [] too: a draft shows its agenda is empty */
	seq = sf_node_set(a, root, "items", sf_node_seq(a));
	for (i = 0; i < m->nitems; i++) {
		const struct sf_item *it = &m->items[i];

		e = sf_node_push(a, seq, sf_node_map(a));
		sf_node_set_text(a, e, "issue", it->issue);
		sf_node_set_text(a, e, "decision", it->decision);
		if (it->ntasks) {
			tasks = sf_node_set(a, e, "tasks", sf_node_seq(a));
			for (t = 0; t < it->ntasks; t++)
				sf_node_push(a, tasks, sf_task_to_node(
				    &it->tasks[t], a, 0));
		}
		if (it->deferred)
			sf_node_set(a, e, "deferred", sf_node_bool(a, 1));
	}
	sf_node_set_date(a, root, "held", m->held);
	sf_node_set_text(a, root, "chair", m->chair);
	set_people(a, root, "attendees", m->attendees, m->nattendees);
	set_people(a, root, "observers", m->observers, m->nobservers);
	set_people(a, root, "absent", m->absent, m->nabsent);
	sf_node_set_date(a, root, "approved", m->approved);
	sf_node_set_text(a, root, "number", m->number);
	sf_node_set_date(a, root, "issued", m->issued);
	return root;
}

int
sf_meeting_emit(const struct sf_meeting *m, struct sf_buf *out)
{
	struct sf_arena *a = sf_arena_new();
	int rc = sf_yaml_emit(sf_meeting_to_node(m, a), out);

	sf_arena_free(a);
	return rc;
}
