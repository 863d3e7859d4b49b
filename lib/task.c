#include <string.h>

#include "reader.h"
#include "task.h"

/* Reading */

static struct sf_note *
read_notes(struct sf_rd *r, const struct sf_node *map, const char *parent,
    const char *key, size_t *count)
{
	static const char *const keys[] = { "date", "note", NULL };
	const struct sf_node *n, *e;
	struct sf_note *v;
	const char *path, *p;
	size_t i;

	*count = 0;
	if (!(n = sf_rd_key_seq(r, map, parent, key, &path)))
		return NULL;
	v = sf_arena_alloc(r->a, n->n * sizeof(*v));
	for (i = 0; i < n->n; i++) {
		if (!(e = sf_rd_item_map(r, n, path, i, keys, &p)))
			continue;
		v[*count].date = sf_rd_key_date(r, e, p, "date");
		v[*count].note = sf_rd_key_str(r, e, p, "note", SF_RD_TEXT);
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
	const char *p;
	long no;
	int st;

	memset(t, 0, sizeof(*t));
	if (sf_rd_map(r, n, path) < 0)
		return;
	sf_rd_known(r, n, path, with_progress ? keys : item_keys);
	if (sf_rd_key_int(r, n, path, "no", 1, 999, &no) == 0)
		t->no = (int)no;
	t->action = sf_rd_key_str(r, n, path, "action", SF_RD_TEXT);
	v = sf_rd_get(r, n, path, "lead", &p);
	t->lead = sf_rd_unit(r, v, p, units);
	v = sf_rd_get(r, n, path, "support", &p);
	t->support = sf_rd_units(r, v, p, units, &t->nsupport);
	t->due = sf_rd_key_date(r, n, path, "due");
	if (!with_progress)
		return;
	st = sf_rd_key_enum(r, n, path, "status", &sf_enum_task_status);
	t->status = st < 0 ? SF_TASK_OPEN : st;
	t->done = sf_rd_key_date(r, n, path, "done");
	t->progress = read_notes(r, n, path, "progress", &t->nprogress);
	t->supervision = read_notes(r, n, path, "supervision",
	    &t->nsupervision);
}

/* Copying */

static struct sf_note *
notes_dup(struct sf_arena *a, const struct sf_note *v, size_t n)
{
	struct sf_note *w = sf_arena_memdup(a, v, n, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++) {
		w[i].date = sf_arena_strdup(a, v[i].date);
		w[i].note = sf_arena_strdup(a, v[i].note);
	}
	return w;
}

struct sf_task *
sf_tasks_dup(struct sf_arena *a, const struct sf_task *v, size_t n)
{
	struct sf_task *w = sf_arena_memdup(a, v, n, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++) {
		w[i].action = sf_arena_strdup(a, v[i].action);
		w[i].lead = sf_arena_strdup(a, v[i].lead);
		w[i].support = sf_arena_strvdup(a, v[i].support,
		    v[i].nsupport);
		w[i].due = sf_arena_strdup(a, v[i].due);
		w[i].done = sf_arena_strdup(a, v[i].done);
		w[i].progress = notes_dup(a, v[i].progress, v[i].nprogress);
		w[i].supervision = notes_dup(a, v[i].supervision,
		    v[i].nsupervision);
	}
	return w;
}

/* Writing */

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
	sf_node_set_enum(a, m, "status", &sf_enum_task_status, t->status);
	sf_node_set_date(a, m, "done", t->done);
	set_notes(a, m, "progress", t->progress, t->nprogress);
	set_notes(a, m, "supervision", t->supervision, t->nsupervision);
	return m;
}
