"""What a client-ready report must not contain, checked on its HTML (issue: reports a consultant hands over).

``report_defects(html, lang)`` lists every defect found: raw floats, numbers in another language's
format, snake_case or internal headers, pandas index columns, NaN / None / NaT text, text in a
language other than the report's, warnings, tracebacks and text meant for developers, more than
5 % of lines saying what the report cannot show, near-empty chapters. ``page_layout(path)``
measures the PDF's pages as WeasyPrint lays them out, for near-empty pages and stranded chapter
headings. ``report_measures(html)`` counts what a director meets first (KPI cards and findings on
page 1), ``first_page(html)`` those of them that the printed page 1 holds. The test suite runs both on
the sample reports (English and Dutch) and on the reports of the real exports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from bs4 import BeautifulSoup

# English words that are not words of Dutch, German or Danish, and the reverse: a handful in a report's
# running text means a sentence in the wrong language (client and product names may contain one or two)
_STOPWORDS = {
    "en": {"the", "and", "with", "which", "this", "that", "from", "were", "been", "have", "without", "their"},
    "nl": {"het", "een", "niet", "zijn", "wordt", "worden", "hebben", "omdat", "deze", "geen"},
    "de": {"und", "nicht", "eine", "einen", "wird", "werden", "sind", "ohne", "diese", "keine"},
    "da": {"ikke", "og", "det", "eller", "uden", "bliver", "denne", "disse", "ingen", "hvis"},
}
_FOREIGN_WORDS_MAX = 2
# a client's file name is no developer's word: "calls_2026-11-27.csv" as much as "crm_lead.csv"
#: (an export's own header in quotes, "caller_id", names the client's column: no word of the report's)
_SNAKE = re.compile(r"(?<![\w\"])[a-z][a-z0-9]*_[a-z0-9_]+\b(?!\")(?![\w.-]*\.(?:csv|xlsx|xls|xlsb|ods|txt|tsv)\b)")
_SPECIAL = re.compile(r"(?<![\w-])(NaN|nan|None|NaT|<NA>|inf|-inf)(?![\w-])")
_SCIENTIFIC = re.compile(r"\b\d\.\d+e[+-]\d+\b", re.I)
_DEV_TEXT = re.compile(r"`|\bparameter\b|\bdataframe\b|\bkwargs?\b|\bdtype\b|\.ipynb|\.yml\b|\bNotComputable\b"
                       r"|\bclient config\b|\bTraceback\b|\bWarning:|\bError:"
                       r"|\bcrmanalysis (?:plan|report|batch|init|validate|kpis|demo)\b", re.I)

#: an analyst's words a sales director does not use: each has a plain name in the report
_JARGON = re.compile(r"\bdrill-down\b|\blagged correlation\b|\brep-months?\b|\bmean score\b|\bplacebo\b"
                     r"|\bcounterfactual\b|\bIQR\b", re.I)


#: money below one unit, written with a third decimal on purpose (a cost per click of US$0.105)
_MILLS = re.compile(r"-?0[.,]\d{3}")
_CURRENCY_BEFORE = re.compile(r"(?:[€$£¥₽]|\b[A-Z]{3})[\s\u00a0\u2060]?$")
_CURRENCY_AFTER = re.compile(r"^[\s\u00a0]?(?:[€$£¥₽]|[A-Z]{3}\b)")


def _mills(text: str, m: re.Match) -> bool:
    """True when the number *m* is an amount below one unit with three decimals, beside its currency."""
    return bool(_MILLS.fullmatch(m.group(0)) and (_CURRENCY_BEFORE.search(text[max(0, m.start() - 5):m.start()])
                                                   or _CURRENCY_AFTER.search(text[m.end():m.end() + 5])))


def _raw_number_patterns(lang: str) -> list[re.Pattern]:
    if lang == "en":
        # English uses a decimal point and at most two decimals in a report
        return [re.compile(r"(?<![\d.,])-?\d+\.\d{3,}(?![\d.,])")]
    return [re.compile(r"(?<![\d.,])-?\d+,\d{3,}(?![\d.,])"),            # too many decimals
            re.compile(r"(?<![\d.,])-?\d+\.\d{1,2}(?![\d.,])"),          # an English decimal point
            re.compile(r"(?<![\d.,])-?\d+\.\d{4,}(?![\d.,])")]


@cache
def _foreign_phrases(lang: str) -> tuple[str, ...]:
    """Fragments of our own texts in the other languages that never occur in *lang*'s texts."""
    from crmanalysis import texts

    own, other = set(), set()
    for entry in texts.all_texts().values():
        for lg, s in entry.items():
            plain = re.sub(r"[*#_`]|\{[^}]*\}", "\n", s)
            frags = {f.strip(" .,:;()–-") for f in re.split(r"[\n.;:()]", plain)}
            frags = {f for f in frags if len(f) >= 14 and " " in f}
            (own if lg == lang else other).update(frags)
    return tuple(sorted(f for f in other - own if not any(f in o for o in own)))


def visible_text(soup: BeautifulSoup) -> str:
    """The text a reader sees, without section numbers ("2.1" is a heading's number, not a decimal)."""
    for tag in soup(["script", "style", "head"]):
        tag.decompose()
    for tag in soup.select("span.num"):
        tag.decompose()
    return soup.get_text(" ")


def _table_defects(soup: BeautifulSoup) -> list[str]:
    found = []
    for i, table in enumerate(soup.find_all("table"), start=1):
        heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        for h in heads:
            if _SNAKE.search(h) or re.fullmatch(r"\d+|index|level_\d+|Unnamed.*|value|kpi", h):
                found.append(f"table {i}: internal header {h!r}")
        if table.select("tbody th"):
            found.append(f"table {i}: row headers (a pandas index) in the body")
        first = [tr.find(["td", "th"]) for tr in table.select("tbody tr")]
        first = [c.get_text(strip=True) for c in first if c is not None]
        unnamed = not heads or heads[0] in ("", "index")
        if unnamed and len(first) >= 2 and first == [str(k) for k in range(len(first))]:
            found.append(f"table {i}: an index column 0, 1, 2 …")
    return found


#: at most this share of a report's lines may say what it cannot show
MAX_CANNOT_SHOW = 0.05
#: a chapter with less text than this and no table or chart is a near-empty page
MIN_CHAPTER_CHARS = 400
_CANNOT = re.compile(r"\b(Not shown|Niet getoond|Nicht gezeigt|Ikke vist)\b")


def report_measures(html: str) -> dict[str, float]:
    """What a director meets: KPI cards and findings on page 1, the share of "cannot show" lines, thin chapters."""
    soup = BeautifulSoup(html, "html.parser")
    lines = [x.strip() for x in soup.get_text("\n", strip=True).splitlines() if x.strip()]
    thin = [c for c in soup.select("section.chapter")
            if len(c.get_text(" ", strip=True)) < MIN_CHAPTER_CHARS and not c.select("table, figure, img")]
    return {"cards": len(soup.select("section.cover .card")),
            # cards coloured against a target (green, amber, red): grey ones have none
            "coloured": len(soup.select(", ".join(f"section.cover .card.{c}" for c in ("green", "amber", "red")))),
            "findings": len(soup.select("section.cover ul.findings li")),
            "cannot_show": sum(bool(_CANNOT.search(x)) for x in lines) / max(len(lines), 1),
            "thin_chapters": len(thin)}


#: a page (not the last) whose content ends above this share of its height is a near-empty one
MIN_PAGE_FILL = 0.3


@dataclass
class Layout:
    """The pages of a report as WeasyPrint lays them out (see :func:`page_layout`)."""

    fills: list[float]
    stranded: list[str]
    #: the pages (1-based) that open with a chapter heading at their top
    chapter_starts: list[int]
    #: rules drawn below a page's content area, over its footer ("page 1: section.cover, 35 px")
    overflow: list[str] = field(default_factory=list)
    #: blocks kept whole in print that a page break still cut ("pages 2-3: dd 'insight (explains …'")
    split: list[str] = field(default_factory=list)
    #: words a table cell too narrow for them broke over two lines ("page 5: 'compan|y'")
    broken: list[str] = field(default_factory=list)


#: what print keeps whole: a definition, a list item, a table row, a chart, a box or a card
WHOLE = ("dd", "li", "tr", "figure")


def page_layout(html_path) -> Layout:
    """How full each page is, stranded chapter headings, the pages a chapter opens, rules drawn over the footer.

    A page's fill is the end of its last line or picture, its footer left out, as a share of its
    height: a chapter's last lines alone on a page, or a contents list on a page of its own, read well
    under :data:`MIN_PAGE_FILL`. A chapter heading is stranded when nothing but its own intro follows
    it on its page: no section heading, chart or table (SaaS's "1 Baseline" and its intro closed page
    2, its sections overleaf).
    """
    import logging

    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    out = Layout([], [], [])
    whole: dict[int, int] = {}          # a block kept whole (its element's id) -> the page it starts on
    for n, page in enumerate(HTML(filename=str(html_path)).render().pages, 1):
        box = page._page_box
        top = box.content_box_y()
        found = [b for c in box.children if not isinstance(c, boxes.MarginBox) for b in c.descendants()]
        ends = [b.position_y + b.margin_height() for b in found if isinstance(b, (boxes.TextBox, boxes.ReplacedBox))]
        out.fills.append(round((max(ends, default=top) - top) / box.height, 2))
        # a border is drawn where its box ends, even in the page's margin: the cover's closing rule struck
        # through the ad report's footer when page 1 was full to its last line
        out.overflow += [f"page {n}: {b.element_tag}.{b.element.get('class')}, {end - top - box.height:.0f} px"
                         for b in found if isinstance(b, boxes.BlockBox) and b.border_bottom_width
                         and (end := b.position_y + b.margin_height() - b.margin_bottom) > top + box.height + 0.5]
        # a definition's last line ("insight (explains the results) · number · better when lower") stood alone at
        # the top of the help desk's page 3, its definition at the foot of page 2
        for b in found:
            if isinstance(b, boxes.BlockBox) and b.element is not None and (
                    b.element_tag in WHOLE or {"box", "card"} & set((b.element.get("class") or "").split())):
                first = whole.setdefault(id(b.element), n)
                if first < n:
                    text = " ".join("".join(b.element.itertext()).split())[:40]
                    out.split.append(f"pages {first}-{n}: {b.element_tag} {text!r}")
                    whole[id(b.element)] = n
        out.broken += [f"page {n}: {w!r}" for b in found if isinstance(b, boxes.TableCellBox)
                       for w in _broken_words(b, boxes)]
        heads = [b for b in found if isinstance(b, boxes.BlockBox) and b.element_tag == "h2"
                 and re.fullmatch(r"s\d+", b.element.get("id") or "")]
        for h in heads:
            after = [b for b in found if b.position_y > h.position_y
                     and (b.element_tag in ("h3", "figure", "table") or isinstance(b, boxes.ReplacedBox))]
            if not after:
                out.stranded.append(f"page {n}: {''.join(h.element.itertext()).strip()!r} with only its intro "
                                    "below it")
            if h.position_y - top < 0.05 * box.height:
                out.chapter_starts.append(n)
    return out


def _broken_words(cell, boxes) -> list[str]:
    """The words of a laid-out table *cell* that its lines break inside ("compan|y"), not at a space or a hyphen."""
    lines = ["".join(t.text for t in line.descendants() if isinstance(t, boxes.TextBox))
             for line in cell.descendants() if isinstance(line, boxes.LineBox)]
    words = set("".join(cell.element.itertext()).split())
    return [f"{a.split()[-1]}|{b.split()[0]}" for a, b in pairwise(lines)
            if a.strip() and b.strip() and not a.endswith((" ", "-", "\u00ad")) and not b.startswith(" ")
            and any(a.split()[-1] + b.split()[0] in w for w in words)]


def first_page(html: str, base_url: str | None = None) -> dict[str, int]:
    """KPI cards and findings on page 1 as printed: what the director sees before turning a page.

    The cover section counted five findings on Polderbouw's page 1 while all five stood on page 2,
    pushed there by the boxes and cards above them. Only the cover is laid out: nothing after it
    moves page 1.
    """
    import logging

    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    cover = html[:html.index("</section>", html.index('<section class="cover">'))] + "</section></main></body></html>"
    page = HTML(string=cover, base_url=base_url).render().pages[0]._page_box
    found = [b for c in page.children if not isinstance(c, boxes.MarginBox) for b in c.descendants()]
    cards = {id(b.element) for b in found if isinstance(b, boxes.BlockBox) and b.element is not None
             and "card" in (b.element.get("class") or "").split()}
    lists = [b.element for b in found if b.element_tag == "ul" and "findings" in (b.element.get("class") or "")]
    findings = {id(li) for ul in lists[:1] for li in ul}
    items = {id(b.element) for b in found if isinstance(b, boxes.BlockBox) and id(b.element) in findings}
    return {"cards": len(cards), "findings": len(items)}


#: the last page may end where it ends, but not after a line or two (Polderbouw's last page held only the
#: colophon, "Made with crmanalysis … on …"); so may the page before a chapter that opens a page
MIN_LAST_PAGE_FILL = 0.1


def thin_pages(fills: list[float], chapter_starts: Iterable[int] = ()) -> list[int]:
    """The near-empty pages (1-based) of :attr:`Layout.fills`.

    The last one, and one a chapter follows on a page of its own (a chapter's end), only when it holds
    a line or two.
    """
    opens = set(chapter_starts)
    return [n for n, f in enumerate(fills, 1) if len(fills) > 1
            and f < (MIN_LAST_PAGE_FILL if n == len(fills) or n + 1 in opens else MIN_PAGE_FILL)]


def _raw_numbers(text: str, lang: str) -> list[str]:
    """Numbers written as a program prints them, or in another language's format (an amount below one unit
    with three decimals beside its currency is written so on purpose: US$0.105)."""
    return [f"raw or foreign-format number {m.group(0)!r}: {text[max(0, m.start() - 40):m.end() + 20]!r}"
            for pat in _raw_number_patterns(lang) for m in pat.finditer(text) if not _mills(text, m)]


def report_defects(html: str, lang: str) -> list[str]:
    """Every defect a client would stumble on in this report (empty when there is none)."""
    soup = BeautifulSoup(html, "html.parser")
    found = _table_defects(soup)
    m = report_measures(html)
    if m["cannot_show"] > MAX_CANNOT_SHOW:
        found.append(f"{m['cannot_show']:.0%} of the lines say what the report cannot show (at most "
                     f"{MAX_CANNOT_SHOW:.0%})")
    if m["thin_chapters"]:
        found.append(f"{m['thin_chapters']} near-empty chapter(s)")
    for cls in ("output_stderr", "jp-RenderedText", "output_error"):
        for node in soup.select(f".{cls}"):
            if node.get("data-mime-type", "").endswith("stderr") or cls != "jp-RenderedText":
                found.append(f"stderr or error output: {node.get_text(' ', strip=True)[:80]!r}")
    text = visible_text(soup)
    for pat, what in ((_SPECIAL, "undefined value shown as text"), (_SCIENTIFIC, "raw float"),
                      (_SNAKE, "snake_case word"), (_DEV_TEXT, "text meant for developers"),
                      *([(_JARGON, "analyst's jargon")] if lang == "en" else [])):
        for m in pat.finditer(text):
            found.append(f"{what}: {text[max(0, m.start() - 40):m.end() + 20]!r}")
    found += _raw_numbers(text, lang)
    words = re.findall(r"[a-zæøåäöüß]+", text.lower())
    for lg, stop in _STOPWORDS.items():
        if lg == lang:
            continue
        hits = [w for w in words if w in stop]
        if len(hits) > _FOREIGN_WORDS_MAX:
            found.append(f"{len(hits)} words of {lg} in a {lang} report: {sorted(set(hits))[:8]}")
    for frag in _foreign_phrases(lang):
        if frag in text:
            found.append(f"text of another language: {frag!r}")
    return found
