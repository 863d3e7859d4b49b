#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
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

int
sf_meeting_id_valid(const char *id)
{
	char date[SF_DATE_LEN + 1];

	if (!id || strlen(id) < SF_DATE_LEN + 2 || id[SF_DATE_LEN] != '-')
		return -1;
	memcpy(date, id, SF_DATE_LEN);
	date[SF_DATE_LEN] = '\0';
	if (!sf_date_valid(date))
		return -1;
	id += SF_DATE_LEN + 1;
	if (sf_enum_lookup(&sf_enum_meeting_kind, id) < 0 ||
	    strcmp(sf_enum_token(&sf_enum_meeting_kind,
	    sf_enum_lookup(&sf_enum_meeting_kind, id)), id) != 0)
		return -1;
	return 0;
}

char *
sf_meeting_path(const char *id)
{
	struct sf_buf b = SF_BUF_INIT;

	if (sf_meeting_id_valid(id) != 0)
		return NULL;
	sf_buf_init(&b);
	sf_buf_addf(&b, "meetings/%.4s/%s.yaml", id, id);
	return sf_buf_detach(&b, NULL);
}

int
sf_meeting_status_can(int from, int to)
{
	return from >= SF_MS_DRAFT && to == from + 1 && to <= SF_MS_ISSUED;
}

struct sf_attendee *
sf_attendees_read(struct sf_rd *r, const struct sf_node *n, const char *path,
    const struct sf_units *units, size_t *count)
{
	static const char *const keys[] = { "unit", "person", NULL };
	struct sf_attendee *v;
	size_t i;

	*count = 0;
	if (sf_rd_null(n) || sf_rd_seq(r, n, path) < 0 || !n->n)
		return NULL;
	v = sf_arena_alloc(r->a, n->n * sizeof(*v));
	for (i = 0; i < n->n; i++) {
		const struct sf_node *e = n->kids[i];
		const char *p = sf_rd_index(r, path, i);
		struct sf_attendee *at = &v[*count];

		if (e->kind == SF_NODE_SCALAR) {
			at->unit = sf_rd_unit(r, e, p, units);
		} else if (sf_rd_map(r, e, p) == 0) {
			sf_rd_known(r, e, p, keys);
			at->unit = sf_rd_unit(r, sf_node_get(e, "unit"),
			    sf_rd_path(r, p, "unit"), units);
			at->person = sf_rd_text(r, sf_node_get(e, "person"),
			    sf_rd_path(r, p, "person"), 1);
			if (!sf_node_get(e, "unit"))
				sf_rd_bad(r, e, sf_rd_path(r, p, "unit"),
				    "required");
		}
		if (at->unit)
			(*count)++;
	}
	return v;
}

static void
read_item(struct sf_rd *r, const struct sf_node *n, const char *path,
    const struct sf_units *units, struct sf_item *it)
{
	static const char *const keys[] = { "issue", "decision", "tasks",
		"deferred", NULL };
	const struct sf_node *v;
	size_t i;

	memset(it, 0, sizeof(*it));
	if (sf_rd_map(r, n, path) < 0)
		return;
	sf_rd_known(r, n, path, keys);
	it->issue = sf_rd_text(r, (v = sf_node_get(n, "issue")),
	    sf_rd_path(r, path, "issue"), 1);
	if (!it->issue)
		sf_rd_bad(r, n, sf_rd_path(r, path, "issue"), "required");
	else if (sf_issue_id_valid(it->issue) != 0)
		sf_rd_bad(r, v, sf_rd_path(r, path, "issue"), "malformed issue "
		    "id '%s'", it->issue);
	it->decision = sf_rd_text(r, sf_node_get(n, "decision"),
	    sf_rd_path(r, path, "decision"), 0);
	if ((v = sf_node_get(n, "deferred")))
		sf_rd_bool(r, v, sf_rd_path(r, path, "deferred"),
		    &it->deferred);
	v = sf_node_get(n, "tasks");
	if (v && !sf_rd_null(v) && sf_rd_seq(r, v, sf_rd_path(r, path,
	    "tasks")) == 0 && v->n) {
		it->tasks = sf_arena_alloc(r->a, v->n * sizeof(*it->tasks));
		for (i = 0; i < v->n; i++)
			sf_task_read(r, v->kids[i], sf_rd_index(r,
			    sf_rd_path(r, path, "tasks"), i), units, 0,
			    &it->tasks[it->ntasks++]);
	}
	if (it->deferred && (it->decision || it->ntasks))
		sf_rd_bad(r, n, path, "a deferred item has no decision or "
		    "tasks");
}

int
sf_meeting_from_node(struct sf_meeting *m, const char *file,
    const struct sf_node *root, const struct sf_units *units,
    struct sf_diags *d)
{
	struct sf_rd r = { file, d, m->arena };
	const struct sf_node *n;
	size_t before = d->n, i, j;
	int v;

	if (sf_rd_map(&r, root, NULL) < 0)
		return sf_diags_result(d);
	sf_rd_known(&r, root, NULL, meeting_keys);
	m->id = sf_rd_text(&r, (n = sf_node_get(root, "id")), "id", 1);
	if (!m->id)
		sf_rd_bad(&r, NULL, "id", "required");
	else if (sf_meeting_id_valid(m->id) != 0)
		sf_rd_bad(&r, n, "id", "malformed meeting id '%s' (expected "
		    "YYYY-MM-DD-kind)", m->id);
	m->kind = sf_rd_enum(&r, sf_node_get(root, "kind"), "kind",
	    &sf_enum_meeting_kind);
	if (m->kind < 0 && !sf_node_get(root, "kind"))
		sf_rd_bad(&r, NULL, "kind", "required");
	m->date = sf_rd_date(&r, sf_node_get(root, "date"), "date");
	if (!m->date && !sf_node_get(root, "date"))
		sf_rd_bad(&r, NULL, "date", "required");
	if (m->id && m->date && m->kind >= 0 &&
	    (strncmp(m->id, m->date, SF_DATE_LEN) != 0 ||
	    strcmp(m->id + SF_DATE_LEN + 1,
	    sf_enum_token(&sf_enum_meeting_kind, m->kind)) != 0))
		sf_rd_bad(&r, sf_node_get(root, "id"), "id", "'%s' does not "
		    "match date and kind", m->id);
	v = sf_rd_enum(&r, sf_node_get(root, "status"), "status",
	    &sf_enum_meeting_status);
	m->status = v;
	if (v < 0 && !sf_node_get(root, "status"))
		sf_rd_bad(&r, NULL, "status", "required");
	m->convener = sf_rd_text(&r, sf_node_get(root, "convener"),
	    "convener", 1);
	m->organisers = sf_rd_units(&r, sf_node_get(root, "organisers"),
	    "organisers", units, &m->norganisers);
	n = sf_node_get(root, "items");
	if (n && !sf_rd_null(n) && sf_rd_seq(&r, n, "items") == 0 && n->n) {
		m->items = sf_arena_alloc(m->arena, n->n * sizeof(*m->items));
		for (i = 0; i < n->n; i++) {
			read_item(&r, n->kids[i], sf_rd_index(&r, "items", i),
			    units, &m->items[m->nitems]);
			for (j = 0; j < m->nitems; j++)
				if (m->items[i].issue && m->items[j].issue &&
				    strcmp(m->items[i].issue,
				    m->items[j].issue) == 0)
					sf_rd_bad(&r, n->kids[i],
					    sf_rd_index(&r, "items", i),
					    "issue %s is already items[%zu]",
					    m->items[i].issue, j + 1);
			m->nitems++;
		}
	}
	m->held = sf_rd_date(&r, sf_node_get(root, "held"), "held");
	m->chair = sf_rd_text(&r, sf_node_get(root, "chair"), "chair", 1);
	m->attendees = sf_attendees_read(&r, sf_node_get(root, "attendees"),
	    "attendees", units, &m->nattendees);
	m->observers = sf_attendees_read(&r, sf_node_get(root, "observers"),
	    "observers", units, &m->nobservers);
	m->absent = sf_attendees_read(&r, sf_node_get(root, "absent"), "absent",
	    units, &m->nabsent);
	m->approved = sf_rd_date(&r, sf_node_get(root, "approved"),
	    "approved");
	m->number = sf_rd_text(&r, sf_node_get(root, "number"), "number", 1);
	m->issued = sf_rd_date(&r, sf_node_get(root, "issued"), "issued");
	if (m->status >= SF_MS_HELD && !m->held)
		sf_rd_bad(&r, NULL, "held", "required once the meeting is "
		    "held");
	if (m->status == SF_MS_ISSUED && (!m->number || !m->issued))
		sf_rd_bad(&r, NULL, m->number ? "issued" : "number",
		    "required once the minutes are issued");
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
	sf_buf_init(&text);
	if (sf_buf_read_file(&text, path, SF_MEETING_MAX_BYTES) < 0)
		rc = sf_error_errno("cannot read %s", file);
	else
		rc = sf_meeting_parse(file, text.buf, text.len, units, out);
	sf_buf_release(&text);
	return rc;
}

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
	if (m->kind >= 0)
		sf_node_set_text(a, root, "kind", sf_enum_token(&sf_enum_meeting_kind,
		    m->kind));
	sf_node_set_date(a, root, "date", m->date);
	if (m->status >= 0)
		sf_node_set_text(a, root, "status",
		    sf_enum_token(&sf_enum_meeting_status, m->status));
	sf_node_set_text(a, root, "convener", m->convener);
	if (m->norganisers) {
		seq = sf_node_set(a, root, "organisers", sf_node_seq(a));
		seq->flow = 1;
		for (i = 0; i < m->norganisers; i++)
			sf_node_push(a, seq, sf_node_str(a, m->organisers[i]));
	}
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
