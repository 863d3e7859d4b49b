/*
 * The issue file (SPEC §3, sanfen-issue(5)): one YAML file per issue at
 * issues/YYYY/MM/<id>.yaml. Keys are written in this order:
 *
 *	id title submitted submitter contact subject city program topic
 *	jurisdiction tried source flags material status screening meeting
 *	decision tasks escalation closure withdrawal
 *
 * Enumerations are held as enum indices (enums.h), sets as bit masks,
 * dates as "YYYY-MM-DD" strings, units as unit ids. Every string lives in
 * the issue's arena. A new field: lib/issue_codec.h lists the places it
 * is written.
 */
#ifndef SF_ISSUE_H
#define SF_ISSUE_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "enums.h"
#include "error.h"
#include "id.h"
#include "task.h"
#include "units.h"
#include "yamlio.h"

#define SF_ISSUE_MAX_BYTES (1024 * 1024)

struct sf_similar {
	const char *id;
	double score;		/* 0..1, written with two decimals */
};

struct sf_screening {
	const char *date;
	const char *by;		/* unit id */
	unsigned exclusions;	/* 1u << enum sf_exclusion */
	unsigned priorities;	/* 1u << enum sf_priority */
	int score;
	struct sf_similar *similar;
	size_t nsimilar;
	unsigned missing;	/* Art. 9 material missing: 1u << sf_material */
	const char *note;
};

struct sf_escalation {
	int to;			/* enum sf_escalate_to */
	const char *date;
	const char *reason;
};

struct sf_closure {
	const char *date;
	int reason;		/* enum sf_reason */
	const char *note;
};

struct sf_withdrawal {
	const char *date;
	const char *note;
};

struct sf_issue_src;

struct sf_issue {
	struct sf_arena *arena;
	const char *id;
	const char *title;
	const char *submitted;
	const char *submitter;	/* unit id */
	const char *contact;	/* may be NULL */
	int subject;		/* enum sf_subject */
	int city;		/* enum sf_city, -1 when none */
	int program;		/* enum sf_program */
	int topic;		/* enum sf_topic */
	int jurisdiction;	/* enum sf_level */
	unsigned tried;		/* 1u << enum sf_level */
	int source;		/* enum sf_source */
	unsigned flags;		/* 1u << enum sf_flag */
	const char *material[SF_MAT_COUNT];
	int status;		/* enum sf_status */
	struct sf_screening *screening;	/* NULL until screened */
	const char *meeting;	/* meeting id, or NULL */
	const char *decision;	/* 会议议定意见, or NULL */
	struct sf_task *tasks;
	size_t ntasks;
	struct sf_escalation *escalation;
	struct sf_closure *closure;
	struct sf_withdrawal *withdrawal;
	/* where sf_issue_from_node found each key, so that the findings of
	 * sf_issue_validate name line and column; NULL for a built issue */
	const struct sf_issue_src *src;
};

/*
 * The statuses an issue has once a meeting has decided it: coordinated,
 * and the escalated and closed it may go on to. Only such an issue has a
 * decision and tasks; it counts as coordinated in scores, and screening
 * compares new issues with these (已协调过的同类问题). SF_ST_DECIDED is
 * the mask (1u << status), for a scan's status filter;
 * sf_status_decided() asks of one status (1 or 0; an unset status, -1,
 * is not decided).
 */
#define SF_ST_DECIDED (1u << SF_ST_COORDINATED | 1u << SF_ST_ESCALATED | \
	1u << SF_ST_CLOSED)
int sf_status_decided(int status);

/* A new, empty issue with its own arena: city -1, source unit, status
 * submitted, every enum otherwise -1 (unset). */
struct sf_issue *sf_issue_new(void);
void sf_issue_free(struct sf_issue *is);
/* A copy of is in an arena of its own, made without emitting or parsing:
 * the record as read is the "before" a command judges its change by, the
 * copy what it changes (or the other way round). Free with
 * sf_issue_free; sf_meeting_dup likewise (lib/meeting.h). */
int sf_issue_dup(const struct sf_issue *is, struct sf_issue **out);
/* is's tasks become copies of the n tasks of v, their strings copied into
 * is's arena (a meeting's decided tasks onto its issue). */
void sf_issue_set_tasks(struct sf_issue *is, const struct sf_task *v,
    size_t n);

/*
 * Read the fields of a loaded document into is (whose arena the strings are
 * copied to). Every key is checked: unknown keys, wrong types, text that
 * YAML would read as another type, unknown enum values (Chinese names and
 * aliases are accepted and stored as tokens), values listed twice, invalid
 * dates, unknown units (when units is not NULL, names are resolved to ids;
 * when it is NULL, ids are kept as written). A null or empty value leaves
 * an optional key unset. Missing keys and the rules that tie keys together
 * are sf_issue_validate's. Each finding goes to d with file, line, column
 * and key path ("tasks[2].due"); the result is sf_diags_result(d).
 *
 * mode SF_ISSUE_FULL reads a whole issue file (id, submitted and status
 * required); SF_ISSUE_SUBMISSION reads what a submitter may give (the keys
 * up to material; id, submitted, status and later keys are refused), and
 * does not require keys that flags may still supply. A stored issue may
 * lack Art. 9 material (screening returns it to the submitter); a new one
 * (SF_ISSUE_NEW, for sf_issue_validate) may not.
 */
enum sf_issue_mode {
	SF_ISSUE_FULL,		/* a stored file: material may be blank */
	SF_ISSUE_SUBMISSION,	/* what a submitter gives (from_node) */
	SF_ISSUE_NEW		/* validate: a whole new issue, id, status and
				 * Art. 9 material required */
};
int sf_issue_from_node(struct sf_issue *is, const char *file,
    const struct sf_node *root, const struct sf_units *units,
    enum sf_issue_mode mode, struct sf_diags *d);

/*
 * The checks that need the whole issue, after fields were set by any means
 * (flags, file): required keys present, Art. 9 material non-blank (not in
 * SF_ISSUE_FULL), city set when subject is city, the id matching the file
 * name, tasks numbered once with lead and due, the done date exactly for
 * done tasks, the keys each status requires or excludes (sanfen-issue(5)).
 * Findings go to d with file and key, and with line and column when the
 * issue was read from file by sf_issue_from_node.
 */
int sf_issue_validate(const struct sf_issue *is, const char *file,
    enum sf_issue_mode mode, struct sf_diags *d);

/* Load, parse and validate one file; file is the name used in messages,
 * and path its root "/" file: a symbolic link in file's part of the path,
 * or a file that is not regular, is refused (sf_buf_read_nofollow). */
int sf_issue_load(const char *path, const char *file,
    const struct sf_units *units, struct sf_issue **out);
int sf_issue_parse(const char *file, const char *data, size_t len,
    const struct sf_units *units, enum sf_issue_mode mode,
    struct sf_issue **out);

/* The tree in file order (for the YAML and JSON emitters), from arena a. */
struct sf_node *sf_issue_to_node(const struct sf_issue *is,
    struct sf_arena *a);
/* The file's bytes, appended to out. */
int sf_issue_emit(const struct sf_issue *is, struct sf_buf *out);

#endif
