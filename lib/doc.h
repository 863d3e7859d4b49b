/*
 * A small document model for the papers sanfen prints (the 纪要, 督办
 * notices): a list of blocks in the GB/T 9704-2012 vocabulary, rendered
 * to Markdown, to HTML that prints on A4 in the official layout, and to an
 * editable .docx (Office Open XML, zipped with libzip).
 */
#ifndef SF_DOC_H
#define SF_DOC_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"

enum sf_block_kind {
	SF_B_MASTHEAD,	/* 版头: the red title (发文机关标志) */
	SF_B_NUMBER,	/* 〔2024〕10号, centred */
	SF_B_ISSUER,	/* issuer left, date right, over the red rule */
	SF_B_TITLE,	/* a document title, centred (attachment title) */
	SF_B_HEADING,	/* 一、…, 黑体 */
	SF_B_PARA,	/* body text, first line indented two characters */
	SF_B_LABELED,	/* 出席：names — label in 黑体 */
	SF_B_ATTACH,	/* 附件：… */
	SF_B_TABLE,	/* rows of cells, the first the header */
	SF_B_COLOPHON,	/* 抄送 and 印发 lines between rules */
	SF_B_BREAK,	/* a page break */
	SF_B_FIGURE	/* markup for HTML alone (an inline SVG chart) */
};

struct sf_block {
	enum sf_block_kind kind;
	const char *text;	/* main text (label for LABELED) */
	const char *text2;	/* second text: date, names, 印发 line */
	const char ***rows;	/* TABLE: rows of ncols cells */
	size_t nrows, ncols;
};

struct sf_doc {
	struct sf_arena *arena;
	struct sf_block *v;
	size_t n, alloc;
};

void sf_doc_init(struct sf_doc *d);
void sf_doc_release(struct sf_doc *d);
/* Append a block; the strings are copied. */
void sf_doc_add(struct sf_doc *d, enum sf_block_kind kind, const char *text,
    const char *text2);
/* Append a table of ncols columns; add rows with sf_doc_row. */
void sf_doc_table(struct sf_doc *d, size_t ncols);
void sf_doc_row(struct sf_doc *d, const char *const *cells);

/* Markdown, with controls and the marks that reorder text escaped
 * (sf_buf_add_escaped_text): it is read in terminals. */
void sf_doc_md(const struct sf_doc *d, struct sf_buf *out);
/* A whole HTML page with its print style (fonts fall back from
 * 仿宋_GB2312 to FangSong to Noto Serif CJK SC; no scripts). */
void sf_doc_html(const struct sf_doc *d, const char *title,
    struct sf_buf *out);
/* Write a .docx to path; SF_EIO / SF_ERROR on failure. */
int sf_doc_docx(const struct sf_doc *d, const char *path);

#endif
