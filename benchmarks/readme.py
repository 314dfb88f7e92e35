"""Keep the README's example brief true: regenerate it from the real output (``make readme``).

The block between ``<!-- brief:start -->`` and ``<!-- brief:end -->`` is the
output of ``cablegram analyze examples/kim-putin.txt``; a test fails when the
two drift apart.
"""

from __future__ import annotations

import re
import sys

from .common import ROOT

README = ROOT / "README.md"
EXAMPLE = ROOT / "examples" / "kim-putin.txt"
BLOCK = re.compile(r"(<!-- brief:start -->\n)(.*?)(<!-- brief:end -->)", re.S)


def current_brief() -> str:
    import cablegram
    from cablegram.brief import render_markdown

    analysis = cablegram.analyze(EXAMPLE.read_text(encoding="utf-8"))
    return "```markdown\n" + render_markdown(analysis) + "```\n"


def readme_brief(text: str) -> str | None:
    m = BLOCK.search(text)
    return m.group(2) if m else None


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = BLOCK.sub(lambda m: m.group(1) + current_brief() + m.group(3), text)
    README.write_text(new, encoding="utf-8")
    print("README brief", "updated" if new != text else "unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
