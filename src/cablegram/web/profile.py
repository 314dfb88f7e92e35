"""An actor's page: who it is (codes, roles with the dates they were reported), its events over time,
quotes, strongest ties and articles."""

from __future__ import annotations

from collections import Counter
from typing import Optional

from .params import _ISO3, _JOINED, granularity, site


class ProfileQueries:
    """An actor's profile (a part of :class:`cablegram.web.queries.Corpus`)."""

    # -- actors ----------------------------------------------------------
    def actor_profile(self, key: str, by: str = "month") -> Optional[dict]:
        """Who an actor is (name, type, code, country, roles with the dates they were reported), its
        events over time, its quotes, its strongest ties and the articles it appears in."""
        by = granularity(by)
        is_country = bool(_ISO3.match(key)) and self.node_ok(key) and (
            self.actor_book().get(key, {}).get("type") in (None, "country"))
        rows = self.rows("""SELECT a.doc_id, a.id, a.name, a.type, a.country, a.sector, a.code, a.roles, a.mention_count,
                                   d.published, d.title
                            FROM actors a JOIN documents d ON d.id = a.doc_id
                            WHERE a.id = ? OR (? AND a.type = 'country' AND upper(a.country) = ?)
                            ORDER BY d.published NULLS LAST, a.doc_id""", [key, is_country, key])
        ids = sorted({r["id"] for r in rows} | {key})
        if not rows and not is_country:
            return None
        names, types, codes, countries, sectors = Counter(), Counter(), Counter(), Counter(), Counter()
        roles: dict[str, dict] = {}
        for r in rows:
            names[r["name"]] += r["mention_count"] or 1
            types[r["type"]] += 1
            if r["code"]:
                codes[r["code"]] += 1
            if r["country"]:
                countries[r["country"]] += 1
            if r["sector"]:
                sectors[r["sector"]] += 1
            for role in dict.fromkeys(x.strip() for x in r["roles"] or []):
                # "President" and "president" are one office: keyed without case, shown as most often written
                x = roles.setdefault(role.lower(), {"role": role, "forms": Counter(), "first": None, "last": None,
                                                    "documents": 0})
                x["forms"][role] += 1
                x["role"] = x["forms"].most_common(1)[0][0]
                x["documents"] += 1
                if r["published"]:
                    x["first"] = min(filter(None, (x["first"], r["published"])))
                    x["last"] = max(filter(None, (x["last"], r["published"])))
        level = "country" if is_country else "actor"
        f = {"actor": key}
        cond, params = self._event_filter(f)
        counts = self.rows(f"""SELECT count(DISTINCT c.id) AS events, count(DISTINCT e.doc_id || '/' || e.id) AS reports,
                                      count(DISTINCT c.id) FILTER (WHERE list_contains(e.source, ?) OR list_contains(e.source_key, ?)) AS as_source,
                                      count(DISTINCT c.id) FILTER (WHERE list_contains(e.target, ?) OR list_contains(e.target_key, ?)) AS as_target
                               FROM {_JOINED} WHERE {cond}""", [key] * 4 + params)[0]
        docs = self.rows("""SELECT d.id, d.title, d.published, d.url, d.publisher, sum(a.mention_count)::INTEGER AS mentions
                            FROM actors a JOIN documents d ON d.id = a.doc_id
                            WHERE a.id = ? OR (? AND upper(a.country) = ?)
                            GROUP BY ALL ORDER BY d.published DESC NULLS LAST, d.id LIMIT 30""", [key, is_country, key])
        for d in docs:
            d["site"] = site(d["url"], d["publisher"])
        n_docs = self.rows("""SELECT count(DISTINCT doc_id) AS n FROM actors a
                              WHERE a.id = ? OR (? AND upper(a.country) = ?)""", [key, is_country, key])[0]["n"]
        quotes = self.rows("""SELECT q.doc_id, q.id, q.kind, q.cue_text AS cue, q.content_text AS content,
                                     q.content_start, q.speaker_text, d.title, d.published
                              FROM attributions q JOIN documents d ON d.id = q.doc_id
                              WHERE q.speaker IN (SELECT unnest(?::VARCHAR[]))
                              ORDER BY d.published DESC NULLS LAST, q.doc_id, q.content_start LIMIT 40""", [ids])
        n_quotes = self.rows("SELECT count(*) AS n FROM attributions WHERE speaker IN (SELECT unnest(?::VARCHAR[]))",
                             [ids])[0]["n"]
        recent = self.events(f, limit=15)["events"]
        tl = self.timeline(f, by)
        return {
            "id": key, "level": level, "name": self.name(key) if is_country else (names.most_common(1)[0][0]),
            "names": [n for n, _ in names.most_common(6)],
            "type": "country" if is_country else (types.most_common(1)[0][0] if types else None),
            "code": codes.most_common(1)[0][0] if codes else (key if is_country else None),
            "codes": dict(codes.most_common()), "country": countries.most_common(1)[0][0] if countries else (
                key if is_country else None),
            "country_name": self.name(countries.most_common(1)[0][0]) if countries else None,
            "sector": sectors.most_common(1)[0][0] if sectors else None,
            "roles": sorted(({k: v for k, v in x.items() if k != "forms"} for x in roles.values()),
                           key=lambda x: (x["documents"], x["last"] or ""), reverse=True),
            "documents": n_docs, "mentions": sum(r["mention_count"] or 0 for r in rows),
            "events": counts["events"], "reports": counts["reports"], "as_source": counts["as_source"],
            "as_target": counts["as_target"], "timeline": tl, "recent": recent,
            "ties": self.node_dyads({}, key, level, limit=15), "quotes": quotes, "quote_count": n_quotes,
            "articles": docs,
        }
