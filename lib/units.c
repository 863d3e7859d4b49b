#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "i18n.h"
#include "reader.h"
#include "strset.h"
#include "units.h"
#include "xalloc.h"

const char sf_default_units_yaml[] =
"# units.yaml: the registry of units of this sanfen ledger (单位名录) --\n"
"# the 11 设区市, the two task forces that organise the meetings (专班) and\n"
"# the provincial departments that usually lead tasks. Wherever a unit is\n"
"# asked for, its id, full name, short name or an alias is accepted, and\n"
"# for a city government also the city (杭州, 杭州市); the id is stored.\n"
"# Keys: id, name, short, kind (city, taskforce, department, other), city,\n"
"# roles (screen, agenda, minutes, supervise, close, admin), aliases.\n"
"# Change it with sanfen-admin unit, by the unit holding admin. See\n"
"# sanfen-units(5).\n"
"units:\n"
"  - id: hangzhou\n    name: 杭州市人民政府\n    short: 杭州\n"
"    kind: city\n    city: hangzhou\n    aliases: [杭州市政府]\n"
"  - id: ningbo\n    name: 宁波市人民政府\n    short: 宁波\n"
"    kind: city\n    city: ningbo\n    aliases: [宁波市政府]\n"
"  - id: wenzhou\n    name: 温州市人民政府\n    short: 温州\n"
"    kind: city\n    city: wenzhou\n    aliases: [温州市政府]\n"
"  - id: huzhou\n    name: 湖州市人民政府\n    short: 湖州\n"
"    kind: city\n    city: huzhou\n    aliases: [湖州市政府]\n"
"  - id: jiaxing\n    name: 嘉兴市人民政府\n    short: 嘉兴\n"
"    kind: city\n    city: jiaxing\n    aliases: [嘉兴市政府]\n"
"  - id: shaoxing\n    name: 绍兴市人民政府\n    short: 绍兴\n"
"    kind: city\n    city: shaoxing\n    aliases: [绍兴市政府]\n"
"  - id: jinhua\n    name: 金华市人民政府\n    short: 金华\n"
"    kind: city\n    city: jinhua\n    aliases: [金华市政府]\n"
"  - id: quzhou\n    name: 衢州市人民政府\n    short: 衢州\n"
"    kind: city\n    city: quzhou\n    aliases: [衢州市政府]\n"
"  - id: zhoushan\n    name: 舟山市人民政府\n    short: 舟山\n"
"    kind: city\n    city: zhoushan\n    aliases: [舟山市政府]\n"
"  - id: taizhou\n    name: 台州市人民政府\n    short: 台州\n"
"    kind: city\n    city: taizhou\n    aliases: [台州市政府]\n"
"  - id: lishui\n    name: 丽水市人民政府\n    short: 丽水\n"
"    kind: city\n    city: lishui\n    aliases: [丽水市政府]\n"
"  - id: tf-office\n    name: 省委省政府中心工作服务保障专班\n"
"    short: 大办公厅专班\n    kind: taskforce\n"
"    roles: [screen, agenda, minutes, supervise, close, admin]\n"
"  - id: tf-drc\n    name: 省发展改革委推进落实中心工作专班\n"
"    short: 大发改专班\n    kind: taskforce\n"
"    roles: [screen, agenda, minutes, supervise, close]\n"
"  - id: dept-drc\n    name: 浙江省发展和改革委员会\n    short: 省发展改革委\n"
"    kind: department\n    aliases: [省发改委, 省发展和改革委员会]\n"
"  - id: dept-nr\n    name: 浙江省自然资源厅\n    short: 省自然资源厅\n"
"    kind: department\n"
"  - id: dept-eco\n    name: 浙江省生态环境厅\n    short: 省生态环境厅\n"
"    kind: department\n"
"  - id: dept-transport\n    name: 浙江省交通运输厅\n    short: 省交通运输厅\n"
"    kind: department\n    aliases: [省交通厅]\n"
"  - id: dept-economy\n    name: 浙江省经济和信息化厅\n    short: 省经信厅\n"
"    kind: department\n    aliases: [省经济和信息化厅]\n"
"  - id: dept-finance\n    name: 浙江省财政厅\n    short: 省财政厅\n"
"    kind: department\n"
"  - id: dept-sasac\n    name: 浙江省人民政府国有资产监督管理委员会\n"
"    short: 省国资委\n    kind: department\n"
"  - id: dept-energy\n    name: 浙江省能源局\n    short: 省能源局\n"
"    kind: department\n"
"  - id: dept-housing\n    name: 浙江省住房和城乡建设厅\n    short: 省建设厅\n"
"    kind: department\n    aliases: [省住房和城乡建设厅, 省住建厅]\n"
"  - id: dept-water\n    name: 浙江省水利厅\n    short: 省水利厅\n"
"    kind: department\n"
"  - id: dept-commerce\n    name: 浙江省商务厅\n    short: 省商务厅\n"
"    kind: department\n"
"  - id: dept-agri\n    name: 浙江省农业农村厅\n    short: 省农业农村厅\n"
"    kind: department\n"
"  - id: dept-justice\n    name: 浙江省司法厅\n    short: 省司法厅\n"
"    kind: department\n"
"  - id: dept-market\n    name: 浙江省市场监督管理局\n    short: 省市场监管局\n"
"    kind: department\n    aliases: [省市场监督管理局]\n"
"  - id: dept-data\n    name: 浙江省数据局\n    short: 省数据局\n"
"    kind: department\n"
"  - id: dept-inspect\n    name: 浙江省委省政府督查室\n    short: 省督查办\n"
"    kind: department\n"
"    aliases: [省委省政府督查室, 省委省政府督查办, 督查办]\n";

static const char *const unit_keys[] = { "id", "name", "short", "kind",
	"city", "roles", "aliases", "retired", NULL };

/* A string that finds a unit, where it was written. */
struct name {
	const char *s;
	const struct sf_node *n;
	const char *path;
	size_t unit;
	int is_id;
};

struct names {
	struct name *v;
	size_t n, alloc;
};

static void
add_name(struct names *nm, const char *s, const struct sf_node *n,
    const char *path, size_t unit, int is_id)
{
	nm->v = xgrow(nm->v, &nm->alloc, nm->n + 1, sizeof(*nm->v));
	nm->v[nm->n].s = s;
	nm->v[nm->n].n = n;
	nm->v[nm->n].path = path;
	nm->v[nm->n].unit = unit;
	nm->v[nm->n].is_id = is_id;
	nm->n++;
}

/*
 * The value of key in map, NULL when the key is absent. A key written with
 * no value is a finding rather than a default: it is more likely a value
 * lost in editing than a wish.
 */
static const struct sf_node *
field(struct sf_rd *r, const struct sf_node *map, const char *path,
    const char *key, int required)
{
	const struct sf_node *n = sf_node_get(map, key);

	if (!n) {
		if (required)
			sf_rd_bad(r, map, sf_rd_path(r, path, key),
			    "required");
		return NULL;
	}
	if (sf_rd_null(n)) {
		sf_rd_bad(r, n, sf_rd_path(r, path, key), required ?
		    "required" : "no value: write one or leave the key out");
		return NULL;
	}
	return n;
}

/*
 * A name: one line, not empty, no white space around it (sf_units_find
 * trims its input, so such a name could never be found), and text in every
 * YAML reader (a plain 2024 or yes is not).
 */
static const char *
name_text(struct sf_rd *r, const struct sf_node *n, const char *path)
{
	const char *s;
	size_t len;

	if (sf_rd_untyped(r, n, path) < 0 || !(s = sf_rd_text(r, n, path, 1)))
		return NULL;
	len = strlen(s);
	if (!len) {
		sf_rd_bad(r, n, path, "must not be empty");
		return NULL;
	}
	if (strchr(" \t", s[0]) || strchr(" \t", s[len - 1])) {
		sf_rd_bad(r, n, path, "must not begin or end with white space");
		return NULL;
	}
	return s;
}

static void
read_unit(struct sf_rd *r, const struct sf_node *n, const char *path,
    size_t index, struct sf_unit *u, struct names *nm)
{
	const struct sf_node *v;
	const char *p;
	size_t i;

	u->kind = -1;
	u->city = -1;
	if (sf_rd_map(r, n, path) < 0)
		return;
	sf_rd_known(r, n, path, unit_keys);
	p = sf_rd_path(r, path, "id");
	if ((v = field(r, n, path, "id", 1)) && (u->id = name_text(r, v, p))) {
		if (sf_unit_id_valid(u->id))
			add_name(nm, u->id, v, p, index, 1);
		else
			sf_rd_bad(r, v, p, "'%s' is not an id: lower-case "
			    "letters, digits and '-', beginning with a letter "
			    "or digit", u->id);
	}
	p = sf_rd_path(r, path, "name");
	if ((v = field(r, n, path, "name", 1)) &&
	    (u->name = name_text(r, v, p)))
		add_name(nm, u->name, v, p, index, 0);
	p = sf_rd_path(r, path, "short");
	if ((v = field(r, n, path, "short", 0)) &&
	    (u->short_name = name_text(r, v, p)))
		add_name(nm, u->short_name, v, p, index, 0);
	if ((v = field(r, n, path, "kind", 1)))
		u->kind = sf_rd_enum(r, v, sf_rd_path(r, path, "kind"),
		    &sf_enum_unit_kind);
	p = sf_rd_path(r, path, "city");
	if ((v = field(r, n, path, "city", 0))) {
		u->city = sf_rd_enum(r, v, p, &sf_enum_city);
		if (u->kind >= 0 && u->kind != SF_UK_CITY) {
			sf_rd_bad(r, v, p, "only a unit of kind city has a "
			    "city");
			u->city = -1;
		}
	} else if (u->kind == SF_UK_CITY && !sf_node_get(n, "city")) {
		sf_rd_bad(r, n, p, "required for a unit of kind city");
	}
	if ((v = field(r, n, path, "roles", 0)))
		u->roles = sf_rd_enum_set(r, v, sf_rd_path(r, path, "roles"),
		    &sf_enum_role);
	p = sf_rd_path(r, path, "aliases");
	if ((v = field(r, n, path, "aliases", 0)) &&
	    sf_rd_seq(r, v, p) == 0 && v->n) {
		u->aliases = sf_arena_alloc(r->a, v->n * sizeof(char *));
		for (i = 0; i < v->n; i++) {
			const char *ip = sf_rd_index(r, p, i);
			const char *s;

			if (sf_rd_null(v->kids[i]))
				sf_rd_bad(r, v->kids[i], ip, "empty alias");
			else if ((s = name_text(r, v->kids[i], ip))) {
				u->aliases[u->naliases++] = s;
				add_name(nm, s, v->kids[i], ip, index, 0);
			}
		}
	}
	if ((v = field(r, n, path, "retired", 0)))
		u->retired = sf_rd_date(r, v, sf_rd_path(r, path, "retired"));
}

/* A name used twice: the finding names both places. */
static void
also(struct sf_rd *r, const struct name *x, const struct name *prev)
{
	if (prev->n->line)
		sf_rd_bad(r, x->n, x->path, "'%s' is also %s at line %u, "
		    "column %u", x->s, prev->path, prev->n->line,
		    prev->n->col);
	else
		sf_rd_bad(r, x->n, x->path, "'%s' is also %s", x->s,
		    prev->path);
}

static char *
fold(const char *s)
{
	char *f = xstrdup(s), *p;

	for (p = f; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return f;
}

/*
 * Every string that finds a unit must find only that one, as
 * sf_units_find looks: ids without ASCII case, then names exactly, then a
 * city's names, which belong to its government alone. Repeats within one
 * unit are harmless.
 */
static void
check_names(struct sf_rd *r, const struct sf_units *u,
    const struct names *nm)
{
	struct sf_strset ids = SF_STRSET_INIT, names = SF_STRSET_INIT;
	struct sf_strset folded = SF_STRSET_INIT;
	size_t i, prev;
	int c;

	sf_strset_init(&ids);
	sf_strset_init(&names);
	sf_strset_init(&folded);
	for (i = 0; i < nm->n; i++) {
		const struct name *x = &nm->v[i];
		const struct sf_unit *owner = &u->v[x->unit];
		char *f = fold(x->s);

		if (x->is_id) {
			if (!(prev = (size_t)sf_strset_get(&ids, f)))
				prev = (size_t)sf_strset_get(&folded, f);
		} else {
			if (!(prev = (size_t)sf_strset_get(&names, x->s)))
				prev = (size_t)sf_strset_get(&ids, f);
		}
		if (prev && nm->v[prev - 1].unit != x->unit)
			also(r, x, &nm->v[prev - 1]);
		else if (owner->kind >= 0 && !(owner->kind == SF_UK_CITY &&
		    owner->city < 0) && (c = sf_enum_lookup(&sf_enum_city,
		    x->s)) >= 0 && owner->city != c)
			sf_rd_bad(r, x->n, x->path, "'%s' names the city %s: "
			    "only its government (kind city, city %s) may use "
			    "it", x->s, sf_enum_token(&sf_enum_city, c),
			    sf_enum_token(&sf_enum_city, c));
		if (x->is_id) {
			if (!sf_strset_has(&ids, f))
				sf_strset_put(&ids, f, (void *)(i + 1));
		} else {
			if (!sf_strset_has(&names, x->s))
				sf_strset_put(&names, x->s, (void *)(i + 1));
			if (!sf_strset_has(&folded, f))
				sf_strset_put(&folded, f, (void *)(i + 1));
		}
		free(f);
	}
	sf_strset_clear(&ids);
	sf_strset_clear(&names);
	sf_strset_clear(&folded);
}

/* One government per city, so that sf_units_city is well defined. */
static void
check_cities(struct sf_rd *r, const struct sf_node *list,
    const struct sf_units *u)
{
	size_t first[SF_CITY_COUNT] = { 0 };
	size_t i;

	for (i = 0; i < u->n; i++) {
		const struct sf_unit *x = &u->v[i];
		const struct sf_node *n, *prev;
		size_t k;

		if (x->kind != SF_UK_CITY || x->city < 0)
			continue;
		if (!(k = first[x->city])) {
			first[x->city] = i + 1;
			continue;
		}
		n = sf_node_get(list->kids[i], "city");
		prev = sf_node_get(list->kids[k - 1], "city");
		sf_rd_bad(r, n, sf_rd_path(r, sf_rd_index(r, "units", i),
		    "city"), "the city %s already has its government, "
		    "units[%zu] at line %u, column %u",
		    sf_enum_token(&sf_enum_city, x->city), k, prev->line,
		    prev->col);
	}
}

int
sf_units_from_node(struct sf_arena *a, const char *file,
    const struct sf_node *root, struct sf_diags *d, struct sf_units **out)
{
	static const char *const top_keys[] = { "units", NULL };
	struct sf_rd r = { .file = file, .d = d, .a = a };
	struct sf_units *u = sf_arena_alloc(a, sizeof(*u));
	struct names nm = { NULL, 0, 0 };
	const struct sf_node *list;
	size_t before = d->n, i;

	u->arena = a;
	*out = u;
	if (sf_rd_map(&r, root, NULL) < 0)
		return sf_diags_result(d);
	sf_rd_known(&r, root, NULL, top_keys);
	if (!(list = sf_node_get(root, "units")))
		sf_rd_bad(&r, root->line ? root : NULL, "units", "required");
	else if (sf_rd_seq(&r, list, "units") == 0 && list->n) {
		u->v = sf_arena_alloc(a, list->n * sizeof(*u->v));
		for (i = 0; i < list->n; i++)
			read_unit(&r, list->kids[i], sf_rd_index(&r, "units",
			    i), i, &u->v[u->n++], &nm);
		check_names(&r, u, &nm);
		check_cities(&r, list, u);
	}
	free(nm.v);
	return d->n > before ? sf_diags_result(d) : 0;
}

/* sf_rd_doc_*'s build: the registry lives in the arena, and goes with it
 * when it is freed on a failure */
static int
build(struct sf_arena *a, const char *file, const struct sf_node *root,
    struct sf_diags *d, void *out)
{
	return sf_units_from_node(a, file, root, d, out);
}

int
sf_units_parse(const char *display_name, const char *data, size_t len,
    struct sf_units **out)
{
	int rc = sf_rd_doc_parse(display_name, data, len, build, out);

	if (rc < 0)
		*out = NULL;
	return rc;
}

int
sf_units_load(const char *path, const char *display_name,
    struct sf_units **out)
{
	int rc = sf_rd_doc_load(path, display_name, build, out);

	if (rc < 0)
		*out = NULL;
	return rc;
}

void
sf_units_free(struct sf_units *u)
{
	if (u)
		sf_arena_free(u->arena);
}

/* t equals s[0..n) */
static int
same(const char *t, const char *s, size_t n)
{
	return t && strncmp(t, s, n) == 0 && t[n] == '\0';
}

const struct sf_unit *
sf_units_find(const struct sf_units *u, const char *s)
{
	const struct sf_unit *x;
	size_t i, k, n;
	int city;

	if (!u || !s)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n)
		return NULL;
	for (i = 0; i < u->n; i++)
		if ((x = &u->v[i])->id && strncasecmp(x->id, s, n) == 0 &&
		    x->id[n] == '\0')
			return x;
	for (i = 0; i < u->n; i++) {
		x = &u->v[i];
		if (same(x->name, s, n) || same(x->short_name, s, n))
			return x;
		for (k = 0; k < x->naliases; k++)
			if (same(x->aliases[k], s, n))
				return x;
	}
	if ((city = sf_enum_lookup(&sf_enum_city, s)) >= 0)
		return sf_units_city(u, city);
	return NULL;
}

int
sf_units_resolve(const struct sf_units *u, const char *s,
    const struct sf_unit **out)
{
	if ((*out = sf_units_find(u, s)))
		return 0;
	return sf_error(SF_EINVALID, "unknown unit '%s'", s ? s : "");
}

const struct sf_unit *
sf_units_city(const struct sf_units *u, int city)
{
	size_t i;

	for (i = 0; u && i < u->n; i++)
		if (u->v[i].kind == SF_UK_CITY && u->v[i].city == city)
			return &u->v[i];
	return NULL;
}

int
sf_unit_has_role(const struct sf_unit *u, int role)
{
	return u && role >= 0 && role < 32 && (u->roles & (1u << role));
}

int
sf_units_is_admin(const struct sf_units *u, const struct sf_unit *unit)
{
	size_t i;

	if (!unit)
		return 0;
	if (sf_unit_has_role(unit, SF_ROLE_ADMIN))
		return 1;
	for (i = 0; u && i < u->n; i++)
		if (sf_unit_has_role(&u->v[i], SF_ROLE_ADMIN))
			return 0;
	return unit->id && strcmp(unit->id, "tf-office") == 0;
}

int
sf_unit_id_valid(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	return 1;
}

const char *
sf_rd_unit(struct sf_rd *r, const struct sf_node *n, const char *path,
    const struct sf_units *units)
{
	const struct sf_unit *u;

	if (sf_rd_null(n))
		return NULL;
	if (n->kind != SF_NODE_SCALAR) {
		sf_rd_bad(r, n, path, "expected a unit, not a %s",
		    n->kind == SF_NODE_MAP ? _("mapping") : _("list"));
		return NULL;
	}
	if (units) {
		if ((u = sf_units_find(units, n->str)))
			return sf_arena_strdup(r->a, u->id);
		sf_rd_bad(r, n, path, "unknown unit '%s'", n->str);
		return NULL;
	}
	if (!sf_unit_id_valid(n->str)) {
		sf_rd_bad(r, n, path, "'%s' is not a unit id", n->str);
		return NULL;
	}
	return sf_arena_strndup(r->a, n->str, n->len);
}

const char **
sf_rd_units(struct sf_rd *r, const struct sf_node *n, const char *path,
    const struct sf_units *units, size_t *count)
{
	const char **v, *id, *p;
	size_t i, j;

	*count = 0;
	if (sf_rd_null(n) || sf_rd_seq(r, n, path) < 0 || !n->n)
		return NULL;
	v = sf_arena_alloc(r->a, n->n * sizeof(*v));
	for (i = 0; i < n->n; i++) {
		const struct sf_node *e = sf_rd_item(r, n, path, i, &p);

		if (sf_rd_null(e)) {
			sf_rd_bad(r, e, p, "empty unit");
			continue;
		}
		if (!(id = sf_rd_unit(r, e, p, units)))
			continue;
		for (j = 0; j < *count && strcmp(v[j], id); j++)
			;
		if (j < *count)
			sf_rd_bad(r, e, p, "unit '%s' is listed twice", id);
		else
			v[(*count)++] = id;
	}
	return v;
}
