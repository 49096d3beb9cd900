#!/usr/bin/env python3
"""Measure the importer on real published minutes: facts found (recall) and written right (precision).

    import_accuracy.py [--corpus DIR] [--held-out NAMES] [--set dev|held-out|all] [--show NAME] [--write-docs]

Each ``NN-name.txt`` (or ``.md``, ``.docx``, ``.pdf``) in the corpus (default
../shared/examples/real-minutes, beside the repository, or $REAL_MINUTES) is imported
as ``scripts/minutes.py import`` would, into a
throw-away archive that knows no one, and its facts are lined up with the hand count
``NN-name.expected.json`` by the rules in ``hooks/minutebook/importer/accuracy.py``
(date, each name in its right list, each item, each decision and its outcome, each
action and its owners, the next meeting). Prints one row per document, then the totals
for the development set and for the held-out set. The shared corpus's held-out set is
four documents of different kinds chosen before the first round of work on the importer;
another corpus names its own with ``--held-out`` (names or prefixes, comma-separated).

``--show NAME`` lists what was missed and what was wrong in one document.
``--write-docs`` writes the table into docs/importing.md between its markers.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from minutebook.importer.accuracy import Score, facts_of, load_expected, real_minutes_folder, score_document  # noqa: E402
from minutebook.importer.run import import_file  # noqa: E402

# Chosen at the start of the first round, one of each kind; the second round has read them, so no longer unseen.
HELD_OUT = ("02-northwold-whittington-pc", "05-wye-valley-cc", "10-sjusd-board", "12-rust-leadership-council")
SUFFIXES = (".txt", ".md", ".docx", ".pdf")
KINDS = ("date", "names", "items", "decisions", "actions", "owners", "next meeting")
BEGIN, END = "<!-- accuracy table: begin -->", "<!-- accuracy table: end -->"


def default_corpus() -> Path:
    return real_minutes_folder(ROOT)


def measure(path: Path) -> tuple[Score, str]:
    """Import one document into an empty archive; its score and its verdict: "success", "sure" (nothing doubtful:
    it would report success once its people are in people.yml, which the empty archive lacks) or "review"."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "minutes"
        source.mkdir()
        (source / "people.yml").write_text("{}\n", encoding="utf-8")
        (source / "bodies.yml").write_text("imported:\n  name: Imported Body\n  kind: committee\n", encoding="utf-8")
        result = import_file(path, source, body="imported", out=Path(tmp) / "out")
        verdict = "success" if result.succeeded else "sure" if not (result.doubts or result.errors) else "review"
        return score_document(load_expected(expected_of(path)), facts_of(result)), verdict


def expected_of(path: Path) -> Path:
    return path.with_name(path.stem + ".expected.json")


def documents(corpus: Path) -> list[Path]:
    """Each document beside its hand count, one per name (a .txt before a .docx or .pdf of the same name)."""
    found: dict[str, Path] = {}
    for suffix in SUFFIXES:
        for path in sorted(corpus.glob(f"*{suffix}")):
            if expected_of(path).exists():
                found.setdefault(path.stem, path)
    return [found[name] for name in sorted(found)]


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "–"


def table(rows: list[tuple[str, Score, str]]) -> list[str]:
    lines = [
        "| document | " + " | ".join(KINDS) + " | found | right | reported |",
        "|---|" + "---:|" * len(KINDS) + "---:|---:|---|",
    ]
    for name, score, success in rows:
        cells = [f"{score.right.get(k, 0)}/{score.expected.get(k, 0)} ({score.written.get(k, 0)})" for k in KINDS]
        lines.append(
            f"| {name} | "
            + " | ".join(cells)
            + f" | {percent(score.total_right, score.total_expected)}"
            + f" | {percent(score.total_right, score.total_written)}"
            + f" | {success} |"
        )
    return lines


def summary(label: str, rows: list[tuple[str, Score, str]]) -> str:
    total = Score()
    for _name, score, _success in rows:
        total.merge(score)
    confident = [(name, score) for name, score, verdict in rows if verdict in ("success", "sure")]
    false_success = [name for name, score in confident if score.precision < 0.9]
    return (
        f"{label}: {len(rows)} documents, {total.total_expected} facts in the hand counts; "
        f"found right {total.total_right} ({percent(total.total_right, total.total_expected)}), "
        f"written {total.total_written}, right {percent(total.total_right, total.total_written)}; "
        f"reported success or sure {len(confident)}, "
        f"of which under 90 % right: {len(false_success)}" + (f" ({', '.join(false_success)})" if false_success else "")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument(
        "--held-out", help="comma-separated names or prefixes of the held-out documents (default: the shared corpus's)"
    )
    parser.add_argument("--set", choices=("dev", "held-out", "all"), default="all")
    parser.add_argument("--show", help="list the misses and wrong facts of the documents whose name contains this")
    parser.add_argument("--write-docs", action="store_true", help="write the table into docs/importing.md")
    args = parser.parse_args(argv)
    paths = documents(args.corpus)
    if not paths:
        print(f"{args.corpus}: no NN-name.txt (.md, .docx, .pdf) beside NN-name.expected.json", file=sys.stderr)
        return 1
    held_out = tuple(name.strip() for name in args.held_out.split(",") if name.strip()) if args.held_out else HELD_OUT
    sets: dict[str, list[tuple[str, Score, str]]] = {"dev": [], "held-out": []}
    for path in paths:
        which = "held-out" if any(path.stem.startswith(name) for name in held_out) else "dev"
        if args.set not in ("all", which):
            continue
        score, success = measure(path)
        sets[which].append((path.stem, score, success))
        if args.show and args.show in path.stem:
            print(f"## {path.stem}")
            print("missed:\n  " + "\n  ".join(score.misses or ["nothing"]))
            print("wrong:\n  " + "\n  ".join(score.wrongs or ["nothing"]))
    lines: list[str] = []
    held_label = (
        "Held out in the first round (read in the second: no longer unseen)" if not args.held_out else "Held-out set"
    )
    for label, rows in (("Development set", sets["dev"]), (held_label, sets["held-out"])):
        if rows:
            lines += [f"**{label}** (right/in the count (written))", "", *table(rows), "", summary(label, rows), ""]
    print("\n".join(lines))
    if args.write_docs:
        doc = ROOT / "docs/importing.md"
        text = doc.read_text(encoding="utf-8")
        if BEGIN not in text or END not in text:
            print(f"{doc}: no {BEGIN} … {END} markers", file=sys.stderr)
            return 1
        head, rest = text.split(BEGIN, 1)
        _old, tail = rest.split(END, 1)
        doc.write_text(head + BEGIN + "\n" + "\n".join(lines) + "\n" + END + tail, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
