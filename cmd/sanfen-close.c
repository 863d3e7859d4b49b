/*
 * sanfen-close — close an issue for one of the reasons of Art. 13, or
 * withdraw one that has not been coordinated yet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "enums.h"
#include "error.h"
#include "i18n.h"
#include "issue.h"
#include "issue_step.h"
#include "ledger.h"
#include "lifecycle.h"
#include "query.h"
#include "write.h"

static const char usage_text[] =
    "usage: sanfen-close [-C dir] [--as unit] --reason reason [--note text]"
    " id\n"
    "       sanfen-close [-C dir] [--as unit] --withdraw --note text id\n";

enum { OPT_REASON = 0x100, OPT_NOTE, OPT_WITHDRAW };

/* Why Art. 13 forbids closing is as it stands, or 0. */
static int
may_close(const struct sf_ledger *l, const struct sf_issue *is, int reason,
    const char *note)
{
	size_t t;

	if (!sf_action_takes(SF_ACT_CLOSE, 0, is->status))
		return sf_error(SF_EREFUSED, "issue %s is %s: only coordinated "
		    "or escalated issues are closed (withdraw one that was "
		    "not coordinated with --withdraw)", is->id,
		    sf_enum_token(&sf_enum_status, is->status));
	if (!(l->config->closure_reasons & (1u << reason)))
		return sf_error(SF_EREFUSED, "closure reason '%s' is not "
		    "allowed by the ledger's rules (closure_reasons)",
		    sf_enum_token(&sf_enum_reason, reason));
	if (reason == SF_RS_RESOLVED) {
		for (t = 0; t < is->ntasks; t++)
			if (is->tasks[t].status != SF_TASK_DONE)
				return sf_error(SF_EREFUSED, "issue %s cannot "
				    "be closed as resolved: task %d is not "
				    "done (Art. 13)", is->id,
				    is->tasks[t].no);
	} else if (!note || !*note) {
		return sf_error(SF_EREFUSED, "closing as '%s' needs --note "
		    "saying why (Art. 13)",
		    sf_enum_token(&sf_enum_reason, reason));
	}
	return 0;
}

static int
may_withdraw(const struct sf_issue *is, const struct sf_unit *acting)
{
	if (!sf_action_takes(SF_ACT_WITHDRAW, 0, is->status))
		return sf_error(SF_EREFUSED, "issue %s is %s: only submitted "
		    "or accepted issues are withdrawn%s", is->id,
		    sf_enum_token(&sf_enum_status, is->status),
		    is->status == SF_ST_SCHEDULED ? _(" (drop it from the "
		    "agenda first)") : "");
	if (!acting)
		return sf_error(SF_EREFUSED, "no acting unit: use --as UNIT, "
		    "set SANFEN_UNIT, or git config sanfen.unit UNIT");
	if (strcmp(acting->id, is->submitter) != 0 &&
	    !(acting->roles & (1u << SF_ROLE_CLOSE)))
		return sf_error(SF_EREFUSED, "unit '%s' may withdraw only its "
		    "own issues", acting->id);
	return 0;
}

int
main(int argc, char **argv)
{
	struct sf_cli cli = { "sanfen-close", usage_text, SF_CLI_AS, NULL,
		NULL, NULL, NULL };
	static const struct option longopts[] = {
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "note", required_argument, NULL, OPT_NOTE },
		{ "withdraw", no_argument, NULL, OPT_WITHDRAW },
		{ NULL, 0, NULL, 0 }
	};
	struct sf_issue_step s = SF_ISSUE_STEP_INIT;
	struct sf_issue *is;
	const char *note = NULL, *reason_arg = NULL;
	int opt, rc, withdraw = 0, reason = -1, ex = 1;

	while ((opt = sf_cli_getopt(&cli, argc, argv, "", longopts)) != -1) {
		switch (opt) {
		case OPT_REASON:
			reason_arg = optarg;
			break;
		case OPT_NOTE:
			note = optarg;
			break;
		case OPT_WITHDRAW:
			withdraw = 1;
			break;
		default:
			sf_cli_usage_error(&cli, "unexpected option");
		}
	}
	if (argc - optind != 1)
		sf_cli_usage_error(&cli, "name one issue");
	if (withdraw == (reason_arg != NULL))
		sf_cli_usage_error(&cli, "give --reason or --withdraw");
	if (withdraw && (!note || !*note))
		sf_cli_usage_error(&cli, "--withdraw needs --note");
	if (reason_arg && (reason = sf_enum_lookup(&sf_enum_reason,
	    reason_arg)) < 0) {
		sf_cli_error(&cli, "unknown reason '%s' (expected resolved, "
		    "national, regulation, reality, infeasible)", reason_arg);
		return 1;
	}

	/* its submitter withdraws an issue, without the role: may_withdraw */
	if ((rc = sf_issue_step_open(&s, &cli, withdraw ? SF_CLI_WRITER :
	    SF_ROLE_CLOSE, argv[optind])) < 0 ||
	    (rc = withdraw ? may_withdraw(s.is, s.acting) :
	    may_close(s.l, s.is, reason, note)) < 0)
		goto fail;
	is = s.is;
	if (withdraw) {
		is->withdrawal = sf_arena_alloc(is->arena,
		    sizeof(*is->withdrawal));
		is->withdrawal->date = sf_arena_strdup(is->arena, s.l->today);
		is->withdrawal->note = sf_arena_strdup(is->arena, note);
		is->status = SF_ST_WITHDRAWN;
		sf_msg_init(&s.msg, "withdraw %s: %s", s.id, note);
	} else {
		is->closure = sf_arena_alloc(is->arena, sizeof(*is->closure));
		is->closure->date = sf_arena_strdup(is->arena, s.l->today);
		is->closure->reason = reason;
		is->closure->note = sf_arena_strdup(is->arena, note && *note ?
		    note : NULL);
		is->status = SF_ST_CLOSED;
		sf_msg_init(&s.msg, "close %s: %s (%s)", s.id,
		    sf_enum_token(&sf_enum_reason, reason),
		    sf_enum_zh(&sf_enum_reason, reason));
		if (note && *note)
			sf_msg_body(&s.msg, note);
	}
	if ((rc = sf_issue_step_take(&s, withdraw ? SF_ACT_WITHDRAW :
	    SF_ACT_CLOSE)) < 0 || (rc = sf_issue_step_commit(&s)) < 0)
		goto fail;
	printf("%s %s\n", s.id, sf_enum_token(&sf_enum_status, is->status));
	ex = 0;
	goto out;
fail:
	ex = sf_cli_fail(&cli, rc);
out:
	sf_issue_step_release(&s);
	return ex;
}
