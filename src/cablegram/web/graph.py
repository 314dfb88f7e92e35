"""The actor graph: actors as nodes (only actors: :func:`is_named_actor`), events counted once as edges,
communities kept apart by :func:`layout`; the events behind an edge are :meth:`EventQueries.edge_events`."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Optional

from .params import _JOINED, KINDS, LEVELS, BadQuery, _choices, quad


def is_named_actor(name: Optional[str], type_: Optional[str], country: Optional[str], code: Optional[str]) -> bool:
    """Whether an actor can be a node of the graph: an actor, not a common noun.

    Countries, and actors the gazetteer or dictionary resolved (a country or a code), are actors; an
    unresolved person needs a full name (one word, "Trump" or "Brexit", is not identifiable across
    articles), an unresolved organisation a proper name (capitalised first and last). Groups and
    anonymous sources ("children", "her parents", "crowd", "officials") are common noun phrases: they
    count under their country when they have one ("U.S. officials"), and are never nodes of their own
    otherwise.
    """
    words = (name or "").split()
    head = (name or "").split(" of ")[0].split()  # "leaders of Egypt": the phrase's head is "leaders"
    if not words or not head or not all(any(ch.isupper() for ch in w) for w in (words[-1], head[-1])):
        return False
    if type_ == "country":
        return True
    if type_ in ("group", "anonymous"):
        return bool(country or code) and any(ch.isupper() for w in words for ch in w)
    if country or code:
        return True
    if not words[0][:1].isupper():  # "pro-Democracy", "the board": not a name
        return False
    if type_ == "person":
        return len(words) >= 2 and all(w[:1].isupper() or not w[:1].isalpha() or w.islower() and len(w) <= 3
                                       for w in words)
    return type_ == "organization"



class GraphQueries:
    """The graph's questions (a part of :class:`cablegram.web.queries.Corpus`)."""

    def _pairs(self, f: dict, level: str) -> tuple[str, list]:
        """A CTE ``pairs``: one row per (report, source actor, target actor), each side keyed at ``level``
        (its ISO3 country when known, else its actor id; or always the actor id), with its event.
        Self-ties are left out: an actor acting on itself, or on its own country, is not a tie."""
        if level not in LEVELS:
            raise BadQuery(f"level must be one of {', '.join(LEVELS)}")
        cond, params = self._event_filter(f)
        key = "coalesce(upper({a}.country), {a}.id)" if level == "country" else "{a}.id"
        sql = f"""WITH ev AS (SELECT e.*, r.cluster_id, c.reciprocal AS mutual FROM {_JOINED} WHERE {cond}),
                 s AS (SELECT doc_id, id, unnest(source) AS actor FROM ev),
                 t AS (SELECT doc_id, id, unnest(target) AS actor FROM ev),
                 pairs AS (
                  SELECT ev.doc_id, ev.id, ev.cluster_id, ev.mutual, ev.type, ev.quad_class, ev.evidence_start,
                         {key.format(a='sa')} AS s_key, sa.name AS s_name, sa.type AS s_type, sa.country AS s_country,
                         {key.format(a='ta')} AS t_key, ta.name AS t_name, ta.type AS t_type, ta.country AS t_country
                  FROM ev JOIN s ON s.doc_id = ev.doc_id AND s.id = ev.id
                          JOIN t ON t.doc_id = ev.doc_id AND t.id = ev.id
                          JOIN actors sa ON sa.doc_id = ev.doc_id AND sa.id = s.actor
                          JOIN actors ta ON ta.doc_id = ev.doc_id AND ta.id = t.actor
                  WHERE {key.format(a='sa')} <> {key.format(a='ta')}),
                 ties AS (
                  SELECT *, CASE WHEN mutual THEN least(s_key, t_key) ELSE s_key END AS a_key,
                            CASE WHEN mutual THEN greatest(s_key, t_key) ELSE t_key END AS b_key FROM pairs)"""
        return sql, params

    # -- graph -----------------------------------------------------------
    def graph(self, f: dict, level: str = "country", max_edges: int = 500, min_weight: int = 1,
              kinds: Optional[str] = None, positions: bool = True) -> dict:
        """Actors as nodes, events as edges: one edge per (source, target, quad class) — or per unordered
        pair for events whose parties act on each other — counting events once, with their reports.

        Only actors are nodes (:meth:`node_ok`); edges below ``min_weight`` events, or touching a node
        of a kind not in ``kinds``, are left out, then the ``max_edges`` strongest are kept
        (``truncated`` says when some were). Nodes carry a community and a position that keeps
        communities apart (:func:`layout`).
        """
        want = set(_choices("kinds", kinds, KINDS, str.lower)) or set(KINDS)
        ties, params = self._pairs(f, level)
        rows = self.rows(ties + """
            SELECT a_key, b_key, mutual, quad_class, type, count(DISTINCT cluster_id) AS n,
                   count(DISTINCT doc_id || '/' || evidence_start) AS reports, count(DISTINCT doc_id) AS docs
            FROM ties GROUP BY ALL""", params)
        named = self.rows(ties + """
            SELECT key, name, type, country, count(DISTINCT cluster_id) AS n FROM (
                SELECT s_key AS key, s_name AS name, s_type AS type, s_country AS country, cluster_id FROM ties
                UNION ALL SELECT t_key, t_name, t_type, t_country, cluster_id FROM ties) GROUP BY ALL""", params)
        nodes: dict[str, dict] = {}
        best: dict[str, tuple] = {}
        for r in named:
            k = r["key"]
            n = nodes.setdefault(k, {"id": k, "events": 0, "kind": None})
            n["events"] += r["n"]
            rank = (r["type"] == "country", r["n"], r["name"] or "")
            if k not in best or rank > best[k]:
                best[k] = rank
                n["name"] = r["name"] or k
                n["kind"] = "country" if (level == "country" and r["country"] and k == r["country"].upper()) else r["type"]
        for k, n in nodes.items():
            if n["kind"] == "country":
                n["name"] = self.name(k)
            n["label"] = k if (level == "country" and n["kind"] == "country" and len(k) == 3) else n["name"]
        ok = {k for k, n in nodes.items() if n["kind"] in want and (
            self.node_ok(k) if level == "country" or n["kind"] == "country" else
            is_named_actor(n["name"], n["kind"], *_country_code(self.actor_book().get(k))))}
        edges: dict[tuple, dict] = {}
        for r in rows:
            if r["a_key"] not in ok or r["b_key"] not in ok:
                continue
            q = quad(r["quad_class"]) or "unknown"
            mutual = bool(r["mutual"])
            e = edges.setdefault((r["a_key"], r["b_key"], q, mutual), {
                "id": f"{r['a_key']}|{r['b_key']}|{q}" + ("|mutual" if mutual else ""), "source": r["a_key"],
                "target": r["b_key"], "quad_class": q, "reciprocal": mutual, "count": 0, "reports": 0,
                "types": Counter(), "documents": 0})
            e["count"] += r["n"]
            e["reports"] += r["reports"]
            e["types"][r["type"]] += r["n"]
            e["documents"] = max(e["documents"], r["docs"])  # a lower bound when types split the edge
        out_edges = sorted(({**e, "types": dict(e["types"].most_common())} for e in edges.values()
                            if e["count"] >= min_weight), key=lambda e: (-e["count"], -e["reports"], e["id"]))
        truncated = len(out_edges) > max_edges
        out_edges = out_edges[:max_edges]
        keep = {e["source"] for e in out_edges} | {e["target"] for e in out_edges}
        out_nodes = sorted((n for k, n in nodes.items() if k in keep), key=lambda n: (-n["events"], n["id"]))
        weight = Counter()
        for e in out_edges:
            weight[e["source"]] += e["count"]
            weight[e["target"]] += e["count"]
        for n in out_nodes:
            n["weight"] = weight[n["id"]]
        if positions:
            layout(out_nodes, out_edges)
        return {"level": level, "nodes": out_nodes, "edges": out_edges, "truncated": truncated,
                "min_weight": min_weight}

    def ties(self, limit: int = 10) -> list[dict]:
        """The pairs of countries (or actors) with the most events between them, both directions together."""
        g = self.graph({}, "country", max_edges=100_000, positions=False)
        names = {n["id"]: n["name"] for n in g["nodes"]}
        pairs: dict[tuple[str, str], dict] = {}
        for e in g["edges"]:
            a, b = sorted((e["source"], e["target"]))
            p = pairs.setdefault((a, b), {"a": a, "b": b, "a_name": names.get(a, a), "b_name": names.get(b, b),
                                          "count": 0, "reports": 0, "quads": Counter()})
            p["count"] += e["count"]
            p["reports"] += e["reports"]
            p["quads"][e["quad_class"]] += e["count"]
        out = sorted(pairs.values(), key=lambda p: (-p["count"], -p["reports"], p["a"], p["b"]))[:limit]
        for p in out:
            p["quads"] = dict(p["quads"].most_common())
        return out

    def node_dyads(self, f: dict, key: str, level: str = "country", limit: int = 50) -> list[dict]:
        """The dyads of one node by number of events: partner, events each way and mutual, reports."""
        ties, params = self._pairs(f, level)
        rows = self.rows(ties + """
            SELECT CASE WHEN s_key = ? THEN t_key ELSE s_key END AS partner,
                   count(DISTINCT cluster_id) AS n,
                   count(DISTINCT cluster_id) FILTER (WHERE NOT mutual AND s_key = ?) AS out_n,
                   count(DISTINCT cluster_id) FILTER (WHERE NOT mutual AND t_key = ?) AS in_n,
                   count(DISTINCT cluster_id) FILTER (WHERE mutual) AS mutual_n,
                   count(DISTINCT doc_id || '/' || evidence_start) AS reports
            FROM ties WHERE s_key = ? OR t_key = ? GROUP BY 1""", params + [key] * 5)
        ok = self.node_ok if level == "country" else (lambda k: k in self.actor_book() and self.node_ok(k))
        out = [{**r, "name": self.name(r["partner"])} for r in rows if ok(r["partner"])]
        return sorted(out, key=lambda r: (-r["n"], -r["reports"], r["partner"]))[:limit]


def _country_code(entry: Optional[dict]) -> tuple:
    return (entry or {}).get("country"), (entry or {}).get("code")


def layout(nodes: list[dict], edges: list[dict], seed: int = 7) -> None:
    """Positions that keep communities apart: communities (Louvain, on event counts) are laid out as
    weighted super-nodes, then each community's own nodes around its centre; x, y and community are
    written onto the nodes (deterministic for a given graph)."""
    import math

    import networkx as nx
    import numpy as np

    if not nodes:
        return
    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in nodes)
    for e in edges:
        w = g.get_edge_data(e["source"], e["target"], {}).get("weight", 0) + e["count"]
        g.add_edge(e["source"], e["target"], weight=w)
    comms = sorted((sorted(c) for c in nx.community.louvain_communities(g, weight="weight", seed=seed)),
                   key=lambda c: (-len(c), c[0]))
    of = {n: i for i, c in enumerate(comms) for n in c}
    # Communities as discs sized by their members, packed largest first: each goes to the free spot
    # nearest the communities it has ties with (the centre when none), so related groups sit side by side.
    link: dict[tuple[int, int], float] = defaultdict(float)
    for u, v, d in g.edges(data=True):
        if of[u] != of[v]:
            link[(of[u], of[v])] += d["weight"]
            link[(of[v], of[u])] += d["weight"]
    radius = np.array([25 + 45 * math.sqrt(len(c)) + 7 * len(c) for c in comms])
    links_of: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (a, j), w in link.items():
        links_of[a].append((j, w))
    centres = np.zeros((len(comms), 2))
    free_from = 0.0
    for i in range(len(comms)):
        ties = [(j, w) for j, w in links_of[i] if j < i]
        if ties:
            w = np.array([t[1] for t in ties])
            target = (centres[[t[0] for t in ties]] * w[:, None]).sum(axis=0) / w.sum()
        else:
            target = np.zeros(2)
        if i == 0:
            centres[0] = target
            continue
        # Rings of candidate spots around the target, nearest first; the first spot clear of every
        # placed disc is taken (all distances at once per ring).
        # (A community with no ties starts where the last such one was placed: the rings inside are full.)
        step, r = max(10.0, radius[i] / 2), (0.0 if ties else free_from)
        while True:
            n = max(1, int(2 * math.pi * r / step))
            a = 2 * math.pi * np.arange(n) / n + 0.5 * i
            spots = target + r * np.stack([np.cos(a), np.sin(a)], axis=1)
            gaps = np.linalg.norm(spots[:, None, :] - centres[None, :i, :], axis=2) - (radius[:i] + radius[i] + 12)
            clear = np.flatnonzero((gaps >= 0).all(axis=1))
            if clear.size:
                centres[i] = spots[clear[0]]
                break
            r += step
        if not ties:
            free_from = max(0.0, r - 2 * step)
    by_id = {n["id"]: n for n in nodes}
    for i, c in enumerate(comms):
        if len(c) <= 3:  # a pair or a triangle: no need to simulate
            local = {k: (math.cos(2 * math.pi * j / len(c) + 0.3), math.sin(2 * math.pi * j / len(c) + 0.3))
                     if len(c) > 1 else (0.0, 0.0) for j, k in enumerate(c)}
        else:
            local = nx.spring_layout(g.subgraph(c), weight=None, seed=seed, iterations=60)  # numpy only
        cx, cy = centres[i]
        r = radius[i] - 25
        for k, (x, y) in local.items():
            n = by_id[k]
            n["x"], n["y"], n["community"] = round(float(cx + x * r), 1), round(float(cy + y * r), 1), i


