/*
 * sanfen-sync — fetch from the central repository, merge field by field,
 * push; a true conflict stops it with the clone as it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "cli.h"
#include "error.h"
#include "gitlock.h"
#include "ledger.h"
#include "merge.h"
#include "sync.h"
#include "xalloc.h"
#include "yamlio.h"

static const char usage_text[] =
    "usage: sanfen-sync [-C dir] [--as unit] [--format text|json] "
    "[--no-push]\n"
    "                   [--resolve id key ours|theirs|value ...] "
    "[remote]\n";

static const char *const formats[] = { "text", "json", NULL };

enum { OPT_NO_PUSH = 0x100, OPT_RESOLVE };

static const char *const actions[] = { "none", "fast-forward", "merge" };

static void
print_json(const struct sf_sync_result *r, const struct sf_conflicts *cf,
    int rc)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_node *root = sf_node_map(a), *list, *c;
	struct sf_buf out = SF_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	sf_node_set_text(a, root, "remote", r->remote);
	sf_node_set_text(a, root, "url", r->url);
	sf_node_set_text(a, root, "branch", r->branch);
	sf_node_set_text(a, root, "result", rc == 0 ? "ok" :
	    rc == SF_ECONFLICT && cf->n ? "conflict" : "error");
	sf_node_set_text(a, root, "action", actions[r->action]);
	sf_node_set(a, root, "from_theirs", sf_node_int(a,
	    (long long)r->merge.theirs));
	sf_node_set(a, root, "merged", sf_node_int(a,
	    (long long)r->merge.merged));
	sf_node_set(a, root, "pushed", sf_node_int(a, (long long)r->pushed));
	sf_node_set(a, root, "tries", sf_node_int(a, r->tries));
	git_oid_tostr(hex, sizeof(hex), &r->before);
	sf_node_set_text(a, root, "before", hex);
	git_oid_tostr(hex, sizeof(hex), &r->head);
	sf_node_set_text(a, root, "head", hex);
	list = sf_node_set(a, root, "conflicts", sf_node_seq(a));
	for (i = 0; i < cf->n; i++) {
		c = sf_node_push(a, list, sf_node_map(a));
		sf_node_set_text(a, c, "file", cf->v[i].file);
		sf_node_set_text(a, c, "key", cf->v[i].key);
		sf_node_set_text(a, c, "base", cf->v[i].base);
		sf_node_set_text(a, c, "ours", cf->v[i].ours);
		sf_node_set_text(a, c, "theirs", cf->v[i].theirs);
	}
	sf_json_emit(root, &out, 2);
	printf("%s\n", out.buf);
	sf_buf_release(&out);
	sf_arena_free(a);
}

static void
print_text(const struct sf_sync_result *r)
{
	char from[8], to[8];

	git_oid_tostr(from, sizeof(from), &r->before);
	git_oid_tostr(to, sizeof(to), &r->head);
	switch (r->action) {
	case SF_SYNC_FAST_FORWARD:
		printf("fast-forward %s..%s from %s/%s\n", from, to,
		    r->remote, r->branch);
		break;
	case SF_SYNC_MERGE:
		printf("merged %s/%s: %zu file(s) from theirs, %zu merged "
		    "field by field (%s)\n", r->remote, r->branch,
		    r->merge.theirs, r->merge.merged, to);
		break;
	default:
		break;
	}
	if (r->pushed)
		printf("pushed %zu commit(s) to %s/%s\n", r->pushed,
		    r->remote, r->branch);
	if (r->action == SF_SYNC_NONE && !r->pushed)
		printf("up to date with %s/%s\n", r->remote, r->branch);
	if (r->tries > 1)
		printf("(the remote moved while pushing: %d rounds)\n",
		    r->tries);
}

int
main(int argc, char **argv)
{
	struct sf_cli cli = { "sanfen-sync", usage_text,
		SF_CLI_AS | SF_CLI_FORMAT, formats, NULL, NULL, NULL };
	static const struct option longopts[] = {
		{ "no-push", no_argument, NULL, OPT_NO_PUSH },
		{ "resolve", required_argument, NULL, OPT_RESOLVE },
		{ NULL, 0, NULL, 0 }
	};
	struct sf_sync_opts o;
	struct sf_sync_result r;
	struct sf_resolutions res = { NULL, 0 };
	struct sf_resolution *x;
	struct sf_conflicts cf;
	struct sf_ledger *l = NULL;
	const struct sf_unit *acting = NULL;
	struct sf_buf line = SF_BUF_INIT;
	size_t i;
	int opt, rc, ex = 1, json;
	const char *v;
	char *end;
	long n;

	memset(&o, 0, sizeof(o));
	o.push = 1;
	o.tries = 5;
	o.lock_wait = SF_GITLOCK_WAIT_SECONDS;
	if ((v = getenv("SANFEN_LOCK_WAIT")) && *v) {
		n = strtol(v, &end, 10);
		if (*end || n < 0 || n > 3600)
			sf_cli_usage_error(&cli, "SANFEN_LOCK_WAIT: not a number "
			    "of seconds from 0 to 3600: '%s'", v);
		o.lock_wait = (int)n;
	}
	while ((opt = sf_cli_getopt(&cli, argc, argv, "", longopts)) != -1) {
		switch (opt) {
		case OPT_NO_PUSH:
			o.push = 0;
			break;
		case OPT_RESOLVE:
			if (optind + 1 >= argc)
				sf_cli_usage_error(&cli, "--resolve takes "
				    "three arguments: id key "
				    "ours|theirs|value");
			res.v = xrealloc(res.v, (res.n + 1) * sizeof(*res.v));
			x = &res.v[res.n++];
			memset(x, 0, sizeof(*x));
			x->who = optarg;
			x->key = argv[optind];
			x->value = argv[optind + 1];
			x->side = strcmp(x->value, "ours") == 0 ? SF_TAKE_OURS :
			    strcmp(x->value, "theirs") == 0 ? SF_TAKE_THEIRS :
			    SF_TAKE_VALUE;
			if (!*x->who || !*x->key)
				sf_cli_usage_error(&cli, "--resolve: empty id "
				    "or key");
			optind += 2;
			break;
		default:
			sf_cli_usage_error(&cli, "unexpected option");
		}
	}
	if (argc - optind > 1)
		sf_cli_usage_error(&cli, "name at most one remote");
	o.remote = optind < argc ? argv[optind] : NULL;
	o.res = &res;
	json = sf_cli_format(&cli) == 1;
	sf_conflicts_init(&cf);
	memset(&r, 0, sizeof(r));
	if ((rc = sf_cli_open(&cli, SF_CLI_MERGER, &l, &acting)) < 0)
		goto fail;
	o.unit = acting ? acting->id : NULL;
	rc = sf_sync(l, &o, &r, &cf);
	for (i = 0; rc == 0 && i < res.n; i++)
		if (!res.v[i].used)
			sf_cli_warn(&cli, "--resolve %s %s: no such conflict",
			    res.v[i].who, res.v[i].key);
	if (json)
		print_json(&r, &cf, rc);
	if (rc == SF_ECONFLICT && cf.n) {
		for (i = 0; i < cf.n; i++) {
			sf_buf_reset(&line);
			sf_conflict_format(&cf.v[i], &line);
			sf_cli_error(&cli, "conflict: %s", line.buf);
		}
		sf_cli_error(&cli, "nothing was changed; settle each "
		    "conflict with sanfen-sync --resolve ID KEY "
		    "ours|theirs|VALUE");
		sf_buf_release(&line);
		goto out;
	}
	if (rc < 0)
		goto fail;
	if (!json)
		print_text(&r);
	ex = 0;
	goto out;
fail:
	ex = sf_cli_fail(&cli, rc);
out:
	sf_conflicts_clear(&cf);
	free(res.v);
	sf_ledger_free(l);
	return ex;
}
