// SPDX-License-Identifier: MIT
/*
 * test_tun_args.c - what `icmpkit host` decides without root: the TUN
 * helpers (names, failure reasons, batch reads and writes on a datagram
 * socket pair standing in for the TUN) and the command line
 * (host_args_parse(): defaults, the kernel side's address, every error
 * message).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "icmpkit/tun.h"

/* host_args.c is part of the command, not of the library: test it here. */
#include "cli/args.c"
#include "cli/args6.c"
#include "cli/host_args.c"

#define A(s) ((uint32_t)(s))

/* ---- TUN helpers ---- */

static void test_name_valid(void **state)
{
	(void)state;
	assert_true(ik_tun_name_valid("ikt0"));
	assert_true(ik_tun_name_valid("a"));
	assert_true(ik_tun_name_valid("abcdefghijklmno")); /* 15 */
	assert_false(ik_tun_name_valid("abcdefghijklmnop")); /* 16 */
	assert_false(ik_tun_name_valid(""));
	assert_false(ik_tun_name_valid(NULL));
	assert_false(ik_tun_name_valid("."));
	assert_false(ik_tun_name_valid(".."));
	assert_true(ik_tun_name_valid("..."));
	assert_false(ik_tun_name_valid("a/b"));
	assert_false(ik_tun_name_valid("a:b"));
	assert_false(ik_tun_name_valid("a b"));
	assert_false(ik_tun_name_valid("a\tb"));
}

static void test_open_bad_name(void **state)
{
	struct ik_tun t;

	(void)state;
	/* refused before /dev/net/tun is touched */
	assert_int_equal(ik_tun_open(&t, "no/slash"), -EINVAL);
	assert_int_equal(t.fd, -1);
	ik_tun_close(&t); /* harmless on a closed device */
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(ik_tun_strerror(-EPERM), "needs CAP_NET_ADMIN (run as root)");
	assert_string_equal(ik_tun_strerror(-EACCES), "needs CAP_NET_ADMIN (run as root)");
	assert_string_equal(ik_tun_strerror(-ENOENT), "/dev/net/tun missing: modprobe tun");
	assert_string_equal(ik_tun_strerror(-ENODEV), "/dev/net/tun missing: modprobe tun");
	assert_string_equal(ik_tun_strerror(-EBUSY), "device busy: another process holds it");
	assert_string_equal(ik_tun_strerror(-EMFILE), strerror(EMFILE));
}

static void test_batch_init_bounds(void **state)
{
	struct ik_tun_batch b;

	(void)state;
	assert_int_equal(ik_tun_batch_init(&b, 0), -EINVAL);
	assert_int_equal(ik_tun_batch_init(&b, 4097), -EINVAL);
	assert_int_equal(ik_tun_batch_init(&b, 4), 0);
	assert_int_equal(b.cap, 4);
	assert_int_equal(b.n, 0);
	assert_non_null(b.buf);
	ik_tun_batch_free(&b);
	assert_null(b.buf);
	ik_tun_batch_free(&b); /* twice is fine */
}

/**
 * fill() - a recognisable packet of @len octets for index @i
 * @p: buffer; @len: octets; @i: index
 */
static void fill(uint8_t *p, size_t len, unsigned i)
{
	for (size_t k = 0; k < len; k++)
		p[k] = (uint8_t)(i * 31 + k);
}

static void test_read_batch(void **state)
{
	static const size_t lens[5] = { 20, 1500, 1, 9000, 84 };
	static uint8_t pkt[9000];
	struct ik_tun_batch b;
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sv), 0);
	assert_int_equal(ik_tun_batch_init(&b, 3), 0);
	assert_int_equal(ik_tun_read_batch(sv[0], &b), 0); /* nothing yet: EAGAIN */
	for (unsigned i = 0; i < 5; i++) {
		fill(pkt, lens[i], i);
		assert_int_equal(ik_tun_write(sv[1], pkt, lens[i]), (ssize_t)lens[i]);
	}
	/* first burst: the batch is full after 3 */
	assert_int_equal(ik_tun_read_batch(sv[0], &b), 3);
	assert_int_equal(b.n, 3);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(b.len[i], lens[i]);
		fill(pkt, lens[i], i);
		assert_memory_equal(ik_tun_batch_pkt(&b, i), pkt, lens[i]);
	}
	/* second burst: the 2 left, then EAGAIN */
	assert_int_equal(ik_tun_read_batch(sv[0], &b), 2);
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(b.len[i], lens[3 + i]);
		fill(pkt, lens[3 + i], 3 + i);
		assert_memory_equal(ik_tun_batch_pkt(&b, i), pkt, lens[3 + i]);
	}
	assert_int_equal(ik_tun_read_batch(sv[0], &b), 0);
	assert_int_equal(b.trunc, 0);
	close(sv[0]);
	close(sv[1]);
	/* a descriptor that is not open: the first read's errno */
	assert_int_equal(ik_tun_read_batch(sv[0], &b), -EBADF);
	assert_int_equal(ik_tun_write(sv[1], pkt, 20), -EBADF);
	ik_tun_batch_free(&b);
}

/* ---- command line ---- */

/**
 * parse() - host_args_parse() over a NULL-terminated list after "host"
 * @a: filled; @err: message (256 octets); @...: arguments, then NULL
 *
 * Return: its result.
 */
static int parse(struct host_args *a, char *err, ...)
{
	static char *argv[64];
	va_list ap;
	int argc = 0;

	argv[argc++] = (char *)"host";
	va_start(ap, err);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	err[0] = '\0';
	return host_args_parse(a, argc, argv, err, 256);
}

static void test_args_defaults(void **state)
{
	struct host_args a;
	char err[256];

	(void)state;
	assert_int_equal(parse(&a, err, "--tun", "ikt0", "--addr", "192.0.2.2/24", NULL), 0);
	assert_string_equal(a.tun, "ikt0");
	assert_int_equal(a.addr, A(0xc0000202));
	assert_int_equal(a.prefix, 24);
	assert_int_equal(a.peer, A(0xc0000201)); /* first other address */
	assert_int_equal(a.peer_prefix, 24);
	assert_int_equal(a.mtu, 1500);
	assert_int_equal(a.batch, HOST_BATCH_DEF);
	assert_int_equal(a.necho + a.nsink + a.nraw + a.nset, 0);
	assert_false(a.run.trace || a.run.busy_poll || a.run.json);
	assert_null(a.run.pcap);
	assert_int_equal(a.run.stats_ns, 0);
	assert_int_equal(a.run.duration_ns, 0);
	assert_int_equal(a.count_limit, 0);
}

static void test_args_peer(void **state)
{
	struct host_args a;
	char err[256];

	(void)state;
	/* the stack at .1: the kernel gets .2 */
	assert_int_equal(parse(&a, err, "--tun", "t", "--addr", "192.0.2.1/24", NULL), 0);
	assert_int_equal(a.peer, A(0xc0000202));
	/* /31: the other one, both ways */
	assert_int_equal(parse(&a, err, "--tun", "t", "--addr", "198.51.100.7/31", NULL), 0);
	assert_int_equal(a.peer, A(0xc6336406));
	assert_int_equal(parse(&a, err, "--tun", "t", "--addr", "198.51.100.6/31", NULL), 0);
	assert_int_equal(a.peer, A(0xc6336407));
	/* /30 */
	assert_int_equal(parse(&a, err, "--tun", "t", "--addr", "203.0.113.6/30", NULL), 0);
	assert_int_equal(a.peer, A(0xcb007105));
	/* given without a length: the stack's prefix */
	assert_int_equal(parse(&a, err, "--tun", "t", "--addr", "192.0.2.2/24", "--peer",
			       "192.0.2.200", NULL), 0);
	assert_int_equal(a.peer, A(0xc00002c8));
	assert_int_equal(a.peer_prefix, 24);
	/* a /32 stack with a wider kernel prefix */
	assert_int_equal(parse(&a, err, "--tun", "t", "--addr", "192.0.2.2/32", "--peer",
			       "192.0.2.1/24", NULL), 0);
	assert_int_equal(a.peer_prefix, 24);
	assert_int_equal(parse(&a, err, "--tun", "t", "--addr", "192.0.2.2/32", NULL),
			 HOST_ARGS_ERROR);
	assert_string_equal(err, "--addr /32 leaves no address for the kernel: give --peer");
	assert_int_equal(parse(&a, err, "--tun", "t", "--addr", "192.0.2.2/24", "--peer",
			       "192.0.2.2/24", NULL), HOST_ARGS_ERROR);
	assert_string_equal(err, "--peer 192.0.2.2 is the stack's own address");
	assert_int_equal(parse(&a, err, "--tun", "t", "--addr", "192.0.2.2/24", "--peer",
			       "198.51.100.1/24", NULL), HOST_ARGS_ERROR);
	assert_string_equal(err, "--addr 192.0.2.2 is outside --peer 198.51.100.1/24: the kernel would have no route to it");
}

static void test_args_everything(void **state)
{
	struct host_args a;
	char err[256];

	(void)state;
	assert_int_equal(parse(&a, err, "--tun", "ikt0", "--addr", "192.0.2.2/24", "--mtu", "9000",
			       "--udp-echo", "7", "--udp-echo", "65535", "--udp-sink", "9",
			       "--raw", "47", "--raw", "132", "--pcap", "x.pcap", "--trace",
			       "--busy-poll", "--json", "--stats-interval", "0.5", "--duration",
			       "2.25", "--count-limit", "1000", "--batch", "8",
			       "--set", "icmp_ratelimit=0", "--set", "icmp_ratemask=0x1818", NULL), 0);
	assert_int_equal(a.mtu, 9000);
	assert_int_equal(a.necho, 2);
	assert_int_equal(a.echo[0], 7);
	assert_int_equal(a.echo[1], 65535);
	assert_int_equal(a.nsink, 1);
	assert_int_equal(a.sink[0], 9);
	assert_int_equal(a.nraw, 2);
	assert_int_equal(a.raw[0], 47);
	assert_int_equal(a.raw[1], 132);
	assert_string_equal(a.run.pcap, "x.pcap");
	assert_true(a.run.trace && a.run.busy_poll && a.run.json);
	assert_int_equal(a.run.stats_ns, 500000000u);
	assert_int_equal(a.run.duration_ns, 2250000000u);
	assert_int_equal(a.count_limit, 1000);
	assert_int_equal(a.batch, 8);
	assert_int_equal(a.nset, 2);
	assert_int_equal(a.set[0].name_len, strlen("icmp_ratelimit"));
	assert_memory_equal(a.set[0].name, "icmp_ratelimit", a.set[0].name_len);
	assert_int_equal(a.set[0].value, 0);
	assert_int_equal(a.set[1].value, 0x1818);
	/* --help wins wherever it is */
	assert_int_equal(parse(&a, err, "--tun", "ikt0", "--help", NULL), HOST_ARGS_HELP);
}

static void test_args_errors(void **state)
{
	static const struct {
		const char *argv[8];
		const char *msg;
	} cases[] = {
		{ { NULL }, "--tun NAME is required" },
		{ { "--tun", "t", NULL }, "--addr ADDR/LEN is required" },
		{ { "--tun", NULL }, "option '--tun' needs a value" },
		{ { "--tun", "t", "--addr", "192.0.2.2/24", "--frob", NULL },
		  "unknown option '--frob'" },
		{ { "--tun", "t", "--addr", "192.0.2.2/24", "extra", NULL },
		  "unexpected argument 'extra'" },
		{ { "--tun", "abcdefghijklmnop", NULL },
		  "--tun 'abcdefghijklmnop' is not a valid interface name (1..15 characters, no '/', ':' or spaces)" },
		{ { "--tun", "t", "--addr", "192.0.2.2", NULL },
		  "--addr needs ADDR/LEN (e.g. 192.0.2.2/24), not '192.0.2.2'" },
		{ { "--tun", "t", "--addr", "192.0.2.2/33", NULL },
		  "--addr needs ADDR/LEN (e.g. 192.0.2.2/24), not '192.0.2.2/33'" },
		{ { "--tun", "t", "--addr", "192.0.2.2/0", NULL },
		  "--addr needs ADDR/LEN (e.g. 192.0.2.2/24), not '192.0.2.2/0'" },
		{ { "--tun", "t", "--addr", "192.0.2.0/24", NULL },
		  "--addr 192.0.2.0/24 is the network address of its prefix" },
		{ { "--tun", "t", "--addr", "192.0.2.255/24", NULL },
		  "--addr 192.0.2.255/24 is the broadcast address of its prefix" },
		{ { "--tun", "t", "--addr", "127.0.0.2/8", NULL },
		  "--addr 127.0.0.2/8 is a loopback address" },
		{ { "--tun", "t", "--addr", "224.0.0.1/24", NULL },
		  "--addr 224.0.0.1/24 is multicast or reserved" },
		{ { "--tun", "t", "--addr", "192.0.2.2/24", "--mtu", "67", NULL },
		  "--mtu needs 68..65535, not '67'" },
		{ { "--tun", "t", "--addr", "192.0.2.2/24", "--mtu", "65536", NULL },
		  "--mtu needs 68..65535, not '65536'" },
		{ { "--tun", "t", "--addr", "192.0.2.2/24", "--udp-echo", "0", NULL },
		  "--udp-echo needs a port 1..65535, not '0'" },
		{ { "--tun", "t", "--addr", "192.0.2.2/24", "--udp-sink", "-1", NULL },
		  "--udp-sink needs a port 1..65535, not '-1'" },
		{ { "--tun", "t", "--udp-echo", "7", "--udp-sink", "7", NULL }, "port 7 given twice" },
		{ { "--tun", "t", "--raw", "0", NULL },
		  "--raw needs a protocol number 1..255, not '0'" },
		{ { "--tun", "t", "--raw", "47", "--raw", "47", NULL }, "--raw 47 given twice" },
		{ { "--tun", "t", "--stats-interval", "0", NULL },
		  "--stats-interval needs seconds > 0, not '0'" },
		{ { "--tun", "t", "--duration", "soon", NULL },
		  "--duration needs seconds > 0, not 'soon'" },
		{ { "--tun", "t", "--count-limit", "0", NULL },
		  "--count-limit needs a count >= 1, not '0'" },
		{ { "--tun", "t", "--batch", "1025", NULL }, "--batch needs 1..1024, not '1025'" },
		{ { "--tun", "t", "--set", "icmp_ratelimit", NULL },
		  "--set needs NAME=VALUE, not 'icmp_ratelimit'" },
		{ { "--tun", "t", "--set", "icmp_ratelimit=1k", NULL },
		  "--set icmp_ratelimit needs an integer value, not '1k'" },
		{ { "--tun", "t", "--pcap", "", NULL }, "--pcap needs a file name" },
	};
	struct host_args a;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *argv[10] = { (char *)"host" };
		int argc = 1;

		while (cases[i].argv[argc - 1])
			argv[argc] = (char *)cases[i].argv[argc - 1], argc++;
		err[0] = '\0';
		assert_int_equal(host_args_parse(&a, argc, argv, err, sizeof(err)), HOST_ARGS_ERROR);
		assert_string_equal(err, cases[i].msg);
		assert_null(strchr(err, '\n')); /* one line */
	}
}

static void test_args_unknown_setting_lists_names(void **state)
{
	struct host_args a;
	char err[1400];
	char *argv[] = { (char *)"host", (char *)"--set", (char *)"icmp_ratelimt=0", NULL };
	const char *name;

	(void)state;
	assert_int_equal(host_args_parse(&a, 3, argv, err, sizeof(err)), HOST_ARGS_ERROR);
	assert_int_equal(strncmp(err, "unknown setting 'icmp_ratelimt' (known: ", 40), 0);
	for (unsigned i = 0; (name = ik_stack_setting_name(i)); i++)
		assert_non_null(strstr(err, name));
	assert_int_equal(err[strlen(err) - 1], ')');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_valid),
		cmocka_unit_test(test_open_bad_name),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_batch_init_bounds),
		cmocka_unit_test(test_read_batch),
		cmocka_unit_test(test_args_defaults),
		cmocka_unit_test(test_args_peer),
		cmocka_unit_test(test_args_everything),
		cmocka_unit_test(test_args_errors),
		cmocka_unit_test(test_args_unknown_setting_lists_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
