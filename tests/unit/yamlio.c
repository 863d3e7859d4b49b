/* Unit tests: lib/yamlio.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "error.h"
#include "yamlio.h"

static const char golden[] =
    "id: 20241008-k3f9qa\n"
    "title: 宁波舟山港梅山港区某集装箱码头工程用海审批\n"
    "submitted: 2024-10-08\n"
    "contact: '2024'\n"
    "note: 'yes'\n"
    "empty: ''\n"
    "colon: 'a: b'\n"
    "tried: [county, city]\n"
    "material:\n"
    "  problem: |\n"
    "    项目用海需报国务院审批，\n"
    "    预计影响年内开工。\n"
    "  request: 请省自然资源厅加快报部审查\n"
    "tasks:\n"
    "- 'no': 1\n"
    "  action: 加快报部审查\n"
    "  support: [dept-eco]\n"
    "  due: 2024-11-30\n"
    "  done: null\n"
    "  deferred: true\n"
    "none: []\n"
    "nothing: {}\n";

static struct sf_node *
load(struct sf_arena *a, const char *text, int *rc)
{
	struct sf_node *root = NULL;

	*rc = sf_yaml_load(a, "t.yaml", text, strlen(text),
	    &sf_yaml_issue_limits, 0, &root);
	return root;
}

static void
refused(const char *text, const char *msg)
{
	struct sf_arena *a = sf_arena_new();
	int rc;

	assert_null(load(a, text, &rc));
	assert_int_equal(rc, SF_EINVALID);
	if (strcmp(sf_error_message(), msg) != 0)
		fail_msg("for %s\n got: %s\nwant: %s", text,
		    sf_error_message(), msg);
	sf_arena_free(a);
}

static void
test_load_tree(void **state)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_node *root, *n;
	int rc;

	root = load(a, golden, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(root->kind, SF_NODE_MAP);
	n = sf_node_get(root, "title");
	assert_string_equal(n->str, "宁波舟山港梅山港区某集装箱码头工程用海审批");
	assert_int_equal(n->type, SF_PLAIN);
	assert_int_equal(n->line, 2);
	assert_int_equal(n->col, 8);
	assert_int_equal(n->key_line, 2);
	assert_int_equal(n->key_col, 1);
	assert_int_equal(sf_node_get(root, "contact")->type, SF_STR);
	n = sf_node_get(sf_node_get(root, "material"), "problem");
	assert_string_equal(n->str, "项目用海需报国务院审批，\n预计影响年内开工。\n");
	n = sf_node_get(root, "tried");
	assert_int_equal(n->kind, SF_NODE_SEQ);
	assert_int_equal(n->n, 2);
	assert_true(n->flow);
	assert_string_equal(n->kids[1]->str, "city");
	assert_null(sf_node_get(root, "absent"));
	sf_arena_free(a);
}

static void
test_round_trip_bytes(void **state)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_buf out = SF_BUF_INIT;
	struct sf_node *root;
	int rc;

	root = load(a, golden, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(sf_yaml_emit(root, &out), 0);
	assert_string_equal(out.buf, golden);
	sf_buf_release(&out);
	sf_arena_free(a);
}

/* Found by the fuzzer: a plain scalar over two lines, written back once,
 * must then stay as it is. */
static void
test_multiline_plain_is_stable(void **state)
{
	static const char text[] = "a: first\n  second\nb: c\n";
	struct sf_arena *a = sf_arena_new();
	struct sf_buf one = SF_BUF_INIT, two = SF_BUF_INIT;
	struct sf_node *root;
	int rc;

	root = load(a, text, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(sf_node_get(root, "a")->str, "first second");
	assert_int_equal(sf_yaml_emit(root, &one), 0);
	root = load(a, one.buf, &rc);
	assert_int_equal(sf_yaml_emit(root, &two), 0);
	assert_string_equal(one.buf, two.buf);
	/* and with a real newline in it (a blank line folds to one) */
	root = load(a, "a: first\n\n  second\n", &rc);
	assert_string_equal(sf_node_get(root, "a")->str, "first\nsecond");
	sf_buf_reset(&one);
	sf_buf_reset(&two);
	assert_int_equal(sf_yaml_emit(root, &one), 0);
	assert_string_equal(one.buf, "a: |-\n  first\n  second\n");
	root = load(a, one.buf, &rc);
	assert_int_equal(sf_yaml_emit(root, &two), 0);
	assert_string_equal(one.buf, two.buf);
	sf_buf_release(&one);
	sf_buf_release(&two);
	sf_arena_free(a);
}

/* Found by the fuzzer: brackets inside text are text, however many. */
static void
test_brackets_in_text(void **state)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_node *root;
	int rc;

	root = load(a, "a: |\n  x [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [\n"
	    "b: \"[ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [\"\n", &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(sf_node_get(root, "b")->len, 41);
	sf_arena_free(a);
}

/* Found by the fuzzer: an empty document as a scalar is written as null,
 * not as nothing (which would read back as an empty mapping). */
static void
test_empty_root_scalar(void **state)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_buf out = SF_BUF_INIT;
	struct sf_node *root;

	assert_int_equal(sf_yaml_load(a, "t", "---\n", 4,
	    &sf_yaml_issue_limits, 1, &root), 0);
	assert_int_equal(sf_yaml_emit(root, &out), 0);
	assert_string_equal(out.buf, "~\n");
	sf_buf_release(&out);
	sf_arena_free(a);
}

static void
test_emit_built_tree(void **state)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_buf out = SF_BUF_INIT;
	struct sf_node *root = sf_node_map(a), *seq, *m;

	sf_node_set(a, root, "id", sf_node_str(a, "20241008-k3f9qa"));
	sf_node_set(a, root, "year", sf_node_str(a, "2024"));
	sf_node_set(a, root, "when", sf_node_str(a, "2024-10-08"));
	sf_node_set(a, root, "date", sf_node_date(a, "2024-10-08"));
	sf_node_set(a, root, "no", sf_node_int(a, 3));
	sf_node_set(a, root, "score", sf_node_scalar(a, SF_NUM, "0.83"));
	sf_node_set(a, root, "ok", sf_node_bool(a, 1));
	sf_node_set(a, root, "text", sf_node_str(a, "第一行\n第二行"));
	sf_node_set(a, root, "hash", sf_node_str(a, "#1 问题"));
	seq = sf_node_set(a, root, "flags", sf_node_seq(a));
	seq->flow = 1;
	sf_node_push(a, seq, sf_node_str(a, "cross-region"));
	sf_node_push(a, seq, sf_node_str(a, "typical"));
	seq = sf_node_set(a, root, "list", sf_node_seq(a));
	m = sf_node_push(a, seq, sf_node_map(a));
	sf_node_set(a, m, "unit", sf_node_str(a, "宁波"));
	assert_int_equal(sf_yaml_emit(root, &out), 0);
	assert_string_equal(out.buf,
	    "id: 20241008-k3f9qa\n"
	    "year: '2024'\n"
	    "when: '2024-10-08'\n"
	    "date: 2024-10-08\n"
	    "'no': 3\n"	/* YAML 1.1 reads a plain no as false */
	    "score: 0.83\n"
	    "ok: true\n"
	    "text: |-\n"
	    "  第一行\n"
	    "  第二行\n"
	    "hash: '#1 问题'\n"
	    "flags: [cross-region, typical]\n"
	    "list:\n"
	    "- unit: 宁波\n");
	sf_buf_release(&out);
	sf_arena_free(a);
}

static void
test_json(void **state)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_buf out = SF_BUF_INIT;
	struct sf_node *root = sf_node_map(a), *seq;

	sf_node_set(a, root, "title", sf_node_str(a, "宁波\"港\"\n\001"));
	sf_node_set(a, root, "no", sf_node_int(a, 2));
	sf_node_set(a, root, "date", sf_node_date(a, "2024-10-08"));
	sf_node_set(a, root, "null", sf_node_scalar(a, SF_NULL, "null"));
	seq = sf_node_set(a, root, "tried", sf_node_seq(a));
	sf_node_push(a, seq, sf_node_str(a, "county"));
	sf_node_set(a, root, "empty", sf_node_seq(a));
	sf_json_emit(root, &out, 0);
	assert_string_equal(out.buf, "{\"title\":\"宁波\\\"港\\\"\\n\\u0001\","
	    "\"no\":2,\"date\":\"2024-10-08\",\"null\":null,"
	    "\"tried\":[\"county\"],\"empty\":[]}");
	sf_buf_reset(&out);
	sf_json_emit(seq, &out, 2);
	assert_string_equal(out.buf, "[\n  \"county\"\n]");
	sf_buf_release(&out);
	sf_arena_free(a);
}

/* JSON holds the marks that reorder text, and the C1 controls, as
 * \uXXXX: valid JSON that prints safely, the same string once decoded */
static void
test_json_controls(void **state)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_buf out = SF_BUF_INIT;

	sf_json_quote(&out, "宁波\xe2\x80\xae港\xe2\x80\x8f\xc2\x9b" "1m"
	    "\xe2\x81\xa6x\xe2\x81\xa9\x1b", strlen("宁波\xe2\x80\xae港"
	    "\xe2\x80\x8f\xc2\x9b" "1m\xe2\x81\xa6x\xe2\x81\xa9\x1b"));
	assert_string_equal(out.buf, "\"宁波\\u202e港\\u200f\\u009b1m"
	    "\\u2066x\\u2069\\u001b\"");
	/* the rest of UTF-8 as it is */
	sf_buf_reset(&out);
	sf_json_quote(&out, "〔2024〕—é\xf0\x9f\x98\x80", strlen("〔2024〕—é"
	    "\xf0\x9f\x98\x80"));
	assert_string_equal(out.buf, "\"〔2024〕—é\xf0\x9f\x98\x80\"");
	/* a mark cut by len is not read past it */
	sf_buf_reset(&out);
	sf_json_quote(&out, "a\xe2\x80\xae", 3);
	assert_int_equal(out.len, 5);
	sf_buf_release(&out);
	sf_arena_free(a);
}

/* A byte order mark, as Windows editors write it, is not the text. */
static void
test_bom(void **state)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_node *root;
	int rc;

	root = load(a, "\xef\xbb\xbftitle: 宁波\nid: x\n", &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(sf_node_get(root, "title")->str, "宁波");
	root = load(a, "\xef\xbb\xbf", &rc);
	assert_int_equal(rc, 0);
	/* errors still on the line and column the editor shows */
	refused("\xef\xbb\xbftitle: 宁波\ntitle: x\n",
	    "t.yaml:2:1: title: duplicate key 'title'");
	/* only at the start */
	assert_null(load(a, "title: \xef\xbb\xbf\n\xef\xbb\xbfid: x\n", &rc));
	assert_int_equal(rc, SF_EINVALID);
	sf_arena_free(a);
}

static void
test_typed_plain(void **state)
{
	static const char *const typed[] = { "2024", "0x1f", "1_000", "1:20",
		"3.5", ".inf", "-.INF", ".nan", "yes", "No", "ON", "off", "y",
		"~", "null", "NULL", "", "2024-10-08", "2024-10-08 10:00:00",
		"2024-10-08T10:00:00+08:00", "1e3", "0o17", "017", "+12",
		"true", "False", "<<" };
	static const char *const plain[] = { "宁波", "hangzhou", "2024Q4",
		"20241008-k3f9qa", "2024-10-15-monthly", "major-1", "a: b",
		"no1-digital", "1.2.3", "yes please", "〔2024〕10号" };
	size_t i;

	for (i = 0; i < sizeof(typed) / sizeof(typed[0]); i++)
		if (!sf_yaml_plain_is_typed(typed[i], strlen(typed[i])))
			fail_msg("'%s' should read as typed", typed[i]);
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (sf_yaml_plain_is_typed(plain[i], strlen(plain[i])))
			fail_msg("'%s' should read as a string", plain[i]);
}

static void
test_refusals(void **state)
{
	refused("a: 1\nb: 2\na: 3\n", "t.yaml:3:1: a: duplicate key 'a'");
	refused("a: &x 1\nb: *x\n", "t.yaml:1:4: a: anchors are not allowed "
	    "('&x')");
	refused("b: *x\n", "t.yaml:1:4: b: aliases are not allowed ('*x')");
	refused("a: !!str x\n", "t.yaml:1:4: a: tags are not allowed "
	    "('tag:yaml.org,2002:str')");
	refused("a: 1\n---\nb: 2\n", "t.yaml:2:1: only one document is "
	    "allowed");
	refused("- a\n", "t.yaml:1:1: the document must be a mapping of keys "
	    "to values");
	refused("a: \"x\\0y\"\n", "t.yaml:1:4: a: control characters are not "
	    "allowed");
	refused("a: \"x\\ey\"\n", "t.yaml:1:4: a: control characters are not "
	    "allowed");
	refused("a: x\001y\n", "t.yaml:1:5: control characters are not "
	    "allowed");
	refused("a: 宁\xff\n", "t.yaml:1:5: invalid UTF-8");
	refused("a: \xed\xa0\x80\n", "t.yaml:1:4: invalid UTF-8");
	refused("a: \xc0\xaf\n", "t.yaml:1:4: invalid UTF-8");
	refused("title: [x\n", "t.yaml:2:1: title: did not find expected ',' "
	    "or ']'");
	refused("? [a]\n: b\n", "t.yaml:1:3: keys must be plain text");
	refused("a:\n  b:\n    c:\n      d:\n        e:\n          f:\n"
	    "            g:\n              h:\n                i:\n"
	    "                  j:\n                    k:\n"
	    "                      l:\n                        m:\n"
	    "                          n:\n                            o:\n"
	    "                              p:\n"
	    "                                q: 1\n",
	    "t.yaml:17:33: a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p: nested too "
	    "deeply");
}

static void
test_limits(void **state)
{
	struct sf_yaml_limits lim = { .max_bytes = 64, .max_depth = 4,
		.max_scalar = 8, .max_items = 3, .max_nodes = 100 };
	struct sf_arena *a = sf_arena_new();
	struct sf_node *root;
	char *big;
	clock_t t0;
	int rc;

	rc = sf_yaml_load(a, "t", "a: 123456789\n", 13, &lim, 0, &root);
	assert_int_equal(rc, SF_EINVALID);
	assert_string_equal(sf_error_message(), "t:1:4: a: value too long");
	rc = sf_yaml_load(a, "t", "a: [1, 2, 3, 4]\n", 16, &lim, 0, &root);
	assert_string_equal(sf_error_message(), "t:1:14: a: too many items");
	big = malloc(100);
	memset(big, 'a', 99);
	big[99] = 0;
	rc = sf_yaml_load(a, "t", big, 99, &lim, 0, &root);
	assert_string_equal(sf_error_message(),
	    "t: file too large (99 bytes, limit 64)");
	free(big);
	/* a megabyte of "[" is refused at once, not parsed */
	big = malloc(1 << 20);
	memcpy(big, "a: ", 3);
	memset(big + 3, '[', (1 << 20) - 3);
	t0 = clock();
	rc = sf_yaml_load(a, "t", big, (1 << 20) - 1, &sf_yaml_issue_limits,
	    0, &root);
	assert_int_equal(rc, SF_EINVALID);
	/* libyaml scans lazily: the depth check stops it at once */
	assert_string_equal(sf_error_message(), "t:1:19: a[1][1][1][1][1][1]"
	    "[1][1][1][1][1][1][1][1][1]: nested too deeply");
	assert_true(clock() - t0 < CLOCKS_PER_SEC);
	free(big);
	rc = sf_yaml_load(a, "t", "", 0, &lim, 0, &root);
	assert_int_equal(rc, 0);
	assert_int_equal(root->kind, SF_NODE_MAP);
	assert_int_equal(root->n, 0);
	sf_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_tree),
		cmocka_unit_test(test_round_trip_bytes),
		cmocka_unit_test(test_multiline_plain_is_stable),
		cmocka_unit_test(test_brackets_in_text),
		cmocka_unit_test(test_empty_root_scalar),
		cmocka_unit_test(test_emit_built_tree),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_controls),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_typed_plain),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
