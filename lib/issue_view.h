/*
 * How an issue reads for a person (sanfen-show's text format) and the
 * record scripts get (the file's keys plus "path", for JSON and YAML).
 */
#ifndef SF_ISSUE_VIEW_H
#define SF_ISSUE_VIEW_H

#include "buf.h"
#include "issue.h"
#include "units.h"
#include "yamlio.h"

/* The issue as the file has it, plus path (relative to the ledger). */
struct sf_node *sf_issue_record(const struct sf_issue *is, const char *path,
    struct sf_arena *a);

/* A labelled, human-readable view, units by short name. */
void sf_issue_text(const struct sf_issue *is, const struct sf_units *units,
    struct sf_buf *out);

/*
 * The same for a terminal: the status in its colour (sf_color_status), and
 * the due date of a task still open on today in SF_COLOR_OVERDUE.
 */
void sf_issue_text_color(const struct sf_issue *is,
    const struct sf_units *units, const char *today, struct sf_buf *out);

/* The short name of a unit id ("宁波", "大发改专班"), or the id itself. */
const char *sf_unit_label(const struct sf_units *units, const char *id);

#endif
