#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "admin.h"
#include "config.h"
#include "enums.h"
#include "error.h"
#include "units.h"
#include "xalloc.h"
#include "yamlio.h"

/*
 * The edits work on lines, which is how a person sees a YAML file: a value
 * on its key's line is replaced in place, keeping the comment after it; a
 * value on the lines below its key (a block list) is replaced by a flow
 * one; a new key goes after the last line of its mapping, indented like
 * its siblings. The loader's positions (line, column in characters) say
 * where each node stands. One edit at a time, the text loaded afresh
 * before the next, so no position is ever stale.
 */

static const char config_file[] = ".sanfen/config.yaml";
static const char units_file[] = "units.yaml";

struct text {
	const char *s;
	size_t len;
};

static size_t
next_line(const struct text *t, size_t off)
{
	const char *nl = memchr(t->s + off, '\n', t->len - off);

	return nl ? (size_t)(nl - t->s) + 1 : t->len;
}

static size_t
line_end(const struct text *t, size_t off)
{
	const char *nl = memchr(t->s + off, '\n', t->len - off);

	return nl ? (size_t)(nl - t->s) : t->len;
}

/* The offset of 1-based line, or len when there are fewer. */
static size_t
line_off(const struct text *t, unsigned line)
{
	size_t off = 0;

	while (--line > 0 && off < t->len)
		off = next_line(t, off);
	return off;
}

/* The offset of 1-based column col (characters) of the line at off. */
static size_t
col_off(const struct text *t, size_t off, unsigned col)
{
	while (--col > 0 && off < t->len && t->s[off] != '\n') {
		off++;
		while (off < t->len && (t->s[off] & 0xc0) == 0x80)
			off++;
	}
	return off;
}

/* The indentation of the line at off; *content 0 when blank or a comment. */
static size_t
indent_of(const struct text *t, size_t off, int *content)
{
	size_t i = off;

	while (i < t->len && t->s[i] == ' ')
		i++;
	*content = i < t->len && t->s[i] != '\n' && t->s[i] != '#' &&
	    t->s[i] != '\r';
	return i - off;
}

/*
 * Where the block from the line at off ends: after its last line of
 * content, the block being the lines until one of content indented at
 * most ind (at ind itself a "- " item goes on when seq: a list may stand
 * at its key's indentation). Comments and blank lines after the last
 * content line belong to what follows.
 */
static size_t
block_end(const struct text *t, size_t off, long ind, int seq)
{
	size_t end = off, n;
	int content;

	for (; off < t->len; off = next_line(t, off)) {
		n = indent_of(t, off, &content);
		if (!content)
			continue;
		if ((long)n < ind || ((long)n == ind && !(seq &&
		    t->s[off + n] == '-' && (off + n + 1 >= t->len ||
		    t->s[off + n + 1] == ' ' || t->s[off + n + 1] == '\n'))))
			break;
		end = next_line(t, off);
	}
	return end;
}

/*
 * The end of the value at off on its line (which ends at lend): after a
 * closing quote or bracket, or after a plain scalar n written as is; 0
 * when the value goes on to the lines below.
 */
static size_t
value_end(const struct text *t, size_t off, size_t lend,
    const struct sf_node *n)
{
	const char *s = t->s;
	size_t i = off + 1;
	int depth = 0, q = 0;

	switch (s[off]) {
	case '\'':
		for (; i < lend; i++) {
			if (s[i] != '\'')
				continue;
			if (i + 1 < lend && s[i + 1] == '\'') {
				i++;
				continue;
			}
			return i + 1;
		}
		return 0;
	case '"':
		for (; i < lend; i++)
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				return i + 1;
		return 0;
	case '[':
	case '{':
		for (i = off; i < lend; i++) {
			if (q) {
				if (s[i] == q && (q != '\'' || s[i + 1] != '\''))
					q = 0;
				else if (q == '\'' && s[i] == '\'')
					i++;
				else if (q == '"' && s[i] == '\\')
					i++;
			} else if (s[i] == '\'' || s[i] == '"') {
				q = s[i];
			} else if (s[i] == '[' || s[i] == '{') {
				depth++;
			} else if ((s[i] == ']' || s[i] == '}') && !--depth) {
				return i + 1;
			}
		}
		return 0;
	case '|':
	case '>':
		return 0;
	}
	if (n->kind == SF_NODE_SCALAR && off + n->len <= lend &&
	    memcmp(s + off, n->str, n->len) == 0)
		return off + n->len;
	return 0;
}

/* out = t with [from, to) replaced by what */
static void
splice(const struct text *t, size_t from, size_t to, const char *what,
    struct sf_buf *out)
{
	sf_buf_add(out, t->s, from);
	sf_buf_addstr(out, what);
	sf_buf_add(out, t->s + to, t->len - to);
}

/* The value of map's kid v (whose key is at key_line) becomes val; NULL
 * removes the key. */
static void
replace_value(const struct text *t, const struct sf_node *v, const char *val,
    struct sf_buf *out)
{
	size_t kl = line_off(t, v->key_line), lend = line_end(t, kl);
	size_t ind = v->key_col - 1, k, from, end = 0;
	struct sf_buf b = SF_BUF_INIT;

	if (!val) {
		splice(t, kl, block_end(t, next_line(t, kl), (long)ind, 1),
		    "", out);
		return;
	}
	if (v->line == v->key_line) {
		from = col_off(t, line_off(t, v->line), v->col);
		end = value_end(t, from, lend, v);
	}
	if (end) {
		sf_buf_add(out, t->s, from);
		sf_buf_addstr(out, val);
		sf_buf_add(out, t->s + end, t->len - end);
		return;
	}
	/* after "key:", through the block below */
	k = col_off(t, kl, v->key_col);
	while (k < lend && t->s[k] != ':')
		k++;
	sf_buf_addf(&b, " %s\n", val);
	splice(t, k + 1, block_end(t, next_line(t, kl), (long)ind, 1),
	    b.buf, out);
	sf_buf_release(&b);
}

/* Add "key: val" (lines, for the keys of path not yet there) to the block
 * mapping map, after its last line. */
static int
insert_key(const struct text *t, const struct sf_node *map, int root,
    const char *const *keys, size_t nkeys, const char *val,
    struct sf_buf *out)
{
	struct sf_buf b = SF_BUF_INIT;
	size_t at, ind, i;

	if (!root && map->n && t->s[col_off(t, line_off(t, map->line),
	    map->col)] == '{')
		return sf_error(SF_EINVALID, "'%s' is written in flow style: "
		    "edit it by hand", keys[0]);
	if (map->n) {
		const struct sf_node *last = map->kids[map->n - 1];

		ind = map->kids[0]->key_col - 1;
		at = block_end(t, next_line(t, line_off(t, last->key_line)),
		    (long)ind, 1);
	} else if (root) {
		ind = 0;
		at = t->len;
	} else {
		return sf_error(SF_EINVALID, "'%s' is written in flow style "
		    "or empty: edit it by hand", keys[0]);
	}
	if (at > 0 && t->s[at - 1] != '\n')
		sf_buf_addch(&b, '\n');
	for (i = 0; i < nkeys; i++)
		sf_buf_addf(&b, "%*s%s:%s", (int)(ind + 2 * i), "", keys[i],
		    i + 1 < nkeys ? "\n" : "");
	sf_buf_addf(&b, " %s\n", val);
	splice(t, at, at, b.buf, out);
	sf_buf_release(&b);
	return 0;
}

/* A plain scalar would be read back as text s, inside [] when flow. */
static int
plain_ok(const char *s, int flow)
{
	size_t len = strlen(s);

	if (!len || sf_yaml_plain_is_typed(s, len) || strchr("-?:,[]{}#&*!|>'\"%@` ",
	    s[0]) || s[len - 1] == ' ' || s[len - 1] == ':' ||
	    strstr(s, ": ") || strstr(s, " #") || strpbrk(s, "\t\n\r"))
		return 0;
	return !flow || !strpbrk(s, ",[]{}");
}

static void
put_text(struct sf_buf *b, const char *s, int flow)
{
	if (plain_ok(s, flow)) {
		sf_buf_addstr(b, s);
		return;
	}
	sf_buf_addch(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sf_buf_addch(b, '\'');
		sf_buf_addch(b, *s);
	}
	sf_buf_addch(b, '\'');
}

static void
put_list(struct sf_buf *b, const char *const *v, size_t n)
{
	size_t i;

	sf_buf_addch(b, '[');
	for (i = 0; i < n; i++) {
		if (i)
			sf_buf_addstr(b, ", ");
		put_text(b, v[i], 1);
	}
	sf_buf_addch(b, ']');
}

/* --- .sanfen/config.yaml --- */

enum kind { K_TEXT, K_TEXT0, K_DATE, K_NUM, K_INT, K_BOOL, K_LIST };

/* The settings, as sanfen-config(5) lists them; a key ending in '.' takes
 * one of the tokens of its enum after the dot. */
static const struct setting {
	const char *key;
	enum kind kind;
	const struct sf_enum *e;
} settings[] = {
	{ "rules", K_TEXT, NULL },
	{ "effective", K_DATE, NULL },
	{ "screening.tried_required", K_LIST, NULL },
	{ "screening.local_levels", K_LIST, NULL },
	{ "screening.similarity_threshold", K_NUM, NULL },
	{ "screening.weights.", K_INT, &sf_enum_priority },
	{ "levels_721.", K_INT, &sf_enum_level },
	{ "agenda.size.", K_INT, &sf_enum_meeting_kind },
	{ "agenda.quota.soe", K_INT, NULL },
	{ "agenda.quota.private", K_INT, NULL },
	{ "agenda.quota.city", K_INT, NULL },
	{ "agenda.conveners.", K_TEXT, &sf_enum_meeting_kind },
	{ "closure_reasons", K_LIST, NULL },
	{ "document.title", K_TEXT, NULL },
	{ "document.issuers", K_LIST, NULL },
	{ "document.number_format", K_TEXT, NULL },
	{ "document.copy_to", K_TEXT0, NULL },
	{ "score.missed_discovery", K_INT, NULL },
	{ "score.missed_submission", K_INT, NULL },
	{ "score.missed_task", K_INT, NULL },
	{ "storage.fsync", K_BOOL, NULL },
	{ "signing.require", K_BOOL, NULL },
	{ "signing.allowed_signers", K_TEXT, NULL },
};

static const struct setting *
setting(const char *key)
{
	size_t i, n;
	int v;

	for (i = 0; i < sizeof(settings) / sizeof(*settings); i++) {
		n = strlen(settings[i].key);
		if (!settings[i].e) {
			if (strcmp(key, settings[i].key) == 0)
				return &settings[i];
		} else if (strncmp(key, settings[i].key, n) == 0 &&
		    (v = sf_enum_lookup(settings[i].e, key + n)) >= 0 &&
		    strcmp(sf_enum_token(settings[i].e, v), key + n) == 0) {
			return &settings[i];
		}
	}
	return NULL;
}

/* The value as YAML text for a setting of kind k, into b. */
static int
config_value(const char *key, enum kind k, const char *value,
    struct sf_buf *b)
{
	const char *p, *s = value;
	char *item;
	size_t n;
	int first = 1;

	if (strpbrk(value, "\n\r\t"))
		return sf_error(SF_EINVALID, "%s: the value must be one line",
		    key);
	switch (k) {
	case K_TEXT:
	case K_TEXT0:
		put_text(b, value, 0);
		return 0;
	case K_LIST:
		n = strlen(s);
		if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
			s++;
			n -= 2;
		}
		sf_buf_addch(b, '[');
		while (n) {
			for (p = s; p < s + n && *p != ','; p++)
				;
			item = xstrndup(s, (size_t)(p - s));
			if (!first)
				sf_buf_addstr(b, ", ");
			first = 0;
			{
				char *a = item, *e = item + strlen(item);

				while (*a == ' ')
					a++;
				while (e > a && e[-1] == ' ')
					*--e = '\0';
				if (!*a) {
					free(item);
					return sf_error(SF_EINVALID, "%s: empty "
					    "item in '%s'", key, value);
				}
				put_text(b, a, 1);
			}
			free(item);
			n -= (size_t)(p - s) + (p < s + n);
			s = p + 1;
		}
		sf_buf_addch(b, ']');
		return 0;
	default:
		/* the parser judges the meaning; here only a plain word */
		for (p = value; *p; p++)
			if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
			    "QRSTUVWXYZ0123456789.+-_", *p))
				break;
		if (!*value || *p)
			return sf_error(SF_EINVALID, "%s: invalid value '%s'",
			    key, value);
		sf_buf_addstr(b, value);
		return 0;
	}
}

int
sf_admin_config_set(const char *text, size_t len, const char *key,
    const char *value, struct sf_buf *out)
{
	const struct setting *st;
	struct sf_arena *a = sf_arena_new();
	struct sf_buf val = SF_BUF_INIT, res = SF_BUF_INIT;
	struct sf_config *c = NULL;
	struct sf_node *root, *map, *kid = NULL;
	struct text t = { text, len };
	const char *keys[4];
	char *copy = xstrdup(key), *p, *dot;
	size_t nkeys = 0, i;
	int rc;

	if (!(st = setting(key))) {
		rc = sf_error(SF_EINVALID, "unknown key '%s' (see "
		    "sanfen-config(5))", key);
		goto out;
	}
	if ((rc = config_value(key, st->kind, value, &val)) < 0 ||
	    (rc = sf_yaml_load(a, config_file, text, len,
	    &sf_yaml_issue_limits, 0, &root)) < 0)
		goto out;
	for (p = copy; p; p = dot) {
		if ((dot = strchr(p, '.')))
			*dot++ = '\0';
		keys[nkeys++] = p;
	}
	map = root;
	for (i = 0; i < nkeys; i++) {
		if (!(kid = sf_node_get(map, keys[i])))
			break;
		if (i + 1 < nkeys && kid->kind != SF_NODE_MAP) {
			rc = sf_error(SF_EINVALID, "%s: '%s' is not a mapping: "
			    "edit it by hand", key, keys[i]);
			goto out;
		}
		if (i + 1 < nkeys)
			map = kid;
	}
	if (i == nkeys)
		replace_value(&t, kid, val.buf, &res);
	else if ((rc = insert_key(&t, map, map == root, keys + i, nkeys - i,
	    val.buf, &res)) < 0)
		goto out;
	if (res.len == len && memcmp(res.buf, text, len) == 0) {
		rc = sf_error(SF_EREFUSED, "nothing to change: %s is %s "
		    "already", key, val.buf);
		goto out;
	}
	if ((rc = sf_config_parse(config_file, res.buf, res.len, &c)) < 0)
		goto out;
	sf_buf_add(out, res.buf, res.len);
out:
	sf_config_free(c);
	sf_arena_free(a);
	sf_buf_release(&val);
	sf_buf_release(&res);
	free(copy);
	return rc;
}

/* --- units.yaml --- */

/* The units not retired that may act as admin; with the role, when
 * explicit (else tf-office counts). */
static int
active_admins(const struct sf_units *u, int explicit)
{
	size_t i;
	int n = 0;

	for (i = 0; u && i < u->n; i++)
		if (!u->v[i].retired && (explicit ?
		    sf_unit_has_role(&u->v[i], SF_ROLE_ADMIN) :
		    sf_units_is_admin(u, &u->v[i])))
			n++;
	return n;
}

/*
 * The new text must parse and leave a unit to act as admin; nor may the
 * last holder of the role drop it, which would hand it back to tf-office
 * unasked.
 */
static int
units_check(const char *text, size_t len, const struct sf_buf *res,
    const char *id)
{
	struct sf_units *old = NULL, *u = NULL;
	int rc;

	if (res->len == len && memcmp(res->buf, text, len) == 0)
		return sf_error(SF_EREFUSED, "nothing to change for unit '%s'",
		    id);
	if ((rc = sf_units_parse(units_file, res->buf, res->len, &u)) < 0)
		return rc;
	if (sf_units_parse(units_file, text, len, &old) < 0)
		old = NULL;
	if (!active_admins(u, 0) || (active_admins(old, 1) &&
	    !active_admins(u, 1)))
		rc = sf_error(SF_EREFUSED, "unit '%s' holds the last admin "
		    "role: give it to another unit first", id);
	sf_units_free(old);
	sf_units_free(u);
	return rc;
}

static int
load_units(struct sf_arena *a, const struct text *t,
    const struct sf_node **list)
{
	struct sf_node *root;
	int rc;

	if ((rc = sf_yaml_load(a, units_file, t->s, t->len,
	    &sf_yaml_issue_limits, 0, &root)) < 0)
		return rc;
	*list = sf_node_get(root, "units");
	if (!*list || (*list)->kind != SF_NODE_SEQ || !(*list)->n ||
	    t->s[col_off(t, line_off(t, (*list)->line), (*list)->col)] !=
	    '-')
		return sf_error(SF_EINVALID, "%s: units is not a block list: "
		    "edit it by hand", units_file);
	return 0;
}

/* The mapping of unit id in list, or NULL. */
static const struct sf_node *
unit_node(const struct sf_node *list, const char *id)
{
	const struct sf_node *v;
	size_t i;

	for (i = 0; i < list->n; i++)
		if (list->kids[i]->kind == SF_NODE_MAP &&
		    (v = sf_node_get(list->kids[i], "id")) &&
		    v->kind == SF_NODE_SCALAR && strcmp(v->str, id) == 0)
			return list->kids[i];
	return NULL;
}

static void
unit_line(struct sf_buf *b, size_t ind, const char *key, const char *val)
{
	if (!val)
		return;
	sf_buf_addf(b, "%*s%s: ", (int)ind, "", key);
	put_text(b, val, 0);
	sf_buf_addch(b, '\n');
}

int
sf_admin_unit_add(const char *text, size_t len,
    const struct sf_admin_unit *u, struct sf_buf *out)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_buf b = SF_BUF_INIT, res = SF_BUF_INIT;
	const struct sf_node *list, *first;
	struct sf_units *units = NULL;
	struct text t = { text, len };
	size_t dash, ind, at;
	int rc;

	if ((rc = sf_units_parse(units_file, text, len, &units)) < 0 ||
	    (rc = load_units(a, &t, &list)) < 0)
		goto out;
	if (sf_units_find(units, u->id)) {
		rc = sf_error(SF_EREFUSED, "unit '%s' exists already: ids are "
		    "never reused, even of a retired unit", u->id);
		goto out;
	}
	first = list->kids[0];
	dash = list->col - 1;
	ind = first->kind == SF_NODE_MAP && first->n ?
	    first->kids[0]->key_col - 1 : dash + 2;
	at = block_end(&t, next_line(&t, line_off(&t, list->line)),
	    (long)dash, 1);
	if (at > 0 && text[at - 1] != '\n')
		sf_buf_addch(&b, '\n');
	sf_buf_addf(&b, "%*s- id: ", (int)dash, "");
	put_text(&b, u->id, 0);
	sf_buf_addch(&b, '\n');
	unit_line(&b, ind, "name", u->name);
	unit_line(&b, ind, "short", u->short_name);
	unit_line(&b, ind, "kind", u->kind);
	unit_line(&b, ind, "city", u->city);
	if (u->nroles) {
		sf_buf_addf(&b, "%*sroles: ", (int)ind, "");
		put_list(&b, u->roles, u->nroles);
		sf_buf_addch(&b, '\n');
	}
	if (u->naliases) {
		sf_buf_addf(&b, "%*saliases: ", (int)ind, "");
		put_list(&b, u->aliases, u->naliases);
		sf_buf_addch(&b, '\n');
	}
	splice(&t, at, at, b.buf, &res);
	if ((rc = units_check(text, len, &res, u->id)) == 0)
		sf_buf_add(out, res.buf, res.len);
out:
	sf_units_free(units);
	sf_arena_free(a);
	sf_buf_release(&b);
	sf_buf_release(&res);
	return rc;
}

/* Set key of unit id to val (YAML text; NULL removes it) in t, into out. */
static int
unit_field(const struct text *t, const char *id, const char *key,
    const char *val, struct sf_buf *out)
{
	struct sf_arena *a = sf_arena_new();
	const struct sf_node *list, *m, *v;
	int rc;

	if ((rc = load_units(a, t, &list)) < 0)
		goto out;
	if (!(m = unit_node(list, id))) {
		rc = sf_error(SF_EINVALID, "unknown unit '%s'", id);
		goto out;
	}
	if ((v = sf_node_get(m, key)))
		replace_value(t, v, val, out);
	else if (val)
		rc = insert_key(t, m, 0, &key, 1, val, out);
	else
		splice(t, t->len, t->len, "", out);
out:
	sf_arena_free(a);
	return rc;
}

int
sf_admin_unit_set(const char *text, size_t len,
    const struct sf_admin_unit *u, struct sf_buf *out)
{
	struct sf_buf cur = SF_BUF_INIT, next = SF_BUF_INIT, v = SF_BUF_INIT;
	struct text t;
	int rc = 0, i;

	sf_buf_add(&cur, text, len);
	for (i = 0; i < 4 && rc == 0; i++) {
		const char *key = i == 0 ? "name" : i == 1 ? "short" :
		    i == 2 ? "roles" : "aliases";
		sf_buf_reset(&v);
		if (i == 0 && u->name)
			put_text(&v, u->name, 0);
		else if (i == 1 && u->short_name)
			put_text(&v, u->short_name, 0);
		else if (i == 2 && u->set_roles && u->nroles)
			put_list(&v, u->roles, u->nroles);
		else if (i == 3 && u->naliases)
			put_list(&v, u->aliases, u->naliases);
		else if (!(i == 2 && u->set_roles))
			continue;
		t.s = cur.buf;
		t.len = cur.len;
		sf_buf_reset(&next);
		rc = unit_field(&t, u->id, key, v.len ? v.buf : NULL, &next);
		sf_buf_reset(&cur);
		sf_buf_add(&cur, next.buf, next.len);
	}
	if (rc == 0 && (rc = units_check(text, len, &cur, u->id)) == 0)
		sf_buf_add(out, cur.buf, cur.len);
	sf_buf_release(&cur);
	sf_buf_release(&next);
	sf_buf_release(&v);
	return rc;
}

int
sf_admin_unit_retire(const char *text, size_t len, const char *id,
    const char *date, struct sf_buf *out)
{
	struct sf_buf res = SF_BUF_INIT;
	struct sf_units *u = NULL;
	const struct sf_unit *x;
	struct text t = { text, len };
	int rc;

	if ((rc = sf_units_parse(units_file, text, len, &u)) < 0)
		goto out;
	if (!(x = sf_units_find(u, id)) || strcmp(x->id, id) != 0) {
		rc = sf_error(SF_EINVALID, "unknown unit '%s'", id);
		goto out;
	}
	if (x->retired) {
		rc = sf_error(SF_EREFUSED, "unit '%s' was retired on %s "
		    "already", id, x->retired);
		goto out;
	}
	if ((rc = unit_field(&t, id, "retired", date, &res)) == 0 &&
	    (rc = units_check(text, len, &res, id)) == 0)
		sf_buf_add(out, res.buf, res.len);
out:
	sf_units_free(u);
	sf_buf_release(&res);
	return rc;
}

int
sf_admin_active_unit(const struct sf_units *u, const char *s,
    const struct sf_unit **out)
{
	int rc;

	if ((rc = sf_units_resolve(u, s, out)) < 0)
		return rc;
	if ((*out)->retired) {
		rc = sf_error(SF_EREFUSED, "unit '%s' was retired on %s",
		    (*out)->id, (*out)->retired);
		*out = NULL;
	}
	return rc;
}

/* --- the allowed signers file --- */

static const char *const key_types[] = { "ssh-ed25519", "ssh-rsa",
	"ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
	"sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
	NULL };

static int
key_type(const char *s, size_t n)
{
	int i;

	for (i = 0; key_types[i]; i++)
		if (strlen(key_types[i]) == n && memcmp(key_types[i], s, n) == 0)
			return 1;
	return 0;
}

/* The next word of a line at *p (a double-quoted part may hold spaces). */
static size_t
word(const char **p, const char *end)
{
	const char *s;
	int q = 0;

	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
	for (s = *p; s < end && (q || (*s != ' ' && *s != '\t')); s++)
		if (*s == '"')
			q = !q;
	return (size_t)(s - *p);
}

int
sf_ssh_key_parse(const char *text, size_t len, struct sf_ssh_key *k)
{
	/* e = end for gcc -O1, which cannot see that the loop sets it */
	const char *p = text, *end = text + len, *e = end, *type, *b64;
	unsigned char *raw = NULL, md[EVP_MAX_MD_SIZE];
	unsigned char fp[64];
	unsigned mdlen = 0;
	size_t tn, bn, pad;
	int rawlen, rc = SF_EINVALID;
	uint32_t n;

	memset(k, 0, sizeof(*k));
	for (; p < end; p = e + (e < end)) {
		if (!(e = memchr(p, '\n', (size_t)(end - p))))
			e = end;
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (p < e && *p != '#' && *p != '\r')
			break;
	}
	if (p >= end)
		return sf_error(SF_EINVALID, "no ssh public key in it");
	tn = word(&p, e);
	type = p;
	p += tn;
	bn = word(&p, e);
	b64 = p;
	while (bn && b64[bn - 1] == '\r')
		bn--;
	if (!key_type(type, tn))
		return sf_error(SF_EINVALID, "not an ssh public key: '%.*s' is "
		    "no key type (expected ssh-ed25519, ssh-rsa, ecdsa-sha2-*)",
		    (int)(tn > 40 ? 40 : tn), type);
	if (!bn || bn % 4 || bn > 16384)
		goto bad;
	raw = xmalloc(bn);
	if ((rawlen = EVP_DecodeBlock(raw, (const unsigned char *)b64,
	    (int)bn)) < 0)
		goto bad;
	pad = (b64[bn - 1] == '=') + (b64[bn - 2] == '=');
	rawlen -= (int)pad;
	if (rawlen < 4)
		goto bad;
	n = (uint32_t)raw[0] << 24 | (uint32_t)raw[1] << 16 |
	    (uint32_t)raw[2] << 8 | raw[3];
	if (n != tn || (size_t)rawlen < 4 + tn || memcmp(raw + 4, type, tn))
		goto bad;
	EVP_Digest(raw, (size_t)rawlen, md, &mdlen, EVP_sha256(), NULL);
	EVP_EncodeBlock(fp, md, (int)mdlen);
	fp[strcspn((char *)fp, "=")] = '\0';
	snprintf(k->fingerprint, sizeof(k->fingerprint), "SHA256:%s", fp);
	k->type = xstrndup(type, tn);
	k->blob = xstrndup(b64, bn);
	rc = 0;
	goto out;
bad:
	rc = sf_error(SF_EINVALID, "not an ssh public key: the %.*s key is "
	    "malformed", (int)tn, type);
out:
	free(raw);
	return rc;
}

void
sf_ssh_key_release(struct sf_ssh_key *k)
{
	free(k->type);
	free(k->blob);
	memset(k, 0, sizeof(*k));
}

/* One line of an allowed signers file: principals, then the key. */
struct signer {
	const char *who;
	size_t nwho;
	int match;		/* its key is k */
};

static void
read_signer(const char *p, const char *e, const struct sf_ssh_key *k,
    struct signer *s)
{
	size_t n;

	memset(s, 0, sizeof(*s));
	s->nwho = word(&p, e);
	s->who = p;
	p += s->nwho;
	/* [options] keytype key */
	while ((n = word(&p, e)) > 0) {
		if (key_type(p, n)) {
			const char *t = p;
			size_t tn = n;

			p += n;
			n = word(&p, e);
			s->match = strlen(k->type) == tn &&
			    memcmp(k->type, t, tn) == 0 &&
			    strlen(k->blob) == n && memcmp(k->blob, p, n) == 0;
			return;
		}
		p += n;
	}
}

/* unit is one of the comma-separated principals of s */
static int
has_principal(const struct signer *s, const char *unit)
{
	const char *p = s->who, *end = s->who + s->nwho, *c;
	size_t n = strlen(unit);

	for (; p < end; p = c + 1) {
		if (!(c = memchr(p, ',', (size_t)(end - p))))
			c = end;
		if ((size_t)(c - p) == n && memcmp(p, unit, n) == 0)
			return 1;
	}
	return 0;
}

/* The first line listing k (for unit, when not NULL), or NULL. */
static const char *
find_key(const char *text, size_t len, const struct sf_ssh_key *k,
    const char *unit, struct signer *s, const char **line_end)
{
	const char *p = text, *end = text + len, *e, *q;

	for (; p < end; p = e + (e < end)) {
		if (!(e = memchr(p, '\n', (size_t)(end - p))))
			e = end;
		for (q = p; q < e && (*q == ' ' || *q == '\t'); q++)
			;
		if (q == e || *q == '#')
			continue;
		read_signer(q, e, k, s);
		if (s->match && (!unit || has_principal(s, unit))) {
			*line_end = e;
			return p;
		}
	}
	return NULL;
}

int
sf_admin_signer_add(const char *text, size_t len, const char *unit,
    const struct sf_ssh_key *k, struct sf_buf *out)
{
	struct signer s;
	const char *e;

	if (find_key(text, len, k, NULL, &s, &e))
		return sf_error(SF_EREFUSED, "key %s is registered already, "
		    "to '%.*s'", k->fingerprint, (int)s.nwho, s.who);
	sf_buf_add(out, text, len);
	if (len && text[len - 1] != '\n')
		sf_buf_addch(out, '\n');
	sf_buf_addf(out, "%s namespaces=\"git\" %s %s\n", unit, k->type,
	    k->blob);
	return 0;
}

int
sf_admin_signer_revoke(const char *text, size_t len, const char *unit,
    const struct sf_ssh_key *k, struct sf_buf *out)
{
	struct signer s;
	const char *p, *e, *end = text + len;
	size_t n = strlen(unit);

	if (!(p = find_key(text, len, k, unit, &s, &e))) {
		if (find_key(text, len, k, NULL, &s, &e))
			return sf_error(SF_EREFUSED, "key %s is registered to "
			    "'%.*s', not to '%s'", k->fingerprint,
			    (int)s.nwho, s.who, unit);
		return sf_error(SF_EREFUSED, "key %s is not registered for "
		    "'%s'", k->fingerprint, unit);
	}
	if (s.nwho == n) {
		/* the whole line */
		sf_buf_add(out, text, (size_t)(p - text));
		e += e < end;
		sf_buf_add(out, e, (size_t)(end - e));
		return 0;
	}
	/* one principal of several: the others keep the key */
	{
		const char *w = s.who, *wend = s.who + s.nwho, *c;
		int first = 1;

		sf_buf_add(out, text, (size_t)(w - text));
		for (; w < wend; w = c + 1) {
			if (!(c = memchr(w, ',', (size_t)(wend - w))))
				c = wend;
			if ((size_t)(c - w) == n && memcmp(w, unit, n) == 0)
				continue;
			if (!first)
				sf_buf_addch(out, ',');
			sf_buf_add(out, w, (size_t)(c - w));
			first = 0;
		}
		sf_buf_add(out, wend, (size_t)(end - wend));
	}
	return 0;
}
