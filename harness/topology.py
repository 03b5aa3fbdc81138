"""Dual-stack topologies in network namespaces, built with Mininet's Python API.

    with pair() as net:                 # h1 --- h2
        net.h1.ip4, net.h2.ip6          # '10.0.0.1', 'fd00::2'
    with chain(routers=2) as net:       # h1 --- r1 --- r2 --- h2
        net.r1.intf(net.h1)             # 'r1-eth0', r1's interface toward h1

Addresses: link i (0..N, from h1's end) is 10.0.<i>.0/24 and fd00:0:0:<i>::/64; the node
nearer h1 is .1 / ::1 on it, the other .2 / ::2. So h1 is 10.0.0.1, r<k> is .2 on link
k-1 (its primary address, toward h1) and .1 on link k, and h2 is .2 on link N.
Hosts of a chain have default routes (v4 and v6) via their router; routers have a route
to every link, and nothing else. No node has a link to the machine's namespace, no NAT:
traffic for anything outside the topology ends at a router with "network unreachable".

Links are veth pairs straight between two namespaces (no bridge, no switch): nothing of a
topology lives in the root namespace, so two runs on one machine cannot collide.
Every namespace gets, before its links exist: ICMP rate limits off (v4 and v6), DAD off
(IPv6 addresses usable at once), ping_group_range "0 2147483647" (ICMP datagram sockets
for every group), and on routers forwarding on (v4 and v6).
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import time
from dataclasses import dataclass
from typing import Iterator, Sequence

from mininet.net import Mininet
from mininet.node import Host as MininetHost

from harness import cleanup as _cleanup
from harness import zone as _zone
from harness.privileges import require_root

SYSCTLS = {
    "net.ipv4.icmp_ratelimit": "0",
    "net.ipv6.icmp.ratelimit": "0",
    "net.ipv6.conf.all.accept_dad": "0",
    "net.ipv6.conf.default.accept_dad": "0",
    # No router advertisements ever come; do not even listen for them.
    "net.ipv6.conf.all.accept_ra": "0",
    "net.ipv6.conf.default.accept_ra": "0",
    "net.ipv4.ping_group_range": "0 2147483647",
}
ROUTER_SYSCTLS = {
    "net.ipv4.ip_forward": "1",
    "net.ipv6.conf.all.forwarding": "1",
}
READY_TIMEOUT = 3.0  # seconds for IPv6 addresses to leave the tentative state


def enter_argv(pid: int) -> list[str]:
    """The prefix that runs a program in the network namespace of process pid.
    nsenter rather than Mininet's `mnexec -a`: mnexec leaves its two namespace descriptors
    open (as 3 and 4) in the program it runs, and a program under test must start with
    nothing but 0, 1 and 2 (the inetd and daemons labs check what their children inherit).
    Only the network namespace: our hosts have no private directories, so they share the
    mount namespace, and entering one would also move the program to its root directory
    (the working directory a test gives must stay)."""
    return ["nsenter", f"--target={pid}", "--net", "--"]


class TopologyError(RuntimeError):
    """A topology could not be built (a command in a namespace failed)."""


class _Node(MininetHost):
    """A Mininet host whose every process carries the harness's owner mark (see cleanup).

    In the sandbox (harness/zone.py), its network namespace belongs to the student zone,
    and its shell, a process of the harness, enters it: Mininet's own `mnexec -n` would
    make a namespace of the harness's, in which a program under test has no rights."""

    _shell_prefix: list[str] | None = None

    def startShell(self, mnopts=None):
        zone = _zone.active()
        if zone is None:
            return super().startShell(mnopts)
        network = zone.new_host(self.name)
        # A mount namespace of the shell's own, where /sys shows its network namespace.
        self._shell_prefix = ["nsenter", f"--net={network}", "--",
                              "unshare", "--mount", "--propagation", "private", "--"]
        self.inNamespace = False  # mnexec must not make a namespace of its own
        try:
            super().startShell(mnopts)
        finally:
            self._shell_prefix, self.inNamespace = None, True
        self.cmd("mount -t sysfs -o ro,nosuid,nodev,noexec sysfs /sys")

    def _popen(self, cmd, **params):
        params["env"] = _cleanup.marked_env(params.get("env"))
        if self._shell_prefix:
            cmd = self._shell_prefix + list(cmd)
        return super()._popen(cmd, **params)


@dataclass(frozen=True)
class Link:
    """Link `index` of a topology: a veth pair between a (nearer h1) and b."""

    index: int
    a: "Host"
    b: "Host"
    a_intf: str
    b_intf: str
    net4: ipaddress.IPv4Network
    net6: ipaddress.IPv6Network

    def ends(self, node: "Host") -> tuple[str, "Host"]:
        """(node's interface, the node at the other end)."""
        return (self.a_intf, self.b) if node is self.a else (self.b_intf, self.a)


class Host:
    """One node of a topology (a host or a router) as the tests see it.

    name      'h1', 'r1', ... (also the Mininet node's name)
    ip4, ip6  primary addresses: for a router, those on its link toward h1
    node      the Mininet node; unknown attributes are looked up there (cmd, popen, ...)
    """

    def __init__(self, name: str, node: MininetHost, router: bool):
        self.name = name
        self.node = node
        self.router = router
        self.ip4 = ""
        self.ip6 = ""
        self.links: list[Link] = []
        # The namespace stays pinned (an open fd) until the topology is stopped: see
        # cleanup.pin_netns. netns is its name, 'net:[inode]'.
        pinned = _cleanup.pin_netns(node.pid)
        if pinned is None:
            raise TopologyError(f"the shell of {name} died at once")
        self._netns_fd, self.netns = pinned

    @property
    def pid(self) -> int:
        """The pid of the host's shell: the process that holds its namespaces."""
        return self.node.pid

    def _link_to(self, peer: "Host | str") -> Link:
        peer_name = peer if isinstance(peer, str) else peer.name
        for link in self.links:
            if link.ends(self)[1].name == peer_name:
                return link
        raise ValueError(f"{self.name} has no link to {peer_name}")

    def intf(self, peer: "Host | str") -> str:
        """The name of this node's interface on its link to peer."""
        return self._link_to(peer).ends(self)[0]

    def addr4(self, peer: "Host | str") -> str:
        """This node's IPv4 address on its link to peer."""
        link = self._link_to(peer)
        return str(link.net4[1 if link.a is self else 2])

    def addr6(self, peer: "Host | str") -> str:
        """This node's IPv6 address on its link to peer."""
        link = self._link_to(peer)
        return str(link.net6[1 if link.a is self else 2])

    def cmd_argv(self, argv: Sequence[object]) -> list[str]:
        """argv made to run inside this host (its network namespace), for
        subprocess; no shell is involved."""
        return [*enter_argv(self.node.pid), *map(str, argv)]

    def popen(self, argv: Sequence[object], **kwargs):
        """subprocess.Popen of argv inside this host, tracked for cleanup. By default in a
        session of its own (killable as a group) with stdout and stderr piped. In the
        sandbox, a command that runs code of the implementation under test runs in the
        student zone (harness/zone.py); any other (a real tool, a test's client) in the
        harness's."""
        kwargs.setdefault("start_new_session", True)
        argv = [str(arg) for arg in argv]
        zone = _zone.active()
        if zone is not None and zone.runs(argv):
            prefix = zone.enter_argv(self.name, kwargs.get("cwd"))
            kwargs["env"] = zone.environment(kwargs.get("env"))
        else:
            prefix = enter_argv(self.node.pid)
        process = self.node.popen(argv, mncmd=prefix, **kwargs)
        _cleanup.track_process(process)
        return process

    def cmd(self, *args, **kwargs) -> str:
        """Mininet's shell command in this host (a trusted string: no untrusted argv here);
        returns its output."""
        return self.node.cmd(*args, **kwargs)

    def __getattr__(self, name):
        # Only reached for attributes Host does not have: the Mininet node's API.
        if name == "node":
            raise AttributeError(name)
        return getattr(self.node, name)

    def __repr__(self) -> str:
        return f"<Host {self.name} {self.ip4} {self.ip6}>"


class Net:
    """A running topology: .hosts (name -> Host, in order h1, r1..rN, h2), attribute access
    (net.h1, net.r1), .links, and .mininet (the Mininet object, e.g. for mininet.cli.CLI)."""

    def __init__(self, mininet: Mininet):
        self.mininet = mininet
        self.hosts: dict[str, Host] = {}
        self.links: list[Link] = []
        self.impairments: dict = {}  # (a, b) names -> the impairment in force (harness.impair)
        self._stopped = False

    def __getattr__(self, name):
        hosts = self.__dict__.get("hosts", {})
        if name in hosts:
            return hosts[name]
        raise AttributeError(f"the topology has no node {name!r}")

    def __getitem__(self, name: str) -> Host:
        return self.hosts[name]

    def host(self, node: "Host | str") -> Host:
        return self.hosts[node] if isinstance(node, str) else node

    def link(self, a: "Host | str", b: "Host | str") -> Link:
        """The link between a and b (neighbours), whichever way round."""
        return self.host(a)._link_to(self.host(b))

    @property
    def routers(self) -> list[Host]:
        return [host for host in self.hosts.values() if host.router]

    def stop(self) -> None:
        """Kill everything in the topology's namespaces (which takes the namespaces, their
        links and all their netfilter state with them). Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        _cleanup.untrack_teardown(self.stop)
        nodes = self.mininet.hosts
        namespaces = {host.netns for host in self.hosts.values() if host.netns}
        # Everything in our namespaces, the Mininet shells included: once the last process
        # of a namespace is gone, the kernel removes it with its veths and state.
        _cleanup.kill_netns(namespaces)
        for node in nodes:
            if node.shell is not None:
                _cleanup.kill_group(node.shell.pid)
                try:
                    node.cleanup()  # closes the shell's pty and reaps it
                except OSError:
                    pass
                node.shell = None
        _cleanup.kill_netns(namespaces)
        for host in self.hosts.values():
            with contextlib.suppress(OSError):
                os.close(host._netns_fd)
            if _zone.active() is not None:
                _zone.active().drop_host(host.name)


# --- building ----------------------------------------------------------------------------

def _sysctl_command(settings: dict[str, str]) -> str:
    return "sysctl -q -w " + " ".join(f"'{key}={value}'" for key, value in settings.items())


def _run_checked(host: Host, commands: list[str]) -> None:
    """Run trusted configuration commands in host's shell; any output is an error."""
    script = " && ".join(commands) + " || echo 'np-harness: configuration failed'"
    output = host.cmd(script).strip()
    if output:
        raise TopologyError(f"configuring {host.name} failed: {output}")


def _routes(host: Host, links: list[Link]) -> list[str]:
    """Routes for host: default routes on end hosts of a chain, a route to every other link
    on routers (via the neighbour on that side)."""
    mine = {link.index for link in host.links}
    commands = []
    if not host.router:
        if len(links) > 1:
            link = host.links[0]
            intf, gateway = link.ends(host)
            commands.append(f"ip route add default via {gateway.addr4(host)} dev {intf}")
            commands.append(f"ip -6 route add default via {gateway.addr6(host)} dev {intf}")
        return commands
    left = min(mine)  # the link toward h1
    right = max(mine)
    for link in links:
        if link.index in mine:
            continue
        side = links[left] if link.index < left else links[right]
        intf, gateway = side.ends(host)
        commands.append(f"ip route add {link.net4} via {gateway.addr4(host)} dev {intf}")
        commands.append(f"ip -6 route add {link.net6} via {gateway.addr6(host)} dev {intf}")
    return commands


def _not_ready(host: Host) -> str:
    """Why host's links are not usable yet ('' when they are): each veth must have its
    carrier and a link-local address, and no IPv6 address may be tentative. A packet sent
    before that (an IPv6 neighbour solicitation, typically) is lost and costs a retry."""
    links = host.cmd("ip -o link show").splitlines()
    addrs = host.cmd("ip -o -6 addr show").splitlines()
    for link in host.links:
        intf = link.ends(host)[0]
        state = next((line for line in links if f" {intf}@" in line or f" {intf}:" in line), "")
        if "LOWER_UP" not in state or "NO-CARRIER" in state:
            return f"{intf} has no carrier"
        if not any(f" {intf} " in line and "inet6 fe80:" in line for line in addrs):
            return f"{intf} has no link-local address yet"
    if any("tentative" in line for line in addrs):
        return "an IPv6 address is still tentative"
    return ""


def _wait_ready(hosts: list[Host]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while True:
        reasons = {host.name: _not_ready(host) for host in hosts}
        reasons = {name: why for name, why in reasons.items() if why}
        if not reasons:
            return
        if time.monotonic() > deadline:
            raise TopologyError(
                "links not ready after %g s: " % READY_TIMEOUT
                + "; ".join(f"{name}: {why}" for name, why in reasons.items())
            )
        time.sleep(0.005)


def _build(names: list[str]) -> Net:
    """A chain of nodes: names[0] and names[-1] are end hosts, the ones between routers."""
    require_root()
    _cleanup.install_handlers()
    _cleanup.reap_stale()
    mininet = Mininet(topo=None, controller=None, build=False)
    net = Net(mininet)
    _cleanup.track_teardown(net.stop)
    try:
        for position, name in enumerate(names):
            router = 0 < position < len(names) - 1
            node = mininet.addHost(name, cls=_Node, ip=None)
            host = Host(name, node, router)
            net.hosts[name] = host
            settings = dict(SYSCTLS, **(ROUTER_SYSCTLS if router else {}))
            # In a user namespace (the sandbox) the range may name only its own groups.
            settings["net.ipv4.ping_group_range"] = f"0 {min(_zone.highest_group(), 2**31 - 1)}"
            # Before any link exists: new interfaces take the namespace's defaults.
            _run_checked(host, [_sysctl_command(settings), "ip link set lo up"])
        hosts = list(net.hosts.values())
        for index in range(len(hosts) - 1):
            a, b = hosts[index], hosts[index + 1]
            # Kernel-chosen MACs and no ifconfig calls: we configure the interfaces below.
            mlink = mininet.addLink(a.node, b.node, addr1=None, addr2=None, up=None)
            link = Link(
                index=index,
                a=a,
                b=b,
                a_intf=mlink.intf1.name,
                b_intf=mlink.intf2.name,
                net4=ipaddress.IPv4Network(f"10.0.{index}.0/24"),
                net6=ipaddress.IPv6Network(f"fd00:0:0:{index}::/64"),
            )
            # What Mininet's own API (node.IP(), the CLI's "h1 ping h2") reports.
            mlink.intf1.ip, mlink.intf1.prefixLen = str(link.net4[1]), 24
            mlink.intf2.ip, mlink.intf2.prefixLen = str(link.net4[2]), 24
            net.links.append(link)
            a.links.append(link)
            b.links.append(link)
            # Up at once, both ends: the carrier and IPv6's link-local setup then proceed
            # in the kernel while we configure the rest.
            _run_checked(a, [f"ip link set {link.a_intf} up"])
            _run_checked(b, [f"ip link set {link.b_intf} up"])
        for host in hosts:
            commands = []
            for link in host.links:
                intf, _ = link.ends(host)
                peer = link.ends(host)[1]
                commands += [
                    f"ip addr add {host.addr4(peer)}/24 dev {intf}",
                    f"ip -6 addr add {host.addr6(peer)}/64 dev {intf} nodad",
                ]
            host.ip4 = host.addr4(host.links[0].ends(host)[1])
            host.ip6 = host.addr6(host.links[0].ends(host)[1])
            _run_checked(host, commands)
        for host in hosts:
            routes = _routes(host, net.links)
            if routes:
                _run_checked(host, routes)
        _wait_ready(hosts)
        # Configured by hand: keep Mininet's start()/build() from configuring it again.
        mininet.built = True
        return net
    except BaseException:
        net.stop()
        raise


@contextlib.contextmanager
def pair() -> Iterator[Net]:
    """h1 (10.0.0.1, fd00::1) --- h2 (10.0.0.2, fd00::2) on one link."""
    net = _build(["h1", "h2"])
    try:
        yield net
    finally:
        net.stop()


@contextlib.contextmanager
def chain(routers: int = 1) -> Iterator[Net]:
    """h1 --- r1 --- ... --- rN --- h2, N = routers (at least 1)."""
    if not 1 <= routers <= 30:
        raise ValueError(f"chain(routers={routers}): between 1 and 30 routers")
    net = _build(["h1", *(f"r{k}" for k in range(1, routers + 1)), "h2"])
    try:
        yield net
    finally:
        net.stop()
