/*
 * sanfen-init — create a ledger: a git repository holding the default
 * rule set, the unit registry and editor settings, in one commit.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lifecycle.h"
#include "write.h"
#include "cli.h"
#include "clone.h"
#include "config.h"
#include "error.h"
#include "ledger.h"
#include "store.h"
#include "units.h"

static const char usage_text[] =
    "usage: sanfen-init [-q] [dir]\n";

/* yamllint: libyaml writes sequences in mappings without indenting them,
 * and long Chinese paragraphs stay on one line. */
static const char yamllint_text[] =
    "# yamllint settings for this sanfen ledger (see sanfen-init(1))\n"
    "extends: default\n"
    "rules:\n"
    "  document-start: disable\n"
    "  line-length: disable\n"
    "  indentation:\n"
    "    indent-sequences: whatever\n"
    "  truthy:\n"
    "    check-keys: false\n";

static const char readme_text[] =
    "# 三分机制问题台账\n"
    "\n"
    "This repository is a sanfen ledger: one YAML file per issue under\n"
    "`issues/YYYY/MM/`, one per meeting under `meetings/YYYY/`, the rule set\n"
    "in `.sanfen/config.yaml` and the unit registry in `units.yaml`.\n"
    "Every change is one git commit with `Sanfen-*` trailers: read the\n"
    "history with `git log` or `sanfen log`. See sanfen(7).\n";

/* Ledger files merge field by field, also under a plain git pull. */
static const char gitattributes_text[] =
    "# sanfen: ledger files merge field by field (sanfen-merge-driver(1));\n"
    "# git needs merge.sanfen.driver in the clone's config: sanfen-init and\n"
    "# sanfen-sync set it\n"
    "issues/** merge=sanfen\n"
    "meetings/** merge=sanfen\n"
    "units.yaml merge=sanfen\n"
    ".sanfen/config.yaml merge=sanfen\n";

static int
exists(const char *root, const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	return lstat(path, &st) == 0;
}

/* Editors (VS Code's YAML extension, any yaml-language-server client)
 * check and complete ledger files with the schemas kept in the ledger. */
static const char vscode_text[] =
    "{\n"
    "  \"yaml.schemas\": {\n"
    "    \"./.sanfen/schema/issue.schema.json\": \"issues/**/*.yaml\",\n"
    "    \"./.sanfen/schema/meeting.schema.json\": \"meetings/**/*.yaml\",\n"
    "    \"./.sanfen/schema/units.schema.json\": \"units.yaml\",\n"
    "    \"./.sanfen/schema/config.schema.json\": \".sanfen/config.yaml\"\n"
    "  },\n"
    "  \"files.encoding\": \"utf8\",\n"
    "  \"files.eol\": \"\\n\",\n"
    "  \"[yaml]\": { \"editor.insertSpaces\": true, \"editor.tabSize\": 2 }\n"
    "}\n";

static const char *const schema_names[] = { "issue", "meeting", "units",
	"config" };

#ifndef SF_DATADIR
#define SF_DATADIR "/usr/local/share/sanfen"
#endif

/* The directory holding the JSON schemas: $SANFEN_DATADIR/schema, next to
 * this program (the build tree, or PREFIX/bin -> PREFIX/share/sanfen), or
 * where make install put them. */
static int
schema_dir(char *out, size_t size)
{
	char exe[PATH_MAX], *slash, probe[PATH_MAX + 64];
	const char *env = getenv("SANFEN_DATADIR");
	ssize_t n;
	struct stat st;

	if (env && *env) {
		snprintf(out, size, "%s/schema", env);
		return stat(out, &st) == 0 ? 0 : -1;
	}
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';
		snprintf(probe, sizeof(probe), "%s/../schema/issue.schema.json",
		    exe);
		if (stat(probe, &st) == 0) {
			snprintf(out, size, "%s/../schema", exe);
			return 0;
		}
		snprintf(probe, sizeof(probe), "%s/../share/sanfen/schema/"
		    "issue.schema.json", exe);
		if (stat(probe, &st) == 0) {
			snprintf(out, size, "%s/../share/sanfen/schema", exe);
			return 0;
		}
	}
	snprintf(out, size, "%s/schema", SF_DATADIR);
	return stat(out, &st) == 0 ? 0 : -1;
}

/* .sanfen/schema/ and .vscode/settings.json (unless the user has one) */
static int
editor_files(const char *root, struct sf_change *change)
{
	char dir[PATH_MAX], path[PATH_MAX + 64], rel[64];
	struct sf_buf text = SF_BUF_INIT;
	size_t i;
	int rc = 0;

	if (schema_dir(dir, sizeof(dir)) < 0)
		return sf_error(SF_ENOTFOUND, "cannot find the JSON schemas "
		    "(%s); set SANFEN_DATADIR to the directory holding "
		    "schema/", dir);
	for (i = 0; i < sizeof(schema_names) / sizeof(schema_names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s.schema.json", dir,
		    schema_names[i]);
		snprintf(rel, sizeof(rel), ".sanfen/schema/%s.schema.json",
		    schema_names[i]);
		sf_buf_reset(&text);
		if (sf_buf_read_file(&text, path, 1 << 20) < 0) {
			rc = sf_error_errno("cannot read %s", path);
			break;
		}
		sf_change_put(change, rel, text.buf, text.len);
	}
	sf_buf_release(&text);
	if (rc == 0 && !exists(root, ".vscode/settings.json"))
		sf_change_put(change, ".vscode/settings.json", vscode_text,
		    strlen(vscode_text));
	return rc;
}

/* .gitattributes: ours, or the user's with our lines added */
static int
gitattributes(const char *root, struct sf_change *change)
{
	struct sf_buf text = SF_BUF_INIT;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/.gitattributes", root);
	if (sf_buf_read_file(&text, path, 1 << 20) < 0) {
		if (errno != ENOENT) {
			sf_buf_release(&text);
			return sf_error_errno("cannot read %s", path);
		}
	}
	if (!strstr(text.buf, "merge=sanfen")) {
		if (text.len && text.buf[text.len - 1] != '\n')
			sf_buf_addch(&text, '\n');
		sf_buf_addstr(&text, gitattributes_text);
		sf_change_put(change, ".gitattributes", text.buf, text.len);
	}
	sf_buf_release(&text);
	return 0;
}

int
main(int argc, char **argv)
{
	struct sf_cli cli = { "sanfen-init", usage_text, 0, NULL, NULL, NULL,
		NULL };
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	struct sf_change *change = NULL;
	struct sf_config *config = NULL;
	struct sf_msg msg = SF_MSG_INIT;
	char root[PATH_MAX];
	const char *dir = ".";
	int opt, quiet = 0, rc, ex = 0;
	git_oid oid;
	git_repository *repo = NULL;

	while ((opt = sf_cli_getopt(&cli, argc, argv, "q", longopts)) != -1) {
		switch (opt) {
		case 'q':
			quiet = 1;
			break;
		default:
			sf_cli_usage_error(&cli, "unexpected option");
		}
	}
	if (argc - optind > 1)
		sf_cli_usage_error(&cli, "too many arguments");
	if (optind < argc)
		dir = argv[optind];
	else if (cli.dir)
		dir = cli.dir;

	sf_cli_git_init();
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		sf_cli_error(&cli, "cannot create %s: %s", dir,
		    strerror(errno));
		return 1;
	}
	if (!realpath(dir, root)) {
		sf_cli_error(&cli, "%s: %s", dir, strerror(errno));
		return 1;
	}

	change = sf_change_new();
	sf_change_put(change, SF_CONFIG_PATH, sf_default_config_yaml,
	    strlen(sf_default_config_yaml));
	sf_change_put(change, SF_UNITS_PATH, sf_default_units_yaml,
	    strlen(sf_default_units_yaml));
	/* a repository's own README and lint settings stay as they are */
	if (!exists(root, ".yamllint"))
		sf_change_put(change, ".yamllint", yamllint_text,
		    strlen(yamllint_text));
	if (!exists(root, "README.md"))
		sf_change_put(change, "README.md", readme_text,
		    strlen(readme_text));
	if ((rc = gitattributes(root, change)) < 0 ||
	    (rc = editor_files(root, change)) < 0) {
		ex = sf_cli_fail(&cli, rc);
		goto out;
	}
	if ((rc = sf_config_parse(SF_CONFIG_PATH, sf_default_config_yaml,
	    strlen(sf_default_config_yaml), &config)) < 0) {
		ex = sf_cli_fail(&cli, rc);
		goto out;
	}
	sf_msg_init(&msg, "init: sanfen ledger (rules %s)", config->rules);
	sf_msg_action(&msg, SF_ACT_INIT);
	sf_msg_trailer(&msg, SF_TR_RULES, "%s", config->rules);
	if ((rc = sf_store_init(root, change, &msg, &oid)) < 0) {
		ex = sf_cli_fail(&cli, rc);
		goto out;
	}
	if (git_repository_open(&repo, root) < 0 ||
	    (rc = sf_clone_set_driver(repo)) < 0) {
		ex = sf_cli_fail(&cli, rc < 0 ? rc : sf_error_git("cannot "
		    "open %s", root));
		goto out;
	}
	if (!quiet)
		printf("initialised sanfen ledger in %s\n", root);
out:
	git_repository_free(repo);
	sf_msg_release(&msg);
	sf_config_free(config);
	sf_change_free(change);
	return ex;
}
