"""The rendered documentation site (`_docs/`, written by `nbdev-docs`), checked the way a reader meets it.

Each check walks every page and reports every offending element at once (page, section, notebook cell id).
Without a rendered site the site tests skip; CI (`.ci/run`) renders the site first and sets
`NNCOMPRESS_SITE_RENDERED=1`, which turns a missing or stale `_docs/` into a failure. The checks themselves are
tested on a small hand-made page with one defect of each kind, which needs no Quarto."""
import os, re, tempfile
from pathlib import Path
from urllib.parse import urlsplit, unquote
import pytest
from nbdev.config import nbpath2html

bs4 = pytest.importorskip('bs4', reason='the site checks parse HTML with beautifulsoup4 (a dev dependency)')

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT/'_docs'
NBS = sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith('_'))
REQUIRED = os.environ.get('NNCOMPRESS_SITE_RENDERED', '') not in ('', '0')   # set by .ci/run after `nbdev-docs`
HOW = "render it with `nbdev-docs` (needs Quarto: `bash ../shared/tools/quarto/install.sh`, then the `export PATH=...` it prints)"

MAX_OUTPUT_LINES = 40       # lines of one printed output
MAX_TABLE_ROWS = 25         # body rows of one output table, unless it sits in a collapsed <details>
MAX_UNWRAPPED_COLUMNS = 8   # columns of a table that is not in a scroll box

try:
    import lxml  # noqa: F401
    PARSER = 'lxml'
except ImportError: PARSER = 'html.parser'


def _page(nb: Path) -> str: return nbpath2html(nb).name


class Site(dict):
    "`{page name: parsed HTML}` of the `.html` pages of `docs`, with a short repr for pytest's reports"
    def __init__(self, docs: Path):
        self.docs = Path(docs)
        super().__init__((p.name, bs4.BeautifulSoup(p.read_text(encoding='utf-8'), PARSER)) for p in sorted(self.docs.glob('*.html')))
    def __repr__(self): return f"<{len(self)} pages of {self.docs.name}/>"


@pytest.fixture(scope='module')
def site():
    def _no(msg):
        if REQUIRED: pytest.fail(msg)
        pytest.skip(msg)
    if not (DOCS/'index.html').exists(): _no(f"no rendered site at {DOCS.name}/: {HOW}")
    stale = [nb.name for nb in NBS if (DOCS/_page(nb)).exists() and (DOCS/_page(nb)).stat().st_mtime < nb.stat().st_mtime]
    if stale: _no(f"{DOCS.name}/ is older than {stale}: {HOW}")
    return Site(DOCS)


def _where(page, el) -> str:
    "`page#section (cell id)` of an element, for the reports"
    sec = el.find_parent('section', id=True)
    cell = el if 'cell' in (el.get('class') or []) else el.find_parent('div', class_='cell')
    return page + (f"#{sec['id']}" if sec else '') + (f" (cell {cell['id']})" if cell is not None and cell.get('id') else '')


def _snip(s, n=100) -> str:
    s = ' '.join(str(s).split())
    return s if len(s) <= n else s[:n] + '…'


def _check(problems, what):
    assert not problems, f"{len(problems)} {what} on the rendered site:\n  " + '\n  '.join(problems)


def _main(soup): return soup.find('main', id='quarto-document-content') or soup


def _outputs(soup): return _main(soup).select('div.cell-output')


# --- nothing of the machine that built it ---------------------------------------------------------------------
_LOCAL = [r'(?<![\w.~$/:-])/(?:root|home/[\w.-]+|Users/[\w.-]+|tmp|var/folders|private/var|mnt|work|srv)/[^\s"\'<>)]*',
          r'[^\s"\'<>(]*(?:site-packages|dist-packages|/\.venv/|/\.pyenv/|/\.cache/)[^\s"\'<>)]*',
          r'\b[A-Za-z]:\\(?:Users|Windows)\\[^\s"\'<>]*',
          r'[^\s"\'<>(]+\.lock\b']


def _local_patterns():
    "Generic local-path shapes, plus this machine's own repository, home and temp folders wherever they are"
    own = {str(ROOT), str(Path.home()), tempfile.gettempdir(), os.path.realpath(tempfile.gettempdir())}
    return [re.compile(p) for p in _LOCAL] + [re.compile(re.escape(o) + r'(?=[/\\])[^\s"\'<>)]*') for o in own if len(o) > 1]


def find_local_paths(site):
    pats, found = _local_patterns(), {}
    for page, soup in site.items():
        for el in _main(soup).find_all(string=True):
            if el.parent.name in ('script', 'style'): continue
            for m in (m for p in pats for m in p.finditer(el)):
                found.setdefault(f"{_where(page, el.parent)}: {m.group(0)!r}", _snip(el))
        for el in _main(soup).find_all(['a', 'img']):
            for attr in ('href', 'src'):
                v = el.get(attr) or ''
                if v.startswith('file:') or any(p.match(v) for p in pats): found.setdefault(f"{_where(page, el)}: {attr}={v!r}", '')
    return [f"{k} in {v!r}" if v else k for k, v in found.items()]


# --- outputs: clean, static, short ----------------------------------------------------------------------------
_NOISE = [(re.compile(r'Traceback \(most recent call last\)'), 'a traceback'),
          (re.compile(r'^\s*File "[^"]+", line \d+', re.M), 'a traceback frame'),
          (re.compile(r'\b\w+(?:Warning|Error): '), 'a warning or error message'),
          (re.compile(r'warnings\.warn\('), 'a warning'),
          (re.compile(r'[█▉▊▋▌▍▎▏]'), 'progress-bar residue')]


def find_noisy_outputs(site):
    "What cells print (their outputs, and text `show_doc` cells let through at docs time): no warning, traceback or progress bar"
    found = []
    for page, soup in site.items():
        for out in _outputs(soup):
            cls = out.get('class') or []
            if 'cell-output-error' in cls: found.append(f"{_where(page, out)}: an error output: {_snip(out.get_text())!r}")
            elif 'cell-output-stderr' in cls and out.get_text().strip(): found.append(f"{_where(page, out)}: stderr output: {_snip(out.get_text())!r}")
            if out.find('progress'): found.append(f"{_where(page, out)}: a progress bar")
        for cell in _main(soup).select('div.cell'):
            for pre in cell.find_all('pre'):                # printed text, not code or signatures
                if pre.find_parent('div', class_='sourceCode') or 'cell-output-stderr' in (pre.parent.get('class') or []): continue
                t = pre.get_text()
                for pat, what in _NOISE:                    # (tables may quote error messages on purpose: not scanned)
                    if m := pat.search(t):
                        found.append(f"{_where(page, cell)}: {what}: {_snip(t[max(0, m.start() - 40):], 120)!r}"); break
    return found


def find_widgets_without_fallback(site):
    "A widget is blank on a static page: its cell must also show a figure or a table"
    found = []
    for page, soup in site.items():
        for w in _main(soup).select('script[type="application/vnd.jupyter.widget-view+json"]'):
            cell = w.find_parent('div', class_='cell')
            static = cell is not None and any(o.find(['img', 'svg', 'table']) for o in cell.select('div.cell-output-display'))
            if not static: found.append(f"{_where(page, cell or w)}: a widget with no static figure or table beside it")
    return found


def find_long_outputs(site):
    found = []
    for page, soup in site.items():
        for out in _outputs(soup):
            for pre in out.find_all('pre'):
                n = pre.get_text().rstrip('\n').count('\n') + 1
                if n > MAX_OUTPUT_LINES: found.append(f"{_where(page, out)}: {n} printed lines (limit {MAX_OUTPUT_LINES}): {_snip(pre.get_text(), 60)!r}")
            for t in out.find_all('table'):
                if t.find_parent('details'): continue
                body = t.find('tbody') or t
                n = len([r for r in body.find_all('tr') if r.find_parent('table') is t])
                if n > MAX_TABLE_ROWS: found.append(f"{_where(page, out)}: a table of {n} rows (limit {MAX_TABLE_ROWS}; or collapse it in <details>)")
    return found


# --- links and images -----------------------------------------------------------------------------------------
def find_broken_links(site):
    "Relative links, images, scripts and styles that point at no file of the site, or at an anchor the target lacks"
    docs = site.docs.resolve()
    ids = {page: {e['id'] for e in soup.find_all(id=True)} for page, soup in site.items()}
    found = []
    for page, soup in site.items():
        for el in soup.find_all(['a', 'img', 'link', 'script', 'source', 'iframe']):
            attr = 'href' if el.name in ('a', 'link') else 'src'
            url = el.get(attr)
            if url is None or url.startswith(('mailto:', 'javascript:', 'data:')): continue
            u = urlsplit(url)
            if u.scheme or u.netloc: continue                                   # another site
            if not u.path:                                                      # '#anchor' on this page
                if u.fragment and u.fragment not in ids[page]: found.append(f"{_where(page, el)}: anchor {url!r} not on the page")
                continue
            if u.path.startswith('/'): found.append(f"{_where(page, el)}: root-relative {attr}={url!r}"); continue
            target = (docs/unquote(u.path)).resolve()
            if target.is_dir(): target = target/'index.html'
            if not target.exists():
                found.append(f"{_where(page, el)}: broken {'image' if el.name == 'img' else 'link'} {url!r}"); continue
            if u.fragment and target.suffix == '.html' and target.parent == docs and target.name in ids \
               and u.fragment not in ids[target.name]:
                found.append(f"{_where(page, el)}: {url!r}: no #{u.fragment} on {target.name}")
    return found


# --- layout: tables that fit, one title per page --------------------------------------------------------------
def _scroll_selectors(css=None):
    "Selectors that styles.css makes horizontal scroll boxes (`overflow-x` or `overflow` auto/scroll), plus Bootstrap's"
    css = re.sub(r'/\*.*?\*/', '', (ROOT/'nbs'/'styles.css').read_text() if css is None else css, flags=re.S)
    sels = ['.table-responsive']
    for sel, body in re.findall(r'([^{}]+)\{([^{}]*)\}', css):
        if re.search(r'overflow(?:-x)?\s*:\s*(?:auto|scroll)', body): sels += [s.strip() for s in sel.split(',') if s.strip()]
    return sels


def _ncols(table):
    rows = [r for r in table.find_all('tr') if r.find_parent('table') is table]
    return max((sum(int(c.get('colspan', 1) or 1) for c in r.find_all(['td', 'th'], recursive=False)) for r in rows), default=0)


def find_wide_tables(site, css=None):
    "Tables of more than MAX_UNWRAPPED_COLUMNS columns that no scroll box (a rule of styles.css) holds"
    found, sels = [], _scroll_selectors(css)
    for page, soup in site.items():
        main, boxes = _main(soup), set()
        for s in sels:
            try: boxes.update(id(e) for e in main.select(s))
            except Exception: pass                                  # a selector soupsieve does not support
        for t in main.find_all('table'):
            if id(t) in boxes or any(id(p) in boxes for p in t.parents): continue
            if (n := _ncols(t)) > MAX_UNWRAPPED_COLUMNS:
                found.append(f"{_where(page, t)}: a {n}-column table outside a scroll box: {_snip(t.get_text(' '), 80)!r}")
    return found


def find_extra_titles(site):
    found = []
    for page, soup in site.items():
        h1 = _main(soup).find_all('h1')
        if len(h1) != 1: found.append(f"{page}: {len(h1)} <h1> headings ({[_snip(h.get_text(), 40) for h in h1]}); an output's '# ...' becomes a second page title")
    return found


# --- API reference and numbers --------------------------------------------------------------------------------
def find_nonetype_signatures(site):
    "`x=None` without an annotation shows as `x:NoneType=None` in `show_doc`: annotate it (`x:int|None=None`)"
    found = []
    for page, soup in site.items():
        for sig in _main(soup).select('div.cell div.sourceCode'):
            if 'cell-code' in (sig.get('class') or []): continue
            names = re.findall(r'(\w+):\s*NoneType\b', sig.get_text())
            if names: found.append(f"{_where(page, sig)}: {len(names)} NoneType parameter(s): {', '.join(names[:8])}{' …' if len(names) > 8 else ''}")
    return found


_COUNT_HEAD = re.compile(r'param|flop|bytes|images', re.I)
_FLOAT_INT = re.compile(r'^-?\d{1,3}(?:,\d{3})+\.0+$|^-?\d{4,}\.0+$')


def find_counts_as_floats(site):
    "Parameter, FLOP, byte and image counts are integers: '10,474', not '10,474.00'"
    found = []
    for page, soup in site.items():
        for t in _main(soup).find_all('table'):
            rows = [r for r in t.find_all('tr') if r.find_parent('table') is t]
            if not rows: continue
            heads = [c.get_text(' ', strip=True) for c in rows[0].find_all(['th', 'td'], recursive=False)]
            bad = {h for r in rows[1:] for h, c in zip(heads, r.find_all(['th', 'td'], recursive=False))
                   if _COUNT_HEAD.search(h) and _FLOAT_INT.match(c.get_text(strip=True))}
            if bad: found.append(f"{_where(page, t)}: integer counts printed as floats in {sorted(bad)}")
    return found


# --- the site -------------------------------------------------------------------------------------------------
def test_every_notebook_has_a_page(site):
    _check([f"{nb.name} -> {_page(nb)}" for nb in NBS if _page(nb) not in site], "notebooks without a page")

def test_no_local_paths(site): _check(find_local_paths(site), "local filesystem paths")
def test_no_warnings_or_tracebacks_in_outputs(site): _check(find_noisy_outputs(site), "warnings, tracebacks or progress bars in outputs")
def test_widgets_have_a_static_fallback(site): _check(find_widgets_without_fallback(site), "widget outputs without a static fallback")
def test_outputs_are_short(site): _check(find_long_outputs(site), "over-long outputs")
def test_internal_links_and_images_resolve(site): _check(find_broken_links(site), "broken internal links or missing images")
def test_wide_tables_scroll(site): _check(find_wide_tables(site), "wide tables that would widen the page")
def test_one_title_per_page(site): _check(find_extra_titles(site), "pages without exactly one title")
def test_signatures_have_no_nonetype(site): _check(find_nonetype_signatures(site), "signatures with NoneType annotations")
def test_counts_are_not_shown_as_floats(site): _check(find_counts_as_floats(site), "integer counts shown as floats")


def test_scroll_rules_in_styles():
    "The CSS the table check relies on is there: output and prose tables scroll sideways"
    sels = _scroll_selectors()
    for want in ('.cell-output-display', 'main.content section > table'): assert want in sels, f"styles.css lost its scroll rule for {want!r}"


# --- the checks themselves, on a hand-made page ---------------------------------------------------------------
_GOOD = '''<html><body><main class="content" id="quarto-document-content"><h1 class="title">Page</h1>
<section id="s"><h2>S</h2><p>See <a href="page.html#s">here</a> and <code>~/.fastai/data</code>.</p><img src="fig.png">
<div class="cell" id="c0"><div class="cell-output cell-output-stdout"><pre><code>accuracy 98.1%</code></pre></div>
<div class="cell-output cell-output-display"><table><tr><th>Params</th></tr><tr><td>10,474</td></tr></table></div></div>
<div class="cell" id="c1"><section id="f" class="level3"><div class="sourceCode"><pre><code>def f(x:int|None=None)</code></pre></div></section></div>
</section></main></body></html>'''

_BAD = '''<html><body><main class="content" id="quarto-document-content"><h1 class="title">Page</h1>
<section id="s"><p>Data in /home/me/data and <a href="nowhere.html">a link</a>, <a href="#missing">an anchor</a>.</p>
<img src="missing.png"><h1>results.md</h1>
<table><tr>{cols}</tr></table>
<div class="cell" id="c0"><div class="cell-output cell-output-stderr"><pre><code>UserWarning: careful</code></pre></div>
<div class="cell-output cell-output-stdout"><pre><code>█\r{lines}</code></pre></div>
<div class="cell-output cell-output-display"><table><tr><th>params</th></tr>{rows}</table></div></div>
<div class="cell" id="c2"><div class="cell-output cell-output-display"><script type="application/vnd.jupyter.widget-view+json">{{}}</script></div></div>
<div class="cell" id="c1"><section id="f" class="level3"><div class="sourceCode"><pre><code>def f(x:NoneType=None)</code></pre></div></section></div>
</section></main></body></html>'''.format(cols='<td>c</td>' * (MAX_UNWRAPPED_COLUMNS + 1), lines='line\n' * MAX_OUTPUT_LINES,
                                          rows='<tr><td>10,474.00</td></tr>' * (MAX_TABLE_ROWS + 1))

_FINDERS = [find_local_paths, find_noisy_outputs, find_widgets_without_fallback, find_long_outputs, find_broken_links,
            find_extra_titles, find_nonetype_signatures, find_counts_as_floats]


@pytest.mark.parametrize('finder', _FINDERS, ids=lambda f: f.__name__)
def test_checks_catch_a_broken_page(tmp_path, finder):
    (tmp_path/'page.html').write_text(_GOOD); (tmp_path/'fig.png').write_bytes(b'')
    assert finder(Site(tmp_path)) == [], f"{finder.__name__} flags a clean page"
    (tmp_path/'page.html').write_text(_BAD)
    assert finder(Site(tmp_path)), f"{finder.__name__} missed its defect"


def test_wide_table_check_reads_the_css(tmp_path):
    (tmp_path/'page.html').write_text(_BAD)
    assert find_wide_tables(Site(tmp_path), css='') and not find_wide_tables(Site(tmp_path), css='main.content section > table {overflow-x: auto}')
