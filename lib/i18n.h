/*
 * Messages in the user's language, through GNU gettext (text domain
 * "sanfen"; catalogs in $SANFEN_LOCALEDIR, else in share/locale beside
 * the program's bin/, else in the compiled-in LOCALEDIR).
 *
 * Only talk is translated, and only in the sinks: sf_error* and
 * sf_diag_add (lib/error.c), sf_cli_error, sf_cli_warn and
 * sf_cli_usage_error (cmd/cli.c) look their format up, so call sites
 * write plain English literals. The "name: error:" prefix, locations,
 * ids, keys and tokens, the -h usage and all data on stdout stay as they
 * are. A fragment built elsewhere and passed as "%s" is marked _() where
 * it is used, or N_() where it is only defined.
 */
#ifndef SF_I18N_H
#define SF_I18N_H

#define SF_TEXTDOMAIN "sanfen"

/*
 * Once per process, before the first message (sf_cli_getopt and the
 * message sinks call it): the locale from the environment for messages
 * and character types, with LC_NUMERIC, LC_COLLATE and LC_TIME kept at
 * "C" so that numbers, regular expressions and dates read and print as
 * they always did. LANGUAGE is honoured in the C locale too, and a
 * language whose locale is not installed (LANG=zh_CN.UTF-8 without
 * locale-gen) is still used for messages, through C.UTF-8. No fork, no
 * output.
 */
void sf_i18n_init(void);

/* msgid in the user's language, or msgid itself ("" stays ""). */
const char *sf_gettext(const char *msgid) __attribute__((format_arg(1)));

#define _(s) sf_gettext(s)
#define N_(s) (s)

#endif
