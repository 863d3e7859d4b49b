#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "error.h"
#include "i18n.h"
#include "strset.h"
#include "xalloc.h"
#include "yamlio.h"

const struct sf_yaml_limits sf_yaml_issue_limits = {
	.max_bytes = 1024 * 1024, .max_depth = 16, .max_scalar = 256 * 1024,
	.max_items = 10000, .max_nodes = 200000
};
const struct sf_yaml_limits sf_yaml_meeting_limits = {
	.max_bytes = 4 * 1024 * 1024, .max_depth = 16,
	.max_scalar = 256 * 1024, .max_items = 10000, .max_nodes = 400000
};

/*
 * Loading. Messages name the key path of the node in trouble: "material.
 * problem", "tasks[2].due" (list positions count from 1).
 */
struct loader {
	yaml_parser_t p;
	struct sf_arena *a;
	const char *file;
	const struct sf_yaml_limits *lim;
	size_t nodes;
	unsigned depth;
	char path[512];
};

__attribute__((format(printf, 4, 5)))
static int
fail_at(struct loader *ld, size_t line, size_t col, const char *fmt, ...)
{
	struct sf_loc loc = { .file = ld->file, .line = (unsigned)line + 1,
		.col = (unsigned)col + 1,
		.field = ld->path[0] ? ld->path : NULL };
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), sf_gettext(fmt), ap);
	va_end(ap);
	return sf_error_at(SF_EINVALID, &loc, "%s", msg);
}

__attribute__((format(printf, 3, 4)))
static int
fail_ev(struct loader *ld, const yaml_event_t *ev, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), sf_gettext(fmt), ap);
	va_end(ap);
	return fail_at(ld, ev->start_mark.line, ev->start_mark.column, "%s",
	    msg);
}

static int
parser_error(struct loader *ld)
{
	const yaml_mark_t *m = ld->p.problem ? &ld->p.problem_mark :
	    &ld->p.context_mark;
	const char *what = ld->p.problem ? ld->p.problem : ld->p.context;

	if (ld->p.error == YAML_MEMORY_ERROR)
		xmalloc((size_t)-1);
	if (ld->p.error == YAML_READER_ERROR)
		return fail_at(ld, 0, 0, "%s", what ? what :
		    "cannot read the input");
	return fail_at(ld, m->line, m->column, "%s", what ? what :
	    "malformed YAML");
}

static int
next(struct loader *ld, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&ld->p, ev))
		return parser_error(ld);
	return 0;
}

/* Control characters: C0 but tab and newline, DEL, and C1. */
static size_t
control_at(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			return i + 1;
		if (c == 0xc2 && i + 1 < len &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return i + 1;
	}
	return 0;
}

static struct sf_node *
new_node(struct loader *ld, enum sf_node_kind kind, const yaml_event_t *ev)
{
	struct sf_node *n = sf_arena_alloc(ld->a, sizeof(*n));

	n->kind = kind;
	n->line = (unsigned)ev->start_mark.line + 1;
	n->col = (unsigned)ev->start_mark.column + 1;
	return n;
}

static void
add_kid(struct sf_arena *a, struct sf_node *parent, struct sf_node *kid)
{
	if (parent->n == parent->alloc) {
		size_t alloc = parent->alloc ? parent->alloc * 2 : 8;
		struct sf_node **v = sf_arena_alloc(a, alloc * sizeof(*v));

		if (parent->n)
			memcpy(v, parent->kids, parent->n * sizeof(*v));
		parent->kids = v;
		parent->alloc = alloc;
	}
	parent->kids[parent->n++] = kid;
}

static int parse_node(struct loader *ld, yaml_event_t *ev,
    struct sf_node **out);

static int
check_props(struct loader *ld, const yaml_event_t *ev,
    const yaml_char_t *anchor, const yaml_char_t *tag)
{
	if (anchor)
		return fail_ev(ld, ev, "anchors are not allowed ('&%s')",
		    (const char *)anchor);
	if (tag)
		return fail_ev(ld, ev, "tags are not allowed ('%s')",
		    (const char *)tag);
	return 0;
}

static int
parse_scalar(struct loader *ld, yaml_event_t *ev, struct sf_node **out)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length, bad;
	struct sf_node *n;
	int rc;

	if ((rc = check_props(ld, ev, ev->data.scalar.anchor,
	    ev->data.scalar.tag)) < 0)
		return rc;
	if (len > ld->lim->max_scalar)
		return fail_ev(ld, ev, "%s", "value too long");
	if (memchr(v, '\0', len) || (bad = control_at(v, len)))
		return fail_ev(ld, ev, "%s", "control characters are not "
		    "allowed");
	n = new_node(ld, SF_NODE_SCALAR, ev);
	n->type = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ?
	    SF_PLAIN : SF_STR;
	n->str = sf_arena_strndup(ld->a, v, len);
	n->len = len;
	*out = n;
	return 0;
}

static size_t
push_path(struct loader *ld, const char *key, size_t index)
{
	size_t old = strlen(ld->path);
	size_t room = sizeof(ld->path) - old;

	if (key)
		snprintf(ld->path + old, room, old ? ".%s" : "%s", key);
	else
		snprintf(ld->path + old, room, "[%zu]", index);
	return old;
}

static int
parse_seq(struct loader *ld, yaml_event_t *ev, struct sf_node **out)
{
	struct sf_node *n = new_node(ld, SF_NODE_SEQ, ev), *kid;
	yaml_event_t e;
	size_t old;
	int rc;

	n->flow = ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
	for (;;) {
		if ((rc = next(ld, &e)) < 0)
			return rc;
		if (e.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&e);
			break;
		}
		if (n->n >= ld->lim->max_items) {
			rc = fail_ev(ld, &e, "%s", "too many items");
			yaml_event_delete(&e);
			return rc;
		}
		old = push_path(ld, NULL, n->n + 1);
		rc = parse_node(ld, &e, &kid);
		yaml_event_delete(&e);
		if (rc < 0)
			return rc;
		ld->path[old] = '\0';
		add_kid(ld->a, n, kid);
	}
	*out = n;
	return 0;
}

static int
parse_map(struct loader *ld, yaml_event_t *ev, struct sf_node **out)
{
	struct sf_node *n = new_node(ld, SF_NODE_MAP, ev), *kid;
	struct sf_strset keys = SF_STRSET_INIT;
	yaml_event_t k, v;
	const char *key;
	size_t old;
	int rc = 0;

	sf_strset_init(&keys);
	for (;;) {
		if ((rc = next(ld, &k)) < 0)
			break;
		if (k.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&k);
			break;
		}
		if (k.type != YAML_SCALAR_EVENT) {
			rc = fail_ev(ld, &k, "%s", "keys must be plain text");
			yaml_event_delete(&k);
			break;
		}
		if ((rc = check_props(ld, &k, k.data.scalar.anchor,
		    k.data.scalar.tag)) < 0 || (n->n >= ld->lim->max_items &&
		    (rc = fail_ev(ld, &k, "%s", "too many keys")) < 0)) {
			yaml_event_delete(&k);
			break;
		}
		key = sf_arena_strndup(ld->a, (const char *)k.data.scalar.value,
		    k.data.scalar.length);
		if (strlen(key) != k.data.scalar.length ||
		    control_at(key, strlen(key))) {
			rc = fail_ev(ld, &k, "%s", "control characters are not "
			    "allowed in keys");
			yaml_event_delete(&k);
			break;
		}
		old = push_path(ld, key, 0);
		if (!sf_strset_add(&keys, key)) {
			rc = fail_ev(ld, &k, "duplicate key '%s'", key);
			yaml_event_delete(&k);
			break;
		}
		if ((rc = next(ld, &v)) < 0) {
			yaml_event_delete(&k);
			break;
		}
		rc = parse_node(ld, &v, &kid);
		yaml_event_delete(&v);
		if (rc < 0) {
			yaml_event_delete(&k);
			break;
		}
		kid->key = key;
		kid->key_line = (unsigned)k.start_mark.line + 1;
		kid->key_col = (unsigned)k.start_mark.column + 1;
		yaml_event_delete(&k);
		ld->path[old] = '\0';
		add_kid(ld->a, n, kid);
	}
	sf_strset_clear(&keys);
	if (rc == 0)
		*out = n;
	return rc;
}

static int
parse_node(struct loader *ld, yaml_event_t *ev, struct sf_node **out)
{
	int rc;

	if (++ld->nodes > ld->lim->max_nodes)
		return fail_ev(ld, ev, "%s", "too many values in the document");
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return parse_scalar(ld, ev, out);
	case YAML_ALIAS_EVENT:
		return fail_ev(ld, ev, "aliases are not allowed ('*%s')",
		    (const char *)ev->data.alias.anchor);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (ev->type == YAML_SEQUENCE_START_EVENT)
			rc = check_props(ld, ev, ev->data.sequence_start.anchor,
			    ev->data.sequence_start.tag);
		else
			rc = check_props(ld, ev, ev->data.mapping_start.anchor,
			    ev->data.mapping_start.tag);
		if (rc < 0)
			return rc;
		if (++ld->depth > ld->lim->max_depth)
			return fail_ev(ld, ev, "%s", "nested too deeply");
		rc = ev->type == YAML_SEQUENCE_START_EVENT ?
		    parse_seq(ld, ev, out) : parse_map(ld, ev, out);
		ld->depth--;
		return rc;
	default:
		return fail_ev(ld, ev, "%s", "unexpected YAML event");
	}
}

/* 1-based line and column of byte offset off. */
static void
position(const char *s, size_t off, size_t *line, size_t *col)
{
	size_t i, l = 0, c = 0;

	for (i = 0; i < off; i++) {
		if (s[i] == '\n') {
			l++;
			c = 0;
		} else if (((unsigned char)s[i] & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

int
sf_yaml_load(struct sf_arena *a, const char *file, const char *data,
    size_t len, const struct sf_yaml_limits *lim, int allow_any_root,
    struct sf_node **out)
{
	struct loader ld;
	yaml_event_t ev;
	size_t bad, line, col;
	int rc;

	*out = NULL;
	if (len > lim->max_bytes)
		return sf_error(SF_EINVALID, "%s: file too large (%zu bytes, "
		    "limit %zu)", file, len, lim->max_bytes);
	/* a byte order mark, as editors on Windows write one: not part of
	 * the text (libyaml, told the encoding, would read it as such) */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	memset(&ld, 0, sizeof(ld));
	ld.a = a;
	ld.file = file;
	ld.lim = lim;
	if ((bad = sf_utf8_invalid_at(data, len))) {
		position(data, bad - 1, &line, &col);
		return fail_at(&ld, line, col, "%s", "invalid UTF-8");
	}
	if ((bad = control_at(data, len)) && data[bad - 1] != '\r') {
		position(data, bad - 1, &line, &col);
		return fail_at(&ld, line, col, "%s", "control characters are "
		    "not allowed");
	}
	/* a lone CR is a control character; CRLF line ends are fine */
	for (bad = 0; bad < len; bad++)
		if (data[bad] == '\r' && (bad + 1 >= len ||
		    data[bad + 1] != '\n')) {
			position(data, bad, &line, &col);
			return fail_at(&ld, line, col, "%s", "control "
			    "characters are not allowed");
		}
	if (!yaml_parser_initialize(&ld.p))
		xmalloc((size_t)-1);
	yaml_parser_set_input_string(&ld.p, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&ld.p, YAML_UTF8_ENCODING);
	if ((rc = next(&ld, &ev)) < 0)
		goto out;
	yaml_event_delete(&ev);		/* stream start */
	if ((rc = next(&ld, &ev)) < 0)
		goto out;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		*out = sf_node_map(a);
		goto out;
	}
	yaml_event_delete(&ev);		/* document start */
	if ((rc = next(&ld, &ev)) < 0)
		goto out;
	if (!allow_any_root && ev.type != YAML_MAPPING_START_EVENT &&
	    !(ev.type == YAML_SCALAR_EVENT && ev.data.scalar.length == 0 &&
	    ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE)) {
		rc = fail_ev(&ld, &ev, "%s", "the document must be a mapping "
		    "of keys to values");
		yaml_event_delete(&ev);
		goto out;
	}
	if (ev.type == YAML_SCALAR_EVENT && ev.data.scalar.length == 0 &&
	    !allow_any_root) {
		*out = sf_node_map(a);
		rc = 0;
	} else {
		rc = parse_node(&ld, &ev, out);
	}
	yaml_event_delete(&ev);
	if (rc < 0)
		goto out;
	if ((rc = next(&ld, &ev)) < 0)	/* document end */
		goto out;
	yaml_event_delete(&ev);
	if ((rc = next(&ld, &ev)) < 0)
		goto out;
	if (ev.type != YAML_STREAM_END_EVENT)
		rc = fail_ev(&ld, &ev, "%s", "only one document is allowed");
	yaml_event_delete(&ev);
out:
	yaml_parser_delete(&ld.p);
	if (rc < 0)
		*out = NULL;
	return rc;
}

/* Builders */

struct sf_node *
sf_node_map(struct sf_arena *a)
{
	struct sf_node *n = sf_arena_alloc(a, sizeof(*n));

	n->kind = SF_NODE_MAP;
	return n;
}

struct sf_node *
sf_node_seq(struct sf_arena *a)
{
	struct sf_node *n = sf_arena_alloc(a, sizeof(*n));

	n->kind = SF_NODE_SEQ;
	return n;
}

struct sf_node *
sf_node_scalar(struct sf_arena *a, enum sf_scalar_type t, const char *s)
{
	struct sf_node *n = sf_arena_alloc(a, sizeof(*n));

	n->kind = SF_NODE_SCALAR;
	n->type = t;
	n->str = sf_arena_strdup(a, s ? s : "");
	n->len = strlen(n->str);
	return n;
}

struct sf_node *
sf_node_str(struct sf_arena *a, const char *s)
{
	return sf_node_scalar(a, SF_STR, s);
}

struct sf_node *
sf_node_int(struct sf_arena *a, long long v)
{
	char s[32];

	snprintf(s, sizeof(s), "%lld", v);
	return sf_node_scalar(a, SF_INT, s);
}

struct sf_node *
sf_node_bool(struct sf_arena *a, int v)
{
	return sf_node_scalar(a, SF_BOOL, v ? "true" : "false");
}

struct sf_node *
sf_node_date(struct sf_arena *a, const char *ymd)
{
	return sf_node_scalar(a, SF_DATE, ymd);
}

struct sf_node *
sf_node_push(struct sf_arena *a, struct sf_node *seq, struct sf_node *child)
{
	add_kid(a, seq, child);
	return child;
}

struct sf_node *
sf_node_set(struct sf_arena *a, struct sf_node *map, const char *key,
    struct sf_node *child)
{
	child->key = sf_arena_strdup(a, key);
	add_kid(a, map, child);
	return child;
}

void
sf_node_set_text(struct sf_arena *a, struct sf_node *map, const char *key,
    const char *s)
{
	if (s)
		sf_node_set(a, map, key, sf_node_str(a, s));
}

void
sf_node_set_date(struct sf_arena *a, struct sf_node *map, const char *key,
    const char *s)
{
	if (s)
		sf_node_set(a, map, key, sf_node_date(a, s));
}

struct sf_node *
sf_node_get(const struct sf_node *map, const char *key)
{
	size_t i;

	if (!map || map->kind != SF_NODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (map->kids[i]->key && strcmp(map->kids[i]->key, key) == 0)
			return map->kids[i];
	return NULL;
}

int
sf_node_equal(const struct sf_node *x, const struct sf_node *y)
{
	size_t i;

	if (!x || !y)
		return x == y;
	if (x->kind != y->kind)
		return 0;
	if (x->kind == SF_NODE_SCALAR)
		return x->len == y->len && memcmp(x->str, y->str, x->len) == 0;
	if (x->n != y->n)
		return 0;
	for (i = 0; i < x->n; i++) {
		if (x->kind == SF_NODE_MAP &&
		    strcmp(x->kids[i]->key, y->kids[i]->key) != 0)
			return 0;
		if (!sf_node_equal(x->kids[i], y->kids[i]))
			return 0;
	}
	return 1;
}

/*
 * Plain scalars that YAML 1.1 (PyYAML) or 1.2 would resolve to something
 * other than a string.
 */
static const char *const typed_patterns[] = {
	"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|"
	    "on|On|ON|off|Off|OFF)$",
	"^(~|null|Null|NULL|<<|=)$",
	"^[-+]?0b[0-1_]+$",
	"^[-+]?0[0-7_]+$",
	"^[-+]?(0|[1-9][0-9_]*)$",
	"^[-+]?0x[0-9a-fA-F_]+$",
	"^[-+]?0o[0-7]+$",
	"^[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+$",
	"^[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?$",
	"^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$",
	"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*$",
	"^[-+]?\\.(inf|Inf|INF)$",
	"^\\.(nan|NaN|NAN)$",
	"^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
	    "(([Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](\\.[0-9]*)?"
	    "([ \t]*(Z|[-+][0-9][0-9]?(:[0-9][0-9])?))?)?$",
};
#define NTYPED (sizeof(typed_patterns) / sizeof(typed_patterns[0]))

int
sf_yaml_plain_is_typed(const char *s, size_t len)
{
	static regex_t re[NTYPED];
	static int compiled;
	char buf[128];
	size_t i;

	if (len == 0)
		return 1;
	if (len >= sizeof(buf))
		return 0;	/* nothing typed is that long */
	/* the first characters of every pattern: the regular expressions
	 * are not run on Chinese text */
	if (!strchr("yYnNtTfFoO~<=+-.0123456789", *s))
		return 0;
	if (!compiled) {
		for (i = 0; i < NTYPED; i++)
			if (regcomp(&re[i], typed_patterns[i],
			    REG_EXTENDED | REG_NOSUB) != 0)
				abort();
		compiled = 1;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	for (i = 0; i < NTYPED; i++)
		if (regexec(&re[i], buf, 0, NULL, 0) == 0)
			return 1;
	return 0;
}

size_t
sf_utf8_invalid_at(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n, k;
	uint32_t cp, min;

	while (i < len) {
		unsigned char c = s[i];

		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			n = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return i + 1;
		}
		for (k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				return i + 1;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i + 1;
		i += n + 1;
	}
	return 0;
}

/* Emitting YAML */

static int
write_buf(void *data, unsigned char *buffer, size_t size)
{
	sf_buf_add(data, buffer, size);
	return 1;
}

static int
emit(yaml_emitter_t *e, yaml_event_t *ev)
{
	if (!yaml_emitter_emit(e, ev))
		return sf_error(SF_ERROR, "cannot write YAML: %s",
		    e->problem ? e->problem : "emitter error");
	return 0;
}

static int
emit_scalar(yaml_emitter_t *e, const char *s, size_t len,
    yaml_scalar_style_t style)
{
	yaml_event_t ev;

	if (!yaml_scalar_event_initialize(&ev, NULL, NULL,
	    (yaml_char_t *)s, (int)len, 1, 1, style))
		xmalloc((size_t)-1);
	return emit(e, &ev);
}

static yaml_scalar_style_t
scalar_style(const struct sf_node *n)
{
	switch (n->type) {
	case SF_INT:
	case SF_NUM:
	case SF_BOOL:
	case SF_NULL:
	case SF_DATE:
		return YAML_PLAIN_SCALAR_STYLE;
	case SF_PLAIN:
		/* a hand-written plain scalar over several lines reads as
		 * one string with newlines: write it as a string would be */
		if (n->len && !memchr(n->str, '\n', n->len))
			return YAML_PLAIN_SCALAR_STYLE;
		/* fall through */
	case SF_STR:
	default:
		if (memchr(n->str, '\n', n->len))
			return YAML_LITERAL_SCALAR_STYLE;
		if (sf_yaml_plain_is_typed(n->str, n->len))
			return YAML_SINGLE_QUOTED_SCALAR_STYLE;
		return YAML_PLAIN_SCALAR_STYLE;
	}
}

static int
all_scalars(const struct sf_node *n)
{
	size_t i;

	for (i = 0; i < n->n; i++)
		if (n->kids[i]->kind != SF_NODE_SCALAR ||
		    memchr(n->kids[i]->str, '\n', n->kids[i]->len))
			return 0;
	return 1;
}

static int
emit_node(yaml_emitter_t *e, const struct sf_node *n)
{
	yaml_event_t ev;
	size_t i;
	int rc, flow;

	switch (n->kind) {
	case SF_NODE_SCALAR:
		/* an empty plain scalar is null: say so, or a document of
		 * nothing but it would read back as an empty mapping */
		if (n->type == SF_PLAIN && !n->len)
			return emit_scalar(e, "~", 1, YAML_PLAIN_SCALAR_STYLE);
		return emit_scalar(e, n->str, n->len, scalar_style(n));
	case SF_NODE_SEQ:
		flow = !n->n || (n->flow && all_scalars(n));
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
		    flow ? YAML_FLOW_SEQUENCE_STYLE :
		    YAML_BLOCK_SEQUENCE_STYLE);
		if ((rc = emit(e, &ev)) < 0)
			return rc;
		for (i = 0; i < n->n; i++)
			if ((rc = emit_node(e, n->kids[i])) < 0)
				return rc;
		yaml_sequence_end_event_initialize(&ev);
		return emit(e, &ev);
	case SF_NODE_MAP:
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
		    n->n ? YAML_BLOCK_MAPPING_STYLE : YAML_FLOW_MAPPING_STYLE);
		if ((rc = emit(e, &ev)) < 0)
			return rc;
		for (i = 0; i < n->n; i++) {
			const char *k = n->kids[i]->key ? n->kids[i]->key : "";

			if ((rc = emit_scalar(e, k, strlen(k),
			    sf_yaml_plain_is_typed(k, strlen(k)) ?
			    YAML_SINGLE_QUOTED_SCALAR_STYLE :
			    YAML_PLAIN_SCALAR_STYLE)) < 0 ||
			    (rc = emit_node(e, n->kids[i])) < 0)
				return rc;
		}
		yaml_mapping_end_event_initialize(&ev);
		return emit(e, &ev);
	}
	return sf_error(SF_ERROR, "cannot write YAML: bad node");
}

int
sf_yaml_emit(const struct sf_node *root, struct sf_buf *out)
{
	yaml_emitter_t e;
	yaml_event_t ev;
	int rc;

	if (!yaml_emitter_initialize(&e))
		xmalloc((size_t)-1);
	yaml_emitter_set_output(&e, write_buf, out);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_indent(&e, 2);
	yaml_emitter_set_width(&e, -1);
	yaml_emitter_set_break(&e, YAML_LN_BREAK);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	if ((rc = emit(&e, &ev)) < 0)
		goto out;
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	if ((rc = emit(&e, &ev)) < 0 || (rc = emit_node(&e, root)) < 0)
		goto out;
	yaml_document_end_event_initialize(&ev, 1);
	if ((rc = emit(&e, &ev)) < 0)
		goto out;
	yaml_stream_end_event_initialize(&ev);
	rc = emit(&e, &ev);
out:
	yaml_emitter_delete(&e);
	return rc;
}

/* JSON */

void
sf_json_quote(struct sf_buf *out, const char *s, size_t len)
{
	size_t i, run;

	sf_buf_addch(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned cp;
		size_t n;

		/* copy what needs no escape in one piece: ASCII, and UTF-8
		 * that neither controls a terminal nor reorders the text */
		for (run = i; run < len && (unsigned char)s[run] >= 0x20 &&
		    s[run] != '"' && s[run] != '\\' && s[run] != 0x7f; run++)
			if ((unsigned char)s[run] >= 0x80 &&
			    (n = sf_utf8_decode(s + run, &cp)) &&
			    run + n <= len) {
				if (sf_cp_control(cp))
					break;
				run += n - 1;
			}
		if (run > i) {
			sf_buf_add(out, s + i, run - i);
			i = run - 1;
			continue;
		}
		if (c == '"' || c == '\\') {
			sf_buf_addch(out, '\\');
			sf_buf_addch(out, c);
		} else if (c == '\n') {
			sf_buf_addstr(out, "\\n");
		} else if (c == '\t') {
			sf_buf_addstr(out, "\\t");
		} else if (c == '\r') {
			sf_buf_addstr(out, "\\r");
		} else if (c < 0x20 || c == 0x7f) {
			sf_buf_addf(out, "\\u%04x", c);
		} else if (c >= 0x80 && (n = sf_utf8_decode(s + i, &cp)) &&
		    i + n <= len && sf_cp_control(cp)) {
			/* C1 controls and the marks that reorder text */
			sf_buf_addf(out, "\\u%04x", cp);
			i += n - 1;
		} else {
			sf_buf_addch(out, c);
		}
	}
	sf_buf_addch(out, '"');
}

static void
indent(struct sf_buf *out, int ind, int level)
{
	if (!ind)
		return;
	sf_buf_addch(out, '\n');
	for (int i = 0; i < ind * level; i++)
		sf_buf_addch(out, ' ');
}

static void
json_node(const struct sf_node *n, struct sf_buf *out, int ind, int level)
{
	size_t i;

	switch (n->kind) {
	case SF_NODE_SCALAR:
		if (n->type == SF_INT || n->type == SF_NUM ||
		    n->type == SF_BOOL || n->type == SF_NULL)
			sf_buf_add(out, n->str, n->len);
		else
			sf_json_quote(out, n->str, n->len);
		return;
	case SF_NODE_SEQ:
	case SF_NODE_MAP:
		sf_buf_addch(out, n->kind == SF_NODE_SEQ ? '[' : '{');
		for (i = 0; i < n->n; i++) {
			if (i)
				sf_buf_addch(out, ',');
			indent(out, ind, level + 1);
			if (n->kind == SF_NODE_MAP) {
				const char *k = n->kids[i]->key ?
				    n->kids[i]->key : "";

				sf_json_quote(out, k, strlen(k));
				sf_buf_addstr(out, ind ? ": " : ":");
			}
			json_node(n->kids[i], out, ind, level + 1);
		}
		if (n->n)
			indent(out, ind, level);
		sf_buf_addch(out, n->kind == SF_NODE_SEQ ? ']' : '}');
		return;
	}
}

void
sf_json_emit(const struct sf_node *root, struct sf_buf *out, int ind)
{
	json_node(root, out, ind, 0);
}

void
sf_json_emit_at(const struct sf_node *n, struct sf_buf *out, int ind,
    int level)
{
	json_node(n, out, ind, level);
}
