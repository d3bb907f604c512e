"""Rendering a DOCX with LibreOffice, to count its pages as a reader would see them."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from harness.db import in_ci

_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def soffice() -> str:
    """The LibreOffice binary; the test is skipped without it, except in CI where that fails."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if in_ci():
            pytest.fail("LibreOffice (soffice) is missing; .ci/run installs libreoffice-writer")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer")
    return found


def pdf_pages(docx: bytes) -> int:
    """How many pages LibreOffice lays the document out on (counted in the PDF it writes)."""
    binary = soffice()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.docx"
        source.write_bytes(docx)
        subprocess.run(
            [
                binary,
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return len(_PAGE.findall((Path(folder) / "report.pdf").read_bytes()))
