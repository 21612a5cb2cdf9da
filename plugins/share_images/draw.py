"""Drawing one share image (1200x630 PNG) from a ShareCard, with Pillow.

Pure: a card in, PNG bytes out. The font is Pillow's own scalable default
(Aileron, shipped inside the Pillow wheel), so nothing else is installed and
every machine draws the same pixels. Colours are the site's (theme/static/
css/main.css, light scheme).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont
from unidecode import unidecode

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
BG = "#fbfaf7"
FG = "#1c1f24"
MUTED = "#575e69"
ACCENT = "#2348a8"
ACCENT_FG = "#ffffff"
RULE = "#dedbd3"
# Bump when the drawing changes: every cached image is then drawn again.
DRAWING_VERSION = "2"


@dataclass(frozen=True, slots=True)
class ShareCard:
    """What a share image shows; every field is plain text."""

    kicker: str  # small line above the title: the field, or "Article"
    title: str
    lines: tuple[str, ...] = ()  # pay, reward, summary: one or two lines
    footer: str = ""  # the site's address
    site: str = "rmtly"

    def key(self) -> str:
        """Everything that changes the pixels, as one string to hash."""
        parts = (DRAWING_VERSION, self.kicker, self.title, *self.lines)
        return "\x1f".join((*parts, self.footer, self.site))


def drawable(text: str) -> str:
    """Text the font has glyphs for: Latin-1 as is, the rest transliterated.

    Aileron covers Latin-1; a dash, curly quote or a name in another script
    would otherwise draw as an empty box.
    """
    return "".join(ch if ord(ch) < 256 else unidecode(ch) for ch in text)


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    loaded = ImageFont.load_default(size=size)
    assert isinstance(loaded, ImageFont.FreeTypeFont), "Pillow lacks FreeType"
    return loaded


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Greedy word wrap to ``width`` pixels; a single long word is cut."""
    lines: list[str] = []
    current = ""
    for token in text.split():
        word = token
        trial = f"{current} {word}".strip()
        if face.getlength(trial) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        while face.getlength(word) > width and len(word) > 1:
            cut = len(word)
            while cut > 1 and face.getlength(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def fit_title(text: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits three lines (else cut, "...")."""
    for size in (72, 64, 56, 50, 44):
        face = font(size)
        lines = wrap(text, face, width)
        if len(lines) <= 3:
            return face, lines
    lines = wrap(text, face, width)[:3]
    # "..." rather than an ellipsis: the font lacks it (see drawable).
    while lines[-1] and face.getlength(lines[-1] + " ...") > width:
        lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else ""
    lines[-1] = (lines[-1] + " ...").strip()
    return face, lines


def draw(card: ShareCard) -> bytes:
    """The PNG bytes of one share image."""
    card = ShareCard(
        kicker=drawable(card.kicker),
        title=drawable(card.title),
        lines=tuple(drawable(line) for line in card.lines),
        footer=drawable(card.footer),
        site=drawable(card.site),
    )
    image = Image.new("RGB", (WIDTH, HEIGHT), BG)
    pen = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    pen.rectangle((0, 0, WIDTH, 14), fill=ACCENT)
    # The site's name as a pill, top left; the kicker beside it.
    name = font(34)
    pill = name.getlength(card.site) + 40
    pen.rounded_rectangle((MARGIN, 60, MARGIN + pill, 112), radius=26, fill=ACCENT)
    pen.text((MARGIN + 20, 86), card.site, font=name, fill=ACCENT_FG, anchor="lm")
    kicker = wrap(card.kicker.upper(), font(28), inner - pill - 32)[:1]
    if kicker:
        pen.text(
            (MARGIN + pill + 28, 86),
            kicker[0],
            font=font(28),
            fill=ACCENT,
            anchor="lm",
        )
    face, title = fit_title(card.title, inner)
    y = 160
    for line in title:
        pen.text((MARGIN, y), line, font=face, fill=FG, stroke_width=1, stroke_fill=FG)
        y += int(face.size * 1.18)
    y += 18
    for index, text in enumerate(card.lines[:2]):
        face = font(40 if index == 0 else 30)
        wrapped = wrap(text, face, inner)
        shown = wrapped[:2]
        if len(wrapped) > 2:  # cut: say so rather than stop mid-sentence
            shown[-1] = shown[-1].rsplit(" ", 1)[0] + " ..."
        for line in shown:
            if y + face.size > HEIGHT - 110:
                break
            pen.text((MARGIN, y), line, font=face, fill=FG if index == 0 else MUTED)
            y += int(face.size * 1.3)
    pen.line((MARGIN, HEIGHT - 92, WIDTH - MARGIN, HEIGHT - 92), fill=RULE, width=2)
    if card.footer:
        pen.text(
            (MARGIN, HEIGHT - 52), card.footer, font=font(30), fill=MUTED, anchor="lm"
        )
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()


def draw_logo(site: str, size: int = 512) -> bytes:
    """A square logo (publisher.logo): the site's initial on the accent colour."""
    image = Image.new("RGB", (size, size), ACCENT)
    pen = ImageDraw.Draw(image)
    pen.text(
        (size // 2, size // 2),
        site[:1] or "r",
        font=font(size * 3 // 5),
        fill=ACCENT_FG,
        anchor="mm",
        stroke_width=4,
        stroke_fill=ACCENT_FG,
    )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
