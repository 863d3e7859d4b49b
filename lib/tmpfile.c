#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tmpfile.h"
#include "xalloc.h"

/* mkstemp's template: the six characters it replaces */
#define RANDOM_PART "XXXXXX"

int
sf_tmpfile_write(const char *prefix, const char *suffix, const void *data,
    size_t len, char *path, size_t size)
{
	const char *dir = getenv("TMPDIR");
	int fd, e;

	snprintf(path, size, "%s/%s-" RANDOM_PART "%s", dir && *dir ? dir :
	    "/tmp", prefix, suffix);
	if ((fd = mkstemps(path, (int)strlen(suffix))) < 0)
		return -1;
	if ((data && write(fd, data, len) != (ssize_t)len) || close(fd) < 0) {
		e = errno;
		unlink(path);
		errno = e;
		return -1;
	}
	return 0;
}

int
sf_tmpfile_beside(const char *path, char **tmp_out)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/'), *tmp;
	size_t n = strlen(path) + 16;
	mode_t mask;
	int fd;

	*tmp_out = NULL;
	if (slash) {
		*slash = '\0';
		if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
			free(dir);
			return -1;
		}
	}
	free(dir);
	tmp = xmalloc(n);
	snprintf(tmp, n, "%s." RANDOM_PART, path);
	if ((fd = mkstemp(tmp)) < 0) {
		free(tmp);
		return -1;
	}
	/* readable as the rest of the repository is (mkstemp makes 0600) */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0) {
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	*tmp_out = tmp;
	return fd;
}
