#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "buf.h"
#include "date.h"
#include "enums.h"
#include "error.h"
#include "id.h"

#define ID_MIN 4
#define ID_MAX 16
_Static_assert(SF_ID_RANDOM >= ID_MIN && SF_ID_RANDOM <= ID_MAX,
    "sanfen's own ids must be valid");

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

int
sf_issue_id_valid(const char *id)
{
	char date[SF_DATE_LEN + 1];
	size_t i, n;

	if (!id || (n = strlen(id)) < 9 + ID_MIN || n > 9 + ID_MAX ||
	    id[8] != '-')
		return -1;
	for (i = 0; i < 8; i++)
		if (id[i] < '0' || id[i] > '9')
			return -1;
	for (i = 9; i < n; i++)
		if (!(id[i] >= '0' && id[i] <= '9') &&
		    !(id[i] >= 'a' && id[i] <= 'z'))
			return -1;
	/* YYYY-MM-DD from YYYYMMDD, by hand: this runs for every issue a
	 * scan meets */
	memcpy(date, id, 4);
	date[4] = '-';
	memcpy(date + 5, id + 4, 2);
	date[7] = '-';
	memcpy(date + 8, id + 6, 2);
	date[10] = '\0';
	return sf_date_valid(date) ? 0 : -1;
}

int
sf_meeting_id_valid(const char *id)
{
	char date[SF_DATE_LEN + 1];
	int k;

	if (!id || strlen(id) < SF_DATE_LEN + 2 || id[SF_DATE_LEN] != '-')
		return -1;
	memcpy(date, id, SF_DATE_LEN);
	date[SF_DATE_LEN] = '\0';
	if (!sf_date_valid(date))
		return -1;
	for (k = 0; k < sf_enum_meeting_kind.n; k++)
		if (strcmp(id + SF_DATE_LEN + 1,
		    sf_enum_token(&sf_enum_meeting_kind, k)) == 0)
			return 0;
	return -1;
}

char *
sf_issue_path(const char *id)
{
	struct sf_buf b = SF_BUF_INIT;

	if (sf_issue_id_valid(id) != 0)
		return NULL;
	sf_buf_addf(&b, "issues/%.4s/%.2s/%s.yaml", id, id + 4, id);
	return sf_buf_detach(&b, NULL);
}

char *
sf_meeting_path(const char *id)
{
	struct sf_buf b = SF_BUF_INIT;

	if (sf_meeting_id_valid(id) != 0)
		return NULL;
	sf_buf_addf(&b, "meetings/%.4s/%s.yaml", id, id);
	return sf_buf_detach(&b, NULL);
}

/* The name of file without its directory and ".yaml", into buf. */
static const char *
stem(const char *file, char *buf, size_t size)
{
	const char *base;
	size_t n;

	if (!file)
		return NULL;
	base = strrchr(file, '/');
	base = base ? base + 1 : file;
	n = strlen(base);
	if (n < 6 || strcmp(base + n - 5, ".yaml") != 0 || n - 5 >= size)
		return NULL;
	memcpy(buf, base, n - 5);
	buf[n - 5] = '\0';
	return buf;
}

const char *
sf_issue_file_id(const char *file, char *buf, size_t size)
{
	if (!stem(file, buf, size) || sf_issue_id_valid(buf) != 0)
		return NULL;
	return buf;
}

const char *
sf_meeting_file_id(const char *file, char *buf, size_t size)
{
	if (!stem(file, buf, size) || sf_meeting_id_valid(buf) != 0)
		return NULL;
	return buf;
}

/* issues/YYYY/MM/<id>.yaml, YYYY and MM those of the id */
const char *
sf_issue_path_id(const char *path, char *buf, size_t size)
{
	const char *id = sf_issue_file_id(path, buf, size);

	if (!id || strlen(path) != 15 + strlen(id) + 5 ||
	    strncmp(path, "issues/", 7) != 0 ||
	    strncmp(path + 7, id, 4) != 0 || path[11] != '/' ||
	    strncmp(path + 12, id + 4, 2) != 0 || path[14] != '/')
		return NULL;
	return id;
}

/* meetings/YYYY/<id>.yaml, YYYY that of the id */
const char *
sf_meeting_path_id(const char *path, char *buf, size_t size)
{
	const char *id = sf_meeting_file_id(path, buf, size);

	if (!id || strlen(path) != 14 + strlen(id) + 5 ||
	    strncmp(path, "meetings/", 9) != 0 ||
	    strncmp(path + 9, id, 4) != 0 || path[13] != '/')
		return NULL;
	return id;
}
