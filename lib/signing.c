#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "signing.h"
#include "tmpfile.h"
#include "xalloc.h"

extern char **environ;

int
sf_signing_key(git_repository *repo, char **key)
{
	git_config *cfg = NULL;
	git_buf b = GIT_BUF_INIT_CONST(NULL, 0);
	const char *fmt = NULL;
	int sign = 0, rc = 0;

	*key = NULL;
	if (git_repository_config_snapshot(&cfg, repo) < 0)
		return sf_error_git("cannot read the git config");
	if (git_config_get_bool(&sign, cfg, "commit.gpgsign") < 0 || !sign)
		goto out;
	if (git_config_get_string(&fmt, cfg, "gpg.format") < 0 ||
	    strcmp(fmt, "ssh") != 0) {
		rc = sf_error(SF_EINVALID, "commit.gpgsign is set but "
		    "gpg.format is not ssh: sanfen signs with ssh keys only "
		    "(git config gpg.format ssh)");
		goto out;
	}
	if (git_config_get_string_buf(&b, cfg, "user.signingkey") < 0 ||
	    !b.ptr || !*b.ptr) {
		rc = sf_error(SF_EINVALID, "commit.gpgsign is set but "
		    "user.signingKey is not: git config user.signingKey "
		    "~/.ssh/id_ed25519");
		goto out;
	}
	if (strncmp(b.ptr, "~/", 2) == 0 && getenv("HOME")) {
		size_t n = strlen(getenv("HOME")) + strlen(b.ptr);

		*key = xmalloc(n);
		snprintf(*key, n, "%s%s", getenv("HOME"), b.ptr + 1);
	} else {
		*key = xstrdup(b.ptr);
	}
out:
	git_buf_dispose(&b);
	git_config_free(cfg);
	return rc;
}

/* A private temporary file holding data; its path into path. */
static int
temp_file(const char *data, size_t len, char *path, size_t size)
{
	if (sf_tmpfile_write("sanfen-sig", "", data, len, path, size) < 0)
		return sf_error_errno("cannot create a temporary file");
	return 0;
}

/* Run argv with standard input from in (or /dev/null); its output and
 * errors into out. The exit status, or <0. */
static int
run(char *const argv[], const char *in, struct sf_buf *out)
{
	posix_spawn_file_actions_t fa;
	char outp[4096];
	pid_t pid;
	int st = 0, rc;

	if ((rc = temp_file(NULL, 0, outp, sizeof(outp))) < 0)
		return rc;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, in ? in : "/dev/null",
	    O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, outp, O_WRONLY | O_TRUNC,
	    0);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		unlink(outp);
		errno = rc;
		return sf_error_errno("cannot run %s", argv[0]);
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (out)
		sf_buf_read_file(out, outp, 1 << 20);
	unlink(outp);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

int
sf_ssh_sign(const char *key, const char *data, size_t len,
    struct sf_buf *sig)
{
	char path[4096], sigpath[4200];
	struct sf_buf msg = SF_BUF_INIT;
	char *argv[] = { "ssh-keygen", "-Y", "sign", "-n", "git", "-f",
		(char *)key, path, NULL };
	int rc;

	if ((rc = temp_file(data, len, path, sizeof(path))) < 0)
		return rc;
	snprintf(sigpath, sizeof(sigpath), "%s.sig", path);
	rc = run(argv, NULL, &msg);
	if (rc == 0 && sf_buf_read_file(sig, sigpath, 1 << 16) < 0)
		rc = sf_error_errno("cannot read the signature");
	else if (rc > 0) {
		sf_buf_rtrim(&msg);
		rc = sf_error(SF_EINVALID, "cannot sign with %s: %s", key,
		    msg.len ? msg.buf : "ssh-keygen failed");
	}
	unlink(path);
	unlink(sigpath);
	sf_buf_release(&msg);
	return rc;
}

int
sf_ssh_verify(const char *allowed, size_t allowed_len, const char *principal,
    const char *data, size_t len, const char *sig, struct sf_buf *why)
{
	char ap[4096], dp[4096], sp[4096];
	char *argv[] = { "ssh-keygen", "-Y", "verify", "-f", ap, "-I",
		(char *)principal, "-n", "git", "-s", sp, NULL };
	int rc;

	ap[0] = dp[0] = sp[0] = '\0';
	if ((rc = temp_file(allowed, allowed_len, ap, sizeof(ap))) < 0 ||
	    (rc = temp_file(data, len, dp, sizeof(dp))) < 0 ||
	    (rc = temp_file(sig, strlen(sig), sp, sizeof(sp))) < 0)
		goto out;
	rc = run(argv, dp, why);
	if (rc >= 0)
		rc = rc == 0;
	if (why)
		sf_buf_rtrim(why);
out:
	if (*ap)
		unlink(ap);
	if (*dp)
		unlink(dp);
	if (*sp)
		unlink(sp);
	return rc;
}
