/*
 * sanfen-list — the issues of the ledger, filtered, as a table or as
 * records for scripts (JSON, YAML, CSV).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "cli.h"
#include "filter.h"
#include "date.h"
#include "enums.h"
#include "error.h"
#include "issue.h"
#include "issue_view.h"
#include "ledger.h"
#include "output.h"
#include "query.h"
#include "yamlio.h"

static const char usage_text[] =
    "usage: sanfen-list [-C dir] [--format table|json|yaml|csv]\n"
    "           [--status status] [--subject subject] [--city city]\n"
    "           [--program program] [--topic topic] [--jurisdiction level]\n"
    "           [--source source] [--unit unit] [--submitter unit]\n"
    "           [--meeting id] [--since date] [--until date] [--overdue]\n"
    "           [--color[=when]] [--no-pager]\n";

static const char *const formats[] = { "table", "json", "yaml", "csv",
	NULL };
enum { FMT_TABLE, FMT_JSON, FMT_YAML, FMT_CSV };

static const char *const columns[] = { "ID", "STATUS", "SUBMITTED",
	"SUBMITTER", "SUBJECT", "CITY", "TITLE" };
#define NCOLS (sizeof(columns) / sizeof(columns[0]))

static const char *const csv_columns[] = { "id", "status", "submitted",
	"submitter", "subject", "city", "program", "topic", "jurisdiction",
	"meeting", "title" };
#define NCSV (sizeof(csv_columns) / sizeof(csv_columns[0]))

struct listing {
	struct sf_cli *cli;
	struct sf_ledger *l;
	struct sf_filter *f;
	int format;
	int color;
	struct sf_table *table;
	size_t shown;
};

static const char *
token(const struct sf_enum *e, int i)
{
	const char *t = sf_enum_token(e, i);

	return t ? t : "";
}

static void
print_one(struct listing *ls, const struct sf_issue *is, const char *rel)
{
	struct sf_arena *a;
	struct sf_buf out = SF_BUF_INIT;
	struct sf_node *seq;

	switch (ls->format) {
	case FMT_TABLE: {
		const char *row[NCOLS] = { is->id, token(&sf_enum_status,
		    is->status), is->submitted, sf_unit_label(ls->l->units,
		    is->submitter), token(&sf_enum_subject, is->subject),
		    token(&sf_enum_city, is->city), is->title };

		sf_table_add(ls->table, row);
		if (ls->color)
			sf_table_color(ls->table, 1, sf_color_status(row[1]));
		break;
	}
	case FMT_CSV: {
		const char *row[NCSV] = { is->id, token(&sf_enum_status,
		    is->status), is->submitted, is->submitter,
		    token(&sf_enum_subject, is->subject), token(&sf_enum_city,
		    is->city), token(&sf_enum_program, is->program),
		    token(&sf_enum_topic, is->topic), token(&sf_enum_level,
		    is->jurisdiction), is->meeting, is->title };

		sf_csv_row(stdout, row, NCSV);
		break;
	}
	case FMT_JSON:
	case FMT_YAML:
		a = sf_arena_new();
		if (ls->format == FMT_JSON) {
			fputs(ls->shown ? ",\n" : "[\n", stdout);
			sf_json_emit(sf_issue_record(is, rel, a), &out, 0);
		} else {
			seq = sf_node_seq(a);
			sf_node_push(a, seq, sf_issue_record(is, rel, a));
			sf_yaml_emit(seq, &out);
		}
		fwrite(out.buf, 1, out.len, stdout);
		sf_buf_release(&out);
		sf_arena_free(a);
		break;
	}
	ls->shown++;
}

static int
each(struct sf_ledger *l, struct sf_scan_item *it, void *ctx)
{
	struct listing *ls = ctx;

	/* a file that does not read is named by sf_cli_scan_problems */
	if (!it->id || !it->is || !sf_filter_match(ls->f, it->is))
		return 0;
	/* a table or CSV needs only the indexed fields, a record all */
	if (ls->format == FMT_TABLE || ls->format == FMT_CSV ||
	    sf_scan_full(l, it) == 0)
		print_one(ls, it->is, it->rel);
	return 0;
}

int
main(int argc, char **argv)
{
	struct sf_cli cli = { "sanfen-list", usage_text,
		SF_CLI_FORMAT | SF_CLI_PAGE, formats, NULL, NULL, NULL };
	struct sf_filter_args fa;
	struct sf_scan_where where;
	struct listing ls;
	struct sf_ledger *l = NULL;
	int opt, rc, ex = 1;

	memset(&fa, 0, sizeof(fa));
	while ((opt = sf_cli_getopt(&cli, argc, argv, "",
	    sf_filter_options)) != -1) {
		if (opt < SF_FOPT_STATUS || opt >= SF_FOPT_END)
			sf_cli_usage_error(&cli, "unexpected option");
		sf_filter_option(&cli, &fa, opt, optarg);
	}
	if (optind < argc)
		sf_cli_usage_error(&cli, "unexpected argument '%s'",
		    argv[optind]);

	if ((rc = sf_cli_open(&cli, SF_CLI_READER, &l, NULL)) < 0 ||
	    (rc = sf_filter_resolve(l, &fa)) < 0)
		goto fail;
	memset(&ls, 0, sizeof(ls));
	ls.cli = &cli;
	ls.l = l;
	ls.f = &fa.f;
	ls.format = sf_cli_format(&cli);
	ls.color = sf_cli_color();
	sf_cli_pager(&cli);
	if (ls.format == FMT_TABLE)
		ls.table = sf_table_new(NCOLS, columns);
	else if (ls.format == FMT_CSV)
		sf_csv_row(stdout, csv_columns, NCSV);
	sf_filter_where(&fa.f, &where);
	if ((rc = sf_issues_scan(l, &where, each, &ls, NULL)) < 0)
		goto fail;
	if (ls.format == FMT_TABLE && ls.shown)
		sf_table_print(ls.table, stdout, sf_cli_columns());
	else if (ls.format == FMT_JSON)
		fputs(ls.shown ? "\n]\n" : "[]\n", stdout);
	else if (ls.format == FMT_YAML && !ls.shown)
		fputs("[]\n", stdout);
	sf_table_free(ls.table);
	ex = 0;
	goto out;
fail:
	ex = sf_cli_fail(&cli, rc);
out:
	if (sf_cli_scan_problems(&cli, l) && ex == 0)
		ex = 1;
	if (fflush(stdout) != 0 && ex == 0) {
		sf_cli_error(&cli, "cannot write the output");
		ex = 1;
	}
	sf_filter_args_release(&fa);
	sf_ledger_free(l);
	return ex;
}
