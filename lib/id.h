/*
 * Issue ids such as "20241008-k3f9qa": the submission date and six
 * characters of a lowercase Crockford base-32 alphabet (0-9 a-z without
 * i l o u) drawn from getrandom(2): 30 bits, so clones never need to
 * coordinate. Any unique prefix names an issue, as with git.
 */
#ifndef SF_ID_H
#define SF_ID_H

#include <stddef.h>

#define SF_ID_RANDOM 6
#define SF_ID_LEN (8 + 1 + SF_ID_RANDOM)

extern const char sf_id_alphabet[];	/* 32 characters */

/* A new id for date (YYYY-MM-DD) into out (SF_ID_LEN + 1 bytes). */
int sf_id_new(const char *date, char out[SF_ID_LEN + 1]);
/* The same from given random bits (tests). */
void sf_id_from_bits(const char *date, unsigned long bits,
    char out[SF_ID_LEN + 1]);
/* 0 when s could start an id: digits, then '-', then alphabet letters
 * (upper case is folded by the caller), at most SF_ID_LEN long. */
int sf_id_prefix_valid(const char *s);

#endif
