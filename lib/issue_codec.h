/*
 * An issue in binary, beside the model (issue.h): what the query cache
 * (lib/cache.c) keeps of every issue, so that a scan need not parse the
 * YAML again. Two parts: the indexed fields, which every scan decodes,
 * and the rest (contact, material, decision, the screening's note and
 * similar issues), decoded only for a whole issue (sf_scan_full). Layout
 * in lib/keyfile.h's terms: fields in the order of the code, an int or a
 * set as u32, a string as u32 length and bytes, a part that may be
 * absent (screening, escalation, closure, withdrawal) after a u32 0 or 1,
 * a list after its u32 count.
 *
 * A new field of struct sf_issue (or of a task, a screening, ...) is
 * written in these places:
 *
 *	lib/issue.h	the struct, and the key order at its top
 *	lib/issue.c	read (sf_issue_from_node; a task's, sf_task_read),
 *			written (sf_issue_to_node, sf_task_to_node) and
 *			checked (sf_issue_validate)
 *	here		encoded and decoded, side by side in issue_codec.c;
 *			and FORMAT in lib/cache.c one more, so that caches
 *			of the old layout are made anew
 *	lib/lifecycle.c	the actions that may change it (its key's row)
 *	lib/issue_view.c, lib/issue_field.c	shown, and set from a flag,
 *			where that applies
 *	schema/issue.json and man/sanfen-issue.5
 *	tests/unit/issue_codec.c, which fills in every field and compares
 *			it after a round trip: it fails until the new field
 *			is there (it checks the structs' sizes)
 */
#ifndef SF_ISSUE_CODEC_H
#define SF_ISSUE_CODEC_H

#include "buf.h"
#include "issue.h"
#include "keyfile.h"

/* The indexed fields of is, appended to b. */
void sf_issue_encode(struct sf_buf *b, const struct sf_issue *is);
/* The rest, appended to b. */
void sf_issue_encode_rest(struct sf_buf *b, const struct sf_issue *is);

/*
 * The indexed fields from g (which must end where they do) into is, whose
 * strings are copied to its arena: 0, or -1 when they are cut short,
 * malformed (an enum out of range, a count larger than what is left, no
 * id or submission date) or followed by more.
 */
int sf_issue_decode(struct sf_get *g, struct sf_issue *is);
/* The rest from g into is, whose indexed fields are decoded: 0 or -1. */
int sf_issue_decode_rest(struct sf_get *g, struct sf_issue *is);

#endif
