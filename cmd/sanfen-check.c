/*
 * sanfen-check — validate every file of the ledger and the references
 * between them; each finding on its own line with its exact location.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "cli.h"
#include "error.h"
#include "guard.h"
#include "i18n.h"
#include "ledger.h"
#include "yamlio.h"

static const char usage_text[] =
    "usage: sanfen-check [-q] [-C dir] [--format text|json]\n"
    "       sanfen-check --history [--since rev] [-q] [-C dir] "
    "[--format text|json] [rev]\n";

static const char *const formats[] = { "text", "json", NULL };
enum { FMT_TEXT, FMT_JSON };

static void
print_json(const struct sf_diags *d)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_node *arr = sf_node_seq(a), *o;
	struct sf_buf out = SF_BUF_INIT;
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct sf_diag *g = &d->v[i];

		o = sf_node_push(a, arr, sf_node_map(a));
		sf_node_set(a, o, "file", g->file ?
		    sf_node_str(a, g->file) : sf_node_scalar(a, SF_NULL,
		    "null"));
		sf_node_set(a, o, "line", sf_node_int(a, g->line));
		sf_node_set(a, o, "column", sf_node_int(a, g->col));
		sf_node_set(a, o, "key", g->field ?
		    sf_node_str(a, g->field) : sf_node_scalar(a, SF_NULL,
		    "null"));
		sf_node_set(a, o, "message", sf_node_str(a, g->msg));
	}
	sf_json_emit(arr, &out, 2);
	puts(out.buf);
	sf_buf_release(&out);
	sf_arena_free(a);
}

int
main(int argc, char **argv)
{
	struct sf_cli cli = { "sanfen-check", usage_text, SF_CLI_FORMAT,
		formats, NULL, NULL, NULL };
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "history", no_argument, NULL, 'H' },
		{ "since", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_buf shown = SF_BUF_INIT;
	struct sf_check_stats st = { 0, 0, 0 };
	struct sf_ledger *l = NULL;
	char *root = NULL, *s;
	const char *since = NULL, *rev = NULL;
	size_t i, ncommits = 0;
	int opt, rc, quiet = 0, history = 0, ex = 1;

	while ((opt = sf_cli_getopt(&cli, argc, argv, "q", longopts)) != -1) {
		if (opt == 'q')
			quiet = 1;
		else if (opt == 'H')
			history = 1;
		else if (opt == 'S')
			since = optarg;
		else
			sf_cli_usage_error(&cli, "unexpected option");
	}
	if (since && !history)
		sf_cli_usage_error(&cli, "--since goes with --history");
	if (history && optind < argc)
		rev = argv[optind++];
	if (optind < argc)
		sf_cli_usage_error(&cli, "unexpected argument '%s'",
		    argv[optind]);
	/* a pre-receive hook's old id for a new branch: everything */
	if (since && strspn(since, "0") == strlen(since) && strlen(since) >= 40)
		since = NULL;

	/* not sf_cli_open: the settings are checked before the ledger is
	 * opened (it would refuse them), and --history reads a revision,
	 * in a bare repository too */
	sf_cli_git_init();
	if (!(history && rev) && sf_ledger_find(cli.dir, &root) < 0 &&
	    !history) {
		ex = sf_cli_fail(&cli, sf_error_code());
		goto out;
	}
	if (history && !root) {
		/* from git alone: a bare central repository, a hook */
		sf_error_clear();
		if ((rc = sf_ledger_open_git(cli.dir, rev ? rev : "HEAD",
		    &l)) < 0 ||
		    (rc = sf_guard_check(l, since, &d, &ncommits)) < 0) {
			ex = sf_cli_fail(&cli, rc);
			goto out;
		}
	}
	if (l) {
		/* checked from git above */
	} else if (sf_check_settings(root, &d), d.n) {
		/* settings first: without valid units no issue is checked */
	} else if (history) {
		if ((rc = sf_ledger_open(root, &l)) < 0 ||
		    (rc = sf_guard_check(l, since, &d, &ncommits)) < 0) {
			ex = sf_cli_fail(&cli, rc);
			goto out;
		}
	} else {
		if ((rc = sf_ledger_open(root, &l)) < 0 ||
		    (rc = sf_check_ledger(l, &d, &st)) < 0) {
			ex = sf_cli_fail(&cli, rc);
			goto out;
		}
	}
	if (sf_cli_format(&cli) == FMT_JSON) {
		print_json(&d);
	} else {
		for (i = 0; i < d.n; i++) {
			/* a file's name or a value it quotes may hold what a
			 * terminal would act on */
			s = sf_diag_string(&d.v[i]);
			sf_buf_reset(&shown);
			sf_buf_add_escaped_text(&shown, s);
			puts(shown.buf);
			free(s);
		}
	}
	if (d.n)
		sf_cli_error(&cli, "%zu finding%s", d.n, d.n == 1 ? "" : "s");
	else if (!quiet && history)
		fprintf(stderr, _("%s: %zu commits: no findings\n"), cli.name,
		    ncommits);
	else if (!quiet)
		fprintf(stderr, _("%s: %zu issues, %zu meetings: no "
		    "findings\n"),
		    cli.name, st.issues, st.meetings);
	ex = d.n ? 1 : 0;
out:
	sf_diags_clear(&d);
	sf_buf_release(&shown);
	sf_ledger_free(l);
	free(root);
	return ex;
}
