/*
 * The ledger's rule set and settings (.sanfen/config.yaml): exclusions,
 * priority weights, the "721" levels, Art. 7 quotas, closure reasons, agenda
 * sizes and conveners, the similarity threshold, the document header and
 * Art. 14 deductions. Documented in sanfen-config(5).
 */
#ifndef SF_CONFIG_H
#define SF_CONFIG_H

#include "arena.h"
#include "enums.h"
#include "error.h"
#include "yamlio.h"

struct sf_config {
	struct sf_arena *arena;
	const char *rules;		/* rule set, "2024-09" */
	const char *effective;		/* date the rules took force */
	/* screening (Art. 8) */
	unsigned tried_required;	/* levels `tried` must hold (1u<<level) */
	unsigned local_levels;		/* jurisdictions excluded as local */
	double similarity;		/* duplicate threshold, 0 < s <= 1 */
	int weights[SF_PRI_COUNT];	/* per enum sf_priority */
	int share_721[SF_LEVEL_COUNT];	/* expected % per enum sf_level */
	/* agenda (Art. 2-7) */
	int agenda_size[SF_MK_COUNT];	/* items per meeting kind */
	const char *convener[SF_MK_COUNT];
	int quota_soe, quota_private, quota_city;	/* per quarter */
	unsigned closure_reasons;	/* allowed reasons (1u<<reason) */
	/* documents */
	const char *doc_title;		/* masthead, "浙江省“三分”机制例会纪要" */
	const char **doc_issuers;	/* unit ids issuing jointly */
	size_t doc_nissuers;
	const char *doc_number_format;	/* "〔{year}〕{n}号" or "第{n}期" */
	const char *doc_copy_to;	/* 抄送 line, may be NULL */
	/* Art. 14 deductions */
	int deduct_missed_discovery;
	int deduct_missed_submission;
	int deduct_missed_task;
	/* storage */
	int fsync;
	/* signing: commits must carry an ssh signature that verifies
	 * against the allowed signers file in the ledger */
	int require_signed;
	const char *allowed_signers;	/* ledger path */
};

/* The text sanfen-init writes as .sanfen/config.yaml (with comments). */
extern const char sf_default_config_yaml[];

/* The config from a loaded document, allocated in a (its arena): free a,
 * or sf_config_free the config, not both. */
int sf_config_from_node(struct sf_arena *a, const char *file,
    const struct sf_node *root, struct sf_diags *d, struct sf_config **out);
/* Read, parse and validate a file, no symbolic link in display_name's
 * part of path followed (sf_issue_load). */
int sf_config_load(const char *path, const char *display_name,
    struct sf_config **out);
int sf_config_parse(const char *display_name, const char *data, size_t len,
    struct sf_config **out);
void sf_config_free(struct sf_config *c);

#endif
