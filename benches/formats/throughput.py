#!/usr/bin/env python3
"""Indexing speed of real documents: PDF pages per second next to pdftotext alone, and web page MB/s.

Collects the PDF and HTML manuals Debian installs under /usr/share/doc (gzipped PDFs unpacked) into a
temporary directory, then times, in the same run and each the median of RUNS:

* `pdftotext -bbox-layout` alone on every PDF, as many at once as there are cores (what sleuth runs);
* `sleuth index --rebuild` of the PDFs (extraction, layout, segmentation, indexing, commit);
* `sleuth index --rebuild` of the web pages.

Usage: benches/formats/throughput.py [path/to/sleuth] [RUNS]   (build with `cargo build --release`)
"""
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SLEUTH = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target/release/sleuth")
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
CORES = os.cpu_count() or 1


def collect(work):
    pdfs, pages = work / "pdf", work / "html"
    pdfs.mkdir()
    pages.mkdir()
    for path in sorted(Path("/usr/share/doc").rglob("*")):
        name = path.name.lower()
        flat = "_".join(path.relative_to("/usr/share/doc").parts)
        if name.endswith(".pdf.gz"):
            (pdfs / flat[:-3]).write_bytes(gzip.decompress(path.read_bytes()))
        elif name.endswith(".pdf"):
            shutil.copyfile(path, pdfs / flat)
        elif name.endswith((".html", ".htm")) and path.is_file():
            shutil.copyfile(path, pages / flat)
    return pdfs, pages


def page_count(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(found.group(1)) if found else 0


def timed(action):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pdftotext_alone(pdfs):
    files = sorted(pdfs.glob("*.pdf"))
    run = lambda f: subprocess.run(["pdftotext", "-bbox-layout", str(f), "-"], capture_output=True)
    with ThreadPoolExecutor(CORES) as pool:
        list(pool.map(run, files))


def index(corpus, index_dir):
    done = subprocess.run([SLEUTH, "index", "--rebuild", "--corpus", str(corpus), "--index", str(index_dir)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(done.stderr)
    return done.stdout.strip()


with tempfile.TemporaryDirectory() as tmp:
    work = Path(tmp)
    pdfs, html = collect(work)
    files = sorted(pdfs.glob("*.pdf"))
    pages = sum(page_count(f) for f in files)
    html_bytes = sum(f.stat().st_size for f in html.iterdir())
    print(f"{len(files)} PDFs, {pages} pages, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB; "
          f"{len(list(html.iterdir()))} web pages, {html_bytes / 1e6:.1f} MB; {CORES} cores, median of {RUNS}")
    alone = timed(lambda: pdftotext_alone(pdfs))
    full = timed(lambda: index(pdfs, work / "index-pdf"))
    print("pdf summary:", index(pdfs, work / "index-pdf"))
    web = timed(lambda: index(html, work / "index-html"))
    print("html summary:", index(html, work / "index-html"))
    print(f"| pdftotext -bbox-layout alone ({CORES} at once) | {alone:.2f} s | {pages / alone:.0f} pages/s |")
    print(f"| sleuth index (PDFs) | {full:.2f} s | {pages / full:.0f} pages/s |")
    print(f"| sleuth's own share of the PDF run | {(full - alone) / full:.0%} | |")
    print(f"| sleuth index (web pages) | {web:.2f} s | {html_bytes / 1e6 / web:.1f} MB/s |")
