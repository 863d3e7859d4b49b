/* Unit tests: lib/ssh_auth.c — remote URLs and known_hosts matching */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ssh_auth.h"

/* An ed25519 host key, as ssh-keygen wrote it, and its known_hosts lines
 * for [10.0.0.5]:2222: plain, and hashed by ssh-keygen -H. */
#define KEY64 "AAAAC3NzaC1lZDI1NTE5AAAAIMzQhQ5dppLQlg8dO422Gr3AqwmHfNLhv6J40u1TLI4/"
#define PLAIN "[10.0.0.5]:2222 ssh-ed25519 " KEY64 "\n"
#define HASHED "|1|wIltQHscnGYZBvchtvJkHd3L8s8=|NdWi/jwTFHLm3OUhJUfiM79/+sM= " \
	"ssh-ed25519 " KEY64 "\n"
#define OTHER64 "AAAAC3NzaC1lZDI1NTE5AAAAIHq6v0Qf0a0Wq0e3X9z7S1bq3o0E2m1u0c8Wc3h0p1Zs"

static const unsigned char key[51] = {
	0x00, 0x00, 0x00, 0x0b, 0x73, 0x73, 0x68, 0x2d, 0x65, 0x64, 0x32, 0x35,
	0x35, 0x31, 0x39, 0x00, 0x00, 0x00, 0x20, 0xcc, 0xd0, 0x85, 0x0e, 0x5d,
	0xa6, 0x92, 0xd0, 0x96, 0x0f, 0x1d, 0x3b, 0x8d, 0xb6, 0x1a, 0xbd, 0xc0,
	0xab, 0x09, 0x87, 0x7c, 0xd2, 0xe1, 0xbf, 0xa2, 0x78, 0xd2, 0xed, 0x53,
	0x2c, 0x8e, 0x3f,
};

static void
urls(void **state)
{
	struct sf_ssh_auth a;

	(void)state;
	sf_ssh_auth_init(&a, "ssh://ledger@drc.zj.example:2222/srv/ledger.git");
	assert_string_equal(a.host, "drc.zj.example");
	assert_int_equal(a.port, 2222);
	sf_ssh_auth_release(&a);
	sf_ssh_auth_init(&a, "ssh://drc.zj.example/srv/ledger.git");
	assert_string_equal(a.host, "drc.zj.example");
	assert_int_equal(a.port, 22);
	sf_ssh_auth_release(&a);
	sf_ssh_auth_init(&a, "ledger@drc.zj.example:srv/ledger.git");
	assert_string_equal(a.host, "drc.zj.example");
	assert_int_equal(a.port, 22);
	sf_ssh_auth_release(&a);
	sf_ssh_auth_init(&a, "ssh://git@[::1]:2200/x.git");
	assert_string_equal(a.host, "::1");
	assert_int_equal(a.port, 2200);
	sf_ssh_auth_release(&a);
}

static void
plain_and_hashed(void **state)
{
	(void)state;
	assert_int_equal(sf_known_hosts_match(PLAIN, "10.0.0.5", 2222, key,
	    sizeof(key)), 1);
	assert_int_equal(sf_known_hosts_match(HASHED, "10.0.0.5", 2222, key,
	    sizeof(key)), 1);
	/* the port is part of the name */
	assert_int_equal(sf_known_hosts_match(PLAIN, "10.0.0.5", 22, key,
	    sizeof(key)), 0);
	assert_int_equal(sf_known_hosts_match(HASHED, "10.0.0.5", 22, key,
	    sizeof(key)), 0);
	assert_int_equal(sf_known_hosts_match(HASHED, "10.0.0.6", 2222, key,
	    sizeof(key)), 0);
}

static void
changed_key(void **state)
{
	const char *text = "# comment\n\n[10.0.0.5]:2222 ssh-ed25519 "
	    OTHER64 "\n";

	(void)state;
	assert_int_equal(sf_known_hosts_match(text, "10.0.0.5", 2222, key,
	    sizeof(key)), -1);
	/* a second line with the right key wins */
	assert_int_equal(sf_known_hosts_match(
	    "[10.0.0.5]:2222 ssh-ed25519 " OTHER64 "\n" PLAIN, "10.0.0.5",
	    2222, key, sizeof(key)), 1);
}

static void
patterns_and_junk(void **state)
{
	(void)state;
	assert_int_equal(sf_known_hosts_match("a.example,drc.zj.example "
	    "ssh-ed25519 " KEY64 "\n", "drc.zj.example", 22, key,
	    sizeof(key)), 1);
	/* markers and negations are not trusted */
	assert_int_equal(sf_known_hosts_match("@cert-authority drc.zj.example "
	    "ssh-ed25519 " KEY64 "\n", "drc.zj.example", 22, key,
	    sizeof(key)), 0);
	assert_int_equal(sf_known_hosts_match("!drc.zj.example ssh-ed25519 "
	    KEY64 "\n", "drc.zj.example", 22, key, sizeof(key)), 0);
	/* broken lines are skipped, not crashed on */
	assert_int_equal(sf_known_hosts_match("drc.zj.example\n|1|x\n|1|"
	    "a|b ssh-ed25519 ***\ndrc.zj.example ssh-ed25519\n",
	    "drc.zj.example", 22, key, sizeof(key)), -1);
	assert_int_equal(sf_known_hosts_match("", "x", 22, key, sizeof(key)),
	    0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(urls),
		cmocka_unit_test(plain_and_hashed),
		cmocka_unit_test(changed_key),
		cmocka_unit_test(patterns_and_junk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
