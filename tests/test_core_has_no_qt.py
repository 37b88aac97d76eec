import subprocess
import sys


def test_importing_the_whole_core_loads_no_qt():
    code = (
        "import sys, pkgutil, importlib, curator\n"
        "for m in pkgutil.walk_packages(curator.__path__, 'curator.'):\n"
        "    if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6', 'shiboken6')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
