#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "enums.h"
#include "screen.h"

#define CROSS_FLAGS (1u << SF_FLAG_CROSS_REGION | 1u << SF_FLAG_CROSS_LEVEL | \
	1u << SF_FLAG_CROSS_DEPARTMENT)

void
sf_screen_text(const struct sf_issue *is, struct sf_buf *out)
{
	sf_buf_addstr(out, is->title ? is->title : "");
	sf_buf_addch(out, '\n');
	if (is->material[SF_MAT_PROBLEM])
		sf_buf_addstr(out, is->material[SF_MAT_PROBLEM]);
}

static void
levels(struct sf_buf *b, unsigned mask)
{
	int i, first = 1;

	sf_buf_addch(b, '[');
	for (i = 0; i < sf_enum_level.n; i++)
		if (mask & (1u << i)) {
			sf_buf_addf(b, "%s%s", first ? "" : ", ",
			    sf_enum_token(&sf_enum_level, i));
			first = 0;
		}
	sf_buf_addch(b, ']');
}

static void
exclusions(const struct sf_config *c, const struct sf_simindex *done,
    const struct sf_issue *is, const struct sf_screen_opts *o,
    struct sf_screen_result *r)
{
	struct sf_buf text = SF_BUF_INIT;
	struct sf_simhit *hits = NULL;
	size_t n, i;
	int e;

	for (e = 0; e < sf_enum_exclusion.n; e++)
		if (o->exclude & (1u << e)) {
			r->exclusions |= 1u << e;
			sf_buf_addf(&r->explain, "exclude %s (%s): screener's "
			    "finding\n", sf_enum_token(&sf_enum_exclusion, e),
			    sf_enum_zh(&sf_enum_exclusion, e));
		}
	if (is->jurisdiction >= 0 &&
	    (c->local_levels & (1u << is->jurisdiction))) {
		r->exclusions |= 1u << SF_EX_LOCAL;
		sf_buf_addf(&r->explain, "exclude local (事权在市县层级): "
		    "jurisdiction is %s\n",
		    sf_enum_token(&sf_enum_level, is->jurisdiction));
	}
	if ((is->tried & c->tried_required) != c->tried_required) {
		r->exclusions |= 1u << SF_EX_NOT_721;
		sf_buf_addstr(&r->explain, "exclude not-721 (不符合“721”工作"
		    "要求): tried is ");
		levels(&r->explain, is->tried);
		sf_buf_addstr(&r->explain, ", the rules require ");
		levels(&r->explain, c->tried_required);
		sf_buf_addch(&r->explain, '\n');
	}
	if (!done && !o->have_hits)
		return;
	if (o->have_hits) {
		n = o->nhits;
	} else {
		sf_screen_text(is, &text);
		n = sf_simindex_query(done, text.buf, (size_t)-1, &hits);
	}
	for (i = 0; i < n && r->nsimilar < sizeof(r->similar) /
	    sizeof(r->similar[0]); i++) {
		const struct sf_simhit *h = o->have_hits ? &o->hits[i] :
		    &hits[i];

		if (is->id && strcmp(h->id, is->id) == 0)
			continue;
		r->similar[r->nsimilar].id = h->id;
		r->similar[r->nsimilar].score = h->score;
		r->nsimilar++;
	}
	if (r->nsimilar) {
		sf_buf_addf(&r->explain, "%s duplicate (已协调过的同类问题): "
		    "similar to %s (%.2f >= %.2f)%s\n", o->not_duplicate ?
		    "overruled" : "exclude", r->similar[0].id,
		    r->similar[0].score, c->similarity, o->not_duplicate ?
		    " by the screener" : "");
		if (!o->not_duplicate)
			r->exclusions |= 1u << SF_EX_DUPLICATE;
	}
	free(hits);
	sf_buf_release(&text);
}

static void
priority(const struct sf_config *c, struct sf_screen_result *r, int p,
    const char *why)
{
	r->priorities |= 1u << p;
	r->score += c->weights[p];
	sf_buf_addf(&r->explain, "priority %s (%s, +%d): %s\n",
	    sf_enum_token(&sf_enum_priority, p),
	    sf_enum_zh(&sf_enum_priority, p), c->weights[p], why);
}

void
sf_screen_issue(const struct sf_config *c, const struct sf_simindex *done,
    const struct sf_issue *is, const struct sf_screen_opts *o,
    struct sf_screen_result *r)
{
	int m;

	r->exclusions = r->priorities = r->missing = 0;
	r->score = 0;
	r->nsimilar = 0;
	for (m = 0; m < SF_MAT_COUNT; m++)
		if (sf_blank(is->material[m])) {
			r->missing |= 1u << m;
			sf_buf_addf(&r->explain, "return: material.%s (%s) is "
			    "missing (Art. 9)\n",
			    sf_enum_token(&sf_enum_material, m),
			    sf_enum_zh(&sf_enum_material, m));
		}
	if (r->missing) {
		r->outcome = SF_SCREEN_RETURN;
		return;
	}
	exclusions(c, done, is, o, r);
	if (is->source == SF_SRC_LEADER)
		priority(c, r, SF_PRI_LEADER, "source is leader");
	if (is->source == SF_SRC_INSPECTION)
		priority(c, r, SF_PRI_INSPECTION, "source is inspection");
	if (is->program == SF_PROG_MAJOR_1)
		priority(c, r, SF_PRI_QIANXIANG_WANYI, "program is major-1");
	if (is->flags & CROSS_FLAGS)
		priority(c, r, SF_PRI_CROSS, "flags name a cross-* flag");
	if ((is->flags & (1u << SF_FLAG_TYPICAL)) || o->typical)
		priority(c, r, SF_PRI_TYPICAL, o->typical &&
		    !(is->flags & (1u << SF_FLAG_TYPICAL)) ?
		    "screener's finding" : "flags name typical");
	r->outcome = r->exclusions ? SF_SCREEN_REJECT : SF_SCREEN_ACCEPT;
	sf_buf_addf(&r->explain, "%s, score %d\n", r->exclusions ?
	    "rejected" : "accepted", r->score);
}

void
sf_screen_apply(struct sf_issue *is, const struct sf_screen_result *r,
    const char *date, const char *by, const char *note)
{
	struct sf_screening *s = sf_arena_alloc(is->arena, sizeof(*s));
	size_t i;

	s->date = sf_arena_strdup(is->arena, date);
	s->by = sf_arena_strdup(is->arena, by);
	s->exclusions = r->exclusions;
	s->priorities = r->priorities;
	s->score = r->score;
	s->missing = r->missing;
	s->note = note && *note ? sf_arena_strdup(is->arena, note) : NULL;
	if (r->nsimilar) {
		s->similar = sf_arena_alloc(is->arena,
		    r->nsimilar * sizeof(*s->similar));
		for (i = 0; i < r->nsimilar; i++) {
			s->similar[i].id = sf_arena_strdup(is->arena,
			    r->similar[i].id);
			s->similar[i].score = r->similar[i].score;
		}
		s->nsimilar = r->nsimilar;
	}
	is->screening = s;
	if (r->priorities & (1u << SF_PRI_TYPICAL))
		is->flags |= 1u << SF_FLAG_TYPICAL;
	if (r->outcome == SF_SCREEN_ACCEPT)
		is->status = SF_ST_ACCEPTED;
	else if (r->outcome == SF_SCREEN_REJECT)
		is->status = SF_ST_REJECTED;
}
