"""Does every table fit? A check run in the page: no word of a table cell broken across two lines, every
tag on one line, nothing cut off or pushing the page sideways outside a container made to scroll."""

from playwright.sync_api import Page

# Each finding is a sentence naming the table, the cell and the word, so a failure reads as a bug report.
FIT_SCRIPT = """
() => {
  const findings = [];
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    if (box.width <= 2 || box.height <= 2) return false;  // screen-reader-only text: 1 px wide
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden') return false;
      if (node.tagName === 'DETAILS' && !node.open && node !== el) return false;
    }
    return true;
  };
  const lines = (rects) =>
    new Set([...rects].filter(r => r.width > 1 && r.height > 1).map(r => Math.round(r.top))).size;
  const quote = (el) => el.textContent.trim().slice(0, 40);
  const where = (el) => {
    const table = el.closest('table');
    const name = table ? (table.id || (table.caption && table.caption.textContent.trim()) ||
                          table.getAttribute('aria-label') || table.className) : 'page';
    return `${name.slice(0, 60)}`;
  };
  const scrolls = (el) => {
    for (let node = el; node && node !== document.documentElement; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowX;
      if ((overflow === 'auto' || overflow === 'scroll') && node.tagName !== 'BODY') return node;
    }
    return null;
  };
  // 1. No word inside a table cell spans two lines.
  for (const cell of document.querySelectorAll('table td, table th')) {
    if (!visible(cell)) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (!text.parentElement || !visible(text.parentElement)) continue;
      // A word may break after a hyphen between letters ("on-/duty"), as typesetting allows; a code
      // or a date ("APP-000014", "2026-12-06") may not break at all.
      const pattern = text.parentElement.closest('code')
        ? /\\S+/g  // a code ("adherence-to-law") never breaks
        : /(?:[^\\s-]|-(?![A-Za-z])|(?<![A-Za-z])-)+-?/g;
      let match;
      while ((match = pattern.exec(text.data)) !== null) {
        const range = document.createRange();
        range.setStart(text, match.index);
        range.setEnd(text, match.index + match[0].length);
        if (lines(range.getClientRects()) > 1) {
          findings.push(`${where(cell)}: the word "${match[0]}" is broken across lines`);
        }
      }
    }
  }
  // 2. A tag reads on one line.
  for (const tag of document.querySelectorAll('.usa-tag')) {
    if (!visible(tag)) continue;
    const rects = [];
    const walker = document.createTreeWalker(tag, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (!text.parentElement || !visible(text.parentElement)) continue;  // its screen-reader words
      const range = document.createRange();
      range.selectNodeContents(text);
      rects.push(...range.getClientRects());
    }
    if (lines(rects) > 1) {
      findings.push(`${where(tag)}: the tag "${tag.textContent.trim()}" wraps onto two lines`);
    }
  }
  // 3. Nothing wider than its box unless the box scrolls: no clipped text, no sideways page.
  for (const el of document.querySelectorAll('main *')) {
    if (!visible(el) || el.tagName === 'svg' || el.closest('svg')) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      const style = getComputedStyle(el);
      if (style.overflowX === 'auto' || style.overflowX === 'scroll') continue;
      if (style.overflowX === 'hidden' || style.overflowX === 'clip') {
        findings.push(`${where(el)}: "${quote(el)}" is cut off (${el.tagName.toLowerCase()})`);
      }
    }
    const box = el.getBoundingClientRect();
    if (box.right > document.documentElement.clientWidth + 1 && !scrolls(el)) {
      findings.push(`${where(el)}: "${quote(el)}" reaches past the page's right edge`);
    }
  }
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1) {
    findings.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px wide)`);
  }
  return [...new Set(findings)];
}
"""


def misfits(page: Page) -> list[str]:
    """What does not fit on the page as shown now: an empty list when every table fits."""
    return page.evaluate(FIT_SCRIPT)


# SVG text scales with its viewBox: the size a person reads is the font size (in viewBox units) times the
# chart's rendered width over its viewBox width.
CHART_LABELS_SCRIPT = """
() => {
  const sizes = [];
  for (const svg of document.querySelectorAll('svg.chart')) {
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll('text')) {
      if (getComputedStyle(text).display === 'none' || !text.textContent.trim()) continue;
      const rendered = parseFloat(getComputedStyle(text).fontSize) * scale;
      sizes.push({text: text.textContent, px: rendered});
    }
  }
  return sizes;
}
"""


def chart_label_sizes(page: Page) -> list[dict]:
    """Every visible label of every chart on the page with the size it renders at, in CSS pixels."""
    return page.evaluate(CHART_LABELS_SCRIPT)
