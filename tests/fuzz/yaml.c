/* libFuzzer target: the strict YAML loader and both emitters. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "yamlio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_buf out = SF_BUF_INIT, again = SF_BUF_INIT;
	struct sf_node *root, *root2;

	sf_buf_init(&out);
	sf_buf_init(&again);
	if (sf_yaml_load(a, "fuzz", (const char *)data, size,
	    &sf_yaml_issue_limits, 1, &root) == 0) {
		sf_json_emit(root, &out, 2);
		sf_buf_reset(&out);
		/* what the emitter writes, the loader reads back the same */
		if (sf_yaml_emit(root, &out) == 0 &&
		    sf_yaml_load(a, "again", out.buf, out.len,
		    &sf_yaml_meeting_limits, 1, &root2) == 0 &&
		    sf_yaml_emit(root2, &again) == 0 &&
		    (again.len != out.len || memcmp(again.buf, out.buf,
		    out.len) != 0))
			abort();
	}
	sf_buf_release(&out);
	sf_buf_release(&again);
	sf_arena_free(a);
	return 0;
}
