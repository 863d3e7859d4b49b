#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "gitlock.h"

/* The repository a lock belongs to, as real paths without a trailing
 * slash; workdir is empty for a bare one. */
struct repo_dirs {
	char gitdir[PATH_MAX];
	char workdir[PATH_MAX];
};

static void
real_dir(const char *path, char out[PATH_MAX])
{
	size_t n;

	out[0] = '\0';
	if (!path)
		return;
	if (!realpath(path, out))
		snprintf(out, PATH_MAX, "%s", path);
	n = strlen(out);
	while (n > 1 && out[n - 1] == '/')
		out[--n] = '\0';
}

static void
repo_dirs(git_repository *repo, struct repo_dirs *d)
{
	real_dir(git_repository_path(repo), d->gitdir);
	real_dir(git_repository_workdir(repo), d->workdir);
}

/* Whether path is dir or lies below it. */
static int
inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (!n)
		return 0;
	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' ||
	    path[n] == '/');
}

static int
git_name(const char *s)
{
	return strcmp(s, "git") == 0 || strncmp(s, "git-", 4) == 0;
}

/* Whether process pid is git: its name, else its executable's. */
static int
is_git(const char *pid)
{
	char path[64], buf[PATH_MAX], *base;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/comm", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			buf[strcspn(buf, "\n")] = '\0';
			if (git_name(buf))
				return 1;
		}
	}
	snprintf(path, sizeof(path), "/proc/%s/exe", pid);
	if ((n = readlink(path, buf, sizeof(buf) - 1)) <= 0)
		return 0;
	buf[n] = '\0';
	base = strrchr(buf, '/');
	return git_name(base ? base + 1 : buf);
}

/* Whether process pid works in the repository d: its working directory
 * in the work tree or the git directory, or its GIT_DIR in the latter. */
static int
works_in(const char *pid, const struct repo_dirs *d)
{
	struct sf_buf env = SF_BUF_INIT, dir = SF_BUF_INIT;
	char path[64], cwd[PATH_MAX], real[PATH_MAX];
	const char *p, *end;
	ssize_t n;
	int fd, in = 0;

	snprintf(path, sizeof(path), "/proc/%s/cwd", pid);
	if ((n = readlink(path, cwd, sizeof(cwd) - 1)) <= 0)
		return 0;	/* another user's, or gone */
	cwd[n] = '\0';
	if (inside(cwd, d->gitdir) || inside(cwd, d->workdir))
		return 1;
	snprintf(path, sizeof(path), "/proc/%s/environ", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	sf_buf_read_fd(&env, fd, 1 << 20);
	close(fd);
	for (p = env.buf, end = env.buf + env.len; p < end && !in;
	    p += strlen(p) + 1) {
		if (strncmp(p, "GIT_DIR=", 8) != 0 || !p[8])
			continue;
		sf_buf_reset(&dir);
		if (p[8] != '/')
			sf_buf_addf(&dir, "%s/", cwd);
		sf_buf_addf(&dir, "%s", p + 8);
		if (!realpath(dir.buf, real))
			snprintf(real, sizeof(real), "%s", dir.buf);
		in = inside(real, d->gitdir);
	}
	sf_buf_release(&env);
	sf_buf_release(&dir);
	return in;
}

/* Whether process pid has path open. */
static int
has_open(const char *pid, const char *path)
{
	DIR *fds;
	struct dirent *f;
	char dir[64], link[PATH_MAX + 64], target[PATH_MAX];
	ssize_t n;
	int found = 0;

	snprintf(dir, sizeof(dir), "/proc/%s/fd", pid);
	if (!(fds = opendir(dir)))
		return 0;	/* another user's, or gone */
	while (!found && (f = readdir(fds))) {
		if (f->d_name[0] == '.')
			continue;
		snprintf(link, sizeof(link), "%s/%s", dir, f->d_name);
		n = readlink(link, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		found = strcmp(target, path) == 0;
	}
	closedir(fds);
	return found;
}

/*
 * Who keeps the lock file path alive: the pid of a process that has it
 * open (*git 0), else of a git process working in the repository d
 * (*git 1); 0 when none we can see, -1 when /proc cannot be read.
 */
static long
keeper(const char *path, const struct repo_dirs *d, int *git)
{
	DIR *proc;
	struct dirent *p;
	long pid = 0, gitpid = 0;

	*git = 0;
	if (!(proc = opendir("/proc")))
		return -1;
	while (!pid && (p = readdir(proc))) {
		if (p->d_name[0] < '0' || p->d_name[0] > '9')
			continue;
		if (has_open(p->d_name, path))
			pid = strtol(p->d_name, NULL, 10);
		else if (!gitpid && is_git(p->d_name) && works_in(p->d_name, d))
			gitpid = strtol(p->d_name, NULL, 10);
	}
	closedir(proc);
	if (!pid && gitpid) {
		pid = gitpid;
		*git = 1;
	}
	return pid;
}

static int
check(const struct repo_dirs *d, const char *gitdir, const char *name,
    int *removed)
{
	struct sf_buf b = SF_BUF_INIT;
	char real[PATH_MAX];
	struct stat st;
	long pid;
	int rc = 0, git;

	sf_buf_addf(&b, "%s%s.lock", gitdir, name);
	if (lstat(b.buf, &st) < 0)
		goto out;
	if (!realpath(b.buf, real))
		snprintf(real, sizeof(real), "%s", b.buf);
	if (st.st_uid != geteuid())
		rc = sf_error(SF_EREFUSED, "%s is held by another user; remove "
		    "it only if no git command of theirs is running", b.buf);
	else if ((pid = keeper(real, d, &git)) > 0 && git)
		rc = sf_error(SF_EREFUSED, "%s may be held by git process %ld, "
		    "which runs in this repository; let it finish, then retry",
		    b.buf, pid);
	else if (pid > 0)
		rc = sf_error(SF_EREFUSED, "%s is held by process %ld; let it "
		    "finish, then retry", b.buf, pid);
	else if (pid < 0)
		rc = sf_error(SF_EREFUSED, "%s is left from an interrupted "
		    "git command; remove it if none is running", b.buf);
	else if (unlink(b.buf) < 0 && errno != ENOENT)
		rc = sf_error_errno("cannot remove the stale %s", b.buf);
	else if (removed)
		(*removed)++;
out:
	sf_buf_release(&b);
	return rc;
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int
sf_git_remote_ref_lock_wait(git_repository *repo, const char *refname,
    int seconds)
{
	struct sf_buf b = SF_BUF_INIT;
	struct stat st;
	double until = now() + (seconds > 0 ? seconds : 0);
	int rc = 0;

	sf_buf_addf(&b, "%s%s.lock", git_repository_path(repo), refname);
	/* never removed: a push there may hold it closed while its
	 * reference-transaction hook runs, and renames it at the end */
	while (lstat(b.buf, &st) == 0) {
		if (now() >= until) {
			rc = sf_error(SF_EREFUSED, "%s is still there after %d "
			    "s: a push to that repository may be in progress; "
			    "run sanfen-sync again when it has ended, and "
			    "remove the file only if no git command runs "
			    "there", b.buf, seconds > 0 ? seconds : 0);
			break;
		}
		nanosleep(&(struct timespec){ 0, 100000000L }, NULL);
	}
	sf_buf_release(&b);
	return rc;
}

int
sf_git_locks_clear(git_repository *repo, int *removed)
{
	static const char *const fixed[] = { "index", "HEAD", "packed-refs",
		"config" };
	const char *gitdir = git_repository_path(repo);
	git_reference *head = NULL;
	struct repo_dirs d;
	size_t i;
	int rc = 0;

	if (removed)
		*removed = 0;
	repo_dirs(repo, &d);
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]) && rc == 0; i++)
		rc = check(&d, gitdir, fixed[i], removed);
	if (rc == 0 && git_reference_lookup(&head, repo, "HEAD") == 0 &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
		rc = check(&d, gitdir, git_reference_symbolic_target(head),
		    removed);
	git_reference_free(head);
	return rc;
}

int
sf_git_ref_lock_clear(git_repository *repo, const char *refname)
{
	struct repo_dirs d;

	repo_dirs(repo, &d);
	return check(&d, git_repository_path(repo), refname, NULL);
}
