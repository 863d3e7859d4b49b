/* Unit tests: lib/units.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "enums.h"
#include "error.h"
#include "units.h"
#include "yamlio.h"

static struct sf_units *
defaults(void)
{
	struct sf_units *u = NULL;

	assert_int_equal(sf_units_parse("units.yaml", sf_default_units_yaml,
	    strlen(sf_default_units_yaml), &u), 0);
	assert_non_null(u);
	return u;
}

static const char *
find_id(const struct sf_units *u, const char *s)
{
	const struct sf_unit *x = sf_units_find(u, s);

	return x ? x->id : "(none)";
}

static void
test_defaults(void **state)
{
	static const char *const cities[] = { "hangzhou", "ningbo", "wenzhou",
		"huzhou", "jiaxing", "shaoxing", "jinhua", "quzhou",
		"zhoushan", "taizhou", "lishui" };
	static const char *const names[] = { "杭州市人民政府",
		"宁波市人民政府", "温州市人民政府", "湖州市人民政府",
		"嘉兴市人民政府", "绍兴市人民政府", "金华市人民政府",
		"衢州市人民政府", "舟山市人民政府", "台州市人民政府",
		"丽水市人民政府" };
	static const char *const depts[] = { "dept-drc", "dept-nr",
		"dept-eco", "dept-transport", "dept-economy", "dept-finance",
		"dept-sasac", "dept-energy", "dept-housing", "dept-water",
		"dept-commerce", "dept-agri", "dept-justice", "dept-market",
		"dept-data", "dept-inspect" };
	struct sf_units *u = defaults();
	const struct sf_unit *x;
	size_t i;

	assert_int_equal(u->n, 11 + 2 + 16);
	for (i = 0; i < 11; i++) {
		assert_string_equal(u->v[i].id, cities[i]);
		assert_string_equal(u->v[i].name, names[i]);
		assert_int_equal(u->v[i].kind, SF_UK_CITY);
		assert_int_equal(u->v[i].city, (int)i);
		assert_int_equal(u->v[i].roles, 0);
		assert_ptr_equal(sf_units_city(u, (int)i), &u->v[i]);
	}
	assert_string_equal(u->v[0].short_name, "杭州");
	assert_string_equal(u->v[11].id, "tf-office");
	assert_string_equal(u->v[11].name, "省委省政府中心工作服务保障专班");
	assert_string_equal(u->v[11].short_name, "大办公厅专班");
	assert_string_equal(u->v[12].id, "tf-drc");
	assert_string_equal(u->v[12].name, "省发展改革委推进落实中心工作专班");
	assert_string_equal(u->v[12].short_name, "大发改专班");
	for (i = 11; i <= 12; i++) {
		assert_int_equal(u->v[i].kind, SF_UK_TASKFORCE);
		assert_int_equal(u->v[i].city, -1);
		/* tf-office alone holds admin */
		assert_int_equal(u->v[i].roles, i == 11 ? 0x3f : 0x1f);
	}
	for (i = 0; i < 16; i++) {
		x = &u->v[13 + i];
		assert_string_equal(x->id, depts[i]);
		assert_int_equal(x->kind, SF_UK_DEPARTMENT);
		assert_int_equal(x->city, -1);
		assert_int_equal(x->roles, 0);
		assert_non_null(x->short_name);
	}
	x = sf_units_find(u, "dept-drc");
	assert_string_equal(x->name, "浙江省发展和改革委员会");
	assert_string_equal(x->short_name, "省发展改革委");
	assert_int_equal(x->naliases, 2);
	assert_string_equal(x->aliases[0], "省发改委");
	/* every name of every unit finds that unit */
	for (i = 0; i < u->n; i++) {
		size_t k;

		x = &u->v[i];
		assert_ptr_equal(sf_units_find(u, x->id), x);
		assert_ptr_equal(sf_units_find(u, x->name), x);
		assert_ptr_equal(sf_units_find(u, x->short_name), x);
		for (k = 0; k < x->naliases; k++)
			assert_ptr_equal(sf_units_find(u, x->aliases[k]), x);
	}
	sf_units_free(u);
}

static void
test_find(void **state)
{
	struct sf_units *u = defaults();
	const struct sf_unit *x;
	size_t i;

	assert_string_equal(find_id(u, "杭州"), "hangzhou");
	assert_string_equal(find_id(u, "杭州市"), "hangzhou");
	assert_string_equal(find_id(u, "杭州市人民政府"), "hangzhou");
	assert_string_equal(find_id(u, "杭州市政府"), "hangzhou");
	assert_string_equal(find_id(u, "hangzhou"), "hangzhou");
	assert_string_equal(find_id(u, " HangZhou\t"), "hangzhou");
	assert_string_equal(find_id(u, "丽水市"), "lishui");
	assert_string_equal(find_id(u, "大发改专班"), "tf-drc");
	assert_string_equal(find_id(u, "TF-DRC"), "tf-drc");
	assert_string_equal(find_id(u, "省发展改革委推进落实中心工作专班"),
	    "tf-drc");
	assert_string_equal(find_id(u, "大办公厅专班"), "tf-office");
	assert_string_equal(find_id(u, "省自然资源厅"), "dept-nr");
	assert_string_equal(find_id(u, "浙江省自然资源厅"), "dept-nr");
	assert_string_equal(find_id(u, "省发改委"), "dept-drc");
	assert_string_equal(find_id(u, "省国资委"), "dept-sasac");
	assert_string_equal(find_id(u, "省住建厅"), "dept-housing");
	assert_string_equal(find_id(u, "省委省政府督查办"), "dept-inspect");
	assert_string_equal(find_id(u, " 省督查办 "), "dept-inspect");
	/* names compare exactly: no prefixes, no case folding of names */
	assert_string_equal(find_id(u, "省自然资源"), "(none)");
	assert_string_equal(find_id(u, "省自然资源厅厅"), "(none)");
	assert_string_equal(find_id(u, "hang"), "(none)");
	assert_string_equal(find_id(u, "hangzhou-x"), "(none)");
	assert_string_equal(find_id(u, "上海"), "(none)");
	assert_string_equal(find_id(u, ""), "(none)");
	assert_string_equal(find_id(u, " \t "), "(none)");
	assert_null(sf_units_find(u, NULL));
	assert_null(sf_units_find(NULL, "hangzhou"));
	/* as many lookups as a large ledger scan makes */
	for (i = 0; i < 100000; i++) {
		x = sf_units_find(u, i % 2 ? "省数据局" : "lishui");
		assert_non_null(x);
	}
	assert_int_equal(sf_units_resolve(u, "省发改委", &x), 0);
	assert_string_equal(x->id, "dept-drc");
	assert_int_equal(sf_units_resolve(u, "上海", &x), SF_EINVALID);
	assert_null(x);
	assert_string_equal(sf_error_message(), "unknown unit '上海'");
	sf_units_free(u);
}

static void
test_roles_cities(void **state)
{
	/* roles by Chinese name; a registry without Hangzhou's government */
	static const char text[] =
	    "units:\n"
	    "  - id: office\n    name: 办公室\n    kind: 其他单位\n"
	    "    roles: [筛选, 纪要]\n"
	    "  - id: nb\n    name: 宁波市人民政府\n    kind: 设区市\n"
	    "    city: 宁波市\n";
	struct sf_units *u = defaults();
	const struct sf_unit *x;
	int r;

	x = sf_units_find(u, "tf-drc");
	for (r = SF_ROLE_SCREEN; r <= SF_ROLE_CLOSE; r++)
		assert_true(sf_unit_has_role(x, r));
	assert_false(sf_unit_has_role(x, -1));
	assert_false(sf_unit_has_role(x, 5));
	assert_false(sf_unit_has_role(NULL, SF_ROLE_SCREEN));
	x = sf_units_find(u, "ningbo");
	for (r = SF_ROLE_SCREEN; r <= SF_ROLE_CLOSE; r++)
		assert_false(sf_unit_has_role(x, r));
	assert_string_equal(sf_units_city(u, SF_CITY_HANGZHOU)->id,
	    "hangzhou");
	assert_string_equal(sf_units_city(u, SF_CITY_LISHUI)->id, "lishui");
	assert_null(sf_units_city(u, -1));
	assert_null(sf_units_city(u, SF_CITY_COUNT));
	assert_null(sf_units_city(NULL, SF_CITY_HANGZHOU));
	sf_units_free(u);
	assert_int_equal(sf_units_parse("u", text, strlen(text), &u), 0);
	x = sf_units_find(u, "办公室");
	assert_int_equal(x->kind, SF_UK_OTHER);
	assert_int_equal(x->roles, 1u << SF_ROLE_SCREEN |
	    1u << SF_ROLE_MINUTES);
	assert_true(sf_unit_has_role(x, SF_ROLE_MINUTES));
	assert_false(sf_unit_has_role(x, SF_ROLE_AGENDA));
	assert_null(x->short_name);
	assert_int_equal(x->naliases, 0);
	assert_null(sf_units_city(u, SF_CITY_HANGZHOU));
	assert_null(sf_units_find(u, "杭州"));
	assert_string_equal(sf_units_city(u, SF_CITY_NINGBO)->id, "nb");
	assert_string_equal(find_id(u, "宁波"), "nb");
	assert_string_equal(find_id(u, "ningbo"), "nb");
	sf_units_free(u);
}

/* Every finding of a text, one per line, as sanfen-check prints them. */
static char *
findings(const char *text)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_buf out = SF_BUF_INIT;
	struct sf_units *u = NULL;
	struct sf_node *root;
	size_t i;

	sf_diags_init(&d);
	if (sf_yaml_load(a, "units.yaml", text, strlen(text),
	    &sf_yaml_issue_limits, 0, &root) < 0)
		fail_msg("%s", sf_error_message());
	sf_units_from_node(a, "units.yaml", root, &d, &u);
	for (i = 0; i < d.n; i++) {
		char *s = sf_diag_string(&d.v[i]);

		sf_buf_addf(&out, "%s\n", s);
		free(s);
	}
	sf_diags_clear(&d);
	sf_arena_free(a);	/* u with it */
	return sf_buf_detach(&out, NULL);
}

static void
all(const char *text, const char *want)
{
	char *got = findings(text);

	if (strcmp(got, want) != 0)
		fail_msg("got:\n%swant:\n%s", got, want);
	free(got);
}

/* sf_units_parse refuses text with exactly this message */
static void
bad(const char *text, const char *want)
{
	struct sf_units *u = (struct sf_units *)&u;

	assert_int_equal(sf_units_parse("units.yaml", text, strlen(text), &u),
	    SF_EINVALID);
	assert_null(u);
	if (strcmp(sf_error_message(), want) != 0)
		fail_msg("got:  %s\nwant: %s", sf_error_message(), want);
}

static void
test_refused(void **state)
{
	bad("units:\n- {id: a, name: A, kind: other, colour: red}\n",
	    "units.yaml:2:33: units[1]: unknown key 'colour'");
	bad("colour: red\nunits: []\n",
	    "units.yaml:1:1: unknown key 'colour'");
	bad("units:\n- id: a\n  name: A\n  kind: other\n"
	    "- id: a\n  name: B\n  kind: other\n",
	    "units.yaml:5:7: units[2].id: 'a' is also units[1].id at line 2, "
	    "column 7");
	bad("units:\n- {id: a, name: A, kind: other, roles: [rule]}\n",
	    "units.yaml:2:41: units[1].roles[1]: unknown role 'rule' "
	    "(expected screen, agenda, minutes, supervise, close, "
	    "admin)");
	bad("units:\n- {id: a, name: A, kind: other, roles: screen}\n",
	    "units.yaml:2:40: units[1].roles: expected a list");
	bad("units:\n- {id: x, name: X, kind: city}\n",
	    "units.yaml:2:3: units[1].city: required for a unit of kind city");
	bad("units:\n- {id: x, name: X, kind: city, city: shanghai}\n",
	    "units.yaml:2:38: units[1].city: unknown city 'shanghai' "
	    "(expected hangzhou, ningbo, wenzhou, huzhou, jiaxing, shaoxing, "
	    "jinhua, quzhou, zhoushan, taizhou, lishui)");
	bad("units:\n- {id: x, name: X, kind: department, city: hangzhou}\n",
	    "units.yaml:2:44: units[1].city: only a unit of kind city has a "
	    "city");
	bad("units:\n- {id: x, name: X, kind: town}\n",
	    "units.yaml:2:26: units[1].kind: unknown kind 'town' (expected "
	    "city, taskforce, department, other)");
	bad("units:\n- {id: Bad_Id, name: X, kind: other}\n",
	    "units.yaml:2:8: units[1].id: 'Bad_Id' is not an id: lower-case "
	    "letters, digits and '-', beginning with a letter or digit");
	bad("units:\n- {id: -a, name: X, kind: other}\n",
	    "units.yaml:2:8: units[1].id: '-a' is not an id: lower-case "
	    "letters, digits and '-', beginning with a letter or digit");
	bad("units:\n- {id: 2024, name: X, kind: other}\n",
	    "units.yaml:2:8: units[1].id: '2024' is not text: write it in "
	    "quotes");
	bad("units:\n- {id: a, kind: other}\n",
	    "units.yaml:2:3: units[1].name: required");
	bad("units:\n- {id: a, name: [A], kind: other}\n",
	    "units.yaml:2:17: units[1].name: expected text, not a list");
	bad("units:\n- {id: a, name: '', kind: other}\n",
	    "units.yaml:2:17: units[1].name: must not be empty");
	bad("units:\n- {id: a, name: ' A', kind: other}\n",
	    "units.yaml:2:17: units[1].name: must not begin or end with white "
	    "space");
	bad("units:\n- {id: a, name: \"A\\nB\", kind: other}\n",
	    "units.yaml:2:17: units[1].name: must be one line");
	bad("units:\n- {id: a, name: A, kind: other, aliases: B}\n",
	    "units.yaml:2:42: units[1].aliases: expected a list");
	bad("units: {id: a}\n", "units.yaml:1:8: units: expected a list");
	bad("other: 1\n", "units.yaml:1:1: unknown key 'other' (and 1 more)");
	bad("", "units.yaml: units: required");
}

static void
test_all_findings(void **state)
{
	/* a duplicate names both places; repeats within a unit are fine */
	all("units:\n"
	    "  - id: a\n    name: 甲单位\n    short: 甲\n    kind: other\n"
	    "    aliases: [甲]\n"
	    "  - id: b\n    name: 乙单位\n    short: 甲\n    kind: other\n"
	    "    aliases: [A, 乙单位]\n",
	    "units.yaml:9:12: units[2].short: '甲' is also units[1].short at "
	    "line 4, column 12\n"
	    "units.yaml:11:15: units[2].aliases[1]: 'A' is also units[1].id "
	    "at line 2, column 9\n");
	/* an id that an earlier name already finds, ASCII case aside */
	all("units:\n"
	    "  - {id: a, name: Office, kind: other}\n"
	    "  - {id: office, name: B, kind: other}\n",
	    "units.yaml:3:10: units[2].id: 'office' is also units[1].name at "
	    "line 2, column 19\n");
	/* a city's names belong to its government */
	all("units:\n"
	    "  - {id: hz, name: 杭州市人民政府, kind: city, city: 杭州}\n"
	    "  - {id: dept, name: 某厅, kind: department, aliases: [杭州市]}\n"
	    "  - {id: ningbo, name: 某局, kind: other}\n",
	    "units.yaml:3:54: units[2].aliases[1]: '杭州市' names the city "
	    "hangzhou: only its government (kind city, city hangzhou) may "
	    "use it\n"
	    "units.yaml:4:10: units[3].id: 'ningbo' names the city ningbo: "
	    "only its government (kind city, city ningbo) may use it\n");
	/* one government per city */
	all("units:\n"
	    "  - {id: a, name: A, kind: city, city: hangzhou}\n"
	    "  - {id: b, name: B, kind: city, city: 杭州}\n",
	    "units.yaml:3:40: units[2].city: the city hangzhou already has "
	    "its government, units[1] at line 2, column 40\n");
	/* roles: Chinese accepted, no repeats, no blanks */
	all("units:\n"
	    "  - {id: a, name: A, kind: taskforce, roles: [screen, 筛选, ~]}\n",
	    "units.yaml:2:55: units[1].roles[2]: role 'screen' is listed "
	    "twice\n"
	    "units.yaml:2:59: units[1].roles[3]: empty role\n");
	/* keys with no value */
	all("units:\n"
	    "  - id: a\n    name:\n    short:\n    kind: other\n"
	    "    aliases: ['', ~]\n",
	    "units.yaml:3:10: units[1].name: required\n"
	    "units.yaml:4:11: units[1].short: no value: write one or leave "
	    "the key out\n"
	    "units.yaml:6:15: units[1].aliases[1]: must not be empty\n"
	    "units.yaml:6:19: units[1].aliases[2]: empty alias\n");
	/* not a mapping; every finding of one unit */
	all("units:\n  - a\n  - {kind: city}\n",
	    "units.yaml:2:5: units[1]: expected a mapping of keys to values\n"
	    "units.yaml:3:5: units[2].id: required\n"
	    "units.yaml:3:5: units[2].name: required\n"
	    "units.yaml:3:5: units[2].city: required for a unit of kind "
	    "city\n");
	all("units: []\n", "");
}

static void
test_load(void **state)
{
	char dir[] = "/tmp/sanfen-units-XXXXXX", path[64];
	struct sf_units *u = (struct sf_units *)&u;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/units.yaml", dir);
	assert_int_equal(sf_units_load(path, "units.yaml", &u), SF_EIO);
	assert_null(u);
	assert_string_equal(sf_error_message(),
	    "cannot read units.yaml: No such file or directory");
	assert_non_null(f = fopen(path, "w"));
	fputs(sf_default_units_yaml, f);
	fclose(f);
	assert_int_equal(sf_units_load(path, "units.yaml", &u), 0);
	assert_int_equal(u->n, 29);
	assert_string_equal(find_id(u, "杭州"), "hangzhou");
	sf_units_free(u);
	assert_non_null(f = fopen(path, "w"));
	fputs("units:\n- {id: a, name: A, kind: other, colour: red}\n", f);
	fclose(f);
	assert_int_equal(sf_units_load(path, "units.yaml", &u), SF_EINVALID);
	assert_null(u);
	assert_string_equal(sf_error_message(),
	    "units.yaml:2:33: units[1]: unknown key 'colour'");
	/* the loader's own findings come through */
	assert_non_null(f = fopen(path, "w"));
	fputs("units:\n- &x {id: a, name: A, kind: other}\n", f);
	fclose(f);
	assert_int_equal(sf_units_load(path, "units.yaml", &u), SF_EINVALID);
	assert_null(u);
	assert_int_equal(strncmp(sf_error_message(), "units.yaml:2:", 13), 0);
	unlink(path);
	rmdir(dir);
	sf_units_free(NULL);
}

static void
test_admin_retired(void **state)
{
	/* no unit holds admin: tf-office counts as holding it */
	static const char old[] =
	    "units:\n"
	    "  - id: tf-office\n    name: 办公厅专班\n    kind: taskforce\n"
	    "  - id: gone\n    name: 旧单位\n    kind: other\n"
	    "    retired: 2024-09-30\n";
	static const char bad[] =
	    "units:\n"
	    "  - id: gone\n    name: 旧单位\n    kind: other\n"
	    "    retired: 2024-09-31\n";
	struct sf_units *u = defaults();
	const struct sf_unit *x;

	(void)state;
	assert_true(sf_units_is_admin(u, sf_units_find(u, "tf-office")));
	assert_false(sf_units_is_admin(u, sf_units_find(u, "tf-drc")));
	assert_false(sf_units_is_admin(u, NULL));
	assert_null(sf_units_find(u, "tf-office")->retired);
	sf_units_free(u);
	assert_int_equal(sf_units_parse("u", old, strlen(old), &u), 0);
	assert_true(sf_units_is_admin(u, sf_units_find(u, "tf-office")));
	x = sf_units_find(u, "旧单位");
	assert_false(sf_units_is_admin(u, x));
	/* a retired unit still resolves */
	assert_non_null(x);
	assert_string_equal(x->retired, "2024-09-30");
	sf_units_free(u);
	assert_int_equal(sf_units_parse("u", bad, strlen(bad), &u),
	    SF_EINVALID);
	assert_non_null(strstr(sf_error_message(), "units[1].retired"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_roles_cities),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_all_findings),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_admin_retired),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
