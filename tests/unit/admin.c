/* Unit tests: lib/admin.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "admin.h"
#include "buf.h"
#include "config.h"
#include "error.h"
#include "units.h"

static const char key_pub[] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILFj9/nS6"
    "3WjL+t9Di8kujuf/+r2DaOvBthI7RXbVcyN test@x\n";
static const char key_blob[] = "AAAAC3NzaC1lZDI1NTE5AAAAILFj9/nS63WjL+t9Di8k"
    "ujuf/+r2DaOvBthI7RXbVcyN";
static const char key_fp[] = "SHA256:QJ7FtbqlNHNlB0WMzU9PKH6ArBHyvhb3r8YuE1"
    "AATUQ";

/* s with its one occurrence of from replaced by to (malloc'd) */
static char *
subst(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	struct sf_buf b = SF_BUF_INIT;

	assert_non_null(p);
	assert_null(strstr(p + 1, from));
	sf_buf_add(&b, s, (size_t)(p - s));
	sf_buf_addstr(&b, to);
	sf_buf_addstr(&b, p + strlen(from));
	return sf_buf_detach(&b, NULL);
}

/* set key value on text: want is the result, or NULL for a refusal with
 * code and a message containing msg */
static void
config_is(const char *text, const char *key, const char *value,
    const char *want, int code, const char *msg)
{
	struct sf_buf out = SF_BUF_INIT;
	int rc;

	rc = sf_admin_config_set(text, strlen(text), key, value, &out);
	if (want) {
		if (rc)
			fail_msg("%s: %s", key, sf_error_message());
		assert_string_equal(out.buf, want);
	} else {
		assert_int_equal(rc, code);
		assert_int_equal(out.len, 0);
		if (!strstr(sf_error_message(), msg))
			fail_msg("'%s' has no '%s'", sf_error_message(), msg);
	}
	sf_buf_release(&out);
}

static void
test_config_default(void **state)
{
	const char *d = sf_default_config_yaml;
	char *want;

	(void)state;
	want = subst(d, "  require: false\n", "  require: true\n");
	config_is(d, "signing.require", "true", want, 0, NULL);
	free(want);
	/* the comment after the value stays where it was */
	want = subst(d, "    leader: 5             #",
	    "    leader: 6             #");
	config_is(d, "screening.weights.leader", "6", want, 0, NULL);
	free(want);
	want = subst(d, "tried_required: [county, city]",
	    "tried_required: [county]");
	config_is(d, "screening.tried_required", "county", want, 0, NULL);
	free(want);
	want = subst(d, "local_levels: [county, city]",
	    "local_levels: [city, county]");
	config_is(d, "screening.local_levels", "[city, county]", want, 0,
	    NULL);
	free(want);
	/* text that YAML would read as something else is quoted */
	want = subst(d, "rules: '2024-09'", "rules: '2024'");
	config_is(d, "rules", "2024", want, 0, NULL);
	free(want);
	want = subst(d, "  copy_to: 省委办公厅，省人大常委会办公厅，省政府办公厅，"
	    "省政协办公厅\n", "  copy_to: ''\n");
	config_is(d, "document.copy_to", "", want, 0, NULL);
	free(want);
	want = subst(d, "    monthly: 省政府分管副秘书长\n",
	    "    monthly: 'it''s: me'\n");
	config_is(d, "agenda.conveners.monthly", "it's: me", want, 0, NULL);
	free(want);
}

static void
test_config_refused(void **state)
{
	const char *d = sf_default_config_yaml;

	(void)state;
	config_is(d, "signing.requires", "true", NULL, SF_EINVALID,
	    "unknown key 'signing.requires' (see sanfen-config(5))");
	config_is(d, "signing", "true", NULL, SF_EINVALID, "unknown key");
	config_is(d, "screening.weights.nobody", "1", NULL, SF_EINVALID,
	    "unknown key");
	config_is(d, "signing.require", "maybe", NULL, SF_EINVALID,
	    "signing.require: must be true or false");
	config_is(d, "signing.require", "true\nx: 1", NULL, SF_EINVALID,
	    "signing.require: the value must be one line");
	config_is(d, "storage.fsync", "'true'", NULL, SF_EINVALID,
	    "storage.fsync: invalid value ''true''");
	config_is(d, "levels_721.county", "71", NULL, SF_EINVALID,
	    "levels_721: the shares add up to 101, not 100");
	config_is(d, "signing.allowed_signers", "../x", NULL, SF_EINVALID,
	    "signing.allowed_signers: must be a path inside the ledger");
	config_is(d, "closure_reasons", "resolved,,reality", NULL,
	    SF_EINVALID, "closure_reasons: empty item");
	config_is(d, "signing.require", "false", NULL, SF_EREFUSED,
	    "nothing to change: signing.require is false already");
}

static void
test_config_insert(void **state)
{
	(void)state;
	/* a key left out goes under its section, which may be new */
	config_is("rules: '2024-09'\n", "signing.require", "true",
	    "rules: '2024-09'\nsigning:\n  require: true\n", 0, NULL);
	config_is("rules: '2024-09'", "storage.fsync", "false",
	    "rules: '2024-09'\nstorage:\n  fsync: false\n", 0, NULL);
	config_is("signing:\n    require: false\n\n# the end\n",
	    "signing.allowed_signers", "keys",
	    "signing:\n    require: false\n    allowed_signers: keys\n\n"
	    "# the end\n", 0, NULL);
	config_is("", "screening.weights.cross", "3",
	    "screening:\n  weights:\n    cross: 3\n", 0, NULL);
	/* a block list becomes a flow one */
	config_is("closure_reasons:\n  - resolved\n  - national\n"
	    "score:\n  missed_task: 1\n", "closure_reasons", "resolved",
	    "closure_reasons: [resolved]\nscore:\n  missed_task: 1\n", 0,
	    NULL);
	config_is("closure_reasons:\n- resolved  # one\n- national\n"
	    "# score\nscore: {missed_task: 1}\n", "closure_reasons",
	    "national", "closure_reasons: [national]\n# score\n"
	    "score: {missed_task: 1}\n", 0, NULL);
	config_is("score: {missed_task: 1}\n", "score.missed_discovery",
	    "3", NULL, SF_EINVALID, "flow style");
	config_is("signing: 1\n", "signing.require", "true", NULL,
	    SF_EINVALID, "'signing' is not a mapping");
}

static const char units_text[] =
    "# the units\n"
    "units:\n"
    "  - id: tf-office   # the office\n"
    "    name: 办公厅专班\n"
    "    kind: taskforce\n"
    "    roles: [screen, admin]\n"
    "  - id: nb\n"
    "    name: 宁波市人民政府\n"
    "    kind: city\n"
    "    city: ningbo\n"
    "\n"
    "# more to come\n";

static void
test_unit_add(void **state)
{
	static const char *const roles[] = { "close", "screen" };
	static const char *const aliases[] = { "水利厅", "a, b" };
	struct sf_admin_unit u = { .id = "dept-water", .name = "浙江省水利厅",
		.short_name = "省水利厅", .kind = "department", .roles = roles,
		.nroles = 2, .set_roles = 1, .aliases = aliases,
		.naliases = 2 };
	struct sf_buf out = SF_BUF_INIT;
	char *want;

	(void)state;
	assert_int_equal(sf_admin_unit_add(units_text, strlen(units_text), &u,
	    &out), 0);
	want = subst(units_text, "    city: ningbo\n", "    city: ningbo\n"
	    "  - id: dept-water\n"
	    "    name: 浙江省水利厅\n"
	    "    short: 省水利厅\n"
	    "    kind: department\n"
	    "    roles: [close, screen]\n"
	    "    aliases: [水利厅, 'a, b']\n");
	assert_string_equal(out.buf, want);
	free(want);
	sf_buf_reset(&out);
	/* an id or a name in use */
	u.id = "NB";
	assert_int_equal(sf_admin_unit_add(units_text, strlen(units_text), &u,
	    &out), SF_EREFUSED);
	assert_string_equal(sf_error_message(), "unit 'NB' exists already: "
	    "ids are never reused, even of a retired unit");
	u.id = "dept-x";
	u.name = "宁波市人民政府";
	assert_int_equal(sf_admin_unit_add(units_text, strlen(units_text), &u,
	    &out), SF_EINVALID);
	assert_non_null(strstr(sf_error_message(), "'宁波市人民政府' is also "
	    "units[2].name"));
	u.name = "x";
	u.id = "Bad_Id";
	assert_int_equal(sf_admin_unit_add(units_text, strlen(units_text), &u,
	    &out), SF_EINVALID);
	assert_non_null(strstr(sf_error_message(), "'Bad_Id' is not an id"));
	u.id = "dept-x";
	u.kind = "city";
	assert_int_equal(sf_admin_unit_add(units_text, strlen(units_text), &u,
	    &out), SF_EINVALID);
	assert_non_null(strstr(sf_error_message(), "units[3].city: required"));
	assert_int_equal(out.len, 0);
	sf_buf_release(&out);
}

static void
test_unit_set_retire(void **state)
{
	static const char *const roles[] = { "admin" };
	struct sf_admin_unit u = { .id = "nb", .name = "宁波市政府",
		.roles = roles, .nroles = 1, .set_roles = 1 };
	struct sf_buf out = SF_BUF_INIT, out2 = SF_BUF_INIT;
	char *want, *w2;

	(void)state;
	assert_int_equal(sf_admin_unit_set(units_text, strlen(units_text), &u,
	    &out), 0);
	want = subst(units_text, "    name: 宁波市人民政府\n",
	    "    name: 宁波市政府\n");
	w2 = subst(want, "    city: ningbo\n",
	    "    city: ningbo\n    roles: [admin]\n");
	assert_string_equal(out.buf, w2);
	free(want);
	/* the office may retire now that nb holds admin; not before */
	assert_int_equal(sf_admin_unit_retire(out.buf, out.len, "tf-office",
	    "2024-10-01", &out2), 0);
	want = subst(w2, "    roles: [screen, admin]\n",
	    "    roles: [screen, admin]\n    retired: 2024-10-01\n");
	assert_string_equal(out2.buf, want);
	free(want);
	free(w2);
	sf_buf_reset(&out2);
	assert_int_equal(sf_admin_unit_retire(units_text, strlen(units_text),
	    "tf-office", "2024-10-01", &out2), SF_EREFUSED);
	assert_string_equal(sf_error_message(), "unit 'tf-office' holds the "
	    "last admin role: give it to another unit first");
	/* nor by taking the role away */
	u.id = "tf-office";
	u.name = NULL;
	u.nroles = 0;
	assert_int_equal(sf_admin_unit_set(units_text, strlen(units_text), &u,
	    &out2), SF_EREFUSED);
	assert_int_equal(out2.len, 0);
	sf_buf_reset(&out);
	assert_int_equal(sf_admin_unit_retire(units_text, strlen(units_text),
	    "nb", "2024-10-01", &out), 0);
	sf_buf_reset(&out2);
	assert_int_equal(sf_admin_unit_retire(out.buf, out.len, "nb",
	    "2024-10-02", &out2), SF_EREFUSED);
	assert_string_equal(sf_error_message(), "unit 'nb' was retired on "
	    "2024-10-01 already");
	assert_int_equal(sf_admin_unit_retire(out.buf, out.len, "zz",
	    "2024-10-02", &out2), SF_EINVALID);
	assert_int_equal(sf_admin_unit_retire(units_text, strlen(units_text),
	    "nb", "2024-13-01", &out2), SF_EINVALID);
	assert_non_null(strstr(sf_error_message(), "units[2].retired"));
	/* nothing to change */
	u.id = "nb";
	u.name = "宁波市人民政府";
	u.set_roles = 0;
	assert_int_equal(sf_admin_unit_set(units_text, strlen(units_text), &u,
	    &out2), SF_EREFUSED);
	assert_string_equal(sf_error_message(), "nothing to change for unit "
	    "'nb'");
	assert_int_equal(out2.len, 0);
	sf_buf_release(&out);
	sf_buf_release(&out2);
}

static void
test_no_roles(void **state)
{
	static const char text[] =
	    "units:\n"
	    "  - id: a\n    name: A\n    kind: other\n"
	    "    roles:\n      - admin\n      - close\n"
	    "  - id: b\n    name: B\n    kind: other\n"
	    "    roles: [screen]   # for now\n    aliases: [bb]\n";
	struct sf_admin_unit u = { .id = "b", .set_roles = 1 };
	static const char *const roles[] = { "admin" };
	struct sf_buf out = SF_BUF_INIT;

	(void)state;
	assert_int_equal(sf_admin_unit_set(text, strlen(text), &u, &out), 0);
	assert_string_equal(out.buf, "units:\n"
	    "  - id: a\n    name: A\n    kind: other\n"
	    "    roles:\n      - admin\n      - close\n"
	    "  - id: b\n    name: B\n    kind: other\n    aliases: [bb]\n");
	sf_buf_reset(&out);
	u.id = "a";
	u.roles = roles;
	u.nroles = 1;
	assert_int_equal(sf_admin_unit_set(text, strlen(text), &u, &out), 0);
	assert_string_equal(out.buf, "units:\n"
	    "  - id: a\n    name: A\n    kind: other\n"
	    "    roles: [admin]\n"
	    "  - id: b\n    name: B\n    kind: other\n"
	    "    roles: [screen]   # for now\n    aliases: [bb]\n");
	sf_buf_release(&out);
}

static void
test_active_unit(void **state)
{
	static const char text[] = "units:\n"
	    "  - {id: a, name: A, kind: other, retired: 2024-01-02}\n";
	struct sf_units *u = NULL;
	const struct sf_unit *x;

	(void)state;
	assert_int_equal(sf_units_parse("u", text, strlen(text), &u), 0);
	assert_int_equal(sf_admin_active_unit(u, "A", &x), SF_EREFUSED);
	assert_string_equal(sf_error_message(), "unit 'a' was retired on "
	    "2024-01-02");
	assert_null(x);
	assert_int_equal(sf_admin_active_unit(u, "b", &x), SF_EINVALID);
	assert_string_equal(sf_error_message(), "unknown unit 'b'");
	sf_units_free(u);
}

static void
test_key(void **state)
{
	struct sf_ssh_key k = SF_SSH_KEY_INIT;
	char *bad;

	(void)state;
	assert_int_equal(sf_ssh_key_parse(key_pub, strlen(key_pub), &k), 0);
	assert_string_equal(k.type, "ssh-ed25519");
	assert_string_equal(k.blob, key_blob);
	assert_string_equal(k.fingerprint, key_fp);
	sf_ssh_key_release(&k);
	assert_int_equal(sf_ssh_key_parse("# c\n\n", 5, &k), SF_EINVALID);
	assert_string_equal(sf_error_message(), "no ssh public key in it");
	assert_int_equal(sf_ssh_key_parse("-----BEGIN OPENSSH PRIVATE KEY",
	    30, &k), SF_EINVALID);
	assert_non_null(strstr(sf_error_message(), "is no key type"));
	/* the blob says another type; a blob cut short */
	bad = subst(key_pub, "ssh-ed25519 ", "ssh-rsa ");
	assert_int_equal(sf_ssh_key_parse(bad, strlen(bad), &k), SF_EINVALID);
	assert_string_equal(sf_error_message(), "not an ssh public key: the "
	    "ssh-rsa key is malformed");
	free(bad);
	assert_int_equal(sf_ssh_key_parse("ssh-ed25519 AAAAC3Nz", 20, &k),
	    SF_EINVALID);
	assert_null(k.type);
}

static void
test_signers(void **state)
{
	static const char other[] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"
	    "A6Vloun+VeFHV9D1919ewAD5/y00QNQnuo3mlZ0OKBA x\n";
	struct sf_ssh_key k = SF_SSH_KEY_INIT, k2 = SF_SSH_KEY_INIT;
	struct sf_buf out = SF_BUF_INIT, out2 = SF_BUF_INIT;
	char line[256];

	(void)state;
	assert_int_equal(sf_ssh_key_parse(key_pub, strlen(key_pub), &k), 0);
	assert_int_equal(sf_ssh_key_parse(other, strlen(other), &k2), 0);
	snprintf(line, sizeof(line), "ningbo namespaces=\"git\" ssh-ed25519 "
	    "%s\n", key_blob);
	assert_int_equal(sf_admin_signer_add("# keys", 6, "ningbo", &k, &out),
	    0);
	assert_int_equal(strncmp(out.buf, "# keys\n", 7), 0);
	assert_string_equal(out.buf + 7, line);
	/* once only, for any unit */
	assert_int_equal(sf_admin_signer_add(out.buf, out.len, "lishui", &k,
	    &out2), SF_EREFUSED);
	assert_string_equal(sf_error_message(), "key SHA256:QJ7FtbqlNHNlB0WMzU9"
	    "PKH6ArBHyvhb3r8YuE1AATUQ is registered already, to 'ningbo'");
	assert_int_equal(out2.len, 0);
	assert_int_equal(sf_admin_signer_revoke(out.buf, out.len, "lishui",
	    &k, &out2), SF_EREFUSED);
	assert_non_null(strstr(sf_error_message(), "registered to 'ningbo', "
	    "not to 'lishui'"));
	assert_int_equal(sf_admin_signer_revoke(out.buf, out.len, "ningbo",
	    &k2, &out2), SF_EREFUSED);
	assert_non_null(strstr(sf_error_message(), "is not registered for "
	    "'ningbo'"));
	assert_int_equal(sf_admin_signer_revoke(out.buf, out.len, "ningbo",
	    &k, &out2), 0);
	assert_string_equal(out2.buf, "# keys\n");
	/* several principals on one line: only the one goes */
	sf_buf_reset(&out2);
	snprintf(line, sizeof(line), "a,ningbo,b namespaces=\"git x\" "
	    "ssh-ed25519 %s c\nz ssh-ed25519 %s\n", key_blob, k2.blob);
	assert_int_equal(sf_admin_signer_revoke(line, strlen(line), "ningbo",
	    &k, &out2), 0);
	snprintf(line, sizeof(line), "a,b namespaces=\"git x\" "
	    "ssh-ed25519 %s c\nz ssh-ed25519 %s\n", key_blob, k2.blob);
	assert_string_equal(out2.buf, line);
	sf_ssh_key_release(&k);
	sf_ssh_key_release(&k2);
	sf_buf_release(&out);
	sf_buf_release(&out2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_default),
		cmocka_unit_test(test_config_refused),
		cmocka_unit_test(test_config_insert),
		cmocka_unit_test(test_unit_add),
		cmocka_unit_test(test_unit_set_retire),
		cmocka_unit_test(test_no_roles),
		cmocka_unit_test(test_active_unit),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_signers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
