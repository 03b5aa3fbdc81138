"""Preparing a machine: the Debian packages the project needs, and the kernel features the
harness uses (checked in a throwaway network namespace, never on the real interfaces).

Named machine_setup rather than setup so that Python packaging tools leave it alone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass

ROOT_SENTENCE = "This needs root: run it as 'sudo ./lab {args}'."

# Everything the project needs, to build, to grade and to test.
PACKAGES = [
    "build-essential", "cmake", "ninja-build", "g++", "clang", "pkg-config",
    "googletest", "libgtest-dev", "libnetfilter-queue-dev", "libmnl-dev", "libpcap-dev",
    "libcap-dev", "mininet", "python3-pytest", "procps", "iproute2", "bridge-utils",
    "iputils-ping", "traceroute", "tcpdump", "nftables", "iptables", "ethtool",
    "netcat-openbsd", "socat", "liburing-dev",
    # the style checks of ./lab test (tests/project/test_style.py)
    "clang-format", "clang-tidy", "pyflakes3",
    # the sandbox: newuidmap/newgidmap give an ordinary user's sandbox its subordinate ids
    "uidmap",
    # the real peers of the labs' graded tests
    "tftpd-hpa", "tftp-hpa", "atftp", "openbsd-inetd", "tshark",
    # the benchmarks' reference servers and load generator
    "nginx-light", "wrk", "rsyslog",
    # the benchmarks' plots (bench/)
    "python3-matplotlib",
    # the lecture slides: Marp (from npm) renders them, Debian's Chromium prints the PDFs
    "nodejs", "chromium", "poppler-utils", "fonts-dejavu-core",
]
# Debian's nodejs comes without npm, which is a package of its own; other builds of nodejs
# (NodeSource's) carry npm inside and conflict with Debian's npm package.
if shutil.which("npm") is None:
    PACKAGES.append("npm")
# Enough to build (./lab build, ./lab release).
BUILD_PACKAGES = [
    "build-essential", "cmake", "ninja-build", "g++", "pkg-config", "googletest",
    "libgtest-dev", "libnetfilter-queue-dev", "libmnl-dev", "libpcap-dev", "libcap-dev",
    "liburing-dev",
]


def is_root() -> bool:
    return os.geteuid() == 0


def require_root(args: list[str] | None = None) -> None:
    """Exit with the one sentence saying what to type when not root."""
    if is_root():
        return
    shown = " ".join(args if args is not None else sys.argv[1:])
    print(ROOT_SENTENCE.format(args=shown).replace("  ", " "), file=sys.stderr)
    raise SystemExit(1)


def missing_packages(packages: list[str]) -> list[str]:
    """The packages of the list that dpkg does not have installed."""
    try:
        run = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${db:Status-Abbrev}\n", *packages],
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return list(packages)
    installed = set()
    for line in run.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].startswith("ii"):
            installed.add(parts[0].split(":")[0])
    return [name for name in packages if name not in installed]


def ensure_packages(packages: list[str], args: list[str], quiet: bool = False) -> None:
    """Install whatever of packages is missing (apt-get update first, only then)."""
    missing = missing_packages(packages)
    if not missing:
        if not quiet:
            print(f"packages: all {len(packages)} installed")
        return
    if not is_root():
        print(f"These Debian packages are missing: {' '.join(missing)}: run 'sudo ./lab setup' "
              "once (it installs them).", file=sys.stderr)
        raise SystemExit(1)
    print(f"packages: installing {' '.join(missing)}", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for argv in (["apt-get", "update"],
                 ["apt-get", "install", "-y", "--no-install-recommends", *missing]):
        status = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL).returncode
        if status != 0:
            print(f"'{' '.join(argv[:3])} …' failed with exit status {status}", file=sys.stderr)
            raise SystemExit(1)
    still = missing_packages(missing)
    if still:
        print(f"still missing after apt-get install: {' '.join(still)}", file=sys.stderr)
        raise SystemExit(1)


# --- kernel features ----------------------------------------------------------------------

@dataclass
class Feature:
    name: str
    what_for: str
    present: bool
    detail: str = ""


def _run(argv: list[str], stdin: str | None = None) -> tuple[bool, str]:
    try:
        run = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=20)
    except FileNotFoundError:
        return False, f"{argv[0]} is not installed"
    except subprocess.TimeoutExpired:
        return False, f"{' '.join(argv)} did not answer in 20 s"
    text = (run.stderr or run.stdout).strip().splitlines()
    return run.returncode == 0, (text[0] if text else f"exit status {run.returncode}")


def kernel_features() -> list[Feature]:
    """Probe every kernel feature the harness uses, inside a namespace made for the probe."""
    ns = f"np-probe-{os.getpid()}"
    features: list[Feature] = []

    def probe(name: str, what_for: str, argv: list[str], stdin: str | None = None) -> bool:
        ok, detail = _run(argv, stdin)
        features.append(Feature(name, what_for, ok, "" if ok else detail))
        return ok

    in_ns = ["ip", "netns", "exec", ns]
    try:
        if not probe("network namespaces", "every host of a topology", ["ip", "netns", "add", ns]):
            return features
        veth = probe("veth pairs", "every link", ["ip", "-n", ns, "link", "add", "npv0", "type",
                                                  "veth", "peer", "name", "npv1"])
        probe("bridges", "the pair topology's switch",
              ["ip", "-n", ns, "link", "add", "npbr0", "type", "bridge"])
        if veth:
            _run(["ip", "-n", ns, "link", "set", "npv0", "up"])
            _run(["ip", "-n", ns, "link", "set", "npv1", "up"])
        device = "npv0" if veth else "lo"
        probe("netem qdisc", "delay, loss, duplication, reordering (preferred)",
              [*in_ns, "tc", "qdisc", "add", "dev", device, "root", "netem", "delay", "1ms"])
        _run([*in_ns, "tc", "qdisc", "del", "dev", device, "root"])
        probe("tbf qdisc", "rate limits (fallback without netem)",
              [*in_ns, "tc", "qdisc", "add", "dev", device, "root", "tbf", "rate", "1mbit",
               "burst", "32kbit", "latency", "400ms"])
        _run([*in_ns, "tc", "qdisc", "del", "dev", device, "root"])
        for hook in ("egress", "ingress"):
            probe(f"nftables netdev {hook} hook", "loss and duplication (fallback without netem)",
                  [*in_ns, "nft", "-f", "-"],
                  stdin=f"table netdev npprobe_{hook} {{\n chain c {{\n  type filter hook {hook} "
                        f"device \"{device}\" priority 0;\n }}\n}}\n")
        probe("iptables-legacy NFQUEUE target", "delay and reordering (fallback without netem)",
              [*in_ns, "iptables-legacy", "-A", "OUTPUT", "-p", "icmp", "-j", "NFQUEUE",
               "--queue-num", "7", "--queue-bypass"])
        probe("ip6tables-legacy NFQUEUE target", "delay and reordering over IPv6 (fallback)",
              [*in_ns, "ip6tables-legacy", "-A", "OUTPUT", "-p", "ipv6-icmp", "-j", "NFQUEUE",
               "--queue-num", "7", "--queue-bypass"])
    finally:
        _run(["ip", "netns", "del", ns])
    return features


def impairments_available(features: list[Feature]) -> tuple[bool, str]:
    """Whether the harness can impair links: with netem, or with every fallback."""
    have = {feature.name: feature.present for feature in features}
    if have.get("netem qdisc"):
        return True, "netem is available: impairments use it"
    fallbacks = ["tbf qdisc", "nftables netdev egress hook", "iptables-legacy NFQUEUE target",
                 "ip6tables-legacy NFQUEUE target"]
    missing = [name for name in fallbacks if not have.get(name)]
    if not missing:
        return True, "netem is missing: impairments use the fallbacks (nftables, tbf, NFQUEUE)"
    return False, ("neither netem nor the fallbacks: missing " + ", ".join(missing)
                   + " (tests with delay, loss or duplication cannot run)")


def report_kernel(features: list[Feature]) -> bool:
    """Print the probe's findings plainly; True when the harness has all it needs."""
    print("kernel features:")
    for feature in features:
        mark = "✓" if feature.present else "✗"
        line = f"  {mark} {feature.name} — {feature.what_for}"
        if not feature.present:
            line += f": missing ({feature.detail})"
        print(line)
    essentials = ["network namespaces", "veth pairs", "bridges"]
    have = {feature.name: feature.present for feature in features}
    missing = [name for name in essentials if not have.get(name)]
    ok, words = impairments_available(features)
    print(f"  impairments: {words}")
    if missing:
        print(f"missing, and the harness cannot run without: {', '.join(missing)}")
    return ok and not missing
