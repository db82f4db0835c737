"""Helpers the tests share: a work directory inside the repo, and the golden cases."""
