/* libFuzzer target: .sanfen/config.yaml and units.yaml. */
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sf_config *c;
	struct sf_units *u;

	if (sf_config_parse("config.yaml", (const char *)data, size, &c) == 0)
		sf_config_free(c);
	if (sf_units_parse("units.yaml", (const char *)data, size, &u) == 0) {
		if (u->n)
			sf_units_find(u, u->v[0].name);
		sf_units_free(u);
	}
	return 0;
}
