"""The type stubs match the extension module (mypy's stubtest), and type-check in use."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("mypy", reason="mypy is not installed (pip install mypy)")


def test_stubs_match_the_module(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "carelint._carelint"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_stubs_type_check_a_user_program(tmp_path):
    program = tmp_path / "use.py"
    program.write_text(
        textwrap.dedent(
            """
            import carelint
            from carelint.types import Finding

            linter = carelint.Linter(disable=["hedging"], threads=1)
            found: list[Finding] = linter.lint({"id": "c", "turns": [{"speaker": "agent", "text": "hi"}]})
            lines: list[int] = [f["line"] for f in found]
            many = linter.lint_many(["Agent: hi"], on_error="return")
            text: str = linter.explain("jargon-business-terms")
            try:
                linter.lint_file("x.txt")
            except carelint.ParseError as e:
                where: tuple[str | None, int | None] = (e.path, e.line)
            """
        )
    )
    bad = tmp_path / "bad.py"
    bad.write_text("import carelint\ncarelint.Linter().lint(3)\ncarelint.Linter(threads='2')\n")
    ok = subprocess.run([sys.executable, "-m", "mypy", "--strict", str(program)], capture_output=True, text=True, cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout
    wrong = subprocess.run([sys.executable, "-m", "mypy", str(bad)], capture_output=True, text=True, cwd=tmp_path)
    assert wrong.returncode == 1 and wrong.stdout.count("error:") == 2, wrong.stdout
