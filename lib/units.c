#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "reader.h"
#include "strset.h"
#include "units.h"
#include "xalloc.h"

const char sf_default_units_yaml[] =
"# The units of this ledger: the 11 设区市, the two task forces that\n"
"# organise the meetings, and the provincial departments that lead tasks.\n"
"# Wherever a unit is asked for, its id, full name, short name or an\n"
"# alias is accepted. roles: screen agenda minutes supervise close.\n"
"# See sanfen-units(5).\n"
"units:\n"
"  - id: hangzhou\n    name: 杭州市人民政府\n    short: 杭州\n    kind: city\n    city: hangzhou\n"
"  - id: ningbo\n    name: 宁波市人民政府\n    short: 宁波\n    kind: city\n    city: ningbo\n"
"  - id: wenzhou\n    name: 温州市人民政府\n    short: 温州\n    kind: city\n    city: wenzhou\n"
"  - id: huzhou\n    name: 湖州市人民政府\n    short: 湖州\n    kind: city\n    city: huzhou\n"
"  - id: jiaxing\n    name: 嘉兴市人民政府\n    short: 嘉兴\n    kind: city\n    city: jiaxing\n"
"  - id: shaoxing\n    name: 绍兴市人民政府\n    short: 绍兴\n    kind: city\n    city: shaoxing\n"
"  - id: jinhua\n    name: 金华市人民政府\n    short: 金华\n    kind: city\n    city: jinhua\n"
"  - id: quzhou\n    name: 衢州市人民政府\n    short: 衢州\n    kind: city\n    city: quzhou\n"
"  - id: zhoushan\n    name: 舟山市人民政府\n    short: 舟山\n    kind: city\n    city: zhoushan\n"
"  - id: taizhou\n    name: 台州市人民政府\n    short: 台州\n    kind: city\n    city: taizhou\n"
"  - id: lishui\n    name: 丽水市人民政府\n    short: 丽水\n    kind: city\n    city: lishui\n"
"  - id: tf-office\n    name: 省委省政府中心工作服务保障专班\n    short: 大办公厅专班\n"
"    kind: taskforce\n    roles: [screen, agenda, minutes, supervise, close]\n"
"  - id: tf-drc\n    name: 省发展改革委推进落实中心工作专班\n    short: 大发改专班\n"
"    kind: taskforce\n    roles: [screen, agenda, minutes, supervise, close]\n"
"  - id: dept-drc\n    name: 浙江省发展和改革委员会\n    short: 省发展改革委\n"
"    kind: department\n    aliases: [省发改委]\n"
"  - id: dept-nr\n    name: 浙江省自然资源厅\n    short: 省自然资源厅\n    kind: department\n"
"  - id: dept-eco\n    name: 浙江省生态环境厅\n    short: 省生态环境厅\n    kind: department\n"
"  - id: dept-transport\n    name: 浙江省交通运输厅\n    short: 省交通运输厅\n"
"    kind: department\n"
"  - id: dept-economy\n    name: 浙江省经济和信息化厅\n    short: 省经信厅\n"
"    kind: department\n"
"  - id: dept-finance\n    name: 浙江省财政厅\n    short: 省财政厅\n    kind: department\n"
"  - id: dept-sasac\n    name: 浙江省人民政府国有资产监督管理委员会\n    short: 省国资委\n"
"    kind: department\n"
"  - id: dept-energy\n    name: 浙江省能源局\n    short: 省能源局\n    kind: department\n"
"  - id: dept-housing\n    name: 浙江省住房和城乡建设厅\n    short: 省建设厅\n"
"    kind: department\n"
"  - id: dept-water\n    name: 浙江省水利厅\n    short: 省水利厅\n    kind: department\n"
"  - id: dept-commerce\n    name: 浙江省商务厅\n    short: 省商务厅\n    kind: department\n"
"  - id: dept-agri\n    name: 浙江省农业农村厅\n    short: 省农业农村厅\n"
"    kind: department\n"
"  - id: dept-justice\n    name: 浙江省司法厅\n    short: 省司法厅\n    kind: department\n"
"  - id: dept-market\n    name: 浙江省市场监督管理局\n    short: 省市场监管局\n"
"    kind: department\n"
"  - id: dept-data\n    name: 浙江省数据局\n    short: 省数据局\n    kind: department\n"
"  - id: dept-inspect\n    name: 浙江省委省政府督查室\n    short: 省督查办\n"
"    kind: department\n    aliases: [督查办]\n";

static const char *const unit_keys[] = { "id", "name", "short", "kind",
	"city", "roles", "aliases", NULL };

static int
valid_id(const char *s)
{
	if (!s || !*s || !(islower((unsigned char)*s) ||
	    isdigit((unsigned char)*s)))
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && *s != '-')
			return 0;
	return 1;
}

static void
read_unit(struct sf_rd *r, const struct sf_node *n, const char *path,
    struct sf_unit *u)
{
	const struct sf_node *al;
	const char *alias;
	size_t i;

	u->kind = -1;
	u->city = -1;
	if (sf_rd_map(r, n, path) < 0)
		return;
	sf_rd_known(r, n, path, unit_keys);
	u->id = sf_rd_text(r, sf_node_get(n, "id"), sf_rd_path(r, path, "id"),
	    1);
	if (!u->id)
		sf_rd_bad(r, n, sf_rd_path(r, path, "id"), "required");
	else if (!valid_id(u->id))
		sf_rd_bad(r, sf_node_get(n, "id"), sf_rd_path(r, path, "id"),
		    "'%s' is not an id: lower-case letters, digits and '-'",
		    u->id);
	u->name = sf_rd_text(r, sf_node_get(n, "name"),
	    sf_rd_path(r, path, "name"), 1);
	if (!u->name)
		sf_rd_bad(r, n, sf_rd_path(r, path, "name"), "required");
	u->short_name = sf_rd_text(r, sf_node_get(n, "short"),
	    sf_rd_path(r, path, "short"), 1);
	u->kind = sf_rd_enum(r, sf_node_get(n, "kind"),
	    sf_rd_path(r, path, "kind"), &sf_enum_unit_kind);
	if (u->kind < 0 && !sf_node_get(n, "kind"))
		sf_rd_bad(r, n, sf_rd_path(r, path, "kind"), "required");
	u->city = sf_rd_enum(r, sf_node_get(n, "city"),
	    sf_rd_path(r, path, "city"), &sf_enum_city);
	if (u->kind == SF_UK_CITY && u->city < 0 && !sf_node_get(n, "city"))
		sf_rd_bad(r, n, sf_rd_path(r, path, "city"), "required for a "
		    "unit of kind city");
	u->roles = sf_rd_enums(r, sf_node_get(n, "roles"),
	    sf_rd_path(r, path, "roles"), &sf_enum_role);
	al = sf_node_get(n, "aliases");
	if (al && !sf_rd_null(al) && sf_rd_seq(r, al,
	    sf_rd_path(r, path, "aliases")) == 0 && al->n) {
		u->aliases = sf_arena_alloc(r->a, al->n * sizeof(char *));
		for (i = 0; i < al->n; i++)
			if ((alias = sf_rd_text(r, al->kids[i],
			    sf_rd_index(r, sf_rd_path(r, path, "aliases"), i),
			    1)))
				u->aliases[u->naliases++] = alias;
	}
}

/* Every name that finds a unit must find only one. */
static void
check_unique(struct sf_rd *r, const struct sf_node *list,
    struct sf_units *u)
{
	struct sf_strset seen = SF_STRSET_INIT;
	size_t i, k;

	sf_strset_init(&seen);
	for (i = 0; i < u->n; i++) {
		const char *names[3] = { u->v[i].id, u->v[i].name,
			u->v[i].short_name };
		const char *path = sf_rd_index(r, "units", i);

		for (k = 0; k < 3 + u->v[i].naliases; k++) {
			const char *s = k < 3 ? names[k] :
			    u->v[i].aliases[k - 3];
			void *prev;

			if (!s)
				continue;
			if ((prev = sf_strset_get(&seen, s))) {
				sf_rd_bad(r, list->kids[i], path, "'%s' also "
				    "names units[%zu]", s, (size_t)prev);
				continue;
			}
			sf_strset_put(&seen, s, (void *)(i + 1));
		}
	}
	sf_strset_clear(&seen);
}

int
sf_units_from_node(struct sf_arena *a, const char *file,
    const struct sf_node *root, struct sf_diags *d, struct sf_units **out)
{
	static const char *const top_keys[] = { "units", NULL };
	struct sf_rd r = { file, d, a };
	struct sf_units *u = xcalloc(1, sizeof(*u));
	const struct sf_node *list;
	size_t before = d->n, i;

	*out = u;
	if (sf_rd_map(&r, root, NULL) < 0)
		return sf_diags_result(d);
	sf_rd_known(&r, root, NULL, top_keys);
	list = sf_node_get(root, "units");
	if (!list) {
		sf_rd_bad(&r, NULL, "units", "required");
	} else if (sf_rd_seq(&r, list, "units") == 0 && list->n) {
		u->v = sf_arena_alloc(a, list->n * sizeof(*u->v));
		for (i = 0; i < list->n; i++)
			read_unit(&r, list->kids[i], sf_rd_index(&r, "units",
			    i), &u->v[u->n++]);
		check_unique(&r, list, u);
	}
	return d->n > before ? sf_diags_result(d) : 0;
}

int
sf_units_parse(const char *display_name, const char *data, size_t len,
    struct sf_units **out)
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
	rc = sf_units_from_node(a, display_name, root, &d, out);
	sf_diags_clear(&d);
	if (rc < 0) {
		free((*out));
		*out = NULL;
		sf_arena_free(a);
		return rc;
	}
	(*out)->arena = a;
	return 0;
}

int
sf_units_load(const char *path, const char *display_name,
    struct sf_units **out)
{
	struct sf_buf text = SF_BUF_INIT;
	int rc;

	*out = NULL;
	sf_buf_init(&text);
	if (sf_buf_read_file(&text, path, sf_yaml_issue_limits.max_bytes) < 0)
		rc = sf_error_errno("cannot read %s", display_name);
	else
		rc = sf_units_parse(display_name, text.buf, text.len, out);
	sf_buf_release(&text);
	return rc;
}

void
sf_units_free(struct sf_units *u)
{
	if (!u)
		return;
	sf_arena_free(u->arena);
	free(u);
}

static int
same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

const struct sf_unit *
sf_units_find(const struct sf_units *u, const char *s)
{
	char buf[256];
	size_t i, k, n;
	int city;

	if (!u || !s)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n || n >= sizeof(buf))
		return NULL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (i = 0; i < u->n; i++)
		if (u->v[i].id && strcasecmp(u->v[i].id, buf) == 0)
			return &u->v[i];
	for (i = 0; i < u->n; i++) {
		if (same(u->v[i].name, buf) || same(u->v[i].short_name, buf))
			return &u->v[i];
		for (k = 0; k < u->v[i].naliases; k++)
			if (same(u->v[i].aliases[k], buf))
				return &u->v[i];
	}
	if ((city = sf_enum_lookup(&sf_enum_city, buf)) >= 0)
		return sf_units_city(u, city);
	return NULL;
}

int
sf_units_resolve(const struct sf_units *u, const char *s,
    const struct sf_unit **out)
{
	if ((*out = sf_units_find(u, s)))
		return 0;
	return sf_error(SF_EINVALID, "unknown unit '%s'", s);
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
	return u && role >= 0 && (u->roles & (1u << role));
}
