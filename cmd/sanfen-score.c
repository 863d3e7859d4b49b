/*
 * sanfen-score — Art. 14: each city's and department's part in the
 * meetings and in carrying out what they decided, with the deductions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "error.h"
#include "ledger.h"
#include "output.h"
#include "score.h"
#include "yamlio.h"

static const char usage_text[] =
    "usage: sanfen-score [-C dir] [--format table|json|csv] "
    "--period period\n";

static const char *const formats[] = { "table", "json", "csv", NULL };
enum { FMT_TABLE, FMT_JSON, FMT_CSV };

static const char *const head[] = { "RANK", "UNIT", "SUBMITTED",
	"COORDINATED", "ATTENDED", "TASKS", "ON_TIME", "LATE", "OVERDUE",
	"DEDUCTIONS", "SCORE" };
#define NCOLS (sizeof(head) / sizeof(head[0]))

static void
row(const struct sf_unit_score *u, char cells[NCOLS][24],
    const char *v[NCOLS])
{
	size_t i, n[] = { 0, 0, u->submitted, u->coordinated, u->attended,
		u->tasks, u->on_time, u->late, u->overdue };

	snprintf(cells[0], 24, "%d", u->rank);
	for (i = 2; i < 9; i++)
		snprintf(cells[i], 24, "%zu", n[i]);
	snprintf(cells[9], 24, "%d", u->deductions);
	snprintf(cells[10], 24, "%d", u->score);
	for (i = 0; i < NCOLS; i++)
		v[i] = cells[i];
	v[1] = u->unit->id;
}

static void
json(const struct sf_scores *s)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_node *arr = sf_node_seq(a), *o, *d;
	struct sf_buf out = SF_BUF_INIT;
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct sf_unit_score *u = &s->v[i];

		o = sf_node_push(a, arr, sf_node_map(a));
		sf_node_set(a, o, "unit", sf_node_str(a, u->unit->id));
		sf_node_set(a, o, "name", sf_node_str(a, u->unit->name));
		sf_node_set(a, o, "submitted", sf_node_int(a,
		    (long long)u->submitted));
		sf_node_set(a, o, "coordinated", sf_node_int(a,
		    (long long)u->coordinated));
		sf_node_set(a, o, "attended", sf_node_int(a,
		    (long long)u->attended));
		sf_node_set(a, o, "tasks", sf_node_int(a, (long long)u->tasks));
		sf_node_set(a, o, "tasks_on_time", sf_node_int(a,
		    (long long)u->on_time));
		sf_node_set(a, o, "tasks_late", sf_node_int(a,
		    (long long)u->late));
		sf_node_set(a, o, "tasks_overdue", sf_node_int(a,
		    (long long)u->overdue));
		sf_node_set(a, o, "deductions", sf_node_int(a, u->deductions));
		d = sf_node_set(a, o, "findings", sf_node_map(a));
		sf_node_set(a, d, "missed_discovery", sf_node_int(a,
		    (long long)u->missed_discovery));
		sf_node_set(a, d, "missed_submission", sf_node_int(a,
		    (long long)u->missed_quarters));
		sf_node_set(a, d, "missed_task", sf_node_int(a,
		    (long long)u->overdue));
		sf_node_set(a, o, "score", sf_node_int(a, u->score));
		sf_node_set(a, o, "rank", sf_node_int(a, u->rank));
	}
	sf_json_emit(arr, &out, 2);
	puts(out.buf);
	sf_buf_release(&out);
	sf_arena_free(a);
}

int
main(int argc, char **argv)
{
	struct sf_cli cli = { "sanfen-score", usage_text, SF_CLI_FORMAT,
		formats, NULL, NULL, NULL };
	static const struct option longopts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	struct sf_scores s = { NULL, 0, "", "" };
	struct sf_ledger *l = NULL;
	struct sf_table *t = NULL;
	char cells[NCOLS][24];
	const char *v[NCOLS], *period = NULL;
	size_t i;
	int opt, rc, fmt, ex;

	while ((opt = sf_cli_getopt(&cli, argc, argv, "", longopts)) != -1) {
		if (opt != 'p')
			sf_cli_usage_error(&cli, "unexpected option");
		period = optarg;
	}
	if (!period || optind < argc)
		sf_cli_usage_error(&cli, "give --period and nothing else");
	if ((rc = sf_cli_open(&cli, SF_CLI_READER, &l, NULL)) < 0 ||
	    (rc = sf_scores_collect(l, period, &s)) < 0)
		goto out;
	fmt = sf_cli_format(&cli);
	if (fmt == FMT_JSON) {
		json(&s);
		goto out;
	}
	if (fmt == FMT_CSV)
		sf_csv_row(stdout, head, NCOLS);
	else
		t = sf_table_new(NCOLS, head);
	for (i = 0; i < s.n; i++) {
		row(&s.v[i], cells, v);
		if (t)
			sf_table_add(t, v);
		else
			sf_csv_row(stdout, v, NCOLS);
	}
	if (t)
		sf_table_print(t, stdout, 0);
out:
	ex = rc < 0 ? sf_cli_fail(&cli, rc) : 0;
	if (sf_cli_scan_problems(&cli, l) && ex == 0)
		ex = 1;
	sf_table_free(t);
	sf_scores_release(&s);
	sf_ledger_free(l);
	return ex;
}
