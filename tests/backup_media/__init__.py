"""A test-only app with a FileField, installed by tests/test_backup.py alone: the
backup's files are checked on it until the site's own models have files."""
