"""Graded network tests of the syslog lab.

np-syslogd runs in the foreground (-n) in a Mininet host, receiving on a Unix datagram
socket in run_dir (-p) and, where a test says so, over UDP (-r); its configuration and log
files are in run_dir too. The clients are the real ones: util-linux `logger`, and glibc's
syslog(3) in a small C program (syslog_glibc_client.c beside this file, compiled by the
test) run in a private mount namespace in which /dev/log is the daemon's socket. The
student's np::syslog (through np-logger) is compared byte for byte with glibc's.
Points and hints live in tests/labs/syslog.toml.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from harness.run import Daemon, run, wait_for

HERE = Path(__file__).resolve().parent
GLIBC_CLIENT_SOURCE = HERE / "syslog_glibc_client.c"
STARTUP_TIMEOUT = 5.0  # for np-syslogd to create its socket
LINE_TIMEOUT = 6.0  # for a message to reach a log file
# The traditional file line: "Mmm dd hh:mm:ss HOST REST"
FILE_LINE = re.compile(r"^([A-Z][a-z]{2} [ 1-3]\d \d\d:\d\d:\d\d) (\S+) (.*)$")
HOSTNAME = socket.gethostname().split(".")[0]  # Mininet hosts share the machine's name
LOCAL3, MAIL = 19, 2  # facility numbers (PRI = facility * 8 + severity)
FACILITIES = {"kern": 0, "user": 1, "mail": 2, "daemon": 3, "auth": 4, "syslog": 5, "lpr": 6,
              "news": 7, "uucp": 8, "cron": 9, "authpriv": 10, "ftp": 11,
              **{f"local{i}": 16 + i for i in range(8)}}
SEVERITIES = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"]


# --- helpers -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def glibc_client(tmp_path_factory) -> Path:
    """The reference client, compiled once for the module."""
    binary = tmp_path_factory.mktemp("glibc") / "syslog_glibc_client"
    subprocess.run(["cc", "-O1", "-w", "-o", str(binary), str(GLIBC_CLIENT_SOURCE)], check=True)
    return binary


def glibc_argv(client: Path, log_socket: Path, *args) -> list[str]:
    """argv running the glibc client with /dev/log pointing at log_socket: a private mount
    namespace whose /dev is an empty tmpfs holding only that link (glibc's path is fixed)."""
    script = 'mount -t tmpfs tmpfs /dev && ln -s "$0" /dev/log && exec "$@"'
    return ["unshare", "-m", "--propagation", "private", "/bin/sh", "-c", script,
            str(log_socket), str(client), *[str(a) for a in args]]


def bsd_now() -> str:
    now = datetime.datetime.now()
    return f"{now:%b} {now.day:2d} {now:%H:%M:%S}"


def seconds_apart(stamp_a: str, stamp_b: str) -> float:
    def seconds(text):
        t = datetime.datetime.strptime(" ".join(text.split()), "%b %d %H:%M:%S")
        return t.hour * 3600 + t.minute * 60 + t.second
    gap = abs(seconds(stamp_a) - seconds(stamp_b))
    return min(gap, 86400 - gap)


def read_lines(path: Path) -> list[str]:
    try:
        return path.read_bytes().decode("utf-8", errors="replace").splitlines()
    except OSError:
        return []


def tail(path: Path, count: int = 4) -> str:
    lines = read_lines(path)
    if not lines:
        return f"{path.name}: {'empty' if path.exists() else 'no such file'}"
    return f"{path.name} ends with: " + " | ".join(line[:160] for line in lines[-count:])


def wait_line(path: Path, predicate, timeout: float = LINE_TIMEOUT) -> str | None:
    """The first line of path satisfying predicate, waiting for it up to timeout."""
    def find():
        return next((line for line in read_lines(path) if predicate(line)), None)
    with contextlib.suppress(TimeoutError):
        return wait_for(find, timeout=timeout, what="a log line")
    return None


def rest_of(line: str | None) -> str | None:
    """'tag[pid]: msg' of a file line (what follows the timestamp and the host)."""
    m = FILE_LINE.match(line or "")
    return m.group(3) if m else None


def send_datagrams(story, log_socket: Path, datagrams: list[bytes]) -> None:
    story.did(f"(sent {len(datagrams)} datagram(s) to {log_socket.name}: "
              + ", ".join(repr(d)[:60] for d in datagrams[:6]) + ")")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        s.settimeout(5)
        for datagram in datagrams:
            s.sendto(datagram, str(log_socket))


@contextlib.contextmanager
def syslogd(story, host, tool, run_dir: Path, config: str, *, name: str = "d", extra=()):
    """Writes the configuration, runs np-syslogd -n with it and waits for its socket.
    Yields (daemon, socket path, config path)."""
    conf = run_dir / f"{name}.conf"
    conf.write_text(config)
    sock = run_dir / f"{name}.sock"
    argv = [tool("np-syslogd"), "-n", "-f", conf, "-p", sock, *extra]
    with Daemon(host, argv, run_dir=run_dir, name=name) as daemon:
        story.did(f"{daemon.command}   ({conf.name}: {config.strip()!r})")
        try:
            wait_for(lambda: sock.exists() or not daemon.alive(), timeout=STARTUP_TIMEOUT,
                     what="the socket")
        except TimeoutError:
            pass
        if not sock.exists():
            story.fail(expected=f"np-syslogd running, its socket {sock.name} created",
                       saw=daemon.stop().summary() if not daemon.alive()
                       else f"no socket after {STARTUP_TIMEOUT:g} s")
        yield daemon, sock, conf


def logged(story, host, argv, timeout: float = 10) -> None:
    result = run(host, argv, timeout=timeout)
    story.did(result.command)
    assert result.status == 0, f"the reference client failed: {result.summary()}"


def expect_line(story, path: Path, pattern: str, what: str, timeout: float = LINE_TIMEOUT) -> str:
    """Waits for a line whose part after the host fully matches pattern; returns it."""
    regex = re.compile(pattern)
    line = wait_line(path, lambda text: bool(regex.fullmatch(rest_of(text) or "")), timeout)
    story.check(line is not None, expected=f"{what} in {path.name}", saw=tail(path))
    return line


def expect_host_and_time(story, line: str, host: str = HOSTNAME) -> None:
    m = FILE_LINE.match(line)
    # RFC 5424 senders give the full name, the others the name up to the first dot.
    hosts = {host, socket.gethostname()} if host == HOSTNAME else {host}
    story.check(m and m.group(2) in hosts and seconds_apart(m.group(1), bsd_now()) <= 60,
                expected=f"the line starts 'Mmm dd hh:mm:ss {host} ' with the time of the "
                f"message (now: {bsd_now()})", saw=line)


# --- the tests ---------------------------------------------------------------------------

def test_logger_unix_socket(pair_net, tool, story, run_dir):
    h2 = pair_net.h2
    log = run_dir / "all.log"
    with syslogd(story, h2, tool, run_dir, f"*.*  {log}\n") as (daemon, sock, _):
        logged(story, h2, ["logger", "-u", sock, "-t", "mytag", "-i", "-p", "local3.warning",
                           "hello from logger"])
        line = expect_line(story, log, r"mytag\[\d+\]: hello from logger",
                           "the line 'Mmm dd hh:mm:ss HOST mytag[PID]: hello from logger'")
        expect_host_and_time(story, line)
        logged(story, h2, ["logger", "-u", sock, "-t", "nopid", "-p", "user.info", "no pid"])
        expect_line(story, log, r"nopid: no pid", "the line '... HOST nopid: no pid'")


def test_logger_rfc3164(pair_net, tool, story, run_dir):
    h2 = pair_net.h2
    log, errors = run_dir / "all.log", run_dir / "daemon-err.log"
    config = f"*.*  {log}\ndaemon.err  {errors}\n"
    with syslogd(story, h2, tool, run_dir, config) as (daemon, sock, _):
        logged(story, h2, ["logger", "-u", sock, "--rfc3164", "-t", "tag3164", "-p", "daemon.err",
                           "in RFC 3164"])
        line = expect_line(story, errors, r"tag3164: in RFC 3164",
                           f"the line 'Mmm dd hh:mm:ss {HOSTNAME} tag3164: in RFC 3164' (the "
                           "hostname logger sent read as the host, not as part of the message)")
        expect_host_and_time(story, line)
        send_datagrams(story, sock, [b"<30>Nov  5 14:08:16 relay7 relayed[42]: from afar"])
        expect_line(story, log, r"relayed\[42\]: from afar",
                    "'Nov  5 14:08:16 relay7 relayed[42]: from afar' (timestamp and host of the "
                    "message kept)")
        line = wait_line(log, lambda text: "from afar" in text)
        story.check(line.startswith("Nov  5 14:08:16 relay7 "),
                    expected="'Nov  5 14:08:16 relay7 relayed[42]: from afar'", saw=line)


def test_logger_rfc5424_structured_data(pair_net, tool, story, run_dir):
    h2 = pair_net.h2
    log = run_dir / "local4.log"
    with syslogd(story, h2, tool, run_dir, f"local4.info  {log}\n") as (daemon, sock, _):
        logged(story, h2, ["logger", "-u", sock, "--rfc5424", "-t", "app5424", "-i", "--msgid",
                           "ID47", "--sd-id", "exampleSDID@32473", "--sd-param", 'iut="3"',
                           "--sd-param", 'eventSource="App"', "-p", "local4.notice",
                           "hello in 5424"])
        line = expect_line(
            story, log,
            r'app5424\[\d+\]: \[timeQuality [^\]]*\]\[exampleSDID@32473 iut="3" '
            r'eventSource="App"\] hello in 5424',
            "APP-NAME and PROCID as the tag, then the structured data, then the message: "
            "'... app5424[PID]: [timeQuality …][exampleSDID@32473 iut=\"3\" eventSource=\"App\"]"
            " hello in 5424'")
        expect_host_and_time(story, line)


def test_udp_v4_v6(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    log = run_dir / "all.log"
    with syslogd(story, h2, tool, run_dir, f"*.*  -{log}\n", extra=["-r", "5514"]):
        first = True
        for server, fmt in [(h2.ip4, "--rfc5424"), (h2.ip6, "--rfc3164"), (h2.ip4, "--rfc3164"),
                            (h2.ip6, "--rfc5424")]:
            family = "v6" if ":" in server else "v4"
            text = f"over UDP {family} {fmt[2:]}"
            seen = None
            # UDP: a datagram sent before the socket is bound is lost; send the first again.
            for attempt in range(5 if first else 1):
                logged(story, h1, ["logger", "-n", server, "-P", "5514", "-d", fmt, "-t", "udp",
                                   f"{text} #{attempt}"])
                seen = wait_line(log, lambda line, t=text: f"udp: {t} #" in line
                                 or re.search(rf"udp: \[[^\]]*\] {t} #", line),
                                 timeout=1.0 if first else LINE_TIMEOUT)
                if seen:
                    break
            first = False
            story.check(seen is not None,
                        expected=f"'... udp: {text} #N' in {log.name}, sent from h1 to "
                        f"{server} port 5514", saw=tail(log))
            expect_host_and_time(story, seen)


def test_glibc_syslog_client(pair_net, tool, story, run_dir, glibc_client):
    h2 = pair_net.h2
    log = run_dir / "all.log"
    local3 = run_dir / "local3.log"
    config = f"*.*  {log}\nlocal3.warning  {local3}\n"
    with syslogd(story, h2, tool, run_dir, config) as (daemon, sock, _):
        logged(story, h2, glibc_argv(glibc_client, sock, "-t", "gtag", "-o", "p", "-f",
                                     LOCAL3 << 3, "-e", "2", 4, "open failed: %m"))
        line = expect_line(story, local3, r"gtag\[\d+\]: open failed: No such file or directory",
                           "openlog(\"gtag\", LOG_PID, LOG_LOCAL3); errno = ENOENT; "
                           "syslog(LOG_WARNING, \"open failed: %m\") as "
                           "'... gtag[PID]: open failed: No such file or directory'")
        expect_host_and_time(story, line)
        logged(story, h2, glibc_argv(glibc_client, sock, 7, "without openlog"))
        expect_line(story, log, r"syslog_glibc_client: without openlog",
                    "syslog(LOG_DEBUG, …) without openlog: the program's name as the tag")
        story.check(not wait_line(local3, lambda text: "without openlog" in text, timeout=0),
                    expected="user.debug not in local3.log", saw=tail(local3))


def expected_routing():
    """What each rule of ROUTING takes, from the semantics of syslog.conf, as sets of
    (facility number, severity)."""
    every = {(f, s) for f in FACILITIES.values() for s in range(8)}
    fac = FACILITIES
    return {
        "mail_info": {(fac["mail"], s) for s in range(7)},
        "all_err": {(f, s) for f, s in every if s <= 3},
        "mail_news_notice": {(fac["mail"], 5), (fac["news"], 5)},
        "info_but_mail_authpriv": {(f, s) for f, s in every
                                   if s <= 6 and f not in (fac["mail"], fac["authpriv"])},
        "cron_not_debug": {(fac["cron"], s) for s in range(7)},
        "local0_not_warning": {(fac["local0"], s) for s in range(8) if s != 4},
        "kern_negation_only": set(),
        "debug_not_auth": {(f, 7) for f in FACILITIES.values()
                           if f not in (fac["auth"], fac["authpriv"])},
        "local7_none_then_crit": {(fac["local7"], s) for s in range(3)},
        "local1_not_info_and_above": {(fac["local1"], 7)},
    }


ROUTING = {
    "mail_info": "mail.info",
    "all_err": "*.err",
    "mail_news_notice": "mail,news.=notice",
    "info_but_mail_authpriv": "*.info;mail.none;authpriv.none",
    "cron_not_debug": "cron.*;cron.!=debug",
    "local0_not_warning": "local0.*;local0.!=warning",
    "kern_negation_only": "kern.!info",
    "debug_not_auth": "*.=debug;auth,authpriv.none",
    "local7_none_then_crit": "local7.none;local7.crit",
    "local1_not_info_and_above": "local1.*;local1.!info",
}


def test_routing_table(pair_net, tool, story, run_dir):
    h2 = pair_net.h2
    all_log = run_dir / "all.log"
    lines = [f"{selector:40} -{run_dir / name}.log" for name, selector in ROUTING.items()]
    lines.insert(3, f"{ROUTING['mail_news_notice']:40} {run_dir / 'synced'}.log")  # no '-'
    lines.append(f"*.*  -{all_log}")
    config = "\n".join(lines) + "\n"
    names = {number: name for name, number in FACILITIES.items()}
    with syslogd(story, h2, tool, run_dir, config) as (daemon, sock, _):
        stamp = bsd_now().encode()
        datagrams = [b"<%d>%s route: %s.%s" % (f * 8 + s, stamp, names[f].encode(),
                                                 SEVERITIES[s].encode())
                     for f in sorted(names) for s in range(8)]
        send_datagrams(story, sock, datagrams + [b"<191>%s route: end" % stamp])
        done = wait_line(all_log, lambda line: line.endswith("route: end"), timeout=10)
        story.check(done, expected=f"all {len(datagrams) + 1} messages in all.log (*.*)",
                    saw=tail(all_log))
        expected = expected_routing()
        expected["synced"] = expected["mail_news_notice"]
        for name, want in expected.items():
            got = set()
            for line in read_lines(run_dir / f"{name}.log"):
                m = re.search(r"route: (\w+)\.(\w+)$", line)
                if m and m.group(1) in FACILITIES and m.group(2) in SEVERITIES:
                    got.add((FACILITIES[m.group(1)], SEVERITIES.index(m.group(2))))

            def show(pairs):
                items = sorted(f"{names[f]}.{SEVERITIES[s]}" for f, s in pairs)
                return ", ".join(items[:8]) + (f" … ({len(items)} in all)" if len(items) > 8 else "")

            selector = ROUTING.get(name, ROUTING["mail_news_notice"])
            story.check(got == want,
                        expected=f"'{selector}' ({name}.log) takes exactly: {show(want) or 'nothing'}",
                        saw=f"missing: {show(want - got) or 'none'}; extra: {show(got - want) or 'none'}")


def _normalise(datagram: bytes) -> bytes:
    """A datagram with its timestamp and pid replaced by placeholders."""
    out = re.sub(rb"^(<\d+>)[A-Z][a-z]{2} [ 1-3]\d \d\d:\d\d:\d\d ", rb"\1TIME ", datagram)
    return re.sub(rb"\[\d+\]: ", b"[PID]: ", out, count=1)


class Listener:
    """A Unix datagram socket in run_dir, standing in for /dev/log."""

    def __init__(self, path: Path):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        os.chmod(path, 0o666)

    def receive(self, timeout: float = 3.0) -> bytes | None:
        self.sock.settimeout(timeout)
        try:
            return self.sock.recv(65536)
        except (TimeoutError, socket.timeout):
            return None


def test_bytes_match_glibc(pair_net, tool, story, run_dir, glibc_client):
    h2 = pair_net.h2
    listener = Listener(run_dir / "log.sock")
    cases = [
        # (glibc client arguments, np-logger arguments, what the call is)
        (["-t", "cmp", "-o", "p", "-f", LOCAL3 << 3, 4, "same bytes"],
         ["-t", "cmp", "-i", "-p", "local3.warning", "same bytes"],
         'openlog("cmp", LOG_PID, LOG_LOCAL3); syslog(LOG_WARNING, …)'),
        (["-t", "nopid", "-f", MAIL << 3, 6, "no pid, 100%% sure"],
         ["-t", "nopid", "-p", "mail.info", "no pid, 100% sure"],
         'openlog("nopid", 0, LOG_MAIL); syslog(LOG_INFO, …)'),
        (["-t", "both", "-o", "pe", "-f", 1 << 3, (MAIL << 3) | 3, "to stderr too"],
         ["-t", "both", "-i", "-s", "-p", "mail.err", "to stderr too"],
         'openlog("both", LOG_PID | LOG_PERROR, LOG_USER); syslog(LOG_MAIL | LOG_ERR, …)'),
    ]
    try:
        for glibc_args, np_args, call in cases:
            reference = run(h2, glibc_argv(glibc_client, listener.path, *glibc_args), timeout=10)
            story.did(f"(glibc: {call}) {reference.command}")
            want = listener.receive()
            assert want is not None, f"glibc's syslog sent nothing: {reference.summary()}"
            result = run(h2, [tool("np-logger"), "-u", listener.path, *np_args], timeout=10)
            story.did(result.command)
            got = listener.receive()
            story.check(got is not None and _normalise(got) == _normalise(want),
                        expected=f"the bytes glibc sent for {call}, but for the time and pid: "
                        f"{want!r}", saw=repr(got) if got is not None
                        else f"no datagram; {result.summary()}")
            story.check(got[1:got.index(b">")] == want[1:want.index(b">")]
                        and seconds_apart(got.decode()[got.index(b">") + 1:][:15],
                                          want.decode()[want.index(b">") + 1:][:15]) <= 10,
                        expected=f"the same PRI and the local time: {want!r}", saw=repr(got))
            if "-s" in np_args:
                want_err = re.sub(r"\[\d+\]", "[PID]", reference.stderr)
                got_err = re.sub(r"\[\d+\]", "[PID]", result.stderr)
                story.check(got_err == want_err,
                            expected=f"LOG_PERROR: on stderr, as glibc: {reference.stderr!r}",
                            saw=f"{result.stderr!r}")
    finally:
        listener.sock.close()


def test_forwarding(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    far, near = run_dir / "h2.log", run_dir / "h1.log"
    with syslogd(story, h2, tool, run_dir, f"*.*  -{far}\n", name="h2", extra=["-r", "5514"]):
        started = wait_line(far, lambda line: "np-syslogd" in line)
        story.check(started, expected="np-syslogd on h2 logs its start in h2.log (*.*)",
                    saw=tail(far))
        config = f"*.*  -{near}\nlocal5.*  @{h2.ip4}:5514\n*.err  @[{h2.ip6}]:5514\n"
        with syslogd(story, h1, tool, run_dir, config, name="h1") as (_, sock, _):
            logged(story, h1, ["logger", "-u", sock, "-t", "fwd", "-p", "user.info", "stays home"])
            expect_line(story, near, r"fwd: stays home", "'fwd: stays home' in h1's own log")
            logged(story, h1, ["logger", "-u", sock, "-t", "fwd", "-i", "-p", "local5.info",
                               "forwarded over v4"])
            line = expect_line(story, far, r"fwd\[\d+\]: forwarded over v4",
                               f"local5.info forwarded by h1 (@{h2.ip4}:5514) to h2's log as "
                               "'... fwd[PID]: forwarded over v4'")
            expect_host_and_time(story, line)
            logged(story, h1, ["logger", "-u", sock, "-t", "fwd", "-p", "user.err",
                               "forwarded over v6"])
            expect_line(story, far, r"fwd: forwarded over v6",
                        f"user.err forwarded by h1 (@[{h2.ip6}]:5514) to h2's log")
            story.check(not wait_line(far, lambda text: "stays home" in text, timeout=0),
                        expected="user.info not forwarded (no rule of h1 sends it)",
                        saw=tail(far))


def test_sighup_after_rename(pair_net, tool, story, run_dir):
    h2 = pair_net.h2
    log = run_dir / "messages"
    rotated = run_dir / "messages.1"
    with syslogd(story, h2, tool, run_dir, f"*.*  {log}\n") as (daemon, sock, _):
        logged(story, h2, ["logger", "-u", sock, "-t", "rot", "before rotation"])
        expect_line(story, log, r"rot: before rotation", "'rot: before rotation'")
        story.did(f"mv {log.name} {rotated.name}")
        log.rename(rotated)
        logged(story, h2, ["logger", "-u", sock, "-t", "rot", "renamed, no signal yet"])
        expect_line(story, rotated, r"rot: renamed, no signal yet",
                    "the message in the renamed file: the daemon still holds it open")
        story.did(f"kill -HUP {daemon.pid}")
        os.kill(daemon.pid, signal.SIGHUP)
        try:
            wait_for(log.exists, timeout=LINE_TIMEOUT, what="the new file")
        except TimeoutError:
            story.fail(expected=f"SIGHUP: a new {log.name} created", saw="no such file")
        logged(story, h2, ["logger", "-u", sock, "-t", "rot", "after the signal"])
        expect_line(story, log, r"rot: after the signal", f"'rot: after the signal' in the new "
                    f"{log.name}")
        old = read_lines(rotated)
        story.check(not any("after the signal" in line for line in old) and daemon.alive(),
                    expected=f"nothing more in {rotated.name}, the same daemon running",
                    saw=tail(rotated) if daemon.alive() else daemon.stop().summary())


CLIENTS, PER_CLIENT = 4, 25_000


def test_many_clients_no_loss(pair_net, tool, story, run_dir, glibc_client):
    h2 = pair_net.h2
    log = run_dir / "load.log"
    with syslogd(story, h2, tool, run_dir, f"local2.*  -{log}\n") as (daemon, sock, _):
        story.did(f"({CLIENTS} glibc clients at once, each syslog() {PER_CLIENT} times: "
                  f"'load K N', N = 0..{PER_CLIENT - 1}, local2.info)")
        results = [None] * CLIENTS

        def client(k):
            results[k] = run(h2, glibc_argv(glibc_client, sock, "-t", f"c{k}", "-f", 18 << 3,
                                            "-c", PER_CLIENT, 6, f"load {k}"), timeout=60)

        threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for result in results:
            assert result.ok, f"a glibc client failed: {result.summary()}"
        total = CLIENTS * PER_CLIENT
        # The clients are done: the daemon has at most its queue left to write. Wait while
        # the file grows, up to a bound.
        deadline, last_size, last_growth = time.monotonic() + 20, -1, time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - last_growth < 4:
            size = log.stat().st_size if log.exists() else 0
            if size != last_size:
                last_size, last_growth = size, time.monotonic()
                if len(read_lines(log)) >= total:
                    break
            time.sleep(0.2)
        counts = [set() for _ in range(CLIENTS)]
        pattern = re.compile(r"c(\d)\: load \1 (\d+)$")
        for line in read_lines(log):
            m = pattern.search(line)
            if m:
                counts[int(m.group(1))].add(int(m.group(2)))
        missing = {k: PER_CLIENT - len(seen) for k, seen in enumerate(counts) if len(seen) < PER_CLIENT}
        story.check(not missing and daemon.alive(),
                    expected=f"all {total} messages in {log.name}, none lost (the clients block "
                    "when the daemon lags; the daemon reads as fast as it can)",
                    saw=f"{len(read_lines(log))} lines; missing per client: {missing}"
                    if daemon.alive() else daemon.stop().summary())


def test_malformed_input(pair_net, tool, story, run_dir):
    h2 = pair_net.h2
    log, notice = run_dir / "all.log", run_dir / "notice.log"
    config = f"*.*  -{log}\nuser.=notice  -{notice}\n"
    with syslogd(story, h2, tool, run_dir, config) as (daemon, sock, _):
        stamp = bsd_now().encode()
        forged = b"Nov  5 14:08:16 " + HOSTNAME.encode() + b" sshd[1]: Accepted password for root"
        send_datagrams(story, sock, [
            b"no PRI at all",
            b"<999>PRI out of range",
            b"<13>" + stamp + b" big: " + b"x" * 65000,
            b"<13>" + stamp + b" evil: line one\n" + forged + b"\x00after NUL",
            b"<13>" + stamp + b" utf: bad \xff\xfe bytes, good \xc3\xa9",
            b"",
            b"<13>" + stamp + b" still: alive",
        ])
        alive = wait_line(log, lambda line: line.endswith("still: alive"))
        story.check(alive and daemon.alive(),
                    expected="the daemon still serving: '... still: alive' logged after the "
                    "malformed datagrams",
                    saw=tail(log) if daemon.alive() else daemon.stop().summary())
        lines = read_lines(log)
        for needle, what in [("no PRI at all", "a message without PRI"),
                             ("PRI out of range", "a message with PRI 999")]:
            story.check(any(line.endswith(needle) for line in read_lines(notice)),
                        expected=f"{what} logged as user.notice (the default priority), in "
                        f"{notice.name}", saw=tail(notice))
        big = [line for line in lines if " big: xxxx" in line]
        story.check(big and len(big[0]) <= 8192 + 100,
                    expected="the 65000-byte message logged, cut to the maximum size (8 KiB)",
                    saw=f"a line of {len(big[0])} characters" if big else tail(log))
        story.check(any("truncat" in line and "np-syslogd" in line for line in lines),
                    expected="np-syslogd logs that it truncated a message ('… truncated …')",
                    saw=tail(log, 6))
        story.check(not any("sshd[1]: Accepted" in (rest_of(line) or "")[:20] for line in lines)
                    and any("evil: line one#012Nov  5 14:08:16" in line
                            and "root#000after NUL" in line for line in lines),
                    expected="the newline and the NUL escaped as #012 and #000 in one line, no "
                    "forged 'sshd[1]' line", saw=tail(log, 6))
        story.check(any(line.endswith("utf: bad #377#376 bytes, good \u00e9") for line in lines),
                    expected="invalid UTF-8 escaped ('bad #377#376 bytes'), valid UTF-8 kept "
                    "('good \u00e9')", saw=tail(log, 6))
        story.check(any("empty" in line and "np-syslogd" in line for line in lines),
                    expected="the empty datagram dropped and counted: np-syslogd logs "
                    "'… empty …'", saw=tail(log, 6))


def test_bad_config_line(pair_net, tool, story, run_dir):
    h2 = pair_net.h2
    for body, number in [("*.info  /tmp/x.log\n# fine\nmail.inf  /tmp/y.log\n", 3),
                         ("mial.*  /tmp/x.log\n", 1),
                         ("\n*.info;\n", 2)]:
        conf = run_dir / "bad.conf"
        conf.write_text(body)
        story.did(f"({conf.name}, line {number} wrong: {body.splitlines()[number - 1]!r})")
        result = run(h2, [tool("np-syslogd"), "-n", "-f", conf, "-p", run_dir / "bad.sock"],
                     timeout=5)
        story.did(result.command)
        lines = result.stderr.strip().splitlines()
        story.check(result.status == 1 and len(lines) == 1
                    and lines[0].startswith(f"np-syslogd: {conf}:{number}: "),
                    expected=f"one line 'np-syslogd: {conf}:{number}: …' on stderr, exit status 1",
                    saw=result.summary())
    log = run_dir / "all.log"
    with syslogd(story, h2, tool, run_dir, f"*.*  {log}\n") as (daemon, sock, conf):
        conf.write_text(f"*.*  {log}\nlocal0.bogus  {log}\n")
        story.did(f"(rewrote {conf.name}: line 2 'local0.bogus'); kill -HUP {daemon.pid}")
        os.kill(daemon.pid, signal.SIGHUP)
        expect_line(story, log, rf"np-syslogd\[\d+\]: .*{re.escape(str(conf))}:2: .*",
                    f"the error logged through its own log, naming '{conf}:2:'")
        logged(story, h2, ["logger", "-u", sock, "-t", "after", "still logging"])
        expect_line(story, log, r"after: still logging",
                    "the old rules kept: 'after: still logging' logged")
