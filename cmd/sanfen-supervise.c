/*
 * sanfen-supervise — Art. 12: the tasks past their due date, by
 * responsible unit; 督办 notices; a dated supervision entry on each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "doc.h"
#include "enums.h"
#include "error.h"
#include "issue.h"
#include "ledger.h"
#include "lifecycle.h"
#include "output.h"
#include "store.h"
#include "strset.h"
#include "supervise.h"
#include "write.h"
#include "yamlio.h"

static const char usage_text[] =
    "usage: sanfen-supervise [-C dir] [--as unit] [--as-of date] "
    "[--unit unit]\n"
    "           [--format table|json|md|html] [--notice] [--record]\n"
    "           [--color[=when]] [--no-pager]\n";

static const char *const formats[] = { "table", "json", "md", "html",
	NULL };
enum { FMT_TABLE, FMT_JSON, FMT_MD, FMT_HTML };
enum { OPT_AS_OF = 0x100, OPT_UNIT, OPT_NOTICE, OPT_RECORD };

static void
print_list(struct sf_ledger *l, const struct sf_overdue_list *list, int fmt)
{
	static const char *const head[] = { "UNIT", "ISSUE", "TASK", "DUE",
		"DAYS", "ACTION" };
	struct sf_table *t;
	struct sf_arena *a;
	struct sf_node *arr, *o;
	struct sf_buf b = SF_BUF_INIT, e = SF_BUF_INIT;
	char no[16], days[24];
	size_t i;

	if (fmt == FMT_JSON) {
		a = sf_arena_new();
		arr = sf_node_seq(a);
		for (i = 0; i < list->n; i++) {
			o = sf_node_push(a, arr, sf_node_map(a));
			sf_node_set(a, o, "unit", sf_node_str(a,
			    list->v[i].unit));
			sf_node_set(a, o, "issue", sf_node_str(a,
			    list->v[i].issue));
			sf_node_set(a, o, "task", sf_node_int(a,
			    list->v[i].task));
			sf_node_set(a, o, "action", sf_node_str(a,
			    list->v[i].action));
			sf_node_set(a, o, "due", sf_node_date(a,
			    list->v[i].due));
			sf_node_set(a, o, "days_overdue", sf_node_int(a,
			    list->v[i].days));
		}
		sf_json_emit(arr, &b, 2);
		puts(b.buf);
		sf_buf_release(&b);
		sf_arena_free(a);
		return;
	}
	if (fmt == FMT_MD) {
		sf_buf_init(&b);
		puts("| 责任单位 | 问题编号 | 事项 | 议定事项 | 完成时限 | "
		    "超期天数 |\n|---|---|---|---|---|---|");
		for (i = 0; i < list->n; i++) {
			const struct sf_unit *u = sf_units_find(l->units,
			    list->v[i].unit);

			sf_buf_reset(&b);
			sf_buf_addf(&b, "| %s | %s | %d | %s | %s | %ld |",
			    u ? u->name : list->v[i].unit, list->v[i].issue,
			    list->v[i].task, list->v[i].action,
			    list->v[i].due, list->v[i].days);
			/* an action as a terminal may show it */
			sf_buf_reset(&e);
			sf_buf_add_escaped_text(&e, b.buf);
			puts(e.buf);
		}
		sf_buf_release(&b);
		sf_buf_release(&e);
		return;
	}
	if (!list->n)
		return;
	t = sf_table_new(6, head);
	for (i = 0; i < list->n; i++) {
		const char *row[6] = { list->v[i].unit, list->v[i].issue, no,
			list->v[i].due, days, list->v[i].action };

		snprintf(no, sizeof(no), "%d", list->v[i].task);
		snprintf(days, sizeof(days), "%ld", list->v[i].days);
		sf_table_add(t, row);
		if (sf_cli_color()) {
			sf_table_color(t, 3, SF_COLOR_OVERDUE);
			sf_table_color(t, 4, SF_COLOR_OVERDUE);
		}
	}
	sf_table_print(t, stdout, sf_cli_columns());
	sf_table_free(t);
}

/* One notice per unit, in Markdown or as one HTML page. */
static void
print_notices(struct sf_ledger *l, const struct sf_overdue_list *list,
    const char *as_of, int html)
{
	struct sf_doc doc;
	struct sf_buf out = SF_BUF_INIT;
	size_t i, n = 0;

	sf_doc_init(&doc);
	for (i = 0; i < list->n; i++) {
		if (i && strcmp(list->v[i].unit, list->v[i - 1].unit) == 0)
			continue;
		if (n++)
			sf_doc_add(&doc, SF_B_BREAK, NULL, NULL);
		sf_notice_doc(l, list, list->v[i].unit, as_of, &doc);
	}
	if (html)
		sf_doc_html(&doc, "督办通知", &out);
	else if (n)
		sf_doc_md(&doc, &out);
	fwrite(out.buf, 1, out.len, stdout);
	sf_buf_release(&out);
	sf_doc_release(&doc);
}

/* A dated 督办 entry on every task of is that list names. */
static void
add_entries(struct sf_ledger *l, struct sf_issue *is,
    const struct sf_overdue_list *list)
{
	size_t i, t;

	for (i = 0; i < list->n; i++) {
		if (strcmp(list->v[i].issue, is->id) != 0)
			continue;
		for (t = 0; t < is->ntasks; t++) {
			struct sf_task *k = &is->tasks[t];
			struct sf_note *v;

			if (k->no != list->v[i].task)
				continue;
			v = sf_arena_alloc(is->arena,
			    (k->nsupervision + 1) * sizeof(*v));
			if (k->nsupervision)
				memcpy(v, k->supervision,
				    k->nsupervision * sizeof(*v));
			v[k->nsupervision].date = sf_arena_strdup(is->arena,
			    l->today);
			v[k->nsupervision].note = sf_arena_printf(is->arena,
			    "逾期%ld天，已督办", list->v[i].days);
			k->supervision = v;
			k->nsupervision++;
		}
	}
}

/* Every overdue task supervised, each issue read once, in one commit. */
static int
record(struct sf_ledger *l, const struct sf_overdue_list *list,
    const struct sf_unit *by)
{
	struct sf_msg msg = SF_MSG_INIT;
	struct sf_strset done = SF_STRSET_INIT;
	struct sf_change *c = sf_change_new();
	struct sf_issue *is = NULL, *before = NULL;
	struct sf_judge j;
	size_t i;
	int rc = 0;

	sf_strset_init(&done);
	sf_msg_init(&msg, "supervise: %zu overdue task%s", list->n,
	    list->n == 1 ? "" : "s");
	sf_msg_action(&msg, SF_ACT_SUPERVISE);
	sf_judge_for(&j, l, SF_ACT_SUPERVISE, by);
	for (i = 0; i < list->n && rc == 0; i++) {
		if (!sf_strset_add(&done, list->v[i].issue))
			continue;
		if ((rc = sf_ledger_load_issue(l, list->v[i].issue, &is)) < 0)
			break;
		if ((rc = sf_issue_dup(is, &before)) == 0) {
			add_entries(l, is, list);
			rc = sf_step_issue(c, &msg, &j, before, is);
		}
		sf_issue_free(before);
		sf_issue_free(is);
		before = NULL;
	}
	sf_msg_unit(&msg, by);
	if (rc == 0)
		rc = sf_store_commit(l, c, &msg, NULL);
	sf_strset_clear(&done);
	sf_change_free(c);
	sf_msg_release(&msg);
	return rc;
}

int
main(int argc, char **argv)
{
	struct sf_cli cli = { "sanfen-supervise", usage_text,
		SF_CLI_AS | SF_CLI_FORMAT | SF_CLI_PAGE, formats, NULL, NULL,
		NULL };
	static const struct option longopts[] = {
		{ "as-of", required_argument, NULL, OPT_AS_OF },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "notice", no_argument, NULL, OPT_NOTICE },
		{ "record", no_argument, NULL, OPT_RECORD },
		{ NULL, 0, NULL, 0 }
	};
	struct sf_overdue_list list = { NULL, 0, 0 };
	struct sf_ledger *l = NULL;
	const struct sf_unit *acting = NULL, *u = NULL;
	const char *as_of = NULL, *unit = NULL;
	int opt, rc, notice = 0, rec = 0, ex = 1;

	while ((opt = sf_cli_getopt(&cli, argc, argv, "", longopts)) != -1) {
		switch (opt) {
		case OPT_AS_OF:
			as_of = optarg;
			break;
		case OPT_UNIT:
			unit = optarg;
			break;
		case OPT_NOTICE:
			notice = 1;
			break;
		case OPT_RECORD:
			rec = 1;
			break;
		default:
			sf_cli_usage_error(&cli, "unexpected option");
		}
	}
	if (optind < argc)
		sf_cli_usage_error(&cli, "unexpected argument '%s'",
		    argv[optind]);
	if (as_of && !sf_date_valid(as_of)) {
		sf_cli_error(&cli, "--as-of: invalid date '%s'", as_of);
		return 1;
	}

	/* a reader, unless it records the overdue */
	if ((rc = sf_cli_open(&cli, rec ? SF_ROLE_SUPERVISE : SF_CLI_READER,
	    &l, &acting)) < 0 ||
	    (unit && (rc = sf_units_resolve(l->units, unit, &u)) < 0))
		goto fail;
	if (!as_of)
		as_of = l->today;
	if ((rc = sf_overdue_collect(l, as_of, u ? u->id : NULL, &list,
	    NULL)) < 0)
		goto fail;
	if (rec && list.n && (rc = record(l, &list, acting)) < 0)
		goto fail;
	if (!notice && sf_cli_format(&cli) == FMT_HTML)
		sf_cli_usage_error(&cli, "--format html goes with --notice");
	sf_cli_pager(&cli);
	if (notice)
		print_notices(l, &list, as_of, sf_cli_format(&cli) == FMT_HTML);
	else
		print_list(l, &list, sf_cli_format(&cli));
	ex = 0;
	goto out;
fail:
	ex = sf_cli_fail(&cli, rc);
out:
	/* the files that do not read, each named */
	if (sf_cli_scan_problems(&cli, l) && ex == 0)
		ex = 1;
	sf_overdue_clear(&list);
	sf_ledger_free(l);
	return ex;
}
