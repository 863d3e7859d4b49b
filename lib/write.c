#include <stdlib.h>

#include "buf.h"
#include "enums.h"
#include "error.h"
#include "write.h"

int
sf_change_put_issue(struct sf_change *c, const struct sf_issue *is)
{
	struct sf_buf out = SF_BUF_INIT;
	char *rel;
	int rc;

	if (!(rel = sf_issue_path(is->id)))
		return sf_error(SF_EINVALID, "malformed issue id '%s'", is->id);
	sf_buf_init(&out);
	if ((rc = sf_issue_emit(is, &out)) == 0)
		sf_change_put(c, rel, out.buf, out.len);
	sf_buf_release(&out);
	free(rel);
	return rc;
}

int
sf_change_put_meeting(struct sf_change *c, const struct sf_meeting *m)
{
	struct sf_buf out = SF_BUF_INIT;
	char *rel;
	int rc;

	if (!(rel = sf_meeting_path(m->id)))
		return sf_error(SF_EINVALID, "malformed meeting id '%s'",
		    m->id);
	sf_buf_init(&out);
	if ((rc = sf_meeting_emit(m, &out)) == 0)
		sf_change_put(c, rel, out.buf, out.len);
	sf_buf_release(&out);
	free(rel);
	return rc;
}

int
sf_write_issue(struct sf_ledger *l, const struct sf_issue *is,
    const struct sf_msg *msg)
{
	struct sf_change *c = sf_change_new();
	int rc;

	if ((rc = sf_change_put_issue(c, is)) == 0)
		rc = sf_store_commit(l, c, msg, NULL);
	sf_change_free(c);
	return rc;
}

int
sf_write_meeting(struct sf_ledger *l, const struct sf_meeting *m,
    const struct sf_msg *msg)
{
	struct sf_change *c = sf_change_new();
	int rc;

	if ((rc = sf_change_put_meeting(c, m)) == 0)
		rc = sf_store_commit(l, c, msg, NULL);
	sf_change_free(c);
	return rc;
}

void
sf_msg_status(struct sf_msg *msg, int from, int to)
{
	sf_msg_trailer(msg, "Sanfen-Status", "%s -> %s",
	    from < 0 ? "none" : sf_enum_token(&sf_enum_status, from),
	    sf_enum_token(&sf_enum_status, to));
}
