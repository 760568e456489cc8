"""What the browser's console says, as the e2e fixtures record it."""


def not_found_error(url):
    """Return the console error Chromium logs for a page served with status 404."""
    return (
        f"{url}: Failed to load resource: the server responded with a status of 404 "
        "(Not Found)"
    )
