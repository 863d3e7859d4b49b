#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"
#include "clone.h"
#include "error.h"
#include "gitlock.h"
#include "i18n.h"
#include "issue.h"
#include "ledger.h"
#include "meeting.h"
#include "store.h"
#include "xalloc.h"

static int
is_ledger(const char *dir)
{
	struct sf_buf p = SF_BUF_INIT;
	struct stat st;
	int yes;

	sf_buf_addf(&p, "%s/%s", dir, SF_CONFIG_PATH);
	yes = stat(p.buf, &st) == 0 && S_ISREG(st.st_mode);
	sf_buf_release(&p);
	return yes;
}

int
sf_ledger_find(const char *dir, char **root_out)
{
	char path[PATH_MAX], *slash;
	const char *start = dir;

	*root_out = NULL;
	if (!start || !*start)
		start = getenv("SANFEN_DIR");
	if (!start || !*start)
		start = ".";
	if (!realpath(start, path))
		return sf_error(SF_ENOTFOUND, "%s: %s", start, strerror(errno));
	for (;;) {
		if (is_ledger(path)) {
			*root_out = xstrdup(path);
			return 0;
		}
		if (!(slash = strrchr(path, '/')) || slash == path) {
			if (strcmp(path, "/") != 0 && is_ledger("/")) {
				*root_out = xstrdup("/");
				return 0;
			}
			break;
		}
		*slash = '\0';
	}
	return sf_error(SF_ENOTFOUND, "not a sanfen ledger (or any parent up "
	    "to /): %s; create one with sanfen-init, or name one with -C DIR "
	    "or SANFEN_DIR", start);
}

char *
sf_ledger_path(const struct sf_ledger *l, const char *rel)
{
	struct sf_buf b = SF_BUF_INIT;

	sf_buf_addf(&b, "%s/%s", l->root, rel);
	return sf_buf_detach(&b, NULL);
}

int
sf_ledger_open(const char *dir, struct sf_ledger **out)
{
	struct sf_ledger *l = xcalloc(1, sizeof(*l));
	const char *workdir;

	l->lock_fd = -1;
	char *path;
	int rc;

	*out = NULL;
	if ((rc = sf_ledger_find(dir, &l->root)) < 0)
		goto fail;
	if (git_repository_open_ext(&l->repo, l->root,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		rc = sf_error_git("%s is a ledger but not the top of a git "
		    "repository", l->root);
		goto fail;
	}
	workdir = git_repository_workdir(l->repo);
	if (!workdir) {
		rc = sf_error(SF_EINVALID, "%s: a ledger needs a work tree, "
		    "not a bare repository", l->root);
		goto fail;
	}
	if (git_reference_name_to_id(&l->head, l->repo, "HEAD") < 0)
		l->unborn = 1;
	/* a fresh git clone lacks it: set before the first git pull needs
	 * it; a clone whose config cannot be written merges without it */
	if (sf_clone_ensure_driver(l->repo) < 0)
		sf_error_clear();
	if ((rc = sf_today(l->today)) < 0)
		goto fail;
	path = sf_ledger_path(l, SF_CONFIG_PATH);
	rc = sf_config_load(path, SF_CONFIG_PATH, &l->config);
	free(path);
	if (rc < 0)
		goto fail;
	path = sf_ledger_path(l, SF_UNITS_PATH);
	rc = sf_units_load(path, SF_UNITS_PATH, &l->units);
	free(path);
	if (rc < 0)
		goto fail;
	*out = l;
	return 0;
fail:
	sf_ledger_free(l);
	return rc;
}

int
sf_ledger_lock(struct sf_ledger *l)
{
	return sf_ledger_lock_merge(l, 0);
}

int
sf_ledger_lock_merge(struct sf_ledger *l, int merge_ok)
{
	char *path;
	int rc;

	if (l->lock_fd >= 0)
		return 0;
	path = xmalloc(strlen(git_repository_path(l->repo)) + 16);
	snprintf(path, strlen(git_repository_path(l->repo)) + 16,
	    "%ssanfen.lock", git_repository_path(l->repo));
	l->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	free(path);
	if (l->lock_fd < 0)
		return sf_error_errno("cannot open the ledger's lock");
	while ((rc = flock(l->lock_fd, LOCK_EX)) < 0 && errno == EINTR)
		;
	if (rc < 0)
		return sf_error_errno("cannot take the ledger's lock");
	/* another writer may have committed while we waited */
	l->unborn = git_reference_name_to_id(&l->head, l->repo, "HEAD") < 0;
	/* what git left half-done is not ours to build on; what a killed
	 * writer left is: stale git locks, a half-done commit */
	if ((rc = sf_clone_idle(l->repo, merge_ok)) < 0 ||
	    (rc = sf_git_locks_clear(l->repo, NULL)) < 0 ||
	    (rc = sf_store_recover(l)) < 0)
		return rc;
	return 0;
}

static void
problems_free(struct sf_scan_problems *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->v[i].rel);
		free(p->v[i].msg);
	}
	free(p->v);
	sf_strset_clear(&p->seen);
	free(p);
}

void
sf_ledger_free(struct sf_ledger *l)
{
	if (!l)
		return;
	if (l->lock_fd >= 0)
		close(l->lock_fd);
	git_repository_free(l->repo);
	sf_config_free(l->config);
	sf_units_free(l->units);
	problems_free(l->problems);
	free(l->root);
	free(l);
}

int
sf_ledger_acting_unit(struct sf_ledger *l, const char *as,
    const struct sf_unit **out)
{
	git_config *cfg = NULL;
	const char *name = as, *v = NULL;
	int rc;

	*out = NULL;
	if (!name || !*name)
		name = getenv("SANFEN_UNIT");
	if ((!name || !*name) && git_repository_config_snapshot(&cfg,
	    l->repo) == 0 && git_config_get_string(&v, cfg,
	    "sanfen.unit") == 0)
		name = v;
	if (!name || !*name) {
		git_config_free(cfg);
		return 0;
	}
	rc = sf_units_resolve(l->units, name, out);
	git_config_free(cfg);
	/* its history stays readable, but a retired unit acts no more */
	if (rc == 0 && (*out)->retired) {
		rc = sf_error(SF_EREFUSED, "unit '%s' was retired on %s",
		    (*out)->id, (*out)->retired);
		*out = NULL;
	}
	return rc;
}

int
sf_ledger_require_role(struct sf_ledger *l, const struct sf_unit *u,
    int role)
{
	struct sf_buf who = SF_BUF_INIT;
	size_t i;
	int rc;

	if (!u)
		return sf_error(SF_EREFUSED, "no acting unit: use --as UNIT, "
		    "set SANFEN_UNIT, or git config sanfen.unit UNIT");
	if (sf_unit_has_role(u, role))
		return 0;
	for (i = 0; i < l->units->n; i++)
		if (sf_unit_has_role(&l->units->v[i], role))
			sf_buf_addf(&who, "%s%s", who.len ? ", " : "",
			    l->units->v[i].id);
	rc = sf_error(SF_EREFUSED, "unit '%s' does not hold the %s role "
	    "(held by: %s)", u->id, sf_enum_token(&sf_enum_role, role),
	    who.len ? who.buf : _("no unit"));
	sf_buf_release(&who);
	return rc;
}

static int
load(struct sf_ledger *l, const char *what, const char *id, char *rel,
    int meeting, void **out)
{
	char *path;
	struct stat st;
	int rc;

	if (!rel)
		return sf_error(SF_EINVALID, "malformed %s id '%s'", what, id);
	path = sf_ledger_path(l, rel);
	if (stat(path, &st) < 0) {
		rc = sf_error(SF_ENOTFOUND, "no %s %s", what, id);
	} else if (meeting) {
		rc = sf_meeting_load(path, rel, l->units,
		    (struct sf_meeting **)out);
	} else {
		rc = sf_issue_load(path, rel, l->units,
		    (struct sf_issue **)out);
	}
	free(path);
	free(rel);
	return rc;
}

int
sf_ledger_load_issue(struct sf_ledger *l, const char *id,
    struct sf_issue **out)
{
	*out = NULL;
	return load(l, _("issue"), id, sf_issue_path(id), 0, (void **)out);
}

int
sf_ledger_load_meeting(struct sf_ledger *l, const char *id,
    struct sf_meeting **out)
{
	*out = NULL;
	return load(l, _("meeting"), id, sf_meeting_path(id), 1, (void **)out);
}

/* The bytes of path in tree into b. */
static int
tree_file(git_repository *repo, git_tree *tree, const char *path,
    struct sf_buf *b)
{
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	int rc = 0;

	if (git_tree_entry_bypath(&e, tree, path) < 0)
		return sf_error(SF_ENOTFOUND, "%s: not in the ledger's tree",
		    path);
	if (git_blob_lookup(&blob, repo, git_tree_entry_id(e)) < 0)
		rc = sf_error_git("cannot read %s", path);
	else
		sf_buf_add(b, git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	git_tree_entry_free(e);
	return rc;
}

int
sf_ledger_open_git(const char *dir, const char *rev, struct sf_ledger **out)
{
	struct sf_ledger *l = xcalloc(1, sizeof(*l));
	struct sf_buf text = SF_BUF_INIT;
	git_object *obj = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	int rc;

	*out = NULL;
	l->lock_fd = -1;
	if (git_repository_open_ext(&l->repo, dir, dir ? 0 :
	    GIT_REPOSITORY_OPEN_FROM_ENV, NULL) < 0) {
		rc = sf_error_git("not a git repository: %s", dir ? dir :
		    "(GIT_DIR or the current directory)");
		goto fail;
	}
	l->root = xstrdup(git_repository_path(l->repo));
	if (git_revparse_single(&obj, l->repo, rev) < 0 ||
	    git_object_peel((git_object **)&commit, obj,
	    GIT_OBJECT_COMMIT) < 0) {
		rc = sf_error(SF_EINVALID, "unknown revision '%s'", rev);
		goto fail;
	}
	git_oid_cpy(&l->head, git_commit_id(commit));
	if (git_commit_tree(&tree, commit) < 0) {
		rc = sf_error_git("cannot read the tree of %s", rev);
		goto fail;
	}
	if ((rc = sf_today(l->today)) < 0 ||
	    (rc = tree_file(l->repo, tree, SF_CONFIG_PATH, &text)) < 0 ||
	    (rc = sf_config_parse(SF_CONFIG_PATH, text.buf, text.len,
	    &l->config)) < 0)
		goto fail;
	sf_buf_reset(&text);
	if ((rc = tree_file(l->repo, tree, SF_UNITS_PATH, &text)) < 0 ||
	    (rc = sf_units_parse(SF_UNITS_PATH, text.buf, text.len,
	    &l->units)) < 0)
		goto fail;
	*out = l;
	l = NULL;
fail:
	sf_buf_release(&text);
	git_tree_free(tree);
	git_commit_free(commit);
	git_object_free(obj);
	sf_ledger_free(l);
	return rc;
}
