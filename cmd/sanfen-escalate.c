/*
 * sanfen-escalate — Art. 11: a coordinated issue the meeting could not
 * settle goes to the provincial leaders, or to a special meeting.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "enums.h"
#include "error.h"
#include "issue.h"
#include "issue_step.h"
#include "ledger.h"
#include "lifecycle.h"
#include "query.h"
#include "write.h"

static const char usage_text[] =
    "usage: sanfen-escalate [-C dir] [--as unit] --to leader|special-meeting"
    "\n           --reason text id\n";

enum { OPT_TO = 0x100, OPT_REASON };

int
main(int argc, char **argv)
{
	struct sf_cli cli = { "sanfen-escalate", usage_text, SF_CLI_AS, NULL,
		NULL, NULL, NULL };
	static const struct option longopts[] = {
		{ "to", required_argument, NULL, OPT_TO },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ NULL, 0, NULL, 0 }
	};
	struct sf_issue_step s = SF_ISSUE_STEP_INIT;
	struct sf_issue *is;
	const char *reason = NULL, *to_arg = NULL;
	int opt, rc, to, ex = 1;

	while ((opt = sf_cli_getopt(&cli, argc, argv, "", longopts)) != -1) {
		switch (opt) {
		case OPT_TO:
			to_arg = optarg;
			break;
		case OPT_REASON:
			reason = optarg;
			break;
		default:
			sf_cli_usage_error(&cli, "unexpected option");
		}
	}
	if (argc - optind != 1)
		sf_cli_usage_error(&cli, "name one issue");
	if (!to_arg || !reason || !*reason)
		sf_cli_usage_error(&cli, "--to and --reason are required");
	if ((to = sf_enum_lookup(&sf_enum_escalate_to, to_arg)) < 0) {
		sf_cli_error(&cli, "unknown escalation '%s' (expected leader, "
		    "special-meeting)", to_arg);
		return 1;
	}

	if ((rc = sf_issue_step_open(&s, &cli, SF_ROLE_SUPERVISE,
	    argv[optind])) < 0)
		goto fail;
	is = s.is;
	if (!sf_action_takes(SF_ACT_ESCALATE, 0, is->status)) {
		rc = sf_error(SF_EREFUSED, "issue %s is %s: only a coordinated "
		    "issue is escalated (Art. 11)", s.id,
		    sf_enum_token(&sf_enum_status, is->status));
		goto fail;
	}
	is->escalation = sf_arena_alloc(is->arena, sizeof(*is->escalation));
	is->escalation->to = to;
	is->escalation->date = sf_arena_strdup(is->arena, s.l->today);
	is->escalation->reason = sf_arena_strdup(is->arena, reason);
	is->status = SF_ST_ESCALATED;
	sf_msg_init(&s.msg, "escalate %s: %s", s.id,
	    sf_enum_zh(&sf_enum_escalate_to, to));
	sf_msg_body(&s.msg, reason);
	if ((rc = sf_issue_step_take(&s, SF_ACT_ESCALATE)) < 0 ||
	    (rc = sf_issue_step_commit(&s)) < 0)
		goto fail;
	printf("%s escalated\n", s.id);
	ex = 0;
	goto out;
fail:
	ex = sf_cli_fail(&cli, rc);
out:
	sf_issue_step_release(&s);
	return ex;
}
