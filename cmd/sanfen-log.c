/*
 * sanfen-log — the audit trail from git: every change to one issue or
 * meeting (or to the whole ledger) with its date, author, acting unit,
 * action and status change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "history.h"
#include "issue.h"
#include "ledger.h"
#include "meeting.h"
#include "output.h"
#include "query.h"
#include "yamlio.h"

static const char usage_text[] =
    "usage: sanfen-log [-r] [-C dir] [--format table|json] [--color[=when]]\n"
    "           [--no-pager] [id]\n";

static const char *const formats[] = { "table", "json", NULL };
enum { FMT_TABLE, FMT_JSON };

static const char *const columns[] = { "DATE", "COMMIT", "AUTHOR", "UNIT",
	"ACTION", "STATUS", "SUBJECT" };
#define NCOLS (sizeof(columns) / sizeof(columns[0]))

struct out {
	int format;
	int color;
	struct sf_table *table;
	size_t n;
};

static struct sf_node *
str_or_null(struct sf_arena *a, const char *s)
{
	return s ? sf_node_str(a, s) : sf_node_scalar(a, SF_NULL, "null");
}

static int
print_commit(const struct sf_commit_info *c, void *ctx)
{
	struct out *o = ctx;
	char date[17], abbrev[8];

	sf_commit_date(c, date);
	if (o->format == FMT_TABLE) {
		const char *row[NCOLS] = { date, abbrev, c->author, c->unit,
			c->action, c->status, c->subject };

		snprintf(abbrev, sizeof(abbrev), "%.7s", c->id);
		sf_table_add(o->table, row);
		if (o->color) {
			/* as git log: the commit in yellow */
			sf_table_color(o->table, 1, "33");
			sf_table_color(o->table, 5, sf_color_status(c->status));
		}
	} else {
		struct sf_arena *a = sf_arena_new();
		struct sf_node *n = sf_node_map(a);
		struct sf_buf b = SF_BUF_INIT;

		sf_node_set(a, n, "commit", sf_node_str(a, c->id));
		sf_node_set(a, n, "date", sf_node_str(a, date));
		sf_node_set(a, n, "time", sf_node_int(a, c->when));
		sf_node_set(a, n, "author", sf_node_str(a, c->author));
		sf_node_set(a, n, "email", sf_node_str(a, c->email));
		sf_node_set(a, n, "unit", str_or_null(a, c->unit));
		sf_node_set(a, n, "action", str_or_null(a, c->action));
		sf_node_set(a, n, "issue", str_or_null(a, c->issue));
		sf_node_set(a, n, "meeting", str_or_null(a, c->meeting));
		sf_node_set(a, n, "status", str_or_null(a, c->status));
		sf_node_set(a, n, "subject", sf_node_str(a, c->subject));
		sf_json_emit(n, &b, 0);
		printf("%s%s", o->n ? ",\n" : "[\n", b.buf);
		sf_buf_release(&b);
		sf_arena_free(a);
	}
	o->n++;
	return 0;
}

/* The file an id names: an issue (any prefix) or a meeting. */
static int
target_path(struct sf_ledger *l, const char *arg, char **path)
{
	char *id = NULL;
	int rc;

	*path = NULL;
	/* meeting ids read 2024-10-15-monthly, issue ids 20241008-k3f9qa */
	if (!(strlen(arg) > 4 && arg[4] == '-')) {
		if ((rc = sf_issue_resolve(l, arg, &id)) < 0)
			return rc;
		*path = sf_issue_path(id);
	} else {
		if ((rc = sf_meeting_resolve(l, arg, &id)) < 0)
			return rc;
		*path = sf_meeting_path(id);
	}
	free(id);
	return 0;
}

int
main(int argc, char **argv)
{
	struct sf_cli cli = { "sanfen-log", usage_text,
		SF_CLI_FORMAT | SF_CLI_PAGE, formats, NULL, NULL, NULL };
	static const struct option longopts[] = {
		{ "reverse", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct sf_ledger *l = NULL;
	struct out o = { 0, 0, NULL, 0 };
	char *path = NULL;
	int opt, rc, reverse = 0, ex = 1;

	while ((opt = sf_cli_getopt(&cli, argc, argv, "r", longopts)) != -1) {
		if (opt != 'r')
			sf_cli_usage_error(&cli, "unexpected option");
		reverse = 1;
	}
	if (argc - optind > 1)
		sf_cli_usage_error(&cli, "too many arguments");

	if ((rc = sf_cli_open(&cli, SF_CLI_READER, &l, NULL)) < 0 ||
	    (optind < argc &&
	    (rc = target_path(l, argv[optind], &path)) < 0))
		goto fail;
	o.format = sf_cli_format(&cli);
	o.color = sf_cli_color();
	sf_cli_pager(&cli);
	if (o.format == FMT_TABLE)
		o.table = sf_table_new(NCOLS, columns);
	if ((rc = sf_history_walk(l, path, reverse, print_commit, &o)) < 0)
		goto fail;
	if (o.format == FMT_TABLE && o.n)
		sf_table_print(o.table, stdout, sf_cli_columns());
	else if (o.format == FMT_JSON)
		fputs(o.n ? "\n]\n" : "[]\n", stdout);
	ex = 0;
	goto out;
fail:
	ex = sf_cli_fail(&cli, rc);
out:
	sf_table_free(o.table);
	free(path);
	sf_ledger_free(l);
	return ex;
}
