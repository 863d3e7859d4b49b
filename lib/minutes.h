/*
 * The minutes of a meeting (Art. 10): recording what the meeting decided
 * into its meeting file, building the 会议纪要代拟稿 with its attachment
 * 事项落实责任清单 as a document, and applying the issued minutes to the
 * issues.
 */
#ifndef SF_MINUTES_H
#define SF_MINUTES_H

#include "agenda.h"
#include "doc.h"
#include "error.h"
#include "ledger.h"
#include "meeting.h"
#include "yamlio.h"

/*
 * Read what sanfen-minutes record takes (held, chair, attendees, observers,
 * absent, items with decision and tasks, or deferred) into m, which must
 * be approved: every agenda item answered once, no other issue, units and
 * dates valid, a decision for every item not deferred; tasks are numbered
 * 1, 2, … per item. Findings go to d with file, line, column and key.
 */
int sf_minutes_record(struct sf_meeting *m, const char *file,
    const struct sf_node *root, const struct sf_units *units,
    struct sf_diags *d);

/* A commented template for record, from the agenda (for $EDITOR). */
void sf_minutes_template(struct sf_ledger *l, const struct sf_meeting *m,
    struct sf_buf *out);

/* The 纪要 and its attachment as a document. b is the 通报 of the earlier
 * meetings as of the meeting's date. */
void sf_minutes_doc(struct sf_ledger *l, const struct sf_meeting *m,
    const struct sf_briefing *b, struct sf_doc *doc);

/* "〔2024〕10号" from the config's number_format, year and n. */
char *sf_minutes_number(const char *format, const char *year, int n);

/* Chinese numerals for section heads: 1 → 一, 12 → 十二. */
void sf_zh_numeral(int n, struct sf_buf *out);

#endif
