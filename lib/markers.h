/*
 * Conflict markers in ledger files. A merge git runs (git pull) cannot
 * stop and ask; it leaves a conflicted file for the clerk, and git's
 * convention is markers around what the two sides disagree on. A ledger
 * file gets them around its truly conflicting fields only: everything
 * both sides could agree on is the field-level merge, written once.
 */
#ifndef SF_MARKERS_H
#define SF_MARKERS_H

#include <stddef.h>

#include "buf.h"

#define SF_MARK_OURS "<<<<<<< ours"
#define SF_MARK_MID "======="
#define SF_MARK_THEIRS ">>>>>>> theirs"

/*
 * ours and theirs are the same merge written twice, the conflicts
 * settled for ours in one and for theirs in the other: out receives
 * their common lines once and, where they differ, both runs of lines
 * between markers. 0, or SF_EGIT when they cannot be compared.
 */
int sf_markers_write(const char *ours, size_t olen, const char *theirs,
    size_t tlen, struct sf_buf *out);

/* The line (1-based) of the first conflict marker in data, 0 when none:
 * a line that starts with "<<<<<<< ", "=======" or ">>>>>>> " and nothing
 * after it but a label. */
unsigned sf_markers_find(const char *data, size_t len);

#endif
