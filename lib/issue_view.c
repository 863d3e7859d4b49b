#include <stdarg.h>
#include <string.h>

#include "date.h"
#include "enums.h"
#include "issue_view.h"
#include "output.h"

struct sf_node *
sf_issue_record(const struct sf_issue *is, const char *path,
    struct sf_arena *a)
{
	struct sf_node *n = sf_issue_to_node(is, a);

	sf_node_set(a, n, "path", sf_node_str(a, path));
	return n;
}

const char *
sf_unit_label(const struct sf_units *units, const char *id)
{
	const struct sf_unit *u = units && id ? sf_units_find(units, id) : NULL;

	if (!u)
		return id ? id : "";
	return u->short_name ? u->short_name : u->name;
}

/*
 * As sf_buf_addf, what the values hold shown safely: nothing a terminal
 * would act on or that would reorder the text (a title's U+202E) goes out
 * as it is (sf_buf_add_escaped_text). The formats hold none, and the
 * colours are added apart (sgr_on).
 */
static void __attribute__((format(printf, 2, 3)))
tf(struct sf_buf *out, const char *fmt, ...)
{
	struct sf_buf t = SF_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sf_buf_vaddf(&t, fmt, ap);
	va_end(ap);
	sf_buf_add_escaped_text(out, t.buf);
	sf_buf_release(&t);
}

static void
line(struct sf_buf *out, const char *label, const char *value)
{
	if (value && *value)
		tf(out, "%-13s %s\n", label, value);
}

static void
enum_line(struct sf_buf *out, const char *label, const struct sf_enum *e,
    int i)
{
	if (i >= 0)
		tf(out, "%-13s %s (%s)\n", label, sf_enum_token(e, i),
		    sf_enum_zh(e, i));
}

static void
mask_line(struct sf_buf *out, const char *label, const struct sf_enum *e,
    unsigned mask)
{
	int i, first = 1;

	if (!mask)
		return;
	tf(out, "%-13s", label);
	for (i = 0; i < e->n; i++)
		if (mask & (1u << i)) {
			tf(out, "%s%s", first ? " " : ", ",
			    sf_enum_token(e, i));
			first = 0;
		}
	sf_buf_addch(out, '\n');
}

/* Text indented four spaces, every line. */
static void
block(struct sf_buf *out, const char *title, const char *text)
{
	struct sf_buf t = SF_BUF_INIT;
	const char *p = text, *nl;

	if (!text)
		return;
	tf(out, "\n%s\n", title);
	while (*p) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		sf_buf_reset(&t);
		sf_buf_add(&t, p, (size_t)(nl - p));
		sf_buf_addstr(out, "    ");
		sf_buf_add_escaped_text(out, t.buf);
		sf_buf_addch(out, '\n');
		p = *nl ? nl + 1 : nl;
	}
	sf_buf_release(&t);
}

/* "\033[<sgr>m" and its reset, or nothing, around what comes between */
static void
sgr_on(struct sf_buf *out, const char *sgr)
{
	if (sgr)
		sf_buf_addf(out, "\033[%sm", sgr);
}

static void
sgr_off(struct sf_buf *out, const char *sgr)
{
	if (sgr)
		sf_buf_addstr(out, SF_COLOR_RESET);
}

/* today is NULL for plain text */
static void
tasks_text(const struct sf_issue *is, const struct sf_units *units,
    const char *today, struct sf_buf *out)
{
	size_t t, s, p;

	if (!is->ntasks)
		return;
	sf_buf_addstr(out, "\ntasks (事项落实责任清单)\n");
	for (t = 0; t < is->ntasks; t++) {
		const struct sf_task *k = &is->tasks[t];

		tf(out, "  %d. %s\n", k->no, k->action ? k->action :
		    "");
		tf(out, "     lead %s", sf_unit_label(units, k->lead));
		for (s = 0; s < k->nsupport; s++)
			tf(out, "%s%s", s ? ", " : "; support ",
			    sf_unit_label(units, k->support[s]));
		{
			const char *sgr = today && k->due && !k->done &&
			    k->status != SF_TASK_DONE &&
			    strcmp(k->due, today) < 0 ? SF_COLOR_OVERDUE :
			    NULL;

			sf_buf_addstr(out, "; due ");
			sgr_on(out, sgr);
			tf(out, "%s", k->due ? k->due : "-");
			sgr_off(out, sgr);
		}
		tf(out, "; %s",
		    sf_enum_token(&sf_enum_task_status, k->status));
		if (k->done)
			tf(out, " %s", k->done);
		sf_buf_addch(out, '\n');
		for (p = 0; p < k->nprogress; p++)
			tf(out, "     %s  %s\n", k->progress[p].date,
			    k->progress[p].note);
		for (p = 0; p < k->nsupervision; p++)
			tf(out, "     %s  督办: %s\n",
			    k->supervision[p].date, k->supervision[p].note);
	}
}

static void
issue_text(const struct sf_issue *is, const struct sf_units *units,
    const char *today, struct sf_buf *out)
{
	const struct sf_unit *u;
	int i;

	tf(out, "issue %s\n", is->id ? is->id : "");
	line(out, "title", is->title);
	if (today && is->status >= 0) {
		const char *tok = sf_enum_token(&sf_enum_status, is->status);
		const char *sgr = sf_color_status(tok);

		tf(out, "%-13s ", "status");
		sgr_on(out, sgr);
		sf_buf_addstr(out, tok);
		sgr_off(out, sgr);
		tf(out, " (%s)\n", sf_enum_zh(&sf_enum_status,
		    is->status));
	} else {
		enum_line(out, "status", &sf_enum_status, is->status);
	}
	line(out, "submitted", is->submitted);
	u = is->submitter ? sf_units_find(units, is->submitter) : NULL;
	if (u)
		tf(out, "%-13s %s (%s)\n", "submitter", u->id,
		    u->name);
	else
		line(out, "submitter", is->submitter);
	line(out, "contact", is->contact);
	enum_line(out, "subject", &sf_enum_subject, is->subject);
	enum_line(out, "city", &sf_enum_city, is->city);
	enum_line(out, "program", &sf_enum_program, is->program);
	enum_line(out, "topic", &sf_enum_topic, is->topic);
	enum_line(out, "jurisdiction", &sf_enum_level, is->jurisdiction);
	mask_line(out, "tried", &sf_enum_level, is->tried);
	enum_line(out, "source", &sf_enum_source, is->source);
	mask_line(out, "flags", &sf_enum_flag, is->flags);
	if (is->screening) {
		tf(out, "%-13s %s by %s, score %d\n", "screened",
		    is->screening->date ? is->screening->date : "-",
		    sf_unit_label(units, is->screening->by),
		    is->screening->score);
		mask_line(out, "exclusions", &sf_enum_exclusion,
		    is->screening->exclusions);
		mask_line(out, "priorities", &sf_enum_priority,
		    is->screening->priorities);
		line(out, "screen note", is->screening->note);
	}
	line(out, "meeting", is->meeting);
	if (is->escalation)
		tf(out, "%-13s %s %s: %s\n", "escalated",
		    is->escalation->date ? is->escalation->date : "-",
		    sf_enum_token(&sf_enum_escalate_to, is->escalation->to),
		    is->escalation->reason ? is->escalation->reason : "");
	if (is->closure)
		tf(out, "%-13s %s %s (%s)%s%s\n", "closed",
		    is->closure->date ? is->closure->date : "-",
		    sf_enum_token(&sf_enum_reason, is->closure->reason),
		    sf_enum_zh(&sf_enum_reason, is->closure->reason),
		    is->closure->note ? ": " : "",
		    is->closure->note ? is->closure->note : "");
	if (is->withdrawal)
		tf(out, "%-13s %s: %s\n", "withdrawn",
		    is->withdrawal->date ? is->withdrawal->date : "-",
		    is->withdrawal->note ? is->withdrawal->note : "");
	for (i = 0; i < SF_MAT_COUNT; i++)
		block(out, sf_enum_zh(&sf_enum_material, i), is->material[i]);
	block(out, "会议议定意见", is->decision);
	tasks_text(is, units, today, out);
}

void
sf_issue_text(const struct sf_issue *is, const struct sf_units *units,
    struct sf_buf *out)
{
	issue_text(is, units, NULL, out);
}

void
sf_issue_text_color(const struct sf_issue *is, const struct sf_units *units,
    const char *today, struct sf_buf *out)
{
	issue_text(is, units, today ? today : "", out);
}
