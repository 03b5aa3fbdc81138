"""The graded tests' options, fixtures and result records are the harness's pytest plugin,
harness/pytest_plugin.py. The grader names it itself (-p harness.pytest_plugin); this
loads it when the tests run by hand, from the top of the repository:

    sudo python3 -m pytest tests/labs/test_ping.py --impl-bin build/solutions/bin
"""

pytest_plugins = ["harness.pytest_plugin"]
