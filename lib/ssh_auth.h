/*
 * ssh for sanfen-sync through libgit2 (libssh2), which in 1.5 neither
 * finds keys nor checks host keys itself:
 *
 *  - keys: $SANFEN_SSH_KEY, else the ssh agent ($SSH_AUTH_SOCK), else
 *    ~/.ssh/id_ed25519, id_ecdsa, id_rsa; each offered once;
 *  - host keys: the server's key must be listed for its name (or
 *    [name]:port) in $SANFEN_KNOWN_HOSTS, else ~/.ssh/known_hosts or
 *    /etc/ssh/ssh_known_hosts, plain or hashed (HashKnownHosts) entries;
 *    an unknown or changed key stops the sync, saying what to check.
 */
#ifndef SF_SSH_AUTH_H
#define SF_SSH_AUTH_H

#include <git2.h>

struct sf_ssh_auth {
	char *host;
	int port;		/* 22 unless the URL says */
	int step;		/* which credential to offer next */
	char *why;		/* why the last ssh step failed */
};

void sf_ssh_auth_init(struct sf_ssh_auth *a, const char *url);
void sf_ssh_auth_release(struct sf_ssh_auth *a);

/* git_remote_callbacks members; payload is the struct sf_ssh_auth. */
int sf_ssh_credentials(git_credential **out, const char *url,
    const char *user_from_url, unsigned int allowed, void *payload);
int sf_ssh_certificate_check(git_cert *cert, int valid, const char *host,
    void *payload);

/* sf_error_git with what, and why ssh failed when it did. */
int sf_ssh_error(struct sf_ssh_auth *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* 1 when the raw key is listed for host:port in the known_hosts text,
 * 0 when the host is not listed, -1 when it is listed with another key. */
int sf_known_hosts_match(const char *text, const char *host, int port,
    const unsigned char *key, size_t keylen);

#endif
