#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "doc.h"
#include "error.h"
#include "xalloc.h"

void
sf_doc_init(struct sf_doc *d)
{
	memset(d, 0, sizeof(*d));
	d->arena = sf_arena_new();
}

void
sf_doc_release(struct sf_doc *d)
{
	free(d->v);
	sf_arena_free(d->arena);
	memset(d, 0, sizeof(*d));
}

void
sf_doc_add(struct sf_doc *d, enum sf_block_kind kind, const char *text,
    const char *text2)
{
	struct sf_block *b;

	d->v = xgrow(d->v, &d->alloc, d->n + 1, sizeof(*d->v));
	b = &d->v[d->n++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->text = text ? sf_arena_strdup(d->arena, text) : NULL;
	b->text2 = text2 ? sf_arena_strdup(d->arena, text2) : NULL;
}

void
sf_doc_table(struct sf_doc *d, size_t ncols)
{
	sf_doc_add(d, SF_B_TABLE, NULL, NULL);
	d->v[d->n - 1].ncols = ncols;
}

void
sf_doc_row(struct sf_doc *d, const char *const *cells)
{
	struct sf_block *b = &d->v[d->n - 1];
	const char ***rows = sf_arena_alloc(d->arena,
	    (b->nrows + 1) * sizeof(*rows));
	size_t i;

	if (b->nrows)
		memcpy(rows, b->rows, b->nrows * sizeof(*rows));
	rows[b->nrows] = sf_arena_alloc(d->arena, b->ncols * sizeof(char *));
	for (i = 0; i < b->ncols; i++)
		rows[b->nrows][i] = sf_arena_strdup(d->arena,
		    cells[i] ? cells[i] : "");
	b->rows = rows;
	b->nrows++;
}

/* Markdown */

static void
md_cell(struct sf_buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			sf_buf_addstr(out, "\\|");
		else if (*s == '\n')
			sf_buf_addstr(out, "<br>");
		else
			sf_buf_addch(out, *s);
	}
}

/* The document as Markdown, into out as it is built; sf_doc_md escapes
 * it whole (the markup itself holds no control). */
static void
md(const struct sf_doc *d, struct sf_buf *out)
{
	size_t i, r, c;

	for (i = 0; i < d->n; i++) {
		const struct sf_block *b = &d->v[i];

		switch (b->kind) {
		case SF_B_MASTHEAD:
			sf_buf_addf(out, "# %s\n\n", b->text);
			break;
		case SF_B_NUMBER:
			sf_buf_addf(out, "**%s**\n\n", b->text);
			break;
		case SF_B_ISSUER:
			sf_buf_addf(out, "%s　　%s\n\n---\n\n", b->text,
			    b->text2 ? b->text2 : "");
			break;
		case SF_B_TITLE:
			sf_buf_addf(out, "## %s\n\n", b->text);
			break;
		case SF_B_HEADING:
			sf_buf_addf(out, "### %s\n\n", b->text);
			break;
		case SF_B_PARA:
		case SF_B_ATTACH:
			sf_buf_addf(out, "%s\n\n", b->text);
			break;
		case SF_B_LABELED:
			sf_buf_addf(out, "**%s**%s\n\n", b->text,
			    b->text2 ? b->text2 : "");
			break;
		case SF_B_TABLE:
			for (r = 0; r < b->nrows; r++) {
				sf_buf_addch(out, '|');
				for (c = 0; c < b->ncols; c++) {
					sf_buf_addch(out, ' ');
					md_cell(out, b->rows[r][c]);
					sf_buf_addstr(out, " |");
				}
				sf_buf_addch(out, '\n');
				if (r == 0) {
					sf_buf_addch(out, '|');
					for (c = 0; c < b->ncols; c++)
						sf_buf_addstr(out, "---|");
					sf_buf_addch(out, '\n');
				}
			}
			sf_buf_addch(out, '\n');
			break;
		case SF_B_COLOPHON:
			sf_buf_addf(out, "---\n\n%s\n\n%s\n\n---\n\n",
			    b->text ? b->text : "", b->text2 ? b->text2 : "");
			break;
		case SF_B_BREAK:
			sf_buf_addstr(out, "\n");
			break;
		case SF_B_FIGURE:
			break;
		}
	}
	sf_buf_rtrim(out);
	sf_buf_addch(out, '\n');
}

void
sf_doc_md(const struct sf_doc *d, struct sf_buf *out)
{
	struct sf_buf t = SF_BUF_INIT;

	/* read in a terminal as often as not: nothing in a title or a
	 * note that a terminal would act on, or that reorders the text */
	md(d, &t);
	sf_buf_add_escaped_text(out, t.buf);
	sf_buf_release(&t);
}

/* HTML */

static void
esc(struct sf_buf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<':
			sf_buf_addstr(out, "&lt;");
			break;
		case '>':
			sf_buf_addstr(out, "&gt;");
			break;
		case '&':
			sf_buf_addstr(out, "&amp;");
			break;
		case '"':
			sf_buf_addstr(out, "&quot;");
			break;
		default:
			sf_buf_addch(out, *s);
		}
	}
}

/* Text with its line breaks as <br>. */
static void
esc_lines(struct sf_buf *out, const char *s)
{
	const char *nl;

	while (s && *s) {
		nl = strchr(s, '\n');
		if (!nl) {
			esc(out, s);
			break;
		}
		{
			char *line = xstrndup(s, (size_t)(nl - s));

			esc(out, line);
			free(line);
		}
		if (nl[1])
			sf_buf_addstr(out, "<br>");
		s = nl + 1;
	}
}

static const char html_style[] =
    "@page { size: A4; margin: 37mm 26mm 35mm 28mm;\n"
    "  @bottom-center { content: \"— \" counter(page) \" —\";\n"
    "    font-size: 14pt; font-family: \"宋体\", \"SimSun\", serif; } }\n"
    "body { font-family: \"仿宋_GB2312\", \"仿宋\", \"FangSong\", "
    "\"STFangsong\",\n"
    "  \"Noto Serif CJK SC\", serif; font-size: 16pt; line-height: 28.95pt;\n"
    "  width: 156mm; margin: 0 auto; color: #000; }\n"
    ".masthead { color: #e00000; text-align: center; font-size: 22pt;\n"
    "  font-family: \"方正小标宋简体\", \"FZXiaoBiaoSong-B05S\", \"小标宋\",\n"
    "  \"Noto Serif CJK SC\", serif; font-weight: bold; letter-spacing: "
    "0.1em;\n"
    "  margin: 0 0 14pt; }\n"
    ".number { text-align: center; margin: 0; }\n"
    ".issuer { display: flex; justify-content: space-between; margin: 0;\n"
    "  padding: 0 1em 6pt; border-bottom: 2pt solid #e00000; "
    "margin-bottom: 28pt; }\n"
    "h2 { text-align: center; font-size: 22pt; font-weight: bold;\n"
    "  font-family: \"方正小标宋简体\", \"小标宋\", \"Noto Serif CJK SC\", "
    "serif;\n"
    "  margin: 0 0 14pt; }\n"
    "h3 { font-family: \"黑体\", \"SimHei\", \"Noto Sans CJK SC\", "
    "sans-serif;\n"
    "  font-size: 16pt; font-weight: normal; text-indent: 2em; margin: 0; "
    "}\n"
    "p { text-indent: 2em; margin: 0; text-align: justify; }\n"
    "p.labeled b { font-family: \"黑体\", \"SimHei\", \"Noto Sans CJK SC\", "
    "sans-serif;\n"
    "  font-weight: normal; }\n"
    "p.attach { text-indent: 0; margin-top: 28pt; }\n"
    "table { border-collapse: collapse; width: 100%; font-size: 12pt;\n"
    "  line-height: 1.5; margin: 14pt 0; }\n"
    "th, td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: "
    "top; }\n"
    "th { font-family: \"黑体\", \"SimHei\", \"Noto Sans CJK SC\", "
    "sans-serif;\n"
    "  font-weight: normal; }\n"
    ".colophon { margin-top: 28pt; border-top: 1px solid #000;\n"
    "  border-bottom: 1px solid #000; font-size: 14pt; }\n"
    ".colophon p { text-indent: 1em; }\n"
    ".break { break-before: page; }\n"
    "figure { margin: 14pt 0; text-align: left; }\n"
    "figcaption { font-family: \"黑体\", \"SimHei\", \"Noto Sans CJK SC\", "
    "sans-serif; }\n";

void
sf_doc_html(const struct sf_doc *d, const char *title, struct sf_buf *out)
{
	size_t i, r, c;

	sf_buf_addstr(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>");
	esc(out, title);
	sf_buf_addf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n",
	    html_style);
	for (i = 0; i < d->n; i++) {
		const struct sf_block *b = &d->v[i];

		switch (b->kind) {
		case SF_B_MASTHEAD:
			sf_buf_addstr(out, "<h1 class=\"masthead\">");
			esc(out, b->text);
			sf_buf_addstr(out, "</h1>\n");
			break;
		case SF_B_NUMBER:
			sf_buf_addstr(out, "<p class=\"number\">");
			esc(out, b->text);
			sf_buf_addstr(out, "</p>\n");
			break;
		case SF_B_ISSUER:
			sf_buf_addstr(out, "<div class=\"issuer\"><span>");
			esc(out, b->text);
			sf_buf_addstr(out, "</span><span>");
			esc(out, b->text2);
			sf_buf_addstr(out, "</span></div>\n");
			break;
		case SF_B_TITLE:
			sf_buf_addstr(out, "<h2>");
			esc(out, b->text);
			sf_buf_addstr(out, "</h2>\n");
			break;
		case SF_B_HEADING:
			sf_buf_addstr(out, "<h3>");
			esc(out, b->text);
			sf_buf_addstr(out, "</h3>\n");
			break;
		case SF_B_PARA:
			sf_buf_addstr(out, "<p>");
			esc_lines(out, b->text);
			sf_buf_addstr(out, "</p>\n");
			break;
		case SF_B_ATTACH:
			sf_buf_addstr(out, "<p class=\"attach\">");
			esc(out, b->text);
			sf_buf_addstr(out, "</p>\n");
			break;
		case SF_B_LABELED:
			sf_buf_addstr(out, "<p class=\"labeled\"><b>");
			esc(out, b->text);
			sf_buf_addstr(out, "</b>");
			esc(out, b->text2);
			sf_buf_addstr(out, "</p>\n");
			break;
		case SF_B_TABLE:
			sf_buf_addstr(out, "<table>\n");
			for (r = 0; r < b->nrows; r++) {
				sf_buf_addstr(out, "<tr>");
				for (c = 0; c < b->ncols; c++) {
					sf_buf_addstr(out, r ? "<td>" : "<th>");
					esc_lines(out, b->rows[r][c]);
					sf_buf_addstr(out, r ? "</td>" :
					    "</th>");
				}
				sf_buf_addstr(out, "</tr>\n");
			}
			sf_buf_addstr(out, "</table>\n");
			break;
		case SF_B_COLOPHON:
			sf_buf_addstr(out, "<div class=\"colophon\">");
			if (b->text) {
				sf_buf_addstr(out, "<p>");
				esc(out, b->text);
				sf_buf_addstr(out, "</p>");
			}
			sf_buf_addstr(out, "<p>");
			esc(out, b->text2);
			sf_buf_addstr(out, "</p></div>\n");
			break;
		case SF_B_BREAK:
			sf_buf_addstr(out, "<div class=\"break\"></div>\n");
			break;
		case SF_B_FIGURE:
			sf_buf_addstr(out, b->text);
			break;
		}
	}
	sf_buf_addstr(out, "</body>\n</html>\n");
}

/* .docx: WordprocessingML in a zip */

static void
xesc(struct sf_buf *out, const char *s)
{
	esc(out, s);
}

#define FANGSONG "<w:rFonts w:ascii=\"仿宋_GB2312\" w:eastAsia=\"仿宋_GB2312\" " \
	"w:hAnsi=\"仿宋_GB2312\" w:hint=\"eastAsia\"/>"
#define HEITI "<w:rFonts w:ascii=\"黑体\" w:eastAsia=\"黑体\" w:hAnsi=\"黑体\" " \
	"w:hint=\"eastAsia\"/>"
#define XBS "<w:rFonts w:ascii=\"方正小标宋简体\" w:eastAsia=\"方正小标宋简体\" " \
	"w:hAnsi=\"方正小标宋简体\" w:hint=\"eastAsia\"/>"

/* One paragraph: props inside <w:pPr>, run props inside <w:rPr>, text
 * with line breaks as <w:br/>. */
static void
para(struct sf_buf *out, const char *ppr, const char *rpr, const char *text)
{
	const char *p = text ? text : "", *nl;

	sf_buf_addf(out, "<w:p><w:pPr>%s</w:pPr><w:r><w:rPr>%s</w:rPr>", ppr,
	    rpr);
	for (;;) {
		nl = strchr(p, '\n');
		sf_buf_addstr(out, "<w:t xml:space=\"preserve\">");
		if (nl) {
			char *line = xstrndup(p, (size_t)(nl - p));

			xesc(out, line);
			free(line);
		} else {
			xesc(out, p);
		}
		sf_buf_addstr(out, "</w:t>");
		if (!nl || !nl[1])
			break;
		sf_buf_addstr(out, "<w:br/>");
		p = nl + 1;
	}
	sf_buf_addstr(out, "</w:r></w:p>\n");
}

static void
docx_table(struct sf_buf *out, const struct sf_block *b)
{
	size_t r, c;

	sf_buf_addstr(out, "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" "
	    "w:type=\"pct\"/><w:tblBorders>");
	static const char *const sides[] = { "top", "left", "bottom", "right",
		"insideH", "insideV" };
	for (c = 0; c < 6; c++)
		sf_buf_addf(out, "<w:%s w:val=\"single\" w:sz=\"4\" "
		    "w:space=\"0\" w:color=\"000000\"/>", sides[c]);
	sf_buf_addstr(out, "</w:tblBorders></w:tblPr><w:tblGrid>");
	for (c = 0; c < b->ncols; c++)
		sf_buf_addf(out, "<w:gridCol w:w=\"%zu\"/>", 8844 / b->ncols);
	sf_buf_addstr(out, "</w:tblGrid>\n");
	for (r = 0; r < b->nrows; r++) {
		sf_buf_addstr(out, r ? "<w:tr>" : "<w:tr><w:trPr><w:tblHeader/>"
		    "</w:trPr>");
		for (c = 0; c < b->ncols; c++) {
			sf_buf_addstr(out, "<w:tc><w:tcPr><w:tcW w:w=\"0\" "
			    "w:type=\"auto\"/></w:tcPr>");
			para(out, r ? "<w:spacing w:line=\"360\" "
			    "w:lineRule=\"auto\"/>" : "<w:jc w:val=\"center\"/>",
			    r ? FANGSONG "<w:sz w:val=\"24\"/>" :
			    HEITI "<w:sz w:val=\"24\"/>", b->rows[r][c]);
			sf_buf_addstr(out, "</w:tc>");
		}
		sf_buf_addstr(out, "</w:tr>\n");
	}
	sf_buf_addstr(out, "</w:tbl>\n");
}

static void
docx_body(const struct sf_doc *d, struct sf_buf *out)
{
	static const char body_r[] = FANGSONG "<w:sz w:val=\"32\"/>";
	size_t i;

	sf_buf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" "
	    "standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas."
	    "openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://"
	    "schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	    "<w:body>\n");
	for (i = 0; i < d->n; i++) {
		const struct sf_block *b = &d->v[i];
		struct sf_buf t = SF_BUF_INIT;

		switch (b->kind) {
		case SF_B_MASTHEAD:
			para(out, "<w:jc w:val=\"center\"/><w:spacing "
			    "w:after=\"280\"/>", XBS "<w:b/><w:color "
			    "w:val=\"E00000\"/><w:sz w:val=\"44\"/>", b->text);
			break;
		case SF_B_NUMBER:
			para(out, "<w:jc w:val=\"center\"/>", body_r, b->text);
			break;
		case SF_B_ISSUER:
			sf_buf_addf(&t, "%s\t%s", b->text, b->text2 ?
			    b->text2 : "");
			/* a right tab for the date; the red rule below */
			sf_buf_addstr(out, "<w:p><w:pPr><w:pBdr><w:bottom "
			    "w:val=\"single\" w:sz=\"18\" w:space=\"4\" "
			    "w:color=\"E00000\"/></w:pBdr><w:tabs><w:tab "
			    "w:val=\"right\" w:pos=\"8800\"/></w:tabs><w:spacing "
			    "w:after=\"560\"/><w:ind w:left=\"320\" "
			    "w:right=\"320\"/></w:pPr><w:r><w:rPr>" FANGSONG
			    "<w:sz w:val=\"32\"/></w:rPr><w:t "
			    "xml:space=\"preserve\">");
			xesc(out, b->text);
			sf_buf_addstr(out, "</w:t><w:tab/><w:t>");
			xesc(out, b->text2);
			sf_buf_addstr(out, "</w:t></w:r></w:p>\n");
			sf_buf_release(&t);
			break;
		case SF_B_TITLE:
			para(out, "<w:jc w:val=\"center\"/><w:spacing "
			    "w:after=\"280\"/>", XBS "<w:sz w:val=\"44\"/>",
			    b->text);
			break;
		case SF_B_HEADING:
			para(out, "<w:ind w:firstLineChars=\"200\" "
			    "w:firstLine=\"640\"/>", HEITI
			    "<w:sz w:val=\"32\"/>", b->text);
			break;
		case SF_B_PARA:
			para(out, "<w:ind w:firstLineChars=\"200\" "
			    "w:firstLine=\"640\"/><w:jc w:val=\"both\"/>",
			    body_r, b->text);
			break;
		case SF_B_ATTACH:
			para(out, "<w:spacing w:before=\"560\"/>", body_r,
			    b->text);
			break;
		case SF_B_LABELED:
			sf_buf_addstr(out, "<w:p><w:pPr><w:ind "
			    "w:firstLineChars=\"200\" w:firstLine=\"640\"/>"
			    "</w:pPr><w:r><w:rPr>" HEITI "<w:sz w:val=\"32\"/>"
			    "</w:rPr><w:t>");
			xesc(out, b->text);
			sf_buf_addstr(out, "</w:t></w:r><w:r><w:rPr>" FANGSONG
			    "<w:sz w:val=\"32\"/></w:rPr><w:t "
			    "xml:space=\"preserve\">");
			xesc(out, b->text2);
			sf_buf_addstr(out, "</w:t></w:r></w:p>\n");
			break;
		case SF_B_TABLE:
			docx_table(out, b);
			break;
		case SF_B_COLOPHON:
			if (b->text)
				para(out, "<w:pBdr><w:top w:val=\"single\" "
				    "w:sz=\"4\" w:space=\"1\" w:color="
				    "\"000000\"/></w:pBdr><w:spacing w:before="
				    "\"560\"/><w:ind w:left=\"320\"/>",
				    FANGSONG "<w:sz w:val=\"28\"/>", b->text);
			para(out, "<w:pBdr><w:top w:val=\"single\" w:sz=\"4\" "
			    "w:space=\"1\" w:color=\"000000\"/><w:bottom "
			    "w:val=\"single\" w:sz=\"4\" w:space=\"1\" "
			    "w:color=\"000000\"/></w:pBdr><w:ind "
			    "w:left=\"320\"/>", FANGSONG "<w:sz w:val=\"28\"/>",
			    b->text2);
			break;
		case SF_B_BREAK:
			sf_buf_addstr(out, "<w:p><w:r><w:br w:type=\"page\"/>"
			    "</w:r></w:p>\n");
			break;
		case SF_B_FIGURE:
			break;
		}
	}
	/* A4, GB/T 9704 margins: top 37 mm, left 28 mm, type area 156 x
	 * 225 mm, 22 lines; page numbers in the footer */
	sf_buf_addstr(out, "<w:sectPr><w:footerReference w:type=\"default\" "
	    "r:id=\"rId2\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar "
	    "w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\" "
	    "w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/><w:docGrid "
	    "w:type=\"lines\" w:linePitch=\"579\"/></w:sectPr>\n"
	    "</w:body></w:document>\n");
}

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-"
    "package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    "</Types>\n";

static const char root_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas."
    "openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/></Relationships>\n";

static const char doc_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas."
    "openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas."
    "openxmlformats.org/officeDocument/2006/relationships/footer\" "
    "Target=\"footer1.xml\"/></Relationships>\n";

static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/"
    "2006/main\"><w:docDefaults><w:rPrDefault><w:rPr>" FANGSONG
    "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" "
    "w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    "<w:spacing w:line=\"579\" w:lineRule=\"exact\"/></w:pPr></w:pPrDefault>"
    "</w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" "
    "w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style></w:styles>\n";

static const char footer[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/"
    "2006/main\"><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr>"
    "<w:rFonts w:ascii=\"宋体\" w:eastAsia=\"宋体\" w:hAnsi=\"宋体\"/>"
    "<w:sz w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">— </w:t></w:r>"
    "<w:fldSimple w:instr=\"PAGE\"><w:r><w:rPr><w:sz w:val=\"28\"/></w:rPr>"
    "<w:t>1</w:t></w:r></w:fldSimple><w:r><w:rPr><w:sz w:val=\"28\"/>"
    "</w:rPr><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>\n";

static int
add_part(zip_t *z, const char *name, const char *data, size_t len)
{
	zip_source_t *src = zip_source_buffer(z, data, len, 0);
	zip_int64_t idx;

	if (!src)
		return -1;
	if ((idx = zip_file_add(z, name, src, ZIP_FL_OVERWRITE |
	    ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(src);
		return -1;
	}
	/* a fixed time: the same minutes give the same bytes */
	zip_file_set_mtime(z, (zip_uint64_t)idx, 315532800, 0);
	return 0;
}

int
sf_doc_docx(const struct sf_doc *d, const char *path)
{
	struct sf_buf body = SF_BUF_INIT;
	zip_t *z;
	int err, rc = 0;

	docx_body(d, &body);
	if (!(z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err))) {
		sf_buf_release(&body);
		return sf_error(SF_EIO, "cannot create %s", path);
	}
	if (add_part(z, "[Content_Types].xml", content_types,
	    strlen(content_types)) < 0 ||
	    add_part(z, "_rels/.rels", root_rels, strlen(root_rels)) < 0 ||
	    add_part(z, "word/document.xml", body.buf, body.len) < 0 ||
	    add_part(z, "word/_rels/document.xml.rels", doc_rels,
	    strlen(doc_rels)) < 0 ||
	    add_part(z, "word/styles.xml", styles, strlen(styles)) < 0 ||
	    add_part(z, "word/footer1.xml", footer, strlen(footer)) < 0) {
		rc = sf_error(SF_ERROR, "cannot write %s: %s", path,
		    zip_strerror(z));
		zip_discard(z);
	} else if (zip_close(z) < 0) {
		rc = sf_error(SF_EIO, "cannot write %s: %s", path,
		    zip_strerror(z));
		zip_discard(z);
	}
	sf_buf_release(&body);
	return rc;
}
