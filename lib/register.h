/*
 * The 问题事项台账 of Art. 12: one row per issue with the columns users
 * keep (DOMAIN.md), tasks flattened into the lead, support, deadline,
 * progress and supervision columns. Written as CSV (for Excel and WPS:
 * UTF-8 with a byte order mark), JSON, or an .xlsx workbook with one sheet
 * each for 新增, 推进落实 and 已办结销号.
 */
#ifndef SF_REGISTER_H
#define SF_REGISTER_H

#include <stdio.h>

#include "issue.h"
#include "ledger.h"
#include "strset.h"

enum {
	SF_REG_NO, SF_REG_ID, SF_REG_TITLE, SF_REG_SUBMITTER, SF_REG_CITY,
	SF_REG_CATEGORY, SF_REG_JURISDICTION, SF_REG_MEETING,
	SF_REG_DECISION, SF_REG_LEAD, SF_REG_SUPPORT, SF_REG_DUE,
	SF_REG_PROGRESS, SF_REG_SUPERVISION, SF_REG_STATUS, SF_REG_CLOSED,
	SF_REG_REASON, SF_REG_NOTE, SF_REG_NCOLS
};

struct sf_register_row {
	char *cell[SF_REG_NCOLS];
	int status;
};

struct sf_register {
	struct sf_register_row *v;
	size_t n, alloc;
	size_t added;		/* rows added so far (numbers them) */
	struct sf_strset agendas;	/* meeting id -> "\nid\nid\n…" */
};

/* Read the meetings' agendas, so rows can say which item an issue was. */
int sf_register_init(struct sf_register *r, struct sf_ledger *l);
/* Append the row of one issue. */
void sf_register_add(struct sf_register *r, struct sf_ledger *l,
    const struct sf_issue *is);
void sf_register_release(struct sf_register *r);

/*
 * CSV and JSON a row at a time, so that memory does not grow with the
 * register: csv_head then csv_row per row; json_row (first says whether
 * it opens the array) then json_end (the count of rows written). take
 * drops the rows held (each written already).
 */
void sf_register_csv_head(FILE *fp);
void sf_register_csv_row(const struct sf_register_row *row, FILE *fp);
void sf_register_json_row(const struct sf_register_row *row, int first,
    FILE *fp);
void sf_register_json_end(size_t n, FILE *fp);
void sf_register_drop(struct sf_register *r);
/* The workbook at path; SF_EIO on failure. */
int sf_register_xlsx(const struct sf_register *r, const char *path);

#endif
