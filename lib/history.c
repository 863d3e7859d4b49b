#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lifecycle.h"
#include "arena.h"
#include "error.h"
#include "i18n.h"
#include "history.h"
#include "issue.h"
#include "meeting.h"
#include "signing.h"
#include "treediff.h"

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

/* The blobs at the path on each side, when they differ (lib/treediff:
 * only the folders on the way to it are read). */
struct touch {
	int yes;
	git_oid before, after;
};

static int
touched(const struct sf_tree_change *c, void *ctx)
{
	struct touch *t = ctx;

	/* a change of mode alone is not a change of the file's text */
	if (!git_oid_equal(&c->old_id, &c->new_id)) {
		t->yes = 1;
		git_oid_cpy(&t->before, &c->old_id);
		git_oid_cpy(&t->after, &c->new_id);
	}
	return 0;
}

/* Whether commit changed path against its first parent, and the status
 * the file had before and after, "a -> b", into status. */
static int
touches(git_commit *commit, const char *path, int *yes, char *status,
    size_t size)
{
	git_repository *repo = git_commit_owner(commit);
	git_commit *parent = NULL;
	struct touch t;
	git_oid from;
	char before[32], after[32];
	int rc;

	*yes = 0;
	memset(&t, 0, sizeof(t));
	memset(&from, 0, sizeof(from));
	if (git_commit_parentcount(commit) > 0) {
		if ((rc = git_commit_parent(&parent, commit, 0)) < 0)
			return rc;
		git_oid_cpy(&from, git_commit_tree_id(parent));
		git_commit_free(parent);
	}
	if ((rc = sf_tree_diff_path(repo, &from, git_commit_tree_id(commit),
	    path, touched, &t)) < 0)
		return rc;
	*yes = t.yes;
	status[0] = '\0';
	if (*yes) {
		blob_status(repo, &t.before, before, sizeof(before));
		blob_status(repo, &t.after, after, sizeof(after));
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

		if (strcmp(k, SF_TR_ACTION) == 0)
			c->action = v;
		else if (strcmp(k, SF_TR_UNIT) == 0)
			c->unit = v;
		else if (strcmp(k, SF_TR_ISSUE) == 0 && !c->issue)
			c->issue = v;
		else if (strcmp(k, SF_TR_MEETING) == 0)
			c->meeting = v;
		else if (strcmp(k, SF_TR_STATUS) == 0)
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
