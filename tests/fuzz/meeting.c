/* libFuzzer target: meeting files and the minutes record input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "meeting.h"
#include "minutes.h"
#include "units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char agenda[] =
    "id: 2024-10-15-monthly\nkind: monthly\ndate: 2024-10-15\n"
    "status: approved\nitems:\n- issue: 20241008-k3f9qa\n"
    "- issue: 20241009-abcdef\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sf_units *units;
	struct sf_meeting *m;
	struct sf_buf out = SF_BUF_INIT;
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_arena *a;
	struct sf_node *root;

	if (!units && sf_units_parse("units.yaml", sf_default_units_yaml,
	    strlen(sf_default_units_yaml), &units) < 0)
		abort();
	sf_buf_init(&out);
	if (sf_meeting_parse("m.yaml", (const char *)data, size, units,
	    &m) == 0) {
		if (sf_meeting_emit(m, &out) < 0)
			abort();
		sf_meeting_free(m);
	}
	/* the same bytes as what the meeting decided */
	if (sf_meeting_parse("m.yaml", agenda, strlen(agenda), units, &m) < 0)
		abort();
	a = sf_arena_new();
	sf_diags_init(&d);
	if (sf_yaml_load(a, "rec.yaml", (const char *)data, size,
	    &sf_yaml_meeting_limits, 0, &root) == 0 &&
	    sf_minutes_record(m, "rec.yaml", root, units, &d) == 0) {
		sf_buf_reset(&out);
		if (sf_meeting_emit(m, &out) < 0)
			abort();
	}
	sf_diags_clear(&d);
	sf_arena_free(a);
	sf_meeting_free(m);
	sf_buf_release(&out);
	return 0;
}
