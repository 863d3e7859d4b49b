#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <utf8proc.h>

#include "clone.h"
#include "date.h"
#include "error.h"
#include "i18n.h"
#include "signing.h"
#include "store.h"
#include "xalloc.h"

struct item {
	char *path;
	char *data;
	size_t len;
	int remove;
};

struct sf_change {
	struct item *v;
	size_t n;
	size_t alloc;
	int finish_merge;	/* sf_change_finish_merge */
};

struct sf_change *
sf_change_new(void)
{
	return xcalloc(1, sizeof(struct sf_change));
}

void
sf_change_free(struct sf_change *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].path);
		free(c->v[i].data);
	}
	free(c->v);
	free(c);
}

/* The item for path, new or the one already there: the last write wins. */
static struct item *
slot(struct sf_change *c, const char *path)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].path, path) == 0) {
			free(c->v[i].data);
			c->v[i].data = NULL;
			return &c->v[i];
		}
	c->v = xgrow(c->v, &c->alloc, c->n + 1, sizeof(*c->v));
	memset(&c->v[c->n], 0, sizeof(c->v[c->n]));
	c->v[c->n].path = xstrdup(path);
	return &c->v[c->n++];
}

void
sf_change_put(struct sf_change *c, const char *path, const void *data,
    size_t len)
{
	struct item *it = slot(c, path);

	it->data = xmalloc(len + 1);
	memcpy(it->data, data, len);
	it->data[len] = '\0';
	it->len = len;
	it->remove = 0;
}

void
sf_change_remove(struct sf_change *c, const char *path)
{
	struct item *it = slot(c, path);

	it->len = 0;
	it->remove = 1;
}

const char *
sf_change_at(const struct sf_change *c, size_t i, const char **data,
    size_t *len)
{
	if (data)
		*data = c->v[i].remove ? NULL : c->v[i].data;
	if (len)
		*len = c->v[i].len;
	return c->v[i].path;
}

void
sf_change_finish_merge(struct sf_change *c)
{
	c->finish_merge = 1;
}

size_t
sf_change_count(const struct sf_change *c)
{
	return c->n;
}

/* Messages */

void
sf_msg_init(struct sf_msg *m, const char *fmt, ...)
{
	va_list ap;

	sf_buf_init(&m->subject);
	sf_buf_init(&m->body);
	sf_buf_init(&m->trailers);
	va_start(ap, fmt);
	sf_buf_vaddf(&m->subject, fmt, ap);
	va_end(ap);
}

void
sf_msg_body(struct sf_msg *m, const char *text)
{
	if (m->body.len)
		sf_buf_addch(&m->body, '\n');
	sf_buf_addstr(&m->body, text);
	sf_buf_rtrim(&m->body);
}

void
sf_msg_trailer(struct sf_msg *m, const char *key, const char *fmt, ...)
{
	struct sf_buf v = SF_BUF_INIT;
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	sf_buf_vaddf(&v, fmt, ap);
	va_end(ap);
	for (i = 0; i < v.len; i++)
		if (v.buf[i] == '\n' || v.buf[i] == '\r')
			v.buf[i] = ' ';
	sf_buf_addf(&m->trailers, "%s: %s\n", key, v.buf);
	sf_buf_release(&v);
}

void
sf_msg_release(struct sf_msg *m)
{
	sf_buf_release(&m->subject);
	sf_buf_release(&m->body);
	sf_buf_release(&m->trailers);
}

/* The subject on one line of at most 72 columns, "…" where it was cut. */
static void
subject_line(const char *s, struct sf_buf *out)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s), off = 0, k;
	utf8proc_int32_t cp;
	size_t cols = 0, w, start = out->len;
	int cw;

	while (off < len) {
		k = utf8proc_iterate(p + off, len - off, &cp);
		if (k <= 0) {
			off++;
			continue;
		}
		if (cp == '\n' || cp == '\r' || cp == '\t')
			cp = ' ';
		cw = utf8proc_charwidth(cp);
		w = cw < 0 ? 0 : (size_t)cw;
		if (cols + w > 71 && off + k < len) {
			sf_buf_addstr(out, "…");
			break;
		}
		if (cp == ' ')
			sf_buf_addch(out, ' ');
		else
			sf_buf_add(out, p + off, (size_t)k);
		cols += w;
		off += k;
	}
	while (out->len > start && out->buf[out->len - 1] == ' ')
		out->len--;
	out->buf[out->len] = '\0';
}

/* The whole message, subject shortened to one line of <= 72 columns. */
static void
sf_msg_format(const struct sf_msg *m, struct sf_buf *out)
{
	subject_line(m->subject.buf, out);
	sf_buf_addch(out, '\n');
	if (m->body.len)
		sf_buf_addf(out, "\n%s\n", m->body.buf);
	if (m->trailers.len)
		sf_buf_addf(out, "\n%s", m->trailers.buf);
}

/* Signatures: git's rules, which libgit2 1.5 does not apply itself. */

static long
days_from_ymd(int y, int m, int d)
{
	char s[16];

	snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, d);
	return sf_date_days(s);
}

static int
parse_offset(const char *s, int *offset)
{
	int sign, h, m;

	while (*s == ' ')
		s++;
	if (*s == 'Z' && !s[1]) {
		*offset = 0;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s == '-' ? -1 : 1;
	s++;
	if (strlen(s) == 4 && sscanf(s, "%2d%2d", &h, &m) == 2)
		;
	else if (strlen(s) == 5 && s[2] == ':' &&
	    sscanf(s, "%2d:%2d", &h, &m) == 2)
		;
	else
		return -1;
	if (h > 14 || m > 59)
		return -1;
	*offset = sign * (h * 60 + m);
	return 0;
}

static int
month_of(const char *s)
{
	static const char *const names[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int i;

	for (i = 0; i < 12; i++)
		if (strncmp(s, names[i], 3) == 0)
			return i + 1;
	return 0;
}

/* GIT_*_DATE: "@epoch +zzzz", "epoch +zzzz", ISO 8601, RFC 2822. */
static int
parse_git_date(const char *s, git_time_t *when, int *offset)
{
	long long epoch;
	int y, mo, d, h, mi, sec, n = 0;
	char mon[4], rest[16];
	const char *p;

	if (*s == '@')
		s++;
	if (sscanf(s, "%lld %15s%n", &epoch, rest, &n) == 2 && !s[n] &&
	    strchr("+-", rest[0]) && parse_offset(rest, offset) == 0) {
		*when = (git_time_t)epoch;
		return 0;
	}
	if ((p = strchr(s, ',')))
		s = p + 1;
	if (sscanf(s, " %d %3s %d %d:%d:%d %15s", &d, mon, &y, &h, &mi,
	    &sec, rest) == 7 && (mo = month_of(mon))) {
		if (parse_offset(rest, offset) < 0)
			return -1;
	} else if (sscanf(s, "%d-%d-%d%*1[T ]%d:%d:%d%n", &y, &mo, &d, &h,
	    &mi, &sec, &n) == 6) {
		if (parse_offset(s + n, offset) < 0)
			return -1;
	} else {
		return -1;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return -1;
	*when = (git_time_t)days_from_ymd(y, mo, d) * 86400 + h * 3600 +
	    mi * 60 + sec - (git_time_t)*offset * 60;
	return 0;
}

static const char *
config_string(git_config *cfg, const char *key)
{
	const char *v = NULL;

	if (cfg && git_config_get_string(&v, cfg, key) == 0 && v && *v)
		return v;
	return NULL;
}

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

int
sf_store_signature(git_repository *repo, int which, git_signature **out)
{
	static const char *const vars[2][3] = {
		{ "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE" },
		{ "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
		    "GIT_COMMITTER_DATE" },
	};
	static const char *const keys[2][2] = {
		{ "author.name", "author.email" },
		{ "committer.name", "committer.email" },
	};
	git_config *cfg = NULL;
	const char *name, *email, *date;
	git_signature *now = NULL;
	git_time_t when;
	int offset, rc;

	if (git_repository_config_snapshot(&cfg, repo) < 0)
		cfg = NULL;
	name = env(vars[which][0]);
	if (!name)
		name = config_string(cfg, keys[which][0]);
	if (!name)
		name = config_string(cfg, "user.name");
	email = env(vars[which][1]);
	if (!email)
		email = config_string(cfg, keys[which][1]);
	if (!email)
		email = config_string(cfg, "user.email");
	if (!email)
		email = env("EMAIL");
	if (!name || !email) {
		git_config_free(cfg);
		return sf_error(SF_EINVALID, "no %s identity: set user.name and "
		    "user.email with git config, or GIT_%s_NAME and "
		    "GIT_%s_EMAIL", which ? "committer" : "author",
		    which ? "COMMITTER" : "AUTHOR",
		    which ? "COMMITTER" : "AUTHOR");
	}
	date = env(vars[which][2]);
	if (date) {
		if (parse_git_date(date, &when, &offset) < 0) {
			git_config_free(cfg);
			return sf_error(SF_EINVALID, "%s: cannot read the date "
			    "'%s'", vars[which][2], date);
		}
		rc = git_signature_new(out, name, email, when, offset);
	} else {
		rc = git_signature_now(&now, name, email);
		if (rc == 0)
			rc = git_signature_dup(out, now);
		git_signature_free(now);
	}
	git_config_free(cfg);
	if (rc < 0)
		return sf_error_git("cannot make a signature for '%s <%s>'",
		    name, email);
	return 0;
}

/* The commit */

/* The touched paths' status in one pass over index and work tree (one
 * git_status_file per path would walk them once per path). */
static int
refuse_dirty(git_repository *repo, const struct sf_change *c)
{
	git_status_options opts;
	git_status_list *list = NULL;
	const git_status_entry *e;
	const char *path;
	char **paths;
	size_t i, n;
	int rc = 0;

	if (!c->n)
		return 0;
	paths = xcalloc(c->n, sizeof(*paths));
	for (i = 0; i < c->n; i++)
		paths[i] = c->v[i].path;
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_INCLUDE_IGNORED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	    GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH |
	    GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	opts.pathspec.strings = paths;
	opts.pathspec.count = c->n;
	if (git_status_list_new(&list, repo, &opts) < 0) {
		free(paths);
		return sf_error_git("cannot read the status of %s%s",
		    c->v[0].path, c->n > 1 ? _(" and others") : "");
	}
	n = git_status_list_entrycount(list);
	for (i = 0; i < n && rc == 0; i++) {
		e = git_status_byindex(list, i);
		if (e->status == GIT_STATUS_CURRENT)
			continue;
		path = e->index_to_workdir ? e->index_to_workdir->new_file.path :
		    e->head_to_index->new_file.path;
		if (e->status & (GIT_STATUS_WT_NEW | GIT_STATUS_IGNORED))
			rc = sf_error(SF_EREFUSED, "%s exists but is not "
			    "committed; move it away or commit it first",
			    path);
		else
			rc = sf_error(SF_EREFUSED, "%s has uncommitted "
			    "changes; commit or discard them first", path);
	}
	git_status_list_free(list);
	free(paths);
	return rc;
}

static int
base_tree(struct sf_ledger *l, git_tree **out)
{
	git_commit *commit = NULL;
	git_treebuilder *tb = NULL;
	git_oid empty;
	int rc;

	*out = NULL;
	if (!l->unborn) {
		if (git_commit_lookup(&commit, l->repo, &l->head) < 0 ||
		    git_commit_tree(out, commit) < 0) {
			git_commit_free(commit);
			return sf_error_git("cannot read HEAD");
		}
		git_commit_free(commit);
		return 0;
	}
	if ((rc = git_treebuilder_new(&tb, l->repo, NULL)) == 0 &&
	    (rc = git_treebuilder_write(&empty, tb)) == 0)
		rc = git_tree_lookup(out, l->repo, &empty);
	git_treebuilder_free(tb);
	return rc < 0 ? sf_error_git("cannot make an empty tree") : 0;
}

static int
new_tree(struct sf_ledger *l, git_tree *base, const struct sf_change *c,
    git_oid *out)
{
	git_tree_update *up = xcalloc(c->n ? c->n : 1, sizeof(*up));
	size_t i;
	int rc = 0;

	for (i = 0; i < c->n; i++) {
		up[i].path = c->v[i].path;
		if (c->v[i].remove) {
			up[i].action = GIT_TREE_UPDATE_REMOVE;
			continue;
		}
		up[i].action = GIT_TREE_UPDATE_UPSERT;
		up[i].filemode = GIT_FILEMODE_BLOB;
		if (git_blob_create_from_buffer(&up[i].id, l->repo,
		    c->v[i].data, c->v[i].len) < 0) {
			rc = sf_error_git("cannot write %s", c->v[i].path);
			goto out;
		}
	}
	if (git_tree_create_updated(out, l->repo, base, c->n, up) < 0)
		rc = sf_error_git("cannot build the new tree");
out:
	free(up);
	return rc;
}

/* Move the branch HEAD names from l->head to id, unless it moved. */
static int
move_branch(struct sf_ledger *l, const git_oid *id, const char *subject)
{
	git_reference *head = NULL, *ref = NULL;
	struct sf_buf log = SF_BUF_INIT;
	const char *branch;
	int rc;

	if (git_reference_lookup(&head, l->repo, "HEAD") < 0)
		return sf_error_git("cannot read HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		git_reference_free(head);
		return sf_error(SF_EREFUSED, "HEAD is detached; check out a "
		    "branch first");
	}
	branch = git_reference_symbolic_target(head);
	sf_buf_addf(&log, "sanfen: %s", subject);
	if (l->unborn)
		rc = git_reference_create(&ref, l->repo, branch, id, 0,
		    log.buf);
	else
		rc = git_reference_create_matching(&ref, l->repo, branch, id,
		    1, &l->head, log.buf);
	if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS)
		rc = sf_error(SF_ECONFLICT, "ledger changed while this command "
		    "ran; retry");
	else if (rc == GIT_ELOCKED)	/* a plain git command moving it */
		rc = sf_error(SF_ECONFLICT, "%s is being updated by another "
		    "git command; nothing was changed: retry", branch);
	else if (rc < 0)
		rc = sf_error_git("cannot update %s", branch);
	git_reference_free(ref);
	git_reference_free(head);
	sf_buf_release(&log);
	return rc;
}

static int
write_file(const char *root, const struct item *it)
{
	struct sf_buf path = SF_BUF_INIT, tmp = SF_BUF_INIT;
	char *slash;
	int fd = -1, rc = 0;

	sf_buf_addf(&path, "%s/%s", root, it->path);
	if (it->remove) {
		if (unlink(path.buf) < 0 && errno != ENOENT)
			rc = sf_error_errno("cannot remove %s", it->path);
		goto out;
	}
	/* make the directories */
	for (slash = path.buf + strlen(root) + 1; (slash = strchr(slash,
	    '/')); slash++) {
		*slash = '\0';
		if (mkdir(path.buf, 0777) < 0 && errno != EEXIST) {
			rc = sf_error_errno("cannot create %s", path.buf);
			*slash = '/';
			goto out;
		}
		*slash = '/';
	}
	sf_buf_addf(&tmp, "%s%s", path.buf, SF_STORE_TMP_SUFFIX);
	if ((fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666)) < 0 || write(fd, it->data, it->len) != (ssize_t)it->len ||
	    close(fd) < 0) {
		rc = sf_error_errno("cannot write %s", it->path);
		if (fd >= 0)
			unlink(tmp.buf);
		goto out;
	}
	if (rename(tmp.buf, path.buf) < 0) {
		rc = sf_error_errno("cannot write %s", it->path);
		unlink(tmp.buf);
	}
out:
	sf_buf_release(&path);
	sf_buf_release(&tmp);
	return rc;
}

/* Only the touched paths, in the work tree and the index. */
static int
update_worktree(struct sf_ledger *l, const struct sf_change *c)
{
	git_index *idx = NULL;
	size_t i;
	int rc = 0;

	if (git_repository_index(&idx, l->repo) < 0 ||
	    git_index_read(idx, 0) < 0)
		return sf_error_git("cannot read the index");
	for (i = 0; i < c->n && rc == 0; i++) {
		if ((rc = write_file(l->root, &c->v[i])) < 0)
			break;
		if (c->v[i].remove)
			rc = git_index_remove_bypath(idx, c->v[i].path);
		else
			rc = git_index_add_bypath(idx, c->v[i].path);
		if (rc < 0)
			rc = sf_error_git("cannot update the index for %s",
			    c->v[i].path);
	}
	if (rc == 0 && git_index_write(idx) < 0)
		rc = sf_error_git("cannot write the index");
	git_index_free(idx);
	return rc;
}

/*
 * The journal: between moving the branch and bringing the work tree and
 * index up to date, .git/sanfen/journal names the old and new commits and
 * the paths; a process killed in between leaves it, and the next writer
 * (sf_store_recover, from sf_ledger_lock) finishes the job.
 */
static char *
journal_path(git_repository *repo, const char *name)
{
	struct sf_buf b = SF_BUF_INIT;

	sf_buf_addf(&b, "%ssanfen/%s", git_repository_path(repo), name);
	return sf_buf_detach(&b, NULL);
}

static int
journal_write(struct sf_ledger *l, const git_oid *new,
    const struct sf_change *c)
{
	struct sf_buf text = SF_BUF_INIT;
	char *dir = journal_path(l->repo, ""), *path = journal_path(l->repo,
	    "journal"), *tmp = journal_path(l->repo, "journal.tmp");
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;
	int fd = -1, rc = 0;

	git_oid_tostr(hex, sizeof(hex), &l->head);
	sf_buf_addf(&text, "sanfen-journal 1\n%s\n",
	    l->unborn ? "0000000000000000000000000000000000000000" : hex);
	git_oid_tostr(hex, sizeof(hex), new);
	sf_buf_addf(&text, "%s\n", hex);
	for (i = 0; i < c->n; i++)
		sf_buf_addf(&text, "%s\n", c->v[i].path);
	if ((mkdir(dir, 0777) < 0 && errno != EEXIST) ||
	    (fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666)) < 0 || write(fd, text.buf, text.len) !=
	    (ssize_t)text.len || (l->config && l->config->fsync &&
	    fsync(fd) < 0) || close(fd) < 0 || rename(tmp, path) < 0) {
		rc = sf_error_errno("cannot write %s", path);
		if (fd >= 0)
			unlink(tmp);
	}
	sf_buf_release(&text);
	free(dir);
	free(path);
	free(tmp);
	return rc;
}

/* Tests kill a writer at its worst moment: SANFEN_CRASH_AT=ref dies by
 * SIGKILL right after the branch moved (tests/cmd/0041-kill.t). */
static void
crash_point(const char *where)
{
	const char *at = getenv("SANFEN_CRASH_AT");

	if (at && strcmp(at, where) == 0)
		raise(SIGKILL);
}

static void
journal_clear(git_repository *repo)
{
	char *path = journal_path(repo, "journal");

	unlink(path);
	free(path);
}

/* The commit object, signed when git's configuration says to sign
 * (commit.gpgsign with gpg.format ssh), as git would sign it. */
static int
create_commit(struct sf_ledger *l, const git_signature *author,
    const git_signature *committer, const char *message, const git_tree *tree,
    size_t nparents, const git_commit *parents[], git_oid *id)
{
	git_buf content = GIT_BUF_INIT_CONST(NULL, 0);
	struct sf_buf sig = SF_BUF_INIT;
	char *key = NULL;
	int rc;

	if ((rc = sf_signing_key(l->repo, &key)) < 0)
		return rc;
	if (!key) {
		if (git_commit_create(id, l->repo, NULL, author, committer,
		    NULL, message, tree, nparents, parents) < 0)
			return sf_error_git("cannot create the commit");
		return 0;
	}
	if (git_commit_create_buffer(&content, l->repo, author, committer,
	    NULL, message, tree, nparents, parents) < 0)
		rc = sf_error_git("cannot create the commit");
	else if ((rc = sf_ssh_sign(key, content.ptr, content.size,
	    &sig)) == 0) {
		sf_buf_rtrim(&sig);
		if (git_commit_create_with_signature(id, l->repo, content.ptr,
		    sig.buf, NULL) < 0)
			rc = sf_error_git("cannot create the signed commit");
	}
	git_buf_dispose(&content);
	sf_buf_release(&sig);
	free(key);
	return rc;
}

/*
 * The commit of c on HEAD; with other, a merge of other into HEAD (its
 * second parent); with ff, no new commit: the branch moves to ff, whose
 * tree c describes (a fast-forward).
 */
static int
commit_change(struct sf_ledger *l, const struct sf_change *c,
    const struct sf_msg *msg, const git_oid *other, const git_oid *ff,
    git_oid *out)
{
	git_signature *author = NULL, *committer = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_commit *parent = NULL, *second = NULL;
	const git_commit *parents[2];
	struct sf_buf text = SF_BUF_INIT;
	git_oid tree_id, id;
	int rc;

	if (l->config && l->config->fsync)
		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	if ((rc = sf_clone_idle(l->repo, c->finish_merge)) < 0 ||
	    (!c->finish_merge && (rc = refuse_dirty(l->repo, c)) < 0))
		goto out;
	if (ff) {
		git_oid_cpy(&id, ff);
		goto move;
	}
	if ((rc = sf_store_signature(l->repo, 0, &author)) < 0 ||
	    (rc = sf_store_signature(l->repo, 1, &committer)) < 0 ||
	    (rc = base_tree(l, &base)) < 0 ||
	    (rc = new_tree(l, base, c, &tree_id)) < 0)
		goto out;
	if (git_tree_lookup(&tree, l->repo, &tree_id) < 0 ||
	    (!l->unborn && git_commit_lookup(&parent, l->repo,
	    &l->head) < 0) ||
	    (other && git_commit_lookup(&second, l->repo, other) < 0)) {
		rc = sf_error_git("cannot read the new tree");
		goto out;
	}
	parents[0] = parent;
	parents[1] = second;
	sf_msg_format(msg, &text);
	if ((rc = create_commit(l, author, committer, text.buf, tree,
	    l->unborn ? 0 : other ? 2 : 1, parents, &id)) < 0)
		goto out;
move:
	/* once more, as late as can be: a git pull started meanwhile would
	 * finish its merge from the HEAD we are about to move */
	if ((rc = sf_clone_idle(l->repo, c->finish_merge)) < 0 ||
	    (rc = journal_write(l, &id, c)) < 0)
		goto out;
	if ((rc = move_branch(l, &id, msg->subject.buf)) < 0) {
		journal_clear(l->repo);
		goto out;
	}
	git_oid_cpy(&l->head, &id);
	l->unborn = 0;
	if (out)
		git_oid_cpy(out, &id);
	crash_point("ref");
	/* The branch has moved: the change is made, whatever follows. A
	 * failure now (a full disk) is a warning, not an error, or a clerk
	 * who retries makes it twice; the journal stays, and the next
	 * writer (sf_store_recover) brings the work tree up to date. */
	if (update_worktree(l, c) == 0) {
		journal_clear(l->repo);
		if (c->finish_merge)
			git_repository_state_cleanup(l->repo);
	} else
		sf_warning("the commit is made, but the work tree is not up "
		    "to date (%s); the next sanfen command that writes "
		    "finishes it", sf_error_message());
	rc = 0;
out:
	git_signature_free(author);
	git_signature_free(committer);
	git_tree_free(base);
	git_tree_free(tree);
	git_commit_free(parent);
	git_commit_free(second);
	sf_buf_release(&text);
	return rc;
}

int
sf_store_commit(struct sf_ledger *l, const struct sf_change *c,
    const struct sf_msg *msg, git_oid *out)
{
	return commit_change(l, c, msg, NULL, NULL, out);
}

int
sf_store_merge(struct sf_ledger *l, const struct sf_change *c,
    const struct sf_msg *msg, const git_oid *other, git_oid *out)
{
	return commit_change(l, c, msg, other, NULL, out);
}

int
sf_store_move(struct sf_ledger *l, const struct sf_change *c,
    const git_oid *to, const char *reflog)
{
	struct sf_msg msg;
	int rc;

	sf_msg_init(&msg, "%s", reflog);
	rc = commit_change(l, c, &msg, NULL, to, NULL);
	sf_msg_release(&msg);
	return rc;
}

int
sf_store_init(const char *root, const struct sf_change *c,
    const struct sf_msg *msg, git_oid *out)
{
	git_repository_init_options opts;
	struct sf_ledger l;
	struct stat st;
	struct sf_buf path = SF_BUF_INIT;
	int rc;

	sf_buf_addf(&path, "%s/%s", root, SF_CONFIG_PATH);
	if (stat(path.buf, &st) == 0) {
		sf_buf_release(&path);
		return sf_error(SF_EREFUSED, "%s already holds a ledger", root);
	}
	sf_buf_release(&path);
	memset(&l, 0, sizeof(l));
	l.root = (char *)root;
	if (git_repository_open_ext(&l.repo, root,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		git_repository_init_options_init(&opts,
		    GIT_REPOSITORY_INIT_OPTIONS_VERSION);
		opts.flags = GIT_REPOSITORY_INIT_MKPATH;
		opts.initial_head = "main";
		if (git_repository_init_ext(&l.repo, root, &opts) < 0)
			return sf_error_git("cannot create a repository in %s",
			    root);
	}
	if (git_reference_name_to_id(&l.head, l.repo, "HEAD") < 0)
		l.unborn = 1;
	rc = sf_store_commit(&l, c, msg, out);
	git_repository_free(l.repo);
	return rc;
}

/* Recovery */

/* The blob id at path in commit id's tree; zero when absent. */
static void
blob_at(git_repository *repo, const git_oid *commit, const char *path,
    git_oid *out)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_tree_entry *e = NULL;

	memset(out, 0, sizeof(*out));
	if (git_oid_is_zero(commit))
		return;
	if (git_commit_lookup(&c, repo, commit) == 0 &&
	    git_commit_tree(&t, c) == 0 &&
	    git_tree_entry_bypath(&e, t, path) == 0)
		git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_entry_free(e);
	git_tree_free(t);
	git_commit_free(c);
}

/* The work tree file's blob id (zero when absent, -1 when unreadable). */
static int
file_id(struct sf_ledger *l, const char *path, git_oid *out)
{
	struct sf_buf p = SF_BUF_INIT;
	struct stat st;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	sf_buf_addf(&p, "%s/%s", l->root, path);
	if (lstat(p.buf, &st) == 0 && (!S_ISREG(st.st_mode) ||
	    git_odb_hashfile(out, p.buf, GIT_OBJECT_BLOB) < 0))
		rc = -1;
	sf_buf_release(&p);
	return rc;
}

static void
index_id(git_index *idx, const char *path, git_oid *out)
{
	const git_index_entry *e = git_index_get_bypath(idx, path, 0);

	if (e)
		git_oid_cpy(out, &e->id);
	else
		memset(out, 0, sizeof(*out));
}

int
sf_store_recover(struct sf_ledger *l)
{
	struct sf_buf text = SF_BUF_INIT;
	struct sf_change *c = NULL;
	git_index *idx = NULL;
	git_oid old, new, want, was, wt, ix;
	char *path = journal_path(l->repo, "journal"), *line, *next;
	int rc = 0, n = 0;

	if (sf_buf_read_file(&text, path, 1 << 20) < 0) {
		rc = errno == ENOENT ? 0 : sf_error_errno("cannot read %s",
		    path);
		goto out;
	}
	line = text.buf;
	if (text.len < 19 + 2 * GIT_OID_HEXSZ ||
	    strncmp(line, "sanfen-journal 1\n", 17) != 0 ||
	    git_oid_fromstrn(&old, line + 17, GIT_OID_HEXSZ) < 0 ||
	    line[17 + GIT_OID_HEXSZ] != '\n' ||
	    git_oid_fromstrn(&new, line + 18 + GIT_OID_HEXSZ,
	    GIT_OID_HEXSZ) < 0) {
		rc = sf_error(SF_EINVALID, "%s is damaged: compare the work "
		    "tree with git status, then remove it", path);
		goto out;
	}
	if (l->unborn || !git_oid_equal(&l->head, &new)) {
		/* the branch never moved (or moved on by other means): the
		 * interrupted command did not touch the work tree */
		journal_clear(l->repo);
		goto out;
	}
	if (git_repository_index(&idx, l->repo) < 0 ||
	    git_index_read(idx, 1) < 0) {
		rc = sf_error_git("cannot read the index");
		goto out;
	}
	c = sf_change_new();
	for (line += 19 + 2 * GIT_OID_HEXSZ; *line; line = next) {
		if (!(next = strchr(line, '\n')))
			break;
		*next++ = '\0';
		blob_at(l->repo, &new, line, &want);
		blob_at(l->repo, &old, line, &was);
		if (file_id(l, line, &wt) < 0) {
			rc = sf_error(SF_EREFUSED, "%s: an interrupted command "
			    "left it unreadable; restore it (git checkout -- "
			    "%s), then remove %s", line, line, path);
			goto out;
		}
		index_id(idx, line, &ix);
		if (git_oid_equal(&wt, &want) && git_oid_equal(&ix, &want))
			continue;
		/* only what the interrupted command left half-done */
		if ((!git_oid_equal(&wt, &want) && !git_oid_equal(&wt, &was)) ||
		    (!git_oid_equal(&ix, &want) && !git_oid_equal(&ix, &was))) {
			/* git's own operation wrote it: say which */
			if ((rc = sf_clone_idle(l->repo, 0)) < 0)
				goto out;
			rc = sf_error(SF_EREFUSED, "%s differs from both the "
			    "commit before and after an interrupted command; "
			    "look at git diff HEAD -- %s, settle it, then "
			    "remove %s", line, line, path);
			goto out;
		}
		if (git_oid_is_zero(&want)) {
			sf_change_remove(c, line);
		} else {
			git_blob *b = NULL;

			if (git_blob_lookup(&b, l->repo, &want) < 0) {
				rc = sf_error_git("cannot read %s", line);
				goto out;
			}
			sf_change_put(c, line, git_blob_rawcontent(b),
			    (size_t)git_blob_rawsize(b));
			git_blob_free(b);
		}
		n++;
	}
	if (n && (rc = update_worktree(l, c)) < 0)
		goto out;
	journal_clear(l->repo);
out:
	git_index_free(idx);
	sf_change_free(c);
	sf_buf_release(&text);
	free(path);
	return rc;
}

int
sf_store_tmp_name(const char *name)
{
	size_t n = strlen(name), k = strlen(SF_STORE_TMP_SUFFIX);

	return n > k && strcmp(name + n - k, SF_STORE_TMP_SUFFIX) == 0;
}
