"""A generated HTML book the size of a real one (4.9 MB, 11,630 units: chapters, headings,
paragraphs with emphasis, links and footnote references, block quotes, lists, footnotes),
for the whole-process benchmark (bench_book.py). Deterministic."""

from __future__ import annotations

import html
import random

WORDS = (
    "the working class revolution party international bureaucracy theory program struggle "
    "capitalist state socialist policy history Trotsky opposition perspective national "
    "imperialism congress strike workers peasants movement leadership defeat question "
    "économie Genève naïve 1917 1923 résumé <Ctrl> a&b"
).split()


def _sentence(rng: random.Random) -> str:
    words = [html.escape(rng.choice(WORDS)) for _ in range(rng.randint(8, 22))]
    if rng.random() < 0.3:
        i = rng.randrange(len(words))
        words[i] = f"<em>{words[i]}</em>"
    if rng.random() < 0.1:
        i = rng.randrange(len(words))
        words[i] = f'<a href="https://example.org/{i}">{words[i]}</a>'
    return " ".join(words).capitalize() + "."


def book_html(units: int = 11_630, seed: int = 13) -> bytes:
    rng = random.Random(seed)
    out = ["<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>A book</title>"
           "</head><body><h1>A generated book</h1>"]  # fmt: skip
    made, note = 1, 0
    notes: list[str] = []
    while made < units:
        roll = rng.random()
        if roll < 0.04:
            out.append(f"<h2>Chapter {made}</h2>")
        elif roll < 0.10:
            out.append(f"<blockquote><p>{_sentence(rng)} {_sentence(rng)}</p></blockquote>")
        elif roll < 0.16:
            out.append(f"<ul><li>{_sentence(rng)}</li></ul>")
        elif roll < 0.22 and made < units - 1:
            note += 1
            ref = f'<sup><a href="#fn{note}" id="r{note}">{note}</a></sup>'
            out.append(f"<p>{_sentence(rng)}{ref} {_sentence(rng)}</p>")
            notes.append(f'<li id="fn{note}"><p>{_sentence(rng)}</p></li>')
            made += 1
        else:
            sentences = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
            out.append(f"<p>{sentences}</p>")
        made += 1
    out.append('<section class="footnotes"><ol>' + "".join(notes) + "</ol></section>")
    out.append("</body></html>")
    return "\n".join(out).encode("utf-8")


if __name__ == "__main__":
    import sys

    sys.stdout.buffer.write(book_html())
