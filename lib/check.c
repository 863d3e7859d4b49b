#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "clone.h"
#include "config.h"
#include "enums.h"
#include "i18n.h"
#include "issue.h"
#include "markers.h"
#include "meeting.h"
#include "merge_tree.h"
#include "query.h"
#include "strset.h"
#include "units.h"
#include "xalloc.h"
#include "yamlio.h"

struct checker {
	struct sf_ledger *l;
	struct sf_diags *d;
	struct sf_check_stats *st;
	struct sf_strset issues;	/* id -> struct issue_ref */
	struct sf_strset meetings;	/* id -> struct meeting_ref */
	struct sf_strset similar;	/* "rel\tid" similar ids to resolve */
};

/* What the references between files need of an issue and a meeting,
 * each one malloc'd block. */
struct issue_ref {
	int status;		/* enum sf_status */
	char meeting[];		/* "" when on none */
};

struct meeting_ref {
	int status;		/* enum sf_meeting_status, -1 unread */
	char items[];		/* "\nID\nID\tdeferred\n…" */
};

static void
finding(struct sf_diags *d, const char *file, const char *msg)
{
	struct sf_loc loc = { .file = file };

	sf_diag_add(d, &loc, "%s", sf_gettext(msg));
}

/* A file read and parsed into a tree, or a finding. */
static struct sf_node *
read_tree(struct sf_arena *a, const char *path, const char *rel,
    const struct sf_yaml_limits *lim, struct sf_diags *d)
{
	struct sf_buf text = SF_BUF_INIT;
	struct sf_node *root = NULL;
	struct sf_loc loc = { .file = rel };
	unsigned mark;

	if (sf_buf_read_nofollow(&text, path, rel, lim->max_bytes) < 0) {
		if (errno == EFBIG)
			finding(d, rel, lim == &sf_yaml_issue_limits ?
			    N_("file too large (limit 1048576 bytes)") :
			    N_("file too large (limit 4194304 bytes)"));
		else if (errno == ELOOP || errno == EINVAL ||
		    errno == EISDIR) {
			/* a symbolic link, a FIFO: said in words */
			sf_error_read(rel);
			sf_diag_add(d, NULL, "%s", sf_error_message());
		} else
			finding(d, rel, strerror(errno));
	} else if ((mark = sf_markers_find(text.buf, text.len))) {
		loc.line = mark;
		sf_diag_add(d, &loc, "conflict markers: a merge left this file "
		    "unsettled; settle it with sanfen-sync --resolve, or give "
		    "the merge up with git merge --abort");
	} else if (sf_yaml_load(a, rel, text.buf, text.len, lim, 0,
	    &root) < 0) {
		sf_diag_add(d, NULL, "%s", sf_error_message());
		root = NULL;
	}
	sf_buf_release(&text);
	return root;
}

void
sf_check_settings(const char *root, struct sf_diags *d)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_config *c = NULL;
	struct sf_units *u = NULL;
	struct sf_buf path = SF_BUF_INIT;
	struct sf_node *n;

	sf_buf_addf(&path, "%s/%s", root, SF_CONFIG_PATH);
	if ((n = read_tree(a, path.buf, SF_CONFIG_PATH,
	    &sf_yaml_issue_limits, d)))
		sf_config_from_node(a, SF_CONFIG_PATH, n, d, &c);
	sf_buf_reset(&path);
	sf_buf_addf(&path, "%s/%s", root, SF_UNITS_PATH);
	if ((n = read_tree(a, path.buf, SF_UNITS_PATH,
	    &sf_yaml_issue_limits, d)))
		sf_units_from_node(a, SF_UNITS_PATH, n, d, &u);
	sf_arena_free(a);	/* c and u with it */
	sf_buf_release(&path);
}

/*
 * Read one issue file into *out with every finding in d (parse errors,
 * fields, whole-issue rules). *out is NULL when the file could not be
 * parsed at all. Returns the number of new findings.
 */
static size_t
sf_check_issue_file(const char *path, const char *rel,
    const struct sf_units *units, struct sf_diags *d, struct sf_issue **out)
{
	size_t before = d->n;
	struct sf_arena *a = sf_arena_new();
	struct sf_issue *is;
	struct sf_node *root;

	*out = NULL;
	if (!(root = read_tree(a, path, rel, &sf_yaml_issue_limits, d))) {
		sf_arena_free(a);
		return d->n - before;
	}
	is = sf_issue_new();
	if (sf_issue_from_node(is, rel, root, units, SF_ISSUE_FULL, d) == 0)
		sf_issue_validate(is, rel, SF_ISSUE_FULL, d);
	sf_arena_free(a);
	*out = is;
	return d->n - before;
}

static int
check_issue(const char *rel, const char *id, void *ctx)
{
	struct checker *c = ctx;
	struct sf_issue *is;
	struct issue_ref *ref;
	char *path;
	size_t i, n;

	if (!id) {
		finding(c->d, rel, "not an issue file: issues are "
		    "issues/YYYY/MM/<id>.yaml, in the month of their id");
		c->st->files_bad++;
		return 0;
	}
	c->st->issues++;
	path = sf_ledger_path(c->l, rel);
	if (sf_check_issue_file(path, rel, c->l->units, c->d, &is))
		c->st->files_bad++;
	free(path);
	if (!is)
		return 0;
	n = is->meeting ? strlen(is->meeting) : 0;
	ref = xmalloc(sizeof(*ref) + n + 1);
	ref->status = is->status;
	memcpy(ref->meeting, is->meeting ? is->meeting : "", n + 1);
	sf_strset_put(&c->issues, id, ref);
	for (i = 0; is->screening && i < is->screening->nsimilar; i++) {
		struct sf_buf key = SF_BUF_INIT;

		sf_buf_addf(&key, "%s\t%s", rel, is->screening->similar[i].id);
		sf_strset_add(&c->similar, key.buf);
		sf_buf_release(&key);
	}
	sf_issue_free(is);
	return 0;
}

static int
check_meeting(const char *rel, const char *id, void *ctx)
{
	struct checker *c = ctx;
	struct sf_arena *a;
	struct sf_meeting *m;
	struct sf_node *root;
	struct sf_buf items = SF_BUF_INIT;
	struct meeting_ref *ref;
	char *path;
	size_t before = c->d->n, i;
	int status = -1;

	if (!id) {
		finding(c->d, rel, "not a meeting file: meetings are "
		    "meetings/YYYY/<YYYY-MM-DD-kind>.yaml");
		c->st->files_bad++;
		return 0;
	}
	c->st->meetings++;
	a = sf_arena_new();
	path = sf_ledger_path(c->l, rel);
	root = read_tree(a, path, rel, &sf_yaml_meeting_limits, c->d);
	free(path);
	if (root) {
		m = sf_meeting_new();
		if (sf_meeting_from_node(m, rel, root, c->l->units,
		    c->d) == 0 && strcmp(m->id, id) != 0) {
			struct sf_loc loc = { .file = rel, .field = "id" };

			sf_diag_add(c->d, &loc, "'%s' does not match the file "
			    "name", m->id);
		}
		/* "\n"-framed ids, so that a search for "\nID\n" is exact */
		sf_buf_addch(&items, '\n');
		for (i = 0; i < m->nitems; i++)
			sf_buf_addf(&items, "%s%s\n", m->items[i].issue,
			    m->items[i].deferred ? "\tdeferred" : "");
		status = m->status;
		sf_meeting_free(m);
	}
	if (c->d->n > before)
		c->st->files_bad++;
	ref = xmalloc(sizeof(*ref) + items.len + 1);
	ref->status = status;
	memcpy(ref->items, items.len ? items.buf : "", items.len + 1);
	sf_buf_release(&items);
	sf_strset_put(&c->meetings, id, ref);
	sf_arena_free(a);
	return 0;
}

static int
has_item(const char *items, const char *id)
{
	const char *p = items;
	size_t n = strlen(id);

	while ((p = strstr(p, id)) != NULL) {
		if (p[-1] == '\n' && (p[n] == '\n' || p[n] == '\t'))
			return 1;
		p += n;
	}
	return 0;
}

/*
 * An item of a meeting whose minutes are not issued yet names an issue
 * they could not apply to: one not scheduled for that meeting (withdrawn
 * or closed, say, by a merge). Once issued, an item is the record of
 * what the meeting did, and its issue has moved on.
 */
static void
check_item(struct checker *c, struct sf_loc *loc, const char *mid,
    const struct meeting_ref *m, const char *id,
    const struct issue_ref *is)
{
	char field[160];
	int other;

	if (m->status < 0 || m->status >= SF_MS_ISSUED ||
	    (is->status == SF_ST_SCHEDULED && strcmp(is->meeting, mid) == 0))
		return;
	other = *is->meeting && strcmp(is->meeting, mid) != 0;
	snprintf(field, sizeof(field), "items[%s]", id);
	loc->field = field;
	sf_diag_add(c->d, loc, "issue %s is %s%s%s, not scheduled for this "
	    "meeting: drop the item with sanfen-agenda drop %s %s", id,
	    sf_enum_token(&sf_enum_status, is->status), other ? _(" on ") :
	    "", other ? is->meeting : "", mid, id);
	loc->field = "items";
}

/* Every reference between files, once all have been read. */
static void
check_references(struct checker *c)
{
	size_t i;
	struct sf_loc loc = { 0 };

	for (i = 0; i < c->issues.cap; i++) {
		const char *id = c->issues.slot[i];
		const struct issue_ref *is = c->issues.val[i];
		const struct meeting_ref *m;
		char *rel;

		if (!id || !is || !*is->meeting)
			continue;
		rel = sf_issue_path(id);
		loc.file = rel;
		loc.field = "meeting";
		m = sf_strset_get(&c->meetings, is->meeting);
		if (!sf_strset_has(&c->meetings, is->meeting))
			sf_diag_add(c->d, &loc, "no meeting '%s' in the "
			    "ledger", is->meeting);
		else if (m && !has_item(m->items, id))
			sf_diag_add(c->d, &loc, "meeting '%s' has no agenda "
			    "item for this issue", is->meeting);
		free(rel);
	}
	for (i = 0; i < c->meetings.cap; i++) {
		const char *mid = c->meetings.slot[i], *p;
		const struct meeting_ref *m = c->meetings.val[i];
		const struct issue_ref *is;
		char *rel, id[128];
		size_t n;

		if (!mid || !m)
			continue;
		p = m->items;
		rel = sf_meeting_path(mid);
		loc.file = rel;
		loc.field = "items";
		while (*p == '\n')
			p++;
		while (*p) {
			n = strcspn(p, "\t\n");
			if (n < sizeof(id)) {
				memcpy(id, p, n);
				id[n] = '\0';
				if (!sf_strset_has(&c->issues, id))
					sf_diag_add(c->d, &loc, "no issue '%s' "
					    "in the ledger", id);
				else if ((is = sf_strset_get(&c->issues, id)))
					check_item(c, &loc, mid, m, id, is);
			}
			p += strcspn(p, "\n");
			while (*p == '\n')
				p++;
		}
		free(rel);
	}
	for (i = 0; i < c->similar.cap; i++) {
		const char *key = c->similar.slot[i], *tab;
		char rel[256];

		if (!key || !(tab = strchr(key, '\t')) ||
		    (size_t)(tab - key) >= sizeof(rel))
			continue;
		memcpy(rel, key, (size_t)(tab - key));
		rel[tab - key] = '\0';
		loc.file = rel;
		loc.field = "screening.similar";
		if (!sf_strset_has(&c->issues, tab + 1))
			sf_diag_add(c->d, &loc, "no issue '%s' in the ledger",
			    tab + 1);
	}
}

static void
free_values(struct sf_strset *s)
{
	size_t i;

	for (i = 0; i < s->cap; i++)
		free(s->val[i]);
	sf_strset_clear(s);
}

/* What git left in progress in the clone; for a merge that stopped on a
 * conflict, each conflicting field, as sanfen-sync would merge it. */
static void
check_git_state(struct checker *c)
{
	struct sf_conflicts cf;
	struct sf_change *ch;
	struct sf_merge_stats ms;
	struct sf_loc loc = { 0 };
	git_oid theirs;
	size_t i;

	if (sf_clone_idle(c->l->repo, 0) == 0)
		return;
	sf_diag_add(c->d, NULL, "%s", sf_error_message());
	if (git_repository_state(c->l->repo) != GIT_REPOSITORY_STATE_MERGE ||
	    sf_clone_merge_head(c->l->repo, &theirs) < 0 || c->l->unborn)
		return;
	sf_conflicts_init(&cf);
	ch = sf_change_new();
	if (sf_merge_commits(c->l, &theirs, NULL, ch, &cf, &ms) ==
	    SF_ECONFLICT)
		for (i = 0; i < cf.n; i++) {
			loc.file = cf.v[i].file;
			loc.field = cf.v[i].key;
			sf_diag_add(c->d, &loc, "conflict: ours %s, theirs %s "
			    "(was %s); settle it with sanfen-sync --resolve "
			    "%s %s ours|theirs|VALUE", cf.v[i].ours,
			    cf.v[i].theirs, cf.v[i].base, cf.v[i].file,
			    cf.v[i].key);
		}
	sf_error_clear();
	sf_change_free(ch);
	sf_conflicts_clear(&cf);
}

int
sf_check_ledger(struct sf_ledger *l, struct sf_diags *d,
    struct sf_check_stats *st)
{
	struct checker c;
	int rc;

	memset(&c, 0, sizeof(c));
	memset(st, 0, sizeof(*st));
	c.l = l;
	c.d = d;
	c.st = st;
	check_git_state(&c);
	if ((rc = sf_issues_walk(l, check_issue, &c)) == 0 &&
	    (rc = sf_meetings_walk(l, check_meeting, &c)) == 0)
		check_references(&c);
	free_values(&c.issues);
	free_values(&c.meetings);
	sf_strset_clear(&c.similar);
	return rc;
}
