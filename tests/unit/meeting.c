/* Unit tests: lib/meeting.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "error.h"
#include "meeting.h"
#include "units.h"

static struct sf_units *units;

static int
setup(void **state)
{
	return sf_units_parse("units.yaml", sf_default_units_yaml,
	    strlen(sf_default_units_yaml), &units);
}

static int
teardown(void **state)
{
	sf_units_free(units);
	return 0;
}

static void
test_round_trip(void **state)
{
	const char *build = getenv("SANFEN_BUILD");
	struct sf_buf path = SF_BUF_INIT, in = SF_BUF_INIT, out = SF_BUF_INIT;
	struct sf_meeting *m;

	sf_buf_init(&path);
	sf_buf_init(&in);
	sf_buf_init(&out);
	sf_buf_addf(&path, "%s/tests/unit/data/meeting/issued.yaml",
	    build ? build : ".");
	assert_int_equal(sf_buf_read_file(&in, path.buf, 1 << 22), 0);
	if (sf_meeting_parse("m.yaml", in.buf, in.len, units, &m) < 0)
		fail_msg("%s", sf_error_message());
	assert_int_equal(m->kind, SF_MK_MONTHLY);
	assert_int_equal(m->status, SF_MS_ISSUED);
	assert_int_equal(m->nitems, 2);
	assert_int_equal(m->items[0].ntasks, 2);
	assert_true(m->items[1].deferred);
	assert_int_equal(m->nattendees, 2);
	assert_string_equal(m->attendees[1].person, "副厅长 陈明");
	assert_int_equal(sf_meeting_emit(m, &out), 0);
	assert_string_equal(out.buf, in.buf);
	sf_meeting_free(m);
	sf_buf_release(&path);
	sf_buf_release(&in);
	sf_buf_release(&out);
}

static void
bad(const char *text, const char *want)
{
	struct sf_meeting *m = NULL;

	assert_int_equal(sf_meeting_parse("m.yaml", text, strlen(text), units,
	    &m), SF_EINVALID);
	assert_null(m);
	if (strncmp(sf_error_message(), want, strlen(want)) != 0)
		fail_msg("got:  %s\nwant: %s", sf_error_message(), want);
}

#define HEAD "id: 2024-10-15-monthly\nkind: monthly\ndate: 2024-10-15\n"

static void
test_findings(void **state)
{
	bad(HEAD "status: started\n", "m.yaml:4:9: status: unknown status "
	    "'started'");
	bad("id: 2024-10-15-weekly\nkind: monthly\ndate: 2024-10-15\n"
	    "status: draft\n", "m.yaml:1:5: id: malformed meeting id "
	    "'2024-10-15-weekly'");
	bad("id: 2024-10-16-monthly\nkind: monthly\ndate: 2024-10-15\n"
	    "status: draft\n", "m.yaml:1:5: id: '2024-10-16-monthly' does not "
	    "match date and kind");
	bad(HEAD "status: draft\nitems:\n- issue: 20241008-k3f9qa\n"
	    "- issue: 20241008-k3f9qa\n", "m.yaml:7:3: items[2]: issue "
	    "20241008-k3f9qa is already items[1]");
	bad(HEAD "status: draft\nitems:\n- issue: x\n", "m.yaml:6:10: "
	    "items[1].issue: malformed issue id 'x'");
	bad(HEAD "status: held\n", "m.yaml: held: required once the meeting "
	    "is held");
	bad(HEAD "status: draft\nattendees: [上海]\n", "m.yaml:5:13: "
	    "attendees[1]: unknown unit '上海'");
	bad(HEAD "status: draft\nitems:\n- issue: 20241008-k3f9qa\n"
	    "  deferred: true\n  decision: x\n", "m.yaml:6:3: items[1]: a "
	    "deferred item has no decision or tasks");
}

static void
test_ids_and_order(void **state)
{
	char *p;

	assert_int_equal(sf_meeting_id_valid("2024-10-15-monthly"), 0);
	assert_int_equal(sf_meeting_id_valid("2024-02-30-monthly"), -1);
	assert_int_equal(sf_meeting_id_valid("2024-10-15-月度"), -1);
	assert_int_equal(sf_meeting_id_valid("../../x"), -1);
	p = sf_meeting_path("2024-06-28-semiannual");
	assert_string_equal(p, "meetings/2024/2024-06-28-semiannual.yaml");
	free(p);
	assert_true(sf_meeting_status_can(SF_MS_DRAFT, SF_MS_PROPOSED));
	assert_true(sf_meeting_status_can(SF_MS_MINUTES_APPROVED,
	    SF_MS_ISSUED));
	assert_false(sf_meeting_status_can(SF_MS_DRAFT, SF_MS_APPROVED));
	assert_false(sf_meeting_status_can(SF_MS_ISSUED, SF_MS_DRAFT));
	assert_false(sf_meeting_status_can(SF_MS_ISSUED, SF_MS_ISSUED + 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_ids_and_order),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
