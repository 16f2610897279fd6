"""The docs inputs, checked without Quarto: nbdev's docs-time processing of every notebook succeeds, and the processed
notebooks have no stored errors, no undocumented exported symbol, no broken relative link or image, and no notebook
over ~300 KB. The rendered site itself is checked by `test_site.py`."""
import importlib, json, os, re, shutil
from pathlib import Path
import pytest
from nbdev.config import get_config
from nbdev.config import nbpath2html

ROOT = Path(__file__).resolve().parents[1]
CFG = get_config(ROOT)
NBS = sorted(p for p in CFG.nbs_path.glob('*.ipynb') if not p.name.startswith('_'))


def _page(nb: Path) -> str:
    "Docs page of a notebook, as nbdev names it (`00_core.ipynb` -> `core.html`)"
    return nbpath2html(nb).name


@pytest.fixture(scope='module')
def processed():
    "`_proc/`, the notebooks as docs processing leaves them: from `nbdev-docs` when CI has just run it, else made here"
    from nbdev.serve import proc_nbs
    cache = CFG.config_path/'_proc'
    fresh = os.environ.get('NNCOMPRESS_SITE_RENDERED', '') not in ('', '0')      # set by .ci/run after `nbdev-docs`
    if fresh and all((cache/p.name).exists() for p in NBS): return cache
    shutil.rmtree(cache, ignore_errors=True)
    proc_nbs(n_workers=0, force=True)
    return cache


def test_every_notebook_is_processed(processed):
    missing = [p.name for p in NBS if not (processed/p.name).exists()]
    assert not missing, f"docs-time processing failed for {missing} (a cell with an import that uses earlier state?)"


@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_processed_notebook(processed, nb):
    p = processed/nb.name
    d = json.loads(p.read_text())
    assert nb.stat().st_size < 300_000
    pages = {_page(n) for n in NBS} | {n.name for n in NBS}
    for c in d['cells']:
        for o in c.get('outputs', []):
            assert o.get('output_type') != 'error', f"{nb.name}: stored error {o.get('ename')}: {o.get('evalue')}"
            assert 'Traceback (most recent call last)' not in json.dumps(o), f"{nb.name}: stored traceback"
        if c['cell_type'] != 'markdown': continue
        src = ''.join(c['source'])
        for img in re.findall(r'!\[[^\]]*\]\(([^)\s]+)', src):
            if not re.match(r'(https?:|data:|attachment:)', img):
                assert (nb.parent/img).exists(), f"{nb.name}: image {img} not found"
        for link in re.findall(r'(?<!!)\[[^\]]*\]\(([^)\s#]+)', src):
            if re.match(r'(https?:|mailto:)', link): continue
            assert link in pages or (nb.parent/link).exists(), f"{nb.name}: broken relative link {link}"


def test_exported_symbols_are_documented():
    undocumented = []
    for py in sorted((ROOT/'nncompress_nb').glob('*.py')):
        if py.name.startswith('_'): continue
        mod = importlib.import_module(f'nncompress_nb.{py.stem}')
        for name in mod.__all__:
            obj = getattr(mod, name)
            if not callable(obj): continue
            doc = obj.__dict__.get('__doc__') if isinstance(obj, type) else getattr(obj, '__doc__', None)
            if not (doc and doc.strip()): undocumented.append(f'{py.stem}.{name}')
    assert not undocumented, f"exported without a docstring: {undocumented}"
