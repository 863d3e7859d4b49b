#include <stdint.h>
#include <string.h>

#include "issue_codec.h"

/*
 * Encoding and decoding side by side, part by part: what one writes the
 * other reads, in the same order. Every read is bounded (struct sf_get);
 * a short or malformed body sets bad.
 */

/* A string copied to the arena a, or NULL */
static const char *
getstr(struct sf_get *g, struct sf_arena *a)
{
	size_t n;
	const char *s = sf_getstr(g, &n);

	return s ? sf_arena_strndup(a, s, n) : NULL;
}

/* A count of items at least min bytes each that the body can hold. */
static size_t
getcount(struct sf_get *g, size_t min)
{
	uint32_t n = sf_get32(g);

	if ((size_t)(g->end - g->p) / min < n) {
		g->bad = 1;
		g->p = g->end;
		return 0;
	}
	return n;
}

static int
getenum(struct sf_get *g, const struct sf_enum *e, int none_ok)
{
	int v = (int)sf_get32(g);

	if (v < (none_ok ? -1 : 0) || v >= e->n)
		g->bad = 1;
	return v;
}

/* Dated notes: progress, supervision */

static void
putnotes(struct sf_buf *b, const struct sf_note *v, size_t n)
{
	size_t i;

	sf_put32(b, (uint32_t)n);
	for (i = 0; i < n; i++) {
		sf_putstr(b, v[i].date);
		sf_putstr(b, v[i].note);
	}
}

static struct sf_note *
getnotes(struct sf_get *g, struct sf_arena *a, size_t *n)
{
	struct sf_note *v;
	size_t i;

	if (!(*n = getcount(g, 8)))
		return NULL;
	v = sf_arena_alloc(a, *n * sizeof(*v));
	for (i = 0; i < *n; i++) {
		v[i].date = getstr(g, a);
		v[i].note = getstr(g, a);
	}
	return v;
}

/* A task */

static void
enc_task(struct sf_buf *b, const struct sf_task *t)
{
	size_t i;

	sf_put32(b, (uint32_t)t->no);
	sf_putstr(b, t->action);
	sf_putstr(b, t->lead);
	sf_put32(b, (uint32_t)t->nsupport);
	for (i = 0; i < t->nsupport; i++)
		sf_putstr(b, t->support[i]);
	sf_putstr(b, t->due);
	sf_put32(b, (uint32_t)t->status);
	sf_putstr(b, t->done);
	putnotes(b, t->progress, t->nprogress);
	putnotes(b, t->supervision, t->nsupervision);
}

static void
dec_task(struct sf_get *g, struct sf_arena *a, struct sf_task *t)
{
	size_t i;

	t->no = (int)sf_get32(g);
	t->action = getstr(g, a);
	t->lead = getstr(g, a);
	if ((t->nsupport = getcount(g, 4))) {
		t->support = sf_arena_alloc(a, t->nsupport *
		    sizeof(*t->support));
		for (i = 0; i < t->nsupport; i++)
			if (!(t->support[i] = getstr(g, a)))
				g->bad = 1;
	}
	t->due = getstr(g, a);
	t->status = getenum(g, &sf_enum_task_status, 0);
	t->done = getstr(g, a);
	t->progress = getnotes(g, a, &t->nprogress);
	t->supervision = getnotes(g, a, &t->nsupervision);
}

/* The indexed fields */

void
sf_issue_encode(struct sf_buf *b, const struct sf_issue *is)
{
	const struct sf_screening *s = is->screening;
	size_t i;

	sf_putstr(b, is->id);
	sf_putstr(b, is->title);
	sf_putstr(b, is->submitted);
	sf_putstr(b, is->submitter);
	sf_putstr(b, is->meeting);
	sf_put32(b, (uint32_t)is->subject);
	sf_put32(b, (uint32_t)is->city);
	sf_put32(b, (uint32_t)is->program);
	sf_put32(b, (uint32_t)is->topic);
	sf_put32(b, (uint32_t)is->jurisdiction);
	sf_put32(b, (uint32_t)is->source);
	sf_put32(b, (uint32_t)is->status);
	sf_put32(b, is->tried);
	sf_put32(b, is->flags);
	sf_put32(b, s != NULL);
	if (s) {
		sf_putstr(b, s->date);
		sf_putstr(b, s->by);
		sf_put32(b, s->exclusions);
		sf_put32(b, s->priorities);
		sf_put32(b, (uint32_t)s->score);
		sf_put32(b, s->missing);
	}
	sf_put32(b, is->escalation != NULL);
	if (is->escalation) {
		sf_put32(b, (uint32_t)is->escalation->to);
		sf_putstr(b, is->escalation->date);
		sf_putstr(b, is->escalation->reason);
	}
	sf_put32(b, is->closure != NULL);
	if (is->closure) {
		sf_putstr(b, is->closure->date);
		sf_put32(b, (uint32_t)is->closure->reason);
		sf_putstr(b, is->closure->note);
	}
	sf_put32(b, is->withdrawal != NULL);
	if (is->withdrawal) {
		sf_putstr(b, is->withdrawal->date);
		sf_putstr(b, is->withdrawal->note);
	}
	sf_put32(b, (uint32_t)is->ntasks);
	for (i = 0; i < is->ntasks; i++)
		enc_task(b, &is->tasks[i]);
}

int
sf_issue_decode(struct sf_get *g, struct sf_issue *is)
{
	struct sf_arena *a = is->arena;
	struct sf_screening *s;
	size_t i;

	is->id = getstr(g, a);
	is->title = getstr(g, a);
	is->submitted = getstr(g, a);
	is->submitter = getstr(g, a);
	is->meeting = getstr(g, a);
	is->subject = getenum(g, &sf_enum_subject, 1);
	is->city = getenum(g, &sf_enum_city, 1);
	is->program = getenum(g, &sf_enum_program, 1);
	is->topic = getenum(g, &sf_enum_topic, 1);
	is->jurisdiction = getenum(g, &sf_enum_level, 1);
	is->source = getenum(g, &sf_enum_source, 0);
	is->status = getenum(g, &sf_enum_status, 0);
	is->tried = sf_get32(g);
	is->flags = sf_get32(g);
	if (sf_get32(g)) {
		s = is->screening = sf_arena_alloc(a, sizeof(*s));
		s->date = getstr(g, a);
		s->by = getstr(g, a);
		s->exclusions = sf_get32(g);
		s->priorities = sf_get32(g);
		s->score = (int)sf_get32(g);
		s->missing = sf_get32(g);
	}
	if (sf_get32(g)) {
		is->escalation = sf_arena_alloc(a, sizeof(*is->escalation));
		is->escalation->to = getenum(g, &sf_enum_escalate_to, 0);
		is->escalation->date = getstr(g, a);
		is->escalation->reason = getstr(g, a);
	}
	if (sf_get32(g)) {
		is->closure = sf_arena_alloc(a, sizeof(*is->closure));
		is->closure->date = getstr(g, a);
		is->closure->reason = getenum(g, &sf_enum_reason, 0);
		is->closure->note = getstr(g, a);
	}
	if (sf_get32(g)) {
		is->withdrawal = sf_arena_alloc(a, sizeof(*is->withdrawal));
		is->withdrawal->date = getstr(g, a);
		is->withdrawal->note = getstr(g, a);
	}
	if ((is->ntasks = getcount(g, 32))) {
		is->tasks = sf_arena_alloc(a, is->ntasks * sizeof(*is->tasks));
		for (i = 0; i < is->ntasks && !g->bad; i++)
			dec_task(g, a, &is->tasks[i]);
	}
	if (!is->id || !is->submitted || g->p != g->end)
		g->bad = 1;
	return g->bad ? -1 : 0;
}

/* The keys the indexed fields leave out: read only for a whole issue */

void
sf_issue_encode_rest(struct sf_buf *b, const struct sf_issue *is)
{
	const struct sf_screening *s = is->screening;
	double score;
	uint64_t bits;
	size_t i;

	sf_putstr(b, is->contact);
	for (i = 0; i < SF_MAT_COUNT; i++)
		sf_putstr(b, is->material[i]);
	sf_putstr(b, is->decision);
	sf_putstr(b, s ? s->note : NULL);
	sf_put32(b, s ? (uint32_t)s->nsimilar : 0);
	for (i = 0; s && i < s->nsimilar; i++) {
		sf_putstr(b, s->similar[i].id);
		score = s->similar[i].score;
		memcpy(&bits, &score, sizeof(bits));
		sf_put64(b, bits);
	}
}

int
sf_issue_decode_rest(struct sf_get *g, struct sf_issue *is)
{
	struct sf_arena *a = is->arena;
	struct sf_screening *s = is->screening;
	uint64_t bits;
	size_t i, n;

	is->contact = getstr(g, a);
	for (i = 0; i < SF_MAT_COUNT; i++)
		is->material[i] = getstr(g, a);
	is->decision = getstr(g, a);
	if (s)
		s->note = getstr(g, a);
	else if (getstr(g, a))
		g->bad = 1;
	if ((n = getcount(g, 12)) && !s)
		g->bad = 1;
	if (n && s) {
		s->similar = sf_arena_alloc(a, n * sizeof(*s->similar));
		s->nsimilar = n;
		for (i = 0; i < n; i++) {
			s->similar[i].id = getstr(g, a);
			bits = sf_get64(g);
			memcpy(&s->similar[i].score, &bits, sizeof(bits));
		}
	}
	return g->bad || g->p != g->end ? -1 : 0;
}
