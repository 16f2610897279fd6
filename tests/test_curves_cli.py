"""The `nncompress-curves` console command (nbs/65_curves.ipynb) as a user runs it: installed by `pip install -e .`,
`--help` from fastcore's `call_parse`, bad arguments answered by one line on stderr before anything is written.
The sweep itself is tested end to end in the notebook (quick preset on the digits)."""
import shutil, subprocess, tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cmd():
    exe = shutil.which('nncompress-curves')
    assert exe, "the console script `nncompress-curves` is not installed: run `pip install -e .`"
    return exe


def test_script_is_declared():
    scripts = tomllib.loads((ROOT/'pyproject.toml').read_text())['project']['scripts']
    assert scripts['nncompress-curves'] == 'nncompress_nb.curves:main'


def test_help_lists_the_options_and_families():
    from nncompress_nb.curves import FAMILIES
    r = subprocess.run([_cmd(), '--help'], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    for opt in ['--families', '--points', '--seeds', '--headline-seeds', '--out', '--dataset', '--arch', '--quick', '--budget',
                '--device', '--no-retime']:
        assert opt in r.stdout, f"`nncompress-curves --help` does not list {opt}"
    text = ' '.join(r.stdout.split())
    missing = [f for f in FAMILIES if f not in text]
    assert not missing, f"`nncompress-curves --help` does not name the families {missing}"


def test_bad_argument_is_one_line(tmp_path):
    for args, msg in [(['--families', 'int8'], '`families` must be one of'),
                      (['--points', 'structured=0.5'], '`flops_ratio`'),
                      (['--seeds', 'x'], '`seeds` must be one or more')]:
        r = subprocess.run([_cmd(), '--dataset', 'digits', '--out', str(tmp_path), *args], capture_output=True, text=True, timeout=300)
        assert r.returncode != 0 and f'nncompress-curves: error: {msg}' in r.stderr, (args, r.stderr)
        assert 'Traceback' not in r.stderr
    assert not any(tmp_path.iterdir()), "nothing is written before the arguments are checked"
