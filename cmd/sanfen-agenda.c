/*
 * sanfen-agenda — prepare a meeting (Art. 2-7): draft the agenda from the
 * accepted issues, add and drop items, propose and approve it (Art. 6),
 * show the 议题清单 with the 通报 (Art. 4), and check the quarter's Art. 7
 * quota.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agenda.h"
#include "cli.h"
#include "committed.h"
#include "date.h"
#include "enums.h"
#include "error.h"
#include "i18n.h"
#include "issue.h"
#include "ledger.h"
#include "lifecycle.h"
#include "meeting.h"
#include "output.h"
#include "query.h"
#include "reader.h"
#include "store.h"
#include "write.h"
#include "xalloc.h"
#include "yamlio.h"

static const char usage_text[] =
    "usage: sanfen-agenda [-C dir] [--as unit] new --kind kind --date date "
    "[--max n]\n"
    "       sanfen-agenda [-C dir] [--as unit] add | drop meeting id ...\n"
    "       sanfen-agenda [-C dir] [--as unit] propose | approve meeting\n"
    "       sanfen-agenda [-C dir] show meeting [--format md|json]\n"
    "       sanfen-agenda [-C dir] quota --quarter quarter "
    "[--format table|json]\n";

enum { OPT_KIND = 0x100, OPT_DATE, OPT_MAX, OPT_QUARTER };

/* show's formats and quota's: a text first, then JSON */
static const char *const show_formats[] = { "md", "json", NULL };
static const char *const quota_formats[] = { "table", "json", NULL };
enum { FMT_TEXT, FMT_JSON };

static struct sf_cli cli = { .name = "sanfen-agenda", .usage = usage_text,
	.flags = SF_CLI_AS | SF_CLI_FORMAT };
static const char *opt_kind, *opt_date, *opt_quarter;
static long opt_max = -1;

/* The quarter a date lies in, "2024Q4". */
static void
quarter_of(const char *date, char out[8])
{
	int m = atoi(date + 5);

	snprintf(out, 8, "%.4sQ%d", date, (m - 1) / 3 + 1);
}

static void
warn_quota(const struct sf_quota *q)
{
	size_t i;

	if (!q->nmissing)
		return;
	fprintf(stderr, _("sanfen-agenda: warning: %s is short of the Art. 7 "
	    "quota: no issue for"), q->quarter);
	for (i = 0; i < q->nmissing; i++)
		fprintf(stderr, "%s %s", i ? "," : "", q->missing[i]);
	fprintf(stderr, _(" (see sanfen-agenda quota --quarter %s)\n"),
	    q->quarter);
}

/*
 * Put issue is on m's agenda (add), or take its item off: an issue
 * scheduled for m goes back to accepted (after the draft the table
 * refuses that: only an item its minutes could not apply to is dropped
 * then); one the table lets the drop take otherwise (withdrawn meanwhile)
 * loses its reference to m; any other is left as it is (on another
 * meeting). is is the issue as read, the "before" of the change; a copy
 * of it is what is written. The caller commits.
 */
static int
step_issue(struct sf_change *c, struct sf_msg *msg, struct sf_judge *j,
    const struct sf_issue *is, const struct sf_meeting *m, int add)
{
	struct sf_issue *after = NULL;
	int rc;

	if (add && (!sf_action_takes(SF_ACT_AGENDA_ADD, 0, is->status) ||
	    is->meeting))
		return sf_error(SF_EREFUSED, "issue %s is %s%s%s: only "
		    "accepted issues on no meeting are put on an agenda",
		    is->id, sf_enum_token(&sf_enum_status, is->status),
		    is->meeting ? _(" on ") : "", is->meeting ? is->meeting :
		    "");
	if (!add && (!sf_action_takes(SF_ACT_AGENDA_DROP, 0, is->status) ||
	    !is->meeting || strcmp(is->meeting, m->id) != 0))
		return 0;	/* the item alone */
	if ((rc = sf_issue_dup(is, &after)) < 0)
		return rc;
	if (add)
		after->status = SF_ST_SCHEDULED;
	else if (after->status == SF_ST_SCHEDULED)
		after->status = SF_ST_ACCEPTED;
	after->meeting = add ? sf_arena_strdup(after->arena, m->id) : NULL;
	rc = sf_step_issue(c, msg, j, is, after);
	sf_issue_free(after);
	return rc;
}

/* The same for the issue of id, read from the work tree (add and drop);
 * an issue not found is left alone by a drop. */
static int
move_issue(struct sf_ledger *l, struct sf_change *c, struct sf_msg *msg,
    struct sf_judge *j, const char *id, const struct sf_meeting *m, int add)
{
	struct sf_issue *is = NULL;
	int rc;

	if ((rc = sf_ledger_load_issue(l, id, &is)) < 0) {
		if (add || rc != SF_ENOTFOUND)
			return rc;
		sf_error_clear();
		return 0;
	}
	rc = step_issue(c, msg, j, is, m, add);
	sf_issue_free(is);
	return rc;
}

static void
push_item(struct sf_meeting *m, const char *id)
{
	struct sf_item *v = sf_arena_alloc(m->arena,
	    (m->nitems + 1) * sizeof(*v));

	if (m->nitems)
		memcpy(v, m->items, m->nitems * sizeof(*v));
	v[m->nitems].issue = sf_arena_strdup(m->arena, id);
	m->items = v;
	m->nitems++;
}

/*
 * new reads the ledger as committed, each file once (sf_agenda_read):
 * the quarter's meetings from HEAD's tree (lib/committed.h) and one scan
 * (lib/cache.h) for the candidates, kept whole as far as the agenda takes
 * them, and the issues of those meetings, which the quota's warning
 * counts with the ones it schedules. The issues it schedules are written
 * from what it read: a candidate the clerk changed in the work tree and
 * did not commit is refused by the commit (lib/store.c refuses a touched
 * file that is not as HEAD has it), and nothing is written.
 */
static int
cmd_new(struct sf_ledger *l, const struct sf_unit *by, int argc, char **argv,
    void *ctx)
{
	struct sf_candidates cand = { NULL, 0, 0 };
	struct sf_msg msg = SF_MSG_INIT;
	struct sf_change *c = NULL;
	struct sf_meeting *m = sf_meeting_new();
	struct sf_judge_held held;
	struct sf_judge j;
	struct sf_quota q;
	struct stat st;
	char *rel = NULL, *path = NULL, quarter[8];
	size_t i, n, max;
	int kind, rc;

	memset(&q, 0, sizeof(q));
	if ((kind = sf_enum_lookup(&sf_enum_meeting_kind, opt_kind)) < 0) {
		rc = sf_error(SF_EINVALID, "unknown meeting kind '%s' "
		    "(expected monthly, semiannual, annual, special)",
		    opt_kind);
		goto out;
	}
	if (!sf_date_valid(opt_date)) {
		rc = sf_error(SF_EINVALID, "--date: invalid date '%s'",
		    opt_date);
		goto out;
	}
	m->id = sf_arena_printf(m->arena, "%s-%s", opt_date,
	    sf_enum_token(&sf_enum_meeting_kind, kind));
	m->kind = kind;
	m->date = sf_arena_strdup(m->arena, opt_date);
	m->status = SF_MS_DRAFT;
	m->convener = sf_arena_strdup(m->arena, l->config->convener[kind]);
	m->organisers = sf_arena_alloc(m->arena, (l->config->doc_nissuers +
	    1) * sizeof(*m->organisers));
	for (i = 0; i < l->config->doc_nissuers; i++)
		m->organisers[i] = sf_arena_strdup(m->arena,
		    l->config->doc_issuers[i]);
	m->norganisers = l->config->doc_nissuers;
	rel = sf_meeting_path(m->id);
	path = sf_ledger_path(l, rel);
	if (stat(path, &st) == 0) {
		rc = sf_error(SF_EREFUSED, "meeting %s exists already", m->id);
		goto out;
	}
	/* a special meeting's items are added by hand, unless --max */
	max = opt_max >= 0 ? (size_t)opt_max : kind == SF_MK_SPECIAL ? 0 :
	    (size_t)l->config->agenda_size[kind];
	quarter_of(m->date, quarter);
	if ((rc = sf_agenda_read(l, quarter, max, &cand, &q)) < 0)
		goto out;
	n = cand.n < max ? cand.n : max;
	c = sf_change_new();
	sf_msg_init(&msg, "agenda %s: new, %zu issue%s", m->id, n,
	    n == 1 ? "" : "s");
	sf_msg_action(&msg, SF_ACT_AGENDA_NEW);
	sf_judge_for(&j, l, SF_ACT_AGENDA_NEW, by);
	sf_judge_hold(&j, &held, l, m);
	for (i = 0; i < n; i++) {
		if ((rc = step_issue(c, &msg, &j, cand.v[i].is, m, 1)) < 0)
			goto out;
		push_item(m, cand.v[i].id);
	}
	if ((rc = sf_step_meeting(c, &msg, &j, NULL, m)) < 0)
		goto out;
	sf_msg_unit(&msg, by);
	if ((rc = sf_store_commit(l, c, &msg, NULL)) < 0)
		goto out;
	printf("%s\n", m->id);
	warn_quota(&q);
out:
	sf_quota_clear(&q);
	sf_candidates_clear(&cand);
	sf_msg_release(&msg);
	sf_change_free(c);
	sf_meeting_free(m);
	free(rel);
	free(path);
	return rc;
}

static int
cmd_items(struct sf_ledger *l, const struct sf_unit *by, int add, int argc,
    char **argv)
{
	struct sf_msg msg = SF_MSG_INIT;
	struct sf_change *c = NULL;
	struct sf_meeting *m = NULL, *before = NULL;
	struct sf_judge j;
	char *id = NULL;
	size_t k;
	int i, rc;

	if (argc < 2)
		sf_cli_usage_error(&cli, "%s needs a meeting and issues",
		    add ? "add" : "drop");
	if ((rc = sf_meeting_open(l, argv[0], &m)) < 0)
		goto out;
	if (!sf_action_takes(add ? SF_ACT_AGENDA_ADD : SF_ACT_AGENDA_DROP, 1,
	    m->status)) {
		rc = add ? sf_error(SF_EREFUSED, "meeting %s is %s: items are "
		    "added and dropped only while it is a draft", m->id,
		    sf_enum_token(&sf_enum_meeting_status, m->status)) :
		    sf_error(SF_EREFUSED, "meeting %s is %s: items are dropped "
		    "only until its minutes are issued", m->id,
		    sf_enum_token(&sf_enum_meeting_status, m->status));
		goto out;
	}
	c = sf_change_new();
	sf_msg_init(&msg, "agenda %s: %s %d issue%s", m->id, add ? "add" :
	    "drop", argc - 1, argc == 2 ? "" : "s");
	sf_msg_action(&msg, add ? SF_ACT_AGENDA_ADD : SF_ACT_AGENDA_DROP);
	sf_judge_for(&j, l, add ? SF_ACT_AGENDA_ADD : SF_ACT_AGENDA_DROP, by);
	if ((rc = sf_meeting_dup(m, &before)) < 0)
		goto out;
	for (i = 1; i < argc; i++) {
		if ((rc = sf_issue_resolve(l, argv[i], &id)) < 0)
			goto out;
		for (k = 0; k < m->nitems; k++)
			if (strcmp(m->items[k].issue, id) == 0)
				break;
		if (add == (k < m->nitems)) {
			rc = sf_error(SF_EREFUSED, "issue %s is %s the agenda "
			    "of %s", id, add ? _("on") : _("not on"), m->id);
			goto out;
		}
		if ((rc = move_issue(l, c, &msg, &j, id, m, add)) < 0)
			goto out;
		if (add) {
			push_item(m, id);
		} else {
			m->nitems--;
			memmove(&m->items[k], &m->items[k + 1],
			    (m->nitems - k) * sizeof(*m->items));
		}
		free(id);
		id = NULL;
	}
	if ((rc = sf_step_meeting(c, &msg, &j, before, m)) < 0)
		goto out;
	sf_msg_unit(&msg, by);
	rc = sf_store_commit(l, c, &msg, NULL);
out:
	free(id);
	sf_msg_release(&msg);
	sf_change_free(c);
	sf_meeting_free(m);
	sf_meeting_free(before);
	return rc;
}

static int
cmd_step(struct sf_ledger *l, const struct sf_unit *by, int to, int argc,
    char **argv)
{
	struct sf_msg msg = SF_MSG_INIT;
	struct sf_meeting *m = NULL, *before = NULL;
	struct sf_change *c = NULL;
	struct sf_judge j;
	const char *verb = to == SF_MS_PROPOSED ? "propose" : "approve";
	int rc, from;

	if (argc != 1)
		sf_cli_usage_error(&cli, "%s needs one meeting", verb);
	if ((rc = sf_meeting_open(l, argv[0], &m)) < 0)
		goto out;
	from = m->status;
	if (!sf_meeting_status_can(from, to)) {
		rc = sf_error(SF_EREFUSED, "meeting %s is %s: only a %s agenda "
		    "can be %s (Art. 6)", m->id,
		    sf_enum_token(&sf_enum_meeting_status, from),
		    sf_enum_token(&sf_enum_meeting_status, to - 1),
		    to == SF_MS_PROPOSED ? _("proposed") : _("approved"));
		goto out;
	}
	if ((rc = sf_meeting_dup(m, &before)) < 0)
		goto out;
	m->status = to;
	sf_msg_init(&msg, "agenda %s: %s", m->id, to == SF_MS_PROPOSED ?
	    "proposed" : "approved");
	sf_msg_action(&msg, to == SF_MS_PROPOSED ? SF_ACT_AGENDA_PROPOSE :
	    SF_ACT_AGENDA_APPROVE);
	sf_judge_for(&j, l, to == SF_MS_PROPOSED ? SF_ACT_AGENDA_PROPOSE :
	    SF_ACT_AGENDA_APPROVE, by);
	c = sf_change_new();
	if ((rc = sf_step_meeting(c, &msg, &j, before, m)) < 0)
		goto out;
	sf_msg_unit(&msg, by);
	rc = sf_store_commit(l, c, &msg, NULL);
out:
	sf_msg_release(&msg);
	sf_meeting_free(m);
	sf_meeting_free(before);
	sf_change_free(c);
	return rc;
}

static struct sf_node *
str_node(struct sf_arena *a, const char *s)
{
	return s ? sf_node_str(a, s) : sf_node_scalar(a, SF_NULL, "null");
}

static struct sf_node *
show_items(const struct sf_meeting *m, const struct sf_agenda_view *v,
    struct sf_arena *a)
{
	struct sf_node *seq = sf_node_seq(a), *o;
	const struct sf_issue *is;
	size_t i;

	for (i = 0; i < m->nitems; i++) {
		o = sf_node_push(a, seq, sf_node_map(a));
		sf_node_set(a, o, "no", sf_node_int(a, (long long)i + 1));
		sf_node_set(a, o, "issue", sf_node_str(a, m->items[i].issue));
		if (!(is = v->items[i]))
			continue;
		sf_node_set(a, o, "title", str_node(a, is->title));
		sf_node_set(a, o, "submitter", str_node(a, is->submitter));
		sf_node_set(a, o, "subject", str_node(a,
		    sf_enum_token(&sf_enum_subject, is->subject)));
		sf_node_set(a, o, "program", str_node(a,
		    sf_enum_token(&sf_enum_program, is->program)));
		sf_node_set(a, o, "topic", str_node(a,
		    sf_enum_token(&sf_enum_topic, is->topic)));
		sf_node_set(a, o, "priorities", sf_node_enums(a,
		    &sf_enum_priority, is->screening ?
		    is->screening->priorities : 0));
		sf_node_set(a, o, "score", sf_node_int(a, is->screening ?
		    is->screening->score : 0));
		if (m->items[i].deferred)
			sf_node_set(a, o, "deferred", sf_node_bool(a, 1));
	}
	return seq;
}

static struct sf_node *
briefing_node(const struct sf_briefing *b, struct sf_arena *a)
{
	struct sf_node *n = sf_node_map(a), *seq, *o;
	size_t i;

	seq = sf_node_set(a, n, "meetings", sf_node_seq(a));
	for (i = 0; i < b->nm; i++) {
		o = sf_node_push(a, seq, sf_node_map(a));
		sf_node_set(a, o, "id", sf_node_str(a, b->m[i].id));
		sf_node_set(a, o, "date", sf_node_date(a, b->m[i].date));
		sf_node_set(a, o, "coordinated", sf_node_int(a,
		    (long long)b->m[i].coordinated));
		sf_node_set(a, o, "closed", sf_node_int(a,
		    (long long)b->m[i].closed));
		sf_node_set(a, o, "tasks", sf_node_int(a,
		    (long long)b->m[i].tasks));
		sf_node_set(a, o, "tasks_done", sf_node_int(a,
		    (long long)b->m[i].tasks_done));
	}
	seq = sf_node_set(a, n, "overdue", sf_node_seq(a));
	for (i = 0; i < b->no; i++) {
		o = sf_node_push(a, seq, sf_node_map(a));
		sf_node_set(a, o, "issue", sf_node_str(a, b->o[i].issue));
		sf_node_set(a, o, "task", sf_node_int(a, b->o[i].task));
		sf_node_set(a, o, "action", sf_node_str(a, b->o[i].action));
		sf_node_set(a, o, "lead", sf_node_str(a, b->o[i].lead));
		sf_node_set(a, o, "due", sf_node_date(a, b->o[i].due));
		sf_node_set(a, o, "days_overdue", sf_node_int(a,
		    b->o[i].days));
	}
	return n;
}

static struct sf_node *
counts_node(struct sf_arena *a, const struct sf_enum *e, const size_t *v)
{
	struct sf_node *n = sf_node_map(a);
	int i;

	for (i = 0; i < e->n; i++)
		sf_node_set(a, n, sf_enum_token(e, i), sf_node_int(a,
		    (long long)v[i]));
	return n;
}

static struct sf_node *
review_node(const struct sf_review *r, struct sf_arena *a)
{
	struct sf_node *n = sf_node_map(a);

	sf_node_set(a, n, "from", sf_node_date(a, r->from));
	sf_node_set(a, n, "to", sf_node_date(a, r->to));
	sf_node_set(a, n, "total", sf_node_int(a, (long long)r->total));
	sf_node_set(a, n, "by_status", counts_node(a, &sf_enum_status,
	    r->status));
	sf_node_set(a, n, "by_city", counts_node(a, &sf_enum_city, r->city));
	sf_node_set(a, n, "by_subject", counts_node(a, &sf_enum_subject,
	    r->subject));
	sf_node_set(a, n, "by_program", counts_node(a, &sf_enum_program,
	    r->program));
	sf_node_set(a, n, "by_topic", counts_node(a, &sf_enum_topic,
	    r->topic));
	return n;
}

/*
 * show reads the ledger as committed: the meeting from HEAD's tree
 * (lib/committed.h), and its items' issues, the 通报 and the 回头看 from
 * one scan (sf_agenda_view_collect), each file once.
 */
static int
cmd_show(struct sf_ledger *l, const struct sf_unit *by, int argc, char **argv,
    void *ctx)
{
	struct sf_agenda_view v;
	struct sf_meeting *m = NULL;
	struct sf_arena *a = NULL;
	struct sf_buf out = SF_BUF_INIT;
	struct sf_node *n, *seq;
	int rc, json;
	size_t i;

	if (argc != 1)
		sf_cli_usage_error(&cli, "show needs one meeting");
	json = sf_cli_format(&cli) == FMT_JSON;
	memset(&v, 0, sizeof(v));
	if ((rc = sf_committed_meeting_open(l, argv[0], &m)) < 0 ||
	    (rc = sf_agenda_view_collect(l, m, &v)) < 0)
		goto out;
	sf_buf_init(&out);
	if (!json) {
		sf_agenda_md(l, m, &v, &out);
	} else {
		a = sf_arena_new();
		n = sf_node_map(a);
		sf_node_set(a, n, "id", sf_node_str(a, m->id));
		sf_node_set(a, n, "kind", sf_node_str(a,
		    sf_enum_token(&sf_enum_meeting_kind, m->kind)));
		sf_node_set(a, n, "date", sf_node_date(a, m->date));
		sf_node_set(a, n, "status", sf_node_str(a,
		    sf_enum_token(&sf_enum_meeting_status, m->status)));
		sf_node_set(a, n, "convener", str_node(a, m->convener));
		seq = sf_node_set(a, n, "organisers", sf_node_seq(a));
		for (i = 0; i < m->norganisers; i++)
			sf_node_push(a, seq, sf_node_str(a, m->organisers[i]));
		sf_node_set(a, n, "items", show_items(m, &v, a));
		sf_node_set(a, n, "briefing", briefing_node(&v.b, a));
		if (v.review)
			sf_node_set(a, n, "review", review_node(&v.r, a));
		sf_json_emit(n, &out, 2);
		sf_buf_addch(&out, '\n');
	}
	fwrite(out.buf, 1, out.len, stdout);
out:
	sf_buf_release(&out);
	sf_arena_free(a);
	sf_agenda_view_clear(&v);
	sf_meeting_free(m);
	return rc;
}

static void
quota_json(const struct sf_quota *q)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_node *n = sf_node_map(a), *cities, *seq, *cand;
	struct sf_buf out = SF_BUF_INIT;
	size_t i, k;
	int c;

	sf_node_set(a, n, "quarter", sf_node_str(a, q->quarter));
	sf_node_set(a, n, "soe", sf_node_int(a, (long long)q->soe));
	sf_node_set(a, n, "private", sf_node_int(a, (long long)q->private_));
	cities = sf_node_set(a, n, "cities", sf_node_map(a));
	for (c = 0; c < SF_CITY_COUNT; c++)
		sf_node_set(a, cities, sf_enum_token(&sf_enum_city, c),
		    sf_node_int(a, (long long)q->city[c]));
	seq = sf_node_set(a, n, "missing", sf_node_seq(a));
	for (i = 0; i < q->nmissing; i++)
		sf_node_push(a, seq, sf_node_str(a, q->missing[i]));
	cand = sf_node_set(a, n, "candidates", sf_node_map(a));
	for (i = 0; i < q->nmissing; i++) {
		seq = sf_node_set(a, cand, q->missing[i], sf_node_seq(a));
		for (k = 0; k < q->fill[i].n; k++)
			sf_node_push(a, seq, sf_node_str(a,
			    q->fill[i].v[k].id));
	}
	sf_json_emit(n, &out, 2);
	puts(out.buf);
	sf_buf_release(&out);
	sf_arena_free(a);
}

static void
quota_table(struct sf_ledger *l, const struct sf_quota *q)
{
	static const char *const head[] = { "NEED", "COUNT", "MIN", "FILL" };
	struct sf_table *t = sf_table_new(4, head);
	struct sf_buf fill = SF_BUF_INIT;
	char count[16], min[16];
	size_t i, k;
	int c;

	for (c = -2; c < SF_CITY_COUNT; c++) {
		const char *need = c == -2 ? "soe" : c == -1 ? "private" :
		    sf_enum_token(&sf_enum_city, c);
		const char *row[4] = { need, count, min, NULL };

		snprintf(count, sizeof(count), "%zu", c == -2 ? q->soe :
		    c == -1 ? q->private_ : q->city[c]);
		snprintf(min, sizeof(min), "%d", c == -2 ?
		    l->config->quota_soe : c == -1 ? l->config->quota_private :
		    l->config->quota_city);
		sf_buf_reset(&fill);
		for (i = 0; i < q->nmissing; i++)
			if (strcmp(q->missing[i], need) == 0)
				for (k = 0; k < q->fill[i].n; k++)
					sf_buf_addf(&fill, "%s%s", k ? " " : "",
					    q->fill[i].v[k].id);
		row[3] = fill.buf;
		sf_table_add(t, row);
	}
	printf("%s: %zu gap%s\n", q->quarter, q->nmissing,
	    q->nmissing == 1 ? "" : "s");
	sf_table_print(t, stdout, 0);
	sf_table_free(t);
	sf_buf_release(&fill);
}

static int
cmd_quota(struct sf_ledger *l, const struct sf_unit *by, int argc,
    char **argv, void *ctx)
{
	struct sf_quota q;
	int rc, json;

	if (argc != 0 || !opt_quarter)
		sf_cli_usage_error(&cli, "quota needs --quarter");
	json = sf_cli_format(&cli) == FMT_JSON;
	if ((rc = sf_quota_collect(l, opt_quarter, &q)) < 0)
		return rc;
	if (json)
		quota_json(&q);
	else
		quota_table(l, &q);
	sf_quota_clear(&q);
	return 0;
}

/* The verbs that share a function: add and drop, propose and approve. */
static int
cmd_add(struct sf_ledger *l, const struct sf_unit *by, int argc, char **argv,
    void *ctx)
{
	return cmd_items(l, by, 1, argc, argv);
}

static int
cmd_drop(struct sf_ledger *l, const struct sf_unit *by, int argc,
    char **argv, void *ctx)
{
	return cmd_items(l, by, 0, argc, argv);
}

static int
cmd_propose(struct sf_ledger *l, const struct sf_unit *by, int argc,
    char **argv, void *ctx)
{
	return cmd_step(l, by, SF_MS_PROPOSED, argc, argv);
}

static int
cmd_approve(struct sf_ledger *l, const struct sf_unit *by, int argc,
    char **argv, void *ctx)
{
	return cmd_step(l, by, SF_MS_APPROVED, argc, argv);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kind", required_argument, NULL, OPT_KIND },
		{ "date", required_argument, NULL, OPT_DATE },
		{ "max", required_argument, NULL, OPT_MAX },
		{ "quarter", required_argument, NULL, OPT_QUARTER },
		{ NULL, 0, NULL, 0 }
	};
	/* all but show and quota change the ledger: the agenda role */
	static const struct sf_cli_verb verbs[] = {
		{ .name = "new", .run = cmd_new, .need = SF_ROLE_AGENDA },
		{ .name = "add", .run = cmd_add, .need = SF_ROLE_AGENDA },
		{ .name = "drop", .run = cmd_drop, .need = SF_ROLE_AGENDA },
		{ .name = "propose", .run = cmd_propose,
		    .need = SF_ROLE_AGENDA },
		{ .name = "approve", .run = cmd_approve,
		    .need = SF_ROLE_AGENDA },
		{ .name = "show", .run = cmd_show, .need = SF_CLI_READER,
		    .formats = show_formats },
		{ .name = "quota", .run = cmd_quota, .need = SF_CLI_READER,
		    .formats = quota_formats },
		{ .name = NULL }
	};
	const struct sf_cli_verb *v;
	struct sf_ledger *l = NULL;
	const struct sf_unit *by = NULL;
	char *end;
	int opt, rc, ex;

	while ((opt = sf_cli_getopt(&cli, argc, argv, "", longopts)) != -1) {
		switch (opt) {
		case OPT_KIND:
			opt_kind = optarg;
			break;
		case OPT_DATE:
			opt_date = optarg;
			break;
		case OPT_MAX:
			opt_max = strtol(optarg, &end, 10);
			if (*end || opt_max < 0 || opt_max > 1000)
				sf_cli_usage_error(&cli, "--max takes a number "
				    "from 0 to 1000");
			break;
		case OPT_QUARTER:
			opt_quarter = optarg;
			break;
		default:
			sf_cli_usage_error(&cli, "unexpected option");
		}
	}
	v = sf_cli_verb_find(&cli, verbs, argc, argv);
	/* usage first: nothing is open yet */
	if (v->run == cmd_new && (!opt_kind || !opt_date))
		sf_cli_usage_error(&cli, "new needs --kind and --date");

	if ((rc = sf_cli_open(&cli, v->need, &l, &by)) < 0 ||
	    (rc = v->run(l, by, argc - optind, argv + optind, NULL)) < 0)
		goto fail;
	ex = 0;
	goto out;
fail:
	ex = sf_cli_fail(&cli, rc);
out:
	/* an issue file that does not read may be one the agenda lacks */
	if (sf_cli_scan_problems(&cli, l) && ex == 0)
		ex = 1;
	sf_ledger_free(l);
	return ex;
}
