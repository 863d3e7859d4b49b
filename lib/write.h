/*
 * Writing records back: an issue or meeting emitted in its canonical form
 * and committed through the store, with the message given. Commands that
 * change several files at once build a struct sf_change themselves and
 * use sf_change_put_issue / sf_change_put_meeting.
 */
#ifndef SF_WRITE_H
#define SF_WRITE_H

#include "issue.h"
#include "ledger.h"
#include "meeting.h"
#include "store.h"

int sf_change_put_issue(struct sf_change *c, const struct sf_issue *is);
int sf_change_put_meeting(struct sf_change *c, const struct sf_meeting *m);

/* One commit that writes is (or m) and nothing else. */
int sf_write_issue(struct sf_ledger *l, const struct sf_issue *is,
    const struct sf_msg *msg);
int sf_write_meeting(struct sf_ledger *l, const struct sf_meeting *m,
    const struct sf_msg *msg);

/* "Sanfen-Status: a -> b" for an issue's transition. */
void sf_msg_status(struct sf_msg *msg, int from, int to);

#endif
