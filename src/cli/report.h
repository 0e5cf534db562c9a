/* SPDX-License-Identifier: MIT */
/*
 * report.h - `icmpkit report` and `icmpkit demo --html`: a capture (or a
 * demo's) as one self-contained web page, or its facts as JSON
 */
#ifndef ICMPKIT_CLI_REPORT_H
#define ICMPKIT_CLI_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "icmpkit/capread.h"
#include "icmpkit/fields.h"
#include "icmpkit/flow.h"

#define REP_CHUNK 2048 /* packets per detail chunk of the page */
#define REP_MAX_TABLES 96
#define REP_KIND_SKIPPED IK_FK_COUNT /* the page's and JSON's kind past the matcher's */

/**
 * struct rep_intern - a set of byte strings, each given an index in the
 * order first seen (strings of the page, layer templates, addresses)
 * @s/@len: the strings (owned) and their lengths
 * @slot:   hash slots: index + 1, 0 when free
 * @n/@cap: strings held / room
 * @mask:   slots - 1
 */
struct rep_intern {
	char **s;
	size_t *len;
	uint32_t *slot;
	size_t n, cap, mask;
};

/** rep_intern_add() - the index of @n octets at @p, added if new. Return: it, or -1 (no memory). */
long rep_intern_add(struct rep_intern *t, const void *p, size_t n);
/** rep_intern_free() - free every string */
void rep_intern_free(struct rep_intern *t);

/**
 * struct rep - a report being made
 * @out:     the page (temporary file), NULL when only JSON is wanted
 * @list:    keep each packet's summary for the JSON (--json)
 * @flow:    the matcher
 * @n/@cap:  packets / room in the columns
 * @t:       time in ns since the first packet's
 * @t0:      the first packet's time (ns since the epoch)
 * @src/@dst: address indexes in @addrs (-1: none)
 * @len:     captured octets of the datagram (or of the frame)
 * @tc:      ICMP type << 8 | code, -1 when not ICMP
 * @eid:     echo stream (requester, responder, Identifier) index, -1
 * @skipped: 1 for a frame that holds no IPv4 datagram (ARP, IPv6, ...):
 *           shown as kind REP_KIND_SKIPPED, not as malformed
 * @sum:     --json: each packet's summary (owned)
 * @addrs:   addresses (4 octets each), the lifelines
 * @streams: echo streams (10 octets each)
 * @strs:    the page's strings, as JSON literals
 * @tpls:    layer templates, as JSON arrays
 * @tabs:    field tables seen, by index
 * @ntabs:   their count
 * @nmal:    packets shown as malformed or unreadable
 * @err:     first write or memory failure
 */
struct rep {
	FILE *out;
	bool list;
	struct ik_flow *flow;
	size_t n, cap;
	int64_t *t;
	int64_t t0;
	int32_t *src, *dst;
	uint32_t *len;
	int32_t *tc, *eid;
	uint8_t *skipped;
	char **sum;
	struct rep_intern addrs, streams, strs, tpls;
	const struct ik_field_table *tabs[REP_MAX_TABLES];
	size_t ntabs;
	size_t nmal;
	bool err;
};

/* struct rep.tc of an ICMPv6 message: REP_TC_V6 | type << 8 | code */
#define REP_TC_V6 0x10000

/**
 * rep_addr_str() - lifeline @i's address as text (dotted quad, or RFC 5952)
 * @r:   report
 * @i:   index in @r->addrs
 * @buf: IK_IPV6_ADDR_STRLEN (46) octets
 */
void rep_addr_str(const struct rep *r, int32_t i, char *buf);

/**
 * rep_tc_names() - the type and code names of a struct rep.tc value
 * @tc:   type << 8 | code, with REP_TC_V6 for ICMPv6
 * @type: set to the type's name
 * @code: set to the code's name
 */
void rep_tc_names(int32_t tc, const char **type, const char **code);


/** rep_init() - start a report, writing the page to @out (NULL: none). Return: 0 or -1. */
int rep_init(struct rep *r, FILE *out, bool list);
/** rep_add() - one frame of the capture. Return: 0, or -1 (no memory). */
int rep_add(struct rep *r, const struct ik_cap_pkt *p);
/**
 * rep_finish() - write the rest of the page: the columns, strings, tables,
 * and @demo (a demo's scenarios JSON, or NULL)
 * @r: report; @title: the page's title; @demo: or NULL
 *
 * Return: 0, or -1 when writing failed.
 */
int rep_finish(struct rep *r, const char *title, json_t *demo);
/**
 * rep_json() - print the report's facts as JSON: source, counts, links,
 * packets (the arrays streamed, one compact element a line)
 * @r: report; @source: the capture's name; @f: stream
 *
 * Return: 0, or -1 when out of memory or writing failed.
 */
int rep_json(struct rep *r, const char *source, FILE *f);
/** rep_kind() - the kind of packet @i: enum ik_flow_kind or REP_KIND_SKIPPED. Return: it. */
unsigned rep_kind(const struct rep *r, size_t i);
/** rep_kind_name() - "skipped" for REP_KIND_SKIPPED, else ik_flow_kind_name(). Return: it. */
const char *rep_kind_name(unsigned kind);
/** rep_free() - free a report (not its @out) */
void rep_free(struct rep *r);

/* report_detail.c */
/** rep_detail() - write one packet's detail (bytes, layers, verdicts). Return: 0 or -1. */
int rep_detail(struct rep *r, const struct ik_cap_pkt *p, char *sum, size_t sumcap);
/** rep_jstr() - @s as a JSON string literal into @buf (NUL-terminated). Return: its length. */
size_t rep_jstr(char *buf, size_t cap, const char *s);
/** rep_str() - the index of string @s in the page's strings. Return: it, or -1. */
long rep_str(struct rep *r, const char *s);

/* report_file.c */
/**
 * rep_capture() - the page (or JSON) of a capture file
 * @cmd: command name for messages; @in: capture; @html: page to write, or
 * NULL; @json: print JSON; @demo: a demo's JSON, or NULL; @title: page title
 *
 * Return: exit status (one line on standard error when it is not 0).
 */
int rep_capture(const char *cmd, const char *in, const char *html, bool json, json_t *demo,
		const char *title);

/* report_page.c (generated by scripts/embed-page) */
extern const char *const ik_report_page_head[];
extern const char *const ik_report_page_tail[];

#endif
