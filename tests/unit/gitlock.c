/* Unit tests: lib/gitlock.c, on a real repository, with real processes
 * (a process named git is made by exec'ing sleep through a link named
 * git, or by renaming a forked child) */
#include <git2.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "error.h"
#include "gitlock.h"

static char dir[] = "/tmp/sanfen-gitlock-XXXXXX";
static char repo_dir[256], gitdir[256], bare_dir[256], fake_git[256];

static void
shell(const char *fmt, ...)
{
	struct sf_buf cmd = SF_BUF_INIT;
	va_list ap;

	sf_buf_addf(&cmd, "cd %s && ", dir);
	va_start(ap, fmt);
	sf_buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	assert_int_equal(system(cmd.buf), 0);
	sf_buf_release(&cmd);
}

static int
setup(void **state)
{
	(void)state;
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", "/nonexistent", 1);
	setenv("GIT_AUTHOR_NAME", "t", 1);
	setenv("GIT_AUTHOR_EMAIL", "t@example", 1);
	setenv("GIT_COMMITTER_NAME", "t", 1);
	setenv("GIT_COMMITTER_EMAIL", "t@example", 1);
	git_libgit2_init();
	if (!mkdtemp(dir))
		return -1;
	snprintf(repo_dir, sizeof(repo_dir), "%s/r", dir);
	snprintf(gitdir, sizeof(gitdir), "%s/r/.git", dir);
	snprintf(bare_dir, sizeof(bare_dir), "%s/central.git", dir);
	snprintf(fake_git, sizeof(fake_git), "%s/bin/git", dir);
	if (system("command -v sleep >/dev/null") != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	struct sf_buf cmd = SF_BUF_INIT;

	(void)state;
	sf_buf_addf(&cmd, "rm -rf %s", dir);
	(void)system(cmd.buf);
	sf_buf_release(&cmd);
	git_libgit2_shutdown();
	return 0;
}

/* A fresh clone-like repository r (one commit on main) and a bare one. */
static git_repository *
fresh(void)
{
	git_repository *repo = NULL;

	shell("rm -rf r central.git bin && mkdir bin && "
	    "ln -s \"$(command -v sleep)\" bin/git && "
	    "ln -s \"$(command -v sleep)\" bin/snooze && "
	    "git init -q -b main r && "
	    "git -C r commit -q --allow-empty -m one && "
	    "git init -q --bare -b main central.git");
	assert_int_equal(git_repository_open(&repo, repo_dir), 0);
	return repo;
}

static char *
lock_path(const char *gd, const char *name)
{
	struct sf_buf b = SF_BUF_INIT;

	sf_buf_addf(&b, "%s/%s.lock", gd, name);
	return sf_buf_detach(&b, NULL);
}

static void
touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);

	assert_true(fd >= 0);
	close(fd);
}

static int
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static void
nap(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

/* Wait until /proc/pid/comm reads name (the child is in place). */
static void
wait_comm(pid_t pid, const char *name)
{
	char path[64], buf[64];
	int i, fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%ld/comm", (long)pid);
	for (i = 0; i < 200; i++) {
		if ((fd = open(path, O_RDONLY)) >= 0) {
			n = read(fd, buf, sizeof(buf) - 1);
			close(fd);
			if (n > 0) {
				buf[n] = '\0';
				buf[strcspn(buf, "\n")] = '\0';
				if (strcmp(buf, name) == 0)
					return;
			}
		}
		nap(10);
	}
	fail_msg("process %ld never became '%s'", (long)pid, name);
}

/* A child that runs prog (sleep, through a link) in cwd with GIT_DIR
 * set to git_dir (unless NULL). */
static pid_t
spawn(const char *prog, const char *cwd, const char *git_dir)
{
	char env[512];
	char *argv[3], *envp[2] = { NULL, NULL };
	const char *base = strrchr(prog, '/') + 1;
	pid_t pid;

	argv[0] = (char *)prog;
	argv[1] = "30";
	argv[2] = NULL;
	if (git_dir) {
		snprintf(env, sizeof(env), "GIT_DIR=%s", git_dir);
		envp[0] = env;
	}
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (chdir(cwd) < 0)
			_exit(127);
		execve(prog, argv, envp);
		_exit(127);
	}
	wait_comm(pid, base);
	return pid;
}

static void
reap(pid_t pid)
{
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

static void
test_stale_lock_removed(void **state)
{
	git_repository *repo = fresh();
	char *index = lock_path(gitdir, "index");
	char *branch = lock_path(gitdir, "refs/heads/main");
	int removed = -1;

	(void)state;
	assert_int_equal(sf_git_locks_clear(repo, &removed), 0);
	assert_int_equal(removed, 0);
	touch(index);
	touch(branch);
	assert_int_equal(sf_git_locks_clear(repo, &removed), 0);
	assert_int_equal(removed, 2);
	assert_false(exists(index));
	assert_false(exists(branch));
	free(index);
	free(branch);
	git_repository_free(repo);
}

static void
test_open_lock_kept(void **state)
{
	git_repository *repo = fresh();
	char *index = lock_path(gitdir, "index"), want[512];
	int fd;

	(void)state;
	fd = open(index, O_WRONLY | O_CREAT, 0666);
	assert_true(fd >= 0);
	assert_int_equal(sf_git_locks_clear(repo, NULL), SF_EREFUSED);
	snprintf(want, sizeof(want), "%s is held by process %ld; let it "
	    "finish, then retry", index, (long)getpid());
	assert_string_equal(sf_error_message(), want);
	assert_true(exists(index));
	close(fd);
	assert_int_equal(sf_git_locks_clear(repo, NULL), 0);
	assert_false(exists(index));
	free(index);
	git_repository_free(repo);
}

static void
refused_for_git(git_repository *repo, const char *lock, pid_t pid)
{
	char want[512];

	snprintf(want, sizeof(want), "%s may be held by git process %ld, "
	    "which runs in this repository; let it finish, then retry", lock,
	    (long)pid);
	assert_string_equal(sf_error_message(), want);
	assert_true(exists(lock));
	(void)repo;
}

/* git in the work tree, its lock closed (in a hook): kept */
static void
test_git_in_work_tree(void **state)
{
	git_repository *repo = fresh();
	char *branch = lock_path(gitdir, "refs/heads/main"), sub[300];
	pid_t pid;

	(void)state;
	touch(branch);
	snprintf(sub, sizeof(sub), "%s/issues", repo_dir);
	assert_int_equal(mkdir(sub, 0777), 0);
	pid = spawn(fake_git, sub, NULL);
	assert_int_equal(sf_git_locks_clear(repo, NULL), SF_EREFUSED);
	refused_for_git(repo, branch, pid);
	reap(pid);
	assert_int_equal(sf_git_locks_clear(repo, NULL), 0);
	assert_false(exists(branch));
	free(branch);
	git_repository_free(repo);
}

/* a forked child renamed git (as git's own name is), in the git dir */
static void
test_git_by_name_in_git_dir(void **state)
{
	git_repository *repo = fresh();
	char *index = lock_path(gitdir, "index");
	int p[2];
	char c;
	pid_t pid;

	(void)state;
	touch(index);
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		if (chdir(gitdir) < 0 || prctl(PR_SET_NAME, "git") < 0)
			_exit(127);
		(void)!write(p[1], "x", 1);
		for (;;)
			pause();
	}
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	assert_int_equal(sf_git_locks_clear(repo, NULL), SF_EREFUSED);
	refused_for_git(repo, index, pid);
	reap(pid);
	assert_int_equal(sf_git_locks_clear(repo, NULL), 0);
	free(index);
	git_repository_free(repo);
}

/* git elsewhere with GIT_DIR naming this repository, absolute or
 * relative to its working directory */
static void
test_git_dir_env(void **state)
{
	git_repository *repo = fresh();
	char *head = lock_path(gitdir, "HEAD");
	pid_t pid;

	(void)state;
	touch(head);
	pid = spawn(fake_git, "/", gitdir);
	assert_int_equal(sf_git_locks_clear(repo, NULL), SF_EREFUSED);
	refused_for_git(repo, head, pid);
	reap(pid);
	pid = spawn(fake_git, dir, "r/.git");
	assert_int_equal(sf_git_locks_clear(repo, NULL), SF_EREFUSED);
	refused_for_git(repo, head, pid);
	reap(pid);
	/* another repository's GIT_DIR: not ours */
	pid = spawn(fake_git, dir, bare_dir);
	assert_int_equal(sf_git_locks_clear(repo, NULL), 0);
	assert_false(exists(head));
	reap(pid);
	free(head);
	git_repository_free(repo);
}

/* neither git elsewhere nor another program here keeps a lock alive */
static void
test_not_ours(void **state)
{
	git_repository *repo = fresh();
	char *index = lock_path(gitdir, "index"), snooze[300];
	pid_t pid;

	(void)state;
	touch(index);
	pid = spawn(fake_git, dir, NULL);
	assert_int_equal(sf_git_locks_clear(repo, NULL), 0);
	assert_false(exists(index));
	reap(pid);
	touch(index);
	snprintf(snooze, sizeof(snooze), "%s/bin/snooze", dir);
	pid = spawn(snooze, repo_dir, gitdir);
	assert_int_equal(sf_git_locks_clear(repo, NULL), 0);
	assert_false(exists(index));
	reap(pid);
	free(index);
	git_repository_free(repo);
}

/* one reference's lock: the same rule */
static void
test_ref_lock(void **state)
{
	git_repository *repo = fresh();
	char *lock = lock_path(gitdir, "refs/remotes/origin/main"), d[300];
	pid_t pid;

	(void)state;
	snprintf(d, sizeof(d), "%s/refs/remotes/origin", gitdir);
	shell("mkdir -p %s", d);
	touch(lock);
	pid = spawn(fake_git, repo_dir, NULL);
	assert_int_equal(sf_git_ref_lock_clear(repo,
	    "refs/remotes/origin/main"), SF_EREFUSED);
	refused_for_git(repo, lock, pid);
	reap(pid);
	assert_int_equal(sf_git_ref_lock_clear(repo,
	    "refs/remotes/origin/main"), 0);
	assert_false(exists(lock));
	free(lock);
	git_repository_free(repo);
}

static double
seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* the central repository's branch lock: waited on, never removed */
static void
test_remote_lock_wait(void **state)
{
	git_repository *repo = fresh(), *central = NULL;
	char *lock = lock_path(bare_dir, "refs/heads/main"), want[640];
	double t;
	pid_t pid;

	(void)state;
	git_repository_free(repo);
	assert_int_equal(git_repository_open(&central, bare_dir), 0);
	t = seconds();
	assert_int_equal(sf_git_remote_ref_lock_wait(central,
	    "refs/heads/main", 5), 0);
	assert_true(seconds() - t < 0.5);
	/* a lock nobody holds, nobody removes: reported, kept */
	touch(lock);
	t = seconds();
	assert_int_equal(sf_git_remote_ref_lock_wait(central,
	    "refs/heads/main", 1), SF_EREFUSED);
	assert_true(seconds() - t >= 1.0);
	snprintf(want, sizeof(want), "%s/refs/heads/main.lock is still "
	    "there after 1 s: a push to that repository may be in progress; "
	    "run sanfen-sync again when it has ended, and remove the file "
	    "only if no git command runs there", bare_dir);
	assert_string_equal(sf_error_message(), want);
	assert_true(exists(lock));
	assert_int_equal(sf_git_remote_ref_lock_wait(central,
	    "refs/heads/main", 0), SF_EREFUSED);
	assert_true(exists(lock));
	/* a push that ends meanwhile: its lock goes, the wait ends */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		nap(300);
		unlink(lock);
		free(lock);
		git_repository_free(central);
		_exit(0);
	}
	t = seconds();
	assert_int_equal(sf_git_remote_ref_lock_wait(central,
	    "refs/heads/main", 10), 0);
	assert_true(seconds() - t < 5.0);
	assert_false(exists(lock));
	waitpid(pid, NULL, 0);
	free(lock);
	git_repository_free(central);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stale_lock_removed),
		cmocka_unit_test(test_open_lock_kept),
		cmocka_unit_test(test_git_in_work_tree),
		cmocka_unit_test(test_git_by_name_in_git_dir),
		cmocka_unit_test(test_git_dir_env),
		cmocka_unit_test(test_not_ours),
		cmocka_unit_test(test_ref_lock),
		cmocka_unit_test(test_remote_lock_wait),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
