#include <stdlib.h>

#include "issue_step.h"
#include "query.h"

int
sf_issue_step_open(struct sf_issue_step *s, const struct sf_cli *cli,
    int need, const char *arg)
{
	int rc;

	if ((rc = sf_cli_open(cli, need, &s->l, &s->acting)) < 0 ||
	    (rc = sf_issue_resolve(s->l, arg, &s->id)) < 0 ||
	    (rc = sf_ledger_load_issue(s->l, s->id, &s->is)) < 0)
		return rc;
	return sf_issue_dup(s->is, &s->before);
}

int
sf_issue_step_take(struct sf_issue_step *s, int action)
{
	sf_msg_action(&s->msg, action);
	sf_judge_for(&s->j, s->l, action, s->acting);
	s->c = sf_change_new();
	return sf_step_issue(s->c, &s->msg, &s->j, s->before, s->is);
}

int
sf_issue_step_commit(struct sf_issue_step *s)
{
	sf_msg_unit(&s->msg, s->acting);
	return sf_store_commit(s->l, s->c, &s->msg, NULL);
}

void
sf_issue_step_release(struct sf_issue_step *s)
{
	sf_msg_release(&s->msg);
	sf_change_free(s->c);
	free(s->id);
	sf_issue_free(s->is);
	sf_issue_free(s->before);
	sf_ledger_free(s->l);
}
