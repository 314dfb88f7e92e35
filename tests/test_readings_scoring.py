"""benchmarks.readings' event matching: the reading's actor itself always counts for its side,
at country level an actor of its country counts too (an actor-level match is never a country-level miss)."""

from benchmarks.readings import Reading, side_matches
from cablegram.schema import Actor

KATIGBAK = {"id": "carlo-katigbak", "name": "Carlo Katigbak", "type": "person", "code": "PHL BUS"}


def _reading():
    return Reading(name="r", expected={"actors": [KATIGBAK]}, text="")


def test_the_actor_itself_counts_at_country_level_without_a_country():
    pred = Actor(id="a1", name="Carlo Katigbak", type="person")
    by_id = {"a1": pred}
    assert side_matches(["a1"], ["carlo-katigbak"], _reading(), by_id, country=False)
    assert side_matches(["a1"], ["carlo-katigbak"], _reading(), by_id, country=True)


def test_an_actor_of_the_country_counts_only_at_country_level():
    pred = Actor(id="a2", name="Rodrigo Duterte", type="person", country="PHL")
    by_id = {"a2": pred}
    assert side_matches(["a2"], ["carlo-katigbak"], _reading(), by_id, country=True)
    assert not side_matches(["a2"], ["carlo-katigbak"], _reading(), by_id, country=False)
