#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "reader.h"
#include "units.h"
#include "xalloc.h"

const char sf_default_config_yaml[] =
"# .sanfen/config.yaml: the rule set and settings of this sanfen ledger,\n"
"# after 《分类分层分级协调机制例会议事规则》 (issued 2024-09-04).\n"
"# Every key may be changed or left out; a key left out takes the value\n"
"# shown here. Values are English tokens (the Chinese names are accepted\n"
"# too). See sanfen-config(5).\n"
"\n"
"# the rule set these settings follow (quoted: it is text)\n"
"rules: '2024-09'\n"
"# the date the rules took force (Art. 15)\n"
"effective: 2024-09-10\n"
"\n"
"# Art. 8: screening by 五个不上会 and 五个优先\n"
"screening:\n"
"  # \"721\": the levels that must have tried before the province\n"
"  # (an issue's tried list), else 不符合“721”工作要求\n"
"  tried_required: [county, city]\n"
"  # the jurisdictions that make an issue local (事权在市县层级)\n"
"  local_levels: [county, city]\n"
"  # from this text similarity (above 0, at most 1) an issue is like one\n"
"  # already coordinated (已协调过的同类问题)\n"
"  similarity_threshold: 0.6\n"
"  # what each priority adds to the score that orders the agenda\n"
"  weights:\n"
"    leader: 5             # 省委省政府领导交办\n"
"    inspection: 4         # 省委省政府督查发现\n"
"    qianxiang-wanyi: 3    # “千项万亿”工程\n"
"    cross: 2              # 跨区域跨层级跨部门\n"
"    typical: 1            # 典型性问题\n"
"\n"
"# \"721\": the share of problems expected to be solved at each level, in\n"
"# per cent, shown beside the real shares in reports; with national (0)\n"
"# they add up to 100\n"
"levels_721:\n"
"  county: 70\n"
"  city: 20\n"
"  province: 10\n"
"\n"
"# Art. 2-7: the meetings\n"
"agenda:\n"
"  # agenda items per meeting, by kind\n"
"  size:\n"
"    monthly: 8            # 月度协调例会\n"
"    semiannual: 12        # 半年度会议\n"
"    annual: 15            # 年度会议\n"
"    special: 5            # 专题会议\n"
"  # Art. 7: each quarter at least this many issues of 国企, of 民企 and\n"
"  # of each 设区市\n"
"  quota:\n"
"    soe: 1\n"
"    private: 1\n"
"    city: 1\n"
"  # who convenes each kind of meeting (召集人)\n"
"  conveners:\n"
"    monthly: 省政府分管副秘书长\n"
"    semiannual: 常务副省长\n"
"    annual: 常务副省长\n"
"    special: 省政府分管副秘书长\n"
"\n"
"# Art. 13: the reasons an issue may be closed for (销号理由)\n"
"closure_reasons: [resolved, national, regulation, reality, infeasible]\n"
"\n"
"# Art. 10: the minutes (会议纪要)\n"
"document:\n"
"  # the masthead (版头)\n"
"  title: 全省“三分”机制例会纪要\n"
"  # the units that issue them jointly, by id from units.yaml\n"
"  issuers: [tf-office, tf-drc]\n"
"  # the number under the masthead, from {year} and {n}; or 第{n}期\n"
"  number_format: 〔{year}〕{n}号\n"
"  # the 抄送 line of the colophon; '' for none\n"
"  copy_to: 省委办公厅，省人大常委会办公厅，省政府办公厅，省政协办公厅\n"
"\n"
"# Art. 14: points deducted for each case\n"
"score:\n"
"  missed_discovery: 2     # 问题应发现未发现\n"
"  missed_submission: 2    # 问题应提交未提交 (per quarter)\n"
"  missed_task: 1          # 事项应落实未落实\n"
"\n"
"storage:\n"
"  # sync git objects and references to disk as they are written\n"
"  fsync: true\n"
"\n"
"# signed commits (ssh signatures, git config gpg.format ssh)\n"
"signing:\n"
"  # every commit from the one that sets this must be signed by a key of\n"
"  # the allowed signers file, for its committer's e-mail\n"
"  require: false\n"
"  allowed_signers: .sanfen/allowed_signers\n";

static const char default_copy_to[] =
    "省委办公厅，省人大常委会办公厅，省政府办公厅，省政协办公厅";

static void
defaults(struct sf_config *c)
{
	static const int weights[SF_PRI_COUNT] = { 5, 4, 3, 2, 1 };
	static const int sizes[SF_MK_COUNT] = { 8, 12, 15, 5 };
	static const char *const conveners[SF_MK_COUNT] = {
		"省政府分管副秘书长", "常务副省长", "常务副省长",
		"省政府分管副秘书长"
	};
	static const char *issuers[] = { "tf-office", "tf-drc" };

	c->rules = "2024-09";
	c->effective = "2024-09-10";
	c->tried_required = 1u << SF_LEVEL_COUNTY | 1u << SF_LEVEL_CITY;
	c->local_levels = 1u << SF_LEVEL_COUNTY | 1u << SF_LEVEL_CITY;
	c->similarity = 0.6;
	memcpy(c->weights, weights, sizeof(weights));
	c->share_721[SF_LEVEL_COUNTY] = 70;
	c->share_721[SF_LEVEL_CITY] = 20;
	c->share_721[SF_LEVEL_PROVINCE] = 10;
	c->share_721[SF_LEVEL_NATIONAL] = 0;
	memcpy(c->agenda_size, sizes, sizeof(sizes));
	memcpy(c->convener, conveners, sizeof(conveners));
	c->quota_soe = c->quota_private = c->quota_city = 1;
	c->closure_reasons = (1u << (SF_RS_INFEASIBLE + 1)) - 1;
	c->doc_title = "全省“三分”机制例会纪要";
	c->doc_issuers = issuers;
	c->doc_nissuers = 2;
	c->doc_number_format = "〔{year}〕{n}号";
	c->doc_copy_to = default_copy_to;
	c->deduct_missed_discovery = 2;
	c->deduct_missed_submission = 2;
	c->deduct_missed_task = 1;
	c->fsync = 1;
	c->allowed_signers = ".sanfen/allowed_signers";
}

/*
 * The value of key in map, NULL when the key is absent (the default
 * stands). A key written with no value is a finding rather than a default:
 * more likely a value lost in editing than a wish.
 */
static const struct sf_node *
field(struct sf_rd *r, const struct sf_node *map, const char *path,
    const char *key)
{
	const struct sf_node *n = sf_node_get(map, key);

	if (n && sf_rd_null(n)) {
		sf_rd_bad(r, n, sf_rd_path(r, path, key), "no value: write one "
		    "or leave the key out for the default");
		return NULL;
	}
	return n;
}

/* A mapping of known keys under key, or NULL (absent, or a finding). */
static const struct sf_node *
section(struct sf_rd *r, const struct sf_node *map, const char *path,
    const char *key, const char *const *keys)
{
	const struct sf_node *n;

	if (!(n = field(r, map, path, key)) ||
	    sf_rd_map(r, n, sf_rd_path(r, path, key)) < 0)
		return NULL;
	if (keys)
		sf_rd_known(r, n, sf_rd_path(r, path, key), keys);
	return n;
}

/*
 * One line of text, which every YAML reader takes for text (a plain 2024
 * or yes is not). Empty text is refused unless may_be_empty.
 */
static const char *
line_text(struct sf_rd *r, const struct sf_node *n, const char *path,
    int may_be_empty)
{
	const char *s;

	if (sf_rd_untyped(r, n, path) < 0 || !(s = sf_rd_text(r, n, path, 1)))
		return NULL;
	if (!*s && !may_be_empty) {
		sf_rd_bad(r, n, path, "must not be empty");
		return NULL;
	}
	return s;
}

static void
whole(struct sf_rd *r, const struct sf_node *map, const char *path,
    const char *key, long min, long max, int *out)
{
	const struct sf_node *n;
	long v;

	if ((n = field(r, map, path, key)) && sf_rd_int(r, n,
	    sf_rd_path(r, path, key), min, max, &v) == 0)
		*out = (int)v;
}

/*
 * A mapping from an enum's tokens to whole numbers, into out[index]; keys
 * are tokens only, as the schema has them. Returns the mapping or NULL.
 */
static const struct sf_node *
table(struct sf_rd *r, const struct sf_node *map, const char *path,
    const char *key, const struct sf_enum *e, long min, long max, int *out)
{
	const struct sf_node *n;
	const char *p = sf_rd_path(r, path, key);
	size_t i;
	int k;

	if (!(n = section(r, map, path, key, NULL)))
		return NULL;
	for (i = 0; i < n->n; i++) {
		const char *kk = n->kids[i]->key;

		if ((k = sf_enum_lookup(e, kk)) < 0 ||
		    strcmp(sf_enum_token(e, k), kk) != 0)
			sf_rd_bad_key(r, n->kids[i], p, "unknown key '%s'",
			    kk);
		else
			whole(r, n, p, kk, min, max, &out[k]);
	}
	return n;
}

/* A list of enum values as a mask; -1 when absent, null or not a list
 * (the default stands). */
static int
enum_list(struct sf_rd *r, const struct sf_node *map, const char *path,
    const char *key, const struct sf_enum *e, unsigned *out)
{
	const struct sf_node *n;
	const char *p = sf_rd_path(r, path, key);

	if (!(n = field(r, map, path, key)) || sf_rd_seq(r, n, p) < 0)
		return -1;
	*out = sf_rd_enum_set(r, n, p, e);
	return 0;
}

/* A decimal number as YAML writes one (0.6, .6, 1), not nan or 6e-1. */
static int
decimal(const char *s)
{
	size_t digits = 0;

	for (; *s >= '0' && *s <= '9'; s++)
		digits++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits++;
	return digits && !*s;
}

static void
read_screening(struct sf_rd *r, const struct sf_node *root,
    struct sf_config *c)
{
	static const char *const keys[] = { "tried_required", "local_levels",
		"similarity_threshold", "weights", NULL };
	static const char path[] = "screening.similarity_threshold";
	const struct sf_node *n, *v;
	double t;

	if (!(n = section(r, root, NULL, "screening", keys)))
		return;
	enum_list(r, n, "screening", "tried_required", &sf_enum_level,
	    &c->tried_required);
	enum_list(r, n, "screening", "local_levels", &sf_enum_level,
	    &c->local_levels);
	if ((v = field(r, n, "screening", "similarity_threshold"))) {
		if (v->kind == SF_NODE_SCALAR && v->type == SF_PLAIN &&
		    !decimal(v->str))
			sf_rd_bad(r, v, path, "must be a number between 0 "
			    "and 1");
		else if (sf_rd_num(r, v, path, 0, 1, &t) == 0) {
			if (t > 0)
				c->similarity = t;
			else
				sf_rd_bad(r, v, path, "must be more than 0 "
				    "(at 0 every issue is like every other)");
		}
	}
	table(r, n, "screening", "weights", &sf_enum_priority, 0, 1000,
	    c->weights);
}

static void
read_levels(struct sf_rd *r, const struct sf_node *root, struct sf_config *c)
{
	const struct sf_node *n;
	size_t before = r->d->n;
	int sum = 0, i;

	if (!(n = table(r, root, NULL, "levels_721", &sf_enum_level, 0, 100,
	    c->share_721)) || r->d->n > before)
		return;
	for (i = 0; i < SF_LEVEL_COUNT; i++)
		sum += c->share_721[i];
	if (sum != 100)
		sf_rd_bad(r, n, "levels_721", "the shares add up to %d, not "
		    "100", sum);
}

static void
read_agenda(struct sf_rd *r, const struct sf_node *root, struct sf_config *c)
{
	static const char *const keys[] = { "size", "quota", "conveners",
		NULL };
	static const char *const quota_keys[] = { "soe", "private", "city",
		NULL };
	const struct sf_node *n, *q, *v;
	size_t i;
	int k;

	if (!(n = section(r, root, NULL, "agenda", keys)))
		return;
	table(r, n, "agenda", "size", &sf_enum_meeting_kind, 1, 100,
	    c->agenda_size);
	if ((q = section(r, n, "agenda", "quota", quota_keys))) {
		whole(r, q, "agenda.quota", "soe", 0, 100, &c->quota_soe);
		whole(r, q, "agenda.quota", "private", 0, 100,
		    &c->quota_private);
		whole(r, q, "agenda.quota", "city", 0, 100, &c->quota_city);
	}
	if (!(q = section(r, n, "agenda", "conveners", NULL)))
		return;
	for (i = 0; i < q->n; i++) {
		const char *key = q->kids[i]->key, *t;

		if ((k = sf_enum_lookup(&sf_enum_meeting_kind, key)) < 0 ||
		    strcmp(sf_enum_token(&sf_enum_meeting_kind, k), key)) {
			sf_rd_bad_key(r, q->kids[i], "agenda.conveners",
			    "unknown key '%s'", key);
			continue;
		}
		if ((v = field(r, q, "agenda.conveners", key)) &&
		    (t = line_text(r, v, sf_rd_path(r, "agenda.conveners",
		    key), 0)))
			c->convener[k] = t;
	}
}

/* {year} and {n} are the only placeholders, and {n} is required. */
static int
number_format_ok(const char *s)
{
	int n = 0;

	for (; *s; s++) {
		if (strncmp(s, "{year}", 6) == 0)
			s += 5;
		else if (strncmp(s, "{n}", 3) == 0) {
			s += 2;
			n = 1;
		} else if (*s == '{' || *s == '}')
			return 0;
	}
	return n;
}

static void
read_issuers(struct sf_rd *r, const struct sf_node *doc, struct sf_config *c)
{
	const struct sf_node *n;
	const char *p = "document.issuers", **ids, *id;
	size_t i, k, before = r->d->n;

	if (!(n = field(r, doc, "document", "issuers")) ||
	    sf_rd_seq(r, n, p) < 0)
		return;
	if (!n->n) {
		sf_rd_bad(r, n, p, "must name at least one unit");
		return;
	}
	ids = sf_arena_alloc(r->a, n->n * sizeof(*ids));
	for (i = 0; i < n->n; i++) {
		const char *ip = sf_rd_index(r, p, i);

		if (sf_rd_null(n->kids[i])) {
			sf_rd_bad(r, n->kids[i], ip, "empty unit id");
			continue;
		}
		if (!(id = line_text(r, n->kids[i], ip, 0)))
			continue;
		if (!sf_unit_id_valid(id)) {
			sf_rd_bad(r, n->kids[i], ip, "'%s' is not a unit id "
			    "(the ids are in units.yaml)", id);
			continue;
		}
		for (k = 0; k < i; k++)
			if (ids[k] && strcmp(ids[k], id) == 0)
				break;
		if (k < i)
			sf_rd_bad(r, n->kids[i], ip, "'%s' is listed twice",
			    id);
		ids[i] = id;
	}
	if (r->d->n == before) {
		c->doc_issuers = ids;
		c->doc_nissuers = n->n;
	}
}

static void
read_document(struct sf_rd *r, const struct sf_node *root,
    struct sf_config *c)
{
	static const char *const keys[] = { "title", "issuers",
		"number_format", "copy_to", NULL };
	const struct sf_node *n, *v;
	const char *t;

	if (!(n = section(r, root, NULL, "document", keys)))
		return;
	if ((v = field(r, n, "document", "title")) &&
	    (t = line_text(r, v, "document.title", 0)))
		c->doc_title = t;
	read_issuers(r, n, c);
	if ((v = field(r, n, "document", "number_format")) &&
	    (t = line_text(r, v, "document.number_format", 0))) {
		if (number_format_ok(t))
			c->doc_number_format = t;
		else
			sf_rd_bad(r, v, "document.number_format", "must "
			    "contain {n}, and no braces but {year} and {n}");
	}
	if ((v = field(r, n, "document", "copy_to")) &&
	    (t = line_text(r, v, "document.copy_to", 1)))
		c->doc_copy_to = *t ? t : NULL;
}

int
sf_config_from_node(struct sf_arena *a, const char *file,
    const struct sf_node *root, struct sf_diags *d, struct sf_config **out)
{
	static const char *const top_keys[] = { "rules", "effective",
		"screening", "levels_721", "agenda", "closure_reasons",
		"document", "score", "storage", "signing", NULL };
	static const char *const score_keys[] = { "missed_discovery",
		"missed_submission", "missed_task", NULL };
	static const char *const storage_keys[] = { "fsync", NULL };
	static const char *const signing_keys[] = { "require",
		"allowed_signers", NULL };
	struct sf_rd r = { .file = file, .d = d, .a = a };
	struct sf_config *c = sf_arena_alloc(a, sizeof(*c));
	const struct sf_node *n;
	size_t before = d->n;
	const char *t;
	unsigned mask;

	c->arena = a;
	defaults(c);
	*out = c;
	if (sf_rd_map(&r, root, NULL) < 0)
		return sf_diags_result(d);
	sf_rd_known(&r, root, NULL, top_keys);
	if ((n = field(&r, root, NULL, "rules")) &&
	    (t = line_text(&r, n, "rules", 0)))
		c->rules = t;
	if ((n = field(&r, root, NULL, "effective")) &&
	    (t = sf_rd_date(&r, n, "effective")))
		c->effective = t;
	read_screening(&r, root, c);
	read_levels(&r, root, c);
	read_agenda(&r, root, c);
	if (enum_list(&r, root, NULL, "closure_reasons", &sf_enum_reason,
	    &mask) == 0) {
		if (mask)
			c->closure_reasons = mask;
		else
			sf_rd_bad(&r, sf_node_get(root, "closure_reasons"),
			    "closure_reasons", "must name at least one "
			    "reason");
	}
	read_document(&r, root, c);
	if ((n = section(&r, root, NULL, "score", score_keys))) {
		whole(&r, n, "score", "missed_discovery", 0, 100,
		    &c->deduct_missed_discovery);
		whole(&r, n, "score", "missed_submission", 0, 100,
		    &c->deduct_missed_submission);
		whole(&r, n, "score", "missed_task", 0, 100,
		    &c->deduct_missed_task);
	}
	if ((n = section(&r, root, NULL, "storage", storage_keys)) &&
	    (n = field(&r, n, "storage", "fsync")))
		sf_rd_bool(&r, n, "storage.fsync", &c->fsync);
	if ((n = section(&r, root, NULL, "signing", signing_keys))) {
		const struct sf_node *v;

		if ((v = field(&r, n, "signing", "require")))
			sf_rd_bool(&r, v, "signing.require",
			    &c->require_signed);
		if ((v = field(&r, n, "signing", "allowed_signers")) &&
		    (t = line_text(&r, v, "signing.allowed_signers", 0))) {
			if (*t == '/' || strstr(t, "..") || !*t)
				sf_rd_bad(&r, v, "signing.allowed_signers",
				    "must be a path inside the ledger");
			else
				c->allowed_signers = t;
		}
	}
	return d->n > before ? sf_diags_result(d) : 0;
}

/* sf_rd_doc_*'s build: the config lives in the arena, and goes with it
 * when it is freed on a failure */
static int
build(struct sf_arena *a, const char *file, const struct sf_node *root,
    struct sf_diags *d, void *out)
{
	return sf_config_from_node(a, file, root, d, out);
}

int
sf_config_parse(const char *display_name, const char *data, size_t len,
    struct sf_config **out)
{
	int rc = sf_rd_doc_parse(display_name, data, len, build, out);

	if (rc < 0)
		*out = NULL;
	return rc;
}

int
sf_config_load(const char *path, const char *display_name,
    struct sf_config **out)
{
	int rc = sf_rd_doc_load(path, display_name, build, out);

	if (rc < 0)
		*out = NULL;
	return rc;
}

void
sf_config_free(struct sf_config *c)
{
	if (c)
		sf_arena_free(c->arena);
}
