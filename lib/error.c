#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "error.h"
#include "i18n.h"
#include "xalloc.h"

static char last_msg[4096];
static int last_code;
static struct sf_buf warnings = SF_BUF_INIT;

static int
vset(int code, const struct sf_loc *loc, const char *fmt, va_list ap)
{
	size_t off = 0;

	last_msg[0] = '\0';
	if (loc) {
		sf_loc_format(loc, last_msg, sizeof(last_msg));
		off = strlen(last_msg);
	}
	vsnprintf(last_msg + off, sizeof(last_msg) - off, sf_gettext(fmt), ap);
	last_code = code;
	return code;
}

int
sf_error(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(code, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int
sf_error_at(int code, const struct sf_loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(code, loc, fmt, ap);
	va_end(ap);
	return code;
}

static void
append(const char *s)
{
	size_t off = strlen(last_msg);

	snprintf(last_msg + off, sizeof(last_msg) - off, ": %s", s);
}

int
sf_error_errno(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vset(SF_EIO, NULL, fmt, ap);
	va_end(ap);
	append(strerror(e));
	return SF_EIO;
}

int
sf_error_read(const char *file)
{
	/* what was refused, said in words rather than by strerror */
	if (errno == ELOOP)
		return sf_error(SF_EINVALID, "cannot read %s: a symbolic link "
		    "(not followed)", file);
	if (errno == EINVAL || errno == EISDIR)
		return sf_error(SF_EINVALID, "cannot read %s: not a regular "
		    "file", file);
	return sf_error_errno("cannot read %s", file);
}

int
sf_error_git(const char *fmt, ...)
{
	const git_error *g = git_error_last();
	va_list ap;

	va_start(ap, fmt);
	vset(SF_EGIT, NULL, fmt, ap);
	va_end(ap);
	append(g && g->message ? g->message : _("unknown libgit2 error"));
	return SF_EGIT;
}

void
sf_error_prefix(const char *fmt, ...)
{
	char head[1024], old[sizeof(last_msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), sf_gettext(fmt), ap);
	va_end(ap);
	memcpy(old, last_msg, sizeof(old));
	snprintf(last_msg, sizeof(last_msg), "%s: %s", head, old);
}

const char *
sf_error_message(void)
{
	return last_msg[0] ? last_msg : _("unknown error");
}

void
sf_warning(const char *fmt, ...)
{
	va_list ap;

	if (!warnings.alloc)
		sf_buf_init(&warnings);
	va_start(ap, fmt);
	sf_buf_vaddf(&warnings, sf_gettext(fmt), ap);
	va_end(ap);
	sf_buf_addch(&warnings, '\n');
}

char *
sf_warnings_take(void)
{
	if (!warnings.len)
		return NULL;
	return sf_buf_detach(&warnings, NULL);
}

int
sf_error_code(void)
{
	return last_code;
}

void
sf_error_clear(void)
{
	last_msg[0] = '\0';
	last_code = 0;
}

int
sf_tracing(void)
{
	const char *t = getenv("SANFEN_TRACE");

	return t && *t && strcmp(t, "0") != 0;
}

void
sf_trace_read(const char *file, const char *from)
{
	struct sf_buf b = SF_BUF_INIT;

	if (!sf_tracing())
		return;
	sf_buf_addstr(&b, "sanfen: read ");
	sf_buf_add_escaped(&b, file);
	sf_buf_addf(&b, " (%s)\n", from);
	fputs(b.buf, stderr);
	sf_buf_release(&b);
}

void
sf_loc_format(const struct sf_loc *loc, char *dst, size_t size)
{
	struct sf_buf b = SF_BUF_INIT;

	if (loc->file) {
		sf_buf_addf(&b, "%s:", loc->file);
		if (loc->line) {
			sf_buf_addf(&b, "%u:", loc->line);
			if (loc->col)
				sf_buf_addf(&b, "%u:", loc->col);
		}
		sf_buf_addch(&b, ' ');
	}
	if (loc->field && *loc->field)
		sf_buf_addf(&b, "%s: ", loc->field);
	snprintf(dst, size, "%s", b.buf);
	sf_buf_release(&b);
}

void
sf_diags_init(struct sf_diags *d)
{
	d->v = NULL;
	d->n = d->alloc = 0;
}

void
sf_diags_clear(struct sf_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].field);
		free(d->v[i].msg);
	}
	free(d->v);
	sf_diags_init(d);
}

void
sf_diag_add(struct sf_diags *d, const struct sf_loc *loc, const char *fmt,
    ...)
{
	struct sf_diag *g;
	struct sf_buf b = SF_BUF_INIT;
	va_list ap;

	d->v = xgrow(d->v, &d->alloc, d->n + 1, sizeof(*d->v));
	g = &d->v[d->n++];
	memset(g, 0, sizeof(*g));
	if (loc) {
		g->file = loc->file ? xstrdup(loc->file) : NULL;
		g->line = loc->line;
		g->col = loc->col;
		g->field = loc->field ? xstrdup(loc->field) : NULL;
	}
	va_start(ap, fmt);
	sf_buf_vaddf(&b, sf_gettext(fmt), ap);
	va_end(ap);
	g->msg = sf_buf_detach(&b, NULL);
}

char *
sf_diag_string(const struct sf_diag *g)
{
	struct sf_loc loc = { .file = g->file, .line = g->line, .col = g->col,
		.field = g->field };
	char head[1024];
	struct sf_buf b = SF_BUF_INIT;

	sf_loc_format(&loc, head, sizeof(head));
	sf_buf_addf(&b, "%s%s", head, g->msg);
	return sf_buf_detach(&b, NULL);
}

int
sf_diags_result(const struct sf_diags *d)
{
	char *s;

	if (!d->n)
		return 0;
	s = sf_diag_string(&d->v[0]);
	if (d->n > 1)
		sf_error(SF_EINVALID, "%s (and %zu more)", s, d->n - 1);
	else
		sf_error(SF_EINVALID, "%s", s);
	free(s);
	return SF_EINVALID;
}
