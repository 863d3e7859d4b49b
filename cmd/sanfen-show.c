/*
 * sanfen-show — one issue, named by any unique prefix of its id.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "error.h"
#include "issue.h"
#include "issue_view.h"
#include "ledger.h"
#include "query.h"
#include "yamlio.h"

static const char usage_text[] =
    "usage: sanfen-show [-C dir] [--format text|yaml|json] [--color[=when]]\n"
    "           [--no-pager] id\n";

static const char *const formats[] = { "text", "yaml", "json", NULL };
enum { FMT_TEXT, FMT_YAML, FMT_JSON };

int
main(int argc, char **argv)
{
	struct sf_cli cli = { "sanfen-show", usage_text,
		SF_CLI_FORMAT | SF_CLI_PAGE, formats, NULL, NULL, NULL };
	static const struct option longopts[] = { { NULL, 0, NULL, 0 } };
	struct sf_buf out = SF_BUF_INIT;
	struct sf_ledger *l = NULL;
	struct sf_issue *is = NULL;
	struct sf_arena *a = NULL;
	char *id = NULL, *rel = NULL;
	int opt, rc, ex = 1;

	while ((opt = sf_cli_getopt(&cli, argc, argv, "", longopts)) != -1)
		sf_cli_usage_error(&cli, "unexpected option");
	if (argc - optind != 1)
		sf_cli_usage_error(&cli, argc == optind ? "no issue id given" :
		    "too many arguments");

	if ((rc = sf_cli_open(&cli, SF_CLI_READER, &l, NULL)) < 0 ||
	    (rc = sf_issue_resolve(l, argv[optind], &id)) < 0 ||
	    (rc = sf_ledger_load_issue(l, id, &is)) < 0) {
		ex = sf_cli_fail(&cli, rc);
		goto out;
	}
	rel = sf_issue_path(id);
	a = sf_arena_new();
	switch (sf_cli_format(&cli)) {
	case FMT_TEXT:
		if (sf_cli_color())
			sf_issue_text_color(is, l->units, l->today, &out);
		else
			sf_issue_text(is, l->units, &out);
		break;
	case FMT_YAML:
		if ((rc = sf_issue_emit(is, &out)) < 0) {
			ex = sf_cli_fail(&cli, rc);
			goto out;
		}
		break;
	case FMT_JSON:
		sf_json_emit(sf_issue_record(is, rel, a), &out, 2);
		sf_buf_addch(&out, '\n');
		break;
	}
	sf_cli_pager(&cli);
	fwrite(out.buf, 1, out.len, stdout);
	ex = 0;
out:
	if (fflush(stdout) != 0 && ex == 0) {
		sf_cli_error(&cli, "cannot write the output");
		ex = 1;
	}
	sf_arena_free(a);
	free(rel);
	free(id);
	sf_issue_free(is);
	sf_ledger_free(l);
	sf_buf_release(&out);
	return ex;
}
