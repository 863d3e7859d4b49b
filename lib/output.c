#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "output.h"
#include "xalloc.h"

/*
 * Width of one code point: utf8proc's, with invalid bytes taking one column
 * each so that a damaged string still lines up.
 */
static size_t
next_char(const char *s, size_t len, size_t *width)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	int w;

	n = utf8proc_iterate((const utf8proc_uint8_t *)s,
	    (utf8proc_ssize_t)len, &cp);
	if (n <= 0) {
		*width = 1;
		return 1;
	}
	w = utf8proc_charwidth(cp);
	*width = w < 0 ? 0 : (size_t)w;
	return (size_t)n;
}

size_t
sf_display_width(const char *s)
{
	size_t len = strlen(s), off = 0, total = 0, w;

	while (off < len) {
		off += next_char(s + off, len - off, &w);
		total += w;
	}
	return total;
}

size_t
sf_display_fit(const char *s, size_t width, size_t *cols)
{
	size_t len = strlen(s), off = 0, total = 0, w, n, limit;

	if (sf_display_width(s) <= width) {
		if (cols)
			*cols = sf_display_width(s);
		return len;
	}
	limit = width ? width - 1 : 0;	/* room for "…" */
	while (off < len) {
		n = next_char(s + off, len - off, &w);
		if (total + w > limit)
			break;
		total += w;
		off += n;
	}
	if (cols)
		*cols = total;
	return off;
}

struct sf_table {
	size_t ncols;
	char **cells;		/* rows * ncols, row 0 the headers */
	const char **sgr;	/* the same, each a colour or NULL */
	size_t nrows;
	size_t alloc;
	size_t sgr_alloc;
};

/* A cell on one line, and nothing in it a terminal would act on or that
 * would reorder the row (a title's U+202E, a commit subject's escape
 * sequence): shown escaped, as \e or \u202e. */
static char *
clean_cell(const char *s)
{
	struct sf_buf b = SF_BUF_INIT;
	char *c = xstrdup(s ? s : ""), *p;

	for (p = c; *p; p++)
		if (*p == '\n' || *p == '\t' || *p == '\r')
			*p = ' ';
	sf_buf_add_escaped_text(&b, c);
	free(c);
	return sf_buf_detach(&b, NULL);
}

struct sf_table *
sf_table_new(size_t ncols, const char *const *headers)
{
	struct sf_table *t = xcalloc(1, sizeof(*t));

	t->ncols = ncols;
	sf_table_add(t, headers);
	return t;
}

void
sf_table_free(struct sf_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->sgr);
	free(t);
}

void
sf_table_add(struct sf_table *t, const char *const *cells)
{
	size_t i;

	t->cells = xgrow(t->cells, &t->alloc, (t->nrows + 1) * t->ncols,
	    sizeof(char *));
	t->sgr = xgrow(t->sgr, &t->sgr_alloc, (t->nrows + 1) * t->ncols,
	    sizeof(char *));
	for (i = 0; i < t->ncols; i++) {
		t->cells[t->nrows * t->ncols + i] = clean_cell(cells[i]);
		t->sgr[t->nrows * t->ncols + i] = NULL;
	}
	t->nrows++;
}

void
sf_table_color(struct sf_table *t, size_t col, const char *sgr)
{
	if (col < t->ncols && t->nrows > 1)
		t->sgr[(t->nrows - 1) * t->ncols + col] = sgr && *sgr ? sgr :
		    NULL;
}

static void
pad(FILE *fp, size_t n)
{
	while (n--)
		fputc(' ', fp);
}

void
sf_table_print(const struct sf_table *t, FILE *fp, size_t max_width)
{
	size_t *w = xcalloc(t->ncols, sizeof(*w));
	size_t r, c, total = 0, cw, n, others;

	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			cw = sf_display_width(t->cells[r * t->ncols + c]);
			if (cw > w[c])
				w[c] = cw;
		}
	for (c = 0; c < t->ncols; c++)
		total += w[c] + (c ? 2 : 0);
	if (max_width && total > max_width) {
		c = t->ncols - 1;	/* the last column gives way */
		others = total - w[c];
		w[c] = others + 4 < max_width ? max_width - others : 4;
	}
	for (r = 0; r < t->nrows; r++) {
		size_t last = t->ncols;

		/* no trailing blanks: find the last non-empty cell */
		while (last > 0 && !*t->cells[r * t->ncols + last - 1])
			last--;
		for (c = 0; c < last; c++) {
			const char *s = t->cells[r * t->ncols + c];
			const char *sgr = t->sgr[r * t->ncols + c];

			if (c)
				fputs("  ", fp);
			if (sgr && *s)
				fprintf(fp, "\033[%sm", sgr);
			n = sf_display_fit(s, w[c], &cw);
			fwrite(s, 1, n, fp);
			if (n < strlen(s)) {
				fputs("…", fp);
				cw++;
			}
			if (sgr && *s)
				fputs(SF_COLOR_RESET, fp);
			if (c + 1 < last)
				pad(fp, w[c] - cw);
		}
		fputc('\n', fp);
	}
	free(w);
}

const char *
sf_color_status(const char *status)
{
	/* waiting yellow, moving cyan and blue, done green, refused red */
	static const char *const map[][2] = {
		{ "submitted", "33" }, { "accepted", "36" },
		{ "rejected", "31" }, { "scheduled", "34" },
		{ "coordinated", "35" }, { "escalated", "1;31" },
		{ "closed", "32" }, { "withdrawn", "2" },
	};
	size_t i;

	for (i = 0; status && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], status) == 0)
			return map[i][1];
	return NULL;
}

void
sf_csv_row(FILE *fp, const char *const *cells, size_t n)
{
	size_t i;
	const char *s;

	for (i = 0; i < n; i++) {
		s = cells[i] ? cells[i] : "";
		if (i)
			fputc(',', fp);
		if (strpbrk(s, ",\"\r\n") || *s == ' ' ||
		    (*s && s[strlen(s) - 1] == ' ')) {
			fputc('"', fp);
			for (; *s; s++) {
				if (*s == '"')
					fputc('"', fp);
				fputc(*s, fp);
			}
			fputc('"', fp);
		} else {
			fputs(s, fp);
		}
	}
	fputs("\r\n", fp);
}
