#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "date.h"
#include "enums.h"
#include "error.h"
#include "filter.h"

const struct option sf_filter_options[] = {
	{ "status", required_argument, NULL, SF_FOPT_STATUS },
	{ "subject", required_argument, NULL, SF_FOPT_SUBJECT },
	{ "city", required_argument, NULL, SF_FOPT_CITY },
	{ "program", required_argument, NULL, SF_FOPT_PROGRAM },
	{ "topic", required_argument, NULL, SF_FOPT_TOPIC },
	{ "jurisdiction", required_argument, NULL, SF_FOPT_JURISDICTION },
	{ "source", required_argument, NULL, SF_FOPT_SOURCE },
	{ "unit", required_argument, NULL, SF_FOPT_UNIT },
	{ "submitter", required_argument, NULL, SF_FOPT_SUBMITTER },
	{ "meeting", required_argument, NULL, SF_FOPT_MEETING },
	{ "since", required_argument, NULL, SF_FOPT_SINCE },
	{ "until", required_argument, NULL, SF_FOPT_UNTIL },
	{ "overdue", no_argument, NULL, SF_FOPT_OVERDUE },
	{ NULL, 0, NULL, 0 }
};

static void
mask(struct sf_cli *c, const struct sf_enum *e, const char *opt,
    const char *arg, unsigned *m)
{
	int rc = sf_enum_parse_list(e, opt, arg, m);

	if (rc < 0)
		exit(sf_cli_fail(c, rc));
}

static void
date(struct sf_cli *c, const char *opt, const char *arg)
{
	if (!sf_date_valid(arg)) {
		sf_cli_error(c, "%s: invalid date '%s' (expected YYYY-MM-DD)",
		    opt, arg);
		exit(1);
	}
}

void
sf_filter_option(struct sf_cli *c, struct sf_filter_args *fa, int opt,
    const char *arg)
{
	switch (opt) {
	case SF_FOPT_STATUS:
		mask(c, &sf_enum_status, "--status", arg, &fa->f.status);
		break;
	case SF_FOPT_SUBJECT:
		mask(c, &sf_enum_subject, "--subject", arg, &fa->f.subject);
		break;
	case SF_FOPT_CITY:
		mask(c, &sf_enum_city, "--city", arg, &fa->f.city);
		break;
	case SF_FOPT_PROGRAM:
		mask(c, &sf_enum_program, "--program", arg, &fa->f.program);
		break;
	case SF_FOPT_TOPIC:
		mask(c, &sf_enum_topic, "--topic", arg, &fa->f.topic);
		break;
	case SF_FOPT_JURISDICTION:
		mask(c, &sf_enum_level, "--jurisdiction", arg,
		    &fa->f.jurisdiction);
		break;
	case SF_FOPT_SOURCE:
		mask(c, &sf_enum_source, "--source", arg, &fa->f.source);
		break;
	case SF_FOPT_UNIT:
		fa->unit = arg;
		break;
	case SF_FOPT_SUBMITTER:
		fa->submitter = arg;
		break;
	case SF_FOPT_MEETING:
		fa->meeting = arg;
		break;
	case SF_FOPT_SINCE:
		date(c, "--since", arg);
		fa->f.since = arg;
		break;
	case SF_FOPT_UNTIL:
		date(c, "--until", arg);
		fa->f.until = arg;
		break;
	case SF_FOPT_OVERDUE:
		fa->f.overdue = 1;
		break;
	}
}

int
sf_filter_resolve(struct sf_ledger *l, struct sf_filter_args *fa)
{
	const struct sf_unit *u;
	int rc;

	fa->f.today = l->today;
	if (fa->unit) {
		if ((rc = sf_units_resolve(l->units, fa->unit, &u)) < 0)
			return rc;
		fa->f.unit = u->id;
	}
	if (fa->submitter) {
		if ((rc = sf_units_resolve(l->units, fa->submitter, &u)) < 0)
			return rc;
		fa->f.submitter = u->id;
	}
	if (fa->meeting) {
		if ((rc = sf_meeting_resolve(l, fa->meeting,
		    &fa->meeting_id)) < 0)
			return rc;
		fa->f.meeting = fa->meeting_id;
	}
	return 0;
}

void
sf_filter_args_release(struct sf_filter_args *fa)
{
	free(fa->meeting_id);
	fa->meeting_id = NULL;
}

void
sf_filter_where(const struct sf_filter *f, struct sf_scan_where *w)
{
	memset(w, 0, sizeof(*w));
	w->status = f->status;
	w->from = f->since;
	w->to = f->until;
}
