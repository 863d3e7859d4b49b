/*
 * sanfen-submit — a new issue (Art. 7, 9) from flags, from a YAML file or
 * from $EDITOR on a template; prints the new id alone on stdout.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "error.h"
#include "id.h"
#include "issue.h"
#include "issue_field.h"
#include "ledger.h"
#include "lifecycle.h"
#include "write.h"
#include "store.h"
#include "yamlio.h"

static const char usage_text[] =
    "usage: sanfen-submit [-n] [-C dir] [--as unit] [-F file]\n"
    "           [--title text] [--submitter unit] [--contact text]\n"
    "           [--subject subject] [--city city] [--program program]\n"
    "           [--topic topic] [--jurisdiction level] [--tried levels]\n"
    "           [--source source] [--flag flag] [--background text]\n"
    "           [--problem text] [--prior text] [--request text]\n";

static const char template_text[] =
    "# A new issue for the 三分 coordination meeting; see sanfen-issue(5).\n"
    "# Lines starting with '#' are ignored. Save an empty file to abort.\n"
    "# Units, enumerations and cities may be given in Chinese (宁波, 国企).\n"
    "title:          # 议题名称, one line\n"
    "submitter: %s   # 提交单位\n"
    "contact:        # 联系人及电话\n"
    "subject:        # soe 国企 | private 民企 | city 设区市 | other\n"
    "city:           # hangzhou … lishui; required when subject is city\n"
    "program:        # no1-digital no1-reform no1-opening major-1 … "
    "major-10 other\n"
    "topic:         "
    " # progress 项目推进 | factors 要素保障 | approval 前期审批 | "
    "policy 政策实施 | other\n"
    "jurisdiction:   # county | city | province | national: "
    "who can solve it\n"
    "tried: []       # levels that tried already, e.g. [county, city]\n"
    "source: unit    # unit | leader 领导交办 | inspection 督查发现\n"
    "flags: []       # cross-region cross-level cross-department typical\n"
    "material:       # Art. 9: all four are required\n"
    "  background: | # 项目基本情况\n"
    "\n"
    "  problem: |    # 存在问题困难\n"
    "\n"
    "  prior: |      # 前期协调情况\n"
    "\n"
    "  request: |    # 主要诉求建议\n"
    "\n";

struct setting {
	const char *key;
	const char *value;
	int add;
};

enum {
	OPT_FIELD = 0x100	/* + index into sf_issue_field_keys */
};

static int
read_input(const struct sf_cli *cli, const char *file, struct sf_buf *text)
{
	int rc;

	if (strcmp(file, "-") == 0)
		rc = sf_buf_read_fd(text, 0, SF_ISSUE_MAX_BYTES);
	else
		rc = sf_buf_read_stream(text, file, SF_ISSUE_MAX_BYTES);
	if (rc < 0) {
		if (errno == EFBIG)
			sf_cli_error(cli, "%s: file too large (limit %d bytes)",
			    file, SF_ISSUE_MAX_BYTES);
		else
			sf_cli_error(cli, "%s: %s", file, strerror(errno));
		return -1;
	}
	return 0;
}

static int
parse_input(const struct sf_cli *cli, struct sf_issue *is, const char *name,
    const struct sf_buf *text, const struct sf_units *units)
{
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_arena *a = sf_arena_new();
	struct sf_node *root;
	int rc;

	if ((rc = sf_yaml_load(a, name, text->buf, text->len,
	    &sf_yaml_issue_limits, 0, &root)) < 0) {
		sf_cli_fail(cli, rc);
		goto out;
	}
	if (sf_issue_from_node(is, name, root, units, SF_ISSUE_SUBMISSION,
	    &d) < 0) {
		sf_cli_diags(cli, &d);
		rc = SF_EINVALID;
	}
out:
	sf_diags_clear(&d);
	sf_arena_free(a);
	return rc;
}

/* Who acts: organisers may submit for any unit, others for themselves. */
static int
check_submitter(const struct sf_cli *cli, struct sf_issue *is,
    const struct sf_unit *acting)
{
	if (!is->submitter) {
		if (!acting) {
			sf_cli_error(cli, "no submitter: use --submitter UNIT "
			    "or --as UNIT, set SANFEN_UNIT, or git config "
			    "sanfen.unit UNIT");
			return -1;
		}
		is->submitter = sf_arena_strdup(is->arena, acting->id);
	}
	if (acting && strcmp(acting->id, is->submitter) != 0 &&
	    !acting->roles) {
		sf_cli_error(cli, "unit '%s' may submit only its own issues, "
		    "not for '%s' (organisers may submit for any unit)",
		    acting->id, is->submitter);
		return -1;
	}
	return 0;
}

/*
 * Submitting reads no issue or meeting file: the new issue is parsed
 * once, from the input, and the ledger is asked only whether a name is
 * free, in the work tree, which the commit then holds to HEAD (it
 * refuses a file there that is not committed; lib/store.c). What is
 * written is parsed once more, as every write is (sf_change_put_issue
 * reads back what it emits), and the judge reads nothing: a new issue
 * follows no meeting.
 *
 * A fresh id for today that no issue has yet.
 */
static int
new_id(struct sf_ledger *l, char id[SF_ID_LEN + 1])
{
	struct stat st;
	char *rel, *path;
	int rc, tries;

	for (tries = 0; tries < 16; tries++) {
		if ((rc = sf_id_new(l->today, id)) < 0)
			return rc;
		rel = sf_issue_path(id);
		path = sf_ledger_path(l, rel);
		rc = lstat(path, &st);
		free(rel);
		free(path);
		if (rc != 0)
			return 0;
	}
	return sf_error(SF_ERROR, "cannot find a free issue id");
}

int
main(int argc, char **argv)
{
	struct sf_cli cli = { "sanfen-submit", usage_text, SF_CLI_AS, NULL,
		NULL, NULL, NULL };
	struct option longopts[20];
	struct setting set[64];
	struct sf_buf text = SF_BUF_INIT, out = SF_BUF_INIT;
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_msg msg = SF_MSG_INIT;
	struct sf_change *change = NULL;
	struct sf_judge j;
	struct sf_ledger *l = NULL;
	struct sf_issue *is = NULL;
	const struct sf_unit *acting = NULL;
	const char *file = NULL, *as_env;
	char id[SF_ID_LEN + 1], tmpl[4096] = "", *rel = NULL;
	size_t nset = 0, i, k = 0;
	int opt, dry = 0, rc, ex = 1;

	for (i = 0; sf_issue_field_keys[i]; i++)
		longopts[k++] = (struct option){ sf_issue_field_keys[i],
			required_argument, NULL, OPT_FIELD + (int)i };
	longopts[k++] = (struct option){ "flag", required_argument, NULL,
		'f' };
	longopts[k++] = (struct option){ "file", required_argument, NULL,
		'F' };
	longopts[k++] = (struct option){ "dry-run", no_argument, NULL, 'n' };
	longopts[k] = (struct option){ NULL, 0, NULL, 0 };

	while ((opt = sf_cli_getopt(&cli, argc, argv, "F:n", longopts)) !=
	    -1) {
		if (nset == sizeof(set) / sizeof(set[0]))
			sf_cli_usage_error(&cli, "too many options");
		switch (opt) {
		case 'F':
			file = optarg;
			break;
		case 'n':
			dry = 1;
			break;
		case 'f':
			set[nset++] = (struct setting){ "flags", optarg, 1 };
			break;
		default:
			if (opt < OPT_FIELD)
				sf_cli_usage_error(&cli, "unexpected option");
			set[nset++] = (struct setting){
				sf_issue_field_keys[opt - OPT_FIELD], optarg,
				0 };
		}
	}
	if (optind < argc)
		sf_cli_usage_error(&cli, "unexpected argument '%s'",
		    argv[optind]);

	if (!file && !nset) {
		if (!isatty(0) || !isatty(2))
			sf_cli_usage_error(&cli, "nothing to submit: give -F "
			    "FILE or the fields as options");
		as_env = cli.as ? cli.as : getenv("SANFEN_UNIT");
		sf_buf_addf(&out, template_text, as_env ? as_env : "");
		if (sf_cli_edit(&cli, out.buf, ".yaml", &text, tmpl,
		    sizeof(tmpl)) < 0)
			return 1;
		sf_buf_reset(&out);
		if (sf_cli_blank_yaml(text.buf)) {
			sf_cli_error(&cli, "aborting: the issue is empty");
			unlink(tmpl);
			goto out;
		}
		file = tmpl;
	} else if (file && read_input(&cli, file, &text) < 0) {
		goto out;
	}

	/* a unit submits for itself, an organiser for any: check_submitter */
	if ((rc = sf_cli_open(&cli, SF_CLI_WRITER, &l, &acting)) < 0) {
		ex = sf_cli_fail(&cli, rc);
		goto out;
	}
	is = sf_issue_new();
	if (file && parse_input(&cli, is, strcmp(file, "-") ? file :
	    "<stdin>", &text, l->units) < 0)
		goto kept;
	for (i = 0; i < nset; i++)
		if ((rc = sf_issue_set_field(is, set[i].key, set[i].value,
		    set[i].add, l->units)) < 0) {
			ex = sf_cli_fail(&cli, rc);
			goto out;
		}
	if (check_submitter(&cli, is, acting) < 0)
		goto kept;
	if ((rc = new_id(l, id)) < 0) {
		ex = sf_cli_fail(&cli, rc);
		goto out;
	}
	is->id = sf_arena_strdup(is->arena, id);
	is->submitted = sf_arena_strdup(is->arena, l->today);
	is->status = SF_ST_SUBMITTED;
	rel = sf_issue_path(id);
	if (sf_issue_validate(is, rel, SF_ISSUE_NEW, &d) < 0) {
		sf_cli_diags(&cli, &d);
		goto kept;
	}
	if ((rc = sf_issue_emit(is, &out)) < 0) {
		ex = sf_cli_fail(&cli, rc);
		goto out;
	}
	if (dry) {
		fwrite(out.buf, 1, out.len, stdout);
		ex = 0;
		goto out;
	}
	change = sf_change_new();
	sf_msg_init(&msg, "submit %s: %s", id, is->title);
	sf_msg_action(&msg, SF_ACT_SUBMIT);
	if (!acting)
		acting = sf_units_find(l->units, is->submitter);
	sf_judge_for(&j, l, SF_ACT_SUBMIT, acting);
	if ((rc = sf_step_issue(change, &msg, &j, NULL, is)) < 0 ||
	    (sf_msg_unit(&msg, acting),
	    (rc = sf_store_commit(l, change, &msg, NULL)) < 0)) {
		ex = sf_cli_fail(&cli, rc);
		goto out;
	}
	printf("%s\n", id);
	ex = 0;
	if (*tmpl)
		unlink(tmpl);
	goto out;
kept:
	if (*tmpl)
		sf_cli_error(&cli, "your text is kept in %s", tmpl);
out:
	free(rel);
	sf_msg_release(&msg);
	sf_change_free(change);
	sf_issue_free(is);
	sf_ledger_free(l);
	sf_diags_clear(&d);
	sf_buf_release(&text);
	sf_buf_release(&out);
	return ex;
}
