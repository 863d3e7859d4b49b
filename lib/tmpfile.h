/*
 * Temporary files, made with mkstemp: one in $TMPDIR holding some data
 * (the editor's template, ssh-keygen's input), or one beside a file it is
 * to be renamed over (the query cache, the kept common problems).
 */
#ifndef SF_TMPFILE_H
#define SF_TMPFILE_H

#include <stddef.h>

/*
 * A private file $TMPDIR/<prefix>-<random><suffix> (suffix may be "")
 * holding len bytes of data (none when data is NULL); its name into path.
 * 0, or -1 with errno set (nothing left behind).
 */
int sf_tmpfile_write(const char *prefix, const char *suffix, const void *data,
    size_t len, char *path, size_t size);

/*
 * A file beside path (its directory made if need be), readable as the
 * repository around it is (the umask's), to be renamed over path: the
 * descriptor, with *tmp (malloc'd) its name; -1 when it cannot be made.
 */
int sf_tmpfile_beside(const char *path, char **tmp);

#endif
