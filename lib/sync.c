#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lifecycle.h"
#include "clone.h"
#include "error.h"
#include "gitlock.h"
#include "markers.h"
#include "ssh_auth.h"
#include "store.h"
#include "sync.h"
#include "xalloc.h"

extern char **environ;

int
sf_url_is_local(const char *url, const char **path)
{
	const char *colon = strchr(url, ':'), *slash = strchr(url, '/');

	if (strncmp(url, "file://", 7) == 0) {
		*path = url + 7;
		return 1;
	}
	if (strstr(url, "://"))
		return 0;
	/* scp-like host:path has a colon before any slash */
	if (colon && (!slash || colon < slash))
		return 0;
	*path = url;
	return 1;
}

/* One sync's state. */
struct sync {
	struct sf_ledger *l;
	const struct sf_sync_opts *o;
	struct sf_sync_result *r;
	git_remote *remote;
	char *local_ref;	/* refs/heads/main */
	char *remote_ref;	/* refs/heads/main on the remote */
	char *tracking;		/* refs/remotes/origin/main */
	git_oid tracking_was;	/* to restore on a conflict */
	int had_tracking;
	struct sf_ssh_auth auth;
	char *rejected;		/* a status the server gave our update */
};

static char *
config_str(git_repository *repo, const char *key)
{
	git_config *cfg = NULL;
	git_buf b = GIT_BUF_INIT_CONST(NULL, 0);
	char *v = NULL;

	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_string_buf(&b, cfg, key) == 0 && b.ptr && *b.ptr)
		v = xstrdup(b.ptr);
	git_buf_dispose(&b);
	git_config_free(cfg);
	return v;
}

static int
names(struct sync *s)
{
	git_reference *head = NULL;
	const char *branch;
	char key[512], *remote, *merge;
	struct sf_buf b = SF_BUF_INIT;

	if (git_reference_lookup(&head, s->l->repo, "HEAD") < 0)
		return sf_error_git("cannot read HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		git_reference_free(head);
		return sf_error(SF_EREFUSED, "HEAD is detached; check out a "
		    "branch first");
	}
	s->local_ref = xstrdup(git_reference_symbolic_target(head));
	git_reference_free(head);
	branch = s->local_ref + (strncmp(s->local_ref, "refs/heads/", 11) ?
	    0 : 11);
	snprintf(key, sizeof(key), "branch.%s.remote", branch);
	remote = s->o->remote ? xstrdup(s->o->remote) :
	    config_str(s->l->repo, key);
	if (!remote)
		remote = xstrdup("origin");
	snprintf(key, sizeof(key), "branch.%s.merge", branch);
	merge = s->o->remote ? NULL : config_str(s->l->repo, key);
	s->remote_ref = merge ? merge : xstrdup(s->local_ref);
	snprintf(s->r->remote, sizeof(s->r->remote), "%s", remote);
	snprintf(s->r->branch, sizeof(s->r->branch), "%s",
	    s->remote_ref + (strncmp(s->remote_ref, "refs/heads/", 11) ?
	    0 : 11));
	sf_buf_addf(&b, "refs/remotes/%s/%s", remote, s->r->branch);
	s->tracking = sf_buf_detach(&b, NULL);
	free(remote);
	if (git_remote_lookup(&s->remote, s->l->repo, s->r->remote) < 0)
		return sf_error(SF_ENOTFOUND, "no remote '%s': add one with "
		    "git remote add %s URL", s->r->remote, s->r->remote);
	snprintf(s->r->url, sizeof(s->r->url), "%s",
	    git_remote_url(s->remote) ? git_remote_url(s->remote) : "");
	return 0;
}

static int
read_ref(git_repository *repo, const char *name, git_oid *out)
{
	return git_reference_name_to_id(out, repo, name) == 0;
}

static int
set_ref(git_repository *repo, const char *name, const git_oid *id,
    const char *log)
{
	git_reference *ref = NULL;
	int rc;

	/* a sync killed while writing it leaves its lock behind */
	if ((rc = sf_git_ref_lock_clear(repo, name)) < 0)
		return rc;
	rc = git_reference_create(&ref, repo, name, id, 1, log);

	git_reference_free(ref);
	return rc < 0 ? sf_error_git("cannot update %s", name) : 0;
}

static void
callbacks(struct sync *s, git_remote_callbacks *cb)
{
	cb->credentials = sf_ssh_credentials;
	cb->certificate_check = sf_ssh_certificate_check;
	cb->payload = &s->auth;
}

struct writepack {
	git_odb_writepack *wp;
	git_indexer_progress stats;
};

static int
append_pack(void *buf, size_t size, void *payload)
{
	struct writepack *w = payload;

	return w->wp->append(w->wp, buf, size, &w->stats);
}

/*
 * Fetching from a repository on this machine, in time linear in what is
 * new: libgit2's local transport walks the whole tree of what we already
 * have to leave it out, which at 20,000 issues costs more than the fetch.
 * Here the new commits' trees are walked from the top, a subtree we
 * already have is skipped whole (a repository that has a tree has all
 * beneath it), each object is looked up once (a set of the ids seen), and
 * what we lack goes into one pack.
 */
struct oidset {
	git_oid *v;
	unsigned char *used;
	size_t n, cap;
};

static size_t
oid_hash(const git_oid *id, size_t cap)
{
	size_t h;

	memcpy(&h, id->id, sizeof(h));
	return h & (cap - 1);
}

/* 1 when id was already there, else 0 and added */
static int
oidset_add(struct oidset *s, const git_oid *id)
{
	size_t i, j, cap;
	git_oid *ov;
	unsigned char *ou;

	if ((s->n + 1) * 2 > s->cap) {
		ov = s->v;
		ou = s->used;
		cap = s->cap;
		s->cap = cap ? cap * 2 : 1024;
		s->v = xcalloc(s->cap, sizeof(*s->v));
		s->used = xcalloc(s->cap, 1);
		s->n = 0;
		for (j = 0; j < cap; j++)
			if (ou[j])
				oidset_add(s, &ov[j]);
		free(ov);
		free(ou);
	}
	for (i = oid_hash(id, s->cap); s->used[i]; i = (i + 1) & (s->cap - 1))
		if (git_oid_equal(&s->v[i], id))
			return 1;
	s->used[i] = 1;
	git_oid_cpy(&s->v[i], id);
	s->n++;
	return 0;
}

struct fetch_pack {
	git_repository *from;
	git_packbuilder *pb;
	git_odb *have;		/* ours */
	struct oidset seen;
};

/* 1 when the object is new to us (and is now packed), 0 when not. */
static int
want(struct fetch_pack *f, const git_oid *id)
{
	if (oidset_add(&f->seen, id) ||
	    git_odb_exists_ext(f->have, id, GIT_ODB_LOOKUP_NO_REFRESH))
		return 0;
	if (git_packbuilder_insert(f->pb, id, NULL) < 0)
		return sf_error_git("cannot pack what to fetch");
	return 1;
}

static int
want_tree(struct fetch_pack *f, const git_oid *id)
{
	git_tree *t = NULL;
	const git_tree_entry *e;
	size_t i, n;
	int rc;

	if ((rc = want(f, id)) <= 0)
		return rc;
	if (git_tree_lookup(&t, f->from, id) < 0)
		return sf_error_git("cannot read a tree to fetch");
	n = git_tree_entrycount(t);
	for (i = 0, rc = 0; i < n && rc >= 0; i++) {
		e = git_tree_entry_byindex(t, i);
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
			rc = want_tree(f, git_tree_entry_id(e));
		else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB)
			rc = want(f, git_tree_entry_id(e));
	}
	git_tree_free(t);
	return rc < 0 ? rc : 0;
}

/*
 * Copy what the walk w (over repository from) reaches and to lacks into
 * to's object database, as one pack. *n gets the number of objects.
 */
static int
copy_objects(git_repository *from, git_revwalk *w, git_odb *to, size_t *n)
{
	git_commit *c = NULL;
	struct fetch_pack f;
	struct writepack wp;
	git_oid id;
	int rc = 0;

	memset(&f, 0, sizeof(f));
	memset(&wp, 0, sizeof(wp));
	f.from = from;
	f.have = to;
	if (git_packbuilder_new(&f.pb, from) < 0)
		return sf_error_git("cannot pack objects");
	while (rc >= 0 && git_revwalk_next(&id, w) == 0) {
		if ((rc = want(&f, &id)) <= 0)
			continue;
		if (git_commit_lookup(&c, from, &id) < 0)
			rc = sf_error_git("cannot read commit %.7s",
			    git_oid_tostr_s(&id));
		else
			rc = want_tree(&f, git_commit_tree_id(c));
		git_commit_free(c);
		c = NULL;
	}
	*n = rc >= 0 ? git_packbuilder_object_count(f.pb) : 0;
	if (rc >= 0 && *n > 0 &&
	    (git_odb_write_pack(&wp.wp, to, NULL, NULL) < 0 ||
	    git_packbuilder_foreach(f.pb, append_pack, &wp) < 0 ||
	    wp.wp->commit(wp.wp, &wp.stats) < 0))
		rc = sf_error_git("cannot store the objects");
	if (wp.wp)
		wp.wp->free(wp.wp);
	free(f.seen.v);
	free(f.seen.used);
	git_packbuilder_free(f.pb);
	return rc < 0 ? rc : 0;
}

static int
fetch_local(struct sync *s, const char *path)
{
	git_repository *rrepo = NULL;
	git_revwalk *w = NULL;
	git_odb *rodb = NULL, *have = NULL;
	git_oid tip;
	size_t n;
	int rc = 0;

	if (git_repository_open_ext(&rrepo, path,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return sf_error_git("cannot fetch from %s (%s)", s->r->remote,
		    s->r->url);
	if (!read_ref(rrepo, s->remote_ref, &tip))
		goto out;	/* an empty remote */
	if (git_repository_odb(&have, s->l->repo) < 0 ||
	    git_repository_odb(&rodb, rrepo) < 0 ||
	    git_revwalk_new(&w, rrepo) < 0 ||
	    git_revwalk_push(w, &tip) < 0) {
		rc = sf_error_git("cannot fetch from %s", s->r->url);
		goto out;
	}
	/* what we have: our branch and what we fetched before */
	if (git_odb_exists(rodb, &s->l->head))
		git_revwalk_hide(w, &s->l->head);
	if (s->had_tracking && git_odb_exists(rodb, &s->tracking_was))
		git_revwalk_hide(w, &s->tracking_was);
	if ((rc = copy_objects(rrepo, w, have, &n)) < 0)
		sf_error_prefix("cannot fetch from %s", s->r->url);
	else
		rc = set_ref(s->l->repo, s->tracking, &tip,
		    "sanfen-sync: fetch");
out:
	git_revwalk_free(w);
	git_odb_free(have);
	git_odb_free(rodb);
	git_repository_free(rrepo);
	return rc;
}

static int
fetch(struct sync *s)
{
	git_fetch_options fo;
	struct sf_buf spec = SF_BUF_INIT;
	char *specs[1];
	git_strarray refspecs = { specs, 1 };
	const char *path;
	int rc = 0;

	if ((rc = sf_git_ref_lock_clear(s->l->repo, s->tracking)) < 0)
		return rc;
	if (s->r->local)
		return fetch_local(s, (sf_url_is_local(s->r->url, &path),
		    path));
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	callbacks(s, &fo.callbacks);
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	s->auth.step = 0;	/* a new connection: offer every key again */
	sf_buf_addf(&spec, "+%s:%s", s->remote_ref, s->tracking);
	specs[0] = spec.buf;
	if (git_remote_fetch(s->remote, &refspecs, &fo,
	    "sanfen-sync: fetch") < 0)
		rc = sf_ssh_error(&s->auth, "cannot fetch from %s (%s)",
		    s->r->remote, s->r->url);
	sf_buf_release(&spec);
	return rc;
}

static int
is_descendant(git_repository *repo, const git_oid *a, const git_oid *b)
{
	return git_oid_equal(a, b) || git_graph_descendant_of(repo, a, b) > 0;
}

/* The merge commit's message. */
static void
merge_message(struct sync *s, const git_oid *theirs, struct sf_msg *m)
{
	size_t i;
	const struct sf_resolution *r;

	sf_msg_init(m, "sync: merge %s/%s (%zu from theirs, %zu merged by "
	    "field)", s->r->remote, s->r->branch, s->r->merge.theirs,
	    s->r->merge.merged);
	sf_msg_trailer(m, SF_TR_ACTION, "sync");
	if (s->o->unit)
		sf_msg_trailer(m, SF_TR_UNIT, "%s", s->o->unit);
	sf_msg_trailer(m, SF_TR_MERGE, "%s", git_oid_tostr_s(theirs));
	for (i = 0; s->o->res && i < s->o->res->n; i++) {
		r = &s->o->res->v[i];
		if (!r->used)
			continue;
		sf_msg_trailer(m, SF_TR_RESOLVED, "%s %s %s", r->who,
		    r->key, r->side == SF_TAKE_OURS ? "ours" :
		    r->side == SF_TAKE_THEIRS ? "theirs" : r->value);
	}
}

/* The merge commit of c, theirs its second parent, counted and named. */
static int
commit_merge(struct sync *s, const git_oid *theirs, struct sf_change *c,
    const struct sf_merge_stats *st)
{
	struct sf_msg m;
	int rc;

	s->r->merge.theirs += st->theirs;
	s->r->merge.merged += st->merged;
	merge_message(s, theirs, &m);
	rc = sf_store_merge(s->l, c, &m, theirs, NULL);
	sf_msg_release(&m);
	if (rc == 0)
		s->r->action = SF_SYNC_MERGE;
	return rc;
}

/* Bring theirs into HEAD: nothing, a fast-forward, or a merge commit. */
static int
integrate(struct sync *s, const git_oid *theirs, struct sf_conflicts *cf)
{
	struct sf_ledger *l = s->l;
	struct sf_change *c = sf_change_new();
	struct sf_merge_stats st;
	int rc;

	if (l->unborn) {
		rc = sf_error(SF_EREFUSED, "the branch has no commit yet");
		goto out;
	}
	if (is_descendant(l->repo, &l->head, theirs)) {
		rc = 0;		/* we have it all */
		goto out;
	}
	if (git_graph_descendant_of(l->repo, theirs, &l->head) > 0) {
		if ((rc = sf_tree_changes(l->repo, &l->head, theirs, c)) == 0 &&
		    (rc = sf_store_move(l, c, theirs,
		    "sanfen-sync: fast-forward")) == 0)
			s->r->action = SF_SYNC_FAST_FORWARD;
		goto out;
	}
	if ((rc = sf_merge_commits(l, theirs, s->o->res, c, cf, &st)) == 0)
		rc = commit_merge(s, theirs, c, &st);
out:
	sf_change_free(c);
	return rc;
}

/* Whether the work tree's file at path is one git's merge or ours could
 * have left: HEAD's, the merged bytes, or marked by the merge driver. A
 * clerk's own edit (a conflict settled by hand) is anything else. */
static int
left_by_merge(struct sf_ledger *l, const char *path, const char *data,
    size_t len)
{
	struct sf_buf text = SF_BUF_INIT, full = SF_BUF_INIT;
	git_oid head, wt, want;
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	int yes;

	sf_buf_addf(&full, "%s/%s", l->root, path);
	if (sf_buf_read_file(&text, full.buf, 64 << 20) < 0) {
		yes = errno == ENOENT;
		goto out;
	}
	if (sf_markers_find(text.buf, text.len)) {
		yes = 1;
		goto out;
	}
	git_odb_hash(&wt, text.buf, text.len, GIT_OBJECT_BLOB);
	yes = data && git_odb_hash(&want, data, len, GIT_OBJECT_BLOB) == 0 &&
	    git_oid_equal(&wt, &want);
	if (!yes && git_commit_lookup(&c, l->repo, &l->head) == 0 &&
	    git_commit_tree(&t, c) == 0 &&
	    git_tree_entry_bypath(&e, t, path) == 0) {
		git_oid_cpy(&head, git_tree_entry_id(e));
		yes = git_oid_equal(&wt, &head);
	}
out:
	git_tree_entry_free(e);
	git_tree_free(t);
	git_commit_free(c);
	sf_buf_release(&text);
	sf_buf_release(&full);
	return yes;
}

/* A path git left unmerged that the field-level merge leaves as HEAD has
 * it (git merged it without the driver: text, not fields): HEAD's bytes
 * go back, so that no conflict stays in the index. */
static int
settle_unmerged(struct sf_ledger *l, struct sf_change *c)
{
	git_index *idx = NULL;
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *anc, *our, *their;
	git_commit *head = NULL;
	git_tree *t = NULL;
	git_tree_entry *e;
	git_blob *b;
	const char *path;
	size_t i, n = sf_change_count(c);
	int rc = 0, found;

	if (git_repository_index(&idx, l->repo) < 0 ||
	    git_index_read(idx, 1) < 0 ||
	    git_commit_lookup(&head, l->repo, &l->head) < 0 ||
	    git_commit_tree(&t, head) < 0 ||
	    git_index_conflict_iterator_new(&it, idx) < 0) {
		rc = sf_error_git("cannot read the index");
		goto out;
	}
	while (git_index_conflict_next(&anc, &our, &their, it) == 0) {
		path = our ? our->path : their ? their->path : anc->path;
		for (i = 0, found = 0; i < n && !found; i++)
			found = strcmp(sf_change_at(c, i, NULL, NULL),
			    path) == 0;
		if (found)
			continue;
		if (git_tree_entry_bypath(&e, t, path) < 0) {
			sf_change_remove(c, path);
			continue;
		}
		if (git_blob_lookup(&b, l->repo, git_tree_entry_id(e)) < 0) {
			git_tree_entry_free(e);
			rc = sf_error_git("cannot read %s", path);
			goto out;
		}
		sf_change_put(c, path, git_blob_rawcontent(b),
		    (size_t)git_blob_rawsize(b));
		git_blob_free(b);
		git_tree_entry_free(e);
	}
out:
	git_index_conflict_iterator_free(it);
	git_tree_free(t);
	git_commit_free(head);
	git_index_free(idx);
	return rc;
}

/*
 * A git pull that stopped on a conflict left a merge in progress: make
 * it as a sync would, field by field from HEAD and MERGE_HEAD, the
 * conflicts settled by --resolve, and end git's merge state. Conflicts
 * left: SF_ECONFLICT, the clone as it was.
 */
static int
finish_git_merge(struct sync *s, struct sf_conflicts *cf)
{
	struct sf_ledger *l = s->l;
	struct sf_change *c = sf_change_new();
	struct sf_merge_stats st;
	git_oid theirs;
	const char *path, *data;
	size_t i, len;
	int rc;

	if (sf_clone_merge_head(l->repo, &theirs) < 0) {
		rc = sf_error(SF_EREFUSED, "the merge in progress is not one "
		    "sanfen-sync can finish (no single MERGE_HEAD); finish it "
		    "with git, or give it up with git merge --abort");
		goto out;
	}
	if ((rc = sf_merge_commits(l, &theirs, s->o->res, c, cf, &st)) < 0 ||
	    (rc = settle_unmerged(l, c)) < 0)
		goto out;
	for (i = 0; i < sf_change_count(c); i++) {
		path = sf_change_at(c, i, &data, &len);
		if (!left_by_merge(l, path, data, len)) {
			rc = sf_error(SF_EREFUSED, "%s was edited during the "
			    "merge; keep the edit with git add and git commit, "
			    "or drop it with git merge --abort, then run "
			    "sanfen-sync again", path);
			goto out;
		}
	}
	sf_change_finish_merge(c);
	rc = commit_merge(s, &theirs, c, &st);
out:
	sf_change_free(c);
	return rc;
}

static size_t
count_new(git_repository *repo, const git_oid *head, const git_oid *old)
{
	git_revwalk *w = NULL;
	git_oid id;
	size_t n = 0;

	if (git_revwalk_new(&w, repo) < 0 || git_revwalk_push(w, head) < 0 ||
	    (old && git_revwalk_hide(w, old) < 0)) {
		git_revwalk_free(w);
		return 0;
	}
	while (git_revwalk_next(&id, w) == 0)
		n++;
	git_revwalk_free(w);
	return n;
}

/* Copy the objects the remote lacks into its object database, as one
 * pack (what libgit2's local transport does, without moving any ref). */
static int
send_objects(struct sync *s, git_repository *rrepo, const git_oid *new,
    const git_oid *old)
{
	git_revwalk *w = NULL;
	git_odb *odb = NULL;
	size_t n;
	int rc;

	if (git_repository_odb(&odb, rrepo) < 0 ||
	    git_revwalk_new(&w, s->l->repo) < 0 ||
	    git_revwalk_push(w, new) < 0 ||
	    (old && git_revwalk_hide(w, old) < 0))
		rc = sf_error_git("cannot push to %s", s->r->url);
	else if ((rc = copy_objects(s->l->repo, w, odb, &n)) < 0)
		sf_error_prefix("cannot push to %s", s->r->url);
	git_revwalk_free(w);
	git_odb_free(odb);
	return rc;
}

/*
 * Run the remote's hooks/pre-receive, as git-receive-pack would: in the
 * repository, GIT_DIR set, "old new ref" on its standard input, its
 * output on our standard error. posix_spawn, never fork: libgit2 is up.
 */
static int
pre_receive(struct sync *s, git_repository *rrepo, const git_oid *old,
    const git_oid *new)
{
	const char *gitdir = git_repository_path(rrepo);
	const char *workdir = git_repository_workdir(rrepo);
	posix_spawn_file_actions_t fa;
	struct sf_buf hook = SF_BUF_INIT, gd = SF_BUF_INIT, line = SF_BUF_INIT;
	char *argv[7], **envp;
	char zero[GIT_OID_HEXSZ + 1];
	int p[2] = { -1, -1 }, status = 0, rc = 0;
	size_t n, i, j;
	pid_t pid;
	ssize_t k;
	void (*oldpipe)(int);

	sf_buf_addf(&hook, "%shooks/pre-receive", gitdir);
	if (access(hook.buf, X_OK) < 0) {
		sf_buf_release(&hook);
		return 0;
	}
	memset(zero, '0', GIT_OID_HEXSZ);
	zero[GIT_OID_HEXSZ] = '\0';
	sf_buf_addf(&gd, "GIT_DIR=%.*s", (int)strlen(gitdir) - 1, gitdir);
	for (n = 0; environ[n]; n++)
		;
	envp = xcalloc(n + 2, sizeof(*envp));
	for (i = j = 0; i < n; i++)
		if (strncmp(environ[i], "GIT_DIR=", 8) != 0 &&
		    strncmp(environ[i], "GIT_WORK_TREE=", 14) != 0 &&
		    strncmp(environ[i], "GIT_INDEX_FILE=", 15) != 0)
			envp[j++] = environ[i];
	envp[j++] = gd.buf;
	/* the shell changes directory: posix_spawn cannot, portably */
	argv[0] = "sh";
	argv[1] = "-c";
	argv[2] = "cd \"$1\" && exec \"$2\"";
	argv[3] = "sh";
	argv[4] = (char *)(workdir ? workdir : gitdir);
	argv[5] = hook.buf;
	argv[6] = NULL;
	if (pipe(p) < 0 || fcntl(p[1], F_SETFD, FD_CLOEXEC) < 0) {
		rc = sf_error_errno("cannot run %s", hook.buf);
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[0], 0);
	posix_spawn_file_actions_adddup2(&fa, 2, 1);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	posix_spawn_file_actions_addclose(&fa, p[1]);
	rc = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	close(p[0]);
	if (rc != 0) {
		errno = rc;
		close(p[1]);
		rc = sf_error_errno("cannot run %s", hook.buf);
		goto out;
	}
	/* (git_oid_tostr_s has one buffer: one id per call) */
	sf_buf_addf(&line, "%s ", old ? git_oid_tostr_s(old) : zero);
	sf_buf_addf(&line, "%s %s\n", git_oid_tostr_s(new), s->remote_ref);
	oldpipe = signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < line.len; i += (size_t)k)
		if ((k = write(p[1], line.buf + i, line.len - i)) <= 0)
			break;
	close(p[1]);
	signal(SIGPIPE, oldpipe);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		rc = sf_error(SF_EREFUSED, "%s refused the push: its "
		    "pre-receive hook failed (see its messages above)",
		    s->r->url);
out:
	free(envp);
	sf_buf_release(&hook);
	sf_buf_release(&gd);
	sf_buf_release(&line);
	return rc;
}

/*
 * Push to a repository on this machine: objects first, then the hook, then
 * the branch moved with a compare-and-swap on the id it had when we
 * fetched. SF_ECONFLICT when it moved meanwhile.
 */
static int
push_local(struct sync *s, const char *path, const git_oid *known)
{
	git_repository *rrepo = NULL;
	git_reference *ref = NULL, *rhead = NULL;
	git_oid cur;
	int has, rc;
	struct sf_buf log = SF_BUF_INIT;

	if (git_repository_open_ext(&rrepo, path,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return sf_error_git("cannot open %s", s->r->url);
	has = read_ref(rrepo, s->remote_ref, &cur);
	if (has != (known != NULL) || (has && !git_oid_equal(&cur, known))) {
		rc = SF_ECONFLICT;	/* moved since we fetched */
		goto out;
	}
	if (!git_repository_is_bare(rrepo) &&
	    git_reference_lookup(&rhead, rrepo, "HEAD") == 0 &&
	    git_reference_type(rhead) == GIT_REFERENCE_SYMBOLIC &&
	    strcmp(git_reference_symbolic_target(rhead), s->remote_ref) ==
	    0) {
		rc = sf_error(SF_EREFUSED, "%s has %s checked out in its work "
		    "tree; push to a bare repository", s->r->url,
		    s->remote_ref);
		goto out;
	}
	if ((rc = send_objects(s, rrepo, &s->l->head, known)) < 0 ||
	    (rc = pre_receive(s, rrepo, known, &s->l->head)) < 0 ||
	    (rc = sf_git_remote_ref_lock_wait(rrepo, s->remote_ref,
	    s->o->lock_wait)) < 0)
		goto out;
	sf_buf_addf(&log, "sanfen-sync: push from %s", s->l->root ?
	    s->l->root : "a clone");
	if (known)
		rc = git_reference_create_matching(&ref, rrepo, s->remote_ref,
		    &s->l->head, 1, known, log.buf);
	else
		rc = git_reference_create(&ref, rrepo, s->remote_ref,
		    &s->l->head, 0, log.buf);
	if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ELOCKED)
		rc = SF_ECONFLICT;
	else if (rc < 0)
		rc = sf_error_git("cannot update %s in %s", s->remote_ref,
		    s->r->url);
out:
	sf_buf_release(&log);
	git_reference_free(ref);
	git_reference_free(rhead);
	git_repository_free(rrepo);
	return rc;
}

static int
push_status(const char *refname, const char *status, void *payload)
{
	/* the callbacks' payload is the ssh state inside struct sync */
	struct sync *s = (struct sync *)((char *)payload -
	    offsetof(struct sync, auth));

	(void)refname;
	if (status && !s->rejected)
		s->rejected = xstrdup(status);
	return 0;
}

/* Whether the server refused our update because the branch moved (fetch,
 * merge and try again) rather than for what it holds (a hook, a rule). */
static int
moved_meanwhile(const char *status)
{
	static const char *const moved[] = { "non-fast-forward",
		"fetch first", "stale info", "failed to lock",
		"cannot lock", "incorrect old value",
		"failed to update ref" };
	size_t i;

	for (i = 0; i < sizeof(moved) / sizeof(moved[0]); i++)
		if (strstr(status, moved[i]))
			return 1;
	return 0;
}

/* Push over the network: the status the server gives our reference
 * decides between done, try again and refused. */
static int
push_remote(struct sync *s)
{
	git_push_options po;
	struct sf_buf spec = SF_BUF_INIT;
	char *specs[1];
	git_strarray refspecs = { specs, 1 };
	int rc = 0;

	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	callbacks(s, &po.callbacks);
	po.callbacks.push_update_reference = push_status;
	s->auth.step = 0;
	sf_buf_addf(&spec, "%s:%s", s->local_ref, s->remote_ref);
	specs[0] = spec.buf;
	free(s->rejected);
	s->rejected = NULL;
	if (git_remote_push(s->remote, &refspecs, &po) < 0)
		rc = sf_ssh_error(&s->auth, "cannot push to %s (%s)",
		    s->r->remote, s->r->url);
	else if (s->rejected && moved_meanwhile(s->rejected))
		rc = SF_ECONFLICT;
	else if (s->rejected)
		rc = sf_error(SF_EREFUSED, "%s refused the push: %s (see its "
		    "messages above)", s->r->url, s->rejected);
	sf_buf_release(&spec);
	return rc;
}

static int
push(struct sync *s, const git_oid *known)
{
	const char *path;
	int rc;

	s->r->pushed = count_new(s->l->repo, &s->l->head, known);
	if (s->r->local)
		rc = push_local(s, (sf_url_is_local(s->r->url, &path), path),
		    known);
	else
		rc = push_remote(s);
	if (rc == 0)
		rc = set_ref(s->l->repo, s->tracking, &s->l->head,
		    "sanfen-sync: push");
	return rc;
}

/* Put the clone back as it was: the branch and the work tree to before,
 * the remote-tracking branch to what it was. */
static void
undo(struct sync *s, const git_oid *before)
{
	struct sf_change *c;
	git_reference *ref;

	if (!git_oid_equal(&s->l->head, before)) {
		c = sf_change_new();
		if (sf_tree_changes(s->l->repo, &s->l->head, before, c) == 0)
			sf_store_move(s->l, c, before, "sanfen-sync: undo");
		sf_change_free(c);
	}
	if (s->had_tracking)
		set_ref(s->l->repo, s->tracking, &s->tracking_was,
		    "sanfen-sync: conflict, back to before");
	else if (git_reference_lookup(&ref, s->l->repo, s->tracking) == 0) {
		git_reference_delete(ref);
		git_reference_free(ref);
	}
}

/* A pause that grows with the tries, partly random (20–60 ms, doubled
 * each time). */
static void
backoff(int tries)
{
	struct timespec t;
	long ms = (20L << (tries < 5 ? tries - 1 : 4)) +
	    (long)((unsigned)getpid() * 2654435761u % 40u) * (tries < 5 ?
	    1L << (tries - 1) : 16L);

	t.tv_sec = ms / 1000;
	t.tv_nsec = (ms % 1000) * 1000000L;
	nanosleep(&t, NULL);
}

int
sf_sync(struct sf_ledger *l, const struct sf_sync_opts *o,
    struct sf_sync_result *r, struct sf_conflicts *cf)
{
	struct sync s;
	git_oid theirs;
	const char *path;
	int rc, has, tries = o->tries > 0 ? o->tries : 5;

	memset(&s, 0, sizeof(s));
	memset(r, 0, sizeof(*r));
	s.l = l;
	s.o = o;
	s.r = r;
	if (l->unborn)
		return sf_error(SF_EREFUSED, "the branch has no commit yet");
	git_oid_cpy(&r->before, &l->head);
	if ((rc = names(&s)) < 0)
		goto out;
	if (git_repository_state(l->repo) == GIT_REPOSITORY_STATE_MERGE) {
		if ((rc = finish_git_merge(&s, cf)) < 0)
			goto out;
		/* a later conflict goes back to here, not before it */
		git_oid_cpy(&r->before, &l->head);
	}
	r->local = sf_url_is_local(r->url, &path);
	sf_ssh_auth_init(&s.auth, r->url);
	s.had_tracking = read_ref(l->repo, s.tracking, &s.tracking_was);
	for (r->tries = 1; ; r->tries++) {
		if ((rc = fetch(&s)) < 0)
			goto out;
		has = read_ref(l->repo, s.tracking, &theirs);
		if (has && (rc = integrate(&s, &theirs, cf)) < 0) {
			if (rc == SF_ECONFLICT)
				undo(&s, &r->before);
			goto out;
		}
		if (!o->push || (has && git_oid_equal(&theirs, &l->head)))
			break;
		rc = push(&s, has ? &theirs : NULL);
		if (rc != SF_ECONFLICT)
			break;
		if (r->tries >= tries) {
			rc = sf_error(SF_ECONFLICT, "%s kept changing: gave up "
			    "after %d tries; run sanfen-sync again", r->url,
			    tries);
			break;
		}
		/* pushers that raced back off by different amounts, so the
		 * next round does not race again */
		backoff(r->tries);
	}
	/* a push refused or given up: the merge made for it goes too, so
	 * the clone is as it was */
	if (rc < 0 && !git_oid_equal(&l->head, &r->before))
		undo(&s, &r->before);
	else if (rc == 0 && !o->push)
		r->pushed = 0;
out:
	git_oid_cpy(&r->head, &l->head);
	sf_ssh_auth_release(&s.auth);
	free(s.rejected);
	free(s.local_ref);
	free(s.remote_ref);
	free(s.tracking);
	git_remote_free(s.remote);
	return rc;
}
