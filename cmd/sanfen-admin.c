/*
 * sanfen-admin — the one sanctioned way to change the ledger's rules: a
 * setting of .sanfen/config.yaml, a unit of units.yaml, a key of the
 * allowed signers file. Each change is one commit, by a unit holding the
 * admin role, that the central check can judge by its Sanfen-Admin
 * trailer.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "buf.h"
#include "cli.h"
#include "date.h"
#include "enums.h"
#include "error.h"
#include "i18n.h"
#include "ledger.h"
#include "lifecycle.h"
#include "store.h"
#include "xalloc.h"
#include "yamlio.h"

static const char usage_text[] =
    "usage: sanfen-admin [-C dir] [--as unit] set key value\n"
    "       sanfen-admin [-C dir] [--as unit] unit add id --name name "
    "--kind kind\n"
    "           [--short short] [--city city] [--role role ...] "
    "[--alias alias ...]\n"
    "       sanfen-admin [-C dir] [--as unit] unit set id [--name name] "
    "[--short short]\n"
    "           [--role role ...] [--no-roles] [--alias alias ...]\n"
    "       sanfen-admin [-C dir] [--as unit] unit retire id "
    "[--date date]\n"
    "       sanfen-admin [-C dir] [--as unit] signer add | revoke unit "
    "keyfile\n";

enum { OPT_NAME = 0x100, OPT_KIND, OPT_SHORT, OPT_CITY, OPT_ROLE,
	OPT_NO_ROLES, OPT_ALIAS, OPT_DATE };

/*
 * what is changed: the verbs as they stand on the command line. Not
 * struct sf_cli_verb rows: every verb is one edit of one file under the
 * admin role, read before and committed after alike; change() is the edit
 */
enum { V_SET, V_UNIT_ADD, V_UNIT_SET, V_UNIT_RETIRE, V_SIGNER_ADD,
	V_SIGNER_REVOKE };
static const struct verb {
	const char *words;	/* argv words, "unit add" */
	int nargs;		/* operands after them */
	const char *need;	/* what they are, for the usage error */
} verbs[] = {
	{ "set", 2, N_("a key and a value") },
	{ "unit add", 1, N_("one unit id") },
	{ "unit set", 1, N_("one unit id") },
	{ "unit retire", 1, N_("one unit id") },
	{ "signer add", 2, N_("a unit and a key file") },
	{ "signer revoke", 2, N_("a unit and a key file") },
};

static struct sf_cli cli = { "sanfen-admin", usage_text, SF_CLI_AS, NULL,
	NULL, NULL, NULL };
static struct sf_admin_unit opt_unit;
static const char *opt_date;

static void
push(const char *const **v, size_t *n, const char *s)
{
	const char **nv = xmalloc((*n + 1) * sizeof(*nv));

	if (*n)
		memcpy(nv, *v, *n * sizeof(*nv));
	nv[(*n)++] = s;
	free((void *)*v);
	*v = nv;
}

/* The text of the ledger file rel, "" when missing. */
static int
read_rel(struct sf_ledger *l, const char *rel, struct sf_buf *text)
{
	char *path = sf_ledger_path(l, rel);
	int rc = 0;

	if (sf_buf_read_nofollow(text, path, rel,
	    sf_yaml_issue_limits.max_bytes) < 0 && errno != ENOENT)
		rc = sf_error_read(rel);
	free(path);
	return rc;
}

/* The new text of the file the verb changes, its path, and the words
 * that say what changed. */
static int
change(struct sf_ledger *l, int v, char **argv, struct sf_buf *text,
    struct sf_buf *out, const char **rel, struct sf_buf *what)
{
	struct sf_ssh_key k = SF_SSH_KEY_INIT;
	struct sf_buf key = SF_BUF_INIT;
	const struct sf_unit *u;
	int rc;

	*rel = v == V_SET ? SF_CONFIG_PATH : v < V_SIGNER_ADD ?
	    SF_UNITS_PATH : l->config->allowed_signers;
	if ((rc = read_rel(l, *rel, text)) < 0)
		return rc;
	switch (v) {
	case V_SET:
		sf_buf_addf(what, "set %s %s", argv[0], argv[1]);
		return sf_admin_config_set(text->buf, text->len, argv[0],
		    argv[1], out);
	case V_UNIT_ADD:
		opt_unit.id = argv[0];
		sf_buf_addf(what, "unit add %s", argv[0]);
		return sf_admin_unit_add(text->buf, text->len, &opt_unit, out);
	case V_UNIT_SET:
	case V_UNIT_RETIRE:
		if ((rc = sf_units_resolve(l->units, argv[0], &u)) < 0)
			return rc;
		sf_buf_addf(what, "unit %s %s", verbs[v].words + 5, u->id);
		if (v == V_UNIT_RETIRE) {
			if (!opt_date)
				opt_date = l->today;
			if (!sf_date_valid(opt_date) ||
			    strcmp(opt_date, l->today) > 0)
				return sf_error(SF_EINVALID, "--date: '%s' is "
				    "not a date up to today", opt_date);
			return sf_admin_unit_retire(text->buf, text->len,
			    u->id, opt_date, out);
		}
		if (u->retired)
			return sf_error(SF_EREFUSED, "unit '%s' was retired "
			    "on %s", u->id, u->retired);
		opt_unit.id = u->id;
		return sf_admin_unit_set(text->buf, text->len, &opt_unit, out);
	}
	rc = v == V_SIGNER_ADD ? sf_admin_active_unit(l->units, argv[0], &u) :
	    sf_units_resolve(l->units, argv[0], &u);
	if (rc < 0)
		return rc;
	if (sf_buf_read_stream(&key, argv[1], 65536) < 0)
		rc = sf_error_errno("cannot read %s", argv[1]);
	else if ((rc = sf_ssh_key_parse(key.buf, key.len, &k)) < 0)
		sf_error_prefix("%s", argv[1]);
	else if ((rc = (v == V_SIGNER_ADD ? sf_admin_signer_add :
	    sf_admin_signer_revoke)(text->buf, text->len, u->id, &k,
	    out)) == 0)
		sf_buf_addf(what, "%s %s %s", verbs[v].words, u->id,
		    k.fingerprint);
	sf_ssh_key_release(&k);
	sf_buf_release(&key);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, OPT_NAME },
		{ "kind", required_argument, NULL, OPT_KIND },
		{ "short", required_argument, NULL, OPT_SHORT },
		{ "city", required_argument, NULL, OPT_CITY },
		{ "role", required_argument, NULL, OPT_ROLE },
		{ "no-roles", no_argument, NULL, OPT_NO_ROLES },
		{ "alias", required_argument, NULL, OPT_ALIAS },
		{ "date", required_argument, NULL, OPT_DATE },
		{ NULL, 0, NULL, 0 }
	};
	struct sf_msg msg = SF_MSG_INIT;
	struct sf_buf text = SF_BUF_INIT, out = SF_BUF_INIT, what = SF_BUF_INIT;
	struct sf_buf words = SF_BUF_INIT;
	struct sf_ledger *l = NULL;
	struct sf_change *c = NULL;
	const struct sf_unit *by = NULL;
	const char *rel, *fp;
	int opt, rc, v, n, ex = 1;

	while ((opt = sf_cli_getopt(&cli, argc, argv, "", longopts)) != -1) {
		switch (opt) {
		case OPT_NAME:
			opt_unit.name = optarg;
			break;
		case OPT_KIND:
			opt_unit.kind = optarg;
			break;
		case OPT_SHORT:
			opt_unit.short_name = optarg;
			break;
		case OPT_CITY:
			opt_unit.city = optarg;
			break;
		case OPT_ROLE:
			opt_unit.set_roles = 1;
			push(&opt_unit.roles, &opt_unit.nroles, optarg);
			break;
		case OPT_NO_ROLES:
			opt_unit.set_roles = 2;
			break;
		case OPT_ALIAS:
			push(&opt_unit.aliases, &opt_unit.naliases, optarg);
			break;
		case OPT_DATE:
			opt_date = optarg;
			break;
		default:
			sf_cli_usage_error(&cli, "unexpected option");
		}
	}
	/* the verb: one word, or two */
	for (n = 0; n < 2 && optind + n < argc; n++) {
		sf_buf_addf(&words, "%s%s", n ? " " : "", argv[optind + n]);
		for (v = 0; v <= V_SIGNER_REVOKE; v++)
			if (strcmp(verbs[v].words, words.buf) == 0)
				break;
		if (v <= V_SIGNER_REVOKE)
			break;
	}
	if (optind >= argc)
		sf_cli_usage_error(&cli, "no verb given");
	if (v > V_SIGNER_REVOKE)
		sf_cli_usage_error(&cli, "unknown verb '%s'", words.buf);
	optind += n + 1;
	if (argc - optind != verbs[v].nargs)
		sf_cli_usage_error(&cli, "%s needs %s", verbs[v].words,
		    _(verbs[v].need));
	if (v == V_UNIT_ADD && (!opt_unit.name || !opt_unit.kind))
		sf_cli_usage_error(&cli, "unit add needs --name and --kind");
	if ((v != V_UNIT_ADD && v != V_UNIT_SET && (opt_unit.name ||
	    opt_unit.short_name || opt_unit.set_roles || opt_unit.naliases)) ||
	    (v != V_UNIT_ADD && (opt_unit.kind || opt_unit.city)) ||
	    (v != V_UNIT_RETIRE && opt_date) ||
	    (v != V_UNIT_SET && opt_unit.set_roles == 2) ||
	    (opt_unit.set_roles == 2 && opt_unit.nroles))
		sf_cli_usage_error(&cli, "%s does not take these options",
		    verbs[v].words);

	if ((rc = sf_cli_open(&cli, SF_ROLE_ADMIN, &l, &by)) < 0)
		goto fail;
	if ((rc = change(l, v, argv + optind, &text, &out, &rel, &what)) < 0)
		goto fail;
	c = sf_change_new();
	sf_change_put(c, rel, out.buf, out.len);
	/* a key's fingerprint would overrun the subject: the trailer has it */
	fp = strstr(what.buf, " SHA256:");
	sf_msg_init(&msg, "admin: %.*s", fp ? (int)(fp - what.buf) :
	    (int)what.len, what.buf);
	sf_msg_trailer(&msg, SF_TR_ACTION, "%s", sf_action_name(SF_ACT_ADMIN));
	sf_msg_trailer(&msg, SF_TR_ADMIN, "%s", what.buf);
	sf_msg_trailer(&msg, SF_TR_UNIT, "%s", by->id);
	if ((rc = sf_store_commit(l, c, &msg, NULL)) < 0)
		goto fail;
	printf("%s\n", what.buf);
	ex = 0;
	goto out;
fail:
	ex = sf_cli_fail(&cli, rc);
out:
	sf_change_free(c);
	sf_msg_release(&msg);
	sf_buf_release(&text);
	sf_buf_release(&out);
	sf_buf_release(&what);
	sf_buf_release(&words);
	free((void *)opt_unit.roles);
	free((void *)opt_unit.aliases);
	sf_ledger_free(l);
	return ex;
}
