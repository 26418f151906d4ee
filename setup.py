"""Compiles the modules termqa/speedups.py names with Cython, where a C compiler is at hand.

Everything else about the package is in pyproject.toml. A module that does not compile (no
compiler, no Python headers) is left as Python source: the extensions are optional, and the
package is the same code either way.
"""

import json
import os
import runpy
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).parent
speedups = runpy.run_path(str(HERE / "termqa" / "speedups.py"))


class BuildAndRecord(build_ext):
    """build_ext that records the digest of each module's source beside the compiled files
    (speedups.RECORD), so that a source edited after the build runs as source, not as its
    stale compiled copy."""

    def run(self) -> None:
        self._built: dict[str, str] = {}
        super().run()
        if self._built:
            first = Path(self.get_ext_fullpath(speedups["COMPILED"][0]))
            root = first.parents[len(speedups["COMPILED"][0].split(".")) - 2]
            root.mkdir(parents=True, exist_ok=True)
            record = root / speedups["RECORD"]
            partial = record.with_name(record.name + ".tmp")
            partial.write_text(json.dumps(self._built, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            os.replace(partial, record)

    def build_extension(self, ext: Extension) -> None:
        # (An optional extension that fails raises here, and setuptools drops the error further
        # up: only the modules compiled, or up to date, are recorded.)
        super().build_extension(ext)
        self._built[ext.name] = speedups["digest"](speedups["source_path"](HERE / "termqa", ext.name))


def extensions() -> list[Extension]:
    try:
        from Cython.Build import cythonize
    except ImportError:  # built without the build requirements (--no-build-isolation): Python only
        return []
    out = []
    for name in speedups["COMPILED"]:
        module = Extension(name, [name.replace(".", "/") + ".py"], optional=True,
                           extra_compile_args=["-g0"] if os.name == "posix" else [])
        try:
            # Annotations are documentation here, not C types: `dict[str, list[int]]` must
            # accept a defaultdict, as Python does.
            out += cythonize([module], compiler_directives={"language_level": 3, "annotation_typing": False},
                             quiet=True)
        except Exception as exc:  # Cython cannot translate it: the module runs as Python, as without a compiler
            print(f"termqa: {name} is left as Python source: Cython failed ({exc})", file=sys.stderr)
    return out


setup(ext_modules=extensions(), cmdclass={"build_ext": BuildAndRecord},
      options={"build_ext": {"parallel": os.cpu_count() or 1}})
