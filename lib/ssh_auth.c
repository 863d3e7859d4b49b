#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "buf.h"
#include "error.h"
#include "i18n.h"
#include "ssh_auth.h"
#include "xalloc.h"

/* host and port of ssh://[user@]host[:port]/path or [user@]host:path */
void
sf_ssh_auth_init(struct sf_ssh_auth *a, const char *url)
{
	const char *h, *e, *at;

	memset(a, 0, sizeof(*a));
	a->port = 22;
	h = strstr(url, "://");
	h = h ? h + 3 : url;
	e = h + strcspn(h, "/");
	if ((at = memchr(h, '@', (size_t)(e - h))))
		h = at + 1;
	if (*h == '[') {	/* [ipv6]:port */
		const char *close = strchr(h, ']');

		if (close) {
			a->host = xstrndup(h + 1, (size_t)(close - h - 1));
			if (close[1] == ':' && strstr(url, "://"))
				a->port = atoi(close + 2);
			return;
		}
	}
	e = h + strcspn(h, ":/");
	a->host = xstrndup(h, (size_t)(e - h));
	if (*e == ':' && strstr(url, "://"))
		a->port = atoi(e + 1);
}

void
sf_ssh_auth_release(struct sf_ssh_auth *a)
{
	free(a->host);
	free(a->why);
	memset(a, 0, sizeof(*a));
}

static void
why(struct sf_ssh_auth *a, const char *fmt, ...)
{
	struct sf_buf b = SF_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sf_buf_vaddf(&b, sf_gettext(fmt), ap);
	va_end(ap);
	free(a->why);
	a->why = sf_buf_detach(&b, NULL);
}

int
sf_ssh_error(struct sf_ssh_auth *a, const char *fmt, ...)
{
	struct sf_buf b = SF_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	sf_buf_vaddf(&b, sf_gettext(fmt), ap);
	va_end(ap);
	if (a->why)
		rc = sf_error(SF_EGIT, "%s: %s", b.buf, a->why);
	else
		rc = sf_error_git("%s", b.buf);
	sf_buf_release(&b);
	return rc;
}

static int
key_file(git_credential **out, const char *user, const char *path)
{
	struct sf_buf pub = SF_BUF_INIT;
	int rc;

	sf_buf_addf(&pub, "%s.pub", path);
	rc = git_credential_ssh_key_new(out, user,
	    access(pub.buf, R_OK) == 0 ? pub.buf : NULL, path, "");
	sf_buf_release(&pub);
	return rc;
}

int
sf_ssh_credentials(git_credential **out, const char *url,
    const char *user_from_url, unsigned int allowed, void *payload)
{
	static const char *const keys[] = { "id_ed25519", "id_ecdsa",
		"id_rsa" };
	struct sf_ssh_auth *a = payload;
	const char *user = user_from_url, *home = getenv("HOME"), *k;
	struct sf_buf path = SF_BUF_INIT;
	int rc;

	(void)url;
	if (!user || !*user)
		user = getenv("USER") ? getenv("USER") : "git";
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, user);
	if (!(allowed & GIT_CREDENTIAL_SSH_KEY)) {
		why(a, "the server asks for a password; sanfen-sync uses "
		    "ssh keys only");
		return GIT_EUSER;
	}
	for (;;) {
		switch (a->step++) {
		case 0:
			if ((k = getenv("SANFEN_SSH_KEY")) && *k)
				return key_file(out, user, k);
			continue;
		case 1:
			if ((k = getenv("SSH_AUTH_SOCK")) && *k)
				return git_credential_ssh_key_from_agent(out,
				    user);
			continue;
		case 2:
		case 3:
		case 4:
			if (!home)
				continue;
			sf_buf_addf(&path, "%s/.ssh/%s", home,
			    keys[a->step - 3]);
			rc = access(path.buf, R_OK) == 0 ?
			    key_file(out, user, path.buf) : GIT_PASSTHROUGH;
			sf_buf_release(&path);
			if (rc == GIT_PASSTHROUGH)
				continue;
			return rc;
		default:
			why(a, "the server accepted none of the keys offered "
			    "as '%s' (SANFEN_SSH_KEY, the ssh agent, "
			    "~/.ssh/id_*)", user);
			return GIT_EUSER;
		}
	}
}

static size_t
base64_decode(const char *s, size_t n, unsigned char *out)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned v = 0;
	size_t i, o = 0;
	int bits = 0;
	const char *p;

	for (i = 0; i < n && s[i] != '='; i++) {
		if (!(p = strchr(tab, s[i])) || !s[i])
			return 0;
		v = (v << 6) | (unsigned)(p - tab);
		if ((bits += 6) >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(v >> bits);
		}
	}
	return o;
}

/* Whether one host pattern of a known_hosts line names name. */
static int
host_matches(const char *pat, size_t plen, const char *name)
{
	unsigned char salt[64], hash[64], mac[EVP_MAX_MD_SIZE];
	unsigned maclen = 0;
	const char *bar;
	size_t sl, hl;

	if (plen > 3 && strncmp(pat, "|1|", 3) == 0) {	/* hashed */
		bar = memchr(pat + 3, '|', plen - 3);
		if (!bar || (size_t)(bar - pat - 3) > 88 ||
		    (size_t)(pat + plen - bar - 1) > 88)
			return 0;
		sl = base64_decode(pat + 3, (size_t)(bar - pat - 3), salt);
		hl = base64_decode(bar + 1, (size_t)(pat + plen - bar - 1),
		    hash);
		if (!HMAC(EVP_sha1(), salt, (int)sl,
		    (const unsigned char *)name, strlen(name), mac, &maclen))
			return 0;
		return hl == maclen && memcmp(hash, mac, hl) == 0;
	}
	return strlen(name) == plen && strncmp(pat, name, plen) == 0;
}

int
sf_known_hosts_match(const char *text, const char *host, int port,
    const unsigned char *key, size_t keylen)
{
	char name[512];
	const char *line, *end, *p, *f2, *f3;
	unsigned char *buf;
	size_t n, len;
	int found = 0, named;

	if (port == 22)
		snprintf(name, sizeof(name), "%s", host);
	else
		snprintf(name, sizeof(name), "[%s]:%d", host, port);
	for (line = text; *line; line = *end ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		while (line < end && (*line == ' ' || *line == '\t'))
			line++;
		if (line == end || *line == '#' || *line == '@')
			continue;
		f2 = line + strcspn(line, " \t");
		if (f2 >= end)
			continue;
		named = 0;
		for (p = line; p < f2; p += n + 1) {
			n = strcspn(p, ",");
			if (p + n > f2)
				n = (size_t)(f2 - p);
			if (*p != '!' && host_matches(p, n, name))
				named = 1;
		}
		if (!named)
			continue;
		while (f2 < end && (*f2 == ' ' || *f2 == '\t'))
			f2++;
		f3 = f2 + strcspn(f2, " \t");	/* after the key type */
		while (f3 < end && (*f3 == ' ' || *f3 == '\t'))
			f3++;
		len = strcspn(f3, " \t\n");
		buf = xmalloc(len + 4);
		n = base64_decode(f3, len, buf);
		if (n == keylen && memcmp(buf, key, n) == 0) {
			free(buf);
			return 1;
		}
		free(buf);
		found = -1;
	}
	return found;
}

static int
check_file(const char *path, struct sf_ssh_auth *a, const git_cert_hostkey *k,
    int *listed)
{
	struct sf_buf text = SF_BUF_INIT;
	int m = 0;

	if (sf_buf_read_file(&text, path, 16 << 20) == 0)
		m = sf_known_hosts_match(text.buf, a->host, a->port,
		    (const unsigned char *)k->hostkey, k->hostkey_len);
	sf_buf_release(&text);
	if (m < 0)
		*listed = 1;
	return m > 0;
}

int
sf_ssh_certificate_check(git_cert *cert, int valid, const char *host,
    void *payload)
{
	struct sf_ssh_auth *a = payload;
	const git_cert_hostkey *k = (const git_cert_hostkey *)cert;
	const char *env = getenv("SANFEN_KNOWN_HOSTS"), *home;
	struct sf_buf path = SF_BUF_INIT;
	int ok = 0, listed = 0;

	(void)host;
	if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
		return valid ? 0 : GIT_PASSTHROUGH;
	if (!(k->type & GIT_CERT_SSH_RAW)) {
		why(a, "libgit2 gave no host key to check");
		return GIT_ECERTIFICATE;
	}
	if (env && *env) {
		ok = check_file(env, a, k, &listed);
	} else {
		if ((home = getenv("HOME"))) {
			sf_buf_addf(&path, "%s/.ssh/known_hosts", home);
			ok = check_file(path.buf, a, k, &listed);
		}
		if (!ok)
			ok = check_file("/etc/ssh/ssh_known_hosts", a, k,
			    &listed);
	}
	sf_buf_release(&path);
	if (ok)
		return 0;
	if (listed)
		why(a, "the host key of %s differs from the one in "
		    "known_hosts: it may have been replaced, or someone is "
		    "in between; check with the server's administrator",
		    a->host);
	else
		why(a, "the host key of %s is not in known_hosts: check it, "
		    "then add it (ssh-keyscan -p %d %s >> ~/.ssh/known_hosts)",
		    a->host, a->port, a->host);
	return GIT_ECERTIFICATE;
}
