// SPDX-License-Identifier: MIT
/*
 * report_file.c - a capture file to a page written atomically (a temporary
 * file in the page's folder, renamed over it when complete) or to JSON
 */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "icmpkit/err.h"
#include "report.h"

/**
 * tmp_beside() - create a temporary file in the folder of @path
 * @path: the final name; @tmp: its temporary name (filled); @cap: room
 *
 * Return: the open stream, or NULL with errno set.
 */
static FILE *tmp_beside(const char *path, char *tmp, size_t cap)
{
	char copy[4096];
	const char *base;
	char *dir;
	int fd;
	FILE *f;

	snprintf(copy, sizeof(copy), "%s", path);
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	dir = dirname(copy);
	if ((size_t)snprintf(tmp, cap, "%s/.%s.XXXXXX", dir, base) >= cap) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	fd = mkstemp(tmp);
	if (fd < 0)
		return NULL;
	fchmod(fd, 0644);
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
	}
	return f;
}

/**
 * read_all() - every frame of @cr into @r
 * @cmd: for messages; @in: file name; @cr: reader; @r: report
 *
 * Return: 0, or 1 after printing one line.
 */
static int read_all(const char *cmd, const char *in, struct ik_cap_reader *cr, struct rep *r)
{
	char err[IK_CAP_ERRBUF];
	struct ik_cap_pkt p;
	int rc;

	while ((rc = ik_cap_next(cr, &p, err)) == 1) {
		if (rep_add(r, &p)) {
			fprintf(stderr, "icmpkit %s: out of memory at packet %zu\n", cmd, r->n + 1);
			return 1;
		}
	}
	if (rc < 0) {
		fprintf(stderr, "icmpkit %s: %s: %s after %zu packets\n", cmd, in,
			rc == -IK_ETYPE ? "link type not supported" : "truncated or damaged capture",
			r->n);
		return 1;
	}
	return 0;
}

int rep_capture(const char *cmd, const char *in, const char *html, bool json, json_t *demo,
		const char *title)
{
	char err[IK_CAP_ERRBUF], tmp[4200];
	struct ik_cap_reader *cr = ik_cap_open(in, err);
	FILE *out = NULL;
	struct rep r;
	int rc;

	if (!cr) {
		fprintf(stderr, "icmpkit %s: %s: not a readable pcap or pcapng capture (%s)\n", cmd,
			in, err);
		return IK_EXIT_FAIL;
	}
	if (html) {
		out = tmp_beside(html, tmp, sizeof(tmp));
		if (!out) {
			fprintf(stderr, "icmpkit %s: %s: %s\n", cmd, html, strerror(errno));
			ik_cap_close(cr);
			return IK_EXIT_FAIL;
		}
		for (size_t i = 0; ik_report_page_head[i]; i++)
			fputs(ik_report_page_head[i], out);
	}
	if (rep_init(&r, out, json)) {
		fprintf(stderr, "icmpkit %s: out of memory\n", cmd);
		rc = IK_EXIT_FAIL;
	} else {
		rc = read_all(cmd, in, cr, &r);
	}
	ik_cap_close(cr);
	if (!rc && out && rep_finish(&r, title, demo)) {
		fprintf(stderr, "icmpkit %s: %s: write failed\n", cmd, html);
		rc = 1;
	}
	if (out && (fclose(out) || rc)) {
		if (!rc)
			fprintf(stderr, "icmpkit %s: %s: %s\n", cmd, html, strerror(errno));
		unlink(tmp);
		rc = 1;
	} else if (out && rename(tmp, html)) {
		fprintf(stderr, "icmpkit %s: %s: %s\n", cmd, html, strerror(errno));
		unlink(tmp);
		rc = 1;
	}
	if (!rc && json && rep_json(&r, in, stdout)) {
		fprintf(stderr, "icmpkit %s: writing the JSON failed\n", cmd);
		rc = 1;
	}
	rep_free(&r);
	return rc ? IK_EXIT_FAIL : IK_EXIT_OK;
}
