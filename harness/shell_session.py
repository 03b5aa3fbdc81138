"""The interactive side of ./lab shell: a lab's topology and Mininet's CLI on the terminal.

    /usr/bin/python3 -m harness.shell_session TOPOLOGY IMPL_BIN

./lab shell runs this in the network tests' sandbox (harness.sandbox, interactive), so
the topology is made by root of a user namespace, an unprivileged id on the machine: a
student needs no root of their own, and nothing typed at the prompt reaches the machine's
network or files beyond what the sandbox shows. Leaving the CLI ends the sandbox, and
with it every host's namespace and every program started in one.
"""

from __future__ import annotations

import os
import re
import sys


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python3 -m harness.shell_session TOPOLOGY IMPL_BIN", file=sys.stderr)
        return 2
    topology_name, impl_bin = argv
    # Every host's shell starts from this environment: the lab's tools come first.
    os.environ["PATH"] = f"{impl_bin}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ["NP_IMPL_BIN"] = impl_bin

    from mininet.cli import CLI
    from mininet.net import Mininet

    # Mininet's first network raises the machine's limits (sysctls for big topologies),
    # which root of the sandbox may not do, and which two or three hosts do not need.
    Mininet.inited = True

    from . import topology

    match = re.fullmatch(r"chain(\d)", topology_name)
    context = topology.chain(routers=int(match.group(1))) if match else topology.pair()
    with context as net:
        print(f"{topology_name} topology:")
        for name, host in net.hosts.items():
            print(f"  {name}  {host.ip4}  {host.ip6}")
        print(f"{impl_bin} comes first on PATH in every host. "
              "Try: h1 np-ping -c 1 h2   (leave with exit or Ctrl-D)")
        if os.environ.get("NP_SANDBOX") != "off":
            print("The shell runs in the sandbox: root here is no root on the machine, and "
                  "/tmp is the session's own (gone when you leave).")
        CLI(net.mininet)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
