#include <dirent.h>
#include <errno.h>
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

/* The pid of a process that has path open, 0 when none we can see. */
static long
holder(const char *path)
{
	DIR *proc, *fds;
	struct dirent *p, *f;
	char dir[64], link[PATH_MAX + 64], target[PATH_MAX];
	ssize_t n;
	long pid = 0;

	if (!(proc = opendir("/proc")))
		return -1;
	while (!pid && (p = readdir(proc))) {
		if (p->d_name[0] < '0' || p->d_name[0] > '9')
			continue;
		snprintf(dir, sizeof(dir), "/proc/%s/fd", p->d_name);
		if (!(fds = opendir(dir)))
			continue;	/* another user's, or gone */
		while ((f = readdir(fds))) {
			if (f->d_name[0] == '.')
				continue;
			snprintf(link, sizeof(link), "%s/%s", dir, f->d_name);
			n = readlink(link, target, sizeof(target) - 1);
			if (n <= 0)
				continue;
			target[n] = '\0';
			if (strcmp(target, path) == 0) {
				pid = strtol(p->d_name, NULL, 10);
				break;
			}
		}
		closedir(fds);
	}
	closedir(proc);
	return pid;
}

static int
check(const char *gitdir, const char *name, int *removed)
{
	struct sf_buf b = SF_BUF_INIT;
	char real[PATH_MAX];
	struct stat st;
	long pid;
	int rc = 0;

	sf_buf_init(&b);
	sf_buf_addf(&b, "%s%s.lock", gitdir, name);
	if (lstat(b.buf, &st) < 0)
		goto out;
	if (!realpath(b.buf, real))
		snprintf(real, sizeof(real), "%s", b.buf);
	if (st.st_uid != geteuid())
		rc = sf_error(SF_EREFUSED, "%s is held by another user; remove "
		    "it only if no git command of theirs is running", b.buf);
	else if ((pid = holder(real)) > 0)
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

int
sf_git_remote_ref_lock_clear(git_repository *repo, const char *refname)
{
	struct sf_buf b = SF_BUF_INIT;
	struct stat st;
	char real[PATH_MAX];
	long pid;
	int rc = 0;

	sf_buf_init(&b);
	sf_buf_addf(&b, "%s%s.lock", git_repository_path(repo), refname);
	if (lstat(b.buf, &st) < 0)
		goto out;
	if (!realpath(b.buf, real))
		snprintf(real, sizeof(real), "%s", b.buf);
	for (;;) {
		if ((pid = holder(real)) > 0) {
			rc = SF_ECONFLICT;	/* another push under way */
			goto out;
		}
		if (time(NULL) - st.st_mtime >= SF_GITLOCK_STALE_SECONDS)
			break;
		/* closed, perhaps not yet renamed: give it a moment */
		nanosleep(&(struct timespec){ 0, 100000000L }, NULL);
		if (lstat(b.buf, &st) < 0)
			goto out;	/* it was: renamed */
	}
	rc = check(git_repository_path(repo), refname, NULL);
out:
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
	size_t i;
	int rc = 0;

	if (removed)
		*removed = 0;
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]) && rc == 0; i++)
		rc = check(gitdir, fixed[i], removed);
	if (rc == 0 && git_reference_lookup(&head, repo, "HEAD") == 0 &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
		rc = check(gitdir, git_reference_symbolic_target(head),
		    removed);
	git_reference_free(head);
	return rc;
}

int
sf_git_ref_lock_clear(git_repository *repo, const char *refname)
{
	return check(git_repository_path(repo), refname, NULL);
}
