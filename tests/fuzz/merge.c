/*
 * libFuzzer target: the field-level merge (sanfen-sync, the merge driver).
 * The input is base, ours and theirs separated by lines "%%" (fewer parts
 * repeat the first). Checked: no crash; merging a side with itself is
 * clean; the merge is clean or in conflict the same both ways round; a
 * clean merge of an issue or meeting reads back as valid.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "issue.h"
#include "meeting.h"
#include "merge.h"
#include "units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const files[] = {
	"issues/2024/10/20241008-k3f9qa.yaml",
	"meetings/2024/2024-10-15-monthly.yaml",
	"units.yaml",
};

static int
merge(const char *file, const struct sf_version *b,
    const struct sf_version *o, const struct sf_version *t,
    const struct sf_units *units, struct sf_buf *out)
{
	struct sf_conflicts cf;
	int rc;

	sf_conflicts_init(&cf);
	sf_buf_reset(out);
	rc = sf_merge_file(file, b, o, t, units, NULL, out, &cf);
	if ((rc == SF_ECONFLICT) != (cf.n > 0))
		abort();
	sf_conflicts_clear(&cf);
	return rc;
}

static int
is_side(const struct sf_buf *out, const struct sf_version *v)
{
	int i;

	for (i = 0; i < 3; i++)
		if (v[i].len == out->len && memcmp(v[i].data, out->buf,
		    out->len) == 0)
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sf_units *units;
	const char *s = (const char *)data, *end = s + size, *p;
	struct sf_version v[3];
	struct sf_buf out = SF_BUF_INIT;
	struct sf_issue *is;
	struct sf_meeting *m;
	size_t n = 0, f;
	int a, b;

	if (!units && sf_units_parse("units.yaml", sf_default_units_yaml,
	    strlen(sf_default_units_yaml), &units) < 0)
		abort();
	while (n < 3) {
		for (p = s; p + 4 <= end && memcmp(p, "\n%%\n", 4) != 0;
		    p++)
			;
		if (p + 4 > end)
			p = NULL;
		v[n].data = s;
		v[n].len = p ? (size_t)(p - s) + 1 : (size_t)(end - s);
		n++;
		if (!p)
			break;
		s = p + 4;
	}
	while (n < 3)
		v[n++] = v[0];
	sf_buf_init(&out);
	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		/* a side merged with itself changes nothing */
		if (merge(files[f], &v[1], &v[1], &v[1], units, &out) ==
		    SF_ECONFLICT)
			abort();
		a = merge(files[f], &v[0], &v[1], &v[2], units, &out);
		/* a result that is not one of the sides was merged and
		 * validated: it must read back */
		if (a == 0 && (is_side(&out, v) || f == 2))
			;
		else if (a == 0 && f == 0) {
			if (sf_issue_parse(files[f], out.buf, out.len, units,
			    SF_ISSUE_FULL, &is) < 0)
				abort();
			sf_issue_free(is);
		} else if (a == 0 && f == 1) {
			if (sf_meeting_parse(files[f], out.buf, out.len, units,
			    &m) < 0)
				abort();
			sf_meeting_free(m);
		}
		b = merge(files[f], &v[0], &v[2], &v[1], units, &out);
		if ((a == SF_ECONFLICT) != (b == SF_ECONFLICT) ||
		    (a == 0) != (b == 0))
			abort();
	}
	sf_buf_release(&out);
	return 0;
}
