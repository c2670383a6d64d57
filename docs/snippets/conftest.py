"""The PyTorch snippets are pages' code, not tests: pytest's --doctest-modules must not import
them (that would run them, and need torch). tests/test_torch_snippets.py runs each one."""

collect_ignore_glob = ["*.py"]
