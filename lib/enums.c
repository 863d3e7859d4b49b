#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "enums.h"
#include "error.h"
#include "xalloc.h"

/* count is the C enum's: a value added to one and not the other fails
 * the build, not a lookup */
#define ENUM(var, key, tab, count) \
	_Static_assert(sizeof(tab) / sizeof(tab[0]) == (count), \
	    #tab " and its C enum differ in length"); \
	const struct sf_enum var = { .name = key, .v = tab, .n = (int)(count) }

static const struct sf_enum_value subject_v[] = {
	{ "soe", "国企问题", "国企|国有企业|国有企业问题" },
	{ "private", "民企问题", "民企|民营企业|民营企业问题" },
	{ "city", "设区市问题", "设区市|市" },
	{ "other", "其他问题", "其他" },
};
ENUM(sf_enum_subject, "subject", subject_v, SF_SUBJ_COUNT);

static const struct sf_enum_value city_v[] = {
	{ "hangzhou", "杭州", "杭州市" },
	{ "ningbo", "宁波", "宁波市" },
	{ "wenzhou", "温州", "温州市" },
	{ "huzhou", "湖州", "湖州市" },
	{ "jiaxing", "嘉兴", "嘉兴市" },
	{ "shaoxing", "绍兴", "绍兴市" },
	{ "jinhua", "金华", "金华市" },
	{ "quzhou", "衢州", "衢州市" },
	{ "zhoushan", "舟山", "舟山市" },
	{ "taizhou", "台州", "台州市" },
	{ "lishui", "丽水", "丽水市" },
};
ENUM(sf_enum_city, "city", city_v, SF_CITY_COUNT);

static const struct sf_enum_value program_v[] = {
	{ "no1-digital", "数字经济创新提质“一号发展工程”",
	    "数字经济一号工程|一号发展工程|数字经济" },
	{ "no1-reform", "营商环境优化提升“一号改革工程”",
	    "营商环境一号工程|一号改革工程|营商环境" },
	{ "no1-opening", "“地瓜经济”提能升级“一号开放工程”",
	    "地瓜经济一号工程|一号开放工程|地瓜经济" },
	{ "major-1", "扩大有效投资“千项万亿”工程",
	    "qianxiang-wanyi|千项万亿|千项万亿工程" },
	{ "major-2", "“315”科技创新体系建设工程", "315|315工程" },
	{ "major-3", "“415X”先进制造业集群培育工程", "415X|415X工程" },
	{ "major-4", "服务业高质量发展“百千万”工程", "百千万|百千万工程" },
	{ "major-5", "世界一流强港和交通强省建设工程", "强港|交通强省" },
	{ "major-6", "县城承载能力提升和深化“千村示范、万村整治”工程",
	    "千万工程|县城承载能力" },
	{ "major-7", "跨乡镇土地综合整治工程", "土地综合整治" },
	{ "major-8", "文旅深度融合工程", "文旅融合" },
	{ "major-9", "绿色低碳发展和能源保供稳价工程",
	    "绿色低碳|能源保供稳价" },
	{ "major-10", "公共服务“七优享”工程", "七优享|七优享工程" },
	{ "other", "其他", NULL },
};
ENUM(sf_enum_program, "program", program_v, SF_PROG_COUNT);

static const struct sf_enum_value topic_v[] = {
	{ "progress", "项目推进", "推进" },
	{ "factors", "要素保障", "要素" },
	{ "approval", "前期审批", "审批" },
	{ "policy", "政策实施", "政策" },
	{ "other", "其他", NULL },
};
ENUM(sf_enum_topic, "topic", topic_v, SF_TOPIC_COUNT);

static const struct sf_enum_value level_v[] = {
	{ "county", "县级", "县|县（市、区）|区县" },
	{ "city", "市级", "市|设区市" },
	{ "province", "省级", "省" },
	{ "national", "国家级", "国家" },
};
ENUM(sf_enum_level, "level", level_v, SF_LEVEL_COUNT);

static const struct sf_enum_value source_v[] = {
	{ "unit", "单位提交", "提交" },
	{ "leader", "省委省政府领导交办", "领导交办|交办" },
	{ "inspection", "省委省政府督查发现", "督查发现|督查" },
};
ENUM(sf_enum_source, "source", source_v, SF_SRC_INSPECTION + 1);

static const struct sf_enum_value flag_v[] = {
	{ "cross-region", "跨区域", NULL },
	{ "cross-level", "跨层级", NULL },
	{ "cross-department", "跨部门", NULL },
	{ "typical", "典型性", "典型" },
};
ENUM(sf_enum_flag, "flag", flag_v, SF_FLAG_TYPICAL + 1);

static const struct sf_enum_value material_v[] = {
	{ "background", "项目基本情况", "基本情况" },
	{ "problem", "存在问题困难", "存在问题" },
	{ "prior", "前期协调情况", "前期协调" },
	{ "request", "主要诉求建议", "诉求建议" },
};
ENUM(sf_enum_material, "material", material_v, SF_MAT_COUNT);

static const struct sf_enum_value status_v[] = {
	{ "submitted", "已提交", "提交" },
	{ "accepted", "已通过筛选", "通过|待上会" },
	{ "rejected", "未通过筛选", "不上会|未通过" },
	{ "scheduled", "已列入议题", "已上会|列入议题" },
	{ "coordinated", "已协调", "协调" },
	{ "escalated", "已提交省领导", "提级|提交省领导" },
	{ "closed", "已销号", "销号" },
	{ "withdrawn", "已撤回", "撤回" },
};
ENUM(sf_enum_status, "status", status_v, SF_ST_COUNT);

static const struct sf_enum_value reason_v[] = {
	{ "resolved", "已解决", "解决" },
	{ "national", "涉及国家级权限", "国家级权限" },
	{ "regulation", "与法规规章不符", "法规规章" },
	{ "reality", "与实际情况冲突", "实际情况" },
	{ "infeasible", "经充分协调确实难以解决", "难以解决" },
};
ENUM(sf_enum_reason, "reason", reason_v, SF_RS_INFEASIBLE + 1);

static const struct sf_enum_value task_status_v[] = {
	{ "open", "落实中", "未完成" },
	{ "done", "已完成", "完成" },
};
ENUM(sf_enum_task_status, "task status", task_status_v, SF_TASK_DONE + 1);

static const struct sf_enum_value escalate_to_v[] = {
	{ "leader", "提交省政府领导协调", "省领导|省政府领导" },
	{ "special-meeting", "提交省政府专题会议", "专题会议|专题会" },
};
ENUM(sf_enum_escalate_to, "to", escalate_to_v, SF_ESC_SPECIAL_MEETING + 1);

static const struct sf_enum_value meeting_kind_v[] = {
	{ "monthly", "月度协调例会", "月度|月度例会" },
	{ "semiannual", "半年度会议", "半年度" },
	{ "annual", "年度会议", "年度" },
	{ "special", "专题会议", "专题" },
};
ENUM(sf_enum_meeting_kind, "kind", meeting_kind_v, SF_MK_COUNT);

static const struct sf_enum_value meeting_status_v[] = {
	{ "draft", "草拟", "草稿" },
	{ "proposed", "已报审", "报审" },
	{ "approved", "已审定", "审定" },
	{ "held", "已召开", "召开" },
	{ "minutes-approved", "纪要已审定", "纪要审定" },
	{ "issued", "纪要已印发", "印发" },
};
ENUM(sf_enum_meeting_status, "status", meeting_status_v, SF_MS_ISSUED + 1);

static const struct sf_enum_value exclusion_v[] = {
	{ "unlawful", "不符合依法依规要求", "依法依规" },
	{ "not-721", "不符合“721”工作要求", "721" },
	{ "local", "事权在市县层级", "市县事权" },
	{ "market", "完全市场化行为", "市场化" },
	{ "duplicate", "已协调过的同类问题", "同类问题|重复" },
};
ENUM(sf_enum_exclusion, "exclusion", exclusion_v, SF_EX_DUPLICATE + 1);

static const struct sf_enum_value priority_v[] = {
	{ "leader", "省委省政府领导交办", "领导交办" },
	{ "inspection", "省委省政府督查发现", "督查发现" },
	{ "qianxiang-wanyi", "“千项万亿”工程", "千项万亿" },
	{ "cross", "跨区域跨层级跨部门", "跨区域|跨层级|跨部门" },
	{ "typical", "典型性问题", "典型" },
};
ENUM(sf_enum_priority, "priority", priority_v, SF_PRI_COUNT);

static const struct sf_enum_value role_v[] = {
	{ "screen", "议题筛选", "筛选" },
	{ "agenda", "例会方案", "议题" },
	{ "minutes", "会议纪要", "纪要" },
	{ "supervise", "督办", NULL },
	{ "close", "销号", NULL },
	{ "admin", "台账管理", "管理" },
};
ENUM(sf_enum_role, "role", role_v, SF_ROLE_ADMIN + 1);

static const struct sf_enum_value unit_kind_v[] = {
	{ "city", "设区市", NULL },
	{ "taskforce", "专班", NULL },
	{ "department", "省级部门", "部门" },
	{ "other", "其他单位", "其他" },
};
ENUM(sf_enum_unit_kind, "kind", unit_kind_v, SF_UK_OTHER + 1);

/* s[0..n) equals t, ASCII case folded */
static int
same(const char *s, size_t n, const char *t)
{
	return strlen(t) == n && strncasecmp(s, t, n) == 0;
}

static int
in_aliases(const char *s, size_t n, const char *aliases)
{
	const char *p = aliases, *bar;

	while (p && *p) {
		bar = strchr(p, '|');
		if (!bar)
			return same(s, n, p);
		if ((size_t)(bar - p) == n && strncasecmp(s, p, n) == 0)
			return 1;
		p = bar + 1;
	}
	return 0;
}

int
sf_enum_lookup(const struct sf_enum *e, const char *s)
{
	size_t n;
	int i;

	if (!s)
		return -1;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n)
		return -1;
	for (i = 0; i < e->n; i++)
		if (same(s, n, e->v[i].token))
			return i;
	for (i = 0; i < e->n; i++)
		if (same(s, n, e->v[i].zh) || in_aliases(s, n, e->v[i].aliases))
			return i;
	return -1;
}

const char *
sf_enum_token(const struct sf_enum *e, int i)
{
	return i >= 0 && i < e->n ? e->v[i].token : NULL;
}

const char *
sf_enum_zh(const struct sf_enum *e, int i)
{
	return i >= 0 && i < e->n ? e->v[i].zh : NULL;
}

void
sf_enum_list(const struct sf_enum *e, struct sf_buf *out)
{
	int i;

	for (i = 0; i < e->n; i++)
		sf_buf_addf(out, "%s%s", i ? ", " : "", e->v[i].token);
}

int
sf_enum_parse_list(const struct sf_enum *e, const char *what, const char *list,
    unsigned *mask)
{
	char *copy = xstrdup(list), *p, *comma;
	struct sf_buf valid = SF_BUF_INIT;
	int i, rc = 0;

	/* a full-width comma "，" (three bytes) separates as "," does */
	while ((p = strstr(copy, "，")) != NULL) {
		*p = ',';
		memmove(p + 1, p + 3, strlen(p + 3) + 1);
	}
	for (p = copy;; p = comma + 1) {
		if ((comma = strchr(p, ',')) != NULL)
			*comma = '\0';
		if ((i = sf_enum_lookup(e, p)) < 0) {
			sf_enum_list(e, &valid);
			rc = sf_error(SF_EINVALID, "%s: unknown value '%s' "
			    "(expected %s)", what, p, valid.buf);
			break;
		}
		*mask |= 1u << i;
		if (!comma)
			break;
	}
	sf_buf_release(&valid);
	free(copy);
	return rc;
}
