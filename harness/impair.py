"""Link impairments: loss, duplication, delay with jitter, reordering, a rate limit.

    with impair(net, net.h1, net.h2, loss=0.3, delay_ms=20):
        ...                         # traffic from h1 to h2 on their link suffers
    handle = impair(net, "h2", "h1", duplicate=1.0)
    handle.clear()

Fractions are probabilities (loss=0.3 loses 30 % of the packets). An impairment acts on
the packets a sends to b over their link (forwarded ones included, when a is a router);
the other direction is untouched. One impairment per direction of a link at a time.

Where the kernel has netem, one netem qdisc on a's interface does it all (as Mininet's
TCLink would). Where it has not (the "Specified qdisc kind is unknown" kernels), the
same effects come from what those kernels have:

  loss       an nftables rule on the netdev *ingress* hook of b's interface:
             `numgen random mod 10000 < N drop` (a random drop on a veth's egress hook
             loses nothing: the packet is retried through the hook)
  duplicate  an nftables rule on the netdev egress hook of a's interface: `dup to` the
             same interface, guarded by a mark so that the copy is not copied again
  rate       a tbf qdisc on a's interface
  delay, jitter, reorder
             the harness's np-nfqdelay (harness/nfqdelay/): iptables-legacy and
             ip6tables-legacy send a's outgoing packets (mangle POSTROUTING -o <intf>)
             to an NFQUEUE; np-nfqdelay, in a's namespace, holds each one until it is
             due and then accepts it (netem's semantics: delay ± uniform jitter; with
             probability `reorder` a packet is sent at once, overtaking those held)

With the fallbacks, neighbour discovery (ARP, IPv6 NS/NA/RS/RA) is never lost or
duplicated (netem would drop it too): a lost ARP request stalls a whole test for a second
and more, which is not what a loss test is about. NP_IMPAIR_BACKEND=netem|fallback
forces a backend (fallback runs on every kernel, to test it where netem exists).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import selectors
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Callable

from harness import cleanup as _cleanup

REPO = Path(__file__).resolve().parents[1]
DUP_MARK = 0x4E50  # "NP": marks a packet already duplicated, so its copy is left alone
HELPER_READY_TIMEOUT = 5.0
# Neighbour discovery is left alone by the fallbacks (see the module's docstring).
_SPARE_ND = (
    "meta protocol ip6 meta l4proto ipv6-icmp icmpv6 type { nd-neighbor-solicit, "
    "nd-neighbor-advert, nd-router-solicit, nd-router-advert, nd-redirect } accept"
)

_counter = itertools.count(1)
_netem: bool | None = None


class ImpairError(RuntimeError):
    """An impairment could not be set up."""


def netem_available() -> bool:
    """Does this kernel have the netem qdisc? Probed once, in a scratch namespace."""
    global _netem
    if _netem is None:
        probe = subprocess.run(
            ["unshare", "--net", "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay",
             "1ms"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=10,
        )
        _netem = probe.returncode == 0
    return _netem


def nfqdelay_path() -> Path:
    """np-nfqdelay in the build tree: $NP_BUILD_DIR/harness/bin, default <repo>/build."""
    build = Path(os.environ.get("NP_BUILD_DIR") or REPO / "build")
    path = build / "harness" / "bin" / "np-nfqdelay"
    if not os.access(path, os.X_OK):
        raise ImpairError(
            f"{path} is missing: this kernel has no netem, and delay needs the harness's "
            "helper; build it with './lab build' (CMake target np-nfqdelay)"
        )
    return path


def _check(host, argv: list[str], stdin: str | None = None) -> None:
    """Run a trusted configuration command in host; raise ImpairError if it fails."""
    process = host.popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    try:
        output, _ = process.communicate(stdin, timeout=10)
    finally:
        _cleanup.untrack_process(process)
    if process.returncode != 0:
        raise ImpairError(f"{host.name}$ {' '.join(argv)}: {output.strip()}")


def _quiet(host, argv: list[str]) -> None:
    """Like _check, ignoring failure: for undoing what may already be gone."""
    with contextlib.suppress(Exception):
        _check(host, argv)


def _chance(fraction: float) -> str:
    """An nftables match true with probability fraction (to 0.01 %), '' for always."""
    threshold = round(fraction * 10000)
    return "" if threshold >= 10000 else f"numgen random mod 10000 < {threshold} "


def _percent(fraction: float) -> str:
    return f"{fraction * 100:g}%"


class Impairment:
    """What impair() set up; .clear() undoes it (idempotent), as does leaving a `with`."""

    def __init__(self, net, a, b, intf: str, peer_intf: str, settings: dict):
        self.net = net
        self.a = a
        self.b = b
        self.intf = intf  # a's interface: the packets leave here
        self.peer_intf = peer_intf  # b's interface: they arrive here
        self.settings = settings
        self.backend = ""
        self.helper: subprocess.Popen | None = None
        self._undo: list[Callable[[], None]] = []

    def describe(self) -> str:
        """'h1 -> h2: loss 30%, delay 20 ms' for a story."""
        s = self.settings
        parts = []
        if s["loss"]:
            parts.append(f"loss {_percent(s['loss'])}")
        if s["duplicate"]:
            parts.append(f"duplicate {_percent(s['duplicate'])}")
        if s["delay_ms"]:
            parts.append(f"delay {s['delay_ms']:g} ms" + (
                f" ± {s['jitter_ms']:g} ms" if s["jitter_ms"] else ""))
        if s["reorder"]:
            parts.append(f"reorder {_percent(s['reorder'])}")
        if s["rate_kbit"]:
            parts.append(f"rate {s['rate_kbit']:g} kbit/s")
        return f"{self.a.name} -> {self.b.name}: " + (", ".join(parts) or "nothing")

    def clear(self) -> None:
        while self._undo:
            undo = self._undo.pop()
            with contextlib.suppress(Exception):
                undo()
        if self.net.impairments.get((self.a.name, self.b.name)) is self:
            del self.net.impairments[(self.a.name, self.b.name)]

    def __enter__(self) -> "Impairment":
        return self

    def __exit__(self, *exc) -> None:
        self.clear()

    def __repr__(self) -> str:
        return f"<Impairment {self.describe()} ({self.backend})>"

    # --- netem ---------------------------------------------------------------------------

    def _apply_netem(self) -> None:
        s = self.settings
        argv = ["tc", "qdisc", "replace", "dev", self.intf, "root", "netem", "limit", "100000"]
        if s["delay_ms"] or s["jitter_ms"] or s["reorder"]:
            argv += ["delay", f"{s['delay_ms']}ms"]
            if s["jitter_ms"]:
                argv += [f"{s['jitter_ms']}ms"]
        if s["loss"]:
            argv += ["loss", _percent(s["loss"])]
        if s["duplicate"]:
            argv += ["duplicate", _percent(s["duplicate"])]
        if s["reorder"]:
            argv += ["reorder", _percent(s["reorder"])]
        if s["rate_kbit"]:
            argv += ["rate", f"{s['rate_kbit']}kbit"]
        _check(self.a, argv)
        self._undo.append(lambda: _quiet(self.a, ["tc", "qdisc", "del", "dev", self.intf, "root"]))

    # --- fallbacks -----------------------------------------------------------------------

    def _nft_table(self, host, intf: str, hook: str, chain: str, rule: str) -> None:
        table = f"np_impair_{next(_counter)}"
        ruleset = (
            f"table netdev {table} {{\n"
            f"  chain {chain} {{\n"
            f'    type filter hook {hook} device "{intf}" priority 0;\n'
            f"    {_SPARE_ND}\n"
            f"    {rule}\n"
            f"  }}\n"
            f"}}\n"
        )
        _check(host, ["nft", "-f", "-"], stdin=ruleset)
        self._undo.append(lambda: _quiet(host, ["nft", "delete", "table", "netdev", table]))

    def _apply_loss(self) -> None:
        # On b's ingress: a random drop on a's egress hook would be retried, losing nothing.
        self._nft_table(self.b, self.peer_intf, "ingress", "lose",
                        f"meta protocol {{ ip, ip6 }} {_chance(self.settings['loss'])}drop")

    def _apply_duplicate(self) -> None:
        # The copy passes the same hook again: the mark keeps it from being copied in turn.
        self._nft_table(
            self.a, self.intf, "egress", "double",
            f"meta mark != {DUP_MARK:#x} meta protocol {{ ip, ip6 }} "
            f"{_chance(self.settings['duplicate'])}meta mark set {DUP_MARK:#x} "
            f'dup to "{self.intf}"',
        )

    def _apply_rate(self) -> None:
        rate = self.settings["rate_kbit"]
        # A bucket of at least two full frames (tbf needs one), or 10 ms at the rate.
        burst = max(3200, int(rate * 1000 / 8 * 0.010))
        _check(self.a, ["tc", "qdisc", "replace", "dev", self.intf, "root", "tbf",
                        "rate", f"{rate}kbit", "burst", str(burst), "latency", "500ms"])
        self._undo.append(lambda: _quiet(self.a, ["tc", "qdisc", "del", "dev", self.intf, "root"]))

    def _apply_delay(self) -> None:
        s = self.settings
        queue = 1000 + next(_counter) % 60000  # never 0, which a lab might use itself
        argv = [str(nfqdelay_path()), "--queue", str(queue), "--delay-ms", str(s["delay_ms"])]
        if s["jitter_ms"]:
            argv += ["--jitter-ms", str(s["jitter_ms"])]
        if s["reorder"]:
            argv += ["--reorder", str(s["reorder"])]
        errors = tempfile.TemporaryFile()
        helper = self.a.popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=errors, env=_cleanup.marked_env())
        self.helper = helper
        self._undo.append(lambda: self._stop_helper(helper))
        # Queued packets with nobody listening are dropped: add the rules only once the
        # helper says it is bound to its queue.
        line = b""
        deadline = time.monotonic() + HELPER_READY_TIMEOUT
        with selectors.DefaultSelector() as selector:
            selector.register(helper.stdout, selectors.EVENT_READ)
            while not line.endswith(b"\n") and time.monotonic() < deadline:
                if selector.select(timeout=max(deadline - time.monotonic(), 0)):
                    chunk = os.read(helper.stdout.fileno(), 64)
                    if not chunk:
                        break
                    line += chunk
        if line.strip() != b"ready":
            helper.kill()
            helper.wait()
            errors.seek(0)
            raise ImpairError(f"np-nfqdelay did not start: {errors.read().decode().strip()}")
        errors.close()
        rule = ["-t", "mangle", "-A", "POSTROUTING", "-o", self.intf,
                "-j", "NFQUEUE", "--queue-num", str(queue)]
        for tool in ("iptables-legacy", "ip6tables-legacy"):
            _check(self.a, [tool, *rule])
            delete = [tool, *rule]
            delete[delete.index("-A")] = "-D"
            self._undo.append(lambda delete=delete: _quiet(self.a, delete))

    def _stop_helper(self, helper: subprocess.Popen) -> None:
        # The rules are gone by now (undone first); held packets die with the queue.
        helper.terminate()
        try:
            helper.wait(timeout=2)
        except subprocess.TimeoutExpired:
            helper.kill()
            helper.wait()
        helper.stdout.close()
        _cleanup.untrack_process(helper)

    def _apply_fallback(self) -> None:
        s = self.settings
        if s["delay_ms"] or s["jitter_ms"] or s["reorder"]:
            self._apply_delay()
        if s["rate_kbit"]:
            self._apply_rate()
        if s["duplicate"]:
            self._apply_duplicate()
        if s["loss"]:
            self._apply_loss()


def impair(net, a, b, loss: float = 0.0, duplicate: float = 0.0, delay_ms: float = 0,
           jitter_ms: float = 0, reorder: float = 0.0, rate_kbit: float | None = None,
           *, backend: str | None = None) -> Impairment:
    """Impair the traffic from a to b on their link (a and b: neighbours, Host or name).

    loss, duplicate, reorder: probabilities in [0, 1]; delay_ms, jitter_ms: milliseconds
    (jitter: ± uniform, needs a delay); rate_kbit: kbit/s. backend: 'netem' or 'fallback'
    (default: netem where the kernel has it, or $NP_IMPAIR_BACKEND).
    """
    a, b = net.host(a), net.host(b)
    for name, value in (("loss", loss), ("duplicate", duplicate), ("reorder", reorder)):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{name}={value}: a fraction between 0 and 1 (0.3 is 30 %)")
    if delay_ms < 0 or jitter_ms < 0 or (rate_kbit is not None and rate_kbit <= 0):
        raise ValueError("delay_ms and jitter_ms must be >= 0, rate_kbit > 0")
    if (jitter_ms or reorder) and not delay_ms:
        raise ValueError("jitter and reorder act on delayed packets: give delay_ms too")
    if (a.name, b.name) in net.impairments:
        raise ImpairError(f"the link {a.name} -> {b.name} is impaired already: clear() it first")
    link = net.link(a, b)
    intf, _ = link.ends(a)
    peer_intf, _ = link.ends(b)
    settings = dict(loss=loss, duplicate=duplicate, delay_ms=delay_ms, jitter_ms=jitter_ms,
                    reorder=reorder, rate_kbit=rate_kbit)
    handle = Impairment(net, a, b, intf, peer_intf, settings)
    backend = backend or os.environ.get("NP_IMPAIR_BACKEND") or (
        "netem" if netem_available() else "fallback")
    if backend not in ("netem", "fallback"):
        raise ValueError(f"backend {backend!r}: 'netem' or 'fallback'")
    handle.backend = backend
    try:
        if backend == "netem":
            handle._apply_netem()
        else:
            handle._apply_fallback()
    except BaseException:
        handle.clear()
        raise
    net.impairments[(a.name, b.name)] = handle
    return handle
