/*
 * sanfen-minutes — Art. 10: record what the meeting decided, render the
 * 会议纪要代拟稿 with its 事项落实责任清单, approve it, and issue it in the
 * name of both task forces, which applies the decisions and tasks to the
 * issues in one commit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agenda.h"
#include "buf.h"
#include "cli.h"
#include "doc.h"
#include "enums.h"
#include "error.h"
#include "i18n.h"
#include "issue.h"
#include "ledger.h"
#include "lifecycle.h"
#include "meeting.h"
#include "minutes.h"
#include "query.h"
#include "store.h"
#include "write.h"
#include "yamlio.h"

static const char usage_text[] =
    "usage: sanfen-minutes [-C dir] [--as unit] record meeting [-F file]\n"
    "       sanfen-minutes [-C dir] render meeting "
    "[--format md|html|docx] [-o file]\n"
    "       sanfen-minutes [-C dir] [--as unit] approve meeting\n"
    "       sanfen-minutes [-C dir] [--as unit] issue meeting "
    "[--number number]\n";

enum { OPT_NUMBER = 0x100 };

/* render's formats */
static const char *const formats[] = { "md", "html", "docx", NULL };
enum { FMT_MD, FMT_HTML, FMT_DOCX };

static struct sf_cli cli = { .name = "sanfen-minutes", .usage = usage_text,
	.flags = SF_CLI_AS | SF_CLI_FORMAT };
static const char *opt_file, *opt_out, *opt_number;

static int
need_status(const struct sf_meeting *m, int action, int want,
    const char *what)
{
	if (sf_action_takes(action, 1, m->status))
		return 0;
	return sf_error(SF_EREFUSED, "meeting %s is %s: %s needs it %s (Art. "
	    "10)", m->id, sf_enum_token(&sf_enum_meeting_status, m->status),
	    what, sf_enum_token(&sf_enum_meeting_status, want));
}

/* The meeting's step (before -> m) judged, added to c (NULL: a commit
 * of the meeting alone) and committed. */
static int
commit_step(struct sf_ledger *l, struct sf_change *c, struct sf_msg *msg,
    struct sf_judge *j, const struct sf_meeting *before,
    const struct sf_meeting *m, const struct sf_unit *by)
{
	struct sf_change *own = c ? NULL : sf_change_new();
	int rc;

	if ((rc = sf_step_meeting(c ? c : own, msg, j, before, m)) == 0) {
		sf_msg_unit(msg, by);
		rc = sf_store_commit(l, c ? c : own, msg, NULL);
	}
	sf_change_free(own);
	return rc;
}

/* The record input: -F file, -F -, or $EDITOR on a template. */
static int
read_record(struct sf_ledger *l, const struct sf_meeting *m,
    struct sf_buf *text, char *tmpl, size_t size)
{
	struct sf_buf t = SF_BUF_INIT;
	int rc;

	if (opt_file) {
		rc = strcmp(opt_file, "-") == 0 ?
		    sf_buf_read_fd(text, 0, SF_MEETING_MAX_BYTES) :
		    sf_buf_read_stream(text, opt_file, SF_MEETING_MAX_BYTES);
		if (rc < 0)
			return sf_error_errno("%s", opt_file);
		return 0;
	}
	if (!isatty(0) || !isatty(2))
		sf_cli_usage_error(&cli, "record needs -F FILE without a "
		    "terminal");
	sf_minutes_template(l, m, &t);
	rc = sf_cli_edit(&cli, t.buf, ".yaml", text, tmpl, size);
	sf_buf_release(&t);
	if (rc < 0)
		exit(1);
	if (sf_cli_blank_yaml(text->buf))
		return sf_error(SF_EINVALID, "aborting: the minutes are empty");
	return 0;
}

static int
cmd_record(struct sf_ledger *l, const struct sf_unit *by, int argc, char **argv,
    void *ctx)
{
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_msg msg = SF_MSG_INIT;
	struct sf_buf text = SF_BUF_INIT;
	struct sf_arena *a = sf_arena_new();
	struct sf_node *root;
	const char *name;
	struct sf_meeting *before = NULL;
	struct sf_meeting *m = ctx;
	struct sf_judge j;
	char tmpl[4096] = "";
	int rc;

	if ((rc = need_status(m, SF_ACT_MINUTES_RECORD, SF_MS_APPROVED,
	    _("recording the minutes"))) < 0 ||
	    (rc = sf_meeting_dup(m, &before)) < 0 ||
	    (rc = read_record(l, m, &text, tmpl, sizeof(tmpl))) < 0)
		goto out;
	name = *tmpl ? tmpl : strcmp(opt_file, "-") ? opt_file : "<stdin>";
	if ((rc = sf_yaml_load(a, name, text.buf, text.len,
	    &sf_yaml_meeting_limits, 0, &root)) < 0)
		goto out;
	if ((rc = sf_minutes_record(m, name, root, l->units, &d)) < 0) {
		sf_cli_diags(&cli, &d);
		rc = sf_error(SF_EINVALID, "the minutes were not recorded%s%s",
		    *tmpl ? _("; your text is in ") : "", tmpl);
		goto out;
	}
	m->status = SF_MS_HELD;
	sf_msg_init(&msg, "minutes %s: recorded", m->id);
	sf_msg_action(&msg, SF_ACT_MINUTES_RECORD);
	sf_judge_for(&j, l, SF_ACT_MINUTES_RECORD, by);
	if ((rc = commit_step(l, NULL, &msg, &j, before, m, by)) == 0 &&
	    *tmpl)
		unlink(tmpl);
out:
	sf_meeting_free(before);
	sf_diags_clear(&d);
	sf_msg_release(&msg);
	sf_buf_release(&text);
	sf_arena_free(a);
	return rc;
}

static int
cmd_render(struct sf_ledger *l, const struct sf_unit *by, int argc,
    char **argv, void *ctx)
{
	struct sf_meeting *m = ctx;
	struct sf_briefing b;
	struct sf_doc doc;
	struct sf_buf out = SF_BUF_INIT;
	FILE *fp;
	int rc;

	if (m->status < SF_MS_HELD)
		return sf_error(SF_EREFUSED, "meeting %s is %s: record the "
		    "minutes first", m->id,
		    sf_enum_token(&sf_enum_meeting_status, m->status));
	if ((rc = sf_briefing_collect(l, m->held, &b)) < 0)
		return rc;
	sf_doc_init(&doc);
	sf_minutes_doc(l, m, &b, &doc);
	if (sf_cli_format(&cli) == FMT_DOCX) {
		rc = sf_doc_docx(&doc, opt_out);
		goto out;
	}
	if (sf_cli_format(&cli) == FMT_MD)
		sf_doc_md(&doc, &out);
	else
		sf_doc_html(&doc, l->config->doc_title, &out);
	fp = opt_out ? fopen(opt_out, "w") : stdout;
	if (!fp) {
		rc = sf_error_errno("cannot write %s", opt_out);
		goto out;
	}
	if (fwrite(out.buf, 1, out.len, fp) != out.len ||
	    (fp != stdout && fclose(fp) != 0))
		rc = sf_error_errno("cannot write %s", opt_out ? opt_out :
		    "the output");
out:
	sf_buf_release(&out);
	sf_doc_release(&doc);
	sf_briefing_clear(&b);
	return rc;
}

static int
cmd_approve(struct sf_ledger *l, const struct sf_unit *by, int argc,
    char **argv, void *ctx)
{
	struct sf_msg msg = SF_MSG_INIT;
	struct sf_meeting *before = NULL;
	struct sf_meeting *m = ctx;
	struct sf_judge j;
	int rc;

	if ((rc = need_status(m, SF_ACT_MINUTES_APPROVE, SF_MS_HELD,
	    _("approval"))) < 0 ||
	    (rc = sf_meeting_dup(m, &before)) < 0)
		return rc;
	m->status = SF_MS_MINUTES_APPROVED;
	m->approved = sf_arena_strdup(m->arena, l->today);
	sf_msg_init(&msg, "minutes %s: approved", m->id);
	sf_msg_action(&msg, SF_ACT_MINUTES_APPROVE);
	sf_judge_for(&j, l, SF_ACT_MINUTES_APPROVE, by);
	rc = commit_step(l, NULL, &msg, &j, before, m, by);
	sf_meeting_free(before);
	sf_msg_release(&msg);
	return rc;
}

/* Issued minutes: decisions and tasks onto the issues (or back to
 * accepted when deferred), all in the one commit with the meeting. The
 * issue is read once: what was read is the change's "before", a copy of
 * it what the minutes make of it. */
static int
apply_item(struct sf_ledger *l, struct sf_change *c, struct sf_msg *msg,
    struct sf_judge *j, const struct sf_meeting *m, const struct sf_item *it)
{
	struct sf_issue *before = NULL, *is = NULL;
	size_t t;
	int rc;

	if ((rc = sf_ledger_load_issue(l, it->issue, &before)) < 0)
		return rc;
	if (!sf_action_takes(SF_ACT_MINUTES_ISSUE, 0, before->status) ||
	    !sf_issue_scheduled_for(before, m->id)) {
		/* withdrawn or closed meanwhile (a merge can do that): the
		 * item goes, by the table's SF_ONLY_DEAD_ITEMS row */
		rc = sf_error(SF_EREFUSED, "issue %s is %s, not scheduled for "
		    "%s: drop its item first with sanfen-agenda drop %s %s, "
		    "then issue the minutes", it->issue,
		    sf_enum_token(&sf_enum_status, before->status), m->id,
		    m->id, it->issue);
		goto out;
	}
	if ((rc = sf_issue_dup(before, &is)) < 0)
		goto out;
	if (it->deferred) {
		is->status = SF_ST_ACCEPTED;
		is->meeting = NULL;
	} else {
		is->status = SF_ST_COORDINATED;
		is->decision = sf_arena_strdup(is->arena, it->decision);
		sf_issue_set_tasks(is, it->tasks, it->ntasks);
		for (t = 0; t < is->ntasks; t++)
			is->tasks[t].status = SF_TASK_OPEN;
	}
	rc = sf_step_issue(c, msg, j, before, is);
out:
	sf_issue_free(before);
	sf_issue_free(is);
	return rc;
}

/* The n of the next number this year: one more than the minutes issued.
 * The meeting being issued is not read again: its minutes are not issued
 * yet, so it does not count. */
struct count {
	struct sf_ledger *l;
	const char *year;
	const char *self;
	int n;
};

static int
count_issued(const char *rel, const char *id, void *ctx)
{
	struct count *c = ctx;
	struct sf_meeting *m;

	if (!id || strncmp(id, c->year, 4) != 0 || strcmp(id, c->self) == 0 ||
	    sf_ledger_load_meeting(c->l, id, &m) < 0)
		return 0;
	c->n += m->status == SF_MS_ISSUED && m->issued &&
	    strncmp(m->issued, c->year, 4) == 0;
	sf_meeting_free(m);
	return 0;
}

/*
 * Issuing reads the work tree, as the other verbs do: the meeting main()
 * opened, each of its items' issues and the meetings of the year (for
 * the number), each file once. The commit refuses a touched file that
 * differs from HEAD (lib/store.c), so what is written was read from the
 * ledger as committed too.
 */
static int
cmd_issue(struct sf_ledger *l, const struct sf_unit *by, int argc, char **argv,
    void *ctx)
{
	struct sf_msg msg = SF_MSG_INIT;
	struct sf_change *c = NULL;
	struct count cnt;
	char year[5], *number = NULL;
	size_t i, ncoord = 0, ndef = 0;
	struct sf_meeting *before = NULL;
	struct sf_meeting *m = ctx;
	struct sf_judge_held held;
	struct sf_judge j;
	int rc;

	if ((rc = need_status(m, SF_ACT_MINUTES_ISSUE,
	    SF_MS_MINUTES_APPROVED, _("issuing"))) < 0 ||
	    (rc = sf_meeting_dup(m, &before)) < 0)
		return rc;
	snprintf(year, sizeof(year), "%.4s", l->today);
	if (!opt_number) {
		cnt.l = l;
		cnt.year = year;
		cnt.self = m->id;
		cnt.n = 1;
		sf_meetings_walk(l, count_issued, &cnt);
		number = sf_minutes_number(l->config->doc_number_format, year,
		    cnt.n);
	}
	m->number = sf_arena_strdup(m->arena, opt_number ? opt_number :
	    number);
	m->issued = sf_arena_strdup(m->arena, l->today);
	m->status = SF_MS_ISSUED;
	c = sf_change_new();
	for (i = 0; i < m->nitems; i++) {
		ncoord += !m->items[i].deferred;
		ndef += m->items[i].deferred;
	}
	sf_msg_init(&msg, "minutes %s: issued %s, %zu coordinated, %zu "
	    "deferred", m->id, m->number, ncoord, ndef);
	sf_msg_action(&msg, SF_ACT_MINUTES_ISSUE);
	sf_judge_for(&j, l, SF_ACT_MINUTES_ISSUE, by);
	/* the issues follow the meeting as it stood: not issued yet */
	sf_judge_hold(&j, &held, l, before);
	for (i = 0; i < m->nitems; i++)
		if ((rc = apply_item(l, c, &msg, &j, m, &m->items[i])) < 0)
			goto out;
	if ((rc = commit_step(l, c, &msg, &j, before, m, by)) == 0)
		printf("%s %s\n", m->id, m->number);
out:
	sf_meeting_free(before);
	free(number);
	sf_msg_release(&msg);
	sf_change_free(c);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "file", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "number", required_argument, NULL, OPT_NUMBER },
		{ NULL, 0, NULL, 0 }
	};
	/* each on one meeting, opened here; all but render write */
	static const struct sf_cli_verb verbs[] = {
		{ .name = "record", .run = cmd_record,
		    .need = SF_ROLE_MINUTES },
		{ .name = "render", .run = cmd_render, .need = SF_CLI_READER,
		    .formats = formats },
		{ .name = "approve", .run = cmd_approve,
		    .need = SF_ROLE_MINUTES },
		{ .name = "issue", .run = cmd_issue, .need = SF_ROLE_MINUTES },
		{ .name = NULL }
	};
	const struct sf_cli_verb *v;
	struct sf_ledger *l = NULL;
	struct sf_meeting *m = NULL;
	const struct sf_unit *by = NULL;
	int opt, rc, ex;

	while ((opt = sf_cli_getopt(&cli, argc, argv, "F:o:", longopts)) !=
	    -1) {
		switch (opt) {
		case 'F':
			opt_file = optarg;
			break;
		case 'o':
			opt_out = optarg;
			break;
		case OPT_NUMBER:
			opt_number = optarg;
			break;
		default:
			sf_cli_usage_error(&cli, "unexpected option");
		}
	}
	if (argc - optind != 2)
		sf_cli_usage_error(&cli, "give a verb and a meeting");
	v = sf_cli_verb_find(&cli, verbs, argc, argv);
	/* usage first: nothing is open yet */
	if (v->run == cmd_render && sf_cli_format(&cli) == FMT_DOCX &&
	    !opt_out)
		sf_cli_usage_error(&cli, "--format docx needs -o FILE");

	if ((rc = sf_cli_open(&cli, v->need, &l, &by)) < 0 ||
	    (rc = sf_meeting_open(l, argv[optind], &m)) < 0)
		goto out;
	rc = v->run(l, by, argc - optind, argv + optind, m);
out:
	ex = rc < 0 ? sf_cli_fail(&cli, rc) : 0;
	if (sf_cli_scan_problems(&cli, l) && ex == 0)
		ex = 1;
	sf_meeting_free(m);
	sf_ledger_free(l);
	return ex;
}
