"""The output check: what counts as a problem, and how it is reported.

Rules, per written page: every referral link has ``rel`` with ``sponsored``;
a visible disclosure box inside ``<main>`` precedes the first referral link;
every HTML document links to the Disclosure page. Per feed: every entry that
carries a referral link starts with the disclosure sentence, and its links
have ``rel="sponsored"``. Each problem names the output file, the source
file, the link and the fix.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .feeds import (
    Entry,
    FeedSyntaxError,
    entry_needs_field,
    field_referrals,
    fields_to_disclose,
    parse_feed,
    starts_with_sentence,
    unmarked_referrals,
)
from .html import Link, Scan, line_of, scan_html
from .rules import clean_url, is_referral_url, normalise_host, prefilter_for
from .settings import DisclosuresSettings

# How far before a mention of the page an href may start (long URLs).
_HREF_WINDOW = 512
MARKER_HINT = "the <!--rmtly:disclosure--> marker in base.html's disclosure_slot block"


@dataclass(frozen=True)
class Problem:
    output: str
    source: str
    what: str
    fix: str
    href: str | None = None
    line: int | None = None

    @property
    def place(self) -> str:
        where = f"{self.output}:{self.line}" if self.line else self.output
        return f"{where} (source: {self.source})"

    def format(self) -> str:
        return _format_group([self])


def _format_group(problems: Sequence[Problem]) -> str:
    """Problems that differ only in where they are: every place, then once
    the link, the problem and the fix."""
    first = problems[0]
    lines = [f"- {first.place}", *(f"  {p.place}" for p in problems[1:])]
    if first.href is not None:
        lines.append(f"    link: {first.href}")
    lines += [f"    problem: {first.what}", f"    fix: {first.fix}"]
    return "\n".join(lines)


def format_problems(problems: Sequence[Problem]) -> str:
    """One message for all problems; a broken template repeats one problem
    on every page, so problems alike are listed together."""
    count = f"{len(problems)} problem" + ("" if len(problems) == 1 else "s")
    head = (
        f"disclosures: {count} in the written site; a referral link must not "
        "be published without its disclosure:"
    )
    groups: dict[tuple[str, str, str | None], list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem.what, problem.fix, problem.href), []).append(problem)
    return "\n".join([head, *(_format_group(group) for group in groups.values())])


class DisclosureCheckError(Exception):
    """The written site breaks a disclosure rule; the message lists each case."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(format_problems(self.problems))


@dataclass(frozen=True)
class Findings:
    problems: list[Problem]
    referral_links: int


class PageLinks:
    """Recognises links to the Disclosure page, however a template spells them."""

    def __init__(self, settings: DisclosuresSettings) -> None:
        self._prefix = urlsplit(settings.siteurl).path.rstrip("/")
        self._path = settings.page_path
        self._hosts = {
            normalise_host(host)
            for url in (settings.siteurl, settings.feed_domain)
            if (host := urlsplit(url).hostname)
        }
        self._token = settings.page_url.strip("/").rsplit("/", 1)[-1] or "/"
        self._href = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")

    def base(self, output: str) -> str:
        """The URL path a page is served from (to resolve relative hrefs)."""
        return f"{self._prefix}/{output}"

    def matches(self, href: str, base: str) -> bool:
        try:
            parts = urlsplit(urljoin(base, clean_url(href)))
            host = parts.hostname
        except ValueError:
            return False
        if parts.scheme not in ("", "http", "https"):
            return False
        # A development build (SITEURL "") cannot tell its own host from
        # another: any host with the right path counts there.
        if host and self._hosts and normalise_host(host) not in self._hosts:
            return False
        return parts.path in (self._path, self._path + "index.html")

    def quick_find(self, text: str, base: str) -> bool:
        """True when an href to the page is found without parsing.

        Looks only around the places that spell the page's name, exactly as
        the theme writes it; anything else falls back to the full parse.
        """
        token, position = self._token, text.find(self._token)
        while position != -1:
            window = (max(0, position - _HREF_WINDOW), position + _HREF_WINDOW)
            for match in self._href.finditer(text, *window):
                value = next(group for group in match.groups() if group is not None)
                if (
                    token in value
                    and _in_anchor(text, match.start())
                    and self.matches(html.unescape(value), base)
                ):
                    return True
            position = text.find(token, position + len(token))
        return False


def _in_anchor(text: str, position: int) -> bool:
    """Whether the attribute at ``position`` belongs to an <a> or <area> tag."""
    start = text.rfind("<", 0, position)
    name = text[start + 1 : start + 6].lower()
    return name[:1] == "a" and (name[1:2].isspace() or name.startswith("area"))


def _region(link: Link) -> str:
    return f"in the <{link.region}>" if link.region else "outside <main>"


def _order_problem(scan: Scan) -> tuple[str, str] | None:
    """(what, fix) when the first referral link is not preceded by a box."""
    first = scan.links[0]
    visible = scan.first_visible_box()
    if visible is not None and visible.offset < first.offset:
        return None
    hidden = [b for b in scan.boxes if b.in_main and b.hidden]
    outside = [b for b in scan.boxes if not b.in_main]
    if visible is not None:
        # Line numbers stay in the problem's place, so the same mistake on
        # many pages reads as one problem with many places.
        where = _region(first) if not first.in_main else "in <main>"
        what = f"the first referral link ({where}) comes before the disclosure box"
        if not first.in_main:
            fix = (
                f"a link {_region(first)} comes before <main>, so no disclosure "
                "can precede it: move the link into the page content, below the "
                "box, or remove it from the template"
            )
        else:
            fix = f"move the link below the box, or move {MARKER_HINT} above it"
        return what, fix
    if hidden:
        reason = hidden[0].hidden
        return (
            f"the disclosure box is hidden ({reason}), so readers never see it",
            f"remove {reason} from the box and the elements around it; the "
            "disclosure must show without any interaction",
        )
    if outside:
        where = outside[0].region or "page outside <main>"
        where = f"<{where}>" if outside[0].region else where
        return (
            f"the disclosure appears only in the {where}, not inside <main> "
            "before the link",
            f"put the box inside <main> before the first referral link: keep "
            f"{MARKER_HINT} (or a <main> element, where the box is inserted)",
        )
    if scan.main_open_end is not None:
        return (
            "the page has a referral link but no disclosure box before it",
            "put the box (partials/disclosure.html) inside <main> above the link; "
            f"a build with the disclosures plugin inserts it at {MARKER_HINT} "
            "or as the first thing in <main>",
        )
    return (
        "the page has a referral link but no disclosure box and no <main> to "
        "put one in",
        f"give the template a <main> element, or {MARKER_HINT} inside <main>",
    )


def _link_problems(scan: Scan, text: str, *, output: str, source: str) -> list[Problem]:
    problems = []
    for link in scan.links:
        if "sponsored" in link.rel_tokens or not link.takes_rel:
            continue
        has = f'rel="{link.rel}" without "sponsored"' if link.rel else "no rel"
        problems.append(
            Problem(
                output,
                source,
                f"the referral link has {has}",
                'give it rel="sponsored noopener" (the disclosures plugin adds '
                "it during the build: this page was changed or copied in after it)",
                href=link.href,
                line=line_of(text, link.offset),
            )
        )
    order = _order_problem(scan)
    if order is not None:
        first = scan.links[0]
        line = line_of(text, first.offset)
        problems.append(Problem(output, source, *order, href=first.href, line=line))
    return problems


def check_page(
    text: str,
    *,
    settings: DisclosuresSettings,
    output: str,
    source: str,
    page_links: PageLinks | None = None,
    scan: Scan | None = None,
    candidate: bool | None = None,
) -> Findings:
    """Problems of one written HTML page (``output`` is relative to output/).

    ``scan`` (of this very text) and ``candidate`` (the prefilter's answer)
    spare work the caller has already done.
    """
    page_links = page_links or PageLinks(settings)
    if candidate is None:
        candidate = prefilter_for(settings.rules).may_match(text)
    if scan is None and candidate:
        scan = scan_html(text, rules=settings.rules, marker=settings.marker)
    problems = []
    if scan and scan.links:
        problems = _link_problems(scan, text, output=output, source=source)
    base = page_links.base(output)
    if not page_links.quick_find(text, base):
        scan = scan or scan_html(text, rules=settings.rules, marker=settings.marker)
        if scan.is_document and not any(
            page_links.matches(href, base) for href in scan.hrefs
        ):
            problems.append(_no_page_link(settings, output=output, source=source))
    return Findings(problems, len(scan.links) if scan else 0)


def _no_page_link(
    settings: DisclosuresSettings, *, output: str, source: str
) -> Problem:
    return Problem(
        output,
        source,
        f"the page does not link to the Disclosure page ({settings.page_href})",
        "link it on every page, as base.html's footer block does: "
        '<a href="{{ SITEURL }}/{{ DISCLOSURES_PAGE_URL }}">Disclosure</a>',
    )


SourceLookup = Callable[[str | None], str | None]


def _entry_problems(
    entry: Entry, settings: DisclosuresSettings, *, output: str, source: str
) -> tuple[list[Problem], int]:
    problems, links = [], 0
    own = [h for h in entry.link_hrefs if is_referral_url(h, settings.rules)]
    label = f'feed entry "{entry.label}"'
    if entry_needs_field(entry, settings):
        problems.append(
            Problem(
                output,
                source,
                f"{label} links to a referral URL but has no summary or content "
                "to carry the disclosure sentence",
                "give the entry a summary that starts with DISCLOSURES_SENTENCE",
                href=own[0],
            )
        )
    for item in fields_to_disclose(entry, settings):
        hrefs = field_referrals(item, settings)
        links += len(hrefs)
        tag = item.element.tag.rpartition("}")[2]
        if not starts_with_sentence(item, settings.sentence):
            problems.append(
                Problem(
                    output,
                    source,
                    f"{label} carries a referral link but its <{tag}> does not "
                    "start with the disclosure sentence",
                    f'start the <{tag}> with: "{settings.sentence}" (the '
                    "disclosures plugin adds it to feeds written during the build)",
                    href=(hrefs or own)[0],
                )
            )
        problems += [
            Problem(
                output,
                source,
                f'a referral link in the <{tag}> of {label} has no rel="sponsored"',
                'give it rel="sponsored noopener"',
                href=href,
            )
            for href in unmarked_referrals(item, settings)
        ]
    return problems, links + len(own)


def check_feed(
    text: str,
    *,
    settings: DisclosuresSettings,
    output: str,
    source: str,
    lookup: SourceLookup | None = None,
) -> Findings:
    """Problems of one written feed; ``lookup`` maps an entry link to its source."""
    try:
        feed = parse_feed(text)
    except FeedSyntaxError as error:
        return Findings(
            [
                Problem(
                    output,
                    source,
                    f"the feed is not well-formed XML ({error})",
                    "fix the template or code that writes this feed",
                )
            ],
            0,
        )
    problems, links = [], 0
    for entry in feed.entries if feed else []:
        entry_source = (lookup(entry.link) if lookup else None) or source
        found, count = _entry_problems(
            entry, settings, output=output, source=entry_source
        )
        problems += found
        links += count
    return Findings(problems, links)
