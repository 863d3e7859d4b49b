#include <string.h>

#include "arena.h"
#include "buf.h"
#include "enums.h"
#include "error.h"
#include "issue_field.h"

const char *const sf_issue_field_keys[] = {
	"title", "submitter", "contact", "subject", "city", "program",
	"topic", "jurisdiction", "tried", "source", "flags", "background",
	"problem", "prior", "request", NULL
};

static int
set_enum(const struct sf_enum *e, const char *key, const char *value,
    int *out)
{
	struct sf_buf valid = SF_BUF_INIT;
	int i = sf_enum_lookup(e, value);

	if (i >= 0) {
		*out = i;
		return 0;
	}
	sf_enum_list(e, &valid);
	sf_error(SF_EINVALID, "%s: unknown value '%s' (expected %s)", key,
	    value, valid.buf);
	sf_buf_release(&valid);
	return SF_EINVALID;
}

static int
set_list(const struct sf_enum *e, const char *key, const char *value,
    int add, unsigned *out)
{
	unsigned mask = 0;
	int rc;

	if (*value && (rc = sf_enum_parse_list(e, key, value, &mask)) < 0)
		return rc;
	*out = add ? *out | mask : mask;
	return 0;
}

int
sf_issue_set_field(struct sf_issue *is, const char *key, const char *value,
    int add, const struct sf_units *units)
{
	const struct sf_unit *u;
	int i, rc;

	if (strncmp(key, "material.", 9) == 0)
		key += 9;
	for (i = 0; i < SF_MAT_COUNT; i++)
		if (strcmp(key, sf_enum_token(&sf_enum_material, i)) == 0) {
			is->material[i] = *value ?
			    sf_arena_strdup(is->arena, value) : NULL;
			return 0;
		}
	if (strcmp(key, "title") == 0) {
		if (strchr(value, '\n'))
			return sf_error(SF_EINVALID,
			    "title: must be one line");
		is->title = *value ? sf_arena_strdup(is->arena, value) : NULL;
		return 0;
	}
	if (strcmp(key, "contact") == 0) {
		is->contact = *value ? sf_arena_strdup(is->arena, value) : NULL;
		return 0;
	}
	if (strcmp(key, "submitter") == 0) {
		if (!units) {
			is->submitter = sf_arena_strdup(is->arena, value);
			return 0;
		}
		if ((rc = sf_units_resolve(units, value, &u)) < 0) {
			sf_error_prefix("submitter");
			return rc;
		}
		is->submitter = sf_arena_strdup(is->arena, u->id);
		return 0;
	}
	if (strcmp(key, "city") == 0) {
		if (!*value) {
			is->city = -1;
			return 0;
		}
		return set_enum(&sf_enum_city, key, value, &is->city);
	}
	if (strcmp(key, "subject") == 0)
		return set_enum(&sf_enum_subject, key, value, &is->subject);
	if (strcmp(key, "program") == 0)
		return set_enum(&sf_enum_program, key, value, &is->program);
	if (strcmp(key, "topic") == 0)
		return set_enum(&sf_enum_topic, key, value, &is->topic);
	if (strcmp(key, "jurisdiction") == 0)
		return set_enum(&sf_enum_level, key, value, &is->jurisdiction);
	if (strcmp(key, "source") == 0)
		return set_enum(&sf_enum_source, key, value, &is->source);
	if (strcmp(key, "tried") == 0)
		return set_list(&sf_enum_level, key, value, add, &is->tried);
	if (strcmp(key, "flags") == 0 || strcmp(key, "flag") == 0)
		return set_list(&sf_enum_flag, "flags", value, add, &is->flags);
	return sf_error(SF_EINVALID, "unknown key '%s'", key);
}
