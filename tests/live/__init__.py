"""Browser tests of the in-browser calculators (a package, so that its conftest
does not shadow tests/e2e/conftest.py when both trees run in one session)."""
