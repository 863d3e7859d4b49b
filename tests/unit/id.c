/* Unit tests: lib/id.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
#include "id.h"

static void
test_id(void **state)
{
	char a[SF_ID_LEN + 1], b[SF_ID_LEN + 1];
	int i, same = 0;

	assert_int_equal(strlen(sf_id_alphabet), 32);
	assert_null(strpbrk(sf_id_alphabet, "ilou"));
	sf_id_from_bits("2024-09-13", 0, a);
	assert_string_equal(a, "20240913-000000");
	sf_id_from_bits("2024-09-13", 0x3fffffff, a);
	assert_string_equal(a, "20240913-zzzzzz");
	assert_int_equal(sf_id_new("2024-10-08", a), 0);
	assert_int_equal(strlen(a), SF_ID_LEN);
	assert_memory_equal(a, "20241008-", 9);
	for (i = 9; i < SF_ID_LEN; i++)
		assert_non_null(strchr(sf_id_alphabet, a[i]));
	for (i = 0; i < 100; i++) {
		sf_id_new("2024-10-08", b);
		same += strcmp(a, b) == 0;
	}
	assert_true(same < 2);
	assert_int_equal(sf_id_new("2024-02-30", a), SF_EINVALID);
}

static void
test_id_prefix(void **state)
{
	assert_int_equal(sf_id_prefix_valid("2024"), 0);
	assert_int_equal(sf_id_prefix_valid("20241008-"), 0);
	assert_int_equal(sf_id_prefix_valid("20241008-k3f"), 0);
	assert_int_equal(sf_id_prefix_valid("20241008-k3f9qa"), 0);
	assert_int_equal(sf_id_prefix_valid("20241008k"), -1);
	assert_int_equal(sf_id_prefix_valid("../etc"), -1);
	assert_int_equal(sf_id_prefix_valid("20241008-a/b"), -1);
	assert_int_equal(sf_id_prefix_valid("20241008-K3F"), -1);
	assert_int_equal(sf_id_prefix_valid(""), -1);
}

static void
test_issue_ids_and_paths(void **state)
{
	static const struct {
		const char *id;
		int ok;
	} cases[] = {
		{ "20241008-k3f9qa", 0 }, { "20241008-abcd", 0 },
		{ "20241008-0123456789abcdef", 0 }, { "20240229-aaaa", 0 },
		{ "20241008-abc", -1 }, { "20241008-ABC", -1 },
		{ "20241008-ABCDEF", -1 }, { "20241008-a/b", -1 },
		{ "20241008-a/b/cd", -1 }, { "20241008-ab.cd", -1 },
		{ "20241008-../x", -1 }, { "../x", -1 }, { "/etc/passwd", -1 },
		{ "20241301-abc", -1 }, { "20241301-abcdef", -1 },
		{ "20240230-abcdef", -1 }, { "20230229-abcdef", -1 },
		{ "20241000-abcdef", -1 }, { "2024108-abcdef", -1 },
		{ "20241008k3f9qa", -1 }, { "20241008_k3f9qa", -1 },
		{ "20241008-k3f9qa ", -1 }, { "20241008-k3f\tqa", -1 },
		{ "20241008-abcdefghijklmnopq", -1 }, { "", -1 },
		{ "２0241008-abcdef", -1 },
	};
	size_t i;
	char *p;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (sf_issue_id_valid(cases[i].id) != cases[i].ok)
			fail_msg("sf_issue_id_valid(\"%s\")", cases[i].id);
		p = sf_issue_path(cases[i].id);
		if ((p != NULL) != (cases[i].ok == 0))
			fail_msg("sf_issue_path(\"%s\")", cases[i].id);
		free(p);
	}
	assert_int_equal(sf_issue_id_valid(NULL), -1);
	assert_null(sf_issue_path(NULL));
	p = sf_issue_path("20241008-k3f9qa");
	assert_string_equal(p, "issues/2024/10/20241008-k3f9qa.yaml");
	free(p);
	p = sf_issue_path("20240229-0123456789abcdef");
	assert_string_equal(p, "issues/2024/02/20240229-0123456789abcdef.yaml");
	free(p);
}


static void
test_meeting_ids_and_paths(void **state)
{
	static const struct {
		const char *id;
		int ok;
	} cases[] = {
		{ "2024-10-15-monthly", 0 }, { "2024-06-28-semiannual", 0 },
		{ "2024-12-27-annual", 0 }, { "2024-02-29-special", 0 },
		{ "2024-02-30-monthly", -1 }, { "2023-02-29-special", -1 },
		{ "2024-13-01-monthly", -1 }, { "2024-10-15-weekly", -1 },
		{ "2024-10-15-Monthly", -1 }, { "2024-10-15-月度", -1 },
		{ "2024-10-15-monthly/../x", -1 }, { "2024-10-15-", -1 },
		{ "2024-10-15", -1 }, { "2024-10-15monthly", -1 },
		{ "24-10-15-monthly", -1 }, { "../../x", -1 }, { "", -1 },
		{ "2024-10-15-monthly ", -1 },
	};
	size_t i;
	char *p;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (sf_meeting_id_valid(cases[i].id) != cases[i].ok)
			fail_msg("sf_meeting_id_valid(\"%s\")", cases[i].id);
		p = sf_meeting_path(cases[i].id);
		if ((p != NULL) != (cases[i].ok == 0))
			fail_msg("sf_meeting_path(\"%s\")", cases[i].id);
		free(p);
	}
	assert_int_equal(sf_meeting_id_valid(NULL), -1);
	p = sf_meeting_path("2024-06-28-semiannual");
	assert_string_equal(p, "meetings/2024/2024-06-28-semiannual.yaml");
	free(p);
}


/* The parsers find the id only where its file belongs. */
static void
test_ids_of_files(void **state)
{
	static const struct {
		const char *path;
		const char *file_id;	/* sf_issue_file_id, or NULL */
		int at_home;		/* sf_issue_path_id finds it too */
	} issues[] = {
		{ "issues/2024/10/20241008-k3f9qa.yaml", "20241008-k3f9qa", 1 },
		{ "issues/2024/09/20241008-k3f9qa.yaml", "20241008-k3f9qa", 0 },
		{ "issues/2023/10/20241008-k3f9qa.yaml", "20241008-k3f9qa", 0 },
		{ "issues/2024/10/x/20241008-k3f9qa.yaml", "20241008-k3f9qa",
		    0 },
		{ "issues/20241008-k3f9qa.yaml", "20241008-k3f9qa", 0 },
		{ "elsewhere/2024/10/20241008-k3f9qa.yaml", "20241008-k3f9qa",
		    0 },
		{ "20241008-k3f9qa.yaml", "20241008-k3f9qa", 0 },
		{ "issues/2024/10/20241008-k3f9qa.yml", NULL, 0 },
		{ "issues/2024/10/20241008-k3f9qa", NULL, 0 },
		{ "issues/2024/10/.yaml", NULL, 0 },
		{ "issues/2024/10/20241008-ABCDEF.yaml", NULL, 0 },
		{ "issues/2024/10/2024-10-15-monthly.yaml", NULL, 0 },
		{ "", NULL, 0 },
	};
	static const struct {
		const char *path;
		const char *file_id;	/* sf_meeting_file_id, or NULL */
		int at_home;		/* sf_meeting_path_id finds it too */
	} meetings[] = {
		{ "meetings/2024/2024-10-15-monthly.yaml", "2024-10-15-monthly",
		    1 },
		{ "meetings/2023/2024-10-15-monthly.yaml", "2024-10-15-monthly",
		    0 },
		{ "meetings/2024/10/2024-10-15-monthly.yaml",
		    "2024-10-15-monthly", 0 },
		{ "2024-10-15-monthly.yaml", "2024-10-15-monthly", 0 },
		{ "meetings/2024/2024-10-15-weekly.yaml", NULL, 0 },
		{ "meetings/2024/20241008-k3f9qa.yaml", NULL, 0 },
		{ "meetings/2024/2024-10-15-monthly.yml", NULL, 0 },
	};
	char buf[64], small[8];
	const char *id;
	size_t i;

	for (i = 0; i < sizeof(issues) / sizeof(issues[0]); i++) {
		id = sf_issue_file_id(issues[i].path, buf, sizeof(buf));
		if (issues[i].file_id ? !id || strcmp(id,
		    issues[i].file_id) : id != NULL)
			fail_msg("sf_issue_file_id(\"%s\")", issues[i].path);
		id = sf_issue_path_id(issues[i].path, buf, sizeof(buf));
		if (issues[i].at_home ? !id || strcmp(id,
		    issues[i].file_id) : id != NULL)
			fail_msg("sf_issue_path_id(\"%s\")", issues[i].path);
	}
	for (i = 0; i < sizeof(meetings) / sizeof(meetings[0]); i++) {
		id = sf_meeting_file_id(meetings[i].path, buf, sizeof(buf));
		if (meetings[i].file_id ? !id || strcmp(id,
		    meetings[i].file_id) : id != NULL)
			fail_msg("sf_meeting_file_id(\"%s\")",
			    meetings[i].path);
		id = sf_meeting_path_id(meetings[i].path, buf, sizeof(buf));
		if (meetings[i].at_home ? !id || strcmp(id,
		    meetings[i].file_id) : id != NULL)
			fail_msg("sf_meeting_path_id(\"%s\")",
			    meetings[i].path);
	}
	/* what does not fit is no id, never a cut one */
	assert_null(sf_issue_path_id("issues/2024/10/20241008-k3f9qa.yaml",
	    small, sizeof(small)));
	assert_null(sf_issue_file_id(NULL, buf, sizeof(buf)));
	/* every path sf_issue_path makes reads back */
	for (i = 0; i < 100; i++) {
		char made[SF_ID_LEN + 1], *p;

		sf_id_new("2024-02-29", made);
		p = sf_issue_path(made);
		assert_non_null(sf_issue_path_id(p, buf, sizeof(buf)));
		assert_string_equal(buf, made);
		free(p);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_id_prefix),
		cmocka_unit_test(test_issue_ids_and_paths),
		cmocka_unit_test(test_meeting_ids_and_paths),
		cmocka_unit_test(test_ids_of_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
