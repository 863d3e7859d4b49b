/*
 * ssh signatures on commits, the way git makes and checks them
 * (gpg.format ssh): signing and verifying go through ssh-keygen -Y, as in
 * git itself, started with posix_spawn (never fork: libgit2 is up).
 */
#ifndef SF_SIGNING_H
#define SF_SIGNING_H

#include <stddef.h>

#include <git2.h>

#include "buf.h"

/*
 * The key to sign this repository's commits with: 0 and *key NULL when
 * commit.gpgsign is not true; SF_EINVALID when it is but gpg.format is not
 * ssh or user.signingKey is not set. *key is malloc'd.
 */
int sf_signing_key(git_repository *repo, char **key);

/* An armoured "SSH SIGNATURE" of data in namespace git into sig. */
int sf_ssh_sign(const char *key, const char *data, size_t len,
    struct sf_buf *sig);

/*
 * Whether sig is a valid signature of data by principal (an e-mail) under
 * allowed (the text of an allowed signers file): 1 yes, 0 no (why gets
 * ssh-keygen's word), <0 when ssh-keygen cannot be run.
 */
int sf_ssh_verify(const char *allowed, size_t allowed_len,
    const char *principal, const char *data, size_t len, const char *sig,
    struct sf_buf *why);

#endif
