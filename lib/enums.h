/*
 * The closed vocabularies of the ledger: each value has an English token
 * (what files store), a Chinese name and Chinese or English aliases, all
 * accepted on input. The C enums below follow the tables' order; an
 * enum's _COUNT (or its last value) is checked against its table's length
 * when lib/enums.c is compiled.
 */
#ifndef SF_ENUMS_H
#define SF_ENUMS_H

#include <stddef.h>

#include "buf.h"

struct sf_enum_value {
	const char *token;
	const char *zh;		/* the name used in documents */
	const char *aliases;	/* more accepted names, '|'-separated, or NULL */
};

struct sf_enum {
	const char *name;	/* the key or kind, for messages: "subject" */
	const struct sf_enum_value *v;
	int n;
};

enum sf_subject { SF_SUBJ_SOE, SF_SUBJ_PRIVATE, SF_SUBJ_CITY, SF_SUBJ_OTHER,
	SF_SUBJ_COUNT };
/* DOMAIN.md's order; used in every table and report */
enum sf_city {
	SF_CITY_HANGZHOU, SF_CITY_NINGBO, SF_CITY_WENZHOU, SF_CITY_HUZHOU,
	SF_CITY_JIAXING, SF_CITY_SHAOXING, SF_CITY_JINHUA, SF_CITY_QUZHOU,
	SF_CITY_ZHOUSHAN, SF_CITY_TAIZHOU, SF_CITY_LISHUI, SF_CITY_COUNT
};
/* no1-digital no1-reform no1-opening major-1 … major-10 other */
enum sf_program {
	SF_PROG_NO1_DIGITAL, SF_PROG_NO1_REFORM, SF_PROG_NO1_OPENING,
	SF_PROG_MAJOR_1, SF_PROG_MAJOR_10 = SF_PROG_MAJOR_1 + 9, SF_PROG_OTHER,
	SF_PROG_COUNT
};
enum sf_topic {
	SF_TOPIC_PROGRESS, SF_TOPIC_FACTORS, SF_TOPIC_APPROVAL, SF_TOPIC_POLICY,
	SF_TOPIC_OTHER, SF_TOPIC_COUNT
};
enum sf_level { SF_LEVEL_COUNTY, SF_LEVEL_CITY, SF_LEVEL_PROVINCE,
	SF_LEVEL_NATIONAL, SF_LEVEL_COUNT };
enum sf_source { SF_SRC_UNIT, SF_SRC_LEADER, SF_SRC_INSPECTION };
enum sf_flag { SF_FLAG_CROSS_REGION, SF_FLAG_CROSS_LEVEL,
	SF_FLAG_CROSS_DEPARTMENT, SF_FLAG_TYPICAL };
enum sf_material { SF_MAT_BACKGROUND, SF_MAT_PROBLEM, SF_MAT_PRIOR,
	SF_MAT_REQUEST, SF_MAT_COUNT };
enum sf_status {
	SF_ST_SUBMITTED, SF_ST_ACCEPTED, SF_ST_REJECTED, SF_ST_SCHEDULED,
	SF_ST_COORDINATED, SF_ST_ESCALATED, SF_ST_CLOSED, SF_ST_WITHDRAWN,
	SF_ST_COUNT
};
enum sf_reason { SF_RS_RESOLVED, SF_RS_NATIONAL, SF_RS_REGULATION,
	SF_RS_REALITY, SF_RS_INFEASIBLE };
enum sf_task_status { SF_TASK_OPEN, SF_TASK_DONE };
enum sf_escalate_to { SF_ESC_LEADER, SF_ESC_SPECIAL_MEETING };
enum sf_meeting_kind { SF_MK_MONTHLY, SF_MK_SEMIANNUAL, SF_MK_ANNUAL,
	SF_MK_SPECIAL, SF_MK_COUNT };
enum sf_meeting_status {
	SF_MS_DRAFT, SF_MS_PROPOSED, SF_MS_APPROVED, SF_MS_HELD,
	SF_MS_MINUTES_APPROVED, SF_MS_ISSUED
};
/* 五个不上会 */
enum sf_exclusion { SF_EX_UNLAWFUL, SF_EX_NOT_721, SF_EX_LOCAL, SF_EX_MARKET,
	SF_EX_DUPLICATE };
/* 五个优先 */
enum sf_priority { SF_PRI_LEADER, SF_PRI_INSPECTION, SF_PRI_QIANXIANG_WANYI,
	SF_PRI_CROSS, SF_PRI_TYPICAL, SF_PRI_COUNT };
/* what an organiser may do; a unit holds a set of them */
enum sf_role { SF_ROLE_SCREEN, SF_ROLE_AGENDA, SF_ROLE_MINUTES,
	SF_ROLE_SUPERVISE, SF_ROLE_CLOSE, SF_ROLE_ADMIN };
enum sf_unit_kind { SF_UK_CITY, SF_UK_TASKFORCE, SF_UK_DEPARTMENT,
	SF_UK_OTHER };

extern const struct sf_enum sf_enum_subject, sf_enum_city, sf_enum_program,
    sf_enum_topic, sf_enum_level, sf_enum_source, sf_enum_flag,
    sf_enum_material, sf_enum_status, sf_enum_reason, sf_enum_task_status,
    sf_enum_escalate_to, sf_enum_meeting_kind, sf_enum_meeting_status,
    sf_enum_exclusion, sf_enum_priority, sf_enum_role, sf_enum_unit_kind;

/*
 * The index of s in e: its token, Chinese name or an alias (ASCII compared
 * without case, surrounding white space ignored), or -1.
 */
int sf_enum_lookup(const struct sf_enum *e, const char *s);
const char *sf_enum_token(const struct sf_enum *e, int i);
const char *sf_enum_zh(const struct sf_enum *e, int i);
/* "soe, private, city, other" appended to out, for messages */
void sf_enum_list(const struct sf_enum *e, struct sf_buf *out);

/*
 * Parse a list "a,b,c" (tokens, Chinese names or aliases; "，" separates
 * too) into *mask, or'ing bit (1u << index). SF_EINVALID on an unknown
 * value, the message naming what (an option or key) and the value.
 */
int sf_enum_parse_list(const struct sf_enum *e, const char *what,
    const char *list, unsigned *mask);

#endif
