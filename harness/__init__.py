"""The test harness of Network Programming Labs: Mininet topologies, link impairments,
bounded runs of untrusted binaries, and the cleanup that leaves nothing behind.

    from harness.topology import pair, chain      # dual-stack topologies
    from harness.impair import impair             # loss, duplication, delay, reorder, rate
    from harness.run import run, Daemon, wait_for # commands inside a host, with limits
    from harness.cleanup import cleanup           # everything the harness made, gone

Run with /usr/bin/python3 (Debian's mininet and pytest) and as root.
"""
