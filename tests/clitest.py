"""clitest - what the command-line tests (host_cli.py, router_cli.py,
ping_cli.py, traceroute_cli.py) share: the binary from argv, counted ok/FAIL
lines, the one-line-error check, and running without capabilities.

Import it from a test in this folder:  from clitest import Results, nocap
"""
import os
import shutil
import sys

EXE = sys.argv[1] if len(sys.argv) > 1 else "build/src/cli/icmpkit"


class Results:
    """ok/FAIL lines, counted; finish() prints the tally and exits."""

    def __init__(self, name):
        self.name = name
        self.passed = self.failed = 0

    def check(self, desc, ok, detail=""):
        """Count and print one result."""
        if ok:
            self.passed += 1
            print(f"ok   - {desc}")
        else:
            self.failed += 1
            print(f"FAIL - {desc} {detail}")

    def one_line_error(self, p, cmd, want, args):
        """A usage error: exit 2, one stderr line 'icmpkit CMD: ...WANT...', no stdout."""
        lines = p.stderr.splitlines()
        ok = (p.returncode == 2 and len(lines) == 1 and lines[0].startswith(f"icmpkit {cmd}: ")
              and want in lines[0] and p.stdout == "")
        self.check(f"exit 2, one line: {' '.join(args) or '(nothing)'}", ok,
                   f"(rc {p.returncode}, stderr {p.stderr!r})")

    def finish(self):
        """Print 'NAME: N passed, N failed' and exit 0 or 1."""
        print(f"{self.name}: {self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)


def nocap(why):
    """The prefix that runs a command without any capability: nothing when
    not root, setpriv with every capability dropped when root (so a wrong
    verdict on the arguments can never create anything); exits 77 (SKIP)
    when root has no setpriv. @why names what could not be done safely."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv"):
        return ("setpriv", "--inh-caps=-all", "--bounding-set=-all", "--")
    print(f"SKIP: root without setpriv: cannot run {why} here")
    sys.exit(77)
