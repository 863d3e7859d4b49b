/*
 * sanfen-screen — apply Art. 8 to submitted issues: the five exclusions
 * (五个不上会) and the five priorities (五个优先); accept, reject, or return
 * an issue whose Art. 9 material is missing. One commit per issue.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"
#include "cli.h"
#include "enums.h"
#include "error.h"
#include "issue.h"
#include "ledger.h"
#include "lifecycle.h"
#include "write.h"
#include "query.h"
#include "screen.h"
#include "similar.h"
#include "store.h"
#include "xalloc.h"

static const char usage_text[] =
    "usage: sanfen-screen [-n] [-C dir] [--as unit] [--exclude finding]\n"
    "           [--not-duplicate] [--typical] [--note text]\n"
    "           --pending | id ...\n";

enum { OPT_EXCLUDE = 0x100, OPT_NOT_DUP, OPT_TYPICAL, OPT_NOTE,
	OPT_PENDING };

/* The best similar issues already coordinated of one issue to screen,
 * gathered while the coordinated ones stream past. */
#define NBEST 8
struct best {
	struct sf_simhit v[NBEST];
	size_t n;
};

struct scan {
	struct sf_ledger *l;
	struct sf_simindex *done;	/* the coordinated texts, or */
	struct sf_simindex *targets;	/* the texts of those to screen */
	struct best *best;		/* per target */
	size_t ndone;			/* coordinated issues met */
	char **pending;
	size_t npending, apending;
};

/* The first pass: the issues waiting, and how many were coordinated. */
static int
collect(struct sf_ledger *l, struct sf_scan_item *it, void *ctx)
{
	struct scan *s = ctx;

	/* a file that does not read is named by sf_cli_scan_problems */
	if (!it->id || !it->is)
		return 0;
	if (sf_status_decided(it->is->status)) {
		s->ndone++;
	} else if (it->is->status == SF_ST_SUBMITTED) {
		s->pending = xgrow(s->pending, &s->apending, s->npending + 1,
		    sizeof(*s->pending));
		s->pending[s->npending++] = xstrdup(it->id);
	}
	return 0;
}

/* The wording of a coordinated issue, or -1 when it is not one or does
 * not read (named by sf_cli_scan_problems). */
static int
coordinated_text(struct sf_ledger *l, struct sf_scan_item *it,
    struct scan *s, struct sf_buf *text)
{
	if (!it->id || !it->is || !sf_status_decided(it->is->status))
		return -1;
	/* the duplicate search compares the wording: the whole issue */
	if (sf_scan_full(l, it) < 0)
		return -1;
	sf_buf_init(text);
	sf_screen_text(it->is, text);
	return 0;
}

/* Many to screen: an index of the coordinated texts, each queried. */
static int
index_done(struct sf_ledger *l, struct sf_scan_item *it, void *ctx)
{
	struct scan *s = ctx;
	struct sf_buf text;

	if (coordinated_text(l, it, s, &text) < 0)
		return 0;
	sf_simindex_add(s->done, it->id, text.buf);
	sf_buf_release(&text);
	return 0;
}

/* Few to screen: an index of their texts, and each coordinated text
 * queried against it as it streams past, so memory follows the few
 * (Dice is symmetric: the same pairs and scores either way). */
static int
query_targets(struct sf_ledger *l, struct sf_scan_item *it, void *ctx)
{
	struct scan *s = ctx;
	struct sf_simhit *hits = NULL, h;
	struct sf_buf text;
	struct best *b;
	size_t n, i, k;

	if (coordinated_text(l, it, s, &text) < 0)
		return 0;
	n = sf_simindex_query(s->targets, text.buf, (size_t)-1, &hits);
	for (i = 0; i < n; i++) {
		b = &s->best[hits[i].doc];
		h.doc = s->ndone;	/* ties go to the earlier path */
		h.id = NULL;
		h.score = hits[i].score;
		/* keep the NBEST best, by score, then path order */
		for (k = b->n; k > 0 && b->v[k - 1].score < h.score; k--)
			;
		if (k >= NBEST)
			continue;
		if (b->n == NBEST)
			free((char *)b->v[NBEST - 1].id);
		else
			b->n++;
		memmove(&b->v[k + 1], &b->v[k], (b->n - 1 - k) *
		    sizeof(b->v[0]));
		h.id = xstrdup(it->id);
		b->v[k] = h;
	}
	s->ndone++;
	free(hits);
	sf_buf_release(&text);
	return 0;
}

static const char *
outcome_name(enum sf_screen_outcome o)
{
	return o == SF_SCREEN_ACCEPT ? "accepted" : o == SF_SCREEN_REJECT ?
	    "rejected" : "returned";
}

/* "accepted (score 7)", "rejected (local, not-721)", "returned (…)" */
static void
summary(const struct sf_screen_result *r, struct sf_buf *b)
{
	const struct sf_enum *e = r->outcome == SF_SCREEN_RETURN ?
	    &sf_enum_material : &sf_enum_exclusion;
	unsigned mask = r->outcome == SF_SCREEN_RETURN ? r->missing :
	    r->exclusions;
	int i, first = 1;

	sf_buf_addstr(b, outcome_name(r->outcome));
	if (r->outcome == SF_SCREEN_ACCEPT) {
		sf_buf_addf(b, " (score %d)", r->score);
		return;
	}
	sf_buf_addstr(b, r->outcome == SF_SCREEN_RETURN ? " (missing " : " (");
	for (i = 0; i < e->n; i++)
		if (mask & (1u << i)) {
			sf_buf_addf(b, "%s%s", first ? "" : ", ",
			    sf_enum_token(e, i));
			first = 0;
		}
	sf_buf_addch(b, ')');
}

static int
screen_one(struct sf_cli *cli, struct sf_ledger *l, struct scan *s,
    size_t nth, const struct sf_screen_opts *opts, const char *by, int dry)
{
	const char *id = s->pending[nth];
	struct sf_screen_opts oo = *opts, *o = &oo;
	struct sf_screen_result r;
	struct sf_buf out = SF_BUF_INIT, line = SF_BUF_INIT;
	struct sf_msg msg = SF_MSG_INIT;
	struct sf_change *c = NULL;
	struct sf_issue *is = NULL, *before = NULL;
	struct sf_judge j;
	char *rel = NULL;
	int rc;

	memset(&r, 0, sizeof(r));
	sf_buf_init(&r.explain);
	if ((rc = sf_ledger_load_issue(l, id, &is)) < 0)
		goto out;
	if (!sf_action_takes(SF_ACT_SCREEN, 0, is->status)) {
		rc = sf_error(SF_EREFUSED, "issue %s is %s: only submitted "
		    "issues are screened", id,
		    sf_enum_token(&sf_enum_status, is->status));
		goto out;
	}
	if (s->best) {
		oo.hits = s->best[nth].v;
		oo.nhits = s->best[nth].n;
		oo.have_hits = 1;
	}
	sf_screen_issue(l->config, s->done, is, o, &r);
	summary(&r, &line);
	if (dry) {
		printf("%s %s\n", id, line.buf);
		fputs("    ", stdout);
		for (const char *p = r.explain.buf; *p; p++) {
			putchar(*p);
			if (*p == '\n' && p[1])
				fputs("    ", stdout);
		}
		goto out;
	}
	/* returned before for the same gaps: nothing new to record */
	if (r.outcome == SF_SCREEN_RETURN && is->screening &&
	    is->screening->missing == r.missing) {
		printf("%s %s, unchanged\n", id, line.buf);
		goto out;
	}
	if ((rc = sf_issue_dup(is, &before)) < 0)
		goto out;
	sf_screen_apply(is, &r, l->today, by, o->note);
	c = sf_change_new();
	sf_msg_init(&msg, "screen %s: %s", id, line.buf);
	sf_msg_body(&msg, r.explain.buf);
	sf_msg_action(&msg, SF_ACT_SCREEN);
	sf_judge_for(&j, l, SF_ACT_SCREEN, sf_units_find(l->units, by));
	if ((rc = sf_step_issue(c, &msg, &j, before, is)) < 0)
		goto out;
	sf_msg_trailer(&msg, SF_TR_UNIT, "%s", by);
	if ((rc = sf_store_commit(l, c, &msg, NULL)) < 0)
		goto out;
	printf("%s %s\n", id, line.buf);
out:
	if (rc < 0)
		sf_cli_fail(cli, rc);
	free(rel);
	sf_msg_release(&msg);
	sf_change_free(c);
	sf_issue_free(is);
	sf_issue_free(before);
	sf_buf_release(&r.explain);
	sf_buf_release(&out);
	sf_buf_release(&line);
	return rc;
}

/* The index of the texts of the issues to screen, in their order; an
 * issue that cannot be read gets an empty text (screen_one reports it). */
static int
index_targets(struct sf_ledger *l, struct scan *s)
{
	struct sf_buf text = SF_BUF_INIT;
	struct sf_issue *is;
	size_t i;

	s->targets = sf_simindex_new(l->config->similarity);
	s->best = xcalloc(s->npending + 1, sizeof(*s->best));
	for (i = 0; i < s->npending; i++) {
		sf_buf_reset(&text);
		if (sf_ledger_load_issue(l, s->pending[i], &is) == 0) {
			sf_screen_text(is, &text);
			sf_issue_free(is);
		}
		sf_simindex_add(s->targets, s->pending[i], text.buf);
	}
	sf_error_clear();
	sf_buf_release(&text);
	sf_simindex_build(s->targets);
	return 0;
}

int
main(int argc, char **argv)
{
	struct sf_scan_where where;
	struct sf_cli cli = { "sanfen-screen", usage_text, SF_CLI_AS, NULL,
		NULL, NULL, NULL };
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "exclude", required_argument, NULL, OPT_EXCLUDE },
		{ "not-duplicate", no_argument, NULL, OPT_NOT_DUP },
		{ "typical", no_argument, NULL, OPT_TYPICAL },
		{ "note", required_argument, NULL, OPT_NOTE },
		{ "pending", no_argument, NULL, OPT_PENDING },
		{ NULL, 0, NULL, 0 }
	};
	struct sf_screen_opts o;
	struct scan s;
	struct sf_ledger *l = NULL;
	const struct sf_unit *acting = NULL;
	char *id;
	size_t i;
	int opt, rc, dry = 0, pending = 0, ex = 0, e;

	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	while ((opt = sf_cli_getopt(&cli, argc, argv, "n", longopts)) != -1) {
		switch (opt) {
		case 'n':
			dry = 1;
			break;
		case OPT_EXCLUDE:
			e = sf_enum_lookup(&sf_enum_exclusion, optarg);
			if (e != SF_EX_UNLAWFUL && e != SF_EX_MARKET)
				sf_cli_usage_error(&cli, "--exclude takes a "
				    "screener's finding, unlawful or market, "
				    "not '%s'", optarg);
			o.exclude |= 1u << e;
			break;
		case OPT_NOT_DUP:
			o.not_duplicate = 1;
			break;
		case OPT_TYPICAL:
			o.typical = 1;
			break;
		case OPT_NOTE:
			o.note = optarg;
			break;
		case OPT_PENDING:
			pending = 1;
			break;
		default:
			sf_cli_usage_error(&cli, "unexpected option");
		}
	}
	if (pending == (optind < argc))
		sf_cli_usage_error(&cli, pending ? "--pending takes no ids" :
		    "name the issues to screen, or --pending");
	if ((o.exclude || o.not_duplicate) && (!o.note || !*o.note))
		sf_cli_usage_error(&cli, "a finding needs --note saying why");

	if ((rc = sf_cli_open(&cli, SF_ROLE_SCREEN, &l, &acting)) < 0) {
		ex = sf_cli_fail(&cli, rc);
		goto out;
	}
	s.l = l;
	where = (struct sf_scan_where){ .status = SF_ST_DECIDED |
	    1u << SF_ST_SUBMITTED };
	if ((rc = sf_issues_scan(l, &where, collect, &s, NULL)) < 0) {
		ex = sf_cli_fail(&cli, rc);
		goto out;
	}
	if (!pending) {
		for (i = 0; i < s.npending; i++)
			free(s.pending[i]);
		s.npending = 0;
		for (i = (size_t)optind; i < (size_t)argc; i++) {
			if ((rc = sf_issue_resolve(l, argv[i], &id)) < 0) {
				ex = sf_cli_fail(&cli, rc);
				goto out;
			}
			s.pending = xgrow(s.pending, &s.apending,
			    s.npending + 1, sizeof(*s.pending));
			s.pending[s.npending++] = id;
		}
	}
	/* the duplicate search: index the smaller side */
	where.status = SF_ST_DECIDED;
	if (s.npending <= s.ndone) {
		if ((rc = index_targets(l, &s)) == 0) {
			s.ndone = 0;
			rc = sf_issues_scan(l, &where, query_targets, &s, NULL);
		}
	} else {
		s.done = sf_simindex_new(l->config->similarity);
		if ((rc = sf_issues_scan(l, &where, index_done, &s, NULL)) == 0)
			sf_simindex_build(s.done);
	}
	if (rc < 0) {
		ex = sf_cli_fail(&cli, rc);
		goto out;
	}
	for (i = 0; i < s.npending; i++)
		if (screen_one(&cli, l, &s, i, &o, acting->id, dry) < 0)
			ex = 1;
out:
	if (sf_cli_scan_problems(&cli, l) && ex == 0)
		ex = 1;
	for (i = 0; s.best && i < s.npending; i++)
		for (size_t k = 0; k < s.best[i].n; k++)
			free((char *)s.best[i].v[k].id);
	free(s.best);
	for (i = 0; i < s.npending; i++)
		free(s.pending[i]);
	free(s.pending);
	sf_simindex_free(s.done);
	sf_simindex_free(s.targets);
	sf_ledger_free(l);
	return ex;
}
