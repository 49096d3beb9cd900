#!/usr/bin/env python3
"""Write docs/minutes-template.docx, the Word template for new minutes (see docs/importing.md).

make_word_template.py [--out docs/minutes-template.docx]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from minutebook.importer.template import write_template  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs/minutes-template.docx")
    args = parser.parse_args(argv)
    print(f"wrote {write_template(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
