"""The gate refuses to lower a floor without the explicit flag, and notices changed gold data."""

from benchmarks.gate import check, update


def test_update_refuses_to_lower_a_floor_without_flag():
    entry = {"floors": {"f1": 0.8}, "digest": "abc"}
    refused = update(entry, {"f1": 0.7}, "abc", allow_lower=False)
    assert refused and entry["floors"]["f1"] == 0.8
    assert update(entry, {"f1": 0.7}, "abc", allow_lower=True) == []
    assert entry["floors"]["f1"] == 0.7


def test_update_raises_floor_rounded_down():
    entry = {"floors": {"f1": 0.5}}
    update(entry, {"f1": 0.876}, "d", allow_lower=False)
    assert entry["floors"]["f1"] == 0.87 and entry["digest"] == "d"


def test_check_reports_below_floor_and_changed_digest():
    entry = {"floors": {"f1": 0.8}, "digest": "abc"}
    assert check("x", entry, {"f1": 0.81}, "abc") == []
    fails = check("x", entry, {"f1": 0.79}, "xyz")
    assert len(fails) == 2
