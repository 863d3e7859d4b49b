#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "committed.h"
#include "error.h"
#include "i18n.h"

/* HEAD's tree; *out NULL (and 0) while the branch has no commit. */
static int
head_tree(struct sf_ledger *l, git_tree **out)
{
	git_commit *c = NULL;
	int rc = 0;

	*out = NULL;
	if (l->unborn)
		return 0;
	if (git_commit_lookup(&c, l->repo, &l->head) < 0 ||
	    git_commit_tree(out, c) < 0)
		rc = sf_error_git("cannot read HEAD");
	git_commit_free(c);
	return rc;
}

static int
digits(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789") == n;
}

/* The id of meetings/<year>/<name> when it names a meeting file, as
 * sf_meetings_walk has it, else NULL. */
static const char *
meeting_id(const char *year, const char *name, char *id, size_t size)
{
	size_t n = strlen(name);

	if (n <= 5 || n - 5 >= size || strcmp(name + n - 5, ".yaml") != 0)
		return NULL;
	memcpy(id, name, n - 5);
	id[n - 5] = '\0';
	if (sf_meeting_id_valid(id) != 0 || strncmp(id, year, 4) != 0)
		return NULL;
	return id;
}

static int
walk_year(struct sf_ledger *l, const git_tree_entry *ye, struct sf_buf *rel,
    sf_issue_fn cb, void *ctx)
{
	const char *year = git_tree_entry_name(ye);
	git_tree *t = NULL;
	char id[128];
	size_t i, n;
	int rc = 0;

	if (git_tree_lookup(&t, l->repo, git_tree_entry_id(ye)) < 0)
		return sf_error_git("cannot read %s", rel->buf);
	n = git_tree_entrycount(t);
	for (i = 0; i < n && !rc; i++) {
		const char *name = git_tree_entry_name(
		    git_tree_entry_byindex(t, i));

		if (*name == '.')
			continue;
		sf_buf_reset(rel);
		sf_buf_addf(rel, "meetings/%s/%s", year, name);
		rc = cb(rel->buf, meeting_id(year, name, id, sizeof(id)), ctx);
	}
	git_tree_free(t);
	return rc;
}

int
sf_committed_meetings(struct sf_ledger *l, sf_issue_fn cb, void *ctx)
{
	struct sf_buf rel = SF_BUF_INIT;
	git_tree *root = NULL, *t = NULL;
	git_tree_entry *e = NULL;
	size_t i, n;
	int rc;

	if ((rc = head_tree(l, &root)) < 0 || !root)
		return rc;
	if (git_tree_entry_bypath(&e, root, "meetings") < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_TREE)
		goto out;
	if (git_tree_lookup(&t, l->repo, git_tree_entry_id(e)) < 0) {
		rc = sf_error_git("cannot read %s", "meetings");
		goto out;
	}
	n = git_tree_entrycount(t);
	for (i = 0; i < n && !rc; i++) {
		const git_tree_entry *ye = git_tree_entry_byindex(t, i);
		const char *year = git_tree_entry_name(ye);

		if (*year == '.')
			continue;
		sf_buf_reset(&rel);
		sf_buf_addf(&rel, "meetings/%s", year);
		/* a year is a folder: anything else is named, not entered */
		if (!digits(year, 4) ||
		    git_tree_entry_type(ye) != GIT_OBJECT_TREE)
			rc = cb(rel.buf, NULL, ctx);
		else
			rc = walk_year(l, ye, &rel, cb, ctx);
	}
out:
	sf_buf_release(&rel);
	git_tree_free(t);
	git_tree_entry_free(e);
	git_tree_free(root);
	return rc;
}

/* The blob at rel in HEAD's tree, refused as the work tree's readers
 * refuse a file (a symbolic link is not followed, a folder is not a
 * file) and named in the trace. */
static int
read_blob(struct sf_ledger *l, const char *what, const char *id,
    const char *rel, int max, git_blob **out)
{
	git_tree *root = NULL;
	git_tree_entry *e = NULL;
	int rc;

	*out = NULL;
	if ((rc = head_tree(l, &root)) < 0)
		return rc;
	if (!root || git_tree_entry_bypath(&e, root, rel) < 0) {
		rc = sf_error(SF_ENOTFOUND, "no %s %s", what, id);
	} else if (git_tree_entry_filemode(e) == GIT_FILEMODE_LINK) {
		rc = sf_error(SF_EINVALID, "cannot read %s: a symbolic link "
		    "(not followed)", rel);
	} else if (git_tree_entry_type(e) != GIT_OBJECT_BLOB) {
		rc = sf_error(SF_EINVALID, "cannot read %s: not a regular "
		    "file", rel);
	} else if (git_blob_lookup(out, l->repo, git_tree_entry_id(e)) < 0) {
		rc = sf_error_git("cannot read %s", rel);
	} else if (git_blob_rawsize(*out) > (git_object_size_t)max) {
		rc = sf_error(SF_EINVALID, "%s: file too large (limit %d "
		    "bytes)", rel, max);
		git_blob_free(*out);
		*out = NULL;
	} else {
		sf_trace_read(rel, "HEAD");
	}
	git_tree_entry_free(e);
	git_tree_free(root);
	return rc;
}

int
sf_committed_meeting(struct sf_ledger *l, const char *id,
    struct sf_meeting **out)
{
	char *rel = sf_meeting_path(id);
	git_blob *b = NULL;
	int rc;

	*out = NULL;
	if (!rel)
		return sf_error(SF_EINVALID, "malformed %s id '%s'",
		    _("meeting"), id);
	if ((rc = read_blob(l, _("meeting"), id, rel, SF_MEETING_MAX_BYTES,
	    &b)) == 0)
		rc = sf_meeting_parse(rel, git_blob_rawcontent(b),
		    (size_t)git_blob_rawsize(b), l->units, out);
	git_blob_free(b);
	free(rel);
	return rc;
}

int
sf_committed_issue(struct sf_ledger *l, const char *id,
    struct sf_issue **out)
{
	char *rel = sf_issue_path(id);
	git_blob *b = NULL;
	int rc;

	*out = NULL;
	if (!rel)
		return sf_error(SF_EINVALID, "malformed %s id '%s'",
		    _("issue"), id);
	if ((rc = read_blob(l, _("issue"), id, rel, SF_ISSUE_MAX_BYTES,
	    &b)) == 0)
		rc = sf_issue_parse(rel, git_blob_rawcontent(b),
		    (size_t)git_blob_rawsize(b), l->units, SF_ISSUE_FULL, out);
	git_blob_free(b);
	free(rel);
	return rc;
}

int
sf_committed_meeting_open(struct sf_ledger *l, const char *prefix,
    struct sf_meeting **out)
{
	char *id = NULL;
	int rc;

	*out = NULL;
	if ((rc = sf_meeting_resolve_in(l, sf_committed_meetings, prefix,
	    &id)) == 0)
		rc = sf_committed_meeting(l, id, out);
	free(id);
	return rc;
}
