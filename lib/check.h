/*
 * Validation of a whole ledger (sanfen-check): every file, every key,
 * every cross-reference, each finding with its exact location.
 */
#ifndef SF_CHECK_H
#define SF_CHECK_H

#include "error.h"
#include "ledger.h"

struct sf_check_stats {
	size_t issues;
	size_t meetings;
	size_t files_bad;
};

/*
 * Check config, units, every issue and meeting file and the references
 * between them (among them: an item of a meeting whose minutes are not
 * issued names an issue scheduled for that meeting, which the minutes can
 * apply to); findings are appended to d. Returns 0 when the ledger could
 * be read (findings or not), negative when reading failed.
 */
int sf_check_ledger(struct sf_ledger *l, struct sf_diags *d,
    struct sf_check_stats *st);

/*
 * Check .sanfen/config.yaml and units.yaml under root, before the ledger
 * can be opened (sf_ledger_open refuses a ledger whose settings are
 * invalid); findings are appended to d.
 */
void sf_check_settings(const char *root, struct sf_diags *d);

#endif
