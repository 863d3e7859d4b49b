/*
 * Setting one field of an issue from text, the way a command-line flag or
 * `sanfen-sync --resolve ID KEY VALUE` gives it: enums by token or Chinese
 * name, units by id or name, lists comma-separated.
 */
#ifndef SF_ISSUE_FIELD_H
#define SF_ISSUE_FIELD_H

#include "issue.h"
#include "units.h"

/*
 * Set key (title submitter contact subject city program topic jurisdiction
 * tried source flags, a material key as "background" or
 * "material.background") to value, copied into is's arena. An empty value
 * unsets an optional key. Lists (tried, flags) replace the whole set; add
 * is 1 to add to it instead. SF_EINVALID naming the key and the value.
 */
int sf_issue_set_field(struct sf_issue *is, const char *key,
    const char *value, int add, const struct sf_units *units);

/* The keys sf_issue_set_field takes, NULL-terminated. */
extern const char *const sf_issue_field_keys[];

#endif
