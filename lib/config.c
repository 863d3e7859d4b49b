#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "reader.h"
#include "xalloc.h"

const char sf_default_config_yaml[] =
"# The rule set of this ledger: 《分类分层分级协调机制例会议事规则》,\n"
"# issued 2024-09-04, in force 2024-09-10. Every key may be changed; a key\n"
"# left out takes the value shown here. See sanfen-config(5).\n"
"rules: '2024-09'\n"
"effective: 2024-09-10\n"
"\n"
"# Art. 8: 五个不上会 and 五个优先\n"
"screening:\n"
"  # \"721\": the levels that must have tried before the province\n"
"  tried_required: [county, city]\n"
"  # an issue whose power to solve lies here is local (事权在市县层级)\n"
"  local_levels: [county, city]\n"
"  # similar to an issue already coordinated from this on (0 to 1)\n"
"  similarity_threshold: 0.6\n"
"  # what each priority adds to the score that orders the agenda\n"
"  weights:\n"
"    leader: 5\n"
"    inspection: 4\n"
"    qianxiang-wanyi: 3\n"
"    cross: 2\n"
"    typical: 1\n"
"\n"
"# \"721\": the expected share of problems solved at each level, in %\n"
"levels_721:\n"
"  county: 70\n"
"  city: 20\n"
"  province: 10\n"
"\n"
"# Art. 2-7: meetings\n"
"agenda:\n"
"  # agenda items per meeting\n"
"  size:\n"
"    monthly: 8\n"
"    semiannual: 12\n"
"    annual: 15\n"
"    special: 5\n"
"  # each quarter at least this many 国企, 民企 and per-city issues\n"
"  quota:\n"
"    soe: 1\n"
"    private: 1\n"
"    city: 1\n"
"  conveners:\n"
"    monthly: 省政府分管副秘书长\n"
"    semiannual: 常务副省长\n"
"    annual: 常务副省长\n"
"    special: 省政府分管副秘书长\n"
"\n"
"# Art. 13: the reasons an issue may be closed for\n"
"closure_reasons: [resolved, national, regulation, reality, infeasible]\n"
"\n"
"# Art. 10: the minutes, issued jointly by both task forces\n"
"document:\n"
"  title: 全省“三分”机制例会纪要\n"
"  issuers: [tf-office, tf-drc]\n"
"  number_format: 〔{year}〕{n}号\n"
"  copy_to: 省委办公厅，省人大常委会办公厅，省政府办公厅，省政协办公厅\n"
"\n"
"# Art. 14: deductions per finding\n"
"score:\n"
"  missed_discovery: 2\n"
"  missed_submission: 2\n"
"  missed_task: 1\n"
"\n"
"storage:\n"
"  # fsync git objects and refs as they are written\n"
"  fsync: true\n";

static const char *const top_keys[] = { "rules", "effective", "screening",
	"levels_721", "agenda", "closure_reasons", "document", "score",
	"storage", NULL };

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
	memcpy(c->agenda_size, sizes, sizeof(sizes));
	memcpy(c->convener, conveners, sizeof(conveners));
	c->quota_soe = c->quota_private = c->quota_city = 1;
	c->closure_reasons = (1u << (SF_RS_INFEASIBLE + 1)) - 1;
	c->doc_title = "全省“三分”机制例会纪要";
	c->doc_issuers = issuers;
	c->doc_nissuers = 2;
	c->doc_number_format = "〔{year}〕{n}号";
	c->doc_copy_to = NULL;
	c->deduct_missed_discovery = 2;
	c->deduct_missed_submission = 2;
	c->deduct_missed_task = 1;
	c->fsync = 1;
}

static void
read_int(struct sf_rd *r, const struct sf_node *map, const char *path,
    const char *key, long max, int *out)
{
	const struct sf_node *n = sf_node_get(map, key);
	long v;

	if (n && sf_rd_int(r, n, sf_rd_path(r, path, key), 0, max, &v) == 0)
		*out = (int)v;
}

/* A map from an enum's tokens to whole numbers, into out[index]. */
static void
read_table(struct sf_rd *r, const struct sf_node *n, const char *path,
    const struct sf_enum *e, long max, int *out)
{
	size_t i;
	int k;

	if (!n || sf_rd_map(r, n, path) < 0)
		return;
	for (i = 0; i < n->n; i++) {
		const char *key = n->kids[i]->key;

		if ((k = sf_enum_lookup(e, key)) < 0 ||
		    strcmp(sf_enum_token(e, k), key) != 0) {
			sf_rd_bad_key(r, n->kids[i], path, "unknown key '%s'",
			    key);
			continue;
		}
		read_int(r, n, path, key, max, &out[k]);
	}
}

static void
read_screening(struct sf_rd *r, const struct sf_node *n, struct sf_config *c)
{
	static const char *const keys[] = { "tried_required", "local_levels",
		"similarity_threshold", "weights", NULL };
	const struct sf_node *v;

	if (sf_rd_map(r, n, "screening") < 0)
		return;
	sf_rd_known(r, n, "screening", keys);
	if ((v = sf_node_get(n, "tried_required")))
		c->tried_required = sf_rd_enums(r, v,
		    "screening.tried_required", &sf_enum_level);
	if ((v = sf_node_get(n, "local_levels")))
		c->local_levels = sf_rd_enums(r, v, "screening.local_levels",
		    &sf_enum_level);
	if ((v = sf_node_get(n, "similarity_threshold")) &&
	    (sf_rd_num(r, v, "screening.similarity_threshold", 0, 1,
	    &c->similarity) < 0 || c->similarity <= 0))
		c->similarity = 0.6;
	read_table(r, sf_node_get(n, "weights"), "screening.weights",
	    &sf_enum_priority, 1000, c->weights);
}

static void
read_agenda(struct sf_rd *r, const struct sf_node *n, struct sf_config *c)
{
	static const char *const keys[] = { "size", "quota", "conveners",
		NULL };
	static const char *const quota_keys[] = { "soe", "private", "city",
		NULL };
	const struct sf_node *q, *cv;
	size_t i;
	int k;

	if (sf_rd_map(r, n, "agenda") < 0)
		return;
	sf_rd_known(r, n, "agenda", keys);
	read_table(r, sf_node_get(n, "size"), "agenda.size",
	    &sf_enum_meeting_kind, 100, c->agenda_size);
	if ((q = sf_node_get(n, "quota")) && sf_rd_map(r, q,
	    "agenda.quota") == 0) {
		sf_rd_known(r, q, "agenda.quota", quota_keys);
		read_int(r, q, "agenda.quota", "soe", 100, &c->quota_soe);
		read_int(r, q, "agenda.quota", "private", 100,
		    &c->quota_private);
		read_int(r, q, "agenda.quota", "city", 100, &c->quota_city);
	}
	if ((cv = sf_node_get(n, "conveners")) && sf_rd_map(r, cv,
	    "agenda.conveners") == 0)
		for (i = 0; i < cv->n; i++) {
			const char *key = cv->kids[i]->key, *t;

			if ((k = sf_enum_lookup(&sf_enum_meeting_kind,
			    key)) < 0) {
				sf_rd_bad_key(r, cv->kids[i],
				    "agenda.conveners", "unknown key '%s'",
				    key);
				continue;
			}
			if ((t = sf_rd_text(r, cv->kids[i], sf_rd_path(r,
			    "agenda.conveners", key), 1)))
				c->convener[k] = t;
		}
}

static void
read_document(struct sf_rd *r, const struct sf_node *n, struct sf_config *c)
{
	static const char *const keys[] = { "title", "issuers",
		"number_format", "copy_to", NULL };
	const struct sf_node *v;
	const char *t;
	const char **ids;
	size_t count;

	if (sf_rd_map(r, n, "document") < 0)
		return;
	sf_rd_known(r, n, "document", keys);
	if ((t = sf_rd_text(r, sf_node_get(n, "title"), "document.title", 1)))
		c->doc_title = t;
	if ((t = sf_rd_text(r, sf_node_get(n, "number_format"),
	    "document.number_format", 1))) {
		if (!strstr(t, "{n}"))
			sf_rd_bad(r, sf_node_get(n, "number_format"),
			    "document.number_format", "must contain {n}");
		c->doc_number_format = t;
	}
	c->doc_copy_to = sf_rd_text(r, sf_node_get(n, "copy_to"),
	    "document.copy_to", 1);
	if ((v = sf_node_get(n, "issuers")) && (ids = sf_rd_units(r, v,
	    "document.issuers", NULL, &count)) && count) {
		c->doc_issuers = ids;
		c->doc_nissuers = count;
	}
}

int
sf_config_from_node(struct sf_arena *a, const char *file,
    const struct sf_node *root, struct sf_diags *d, struct sf_config **out)
{
	struct sf_rd r = { file, d, a };
	struct sf_config *c = xcalloc(1, sizeof(*c));
	const struct sf_node *n;
	size_t before = d->n;
	const char *t;

	defaults(c);
	*out = c;
	if (sf_rd_map(&r, root, NULL) < 0)
		return sf_diags_result(d);
	sf_rd_known(&r, root, NULL, top_keys);
	if ((t = sf_rd_text(&r, sf_node_get(root, "rules"), "rules", 1)))
		c->rules = t;
	if ((t = sf_rd_date(&r, sf_node_get(root, "effective"), "effective")))
		c->effective = t;
	if ((n = sf_node_get(root, "screening")))
		read_screening(&r, n, c);
	read_table(&r, sf_node_get(root, "levels_721"), "levels_721",
	    &sf_enum_level, 100, c->share_721);
	if ((n = sf_node_get(root, "agenda")))
		read_agenda(&r, n, c);
	if ((n = sf_node_get(root, "closure_reasons")))
		c->closure_reasons = sf_rd_enums(&r, n, "closure_reasons",
		    &sf_enum_reason);
	if ((n = sf_node_get(root, "document")))
		read_document(&r, n, c);
	if ((n = sf_node_get(root, "score"))) {
		static const char *const keys[] = { "missed_discovery",
			"missed_submission", "missed_task", NULL };

		if (sf_rd_map(&r, n, "score") == 0) {
			sf_rd_known(&r, n, "score", keys);
			read_int(&r, n, "score", "missed_discovery", 100,
			    &c->deduct_missed_discovery);
			read_int(&r, n, "score", "missed_submission", 100,
			    &c->deduct_missed_submission);
			read_int(&r, n, "score", "missed_task", 100,
			    &c->deduct_missed_task);
		}
	}
	if ((n = sf_node_get(root, "storage"))) {
		static const char *const keys[] = { "fsync", NULL };
		const struct sf_node *f;

		if (sf_rd_map(&r, n, "storage") == 0) {
			sf_rd_known(&r, n, "storage", keys);
			if ((f = sf_node_get(n, "fsync")))
				sf_rd_bool(&r, f, "storage.fsync", &c->fsync);
		}
	}
	return d->n > before ? sf_diags_result(d) : 0;
}

int
sf_config_parse(const char *display_name, const char *data, size_t len,
    struct sf_config **out)
{
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_arena *a = sf_arena_new();
	struct sf_node *root;
	int rc;

	*out = NULL;
	sf_diags_init(&d);
	if ((rc = sf_yaml_load(a, display_name, data, len,
	    &sf_yaml_issue_limits, 0, &root)) < 0) {
		sf_arena_free(a);
		return rc;
	}
	rc = sf_config_from_node(a, display_name, root, &d, out);
	sf_diags_clear(&d);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		sf_arena_free(a);
		return rc;
	}
	(*out)->arena = a;
	return 0;
}

int
sf_config_load(const char *path, const char *display_name,
    struct sf_config **out)
{
	struct sf_buf text = SF_BUF_INIT;
	int rc;

	*out = NULL;
	sf_buf_init(&text);
	if (sf_buf_read_file(&text, path, sf_yaml_issue_limits.max_bytes) < 0)
		rc = sf_error_errno("cannot read %s", display_name);
	else
		rc = sf_config_parse(display_name, text.buf, text.len, out);
	sf_buf_release(&text);
	return rc;
}

void
sf_config_free(struct sf_config *c)
{
	if (!c)
		return;
	sf_arena_free(c->arena);
	free(c);
}
