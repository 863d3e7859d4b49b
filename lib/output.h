/*
 * Printing records: human tables aligned by display width (CJK wide
 * characters take two columns), CSV (RFC 4180), and the display width of
 * UTF-8 text. lib/ does not print on its own: these write to the FILE the
 * command hands them.
 */
#ifndef SF_OUTPUT_H
#define SF_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

/* Columns the UTF-8 string takes on a terminal (utf8proc widths). */
size_t sf_display_width(const char *s);
/* Bytes of s that fit in width columns, leaving room for "…" when the
 * string does not fit whole; *cols gets the width of that prefix. */
size_t sf_display_fit(const char *s, size_t width, size_t *cols);

struct sf_table;

struct sf_table *sf_table_new(size_t ncols, const char *const *headers);
void sf_table_free(struct sf_table *t);
/* Add a row of ncols cells (copied; NULL prints as empty). A cell's
 * newlines and tabs are shown as spaces, controls and the marks that
 * reorder text escaped (sf_buf_add_escaped_text). */
void sf_table_add(struct sf_table *t, const char *const *cells);
/* Colour cell col of the row added last: sgr is an SGR parameter string
 * ("31", "1;33") printed around the text, not the padding, or NULL. */
void sf_table_color(struct sf_table *t, size_t col, const char *sgr);
/* Print with two spaces between columns and no trailing blanks; the last
 * column is shortened with "…" when the table is wider than max_width, 0
 * meaning never truncate. Widths count the text only, never the colour. */
void sf_table_print(const struct sf_table *t, FILE *fp, size_t max_width);

/*
 * Colours, as SGR parameters for "\033[<sgr>m": one per issue status (by its
 * token; NULL for an unknown one) and one for a date that has passed.
 */
const char *sf_color_status(const char *status);
#define SF_COLOR_OVERDUE "31"
#define SF_COLOR_RESET "\033[m"

/* One CSV record, RFC 4180: quotes where needed, CRLF line end. */
void sf_csv_row(FILE *fp, const char *const *cells, size_t n);

#endif
