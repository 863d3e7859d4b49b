/*
 * sanfen-progress — 落实情况 on one task of a coordinated issue: a dated
 * note, and the task marked done when it is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "enums.h"
#include "error.h"
#include "issue.h"
#include "issue_step.h"
#include "ledger.h"
#include "lifecycle.h"
#include "query.h"
#include "write.h"

static const char usage_text[] =
    "usage: sanfen-progress [-C dir] [--as unit] --note text "
    "[--done [date]] id task\n";

enum { OPT_NOTE = 0x100, OPT_DONE };

/* The task's lead or supporting units, or an organiser, report on it. */
static int
may_report(const struct sf_task *t, const struct sf_unit *u)
{
	size_t i;

	if (!u)
		return sf_error(SF_EREFUSED, "no acting unit: use --as UNIT, "
		    "set SANFEN_UNIT, or git config sanfen.unit UNIT");
	if (u->roles || (t->lead && strcmp(t->lead, u->id) == 0))
		return 0;
	for (i = 0; i < t->nsupport; i++)
		if (strcmp(t->support[i], u->id) == 0)
			return 0;
	return sf_error(SF_EREFUSED, "unit '%s' is neither lead nor support "
	    "of task %d (lead: %s)", u->id, t->no, t->lead);
}

static struct sf_task *
find_task(struct sf_issue *is, const char *arg)
{
	char *end;
	long no = strtol(arg, &end, 10);
	size_t i;

	if (*end || no <= 0)
		return NULL;
	for (i = 0; i < is->ntasks; i++)
		if (is->tasks[i].no == no)
			return &is->tasks[i];
	return NULL;
}

static void
add_note(struct sf_issue *is, struct sf_task *t, const char *date,
    const char *note)
{
	struct sf_note *v = sf_arena_alloc(is->arena,
	    (t->nprogress + 1) * sizeof(*v));

	if (t->nprogress)
		memcpy(v, t->progress, t->nprogress * sizeof(*v));
	v[t->nprogress].date = sf_arena_strdup(is->arena, date);
	v[t->nprogress].note = sf_arena_strdup(is->arena, note);
	t->progress = v;
	t->nprogress++;
}

int
main(int argc, char **argv)
{
	struct sf_cli cli = { "sanfen-progress", usage_text, SF_CLI_AS, NULL,
		NULL, NULL, NULL };
	static const struct option longopts[] = {
		{ "note", required_argument, NULL, OPT_NOTE },
		{ "done", optional_argument, NULL, OPT_DONE },
		{ NULL, 0, NULL, 0 }
	};
	struct sf_issue_step s = SF_ISSUE_STEP_INIT;
	struct sf_issue *is;
	struct sf_task *t;
	const char *note = NULL, *done_date = NULL;
	int opt, rc, done = 0, ex = 1;

	while ((opt = sf_cli_getopt(&cli, argc, argv, "", longopts)) != -1) {
		switch (opt) {
		case OPT_NOTE:
			note = optarg;
			break;
		case OPT_DONE:
			done = 1;
			/* "--done 2024-11-20" as well as "--done=2024-11-20" */
			if (optarg)
				done_date = optarg;
			else if (optind < argc && sf_date_valid(argv[optind]))
				done_date = argv[optind++];
			break;
		default:
			sf_cli_usage_error(&cli, "unexpected option");
		}
	}
	if (argc - optind != 2)
		sf_cli_usage_error(&cli, "name an issue and a task number");
	if (!note || !*note)
		sf_cli_usage_error(&cli, "--note is required");
	if (done_date && !sf_date_valid(done_date)) {
		sf_cli_error(&cli, "--done: invalid date '%s'", done_date);
		return 1;
	}

	/* the task's units or an organiser report: may_report judges */
	if ((rc = sf_issue_step_open(&s, &cli, SF_CLI_WRITER,
	    argv[optind])) < 0)
		goto fail;
	is = s.is;
	if (!sf_action_takes(SF_ACT_PROGRESS, 0, is->status)) {
		rc = sf_error(SF_EREFUSED, "issue %s is %s: progress is "
		    "reported on coordinated issues", s.id,
		    sf_enum_token(&sf_enum_status, is->status));
		goto fail;
	}
	if (!(t = find_task(is, argv[optind + 1]))) {
		rc = sf_error(SF_ENOTFOUND, "issue %s has no task '%s'", s.id,
		    argv[optind + 1]);
		goto fail;
	}
	if ((rc = may_report(t, s.acting)) < 0)
		goto fail;
	if (done && t->status == SF_TASK_DONE) {
		rc = sf_error(SF_EREFUSED, "task %d of %s is already done "
		    "(%s)", t->no, s.id, t->done);
		goto fail;
	}
	add_note(is, t, s.l->today, note);
	if (done) {
		t->status = SF_TASK_DONE;
		t->done = sf_arena_strdup(is->arena, done_date ? done_date :
		    s.l->today);
	}
	sf_msg_init(&s.msg, "progress %s task %d: %s%s", s.id, t->no,
	    done ? "done; " : "", note);
	if ((rc = sf_issue_step_take(&s, SF_ACT_PROGRESS)) < 0)
		goto fail;
	sf_msg_trailer(&s.msg, SF_TR_TASK, "%d%s", t->no,
	    done ? " done" : "");
	if ((rc = sf_issue_step_commit(&s)) < 0)
		goto fail;
	printf("%s task %d %s\n", s.id, t->no, t->status == SF_TASK_DONE ?
	    "done" : "open");
	ex = 0;
	goto out;
fail:
	ex = sf_cli_fail(&cli, rc);
out:
	sf_issue_step_release(&s);
	return ex;
}
