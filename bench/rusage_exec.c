// SPDX-License-Identifier: MIT
/*
 * rusage_exec.c - run a command and report its peak resident set size.
 *
 * rusage_exec PROG [ARGS...]: forks, execs PROG with ARGS (stdin, stdout and
 * stderr passed through), waits for it with wait4() and prints one line to
 * stderr after its output:
 *
 *   rusage_exec: maxrss_kb=N utime_s=U stime_s=S status=X
 *
 * then exits with PROG's exit status (128 + N when signal N ended it).
 *
 * Why not wait4() from the benchmark itself: Python starts a child with
 * vfork(), and exec() records the parent's high-water mark in the child's
 * ru_maxrss, so a child of Python reports Python's RSS. This program is
 * small, so its child's ru_maxrss is the command's own peak (at least this
 * program's RSS at the fork, which `rusage_exec /bin/true` shows).
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct rusage ru;
	pid_t pid;
	int st;

	if (argc < 2) {
		fprintf(stderr, "usage: rusage_exec PROG [ARGS...]\n");
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("rusage_exec: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		perror("rusage_exec: exec");
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) < 0) {
		perror("rusage_exec: wait4");
		return 2;
	}
	fflush(stdout);
	fprintf(stderr, "rusage_exec: maxrss_kb=%ld utime_s=%ld.%06ld stime_s=%ld.%06ld status=%d\n",
		ru.ru_maxrss, (long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec,
		(long)ru.ru_stime.tv_sec, (long)ru.ru_stime.tv_usec,
		WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
