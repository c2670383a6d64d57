"""`pip install .` gives the command line with NumPy as the only dependency (issue 9, item 7).

The scratch-environment check (a fresh venv, `pip install .`, `lstm-ref explain ...`, no
TensorFlow) needs the network, so it is not run here; these tests pin what makes it work.
"""

import importlib.metadata
import json
import subprocess
import sys

DISTRIBUTION = "lstm-shapes-reference"


def test_numpy_is_the_only_install_requirement():
    requirements = importlib.metadata.requires(DISTRIBUTION) or []
    always = [r for r in requirements if "extra ==" not in r]
    assert [r.split(">")[0].split("=")[0].strip() for r in always] == ["numpy"], always


def test_the_console_script_is_the_explain_command():
    scripts = {e.name: e.value for e in importlib.metadata.entry_points(group="console_scripts")
               if e.dist is not None and e.dist.name == DISTRIBUTION}
    assert scripts == {"lstm-ref": "lstm_ref.cli:main"}


def test_lstm_ref_imports_only_the_standard_library_and_numpy():
    code = (
        "import importlib, json, pkgutil, sys\n"
        "before = set(sys.modules)  # what the interpreter and site loaded\n"
        "import lstm_ref\n"
        "for module in pkgutil.iter_modules(lstm_ref.__path__):\n"
        "    if module.name != '__main__':\n"
        "        importlib.import_module('lstm_ref.' + module.name)\n"
        "new = {name.split('.')[0] for name in set(sys.modules) - before}\n"
        "print(json.dumps(sorted(new - set(sys.stdlib_module_names))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["lstm_ref", "numpy"]
