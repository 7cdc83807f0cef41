#!/usr/bin/env python3
"""Which PDF text extraction recovers the fixtures' paragraphs word for word?

For each fixture PDF made from a known source, counts the source paragraphs that appear whole in an
extractor's output, reading its lines as sleuth's segmenter joins them (a space between lines, none
after a letter and a hyphen). Compares pdftotext's three plain modes with sleuth's own reading of
`pdftotext -bbox-layout` (`sleuth extract`). Usage: benches/formats/extractors.py [path/to/sleuth]
"""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests/data/formats"
SLEUTH = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target/release/sleuth")


def latex_paragraphs(tex):
    text = re.sub(r"\\section\*?\{[^}]*\}", "\n\n", tex)
    text = text.replace("\\hfill\\break ", "").replace("\\\\", " ")
    return [squeeze(p) for p in re.split(r"\n\s*\n", text) if p.strip() and "\\" not in p]


def markdown_paragraphs(md):
    body = md.split("---", 2)[2]
    paragraphs = []
    for block in re.split(r"\n\s*\n", body):
        block = re.sub(r"\[\^method\]", "", block).strip()
        if block and block[0].isalpha() and not block.startswith("[^"):
            paragraphs.append(squeeze(block))
    return paragraphs


def squeeze(text):
    return " ".join(text.split())


def join_lines(text):
    out = []
    for line in text.replace("\f", "\n").splitlines():
        line = line.strip()
        if not line or line.startswith(("--- page ", "# title: ", "# url: ")):
            continue
        if out and re.search(r"[^\W\d_]-$", out[-1]):
            out[-1] += line
        else:
            out.append(line)
    return " ".join(out)


def extract(mode, pdf):
    if mode == "sleuth":
        cmd = [SLEUTH, "extract", str(pdf)]
    else:
        cmd = ["pdftotext", *([mode] if mode else []), str(pdf), "-"]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


body = latex_paragraphs((DATA / "src/body.tex").read_text())
cases = {
    "latex.pdf": body,
    "twocolumn.pdf": body,
    "chromium.pdf": body,
    "libreoffice.pdf": markdown_paragraphs((DATA / "src/report.md").read_text()),
}
modes = {"default": "", "-layout": "-layout", "-raw": "-raw", "sleuth (-bbox-layout)": "sleuth"}
print("| fixture | " + " | ".join(modes) + " |")
print("| --- |" + " --- |" * len(modes))
for name, paragraphs in cases.items():
    row = []
    for mode in modes.values():
        text = join_lines(extract(mode, DATA / name))
        found = sum(1 for p in paragraphs if p in text)
        row.append(f"{found}/{len(paragraphs)}")
    print(f"| {name} | " + " | ".join(row) + " |")
