/*
 * Error reporting, the libgit2 way: functions return 0 or a negative SF_E*
 * code and leave one last message aside, which names file, line, column and
 * field where that applies:
 *
 *	issues/2024/10/20241008-k3f9qa.yaml:7:10: subject: unknown value 'x'
 *
 * Validators that want every finding (sanfen-check) collect them in a
 * struct sf_diags instead of stopping at the first.
 */
#ifndef SF_ERROR_H
#define SF_ERROR_H

#include <stddef.h>

enum {
	SF_OK = 0,
	SF_ERROR = -1,		/* any other failure */
	SF_ENOTFOUND = -2,	/* no such issue, meeting, unit or file */
	SF_EAMBIGUOUS = -3,	/* an id prefix matches several */
	SF_EINVALID = -4,	/* invalid data, in a file or a value given */
	SF_EREFUSED = -5,	/* illegal transition, missing role, dirty path */
	SF_ECONFLICT = -6,	/* the ledger changed under us: retry */
	SF_EGIT = -7,		/* libgit2 failed */
	SF_EIO = -8,		/* a system call failed */
	SF_EUSAGE = -9		/* the caller's arguments are wrong (exit 2) */
};

/* Where a finding is: any member may be NULL / 0 when unknown. */
struct sf_loc {
	const char *file;
	unsigned line;
	unsigned col;
	const char *field;
};

/* Set the last error and return code, so that `return sf_error(...)` reads. */
int sf_error(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int sf_error_at(int code, const struct sf_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* strerror(errno) appended as ": <reason>"; returns SF_EIO. */
int sf_error_errno(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/*
 * "cannot read FILE: why", errno set by a read of a ledger file
 * (sf_buf_read_nofollow): a symbolic link, not followed, and a file that
 * is not regular (a folder, a FIFO, a device) are SF_EINVALID and said in
 * words; the rest is SF_EIO with strerror.
 */
int sf_error_read(const char *file);
/* libgit2's last message appended; returns SF_EGIT. */
int sf_error_git(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* Prefix the current message with "what: " (adds context on the way up). */
void sf_error_prefix(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
const char *sf_error_message(void);
/*
 * A warning for after success: lib/ does not print, so a function that
 * did its job but left something for later (a commit made, the work tree
 * not yet brought up to date) says so here; the command prints what is
 * pending when it exits ("name: warning: …", cmd/cli.c).
 */
void sf_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The pending warnings, one per line, forgotten: NULL when none. */
char *sf_warnings_take(void);
int sf_error_code(void);
void sf_error_clear(void);

/*
 * SANFEN_TRACE set and not "0": what the commands read, on standard
 * error, for people and tests (tests/cmd/0130-read-once.t) to see that a
 * command reads each record once. sf_trace_read says "sanfen: read FILE
 * (FROM)" for every issue or meeting read, FROM naming the source: "work
 * tree", "HEAD" (a blob parsed) or "cache" (a record of the query cache).
 */
int sf_tracing(void);
void sf_trace_read(const char *file, const char *from);

/* Format a location as "file:line:col: field: " into dst (NUL-terminated). */
void sf_loc_format(const struct sf_loc *loc, char *dst, size_t size);

struct sf_diag {
	char *file;
	unsigned line;
	unsigned col;
	char *field;
	char *msg;
};

struct sf_diags {
	struct sf_diag *v;
	size_t n;
	size_t alloc;
};

#define SF_DIAGS_INIT { NULL, 0, 0 }

void sf_diags_init(struct sf_diags *d);
void sf_diags_clear(struct sf_diags *d);
void sf_diag_add(struct sf_diags *d, const struct sf_loc *loc,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "file:line:col: field: msg" */
char *sf_diag_string(const struct sf_diag *g);
/*
 * 0 when d holds nothing; otherwise the first finding becomes the last
 * error (with "(and N more)" when there are others) and SF_EINVALID is
 * returned.
 */
int sf_diags_result(const struct sf_diags *d);

#endif
