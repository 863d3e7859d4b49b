/*
 * What every command shares on its command line: one table-driven wrapper
 * around getopt_long for -h/--help, --version, -C DIR and, where a command
 * takes them, --as UNIT and --format FMT; and the way errors are printed
 * ("sanfen-list: error: …") and mapped to exit codes (0, 1, 2).
 *
 * Unlike lib/, this file prints and exits: it is the commands' side.
 */
#ifndef SF_CLI_H
#define SF_CLI_H

#include <getopt.h>
#include <stdio.h>

enum {
	SF_CLI_AS = 1 << 0,	/* the command takes --as UNIT */
	SF_CLI_FORMAT = 1 << 1,	/* the command takes --format FMT */
	SF_CLI_PAGE = 1 << 2	/* the command takes --color[=WHEN] and
				 * --no-pager (sf_cli_pager, sf_cli_color) */
};

struct sf_cli {
	const char *name;		/* "sanfen-list" */
	const char *usage;		/* SYNOPSIS lines, as in the man page */
	unsigned flags;			/* SF_CLI_AS | SF_CLI_FORMAT */
	const char *const *formats;	/* accepted --format values, NULL-ended;
					 * the first is the default; NULL with
					 * SF_CLI_FORMAT: the verb's
					 * (sf_cli_verb_find) */
	/* filled by sf_cli_getopt */
	const char *dir;		/* -C */
	const char *as;			/* --as */
	const char *format;		/* --format, or formats[0] */
};

/*
 * Like getopt_long with the shared options handled here: -h/--help prints
 * the usage on stdout and exits 0; --version prints "<name> <version>" and
 * exits 0; -C, --as and --format are stored in c. An unknown option or a
 * missing argument prints the error and the usage on stderr and exits 2.
 * Returns the command's own option characters / values, -1 at the end
 * (optind then indexes the operands).
 */
int sf_cli_getopt(struct sf_cli *c, int argc, char **argv,
    const char *shortopts, const struct option *longopts);

/* The index of c->format in c->formats. */
int sf_cli_format(const struct sf_cli *c);

void sf_cli_print_usage(const struct sf_cli *c, FILE *fp);
/* "name: error: msg" and the usage on stderr, exit 2. */
__attribute__((noreturn, format(printf, 2, 3)))
void sf_cli_usage_error(const struct sf_cli *c, const char *fmt, ...);
/* "name: error: msg" on stderr. */
__attribute__((format(printf, 2, 3)))
void sf_cli_error(const struct sf_cli *c, const char *fmt, ...);
__attribute__((format(printf, 2, 3)))
void sf_cli_warn(const struct sf_cli *c, const char *fmt, ...);
/*
 * Print lib/'s last error as "name: error: <message>" and return the exit
 * status for code: 2 for SF_EUSAGE, else 1.
 */
int sf_cli_fail(const struct sf_cli *c, int code);

/* Every finding of d as "name: error: file:line:col: key: msg". */
struct sf_diags;
void sf_cli_diags(const struct sf_cli *c, const struct sf_diags *d);

/*
 * Name on stderr what the scans of l met and no call named yet
 * (sf_scan_problems, lib/cache.h): an issue file that does not read as
 * "name: error: …", a file under issues/ not named as an issue file as
 * "name: warning: …". 1 when one was an error (the reader's answer leaves
 * an issue out: it exits 1), else 0. Every command that scans calls it
 * before it exits, whatever else went wrong.
 */
struct sf_ledger;
int sf_cli_scan_problems(const struct sf_cli *c, struct sf_ledger *l);

/*
 * Let the user edit text in $VISUAL / $EDITOR (default vi): template is
 * written to a file in $TMPDIR named after suffix, the editor run on it
 * through posix_spawn, and the result read into text. The file stays in
 * path (so refused text is not lost); the caller unlinks it. -1 with the
 * error printed on failure.
 */
struct sf_buf;
int sf_cli_edit(const struct sf_cli *c, const char *template,
    const char *suffix, struct sf_buf *text, char *path, size_t size);
/* 1 when text holds nothing but comments and blank lines. */
int sf_cli_blank_yaml(const char *text);

/*
 * Output for a person, as git does it. What standard output was when the
 * command started (sf_cli_getopt looks first) decides, so a pager that
 * has taken stdout since changes nothing.
 *
 * sf_cli_pager: when stdout is a terminal and --no-pager was not given,
 * run $SANFEN_PAGER, else $PAGER, else less (with LESS=FRX and LV=-c unless
 * set) through sh, by posix_spawn, and make stdout (and stderr, if a
 * terminal) the pipe to it; the pager is waited for at exit, or on a fatal
 * signal. An empty pager or "cat" means none.
 *
 * sf_cli_color: 1 when output should carry colour: --color=always (or
 * --color), or by default (--color=auto) when stdout is a terminal, $TERM is
 * set and not "dumb", and $NO_COLOR is unset or empty; 0 for --color=never.
 *
 * sf_cli_columns: the terminal's width (TIOCGWINSZ, else $COLUMNS, else 80)
 * when stdout is one, else 0: tables are never cut for a file or a pipe.
 */
void sf_cli_pager(const struct sf_cli *c);
int sf_cli_color(void);
size_t sf_cli_columns(void);

/* Initialise libgit2 (once) and shut it down at exit. */
void sf_cli_git_init(void);

/*
 * What a command needs of the ledger before its work, sf_cli_open's need:
 * one of these, or a role (SF_ROLE_*, lib/enums.h), which is a writer
 * whose acting unit must hold it (SF_ROLE_ADMIN: tf-office too while no
 * unit holds the role, as sf_units_is_admin says).
 */
enum {
	SF_CLI_READER = -1,	/* open the ledger, nothing more */
	SF_CLI_WRITER = -2,	/* and take its lock, then find the acting
				 * unit, which the command judges itself */
	SF_CLI_MERGER = -3	/* a writer that may finish the merge a git
				 * pull stopped (sf_ledger_lock_merge) */
};

/*
 * The start every command on a ledger shares: libgit2 initialised, the
 * ledger at -C (or found from the current directory) opened into *l, and
 * for a writer sf_ledger_lock, then the acting unit of --as,
 * $SANFEN_UNIT or git config sanfen.unit into *acting (NULL when none is
 * set, and always for a reader; acting may be NULL for a reader), then
 * the role. 0, or lib/'s negative SF_E* for sf_cli_fail; *l is the
 * caller's to free either way (sf_ledger_free, after
 * sf_cli_scan_problems).
 */
struct sf_unit;
int sf_cli_open(const struct sf_cli *c, int need, struct sf_ledger **l,
    const struct sf_unit **acting);

/*
 * One verb of a command that has them (sanfen-agenda new, sanfen-minutes
 * render), a row of its table; the table ends with a row whose name is
 * NULL.
 */
struct sf_cli_verb {
	const char *name;
	/* the work: the ledger as sf_cli_open left it for need, the acting
	 * unit (NULL for a reader), the operands after the verb, and what
	 * the command's main prepared for every verb (ctx, or NULL) */
	int (*run)(struct sf_ledger *l, const struct sf_unit *by, int argc,
	    char **argv, void *ctx);
	int need;			/* sf_cli_open's */
	const char *const *formats;	/* the --format values it takes,
					 * NULL-ended, the first the default;
					 * NULL: it takes no --format */
};

/*
 * The verb at argv[optind], after sf_cli_getopt; optind then indexes its
 * operands. Its formats become c's, and a --format it does not take is
 * the usage error any command gives ("propose takes no --format" for a
 * verb that takes none). No verb, or one not in verbs, is a usage error:
 * nothing is open yet.
 */
const struct sf_cli_verb *sf_cli_verb_find(struct sf_cli *c,
    const struct sf_cli_verb *verbs, int argc, char **argv);

#endif
