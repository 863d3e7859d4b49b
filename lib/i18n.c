#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

#ifndef SF_LOCALEDIR
#define SF_LOCALEDIR "/usr/local/share/locale"
#endif

/* The C locale under any of its names, or no locale at all. */
static int
is_c(const char *s)
{
	return !s || !*s || strcmp(s, "C") == 0 || strcmp(s, "POSIX") == 0 ||
	    strncmp(s, "C.", 2) == 0;
}

/* The locale the environment names for messages, as setlocale reads it. */
static const char *
env_messages(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if ((v = getenv(vars[i])) && *v)
			return v;
	return NULL;
}

/*
 * $SANFEN_LOCALEDIR, else share/locale beside the program's bin/ (an
 * installed tree that was moved, or a DESTDIR), else LOCALEDIR.
 */
static const char *
locale_dir(char *buf, size_t size)
{
	const char *env = getenv("SANFEN_LOCALEDIR");
	char exe[PATH_MAX], *slash;
	struct stat st;
	ssize_t n;

	if (env && *env)
		return env;
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';
		snprintf(buf, size, "%s/../share/locale", exe);
		if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
			return buf;
	}
	return SF_LOCALEDIR;
}

void
sf_i18n_init(void)
{
	static int done;
	char buf[PATH_MAX + 32];
	const char *language = getenv("LANGUAGE"), *want;

	if (done)
		return;
	done = 1;
	if (!setlocale(LC_ALL, "")) {
		/* some category names a locale that is not installed */
		setlocale(LC_CTYPE, "");
		setlocale(LC_MESSAGES, "");
	}
	setlocale(LC_NUMERIC, "C");
	setlocale(LC_COLLATE, "C");
	setlocale(LC_TIME, "C");
	/*
	 * GNU gettext ignores LANGUAGE in the C locale, and a locale that is
	 * not installed leaves the C locale: in both cases C.UTF-8 carries
	 * the language asked for (glibc honours LANGUAGE there).
	 */
	want = language && *language ? language : env_messages();
	if (is_c(setlocale(LC_MESSAGES, NULL)) && !is_c(want)) {
		if (!language || !*language)
			setenv("LANGUAGE", want, 1);
		if (is_c(setlocale(LC_CTYPE, NULL)))
			setlocale(LC_CTYPE, "C.UTF-8");
		setlocale(LC_MESSAGES, "C.UTF-8");
	}
	bindtextdomain(SF_TEXTDOMAIN, locale_dir(buf, sizeof(buf)));
	/* messages carry the ledger's UTF-8 names whatever the locale */
	bind_textdomain_codeset(SF_TEXTDOMAIN, "UTF-8");
}

const char *
sf_gettext(const char *msgid)
{
	/* dgettext("") would return the catalog's header */
	if (!msgid || !*msgid)
		return msgid;
	return dgettext(SF_TEXTDOMAIN, msgid);
}
