#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "enums.h"
#include "error.h"
#include "guard.h"
#include "i18n.h"
#include "issue.h"
#include "lifecycle.h"
#include "meeting.h"
#include "merge.h"
#include "merge_tree.h"
#include "signing.h"
#include "strset.h"
#include "treediff.h"
#include "units.h"
#include "xalloc.h"

/* The rules in force for a commit: read from one commit's tree, parsed
 * again only when a file changed. */
struct authority {
	git_oid units_id, config_id, signers_id;
	struct sf_units *units;
	struct sf_config *config;
	struct sf_buf signers;
	int bad;		/* the units or config there do not parse */
};

enum kind { K_USER, K_ISSUE, K_MEETING, K_ADMIN, K_BAD };

struct change {
	char *path;
	git_oid old_id, new_id;		/* against the first parent */
	unsigned old_mode, new_mode;
	enum kind kind;
	int known;			/* both sides read off the diff */
};

struct guard {
	struct sf_ledger *l;
	struct sf_diags *d;
	struct authority auth;
	git_oid since;
	int have_since;
	/* the commit being judged */
	git_commit *commit;
	git_tree *tree, *parent, *other, *base;
	char who[160];
	char limit[11];
	const char *action_text, *unit_text;
	int action, conflicting_actions;
	const struct sf_unit *by;
	struct change *v;
	size_t n, alloc;
	struct sf_strset meetings;	/* meeting ids the commit changes */
	struct sf_strset seen;		/* paths collected */
	struct dates {			/* meetings read, by blob */
		git_oid id;
		char held[11], issued[11];
		char *items;		/* "\nID\nID\n": the issues on it */
		int ok;
	} dates[32];
	size_t ndates, nextdate;	/* slots used, the next to reuse */
	int against_first;		/* collecting the first parent's diff */
	struct sf_buf esc;
};

/* Findings */

__attribute__((format(printf, 4, 5)))
static void
reject(struct guard *g, const char *path, const char *field,
    const char *fmt, ...)
{
	struct sf_buf file = SF_BUF_INIT, f = SF_BUF_INIT;
	struct sf_loc loc = { 0 };
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), sf_gettext(fmt), ap);
	va_end(ap);
	if (path) {
		sf_buf_add_escaped(&file, path);
		loc.file = file.buf;
	}
	if (field) {
		sf_buf_add_escaped(&f, field);
		loc.field = f.buf;
	}
	sf_diag_add(g->d, &loc, "commit %s: %s", g->who, msg);
	sf_buf_release(&file);
	sf_buf_release(&f);
}

/* An untrusted string, escaped, for a message (valid until the next). */
static const char *
esc(struct guard *g, const char *s)
{
	sf_buf_reset(&g->esc);
	sf_buf_add_escaped(&g->esc, s ? s : "");
	return g->esc.buf;
}

/* Blobs and trees */

static int
blob_at(git_repository *repo, git_tree *tree, const char *path,
    git_blob **out, git_oid *id)
{
	git_tree_entry *e = NULL;
	int rc;

	*out = NULL;
	if (id)
		memset(id, 0, sizeof(*id));
	if (!tree || git_tree_entry_bypath(&e, tree, path) < 0)
		return 0;
	if (id)
		git_oid_cpy(id, git_tree_entry_id(e));
	rc = git_tree_entry_type(e) == GIT_OBJECT_BLOB ?
	    git_blob_lookup(out, repo, git_tree_entry_id(e)) : 0;
	git_tree_entry_free(e);
	return rc < 0 ? -1 : 0;
}

/* Authority */

static void
authority_clear(struct authority *a)
{
	sf_units_free(a->units);
	sf_config_free(a->config);
	sf_buf_release(&a->signers);
	memset(a, 0, sizeof(*a));
}

static int
authority_read(struct guard *g, git_tree *tree)
{
	struct authority *a = &g->auth;
	git_repository *repo = g->l->repo;
	git_blob *b = NULL;
	git_oid id;

	if (blob_at(repo, tree, SF_CONFIG_PATH, &b, &id) < 0)
		return -1;
	if (!a->config || !git_oid_equal(&id, &a->config_id)) {
		sf_config_free(a->config);
		a->config = NULL;
		git_oid_cpy(&a->config_id, &id);
		if (!b || sf_config_parse(SF_CONFIG_PATH,
		    git_blob_rawcontent(b), (size_t)git_blob_rawsize(b),
		    &a->config) < 0)
			a->config = NULL;
	}
	git_blob_free(b);
	if (blob_at(repo, tree, SF_UNITS_PATH, &b, &id) < 0)
		return -1;
	if (!a->units || !git_oid_equal(&id, &a->units_id)) {
		sf_units_free(a->units);
		a->units = NULL;
		git_oid_cpy(&a->units_id, &id);
		if (!b || sf_units_parse(SF_UNITS_PATH, git_blob_rawcontent(b),
		    (size_t)git_blob_rawsize(b), &a->units) < 0)
			a->units = NULL;
	}
	git_blob_free(b);
	sf_error_clear();
	a->bad = !a->config || !a->units;
	if (a->config) {
		if (blob_at(repo, tree, a->config->allowed_signers, &b,
		    &id) < 0)
			return -1;
		if (!git_oid_equal(&id, &a->signers_id) ||
		    (b && !a->signers.len)) {
			git_oid_cpy(&a->signers_id, &id);
			sf_buf_reset(&a->signers);
			if (b)
				sf_buf_add(&a->signers, git_blob_rawcontent(b),
				    (size_t)git_blob_rawsize(b));
		}
		git_blob_free(b);
	}
	return 0;
}

/* Layout */

static int
has_control(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 1;
	return 0;
}

static enum kind
classify(const struct guard *g, const char *path)
{
	char id[64];

	/* issues/YYYY/MM/<id>.yaml, meetings/YYYY/<id>.yaml, exactly */
	if (strncmp(path, "issues/", 7) == 0)
		return sf_issue_path_id(path, id, sizeof(id)) ? K_ISSUE : K_BAD;
	if (strncmp(path, "meetings/", 9) == 0)
		return sf_meeting_path_id(path, id, sizeof(id)) ? K_MEETING :
		    K_BAD;
	if (sf_is_ledger_path(path) || (g->auth.config && strcmp(path,
	    g->auth.config->allowed_signers) == 0))
		return K_ADMIN;
	return K_USER;
}

static int
collect(const struct sf_tree_change *tc, void *ctx)
{
	struct guard *g = ctx;
	struct change *c;

	if (!sf_strset_add(&g->seen, tc->path))
		return 0;
	if (g->n == g->alloc) {
		g->alloc = g->alloc ? 2 * g->alloc : 16;
		g->v = xrealloc(g->v, g->alloc * sizeof(*g->v));
	}
	c = &g->v[g->n++];
	memset(c, 0, sizeof(*c));
	c->path = xstrdup(tc->path);
	c->kind = classify(g, tc->path);
	if (g->against_first) {
		git_oid_cpy(&c->old_id, &tc->old_id);
		git_oid_cpy(&c->new_id, &tc->new_id);
		c->old_mode = tc->old_mode;
		c->new_mode = tc->new_mode;
		c->known = 1;
	}
	return 0;
}

/* Each side of a change as the first parent and the commit have it. */
static void
sides(struct guard *g, struct change *c)
{
	git_tree_entry *e;

	if (g->parent && git_tree_entry_bypath(&e, g->parent, c->path) == 0) {
		git_oid_cpy(&c->old_id, git_tree_entry_id(e));
		c->old_mode = (unsigned)git_tree_entry_filemode(e);
		git_tree_entry_free(e);
	}
	if (git_tree_entry_bypath(&e, g->tree, c->path) == 0) {
		git_oid_cpy(&c->new_id, git_tree_entry_id(e));
		c->new_mode = (unsigned)git_tree_entry_filemode(e);
		git_tree_entry_free(e);
	}
}

/* 1 when the change is fit to be read further */
static int
check_layout(struct guard *g, const struct change *c)
{
	if (has_control(c->path)) {
		reject(g, c->path, NULL, "a file name may not hold control "
		    "characters");
		return 0;
	}
	if (c->kind == K_USER)
		return 1;
	if (c->kind == K_BAD && c->new_mode) {
		reject(g, c->path, NULL, "not a ledger path: issues/YYYY/MM/"
		    "<id>.yaml and meetings/YYYY/<id>.yaml only (a file where "
		    "a folder belongs, or a name that does not match its id)");
		return 0;
	}
	if (c->new_mode && c->new_mode != GIT_FILEMODE_BLOB) {
		reject(g, c->path, NULL, "a ledger file must be a regular, "
		    "non-executable file (mode %06o)", c->new_mode);
		return 0;
	}
	if (!c->new_mode && c->old_mode) {
		reject(g, c->path, NULL, "a ledger file is never removed "
		    "(withdraw or close the issue instead)");
		return 0;
	}
	return c->kind != K_BAD;
}

/* Reading records */

/* The blob id names; *b NULL for a zero id (the file is absent there). */
static int
read_blob(struct guard *g, const git_oid *id, const char *path,
    git_blob **b)
{
	*b = NULL;
	if (!git_oid_is_zero(id) && git_blob_lookup(b, g->l->repo, id) < 0)
		return sf_error_git("cannot read %s", path);
	return 0;
}

static int
read_issue(struct guard *g, const git_oid *id, const char *path,
    struct sf_issue **out)
{
	git_blob *b;
	int rc;

	*out = NULL;
	if ((rc = read_blob(g, id, path, &b)) < 0 || !b)
		return rc;
	rc = sf_issue_parse(path, git_blob_rawcontent(b),
	    (size_t)git_blob_rawsize(b), g->auth.units, SF_ISSUE_FULL, out);
	git_blob_free(b);
	return rc;
}

static int
read_meeting(struct guard *g, const git_oid *id, const char *path,
    struct sf_meeting **out)
{
	git_blob *b;
	int rc;

	*out = NULL;
	if ((rc = read_blob(g, id, path, &b)) < 0 || !b)
		return rc;
	rc = sf_meeting_parse(path, git_blob_rawcontent(b),
	    (size_t)git_blob_rawsize(b), g->auth.units, out);
	git_blob_free(b);
	return rc;
}

/* A meeting as the commit has it: its dates and the issues on it. A
 * meeting file is large and seldom changes, so each blob is read once.
 * NULL when the commit has no such meeting. */
static const struct dates *
meeting_read(struct guard *g, const char *id)
{
	struct sf_meeting *m = NULL;
	git_tree_entry *e = NULL;
	git_blob *b = NULL;
	struct dates *d = NULL;
	struct sf_buf items = SF_BUF_INIT;
	char *path = sf_meeting_path(id);
	size_t i;

	if (!path || git_tree_entry_bypath(&e, g->tree, path) < 0)
		goto out;
	for (i = 0; i < g->ndates && !d; i++)
		if (git_oid_equal(&g->dates[i].id, git_tree_entry_id(e)))
			d = &g->dates[i];
	if (!d) {
		d = &g->dates[g->nextdate];
		g->nextdate = (g->nextdate + 1) % (sizeof(g->dates) /
		    sizeof(g->dates[0]));
		if (g->ndates < sizeof(g->dates) / sizeof(g->dates[0]))
			g->ndates++;
		free(d->items);
		memset(d, 0, sizeof(*d));
		git_oid_cpy(&d->id, git_tree_entry_id(e));
		if (git_blob_lookup(&b, g->l->repo, &d->id) == 0 &&
		    sf_meeting_parse(path, git_blob_rawcontent(b),
		    (size_t)git_blob_rawsize(b), g->auth.units, &m) == 0) {
			snprintf(d->held, 11, "%s", m->held ? m->held : "");
			snprintf(d->issued, 11, "%s", m->issued ? m->issued :
			    "");
			sf_buf_init(&items);
			sf_buf_addch(&items, '\n');
			for (i = 0; i < m->nitems; i++)
				sf_buf_addf(&items, "%s\n", m->items[i].issue);
			d->items = sf_buf_detach(&items, NULL);
			d->ok = 1;
		}
	}
out:
	sf_error_clear();
	sf_meeting_free(m);
	git_blob_free(b);
	git_tree_entry_free(e);
	free(path);
	return d;
}

/* The held and issued dates of a meeting as the commit has it. */
static int
meeting_dates(void *ctx, const char *id, char held[11], char issued[11])
{
	const struct dates *d = meeting_read(ctx, id);

	if (!d || !d->ok)
		return -1;
	memcpy(held, d->held, 11);
	memcpy(issued, d->issued, 11);
	return 0;
}

/* 1 when the meeting id, as the commit has it, has an item for issue;
 * 0 when not, -1 when it does not read. */
static int
meeting_lists(struct guard *g, const char *id, const char *issue)
{
	const struct dates *d = meeting_read(g, id);
	const char *p;
	size_t n = strlen(issue);

	if (!d || !d->ok)
		return -1;
	for (p = d->items; (p = strstr(p, issue)) != NULL; p += n)
		if (p[-1] == '\n' && p[n] == '\n')
			return 1;
	return 0;
}

/* Whether issue is scheduled for meeting as a parent of the commit has
 * it, or as the commit leaves it (an issue file that does not read is
 * taken for scheduled; one that is not there, for on no meeting). */
static int
scheduled_for(void *ctx, const char *issue, const char *meeting)
{
	struct guard *g = ctx;
	git_tree *trees[3];
	struct sf_issue *is;
	git_blob *b;
	char *path = sf_issue_path(issue);
	size_t i;
	int on = 0;

	trees[0] = g->parent;
	trees[1] = g->other;
	trees[2] = g->tree;
	for (i = 0; path && i < 3 && !on; i++) {
		if (!trees[i])
			continue;
		if (blob_at(g->l->repo, trees[i], path, &b, NULL) < 0) {
			on = 1;
			break;
		}
		if (!b)
			continue;
		is = NULL;
		if (sf_issue_parse(path, git_blob_rawcontent(b),
		    (size_t)git_blob_rawsize(b), g->auth.units, SF_ISSUE_FULL,
		    &is) < 0)
			on = 1;
		else
			on = sf_issue_scheduled_for(is, meeting);
		sf_issue_free(is);
		git_blob_free(b);
	}
	sf_error_clear();
	free(path);
	return on;
}

static void
judge_init(struct guard *g, struct sf_judge *j)
{
	memset(j, 0, sizeof(*j));
	j->action = g->action;
	j->units = g->auth.units;
	j->config = g->auth.config;
	j->by = g->by;
	j->limit = g->limit;
	j->meeting_dates = meeting_dates;
	j->scheduled_for = scheduled_for;
	j->ctx = g;
}

/* The error of a file that does not read, as one finding. */
static void
unreadable(struct guard *g, const char *path)
{
	reject(g, path, NULL, "%s", esc(g, sf_error_message()));
	sf_error_clear();
}

static void
judge_issue(struct guard *g, const struct change *c, const git_oid *from)
{
	struct sf_issue *old = NULL, *new = NULL;
	struct sf_judge j;
	const char *m;

	if (read_issue(g, from, c->path, &old) < 0 ||
	    read_issue(g, &c->new_id, c->path, &new) < 0) {
		unreadable(g, c->path);
		goto out;
	}
	judge_init(g, &j);
	if (sf_judge_issue(&j, c->path, old, new) < 0) {
		reject(g, c->path, j.field, "%s (%s by %s)", j.why,
		    esc(g, g->action_text), g->unit_text ? g->unit_text :
		    "-");
		sf_error_clear();
		goto out;
	}
	/* agenda and minutes change the meeting in the same commit */
	if (!j.row || !(j.row->flags & SF_WITH_MEETING))
		goto out;
	m = new && new->meeting ? new->meeting : old ? old->meeting : NULL;
	if (!m || !sf_strset_has(&g->meetings, m))
		reject(g, c->path, "meeting", "'%s' changes an issue's place "
		    "on a meeting only with that meeting's file (%s)",
		    sf_action_name(g->action), m ? m : "none");
	/* and that file agrees: an issue put on a meeting has an item
	 * there, one dropped from it has none left (a deferred one keeps
	 * its item) */
	else if (new && new->meeting && meeting_lists(g, m, new->id) != 1)
		reject(g, c->path, "meeting", "'%s' puts the issue on meeting "
		    "%s, but that meeting has no item for it",
		    sf_action_name(g->action), m);
	else if (new && !new->meeting && g->action == SF_ACT_AGENDA_DROP &&
	    meeting_lists(g, m, new->id) != 0)
		reject(g, c->path, "meeting", "'%s' takes the issue off meeting "
		    "%s, but that meeting keeps its item",
		    sf_action_name(g->action), m);
out:
	sf_issue_free(old);
	sf_issue_free(new);
}

static void
judge_meeting(struct guard *g, const struct change *c, const git_oid *from)
{
	struct sf_meeting *old = NULL, *new = NULL;
	struct sf_judge j;

	if (read_meeting(g, from, c->path, &old) < 0 ||
	    read_meeting(g, &c->new_id, c->path, &new) < 0) {
		unreadable(g, c->path);
		goto out;
	}
	judge_init(g, &j);
	if (sf_judge_meeting(&j, c->path, old, new) < 0) {
		reject(g, c->path, j.field, "%s (%s by %s)", j.why,
		    esc(g, g->action_text), g->unit_text ? g->unit_text :
		    "-");
		sf_error_clear();
	}
out:
	sf_meeting_free(old);
	sf_meeting_free(new);
}

/* What a change of units.yaml touches: units[ID].roles for a role given
 * or taken, else the file (valid until the next call). */
static const char *
admin_field(struct guard *g, const struct change *c)
{
	static char field[96];
	struct sf_units *u = NULL;
	const struct sf_unit *was;
	git_blob *b = NULL;
	size_t i;

	snprintf(field, sizeof(field), "(file)");
	if (strcmp(c->path, SF_UNITS_PATH) != 0 || !g->auth.units ||
	    git_blob_lookup(&b, g->l->repo, &c->new_id) < 0 ||
	    sf_units_parse(c->path, git_blob_rawcontent(b),
	    (size_t)git_blob_rawsize(b), &u) < 0)
		goto out;
	for (i = 0; i < u->n; i++) {
		was = sf_units_find(g->auth.units, u->v[i].id);
		if (!was || was->roles != u->v[i].roles) {
			snprintf(field, sizeof(field), "units[%s].roles",
			    u->v[i].id);
			break;
		}
	}
out:
	sf_error_clear();
	sf_units_free(u);
	git_blob_free(b);
	return field;
}

/* units.yaml, the config and the signers: by admin, and still valid */
static void
judge_admin(struct guard *g, const struct change *c, int root)
{
	git_blob *b = NULL;
	void *parsed = NULL;
	int rc = 0;

	if (!(g->action == SF_ACT_ADMIN || (root && g->action ==
	    SF_ACT_INIT))) {
		reject(g, c->path, NULL, "the ledger's rules change only by "
		    "sanfen-admin (Sanfen-Action: admin), not by '%s'",
		    esc(g, g->action_text));
		return;
	}
	if (!root && !sf_units_is_admin(g->auth.units, g->by)) {
		reject(g, c->path, admin_field(g, c), "unit '%s' does not "
		    "hold the role admin", esc(g, g->unit_text));
		return;
	}
	if (git_blob_lookup(&b, g->l->repo, &c->new_id) < 0)
		return;
	if (strcmp(c->path, SF_UNITS_PATH) == 0)
		rc = sf_units_parse(c->path, git_blob_rawcontent(b),
		    (size_t)git_blob_rawsize(b), (struct sf_units **)&parsed);
	else if (strcmp(c->path, SF_CONFIG_PATH) == 0)
		rc = sf_config_parse(c->path, git_blob_rawcontent(b),
		    (size_t)git_blob_rawsize(b), (struct sf_config **)&parsed);
	if (rc < 0)
		unreadable(g, c->path);
	if (strcmp(c->path, SF_UNITS_PATH) == 0)
		sf_units_free(parsed);
	else
		sf_config_free(parsed);
	git_blob_free(b);
}

/* Merges */

static int
version(git_repository *repo, git_tree *tree, const char *path,
    git_blob **b, struct sf_version *v)
{
	if (blob_at(repo, tree, path, b, NULL) < 0)
		return -1;
	v->data = *b ? git_blob_rawcontent(*b) : NULL;
	v->len = *b ? (size_t)git_blob_rawsize(*b) : 0;
	return 0;
}

/* The field-level merge of the parents into out: 0, 1 (the file goes),
 * or SF_ECONFLICT, with each side of the conflicts tried (settled for ours,
 * or for theirs) against want. */
static int
merged(struct guard *g, const struct change *c, const struct sf_version *want,
    struct sf_buf *out)
{
	git_blob *bb = NULL, *bo = NULL, *bt = NULL;
	struct sf_version base, ours, theirs;
	struct sf_conflicts cf;
	struct sf_resolutions res = { NULL, 0 };
	size_t i;
	int rc, side;

	sf_conflicts_init(&cf);
	if (version(g->l->repo, g->base, c->path, &bb, &base) < 0 ||
	    version(g->l->repo, g->parent, c->path, &bo, &ours) < 0 ||
	    version(g->l->repo, g->other, c->path, &bt, &theirs) < 0) {
		rc = -1;
		goto out;
	}
	rc = sf_merge_file(c->path, &base, &ours, &theirs, g->auth.units,
	    NULL, out, &cf);
	if (rc != SF_ECONFLICT || !cf.n)
		goto out;
	res.v = xcalloc(cf.n, sizeof(*res.v));
	res.n = cf.n;
	for (side = SF_TAKE_OURS; side <= SF_TAKE_THEIRS; side++) {
		struct sf_conflicts again;

		for (i = 0; i < cf.n; i++) {
			res.v[i].who = cf.v[i].file;
			res.v[i].key = cf.v[i].key;
			res.v[i].side = side;
			res.v[i].used = 0;
		}
		sf_conflicts_init(&again);
		sf_buf_reset(out);
		rc = sf_merge_file(c->path, &base, &ours, &theirs,
		    g->auth.units, &res, out, &again);
		sf_conflicts_clear(&again);
		if (rc == 0 && want->data && out->len == want->len &&
		    memcmp(out->buf, want->data, want->len) == 0)
			break;
	}
	/* settled for neither side: still a conflict */
	if (side > SF_TAKE_THEIRS)
		rc = SF_ECONFLICT;
out:
	sf_error_clear();
	free(res.v);
	sf_conflicts_clear(&cf);
	git_blob_free(bb);
	git_blob_free(bo);
	git_blob_free(bt);
	return rc;
}

/* The first field where a merge's file differs from the merge of its
 * parents, for the finding (valid until the next call). */
static const char *
merge_field(struct guard *g, const struct change *c, int rc,
    const struct sf_buf *out)
{
	static char field[96];
	struct sf_issue *want = NULL, *got = NULL;
	struct sf_judge j;
	git_oid mid;

	snprintf(field, sizeof(field), "(file)");
	if (c->kind != K_ISSUE || rc != 0 ||
	    git_blob_create_from_buffer(&mid, g->l->repo, out->buf,
	    out->len) < 0)
		return field;
	if (read_issue(g, &mid, c->path, &want) == 0 &&
	    read_issue(g, &c->new_id, c->path, &got) == 0 && want && got) {
		judge_init(g, &j);
		j.action = SF_ACT_SYNC;
		if (sf_judge_issue(&j, c->path, want, got) < 0)
			snprintf(field, sizeof(field), "%s", j.field);
	}
	sf_error_clear();
	sf_issue_free(want);
	sf_issue_free(got);
	return field;
}

/* A conflict settled with a value of the merger's own (sanfen-sync
 * --resolve ID KEY VALUE): the change from the merge base's version is
 * one some action explains, taken by the merging unit. */
static int
settled_by_an_action(struct guard *g, const struct change *c)
{
	struct sf_issue *old = NULL, *new = NULL;
	struct sf_judge j;
	git_tree_entry *e = NULL;
	git_oid from;
	int a, ok = 0;

	/* from the merge base: the value replaces what both sides did */
	memset(&from, 0, sizeof(from));
	if (g->base && git_tree_entry_bypath(&e, g->base, c->path) == 0)
		git_oid_cpy(&from, git_tree_entry_id(e));
	git_tree_entry_free(e);
	if (c->kind != K_ISSUE || read_issue(g, &from, c->path, &old) < 0 ||
	    read_issue(g, &c->new_id, c->path, &new) < 0 || !new)
		goto out;
	for (a = 0; a < SF_ACT_COUNT && !ok; a++) {
		judge_init(g, &j);
		j.action = a;
		ok = sf_judge_issue(&j, c->path, old, new) == 0;
	}
out:
	sf_error_clear();
	sf_issue_free(old);
	sf_issue_free(new);
	return ok;
}

/* A merge's file: the field-level merge of its parents, or the merger's
 * own change on top of it, judged as any commit is. */
static void
judge_merged(struct guard *g, struct change *c)
{
	struct sf_buf out = SF_BUF_INIT;
	git_blob *b = NULL;
	struct sf_version want;
	git_oid mid;
	int rc;

	if (version(g->l->repo, g->tree, c->path, &b, &want) < 0)
		goto out;
	rc = merged(g, c, &want, &out);
	if (rc == 0 && want.data && out.len == want.len &&
	    memcmp(out.buf, want.data, want.len) == 0)
		goto out;
	if (rc == 1 && !want.data)
		goto out;
	if (rc == SF_ECONFLICT && g->action == SF_ACT_SYNC &&
	    settled_by_an_action(g, c))
		goto out;
	if (rc < 0 || g->action < 0 || g->action == SF_ACT_SYNC) {
		reject(g, c->path, merge_field(g, c, rc, &out), "the merge "
		    "result is not the field-level merge of its parents%s",
		    rc == SF_ECONFLICT ? _(" (a conflict settled for neither "
		    "side)") : "");
		goto out;
	}
	/* the merger's own change, from the merge of the parents */
	if (git_blob_create_from_buffer(&mid, g->l->repo, out.buf,
	    out.len) < 0)
		goto out;
	if (c->kind == K_ISSUE)
		judge_issue(g, c, rc == 1 ? &c->old_id : &mid);
	else if (c->kind == K_MEETING)
		judge_meeting(g, c, &mid);
	else
		judge_admin(g, c, 0);
out:
	sf_buf_release(&out);
	git_blob_free(b);
}

/* Signatures */

/* The principals of an allowed signers file, one a line. */
static void
principals(const struct sf_buf *signers, struct sf_strset *out)
{
	const char *p = signers->buf, *e, *end = signers->buf + signers->len;
	char name[128];
	size_t n;

	for (; p && p < end; p = e ? e + 1 : NULL) {
		e = memchr(p, '\n', (size_t)(end - p));
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p >= end || *p == '#' || *p == '\n')
			continue;
		n = strcspn(p, " \t\n,");
		if (n && n < sizeof(name)) {
			snprintf(name, sizeof(name), "%.*s", (int)n, p);
			sf_strset_add(out, name);
		}
	}
}

static int
check_signature(struct guard *g)
{
	git_buf sig = GIT_BUF_INIT_CONST(NULL, 0),
	    data = GIT_BUF_INIT_CONST(NULL, 0);
	struct sf_buf why = SF_BUF_INIT;
	struct sf_strset who = SF_STRSET_INIT;
	const char *signers = g->auth.config->allowed_signers;
	size_t i;
	int rc = 0, ok = 0;

	sf_strset_init(&who);
	if (git_commit_extract_signature(&sig, &data, g->l->repo,
	    (git_oid *)git_commit_id(g->commit), NULL) < 0) {
		sf_error_clear();
		reject(g, NULL, NULL, "not signed, and signing.require is "
		    "true");
		goto out;
	}
	if (!g->auth.signers.len) {
		reject(g, signers, NULL, "signed, but the allowed signers "
		    "file in force is missing or empty");
		goto out;
	}
	/* the unit the commit speaks for; a commit of no unit (a plain
	 * merge) is signed by any registered unit */
	if (g->unit_text)
		sf_strset_add(&who, g->unit_text);
	else
		principals(&g->auth.signers, &who);
	for (i = 0; i < who.cap && !ok; i++) {
		if (!who.slot[i])
			continue;
		ok = sf_ssh_verify(g->auth.signers.buf, g->auth.signers.len,
		    who.slot[i], data.ptr, data.size, sig.ptr, &why);
		if (ok < 0) {
			rc = ok;
			goto out;
		}
	}
	if (!ok)
		reject(g, NULL, NULL, "the signature is not by a key "
		    "registered to unit '%s' in %s as in force before the "
		    "commit%s%s", g->unit_text ? esc(g, g->unit_text) : "-",
		    signers, why.len ? ": " : "", why.len ?
		    esc(g, why.buf) : "");
out:
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	sf_buf_release(&why);
	sf_strset_clear(&who);
	return rc;
}

/* One commit */

static void
read_trailers(struct guard *g, struct sf_arena *a, const char *msg)
{
	git_message_trailer_array arr;
	size_t i;

	g->action_text = g->unit_text = NULL;
	g->conflicting_actions = 0;
	if (git_message_trailers(&arr, msg) < 0)
		return;
	for (i = 0; i < arr.count; i++) {
		const char *k = arr.trailers[i].key, *v = arr.trailers[i].value;

		if (strcmp(k, SF_TR_ACTION) == 0) {
			if (g->action_text && strcmp(g->action_text, v))
				g->conflicting_actions = 1;
			g->action_text = sf_arena_strdup(a, v);
		} else if (strcmp(k, SF_TR_UNIT) == 0) {
			if (g->unit_text && strcmp(g->unit_text, v))
				g->conflicting_actions = 1;
			g->unit_text = sf_arena_strdup(a, v);
		}
	}
	git_message_trailer_array_free(&arr);
}

static void
commit_date(git_commit *c, char out[11])
{
	const git_signature *s = git_commit_committer(c);
	time_t t = (time_t)(s->when.time + (git_time_t)s->when.offset * 60);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int
open_trees(struct guard *g)
{
	git_commit *p = NULL, *q = NULL;
	git_oid base;
	int rc = 0;

	if (git_commit_tree(&g->tree, g->commit) < 0)
		return -1;
	if (git_commit_parentcount(g->commit) == 0)
		return 0;
	if (git_commit_parent(&p, g->commit, 0) < 0 ||
	    git_commit_tree(&g->parent, p) < 0)
		rc = -1;
	if (!rc && git_commit_parentcount(g->commit) > 1) {
		if (git_commit_parent(&q, g->commit, 1) < 0 ||
		    git_commit_tree(&g->other, q) < 0)
			rc = -1;
		else if (git_merge_base(&base, g->l->repo, git_commit_id(p),
		    git_commit_id(q)) == 0) {
			git_commit *bc = NULL;

			if (git_commit_lookup(&bc, g->l->repo, &base) < 0 ||
			    git_commit_tree(&g->base, bc) < 0)
				rc = -1;
			git_commit_free(bc);
		}
		sf_error_clear();
	}
	git_commit_free(p);
	git_commit_free(q);
	return rc;
}

static void
close_commit(struct guard *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		free(g->v[i].path);
	g->n = 0;
	git_tree_free(g->tree);
	git_tree_free(g->parent);
	git_tree_free(g->other);
	git_tree_free(g->base);
	g->tree = g->parent = g->other = g->base = NULL;
	sf_strset_clear(&g->meetings);
	sf_strset_init(&g->meetings);
	sf_strset_clear(&g->seen);
	sf_strset_init(&g->seen);
}

static int
authority_for(struct guard *g)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	int rc;

	if (g->have_since) {
		if (git_commit_lookup(&c, g->l->repo, &g->since) < 0 ||
		    git_commit_tree(&t, c) < 0)
			rc = -1;
		else
			rc = authority_read(g, t);
	} else {
		rc = authority_read(g, g->parent ? g->parent : g->tree);
	}
	git_tree_free(t);
	git_commit_free(c);
	return rc;
}

static int
judge_commit(struct guard *g)
{
	struct sf_arena *a = sf_arena_new();
	git_oid zero;
	size_t i, ledger = 0;
	int rc, root, merge, nparents;
	char id[8];

	memset(&zero, 0, sizeof(zero));
	git_oid_tostr(id, sizeof(id), git_commit_id(g->commit));
	read_trailers(g, a, git_commit_message(g->commit));
	snprintf(g->who, sizeof(g->who), "%s (%s)", id,
	    esc(g, git_commit_author(g->commit)->name));
	commit_date(g->commit, g->limit);
	nparents = (int)git_commit_parentcount(g->commit);
	root = nparents == 0;
	merge = nparents > 1;
	if ((rc = open_trees(g)) < 0 || (rc = authority_for(g)) < 0) {
		rc = sf_error_git("cannot read commit %s", id);
		goto out;
	}
	g->action = sf_action_lookup(g->action_text);
	g->by = NULL;
	if (g->unit_text && g->auth.units) {
		g->by = sf_units_find(g->auth.units, g->unit_text);
		if (g->by && strcmp(g->by->id, g->unit_text) != 0)
			g->by = NULL;
	}
	g->against_first = 1;
	if ((rc = sf_tree_diff(g->l->repo, g->parent ?
	    git_tree_id(g->parent) : &zero, git_tree_id(g->tree), "",
	    collect, g)) < 0 || (g->against_first = 0, merge &&
	    (rc = sf_tree_diff(g->l->repo, git_tree_id(g->other),
	    git_tree_id(g->tree), "", collect, g)) < 0)) {
		rc = sf_error_git("cannot compare commit %s", id);
		goto out;
	}
	for (i = 0; i < g->n; i++) {
		if (!g->v[i].known)
			sides(g, &g->v[i]);
		ledger += g->v[i].kind != K_USER;
		if (g->v[i].kind == K_MEETING) {
			const char *b = strrchr(g->v[i].path, '/') + 1;

			sf_strset_add(&g->meetings, sf_arena_strndup(a, b,
			    strlen(b) - 5));
		}
	}
	/* a clock set forward would let events be dated in the future */
	if (strcmp(g->limit, g->l->today) > 0)
		reject(g, NULL, NULL, "the commit is dated %s, after today "
		    "(%s)", g->limit, g->l->today);
	/* a push grows the branch it judges: a second root would bring
	 * settings of its own, judged against nothing */
	if (root && g->have_since)
		reject(g, NULL, NULL, "a root commit may not be pushed onto a "
		    "ledger's history");
	if (ledger && g->auth.bad && !root)
		reject(g, NULL, NULL, "the units or config in force before "
		    "this commit do not read: nothing is judged against them");
	if (ledger && nparents > 2)
		reject(g, NULL, NULL, "a merge of more than two parents may "
		    "not change ledger files");
	if (ledger && !merge && !g->action_text) {
		reject(g, NULL, NULL, "changed ledger files without Sanfen "
		    "trailers");
		ledger = 0;
	} else if (ledger && g->action_text && (g->action < 0 ||
	    g->conflicting_actions)) {
		reject(g, NULL, NULL, g->conflicting_actions ? "more than one "
		    "Sanfen-Action or Sanfen-Unit" : "unknown action '%s'",
		    esc(g, g->action_text));
		ledger = 0;
	} else if (ledger && g->unit_text && !g->by && !root) {
		reject(g, NULL, NULL, "no registered unit '%s' (Sanfen-Unit)",
		    esc(g, g->unit_text));
		ledger = 0;
	}
	if (ledger && g->by && g->by->retired && strcmp(g->limit,
	    g->by->retired) >= 0) {
		reject(g, NULL, NULL, "unit '%s' was retired on %s",
		    g->by->id, g->by->retired);
		ledger = 0;
	}
	for (i = 0; ledger && i < g->n; i++) {
		struct change *c = &g->v[i];

		if (!check_layout(g, c) || c->kind == K_USER)
			continue;
		if (root && c->kind != K_ADMIN) {
			reject(g, c->path, NULL, "the first commit holds the "
			    "settings only");
			continue;
		}
		if (merge)
			judge_merged(g, c);
		else if (c->kind == K_ISSUE)
			judge_issue(g, c, &c->old_id);
		else if (c->kind == K_MEETING)
			judge_meeting(g, c, &c->old_id);
		else
			judge_admin(g, c, root);
	}
	for (i = 0; !ledger && i < g->n; i++)
		if (has_control(g->v[i].path))
			reject(g, g->v[i].path, NULL, "a file name may not "
			    "hold control characters");
	rc = 0;
	if (g->auth.config && g->auth.config->require_signed && !root)
		rc = check_signature(g);
out:
	close_commit(g);
	sf_arena_free(a);
	return rc;
}

int
sf_guard_check(struct sf_ledger *l, const char *since, struct sf_diags *d,
    size_t *ncommits)
{
	struct guard g;
	git_revwalk *walk = NULL;
	git_object *from = NULL;
	git_oid oid;
	size_t i;
	int rc;

	memset(&g, 0, sizeof(g));
	g.l = l;
	g.d = d;
	sf_strset_init(&g.meetings);
	sf_strset_init(&g.seen);
	sf_buf_init(&g.esc);
	sf_buf_init(&g.auth.signers);
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
		if (git_revparse_single(&from, l->repo, since) < 0 ||
		    git_object_peel((git_object **)&g.commit, from,
		    GIT_OBJECT_COMMIT) < 0) {
			rc = sf_error(SF_EINVALID, "--since: unknown revision "
			    "'%s'", since);
			goto out;
		}
		git_oid_cpy(&g.since, git_commit_id(g.commit));
		git_commit_free(g.commit);
		g.commit = NULL;
		g.have_since = 1;
		if (!git_oid_equal(&g.since, &l->head) &&
		    git_graph_descendant_of(l->repo, &l->head, &g.since) <= 0) {
			struct sf_loc loc = { 0 };
			char a[8], b[8];

			git_oid_tostr(a, sizeof(a), &g.since);
			git_oid_tostr(b, sizeof(b), &l->head);
			sf_diag_add(d, &loc, "%s is not an ancestor of %s: "
			    "the history was rewritten", a, b);
		}
		git_revwalk_hide(walk, &g.since);
	}
	while ((rc = git_revwalk_next(&oid, walk)) == 0) {
		if (git_commit_lookup(&g.commit, l->repo, &oid) < 0) {
			rc = sf_error_git("cannot read commit");
			goto out;
		}
		rc = judge_commit(&g);
		git_commit_free(g.commit);
		g.commit = NULL;
		(*ncommits)++;
		if (rc < 0)
			goto out;
	}
	rc = rc == GIT_ITEROVER ? 0 : sf_error_git("cannot walk the history");
out:
	close_commit(&g);
	for (i = 0; i < g.ndates; i++)
		free(g.dates[i].items);
	sf_strset_clear(&g.meetings);
	sf_strset_clear(&g.seen);
	authority_clear(&g.auth);
	free(g.v);
	sf_buf_release(&g.esc);
	git_object_free(from);
	git_revwalk_free(walk);
	return rc;
}
