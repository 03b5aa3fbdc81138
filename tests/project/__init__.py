"""The project's own tests: rubrics, unit tests, the grader, the release, the invariant."""
