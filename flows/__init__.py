"""Prefect flows composing the stages in `tasks/`, and the `claimtrail` command line."""
