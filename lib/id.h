/*
 * Ids and the paths of the files they name.
 *
 * Issue ids such as "20241008-k3f9qa": the submission date and six
 * characters of a lowercase Crockford base-32 alphabet (0-9 a-z without
 * i l o u) drawn from getrandom(2): 30 bits, so clones never need to
 * coordinate. Any unique prefix names an issue, as with git. An issue
 * lives at issues/YYYY/MM/<id>.yaml, in the month of its id.
 *
 * Meeting ids such as "2024-10-15-monthly": the planned date and the
 * kind. A meeting lives at meetings/YYYY/<id>.yaml.
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

/* 0 when id is a well-formed issue id: a valid date YYYYMMDD, '-', then
 * 4 to 16 of [0-9a-z] (sanfen makes SF_ID_RANDOM of them), so that no id
 * leaves issues/; else -1. */
int sf_issue_id_valid(const char *id);
/* 0 when id is a valid date YYYY-MM-DD, '-' and a meeting kind; else
 * -1. */
int sf_meeting_id_valid(const char *id);

/* "issues/2024/10/20241008-k3f9qa.yaml" for an id, and
 * "meetings/2024/2024-10-15-monthly.yaml"; NULL when the id is not well
 * formed. Caller frees. */
char *sf_issue_path(const char *id);
char *sf_meeting_path(const char *id);

/*
 * The id a file stands for, copied to buf (size bytes), or NULL. The
 * _file_ forms take any file named <id>.yaml, in any directory, whose
 * name is a well-formed id; the _path_ forms only the path that
 * sf_issue_path and sf_meeting_path make for that id.
 */
const char *sf_issue_file_id(const char *file, char *buf, size_t size);
const char *sf_meeting_file_id(const char *file, char *buf, size_t size);
const char *sf_issue_path_id(const char *path, char *buf, size_t size);
const char *sf_meeting_path_id(const char *path, char *buf, size_t size);

#endif
