/*
 * bench/gen — write a realistic ledger for benchmarks: N issues with
 * Chinese titles and material in one commit. Half were coordinated at the
 * monthly meetings of the years before 2024 (one year per 25,000 issues),
 * with tasks; two in five of those are closed. The other half came in
 * 2024: one in five accepted and waiting for a meeting, the rest submitted
 * and waiting for screening.
 *
 * usage: gen DIR N [SEED]
 */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "date.h"
#include "id.h"
#include "ledger.h"
#include "store.h"
#include "units.h"

static const char *const cities[][2] = {
	{ "hangzhou", "杭州" }, { "ningbo", "宁波" }, { "wenzhou", "温州" },
	{ "huzhou", "湖州" }, { "jiaxing", "嘉兴" }, { "shaoxing", "绍兴" },
	{ "jinhua", "金华" }, { "quzhou", "衢州" }, { "zhoushan", "舟山" },
	{ "taizhou", "台州" }, { "lishui", "丽水" },
};
static const char *const projects[] = { "集装箱码头", "智能算力中心",
	"抽水蓄能电站", "市域轨道交通", "高端装备产业园", "化工新材料基地",
	"跨海大桥", "污水处理厂", "物流枢纽", "海上风电场", "数据产业园",
	"新能源汽车零部件", "生物医药产业园", "高速公路改扩建", "综合管廊",
	"城市更新片区", "水利枢纽", "航空货运站", "冷链物流基地" };
static const char *const problems[] = { "用海审批", "建设用地指标",
	"能耗指标保障", "环评审批", "林地占用审批", "资金分担政策落实",
	"施工许可办理", "电力接入", "规划调整", "融资担保", "征地拆迁",
	"岸线使用", "水土保持方案审批", "永久基本农田调整" };
static const char *const fragments[] = { "项目前期审批进度滞后",
	"市级指标已统筹不足", "需报国家有关部委审批", "两地分歧较大",
	"涉及生态保护红线调整", "影响年内开工", "设备无法按期投产",
	"政策口径尚未明确", "已多次协调未果", "企业融资成本上升",
	"配套设施建设滞后", "审批流程衔接不畅" };
static const char *const counties[] = { "萧山区", "余杭区", "临平区",
	"北仑区", "镇海区", "慈溪市", "余姚市", "瑞安市", "乐清市", "平阳县",
	"苍南县", "长兴县", "德清县", "安吉县", "海宁市", "平湖市", "桐乡市",
	"嘉善县", "诸暨市", "嵊州市", "新昌县", "义乌市", "东阳市", "永康市",
	"兰溪市", "江山市", "龙游县", "常山县", "岱山县", "嵊泗县", "温岭市",
	"临海市", "玉环市", "天台县", "仙居县", "龙泉市", "青田县", "缙云县",
	"遂昌县", "松阳县", "庆元县", "景宁县" };
static const char *const firms[] = { "华", "海", "东", "新", "恒", "联",
	"鑫", "通", "泰", "嘉", "宏", "瑞", "盛", "达", "正", "博", "安", "中",
	"浙", "远", "康", "晟", "和", "信" };
static const char *const leads[] = { "dept-nr", "dept-eco", "dept-drc",
	"dept-transport", "dept-energy", "dept-finance" };

static unsigned long seed = 20240910;

static unsigned
rnd(unsigned n)
{
	seed = seed * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)((seed >> 33) % n);
}

#define PICK(a) a[rnd(sizeof(a) / sizeof(a[0]))]

/* n random CJK ideographs: the unique part of an issue's wording */
static const char *
words(unsigned n)
{
	static char buf[3 * 64 + 1];
	unsigned i, cp;

	for (i = 0; i < n && i < 64; i++) {
		cp = 0x4e00 + rnd(0x5200);
		buf[3 * i] = (char)(0xe0 | (cp >> 12));
		buf[3 * i + 1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[3 * i + 2] = (char)(0x80 | (cp & 0x3f));
	}
	buf[3 * i] = '\0';
	return buf;
}

int
main(int argc, char **argv)
{
	struct sf_change *c;
	struct sf_msg msg;
	struct sf_buf f = SF_BUF_INIT, path = SF_BUF_INIT;
	struct sf_buf *items;
	char id[SF_ID_LEN + 1], date[SF_DATE_LEN + 1];
	long n, i, day0;
	int m, y, years, coordinated;

	if (argc < 3 || (n = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: gen DIR N [SEED]\n");
		return 2;
	}
	if (argc > 3)
		seed = strtoul(argv[3], NULL, 10);
	git_libgit2_init();
	c = sf_change_new();
	sf_change_put(c, SF_CONFIG_PATH, sf_default_config_yaml,
	    strlen(sf_default_config_yaml));
	sf_change_put(c, SF_UNITS_PATH, sf_default_units_yaml,
	    strlen(sf_default_units_yaml));
	years = 1 + (int)(n / 25000);
	day0 = sf_date_days("2024-01-01") - 365L * years;
	items = calloc((size_t)years * 12 + 1, sizeof(*items));
	for (m = 0; m <= years * 12; m++)
		sf_buf_init(&items[m]);
	sf_buf_init(&f);
	sf_buf_init(&path);
	for (i = 0; i < n; i++) {
		unsigned ci = rnd(11);

		/* the coordinated half before 2024, the pending in 2024 */
		coordinated = i < n / 2;
		sf_date_from_days(coordinated ? day0 + 365L * rnd(years) +
		    rnd(330) : sf_date_days("2024-01-01") + rnd(300), date);
		sf_id_from_bits(date, (unsigned long)rnd(1u << 30), id);
		sf_buf_reset(&f);
		sf_buf_addf(&f, "id: %s\ntitle: %s%s%s%s%s%s项目%s\nsubmitted: %s\n"
		    "submitter: %s\nsubject: city\ncity: %s\nprogram: major-%u\n"
		    "topic: approval\njurisdiction: province\n"
		    "tried: [county, city]\nsource: unit\nmaterial:\n"
		    "  background: 项目总投资%u亿元，列入省重大建设项目计划。\n"
		    "  problem: |\n    %s%s公司%s，%s，预计第%u季度%s。\n"
		    "    %s。\n"
		    "  prior: 市县两级已多次协调。\n  request: 请省有关部门协调解决。\n",
		    id, cities[ci][1], PICK(counties), PICK(firms), PICK(firms),
		    PICK(firms), PICK(projects), PICK(problems), date,
		    cities[ci][0], cities[ci][0], 1 + rnd(10), 5 + rnd(200),
		    PICK(firms), PICK(firms), PICK(fragments), PICK(fragments),
		    1 + rnd(4), PICK(fragments), words(24));
		if (coordinated) {
			int closed = rnd(5) < 2, done = closed || rnd(2);

			m = atoi(date + 5);
			y = atoi(date);
			sf_buf_addf(&f, "status: %s\nscreening:\n"
			    "  date: %s\n  by: tf-drc\n  score: %u\n"
			    "meeting: %d-%02d-25-monthly\n"
			    "decision: 由牵头单位加快协调办理。\ntasks:\n"
			    "- 'no': 1\n  action: 加快办理审批手续\n  lead: %s\n"
			    "  due: %d-%02d-28\n  status: %s\n",
			    closed ? "closed" : "coordinated", date, rnd(10),
			    y, m, PICK(leads), y, m < 12 ? m + 1 : 12,
			    done ? "done" : "open");
			if (done)
				sf_buf_addf(&f, "  done: %d-%02d-20\n", y,
				    m < 12 ? m + 1 : 12);
			if (closed)
				sf_buf_addf(&f, "closure:\n  date: %d-%02d-27\n"
				    "  reason: resolved\n", y, m < 12 ? m + 1 :
				    12);
			sf_buf_addf(&items[(y - 2024 + years) * 12 + m - 1],
			    "- issue: %s\n  decision: 由牵头单位加快协调办理。\n",
			    id);
		} else if (rnd(5) == 0) {
			sf_buf_addf(&f, "status: accepted\nscreening:\n"
			    "  date: %s\n  by: tf-drc\n  score: %u\n", date,
			    rnd(10));
		} else {
			sf_buf_addstr(&f, "status: submitted\n");
		}
		sf_buf_reset(&path);
		sf_buf_addf(&path, "issues/%.4s/%.2s/%s.yaml", id, id + 4, id);
		sf_change_put(c, path.buf, f.buf, f.len);
	}
	for (i = 0; i < years * 12; i++) {
		y = 2024 - years + (int)(i / 12);
		m = (int)(i % 12) + 1;
		if (!items[i].len)
			continue;
		sf_buf_reset(&f);
		sf_buf_addf(&f, "id: %d-%02d-25-monthly\nkind: monthly\n"
		    "date: %d-%02d-25\nstatus: issued\nitems:\n%s"
		    "held: %d-%02d-25\nnumber: 〔%d〕%d号\n"
		    "issued: %d-%02d-28\n", y, m, y, m, items[i].buf, y, m, y,
		    m, y, m);
		sf_buf_reset(&path);
		sf_buf_addf(&path, "meetings/%d/%d-%02d-25-monthly.yaml", y, y,
		    m);
		sf_change_put(c, path.buf, f.buf, f.len);
		sf_buf_release(&items[i]);
	}
	free(items);
	sf_msg_init(&msg, "bench: %ld generated issues", n);
	sf_msg_trailer(&msg, "Sanfen-Action", "init");
	if (sf_store_init(argv[1], c, &msg, NULL) < 0) {
		fprintf(stderr, "gen: %s\n", sf_error_message());
		return 1;
	}
	sf_msg_release(&msg);
	sf_change_free(c);
	sf_buf_release(&f);
	sf_buf_release(&path);
	git_libgit2_shutdown();
	return 0;
}
