/*
 * The changes sanfen-admin makes to the ledger's rules: a setting of
 * .sanfen/config.yaml, a unit of units.yaml, a key of the allowed signers
 * file. Each works on a file's text and gives the new text, edited where
 * the change falls so that every comment and every other byte stays; the
 * result is then read back with the real parser (sf_config_parse,
 * sf_units_parse), so nothing the parser refuses is ever given back.
 *
 * All return 0 with the new text in out (appended), or a negative SF_E*
 * code with the last error set and out unchanged: SF_EINVALID for an
 * unknown key or a value the parser refuses, SF_EREFUSED for a change
 * the rules forbid or one that changes nothing.
 */
#ifndef SF_ADMIN_H
#define SF_ADMIN_H

#include <stddef.h>

#include "buf.h"
#include "units.h"

/*
 * Set key (dotted, as sanfen-config(5) lists them: signing.require,
 * screening.weights.leader) to value. A list takes "a,b" or "[a, b]";
 * text is quoted when YAML needs it. A key the file leaves out is added
 * under its section (which is added too if missing).
 */
int sf_admin_config_set(const char *text, size_t len, const char *key,
    const char *value, struct sf_buf *out);

/* A unit to add, or the fields of one to change (NULL: unchanged). */
struct sf_admin_unit {
	const char *id;
	const char *name;
	const char *short_name;
	const char *kind;
	const char *city;
	const char *const *roles;	/* set_roles: replace the list */
	size_t nroles;
	int set_roles;			/* with nroles 0: the key removed */
	const char *const *aliases;	/* naliases > 0: replace the list */
	size_t naliases;
};

/* Append u at the end of the units list; its id must be new. */
int sf_admin_unit_add(const char *text, size_t len,
    const struct sf_admin_unit *u, struct sf_buf *out);
/* Change the fields u gives of the unit u->id (an id, exactly). */
int sf_admin_unit_set(const char *text, size_t len,
    const struct sf_admin_unit *u, struct sf_buf *out);
/*
 * Mark the unit id retired on date. Refused when it is retired already,
 * or when it is the last unit not retired that sf_units_is_admin.
 */
int sf_admin_unit_retire(const char *text, size_t len, const char *id,
    const char *date, struct sf_buf *out);

/*
 * The unit s names (sf_units_find), refusing one unknown or retired:
 * what may be given a role or a signing key.
 */
int sf_admin_active_unit(const struct sf_units *u, const char *s,
    const struct sf_unit **out);

/* An ssh public key: "ssh-ed25519 AAAA… comment". */
struct sf_ssh_key {
	char *type;		/* ssh-ed25519 */
	char *blob;		/* the base64 of the key */
	char fingerprint[64];	/* SHA256:… as ssh-keygen -l shows it */
};

#define SF_SSH_KEY_INIT { NULL, NULL, { 0 } }

/* Parse the first key line of an ssh public key file; SF_EINVALID. */
int sf_ssh_key_parse(const char *text, size_t len, struct sf_ssh_key *k);
void sf_ssh_key_release(struct sf_ssh_key *k);

/*
 * Append to an allowed signers file the line
 *	UNIT namespaces="git" KEYTYPE KEY
 * refused when the key is listed already, for any principal.
 */
int sf_admin_signer_add(const char *text, size_t len, const char *unit,
    const struct sf_ssh_key *k, struct sf_buf *out);
/* Remove unit's line for k; refused when there is none. */
int sf_admin_signer_revoke(const char *text, size_t len, const char *unit,
    const struct sf_ssh_key *k, struct sf_buf *out);

#endif
