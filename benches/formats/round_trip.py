#!/usr/bin/env python3
"""Round trip on real documents: index a folder of PDFs, web pages or Word files, then for sampled
passages check that `show` opens the citation, that a sentence of the passage verifies verbatim,
and (PDF) that the passage's first words are on the page its citation names (pdftotext of that page).

Usage: benches/formats/round_trip.py SLEUTH CORPUS_DIR INDEX_DIR [PASSAGES_PER_DOCUMENT]
(e.g. the PDFs and web pages Debian installs under /usr/share/doc, gathered into a folder.)"""
import json, random, re, subprocess, sys, collections
sleuth, corpus, index = sys.argv[1], sys.argv[2], sys.argv[3]
random.seed(7)
SAMPLES = int(sys.argv[4]) if len(sys.argv) > 4 else 3
def run(*args):
    p = subprocess.run([sleuth, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr
code, out, err = run("index", "--corpus", corpus, "--index", index)
print("index:", code, err.strip().splitlines()[-1] if err.strip() else out.strip().splitlines()[-1])
hits = []
for word in ["the", "and", "of", "to", "is", "in", "a", "for", "with", "on"]:
    code, out, _ = run("search", "--index", index, "--json", "--limit", "1000", word)
    if code == 0:
        hits += json.loads(out)["hits"]
seen = set(); by_doc = collections.defaultdict(list)
for h in hits:
    if h["citation"] in seen or h.get("kind", "paragraph") not in ("paragraph", None): continue
    seen.add(h["citation"]); by_doc[h["doc_id"]].append(h)
stats = collections.Counter(); problems = []
norm = lambda s: re.sub(r"\W+", " ", s).lower().strip()
for doc, hs in sorted(by_doc.items()):
    for h in random.sample(hs, min(SAMPLES, len(hs))):
        stats["passages"] += 1
        code, out, err = run("show", "--index", index, "--json", h["citation"])
        if code != 0:
            stats["show failed"] += 1; problems.append(("show", h["citation"], err.strip()[:200])); continue
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", h["text"]) if 40 <= len(s) <= 300]
        if sentences:
            quote = random.choice(sentences)
            code, out, err = run("verify", "--index", index, "--json", quote)
            verdict = json.loads(out).get("verdict") if out.strip().startswith("{") else f"exit {code}"
            stats["verify " + str(verdict)] += 1
            if verdict != "verbatim": problems.append(("verify", h["citation"], quote[:120], verdict))
        page = h.get("page")
        if page and h["path"].lower().endswith(".pdf"):
            stats["pdf passages"] += 1
            words = norm(h["text"]).split()[:6]
            text = subprocess.run(["pdftotext", "-f", str(page["first"]), "-l", str(page["first"]), h["path"], "-"],
                                  capture_output=True, text=True).stdout
            t = norm(text)
            if " ".join(words[:3]) in t or all(w in t.split() for w in words): stats["page right"] += 1
            else: problems.append(("page", h["citation"], " ".join(words)))
print(len(by_doc), "documents;", dict(stats))
for p in problems[:25]: print("  ", p)
