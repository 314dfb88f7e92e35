"""PLOVER sectors from role words: the head noun decides when it is specific, else the
strongest qualifying word ("army accountant" -> MIL, "head of the institute" -> EDU)."""

from __future__ import annotations

from typing import Optional, Sequence

from . import gazetteer as gz

# Former holders of state office are elites (PLOVER ELI), not the government.
_STATE = {"GOV", "LEG", "MIL", "JUD", "COP", "SPY"}


def former_sector(sector: str) -> str:
    return "ELI" if sector in _STATE else sector


def role_matches(words: Sequence[str]) -> list[tuple[int, int, gz.Role]]:
    """Longest role-lexicon phrases in ``words`` (lower case), as (start, end, role), left to right."""
    roles = gz.role_index()
    words = [w for w in words]
    out: list[tuple[int, int, gz.Role]] = []
    i = 0
    n_max = gz.max_role_len()
    while i < len(words):
        hit = None
        for n in range(min(n_max, len(words) - i), 0, -1):
            chunk = words[i:i + n]
            for cand in (" ".join(chunk), " ".join(chunk[:-1] + [gz.singular(chunk[-1])])):
                if cand in roles:
                    hit = (i, i + n, roles[cand])
                    break
            if hit:
                break
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out


def sector_of_words(words: Sequence[str], head: Optional[str] = None) -> Optional[str]:
    """The sector a role phrase implies, or None when it names no known role.

    ``head`` is the phrase's head noun if known; by default the last matched word
    before a preposition is taken as the head.
    """
    words = [w for w in words if w not in ("'s", "\u2019s", "'")]
    matches = role_matches(words)
    if len(matches) > 1:
        matches = [m for m in matches if m[2].kind != "X"] or matches  # "Jet Propulsion Laboratory"
    if not matches:
        return None
    head_match = None
    if head is not None:
        for s, e, r in matches:
            if head in r.phrase.split() or gz.singular(words[e - 1]) == head:
                head_match = (s, e, r)
    else:
        cut = next((i for i, w in enumerate(words) if w in ("of", "at", "for", "in", "from", "with", "to", ",")),
                   len(words))
        before = [m for m in matches if m[1] <= cut]
        head_match = before[-1] if before else None
    if head_match and head_match[2].strong and head_match[2].kind != "M":
        return head_match[2].sector
    strong = [m for m in matches if m[2].strong and m is not head_match]
    if strong:
        # a qualifying organisation or modifier before the head ("army accountant") or the
        # affiliation after it ("head of the institute")
        return strong[0][2].sector
    if head_match:
        return head_match[2].sector
    return matches[-1][2].sector
