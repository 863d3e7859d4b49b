#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "error.h"
#include "i18n.h"
#include "history.h"
#include "issue.h"
#include "meeting.h"
#include "signing.h"

/* The id of path in commit's tree, or zero when it has none. */
static int
entry_id(git_commit *commit, const char *path, git_oid *out)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = git_commit_tree(&tree, commit)) < 0)
		return rc;
	rc = git_tree_entry_bypath(&e, tree, path);
	if (rc == 0)
		git_oid_cpy(out, git_tree_entry_id(e));
	else if (rc == GIT_ENOTFOUND)
		rc = 0;
	git_tree_entry_free(e);
	git_tree_free(tree);
	return rc;
}

/* The top-level "status:" of a ledger file's blob, into out. */
static void
blob_status(git_repository *repo, const git_oid *id, char *out, size_t size)
{
	git_blob *blob = NULL;
	const char *s, *p;
	size_t n, len;

	snprintf(out, size, "none");
	if (git_oid_is_zero(id) || git_blob_lookup(&blob, repo, id) < 0)
		return;
	s = git_blob_rawcontent(blob);
	len = (size_t)git_blob_rawsize(blob);
	for (p = s; p && p < s + len; p = memchr(p, '\n', (size_t)(s + len -
	    p)), p = p ? p + 1 : NULL)
		if ((size_t)(s + len - p) > 8 && strncmp(p, "status: ", 8) ==
		    0) {
			p += 8;
			for (n = 0; p + n < s + len && p[n] != '\n' &&
			    n + 1 < size; n++)
				out[n] = p[n];
			out[n] = '\0';
			break;
		}
	git_blob_free(blob);
}

/* Whether commit changed path against its first parent, and the status
 * the file had before and after, "a -> b", into status. */
static int
touches(git_commit *commit, const char *path, int *yes, char *status,
    size_t size)
{
	git_repository *repo = git_commit_owner(commit);
	git_commit *parent = NULL;
	git_oid mine, theirs;
	char before[32], after[32];
	int rc;

	*yes = 0;
	if ((rc = entry_id(commit, path, &mine)) < 0)
		return rc;
	memset(&theirs, 0, sizeof(theirs));
	if (git_commit_parentcount(commit) > 0) {
		if ((rc = git_commit_parent(&parent, commit, 0)) < 0)
			return rc;
		rc = entry_id(parent, path, &theirs);
		git_commit_free(parent);
		if (rc < 0)
			return rc;
	}
	*yes = !git_oid_equal(&mine, &theirs);
	status[0] = '\0';
	if (*yes) {
		blob_status(repo, &theirs, before, sizeof(before));
		blob_status(repo, &mine, after, sizeof(after));
		if (strcmp(before, after) != 0)
			snprintf(status, size, "%s -> %s", before, after);
	}
	return 0;
}

static void
read_trailers(struct sf_arena *a, const char *msg, struct sf_commit_info *c)
{
	git_message_trailer_array arr;
	size_t i;

	if (git_message_trailers(&arr, msg) < 0)
		return;
	for (i = 0; i < arr.count; i++) {
		const char *k = arr.trailers[i].key;
		const char *v = sf_arena_strdup(a, arr.trailers[i].value);

		if (strcmp(k, "Sanfen-Action") == 0)
			c->action = v;
		else if (strcmp(k, "Sanfen-Unit") == 0)
			c->unit = v;
		else if (strcmp(k, "Sanfen-Issue") == 0 && !c->issue)
			c->issue = v;
		else if (strcmp(k, "Sanfen-Meeting") == 0)
			c->meeting = v;
		else if (strcmp(k, "Sanfen-Status") == 0)
			c->status = v;
	}
	git_message_trailer_array_free(&arr);
}

static int
visit(git_commit *commit, const char *status, sf_commit_fn cb, void *ctx)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_commit_info c;
	const git_signature *sig = git_commit_author(commit);
	const char *msg = git_commit_message(commit), *nl;
	int rc;

	memset(&c, 0, sizeof(c));
	git_oid_tostr(c.id, sizeof(c.id), git_commit_id(commit));
	c.when = sig->when.time;
	c.offset = sig->when.offset;
	c.author = sf_arena_strdup(a, sig->name);
	c.email = sf_arena_strdup(a, sig->email);
	nl = strchr(msg, '\n');
	c.subject = nl ? sf_arena_strndup(a, msg, (size_t)(nl - msg)) :
	    sf_arena_strdup(a, msg);
	read_trailers(a, msg, &c);
	/* for one file, its own transition, whatever else the commit did */
	if (status)
		c.status = *status ? sf_arena_strdup(a, status) : NULL;
	rc = cb(&c, ctx);
	sf_arena_free(a);
	return rc;
}

int
sf_history_walk(struct sf_ledger *l, const char *path, int reverse,
    sf_commit_fn cb, void *ctx)
{
	git_revwalk *walk = NULL;
	git_commit *commit;
	git_oid oid;
	char status[80];
	int rc, yes;

	if (l->unborn)
		return 0;
	if (git_revwalk_new(&walk, l->repo) < 0)
		return sf_error_git("cannot walk the history");
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME |
	    (reverse ? GIT_SORT_REVERSE : 0));
	if (git_revwalk_push(walk, &l->head) < 0) {
		rc = sf_error_git("cannot walk the history");
		goto out;
	}
	while ((rc = git_revwalk_next(&oid, walk)) == 0) {
		if (git_commit_lookup(&commit, l->repo, &oid) < 0) {
			rc = sf_error_git("cannot read commit");
			goto out;
		}
		yes = 1;
		if (path && touches(commit, path, &yes, status,
		    sizeof(status)) < 0) {
			git_commit_free(commit);
			rc = sf_error_git("cannot read commit");
			goto out;
		}
		rc = yes ? visit(commit, path ? status : NULL, cb, ctx) : 0;
		git_commit_free(commit);
		if (rc)
			goto out;
	}
	if (rc == GIT_ITEROVER)
		rc = 0;
	else
		rc = sf_error_git("cannot walk the history");
out:
	git_revwalk_free(walk);
	return rc;
}

void
sf_commit_date(const struct sf_commit_info *c, char out[17])
{
	time_t t = (time_t)(c->when + (git_time_t)c->offset * 60);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 17, "%Y-%m-%d %H:%M", &tm);
}

/* Replaying the history */

struct replay {
	struct sf_ledger *l;
	struct sf_diags *d;
	git_commit *commit;
	char who[160];		/* "3f2a9c1 (author)" */
	const char *action;
	const char *unit;
	int touched;
	git_tree *others[8];	/* a merge's other parents */
	size_t nothers;
	/* signing.require as the commit's own config has it */
	git_oid config_id;
	int config_known, require_signed;
	struct sf_buf allowed;	/* the tip's allowed signers, once read */
	int allowed_read;
};

static int
is_ledger_path(const char *p)
{
	return strncmp(p, "issues/", 7) == 0 ||
	    strncmp(p, "meetings/", 9) == 0 ||
	    strcmp(p, SF_UNITS_PATH) == 0 || strncmp(p, ".sanfen/", 8) == 0;
}

__attribute__((format(printf, 3, 4)))
static void
finding(struct replay *r, const char *path, const char *fmt, ...)
{
	struct sf_loc loc = { path, 0, 0, NULL };
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), sf_gettext(fmt), ap);
	va_end(ap);
	sf_diag_add(r->d, &loc, "commit %s: %s", r->who, msg);
}

/* The role an action needs, or -1 for those any unit may take. */
static int
action_role(const char *action)
{
	static const struct {
		const char *prefix;
		int role;
	} roles[] = {
		{ "screen", SF_ROLE_SCREEN }, { "agenda-", SF_ROLE_AGENDA },
		{ "minutes-", SF_ROLE_MINUTES },
		{ "supervise", SF_ROLE_SUPERVISE },
		{ "escalate", SF_ROLE_SUPERVISE }, { "close", SF_ROLE_CLOSE },
	};
	size_t i;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strncmp(action, roles[i].prefix,
		    strlen(roles[i].prefix)) == 0)
			return roles[i].role;
	return -1;
}

static int
status_index(const struct sf_enum *e, const char *s)
{
	int i = sf_enum_lookup(e, s);

	return i >= 0 && strcmp(sf_enum_token(e, i), s) == 0 ? i : -1;
}

/*
 * A merge's file that is as one of the other parents has it came with
 * that parent's commits, which are checked on their own.
 */
static int
from_other_parent(struct replay *r, const git_diff_delta *delta)
{
	git_tree_entry *e;
	size_t i;
	int same;

	for (i = 0; i < r->nothers; i++) {
		if (git_tree_entry_bypath(&e, r->others[i],
		    delta->new_file.path) < 0) {
			if (delta->status == GIT_DELTA_DELETED)
				return 1;
			continue;
		}
		same = delta->status != GIT_DELTA_DELETED &&
		    git_oid_equal(git_tree_entry_id(e), &delta->new_file.id);
		git_tree_entry_free(e);
		if (same)
			return 1;
	}
	return 0;
}

/* A file merged field by field keeps a status one of the parents had:
 * the transition was made, and checked, in that parent's history. */
static int
status_of_a_parent(struct replay *r, const char *path, const char *after)
{
	git_tree_entry *e;
	char st[32];
	size_t i;

	for (i = 0; i < r->nothers; i++) {
		if (git_tree_entry_bypath(&e, r->others[i], path) < 0)
			continue;
		blob_status(r->l->repo, git_tree_entry_id(e), st, sizeof(st));
		git_tree_entry_free(e);
		if (strcmp(st, after) == 0)
			return 1;
	}
	return 0;
}

static int
check_delta(const git_diff_delta *delta, float progress, void *ctx)
{
	struct replay *r = ctx;
	const char *path = delta->new_file.path;
	char before[32], after[32];
	int from, to, meeting;

	(void)progress;
	if (!is_ledger_path(path))
		return 0;
	if (r->nothers && from_other_parent(r, delta))
		return 0;
	r->touched = !r->nothers;	/* a merge needs no trailers */
	meeting = strncmp(path, "meetings/", 9) == 0;
	if (!meeting && strncmp(path, "issues/", 7) != 0)
		return 0;
	blob_status(r->l->repo, &delta->old_file.id, before, sizeof(before));
	blob_status(r->l->repo, &delta->new_file.id, after, sizeof(after));
	if (strcmp(before, after) == 0 || (r->nothers &&
	    status_of_a_parent(r, path, after)))
		return 0;
	if (strcmp(after, "none") == 0) {
		finding(r, path, "removed a ledger file");
		return 0;
	}
	if (meeting) {
		from = status_index(&sf_enum_meeting_status, before);
		to = status_index(&sf_enum_meeting_status, after);
		if (to < 0 || (from < 0 ? to != SF_MS_DRAFT :
		    !sf_meeting_status_can(from, to)))
			finding(r, path, "illegal meeting transition %s -> %s",
			    before, after);
		return 0;
	}
	from = status_index(&sf_enum_status, before);
	to = status_index(&sf_enum_status, after);
	if (to < 0 || (from < 0 ? to != SF_ST_SUBMITTED :
	    !sf_status_can(from, to)))
		finding(r, path, "illegal transition %s -> %s", before, after);
	return 0;
}

/* Whether the config in tree requires signed commits (parsed again only
 * when the config file changed). */
static int
requires_signing(struct replay *r, git_tree *tree)
{
	git_tree_entry *e = NULL;
	git_blob *b = NULL;
	struct sf_config *c = NULL;

	if (git_tree_entry_bypath(&e, tree, SF_CONFIG_PATH) < 0)
		return 0;
	if (r->config_known && git_oid_equal(&r->config_id,
	    git_tree_entry_id(e))) {
		git_tree_entry_free(e);
		return r->require_signed;
	}
	git_oid_cpy(&r->config_id, git_tree_entry_id(e));
	r->config_known = 1;
	r->require_signed = 0;
	if (git_blob_lookup(&b, r->l->repo, git_tree_entry_id(e)) == 0 &&
	    sf_config_parse(SF_CONFIG_PATH, git_blob_rawcontent(b),
	    (size_t)git_blob_rawsize(b), &c) == 0)
		r->require_signed = c->require_signed;
	sf_error_clear();
	sf_config_free(c);
	git_blob_free(b);
	git_tree_entry_free(e);
	return r->require_signed;
}

/* The allowed signers file named by the tip's config, from the tip. */
static int
allowed_signers(struct replay *r)
{
	git_commit *tip = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	git_blob *b = NULL;

	if (r->allowed_read)
		return r->allowed.len > 0;
	r->allowed_read = 1;
	sf_buf_init(&r->allowed);
	if (git_commit_lookup(&tip, r->l->repo, &r->l->head) == 0 &&
	    git_commit_tree(&tree, tip) == 0 &&
	    git_tree_entry_bypath(&e, tree, r->l->config->allowed_signers) ==
	    0 && git_blob_lookup(&b, r->l->repo, git_tree_entry_id(e)) == 0)
		sf_buf_add(&r->allowed, git_blob_rawcontent(b),
		    (size_t)git_blob_rawsize(b));
	git_blob_free(b);
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_commit_free(tip);
	return r->allowed.len > 0;
}

/* signing.require: the commit carries a signature that verifies for its
 * committer's e-mail against the allowed signers. */
static int
check_signature(struct replay *r, git_commit *commit)
{
	git_buf sig = GIT_BUF_INIT_CONST(NULL, 0),
	    data = GIT_BUF_INIT_CONST(NULL, 0);
	struct sf_buf why = SF_BUF_INIT;
	const char *email = git_commit_committer(commit)->email;
	int rc = 0, ok;

	sf_buf_init(&why);
	if (git_commit_extract_signature(&sig, &data, r->l->repo,
	    (git_oid *)git_commit_id(commit), NULL) < 0) {
		finding(r, NULL, "not signed, and signing.require is true");
		goto out;
	}
	if (!allowed_signers(r)) {
		finding(r, r->l->config->allowed_signers, "signed, but the "
		    "allowed signers file is missing or empty");
		goto out;
	}
	ok = sf_ssh_verify(r->allowed.buf, r->allowed.len, email, data.ptr,
	    data.size, sig.ptr, &why);
	if (ok < 0) {
		rc = ok;
		goto out;
	}
	if (!ok)
		finding(r, NULL, "the signature does not verify for %s "
		    "against %s%s%s", email, r->l->config->allowed_signers,
		    why.len ? ": " : "", why.len ? why.buf : "");
out:
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	sf_buf_release(&why);
	return rc;
}

static int
replay_commit(struct replay *r, git_commit *commit)
{
	git_commit *parent = NULL;
	git_tree *old = NULL, *new = NULL;
	git_diff *diff = NULL;
	git_diff_options opts;
	struct sf_arena *a = sf_arena_new();
	struct sf_commit_info info;
	const struct sf_unit *u;
	char id[8];
	int rc, role;

	memset(&info, 0, sizeof(info));
	read_trailers(a, git_commit_message(commit), &info);
	git_oid_tostr(id, sizeof(id), git_commit_id(commit));
	snprintf(r->who, sizeof(r->who), "%s (%s)", id,
	    git_commit_author(commit)->name);
	r->touched = 0;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	if ((git_commit_parentcount(commit) > 0 &&
	    (rc = git_commit_parent(&parent, commit, 0)) < 0) ||
	    (parent && (rc = git_commit_tree(&old, parent)) < 0) ||
	    (rc = git_commit_tree(&new, commit)) < 0 ||
	    (rc = git_diff_tree_to_tree(&diff, r->l->repo, old, new,
	    &opts)) < 0) {
		rc = sf_error_git("cannot read commit %s", id);
		goto out;
	}
	r->action = info.action;
	r->unit = info.unit;
	r->nothers = 0;
	while (r->nothers + 1 < git_commit_parentcount(commit) &&
	    r->nothers < sizeof(r->others) / sizeof(r->others[0])) {
		git_commit *p = NULL;

		if (git_commit_parent(&p, commit,
		    (unsigned)r->nothers + 1) < 0 ||
		    git_commit_tree(&r->others[r->nothers], p) < 0) {
			git_commit_free(p);
			rc = sf_error_git("cannot read commit %s", id);
			goto out;
		}
		git_commit_free(p);
		r->nothers++;
	}
	if ((rc = git_diff_foreach(diff, check_delta, NULL, NULL, NULL,
	    r)) < 0) {
		rc = sf_error_git("cannot compare commit %s", id);
		goto out;
	}
	if (requires_signing(r, new) &&
	    (rc = check_signature(r, commit)) < 0)
		goto out;
	if (r->touched && !info.action) {
		finding(r, NULL, "changed ledger files without Sanfen "
		    "trailers");
	} else if (r->touched && (role = action_role(info.action)) >= 0) {
		u = info.unit ? sf_units_find(r->l->units, info.unit) : NULL;
		if (!u)
			finding(r, NULL, "%s by no registered unit ('%s')",
			    info.action, info.unit ? info.unit : "");
		else if (!sf_unit_has_role(u, role))
			finding(r, NULL, "%s by unit '%s', which does not hold "
			    "the role", info.action, u->id);
	}
out:
	while (r->nothers)
		git_tree_free(r->others[--r->nothers]);
	git_diff_free(diff);
	git_tree_free(old);
	git_tree_free(new);
	git_commit_free(parent);
	sf_arena_free(a);
	return rc;
}

int
sf_history_check(struct sf_ledger *l, const char *since, struct sf_diags *d,
    size_t *ncommits)
{
	struct replay r;
	git_revwalk *walk = NULL;
	git_commit *commit;
	git_object *from = NULL;
	git_oid oid;
	int rc;

	memset(&r, 0, sizeof(r));
	r.l = l;
	r.d = d;
	*ncommits = 0;
	if (l->unborn)
		return 0;
	if (git_revwalk_new(&walk, l->repo) < 0)
		return sf_error_git("cannot walk the history");
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	if (git_revwalk_push(walk, &l->head) < 0) {
		rc = sf_error_git("cannot walk the history");
		goto out;
	}
	if (since) {
		if (git_revparse_single(&from, l->repo, since) < 0) {
			rc = sf_error(SF_EINVALID, "--since: unknown revision "
			    "'%s'", since);
			goto out;
		}
		if (!git_oid_equal(git_object_id(from), &l->head) &&
		    git_graph_descendant_of(l->repo, &l->head,
		    git_object_id(from)) <= 0) {
			struct sf_loc loc = { NULL, 0, 0, NULL };
			char a[8], b[8];

			git_oid_tostr(a, sizeof(a), git_object_id(from));
			git_oid_tostr(b, sizeof(b), &l->head);
			sf_diag_add(d, &loc, "%s is not an ancestor of %s: "
			    "the history was rewritten", a, b);
		}
		git_revwalk_hide(walk, git_object_id(from));
	}
	while ((rc = git_revwalk_next(&oid, walk)) == 0) {
		if (git_commit_lookup(&commit, l->repo, &oid) < 0) {
			rc = sf_error_git("cannot read commit");
			goto out;
		}
		rc = replay_commit(&r, commit);
		git_commit_free(commit);
		(*ncommits)++;
		if (rc < 0)
			goto out;
	}
	rc = rc == GIT_ITEROVER ? 0 : sf_error_git("cannot walk the history");
out:
	if (r.allowed_read)
		sf_buf_release(&r.allowed);
	git_object_free(from);
	git_revwalk_free(walk);
	return rc;
}
