"""A content tree with many guides, made for measuring (never committed): the site's own content/
with `count` more guides written from the real guides' paragraphs, so each has real Indonesian
words, the figures' placeholders, headings and lists, and no two guides are the same."""
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FRONT = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def paragraphs() -> list[str]:
    """Every paragraph, list and heading block of the real guides."""
    blocks = []
    for path in sorted((CONTENT / "guides").glob("*.md")):
        body = FRONT.sub("", path.read_text(encoding="utf-8"))
        blocks += [block.strip() for block in body.split("\n\n") if block.strip()]
    return blocks


def categories() -> list[str]:
    return re.findall(r"^- slug: (\S+)", (CONTENT / "data" / "categories.yml").read_text(encoding="utf-8"), re.M)


def guide(number: int, blocks: list[str], category: str, rng: random.Random) -> str:
    words = rng.sample(" ".join(blocks[:40]).split(), 6)
    title = f"Panduan {number}: " + " ".join(re.sub(r"[^\w-]", "", w) for w in words)
    body = "\n\n".join(rng.sample(blocks, 14))
    return (f"---\ntitle: \"{title}\"\nsummary: \"Contoh panduan nomor {number} untuk mengukur kecepatan.\"\n"
            f"category: {category}\norder: {100 + number}\nupdated: 2026-12-01\n---\n"
            f"Panduan nomor {number} (kata-unik-{number}).\n\n{body}\n")


def make(root: Path, count: int, seed: int = 15) -> Path:
    """Copy content/ to root/content and add `count` generated guides; return the new content folder."""
    target = Path(root) / "content"
    shutil.copytree(CONTENT, target)
    rng = random.Random(seed)
    blocks, kinds = paragraphs(), categories()
    for number in range(1, count + 1):
        text = guide(number, blocks, kinds[number % len(kinds)], rng)
        (target / "guides" / f"panduan-contoh-{number:04d}.md").write_text(text, encoding="utf-8")
    return target
