"""Every notebook in `nbs/` is a test case, run with nbdev's own machinery (`nbdev.test.test_nb`).

Cells flagged with one of `tst_flags` in `pyproject.toml` (`notest`, `slow`) are skipped, exactly as `nbdev-test`
does. To run the full-size cells too: `NBDEV_TEST_FLAGS=slow pytest tests/test_notebooks.py`.
"""
import os
from pathlib import Path
import pytest
from nbdev.config import get_config
from nbdev import test as nbtest

ROOT = Path(__file__).resolve().parents[1]
CFG = get_config(ROOT)
NBS = sorted(p for p in CFG.nbs_path.glob('*.ipynb') if not p.name.startswith('_'))


def test_there_are_notebooks():
    assert len(NBS) >= 4, f"expected notebooks in {CFG.nbs_path}, found {[p.name for p in NBS]}"


@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_notebook(nb):
    skip = CFG.tst_flags.split() if isinstance(CFG.tst_flags, str) else list(CFG.tst_flags)
    force = os.environ.get('NBDEV_TEST_FLAGS', '').split()
    timeout = int(os.environ.get('NBDEV_CELL_TIMEOUT', CFG.cell_timeout)) or None
    ok, secs = nbtest.test_nb(nb, skip_flags=skip, force_flags=force, basepath=CFG.config_path, cell_timeout=timeout)
    assert ok, f"{nb.name} failed after {secs:.0f}s: the cell and its traceback are printed above"
