#include <string.h>

#include <git2.h>

#include "error.h"
#include "markers.h"
#include "xalloc.h"

struct hunk {
	int ostart, olines, tstart, tlines;
};

struct hunks {
	struct hunk *v;
	size_t n, alloc;
};

static int
on_hunk(const git_diff_delta *d, const git_diff_hunk *h, void *payload)
{
	struct hunks *hs = payload;

	(void)d;
	hs->v = xgrow(hs->v, &hs->alloc, hs->n + 1, sizeof(*hs->v));
	hs->v[hs->n++] = (struct hunk){ h->old_start, h->old_lines,
		h->new_start, h->new_lines };
	return 0;
}

/* Append text's lines from *at up to (not including) line to, 1-based,
 * to out (NULL: pass over them); *at and *p keep the line and position
 * reached, so each text is read once. */
static void
copy_lines(const char *text, size_t len, size_t *p, int *at, int to,
    struct sf_buf *out)
{
	const char *nl;
	size_t start = *p;

	while (*at < to && *p < len) {
		nl = memchr(text + *p, '\n', len - *p);
		*p = nl ? (size_t)(nl - text) + 1 : len;
		(*at)++;
	}
	if (!out)
		return;
	sf_buf_add(out, text + start, *p - start);
	if (*p > start && text[*p - 1] != '\n')
		sf_buf_addch(out, '\n');
}

int
sf_markers_write(const char *ours, size_t olen, const char *theirs,
    size_t tlen, struct sf_buf *out)
{
	git_diff_options opts;
	struct hunks hs = { NULL, 0, 0 };
	size_t op = 0, tp = 0, i;
	int oat = 1, tat = 1, end;
	struct hunk *h;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.context_lines = 0;
	opts.interhunk_lines = 0;
	opts.flags |= GIT_DIFF_MINIMAL;
	if (git_diff_buffers(ours, olen, NULL, theirs, tlen, NULL, &opts,
	    NULL, NULL, on_hunk, NULL, &hs) < 0) {
		free(hs.v);
		return sf_error_git("cannot compare the two sides");
	}
	for (i = 0; i < hs.n; i++) {
		h = &hs.v[i];
		/* a hunk that only adds lines starts after its line */
		end = h->olines ? h->ostart : h->ostart + 1;
		copy_lines(ours, olen, &op, &oat, end, out);
		copy_lines(theirs, tlen, &tp, &tat,
		    h->tlines ? h->tstart : h->tstart + 1, NULL);
		sf_buf_addstr(out, SF_MARK_OURS "\n");
		copy_lines(ours, olen, &op, &oat, oat + h->olines, out);
		sf_buf_addstr(out, SF_MARK_MID "\n");
		copy_lines(theirs, tlen, &tp, &tat, tat + h->tlines, out);
		sf_buf_addstr(out, SF_MARK_THEIRS "\n");
	}
	copy_lines(ours, olen, &op, &oat, oat + (int)olen + 1, out);
	free(hs.v);
	return 0;
}

static int
is_marker(const char *s, size_t n)
{
	static const char *const marks[] = { "<<<<<<<", "=======",
		">>>>>>>" };
	size_t i;

	for (i = 0; i < 3; i++)
		if (n >= 7 && memcmp(s, marks[i], 7) == 0 &&
		    (n == 7 || s[7] == ' ' || s[7] == '\r'))
			return 1;
	return 0;
}

unsigned
sf_markers_find(const char *data, size_t len)
{
	const char *p = data, *end = data + len, *nl;
	unsigned line = 1;

	for (; p < end; p = nl + 1, line++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (is_marker(p, (size_t)(nl - p)))
			return line;
	}
	return 0;
}
