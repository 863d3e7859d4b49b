#include <errno.h>
#include <git2.h>
#include <signal.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"
#include "cli.h"
#include "enums.h"
#include "error.h"
#include "tmpfile.h"
#include "i18n.h"
#include "ledger.h"
#include "xalloc.h"

enum {
	OPT_HELP = 'h',
	OPT_DIR = 'C',
	OPT_VERSION = 0x1000,
	OPT_AS,
	OPT_FORMAT,
	OPT_COLOR,
	OPT_NO_PAGER
};

enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* Standard output as the command found it, and what the user asked. */
static struct {
	int known;
	int tty;
	size_t cols;
	int color;		/* COLOR_* */
	int no_pager;
	pid_t pager;
} term = { 0, 0, 0, COLOR_AUTO, 0, -1 };

static void
term_probe(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");

	if (term.known)
		return;
	term.known = 1;
	if (!(term.tty = isatty(1)))
		return;
	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		term.cols = ws.ws_col;
	else if (cols && atoi(cols) > 0)
		term.cols = (size_t)atoi(cols);
	else
		term.cols = 80;
}

void
sf_cli_print_usage(const struct sf_cli *c, FILE *fp)
{
	fprintf(fp, "%s", c->usage);
}

static void
vmsg(const struct sf_cli *c, const char *level, const char *fmt, va_list ap)
{
	struct sf_buf m = SF_BUF_INIT, e = SF_BUF_INIT;

	/* the prefix stays English: scripts and tests look for it */
	sf_i18n_init();
	fflush(stdout);
	/* what a message quotes (a value, a file name, a commit's subject)
	 * may hold what a terminal would act on: shown escaped */
	sf_buf_vaddf(&m, sf_gettext(fmt), ap);
	sf_buf_add_escaped_text(&e, m.buf);
	fprintf(stderr, "%s: %s: %s\n", c->name, level, e.buf);
	sf_buf_release(&m);
	sf_buf_release(&e);
}

void
sf_cli_error(const struct sf_cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(c, "error", fmt, ap);
	va_end(ap);
}

void
sf_cli_warn(const struct sf_cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(c, "warning", fmt, ap);
	va_end(ap);
}

/* What lib/ left to say after success (sf_warning), said as the command
 * ends. */
static const struct sf_cli *warner;

static void
warnings_flush(void)
{
	char *w = warner ? sf_warnings_take() : NULL, *line, *nl;

	for (line = w; line && *line; line = nl + 1) {
		if (!(nl = strchr(line, '\n')))
			break;
		*nl = '\0';
		sf_cli_warn(warner, "%s", line);
	}
	free(w);
}

void
sf_cli_usage_error(const struct sf_cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(c, "error", fmt, ap);
	va_end(ap);
	sf_cli_print_usage(c, stderr);
	exit(2);
}

int
sf_cli_fail(const struct sf_cli *c, int code)
{
	sf_cli_error(c, "%s", sf_error_message());
	return code == SF_EUSAGE ? 2 : 1;
}

void
sf_cli_diags(const struct sf_cli *c, const struct sf_diags *d)
{
	size_t i;
	char *s;

	for (i = 0; i < d->n; i++) {
		s = sf_diag_string(&d->v[i]);
		sf_cli_error(c, "%s", s);
		free(s);
	}
}

int
sf_cli_scan_problems(const struct sf_cli *c, struct sf_ledger *l)
{
	struct sf_scan_problems *p = l ? sf_scan_problems(l) : NULL;
	const struct sf_scan_problem *v;
	size_t i;
	int bad = 0;

	for (i = 0; p && i < p->n; i++) {
		v = &p->v[i];
		bad |= !v->warning;
		if (i < p->said)
			continue;
		if (v->warning)
			sf_cli_warn(c, "%s", v->msg);
		else
			sf_cli_error(c, "%s", v->msg);
	}
	if (p)
		p->said = p->n;
	return bad;
}

extern char **environ;

int
sf_cli_blank_yaml(const char *s)
{
	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		if (*s && *s != '#')
			return 0;
		while (*s && *s != '\n')
			s++;
	}
	return 1;
}

int
sf_cli_edit(const struct sf_cli *c, const char *template, const char *suffix,
    struct sf_buf *text, char *path, size_t size)
{
	const char *editor = getenv("VISUAL");
	char *argv[6];
	size_t len = strlen(template);
	pid_t pid;
	int status, rc;

	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (!editor || !*editor)
		editor = "vi";
	if (sf_tmpfile_write(c->name, suffix, template, len, path, size) < 0) {
		sf_cli_error(c, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	/* the editor may be a command with arguments, as with git */
	argv[0] = "sh";
	argv[1] = "-c";
	argv[2] = "exec $0 \"$@\"";
	argv[3] = (char *)editor;
	argv[4] = path;
	argv[5] = NULL;
	if ((rc = posix_spawn(&pid, "/bin/sh", NULL, NULL, argv,
	    environ)) != 0) {
		sf_cli_error(c, "cannot run the editor: %s", strerror(rc));
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		sf_cli_error(c, "the editor '%s' failed; your text is in %s",
		    editor, path);
		return -1;
	}
	if (sf_buf_read_file(text, path, 4 << 20) < 0) {
		sf_cli_error(c, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

size_t
sf_cli_columns(void)
{
	term_probe();
	return term.tty ? term.cols : 0;
}

int
sf_cli_color(void)
{
	const char *t = getenv("TERM"), *no = getenv("NO_COLOR");

	term_probe();
	if (term.color != COLOR_AUTO)
		return term.color == COLOR_ALWAYS;
	if (no && *no)
		return 0;
	return term.tty && t && *t && strcmp(t, "dumb") != 0;
}

/*
 * Closing our ends tells the pager the output is complete; then wait, so
 * that the shell prompt does not come back while it still shows the text.
 */
static void
pager_wait(void)
{
	int status;

	if (term.pager < 0)
		return;
	fflush(stdout);
	fflush(stderr);
	close(1);
	close(2);
	while (waitpid(term.pager, &status, 0) < 0 && errno == EINTR)
		;
	term.pager = -1;
}

static void
pager_signal(int sig)
{
	int status;

	/* async-signal-safe: no stdio */
	if (term.pager >= 0) {
		close(1);
		close(2);
		while (waitpid(term.pager, &status, 0) < 0 && errno == EINTR)
			;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void
sf_cli_pager(const struct sf_cli *c)
{
	static const int sigs[] = { SIGINT, SIGHUP, SIGTERM, SIGQUIT,
		SIGPIPE };
	const char *pager = getenv("SANFEN_PAGER");
	posix_spawn_file_actions_t fa;
	char *argv[4];
	int fds[2], rc;
	size_t i;

	term_probe();
	if (!term.tty || term.no_pager || term.pager >= 0)
		return;
	if (!pager)
		pager = getenv("PAGER");
	if (!pager)
		pager = "less";
	if (!*pager || strcmp(pager, "cat") == 0)
		return;
	/* as git: quit when it fits, raw colours, no screen clearing */
	setenv("LESS", "FRX", 0);
	setenv("LV", "-c", 0);
	fflush(stdout);
	fflush(stderr);
	if (pipe(fds) < 0) {
		sf_cli_warn(c, "cannot start the pager: %s", strerror(errno));
		return;
	}
	argv[0] = "sh";
	argv[1] = "-c";
	argv[2] = (char *)pager;
	argv[3] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	rc = posix_spawn(&term.pager, "/bin/sh", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[0]);
	if (rc != 0) {
		term.pager = -1;
		close(fds[1]);
		sf_cli_warn(c, "cannot start the pager '%s': %s", pager,
		    strerror(rc));
		return;
	}
	dup2(fds[1], 1);
	if (isatty(2))
		dup2(fds[1], 2);
	close(fds[1]);
	atexit(pager_wait);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], pager_signal);
}

static void
git_shutdown(void)
{
	git_libgit2_shutdown();
}

void
sf_cli_git_init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	git_libgit2_init();
	atexit(git_shutdown);
}

int
sf_cli_format(const struct sf_cli *c)
{
	int i;

	for (i = 0; c->formats && c->formats[i]; i++)
		if (strcmp(c->formats[i], c->format) == 0)
			return i;
	return 0;
}

static void
check_format(struct sf_cli *c)
{
	int i;
	size_t len = 0;
	char *list, *p;

	for (i = 0; c->formats && c->formats[i]; i++)
		if (strcmp(c->formats[i], c->format) == 0)
			return;
	for (i = 0; c->formats && c->formats[i]; i++)
		len += strlen(c->formats[i]) + 2;
	p = list = xcalloc(1, len + 1);
	for (i = 0; c->formats && c->formats[i]; i++)
		p += snprintf(p, len + 1 - (size_t)(p - list), "%s%s",
		    i ? ", " : "", c->formats[i]);
	sf_cli_usage_error(c, "unknown format '%s' (expected %s)", c->format,
	    list);
}

/*
 * The command's options and ours in one table for getopt_long; built once
 * per process (commands parse one command line).
 */
int
sf_cli_getopt(struct sf_cli *c, int argc, char **argv, const char *shortopts,
    const struct option *longopts)
{
	static struct option *all;
	static char *shorts;
	int opt;

	if (!all) {
		size_t n = 0, k = 0;

		sf_i18n_init();
		warner = c;
		atexit(warnings_flush);

		while (longopts && longopts[n].name)
			n++;
		all = xcalloc(n + 8, sizeof(*all));
		all[k++] = (struct option){ "help", no_argument, NULL,
			OPT_HELP };
		all[k++] = (struct option){ "version", no_argument, NULL,
			OPT_VERSION };
		if (c->flags & SF_CLI_AS)
			all[k++] = (struct option){ "as", required_argument,
				NULL, OPT_AS };
		if (c->flags & SF_CLI_FORMAT)
			all[k++] = (struct option){ "format",
				required_argument, NULL, OPT_FORMAT };
		if (c->flags & SF_CLI_PAGE) {
			all[k++] = (struct option){ "color",
				optional_argument, NULL, OPT_COLOR };
			all[k++] = (struct option){ "no-pager", no_argument,
				NULL, OPT_NO_PAGER };
		}
		memcpy(all + k, longopts, n * sizeof(*all));
		shorts = xmalloc(strlen(shortopts) + 8);
		snprintf(shorts, strlen(shortopts) + 8, ":hC:%s", shortopts);
		if (c->formats && !c->format)
			c->format = c->formats[0];
		opterr = 0;
		term_probe();
	}
	for (;;) {
		opt = getopt_long(argc, argv, shorts, all, NULL);
		switch (opt) {
		case OPT_HELP:
			sf_cli_print_usage(c, stdout);
			exit(0);
		case OPT_VERSION:
			printf("%s %s\n", c->name, SF_VERSION);
			exit(0);
		case OPT_DIR:
			c->dir = optarg;
			break;
		case OPT_AS:
			c->as = optarg;
			break;
		case OPT_FORMAT:
			c->format = optarg;
			/* without formats yet, the verb's decide */
			if (c->formats)
				check_format(c);
			break;
		case OPT_COLOR:
			if (!optarg || strcmp(optarg, "always") == 0)
				term.color = COLOR_ALWAYS;
			else if (strcmp(optarg, "auto") == 0)
				term.color = COLOR_AUTO;
			else if (strcmp(optarg, "never") == 0)
				term.color = COLOR_NEVER;
			else
				sf_cli_usage_error(c, "unknown --color value "
				    "'%s' (expected auto, always, never)",
				    optarg);
			break;
		case OPT_NO_PAGER:
			term.no_pager = 1;
			break;
		case ':':
			sf_cli_usage_error(c, "option '%s' needs a value",
			    argv[optind - 1]);
		case '?':
			if (optopt && optopt < 0x1000)
				sf_cli_usage_error(c, "unknown option '-%c'",
				    optopt);
			sf_cli_usage_error(c, "unknown option '%s'",
			    argv[optind - 1]);
		default:
			return opt;
		}
	}
}

int
sf_cli_open(const struct sf_cli *c, int need, struct sf_ledger **l,
    const struct sf_unit **acting)
{
	const struct sf_unit *u = NULL;
	int rc;

	if (acting)
		*acting = NULL;
	sf_cli_git_init();
	if ((rc = sf_ledger_open(c->dir, l)) < 0 || need == SF_CLI_READER)
		return rc;
	if ((rc = sf_ledger_lock_merge(*l, need == SF_CLI_MERGER)) < 0 ||
	    (rc = sf_ledger_acting_unit(*l, c->as, &u)) < 0)
		return rc;
	if (acting)
		*acting = u;
	if (need < 0 || (need == SF_ROLE_ADMIN &&
	    sf_units_is_admin((*l)->units, u)))
		return 0;
	return sf_ledger_require_role(*l, u, need);
}

const struct sf_cli_verb *
sf_cli_verb_find(struct sf_cli *c, const struct sf_cli_verb *verbs,
    int argc, char **argv)
{
	const struct sf_cli_verb *v;

	if (optind >= argc)
		sf_cli_usage_error(c, "no verb given");
	for (v = verbs; v->name && strcmp(v->name, argv[optind]) != 0; v++)
		;
	if (!v->name)
		sf_cli_usage_error(c, "unknown verb '%s'", argv[optind]);
	optind++;
	if (!(c->formats = v->formats) && c->format)
		sf_cli_usage_error(c, "%s takes no --format", v->name);
	if (c->formats && c->format)
		check_format(c);
	else if (c->formats)
		c->format = c->formats[0];
	return v;
}
