/*
 * sanfen-ledger — the 问题事项台账 of Art. 12: one row per issue, filtered
 * as sanfen-list filters, as CSV for Excel and WPS, an .xlsx workbook, or
 * JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "cli.h"
#include "error.h"
#include "filter.h"
#include "issue.h"
#include "ledger.h"
#include "query.h"
#include "register.h"

static const char usage_text[] =
    "usage: sanfen-ledger [-C dir] [--format csv|xlsx|json] [-o file]\n"
    "           [--status status] [--subject subject] [--city city]\n"
    "           [--program program] [--topic topic] [--jurisdiction level]\n"
    "           [--source source] [--unit unit] [--submitter unit]\n"
    "           [--meeting id] [--since date] [--until date] [--overdue]\n";

static const char *const formats[] = { "csv", "xlsx", "json", NULL };
enum { FMT_CSV, FMT_XLSX, FMT_JSON };

struct rows {
	struct sf_cli *cli;
	struct sf_ledger *l;
	struct sf_filter *f;
	struct sf_register *r;
	FILE *fp;		/* csv and json: each row as it comes */
	int fmt;
};

static int
each(struct sf_ledger *l, struct sf_scan_item *it, void *ctx)
{
	struct rows *x = ctx;

	/* a file that does not read is named by sf_cli_scan_problems */
	if (!it->id || !it->is || !sf_filter_match(x->f, it->is))
		return 0;
	/* the register has every column: the whole issue */
	if (sf_scan_full(l, it) == 0) {
		sf_register_add(x->r, l, it->is);
		/* a workbook needs every row; csv and json are written as
		 * they come, so memory does not grow with the register */
		if (x->fmt == FMT_CSV)
			sf_register_csv_row(&x->r->v[0], x->fp);
		else if (x->fmt != FMT_XLSX)
			sf_register_json_row(&x->r->v[0], x->r->added == 1,
			    x->fp);
		if (x->fmt != FMT_XLSX)
			sf_register_drop(x->r);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct sf_cli cli = { "sanfen-ledger", usage_text, SF_CLI_FORMAT,
		formats, NULL, NULL, NULL };
	struct option longopts[20];
	struct sf_filter_args fa;
	struct sf_scan_where where;
	struct sf_register reg;
	struct rows x;
	struct sf_ledger *l = NULL;
	const char *out = NULL;
	FILE *fp = stdout;
	size_t k;
	int opt, rc, ex = 1, fmt;

	for (k = 0; sf_filter_options[k].name; k++)
		longopts[k] = sf_filter_options[k];
	longopts[k++] = (struct option){ "output", required_argument, NULL,
		'o' };
	longopts[k] = (struct option){ NULL, 0, NULL, 0 };
	memset(&fa, 0, sizeof(fa));
	memset(&reg, 0, sizeof(reg));
	while ((opt = sf_cli_getopt(&cli, argc, argv, "o:", longopts)) !=
	    -1) {
		if (opt == 'o')
			out = optarg;
		else if (opt >= SF_FOPT_STATUS && opt < SF_FOPT_END)
			sf_filter_option(&cli, &fa, opt, optarg);
		else
			sf_cli_usage_error(&cli, "unexpected option");
	}
	if (optind < argc)
		sf_cli_usage_error(&cli, "unexpected argument '%s'",
		    argv[optind]);
	fmt = sf_cli_format(&cli);
	if (fmt == FMT_XLSX && !out)
		sf_cli_usage_error(&cli, "--format xlsx needs -o FILE");

	if ((rc = sf_cli_open(&cli, SF_CLI_READER, &l, NULL)) < 0 ||
	    (rc = sf_filter_resolve(l, &fa)) < 0 ||
	    (rc = sf_register_init(&reg, l)) < 0)
		goto fail;
	x.cli = &cli;
	x.l = l;
	x.f = &fa.f;
	x.r = &reg;
	x.fmt = fmt;
	x.fp = stdout;
	if (fmt != FMT_XLSX && out && !(fp = x.fp = fopen(out, "w"))) {
		rc = sf_error_errno("cannot write %s", out);
		goto fail;
	}
	if (fmt == FMT_CSV)
		sf_register_csv_head(fp);
	sf_filter_where(&fa.f, &where);
	if ((rc = sf_issues_scan(l, &where, each, &x, NULL)) < 0)
		goto fail;
	if (fmt == FMT_XLSX) {
		if ((rc = sf_register_xlsx(&reg, out)) < 0)
			goto fail;
	} else {
		if (fmt != FMT_CSV)
			sf_register_json_end(reg.added, fp);
		rc = fp != stdout ? fclose(fp) : fflush(fp);
		fp = stdout;
		if (rc != 0) {
			rc = sf_error_errno("cannot write %s", out ? out :
			    "the output");
			goto fail;
		}
	}
	ex = 0;
	goto out;
fail:
	ex = sf_cli_fail(&cli, rc);
out:
	if (sf_cli_scan_problems(&cli, l) && ex == 0)
		ex = 1;
	if (fp && fp != stdout)
		fclose(fp);
	sf_register_release(&reg);
	sf_filter_args_release(&fa);
	sf_ledger_free(l);
	return ex;
}
