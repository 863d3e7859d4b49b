#include <errno.h>
#include <git2.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "error.h"
#include "xalloc.h"

enum {
	OPT_HELP = 'h',
	OPT_DIR = 'C',
	OPT_VERSION = 0x1000,
	OPT_AS,
	OPT_FORMAT
};

void
sf_cli_print_usage(const struct sf_cli *c, FILE *fp)
{
	fprintf(fp, "%s", c->usage);
}

static void
vmsg(const struct sf_cli *c, const char *level, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: %s: ", c->name, level);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
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
	const char *editor = getenv("VISUAL"), *tmp = getenv("TMPDIR");
	char *argv[6];
	size_t len = strlen(template);
	pid_t pid;
	int fd, status, rc;

	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (!editor || !*editor)
		editor = "vi";
	snprintf(path, size, "%s/%s-XXXXXX%s", tmp && *tmp ? tmp : "/tmp",
	    c->name, suffix);
	if ((fd = mkstemps(path, (int)strlen(suffix))) < 0) {
		sf_cli_error(c, "cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	if (write(fd, template, len) != (ssize_t)len || close(fd) < 0) {
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

		while (longopts && longopts[n].name)
			n++;
		all = xcalloc(n + 6, sizeof(*all));
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
		memcpy(all + k, longopts, n * sizeof(*all));
		shorts = xmalloc(strlen(shortopts) + 8);
		snprintf(shorts, strlen(shortopts) + 8, ":hC:%s", shortopts);
		if (c->formats && !c->format)
			c->format = c->formats[0];
		opterr = 0;
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
			check_format(c);
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
