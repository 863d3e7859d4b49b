/* libFuzzer target: issue files — parse, validate, emit, parse again. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "issue.h"
#include "units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sf_units *units;
	struct sf_issue *is, *is2;
	struct sf_buf out = SF_BUF_INIT, again = SF_BUF_INIT;

	if (!units && sf_units_parse("units.yaml", sf_default_units_yaml,
	    strlen(sf_default_units_yaml), &units) < 0)
		abort();
	if (sf_issue_parse("issues/2024/10/20241008-k3f9qa.yaml",
	    (const char *)data, size, units, SF_ISSUE_FULL, &is) < 0)
		return 0;
	sf_buf_init(&out);
	sf_buf_init(&again);
	if (sf_issue_emit(is, &out) < 0)
		abort();
	/* a valid issue is written so that it reads back to the same bytes */
	if (sf_issue_parse("issues/2024/10/20241008-k3f9qa.yaml", out.buf,
	    out.len, units, SF_ISSUE_FULL, &is2) < 0)
		abort();
	if (sf_issue_emit(is2, &again) < 0 || again.len != out.len ||
	    memcmp(again.buf, out.buf, out.len) != 0)
		abort();
	sf_issue_free(is2);
	sf_issue_free(is);
	sf_buf_release(&out);
	sf_buf_release(&again);
	return 0;
}
