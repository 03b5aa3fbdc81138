"""The test harness of Network Programming Labs: Mininet topologies, link impairments,
bounded runs of untrusted binaries, and the cleanup that leaves nothing behind.

    from harness.topology import pair, chain      # dual-stack topologies
    from harness.impair import impair             # loss, duplication, delay, reorder, rate
    from harness.run import run, Daemon, wait_for # commands inside a host, with limits
    from harness.cleanup import cleanup           # everything the harness made, gone
    from harness.bounded import bounded_run       # a command of the grader's, with limits

The grader (harness/grade.py) builds, runs the unit tests and the network tests (under
pytest, with harness/pytest_plugin.py recording each outcome), and scores them by the
rubric; harness/report.py shows and writes what it found (harness/results.py).

Run with /usr/bin/python3 (Debian's mininet and pytest) and as root.
"""
