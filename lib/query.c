#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "error.h"
#include "i18n.h"
#include "id.h"
#include "issue.h"
#include "meeting.h"
#include "query.h"
#include "store.h"
#include "xalloc.h"

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
not_dot(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/*
 * The sorted names in root/rel; *n is 0 and 0 returned when the directory
 * does not exist.
 */
static int
list_dir(struct sf_ledger *l, const char *rel, struct dirent ***out,
    int *n)
{
	char *path = sf_ledger_path(l, rel);

	*n = scandir(path, out, not_dot, by_name);
	if (*n < 0) {
		*n = 0;
		*out = NULL;
		if (errno == ENOENT || errno == ENOTDIR) {
			free(path);
			return 0;
		}
		sf_error_errno("cannot read %s", rel);
		free(path);
		return SF_EIO;
	}
	free(path);
	return 0;
}

static void
free_list(struct dirent **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
walk_month(struct sf_ledger *l, const char *year, const char *month,
    sf_issue_fn cb, void *ctx)
{
	struct dirent **files;
	struct sf_buf rel = SF_BUF_INIT;
	char id[64];
	int nf, i, rc;

	sf_buf_addf(&rel, "issues/%s/%s", year, month);
	if ((rc = list_dir(l, rel.buf, &files, &nf)) < 0)
		goto out;
	for (i = 0; i < nf && !rc; i++) {
		/* a writer's file on its way to its name (lib/store.c), or
		 * one a killed writer left */
		if (sf_store_tmp_name(files[i]->d_name))
			continue;
		sf_buf_reset(&rel);
		sf_buf_addf(&rel, "issues/%s/%s/%s", year, month,
		    files[i]->d_name);
		rc = cb(rel.buf, sf_issue_path_id(rel.buf, id, sizeof(id)),
		    ctx);
	}
	free_list(files, nf);
out:
	sf_buf_release(&rel);
	return rc;
}

int
sf_issues_walk(struct sf_ledger *l, sf_issue_fn cb, void *ctx)
{
	struct dirent **years, **months;
	struct sf_buf rel = SF_BUF_INIT;
	int ny, nm, y, m, rc;

	if ((rc = list_dir(l, "issues", &years, &ny)) < 0)
		return rc;
	for (y = 0; y < ny && !rc; y++) {
		const char *year = years[y]->d_name;

		sf_buf_reset(&rel);
		sf_buf_addf(&rel, "issues/%s", year);
		/* a symbolic link is not entered: what the ledger holds is
		 * what its folders hold */
		if (!all_digits(year, 4) || years[y]->d_type == DT_LNK) {
			rc = cb(rel.buf, NULL, ctx);
			continue;
		}
		if ((rc = list_dir(l, rel.buf, &months, &nm)) < 0)
			break;
		if (nm == 0 && years[y]->d_type == DT_REG)
			rc = cb(rel.buf, NULL, ctx);
		for (m = 0; m < nm && !rc; m++) {
			const char *month = months[m]->d_name;

			if (!all_digits(month, 2) ||
			    months[m]->d_type == DT_REG ||
			    months[m]->d_type == DT_LNK) {
				sf_buf_reset(&rel);
				sf_buf_addf(&rel, "issues/%s/%s", year, month);
				rc = cb(rel.buf, NULL, ctx);
				continue;
			}
			rc = walk_month(l, year, month, cb, ctx);
		}
		free_list(months, nm);
	}
	free_list(years, ny);
	sf_buf_release(&rel);
	return rc;
}

int
sf_meetings_walk(struct sf_ledger *l, sf_issue_fn cb, void *ctx)
{
	struct dirent **years, **files;
	struct sf_buf rel = SF_BUF_INIT;
	char id[128];
	int ny, nf, y, f, rc;

	if ((rc = list_dir(l, "meetings", &years, &ny)) < 0)
		return rc;
	for (y = 0; y < ny && !rc; y++) {
		const char *year = years[y]->d_name;

		sf_buf_reset(&rel);
		sf_buf_addf(&rel, "meetings/%s", year);
		if (!all_digits(year, 4) || years[y]->d_type == DT_REG ||
		    years[y]->d_type == DT_LNK) {
			rc = cb(rel.buf, NULL, ctx);
			continue;
		}
		if ((rc = list_dir(l, rel.buf, &files, &nf)) < 0)
			break;
		for (f = 0; f < nf && !rc; f++) {
			sf_buf_reset(&rel);
			sf_buf_addf(&rel, "meetings/%s/%s", year,
			    files[f]->d_name);
			rc = cb(rel.buf, sf_meeting_path_id(rel.buf, id,
			    sizeof(id)), ctx);
		}
		free_list(files, nf);
	}
	free_list(years, ny);
	sf_buf_release(&rel);
	return rc;
}

struct resolve {
	const char *prefix;
	size_t len;
	char *exact;
	char *found[6];
	size_t nfound;
};

static int
resolve_one(const char *relpath, const char *id, void *ctx)
{
	struct resolve *r = ctx;

	if (!id || strncmp(id, r->prefix, r->len) != 0)
		return 0;
	if (strcmp(id, r->prefix) == 0)
		r->exact = xstrdup(id);
	if (r->nfound < sizeof(r->found) / sizeof(r->found[0]))
		r->found[r->nfound] = xstrdup(id);
	r->nfound++;
	return 0;
}

static int
resolve_done(struct resolve *r, const char *what, char **id_out)
{
	struct sf_buf list = SF_BUF_INIT;
	size_t i, shown;
	int rc = 0;

	if (r->exact) {
		*id_out = r->exact;
		r->exact = NULL;
	} else if (r->nfound == 1) {
		*id_out = r->found[0];
		r->found[0] = NULL;
	} else if (r->nfound == 0) {
		rc = sf_error(SF_ENOTFOUND, "no %s matches '%s'", what,
		    r->prefix);
	} else {
		shown = r->nfound < 6 ? r->nfound : 5;
		for (i = 0; i < shown; i++)
			sf_buf_addf(&list, "%s%s", i ? ", " : "", r->found[i]);
		if (r->nfound > shown)
			sf_buf_addf(&list, ", … (%zu in all)", r->nfound);
		rc = sf_error(SF_EAMBIGUOUS, "%s prefix '%s' is ambiguous: %s",
		    what, r->prefix, list.buf);
	}
	for (i = 0; i < sizeof(r->found) / sizeof(r->found[0]); i++)
		free(r->found[i]);
	free(r->exact);
	sf_buf_release(&list);
	return rc;
}

int
sf_issue_resolve(struct sf_ledger *l, const char *prefix, char **id_out)
{
	struct resolve r;
	char *low = xstrdup(prefix), *p;
	int rc;

	*id_out = NULL;
	for (p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (sf_id_prefix_valid(low) != 0) {
		rc = sf_error(SF_EINVALID, "malformed issue id '%s'", prefix);
		free(low);
		return rc;
	}
	memset(&r, 0, sizeof(r));
	r.prefix = low;
	r.len = strlen(low);
	if (r.len >= 6) {
		/* the prefix names the shard: read only that month */
		char year[5], month[3];

		memcpy(year, low, 4);
		year[4] = '\0';
		memcpy(month, low + 4, 2);
		month[2] = '\0';
		rc = walk_month(l, year, month, resolve_one, &r);
	} else {
		rc = sf_issues_walk(l, resolve_one, &r);
	}
	if (rc == 0)
		rc = resolve_done(&r, _("issue"), id_out);
	free(low);
	return rc;
}

int
sf_meeting_resolve(struct sf_ledger *l, const char *prefix, char **id_out)
{
	return sf_meeting_resolve_in(l, sf_meetings_walk, prefix, id_out);
}

int
sf_meeting_resolve_in(struct sf_ledger *l, sf_walk_fn walk,
    const char *prefix, char **id_out)
{
	struct resolve r;
	const char *p;

	*id_out = NULL;
	for (p = prefix; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-')
			return sf_error(SF_EINVALID,
			    "malformed meeting id '%s'", prefix);
	if (!*prefix)
		return sf_error(SF_EINVALID, "empty meeting id");
	memset(&r, 0, sizeof(r));
	r.prefix = prefix;
	r.len = strlen(prefix);
	if (walk(l, resolve_one, &r) < 0)
		return sf_error_code();
	return resolve_done(&r, _("meeting"), id_out);
}

int
sf_meeting_open(struct sf_ledger *l, const char *prefix,
    struct sf_meeting **out)
{
	char *id = NULL;
	int rc;

	*out = NULL;
	if ((rc = sf_meeting_resolve(l, prefix, &id)) == 0)
		rc = sf_ledger_load_meeting(l, id, out);
	free(id);
	return rc;
}

static int
bit(unsigned mask, int i)
{
	return !mask || (i >= 0 && (mask & (1u << i)));
}

static int
unit_involved(const struct sf_issue *is, const char *unit)
{
	size_t t, s;

	if (is->submitter && strcmp(is->submitter, unit) == 0)
		return 1;
	for (t = 0; t < is->ntasks; t++) {
		if (is->tasks[t].lead && strcmp(is->tasks[t].lead, unit) == 0)
			return 1;
		for (s = 0; s < is->tasks[t].nsupport; s++)
			if (strcmp(is->tasks[t].support[s], unit) == 0)
				return 1;
	}
	return 0;
}

static int
overdue(const struct sf_issue *is, const char *today)
{
	size_t t;

	if (is->status == SF_ST_CLOSED || is->status == SF_ST_WITHDRAWN)
		return 0;
	for (t = 0; t < is->ntasks; t++)
		if (is->tasks[t].status != SF_TASK_DONE && is->tasks[t].due &&
		    strcmp(is->tasks[t].due, today) < 0)
			return 1;
	return 0;
}

int
sf_filter_match(const struct sf_filter *f, const struct sf_issue *is)
{
	if (!bit(f->status, is->status) || !bit(f->subject, is->subject) ||
	    !bit(f->city, is->city) || !bit(f->program, is->program) ||
	    !bit(f->topic, is->topic) ||
	    !bit(f->jurisdiction, is->jurisdiction) ||
	    !bit(f->source, is->source))
		return 0;
	if (f->submitter && (!is->submitter ||
	    strcmp(f->submitter, is->submitter) != 0))
		return 0;
	if (f->unit && !unit_involved(is, f->unit))
		return 0;
	if (f->meeting && (!is->meeting || strcmp(f->meeting,
	    is->meeting) != 0))
		return 0;
	if (f->since && (!is->submitted || strcmp(is->submitted,
	    f->since) < 0))
		return 0;
	if (f->until && (!is->submitted || strcmp(is->submitted,
	    f->until) > 0))
		return 0;
	if (f->overdue && !overdue(is, f->today))
		return 0;
	return 1;
}
