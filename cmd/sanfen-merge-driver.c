/*
 * sanfen-merge-driver — the field-level merge of sanfen-sync as a git
 * merge driver, so that a plain `git pull` merges ledger files the same
 * way. git runs it as `sanfen-merge-driver %O %A %B %P` (see
 * .gitattributes and merge.sanfen.driver, set by every sanfen command
 * in a clone that lacks it). A conflict leaves the field-level merge
 * with only the conflicting fields between markers, and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "error.h"
#include "ledger.h"
#include "merge.h"
#include "units.h"

static const char usage_text[] =
    "usage: sanfen-merge-driver [-C dir] base ours theirs [path]\n";

#define MAX_FILE (4 << 20)

static int
read_side(const char *path, struct sf_buf *b, struct sf_version *v)
{
	sf_buf_init(b);
	if (sf_buf_read_file(b, path, MAX_FILE) < 0)
		return sf_error_errno("cannot read %s", path);
	/* git hands an empty file for a side the file is absent from */
	v->data = b->len ? b->buf : NULL;
	v->len = b->len;
	return 0;
}

/* Replace ours with the result, through a temporary file and rename. */
static int
write_result(const char *path, const struct sf_buf *out)
{
	struct sf_buf tmp = SF_BUF_INIT;
	int fd, rc = 0;

	sf_buf_addf(&tmp, "%s.sanfen-tmp", path);
	if ((fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666)) < 0 || write(fd, out->buf, out->len) !=
	    (ssize_t)out->len || close(fd) < 0 ||
	    rename(tmp.buf, path) < 0) {
		rc = sf_error_errno("cannot write %s", path);
		unlink(tmp.buf);
	}
	sf_buf_release(&tmp);
	return rc;
}

int
main(int argc, char **argv)
{
	struct sf_cli cli = { "sanfen-merge-driver", usage_text, 0, NULL,
		NULL, NULL, NULL };
	static const struct option longopts[] = { { NULL, 0, NULL, 0 } };
	struct sf_buf b = SF_BUF_INIT, o = SF_BUF_INIT, t = SF_BUF_INIT;
	struct sf_buf out = SF_BUF_INIT;
	struct sf_version vb, vo, vt;
	struct sf_conflicts cf;
	struct sf_ledger *l = NULL;
	const char *name;
	size_t i;
	int opt, rc, ex = 1;

	while ((opt = sf_cli_getopt(&cli, argc, argv, "", longopts)) != -1)
		sf_cli_usage_error(&cli, "unexpected option");
	if (argc - optind != 3 && argc - optind != 4)
		sf_cli_usage_error(&cli, "give base, ours, theirs and the "
		    "path (%%O %%A %%B %%P)");
	name = argc - optind == 4 ? argv[optind + 3] : argv[optind + 1];
	sf_conflicts_init(&cf);
	sf_cli_git_init();
	/* the registry validates unit fields when the ledger is at hand;
	 * without it the merge goes on (not sf_cli_open, which fails) */
	if (sf_ledger_open(cli.dir, &l) < 0)
		l = NULL;
	sf_error_clear();
	if ((rc = read_side(argv[optind], &b, &vb)) < 0 ||
	    (rc = read_side(argv[optind + 1], &o, &vo)) < 0 ||
	    (rc = read_side(argv[optind + 2], &t, &vt)) < 0) {
		ex = sf_cli_fail(&cli, rc);
		goto out;
	}
	rc = sf_merge_file_marked(name, &vb, &vo, &vt, l ? l->units : NULL,
	    &out, &cf);
	if (rc == SF_ECONFLICT) {
		/* the field-level merge, the conflicting fields marked: git
		 * then leaves the path unmerged for the clerk to settle */
		if (write_result(argv[optind + 1], &out) < 0) {
			ex = sf_cli_fail(&cli, SF_EIO);
			goto out;
		}
		for (i = 0; i < cf.n; i++) {
			sf_buf_reset(&b);
			sf_conflict_format(&cf.v[i], &b);
			sf_cli_error(&cli, "conflict: %s", b.buf);
		}
		sf_cli_error(&cli, "%s: the conflicting fields are marked; "
		    "settle them with sanfen-sync --resolve, or by hand and "
		    "git add", name);
		goto out;
	}
	if (rc == 1)	/* both sides emptied it: nothing to keep */
		sf_buf_reset(&out);
	else if (rc < 0) {
		ex = sf_cli_fail(&cli, rc);
		goto out;
	}
	if ((rc = write_result(argv[optind + 1], &out)) < 0) {
		ex = sf_cli_fail(&cli, rc);
		goto out;
	}
	ex = 0;
out:
	sf_buf_release(&b);
	sf_buf_release(&o);
	sf_buf_release(&t);
	sf_buf_release(&out);
	sf_conflicts_clear(&cf);
	sf_ledger_free(l);
	return ex;
}
