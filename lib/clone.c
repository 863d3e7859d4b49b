#include <string.h>

#include "clone.h"
#include "error.h"
#include "i18n.h"

int
sf_clone_idle(git_repository *repo, int merge_ok)
{
	switch (git_repository_state(repo)) {
	case GIT_REPOSITORY_STATE_NONE:
		return 0;
	case GIT_REPOSITORY_STATE_MERGE:
		if (merge_ok)
			return 0;
		return sf_error(SF_EREFUSED, "a merge is in progress in this "
		    "clone (git pull or git merge stopped); finish it with "
		    "sanfen-sync, which merges the ledger field by field "
		    "(--resolve settles a conflict), or give it up with git "
		    "merge --abort");
	case GIT_REPOSITORY_STATE_REVERT:
	case GIT_REPOSITORY_STATE_REVERT_SEQUENCE:
		return sf_error(SF_EREFUSED, "a git revert is in progress in "
		    "this clone; finish it with git revert --continue, or "
		    "give it up with git revert --abort");
	case GIT_REPOSITORY_STATE_CHERRYPICK:
	case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE:
		return sf_error(SF_EREFUSED, "a git cherry-pick is in progress "
		    "in this clone; finish it with git cherry-pick --continue, "
		    "or give it up with git cherry-pick --abort");
	case GIT_REPOSITORY_STATE_BISECT:
		return sf_error(SF_EREFUSED, "a git bisect is in progress in "
		    "this clone; end it with git bisect reset");
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE:
		return sf_error(SF_EREFUSED, "a git am is in progress in this "
		    "clone; finish it with git am --continue, or give it up "
		    "with git am --abort");
	default:
		return sf_error(SF_EREFUSED, "a rebase is in progress in this "
		    "clone (git pull --rebase or git rebase stopped); finish "
		    "it with git rebase --continue, or give it up with git "
		    "rebase --abort");
	}
}

static int
merge_head_cb(const git_oid *id, void *payload)
{
	git_oid *out = payload;

	if (!git_oid_is_zero(out))
		return 1;	/* an octopus */
	git_oid_cpy(out, id);
	return 0;
}

int
sf_clone_merge_head(git_repository *repo, git_oid *out)
{
	memset(out, 0, sizeof(*out));
	if (git_repository_mergehead_foreach(repo, merge_head_cb, out) != 0 ||
	    git_oid_is_zero(out))
		return -1;
	return 0;
}

int
sf_clone_set_driver(git_repository *repo)
{
	git_config *cfg = NULL;
	int rc = 0;

	if (git_repository_config(&cfg, repo) < 0)
		return sf_error_git("cannot read the git config");
	if (git_config_set_string(cfg, "merge.sanfen.name",
	    "sanfen field-level merge") < 0 ||
	    git_config_set_string(cfg, "merge.sanfen.driver",
	    SF_CLONE_DRIVER) < 0)
		rc = sf_error_git("cannot set merge.sanfen.driver");
	git_config_free(cfg);
	return rc;
}

int
sf_clone_ensure_driver(git_repository *repo)
{
	git_config *snap = NULL;
	const char *v = NULL;
	int have, rc;

	if (git_repository_config_snapshot(&snap, repo) < 0)
		return sf_error_git("cannot read the git config");
	/* one the user set by hand, to another command, is theirs */
	have = git_config_get_string(&v, snap, "merge.sanfen.driver") == 0 &&
	    v && *v;
	git_config_free(snap);
	if (have)
		return 0;
	rc = sf_clone_set_driver(repo);
	return rc < 0 ? rc : 1;
}
