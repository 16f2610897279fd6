"""The `nncompress-bench` console command (nbs/60_bench.ipynb) as a user runs it: installed by `pip install -e .`,
with `--help` built by fastcore's `call_parse`, and bad arguments answered by one line on stderr, not a traceback.
The benchmark itself is tested end to end in the notebook (quick preset on the digits)."""
import shutil, subprocess, tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cmd():
    exe = shutil.which('nncompress-bench')
    assert exe, "the console script `nncompress-bench` is not installed: run `pip install -e .`"
    return exe


def test_script_is_declared():
    scripts = tomllib.loads((ROOT/'pyproject.toml').read_text())['project']['scripts']
    assert scripts['nncompress-bench'] == 'nncompress_nb.bench:main'


def test_help_lists_the_options():
    r = subprocess.run([_cmd(), '--help'], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    for opt in ['--dataset', '--archs', '--methods', '--out', '--seed', '--device', '--quick', '--epochs', '--budget', '--threads', '--fresh']:
        assert opt in r.stdout, f"`nncompress-bench --help` does not list {opt}"


def test_bad_argument_is_one_line(tmp_path):
    r = subprocess.run([_cmd(), '--dataset', 'digits', '--methods', 'prune', '--out', str(tmp_path)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode != 0
    assert 'nncompress-bench: error: `methods` must be one of' in r.stderr
    assert 'Traceback' not in r.stderr
    assert not any(tmp_path.iterdir()), "nothing is written before the arguments are checked"


def test_help_names_every_method():
    from nncompress_nb.bench import METHODS
    r = subprocess.run([_cmd(), '--help'], capture_output=True, text=True, timeout=300)
    text = ' '.join(r.stdout.split())
    start = text.index('comma-separated methods')
    methods_help = text[start:text.index("or 'all'", start)]
    missing = [m for m in METHODS if m not in methods_help]
    assert not missing, f"`nncompress-bench --help` does not name the methods {missing} under --methods"
