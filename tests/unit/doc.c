/* Unit tests: lib/doc.c, the document model and its Markdown, HTML and
 * .docx renderings */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zip.h>

#include "buf.h"
#include "doc.h"
#include "error.h"

static char dir[] = "/tmp/sanfen-doc-XXXXXX";

/* The minutes of a meeting, as sf_minutes_doc lays them out: every kind
 * of block once, with text that needs escaping in each rendering. */
static void
minutes(struct sf_doc *d)
{
	static const char *const head[] = { "序号", "会议议定事项",
		"牵头单位" };
	static const char *const row[] = { "1", "加快用海报部审查|环评",
		"省自然资源厅\n宁波市" };
	static const char *const empty[] = { "2", NULL, "" };

	sf_doc_init(d);
	sf_doc_add(d, SF_B_MASTHEAD, "“三分”机制例会纪要", NULL);
	sf_doc_add(d, SF_B_NUMBER, "〔2024〕10号", NULL);
	sf_doc_add(d, SF_B_ISSUER, "省发展改革委", "2024年10月15日");
	sf_doc_add(d, SF_B_PARA, "会议议定事项如下：", NULL);
	sf_doc_add(d, SF_B_HEADING, "一、关于<码头>用海审批问题", NULL);
	sf_doc_add(d, SF_B_PARA, "由省自然资源厅牵头 & 报部；\n"
	    "省生态环境厅同步推进。\n", NULL);
	sf_doc_add(d, SF_B_ATTACH, "附件：事项落实责任清单", NULL);
	sf_doc_add(d, SF_B_LABELED, "出席：", "省发展改革委，省自然资源厅");
	sf_doc_add(d, SF_B_COLOPHON, "抄送：省政府办公厅。",
	    "省发展改革委　　2024年10月15日印发");
	sf_doc_add(d, SF_B_BREAK, NULL, NULL);
	sf_doc_add(d, SF_B_FIGURE, "<svg width=\"1\"></svg>\n", NULL);
	sf_doc_add(d, SF_B_TITLE, "事项落实责任清单", NULL);
	sf_doc_table(d, 3);
	sf_doc_row(d, head);
	sf_doc_row(d, row);
	sf_doc_row(d, empty);
}

static void
test_model(void **state)
{
	struct sf_doc d;
	char text[] = "原文";

	(void)state;
	sf_doc_init(&d);
	sf_doc_add(&d, SF_B_PARA, text, NULL);
	text[0] = 'x';		/* the block holds a copy */
	sf_doc_add(&d, SF_B_LABELED, "出席：", "某单位");
	sf_doc_table(&d, 2);
	sf_doc_row(&d, (const char *const[]){ "a", NULL });
	sf_doc_row(&d, (const char *const[]){ "b", "c" });
	assert_int_equal(d.n, 3);
	assert_int_equal(d.v[0].kind, SF_B_PARA);
	assert_string_equal(d.v[0].text, "原文");
	assert_null(d.v[0].text2);
	assert_string_equal(d.v[1].text2, "某单位");
	assert_int_equal(d.v[2].kind, SF_B_TABLE);
	assert_int_equal(d.v[2].ncols, 2);
	assert_int_equal(d.v[2].nrows, 2);
	assert_string_equal(d.v[2].rows[0][0], "a");
	assert_string_equal(d.v[2].rows[0][1], "");	/* NULL: empty */
	assert_string_equal(d.v[2].rows[1][1], "c");
	sf_doc_release(&d);
	assert_int_equal(d.n, 0);
	assert_null(d.v);
}

static void
test_markdown(void **state)
{
	struct sf_doc d;
	struct sf_buf out;

	(void)state;
	minutes(&d);
	sf_buf_init(&out);
	sf_doc_md(&d, &out);
	assert_string_equal(out.buf,
	    "# “三分”机制例会纪要\n\n"
	    "**〔2024〕10号**\n\n"
	    "省发展改革委　　2024年10月15日\n\n---\n\n"
	    "会议议定事项如下：\n\n"
	    "### 一、关于<码头>用海审批问题\n\n"
	    "由省自然资源厅牵头 & 报部；\n省生态环境厅同步推进。\n\n\n"
	    "附件：事项落实责任清单\n\n"
	    "**出席：**省发展改革委，省自然资源厅\n\n"
	    "---\n\n抄送：省政府办公厅。\n\n"
	    "省发展改革委　　2024年10月15日印发\n\n---\n\n"
	    "\n"
	    "## 事项落实责任清单\n\n"
	    "| 序号 | 会议议定事项 | 牵头单位 |\n"
	    "|---|---|---|\n"
	    "| 1 | 加快用海报部审查\\|环评 | 省自然资源厅<br>宁波市 |\n"
	    "| 2 |  |  |\n");
	sf_doc_release(&d);

	/* what a terminal would act on is escaped; the text's own line
	 * breaks and backslashes stay */
	sf_doc_init(&d);
	sf_doc_add(&d, SF_B_TITLE, "标题\xe2\x80\xae反转\x1b[31m", NULL);
	sf_doc_add(&d, SF_B_PARA, "a\\b\tc", NULL);
	sf_buf_reset(&out);
	sf_doc_md(&d, &out);
	assert_string_equal(out.buf, "## 标题\\u202e反转\\e[31m\n\n"
	    "a\\b\tc\n");
	sf_doc_release(&d);
	sf_buf_release(&out);
}

static void
test_html(void **state)
{
	static const char body[] =
	    "<body>\n"
	    "<h1 class=\"masthead\">“三分”机制例会纪要</h1>\n"
	    "<p class=\"number\">〔2024〕10号</p>\n"
	    "<div class=\"issuer\"><span>省发展改革委</span>"
	    "<span>2024年10月15日</span></div>\n"
	    "<p>会议议定事项如下：</p>\n"
	    "<h3>一、关于&lt;码头&gt;用海审批问题</h3>\n"
	    "<p>由省自然资源厅牵头 &amp; 报部；<br>省生态环境厅同步推进。"
	    "</p>\n"
	    "<p class=\"attach\">附件：事项落实责任清单</p>\n"
	    "<p class=\"labeled\"><b>出席：</b>省发展改革委，省自然资源厅"
	    "</p>\n"
	    "<div class=\"colophon\"><p>抄送：省政府办公厅。</p>"
	    "<p>省发展改革委　　2024年10月15日印发</p></div>\n"
	    "<div class=\"break\"></div>\n"
	    "<svg width=\"1\"></svg>\n"
	    "<h2>事项落实责任清单</h2>\n"
	    "<table>\n"
	    "<tr><th>序号</th><th>会议议定事项</th><th>牵头单位</th></tr>\n"
	    "<tr><td>1</td><td>加快用海报部审查|环评</td>"
	    "<td>省自然资源厅<br>宁波市</td></tr>\n"
	    "<tr><td>2</td><td></td><td></td></tr>\n"
	    "</table>\n"
	    "</body>\n</html>\n";
	static const char top[] =
	    "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<title>纪要 &lt;代拟稿&gt; &quot;2024&quot;</title>\n<style>\n";
	struct sf_doc d;
	struct sf_buf out;
	const char *p;

	(void)state;
	minutes(&d);
	sf_buf_init(&out);
	sf_doc_html(&d, "纪要 <代拟稿> \"2024\"", &out);
	assert_memory_equal(out.buf, top, strlen(top));
	/* the print style: A4, the official fonts */
	assert_non_null(strstr(out.buf, "@page { size: A4;"));
	assert_non_null(strstr(out.buf, "\"仿宋_GB2312\", \"仿宋\", "
	    "\"FangSong\""));
	assert_non_null(p = strstr(out.buf, "</style>\n</head>\n"));
	assert_string_equal(p + strlen("</style>\n</head>\n"), body);
	sf_doc_release(&d);
	sf_buf_release(&out);
}

/* The part name of the zip at path, as text. */
static char *
part(const char *path, const char *name)
{
	zip_t *z;
	zip_file_t *f;
	zip_stat_t st;
	char *s;
	int err;

	assert_non_null(z = zip_open(path, ZIP_RDONLY, &err));
	assert_int_equal(zip_stat(z, name, 0, &st), 0);
	/* a fixed time: the same minutes give the same bytes */
	assert_int_equal(st.mtime, 315532800);
	assert_non_null(f = zip_fopen(z, name, 0));
	s = calloc(1, st.size + 1);
	assert_non_null(s);
	assert_int_equal(zip_fread(f, s, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	zip_close(z);
	return s;
}

static void
test_docx(void **state)
{
	static const char *const names[] = { "[Content_Types].xml",
		"_rels/.rels", "word/document.xml",
		"word/_rels/document.xml.rels", "word/styles.xml",
		"word/footer1.xml" };
	struct sf_doc d;
	struct sf_buf a, b;
	char path[256], path2[256], *s;
	zip_t *z;
	size_t i;
	int err;

	(void)state;
	snprintf(path, sizeof(path), "%s/纪要.docx", dir);
	snprintf(path2, sizeof(path2), "%s/again.docx", dir);
	minutes(&d);
	assert_int_equal(sf_doc_docx(&d, path), 0);
	assert_int_equal(sf_doc_docx(&d, path2), 0);

	assert_non_null(z = zip_open(path, ZIP_RDONLY, &err));
	assert_int_equal(zip_get_num_entries(z, 0), 6);
	for (i = 0; i < 6; i++)
		assert_string_equal(zip_get_name(z, i, 0), names[i]);
	zip_close(z);

	s = part(path, "word/document.xml");
	/* the masthead in red 小标宋, 22 pt */
	assert_non_null(strstr(s, "<w:p><w:pPr><w:jc w:val=\"center\"/>"
	    "<w:spacing w:after=\"280\"/></w:pPr><w:r><w:rPr>"
	    "<w:rFonts w:ascii=\"方正小标宋简体\" "
	    "w:eastAsia=\"方正小标宋简体\" w:hAnsi=\"方正小标宋简体\" w:hint=\"eastAsia\"/><w:b/>"
	    "<w:color w:val=\"E00000\"/><w:sz w:val=\"44\"/></w:rPr>"
	    "<w:t xml:space=\"preserve\">“三分”机制例会纪要</w:t>"
	    "</w:r></w:p>\n"));
	/* escaped, and a line break inside a paragraph */
	assert_non_null(strstr(s, "一、关于&lt;码头&gt;用海审批问题</w:t>"));
	assert_non_null(strstr(s, "<w:t xml:space=\"preserve\">由省自然资源"
	    "厅牵头 &amp; 报部；</w:t><w:br/><w:t xml:space=\"preserve\">"
	    "省生态环境厅同步推进。</w:t></w:r></w:p>\n"));
	/* issuer and date on one line, split by a right tab */
	assert_non_null(strstr(s, "<w:t xml:space=\"preserve\">省发展改革委"
	    "</w:t><w:tab/><w:t>2024年10月15日</w:t>"));
	assert_non_null(strstr(s, "<w:br w:type=\"page\"/>"));
	/* three columns of the type area's width, the header row repeated */
	assert_non_null(strstr(s, "<w:gridCol w:w=\"2948\"/>"
	    "<w:gridCol w:w=\"2948\"/><w:gridCol w:w=\"2948\"/>"
	    "</w:tblGrid>\n<w:tr><w:trPr><w:tblHeader/></w:trPr>"));
	/* the figure is for HTML alone */
	assert_null(strstr(s, "svg"));
	assert_non_null(strstr(s, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
	free(s);
	s = part(path, "word/footer1.xml");
	assert_non_null(strstr(s, "<w:fldSimple w:instr=\"PAGE\">"));
	free(s);

	/* the same document, the same bytes */
	sf_buf_init(&a);
	sf_buf_init(&b);
	assert_int_equal(sf_buf_read_file(&a, path, 1 << 20), 0);
	assert_int_equal(sf_buf_read_file(&b, path2, 1 << 20), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	sf_buf_release(&a);
	sf_buf_release(&b);

	/* a directory that is not there: libzip finds out on writing */
	snprintf(path, sizeof(path), "%s/none/x.docx", dir);
	assert_int_equal(sf_doc_docx(&d, path), SF_EIO);
	snprintf(path2, sizeof(path2), "cannot write %s/none/x.docx: ", dir);
	assert_memory_equal(sf_error_message(), path2, strlen(path2));
	snprintf(path2, sizeof(path2), "%s/again.docx", dir);
	sf_doc_release(&d);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_docx),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
