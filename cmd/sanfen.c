/*
 * sanfen — the front command: `sanfen VERB ARGS` runs sanfen-VERB ARGS, as
 * git does, looking first beside this program, then in $PATH.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"

static const char usage_text[] =
    "usage: sanfen [-C dir] command [argument ...]\n"
    "       sanfen help [command]\n"
    "       sanfen -h | --help | --version\n";

static const char *const commands[][2] = {
	{ "init", "create a ledger" },
	{ "submit", "submit a new issue (Art. 7, 9)" },
	{ "show", "show one issue" },
	{ "list", "list issues, filtered" },
	{ "check", "validate every file and cross-reference" },
	{ "screen", "screen submitted issues (Art. 8)" },
	{ "agenda", "prepare a meeting's agenda (Art. 4-7)" },
	{ "minutes", "record, render and issue minutes (Art. 10)" },
	{ "progress", "report progress on a task" },
	{ "supervise", "overdue tasks and issues (Art. 12)" },
	{ "escalate", "escalate an issue (Art. 11)" },
	{ "close", "close or withdraw an issue (Art. 13)" },
	{ "log", "the audit trail from git" },
	{ "report", "statistics for a period (Art. 2-4)" },
	{ "score", "unit scores (Art. 14)" },
	{ "ledger", "the 问题事项台账 (Art. 12)" },
	{ "sync", "fetch, merge field by field and push" },
	{ "merge-driver", "the field-level merge for git merge" },
	{ "admin", "change the settings, units and signing keys" },
};

static struct sf_cli cli = { "sanfen", usage_text, 0, NULL, NULL, NULL,
	NULL };

/* The directory this program was run from, or NULL. */
static char *
self_dir(void)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	path[n] = '\0';
	if (!(slash = strrchr(path, '/')))
		return NULL;
	*slash = '\0';
	return strdup(path);
}

static void
exec_command(const char *verb, char **argv)
{
	struct sf_buf path = SF_BUF_INIT;
	char *dir = self_dir();

	sf_buf_addf(&path, "sanfen-%s", verb);
	argv[0] = path.buf;
	if (dir) {
		struct sf_buf full = SF_BUF_INIT;

		sf_buf_addf(&full, "%s/sanfen-%s", dir, verb);
		if (access(full.buf, X_OK) == 0)
			execv(full.buf, argv);
		sf_buf_release(&full);
		free(dir);
	}
	execvp(path.buf, argv);
	if (errno == ENOENT)
		sf_cli_usage_error(&cli, "'%s' is not a sanfen command", verb);
	sf_cli_error(&cli, "cannot run %s: %s", path.buf, strerror(errno));
	exit(1);
}

/* The commands installed beside this program (all when that is unknown). */
static void
list_commands(void)
{
	char *dir = self_dir(), path[4096];
	size_t i;

	printf("%s\ncommands:\n", usage_text);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		snprintf(path, sizeof(path), "%s/sanfen-%s", dir ? dir : "",
		    commands[i][0]);
		if (!dir || access(path, X_OK) == 0)
			printf("   %-10s %s\n", commands[i][0],
			    commands[i][1]);
	}
	printf("\nsee sanfen(7) and sanfen-COMMAND(1)\n");
	free(dir);
}

int
main(int argc, char **argv)
{
	int i = 1;

	/* our own options stop at the first operand: the rest is the verb's */
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			list_commands();
			return 0;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("sanfen %s\n", SF_VERSION);
			return 0;
		} else if (strcmp(argv[i], "-C") == 0 && i + 1 < argc) {
			if (setenv("SANFEN_DIR", argv[i + 1], 1) != 0) {
				sf_cli_error(&cli, "cannot set SANFEN_DIR");
				return 1;
			}
			i += 2;
		} else if (strncmp(argv[i], "-C", 2) == 0 && argv[i][2]) {
			setenv("SANFEN_DIR", argv[i] + 2, 1);
			i++;
		} else if (strcmp(argv[i], "-C") == 0) {
			sf_cli_usage_error(&cli, "option '-C' needs a value");
		} else {
			sf_cli_usage_error(&cli, "unknown option '%s'",
			    argv[i]);
		}
	}
	if (i >= argc) {
		sf_cli_usage_error(&cli, "no command given");
	}
	if (strcmp(argv[i], "help") == 0) {
		if (i + 1 >= argc) {
			list_commands();
			return 0;
		}
		{
			struct sf_buf page = SF_BUF_INIT;
			char *margv[3];

			sf_buf_addf(&page, "sanfen-%s", argv[i + 1]);
			margv[0] = "man";
			margv[1] = page.buf;
			margv[2] = NULL;
			execvp("man", margv);
			sf_cli_error(&cli, "cannot run man: %s",
			    strerror(errno));
			return 1;
		}
	}
	if (strchr(argv[i], '/') || argv[i][0] == '.')
		sf_cli_usage_error(&cli, "'%s' is not a sanfen command",
		    argv[i]);
	exec_command(argv[i], argv + i);
	return 1;
}
