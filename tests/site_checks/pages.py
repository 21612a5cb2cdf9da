"""A page in the theme's shape, for tests that write a page to break a gate."""

from __future__ import annotations

CSP_META = (
    '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">\n'
)


def page(body: str, *, head: str = "", template: str = "page") -> str:
    """A small valid page in the theme's shape, with its policies, around ``body``."""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        + CSP_META
        + '<meta name="referrer" content="strict-origin-when-cross-origin">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Test page</title>\n{head}</head>\n"
        f'<body data-template="{template}">\n<main id="main">\n<h1>Test page</h1>\n'
        f'{body}\n<p><a href="/disclosure/">Disclosure</a></p>\n'
        "</main>\n</body>\n</html>\n"
    )
