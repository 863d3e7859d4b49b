#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "date.h"
#include "error.h"
#include "id.h"

/* Crockford's base 32, lower case: no i, l, o, u to misread. */
const char sf_id_alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

void
sf_id_from_bits(const char *date, unsigned long bits, char out[SF_ID_LEN + 1])
{
	int i;

	memcpy(out, date, 4);
	memcpy(out + 4, date + 5, 2);
	memcpy(out + 6, date + 8, 2);
	out[8] = '-';
	for (i = SF_ID_RANDOM - 1; i >= 0; i--) {
		out[9 + i] = sf_id_alphabet[bits & 31];
		bits >>= 5;
	}
	out[SF_ID_LEN] = '\0';
}

int
sf_id_new(const char *date, char out[SF_ID_LEN + 1])
{
	unsigned char r[4];
	unsigned long bits;
	ssize_t n;

	if (!sf_date_valid(date))
		return sf_error(SF_EINVALID, "invalid date '%s'", date);
	do
		n = getrandom(r, sizeof(r), 0);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(r))
		return sf_error_errno("cannot read random bytes");
	bits = (unsigned long)r[0] << 24 | (unsigned long)r[1] << 16 |
	    (unsigned long)r[2] << 8 | r[3];
	sf_id_from_bits(date, bits, out);
	return 0;
}

int
sf_id_prefix_valid(const char *s)
{
	size_t i, n = strlen(s);

	if (!n || n > SF_ID_LEN + 10)
		return -1;
	for (i = 0; i < n && i < 8; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	if (i == n)
		return 0;
	if (s[i++] != '-')
		return -1;
	for (; i < n; i++)
		if (!strchr(sf_id_alphabet, s[i]) || !s[i])
			return -1;
	return 0;
}
