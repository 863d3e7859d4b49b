/*
 * The meeting file (sanfen-meeting(5)): one YAML file per meeting at
 * meetings/YYYY/<id>.yaml, id "YYYY-MM-DD-<kind>". Keys in this order:
 *
 *	id kind date status convener organisers items held chair attendees
 *	observers absent approved number issued
 *
 * items are the agenda: each names an issue and, once minutes are
 * recorded, its decision and tasks, or deferred.
 */
#ifndef SF_MEETING_H
#define SF_MEETING_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "enums.h"
#include "error.h"
#include "id.h"
#include "task.h"
#include "units.h"
#include "yamlio.h"

#define SF_MEETING_MAX_BYTES (4 * 1024 * 1024)

struct sf_attendee {
	const char *unit;	/* unit id */
	const char *person;	/* may be NULL */
};

struct sf_item {
	const char *issue;	/* issue id */
	const char *decision;	/* 会议议定意见, NULL until recorded */
	struct sf_task *tasks;	/* as in issues, without progress */
	size_t ntasks;
	int deferred;		/* not reached: back to accepted */
};

struct sf_meeting {
	struct sf_arena *arena;
	const char *id;
	int kind;		/* enum sf_meeting_kind */
	const char *date;	/* planned date */
	int status;		/* enum sf_meeting_status */
	const char *convener;	/* 召集人, free text */
	const char **organisers;	/* unit ids */
	size_t norganisers;
	struct sf_item *items;
	size_t nitems;
	const char *held;	/* date held, once recorded */
	const char *chair;
	struct sf_attendee *attendees;	/* 出席 */
	size_t nattendees;
	struct sf_attendee *observers;	/* 列席 */
	size_t nobservers;
	struct sf_attendee *absent;	/* 请假 */
	size_t nabsent;
	const char *approved;	/* date the minutes were approved */
	const char *number;	/* 〔2024〕10号 */
	const char *issued;	/* date issued */
};

/* 出席/列席/请假 lists: units by id or name, or {unit, person}. */
struct sf_rd;
struct sf_attendee *sf_attendees_read(struct sf_rd *r,
    const struct sf_node *n, const char *path, const struct sf_units *units,
    size_t *count);

struct sf_meeting *sf_meeting_new(void);
void sf_meeting_free(struct sf_meeting *m);
/* A copy of m in an arena of its own, as sf_issue_dup (lib/issue.h). */
int sf_meeting_dup(const struct sf_meeting *m, struct sf_meeting **out);
/*
 * Read and check a loaded document into m, as sf_issue_from_node and
 * sf_issue_validate do for issues: every key and value, the id against
 * date, kind and the file name (when file ends in "<id>.yaml"), each issue
 * once on the agenda, tasks numbered once with action, lead and due, a
 * deferred item without decision or tasks, and the keys each status
 * requires or rules out (sanfen-meeting(5)). Findings go to d with file,
 * line, column and key path; the result is sf_diags_result(d).
 */
int sf_meeting_from_node(struct sf_meeting *m, const char *file,
    const struct sf_node *root, const struct sf_units *units,
    struct sf_diags *d);
/* Load one file, as sf_issue_load (no symbolic link followed). */
int sf_meeting_load(const char *path, const char *file,
    const struct sf_units *units, struct sf_meeting **out);
int sf_meeting_parse(const char *file, const char *data, size_t len,
    const struct sf_units *units, struct sf_meeting **out);
struct sf_node *sf_meeting_to_node(const struct sf_meeting *m,
    struct sf_arena *a);
int sf_meeting_emit(const struct sf_meeting *m, struct sf_buf *out);

#endif
