"""Gradient-boosted trees stored as plain JSON arrays, evaluated with numpy.

The weights are learned by :mod:`cablegram.clean.train` (scikit-learn's
``HistGradientBoostingClassifier``) and exported as data: per tree the node
arrays (feature, threshold, missing-goes-left, children, leaf value). No pickles,
no scikit-learn at run time.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import numpy as np


class Trees:
    """A binary classifier: ``sigmoid(baseline + sum of tree leaves)``."""

    def __init__(self, spec: dict):
        self.names: list[str] = spec["features"]
        self.baseline = float(spec["baseline"])
        self.trees = [{k: np.asarray(v) for k, v in t.items()} for t in spec["trees"]]

    def predict(self, rows) -> np.ndarray:
        X = np.asarray(rows, dtype=float)
        if X.ndim != 2 or not len(X):
            return np.zeros(len(X) if X.ndim else 0)
        raw = np.full(len(X), self.baseline)
        idx = np.arange(len(X))
        for t in self.trees:
            node = np.zeros(len(X), dtype=int)
            leaf = t["leaf"].astype(bool)
            for _ in range(64):
                active = ~leaf[node]
                if not active.any():
                    break
                a = node[active]
                x = X[idx[active], t["feature"][a]]
                go_left = np.where(np.isnan(x), t["missing_left"][a].astype(bool), x <= t["threshold"][a])
                node[active] = np.where(go_left, t["left"][a], t["right"][a])
            raw += t["value"][node]
        return 1.0 / (1.0 + np.exp(-raw))


def export(clf, names: list[str]) -> dict:
    """A fitted ``HistGradientBoostingClassifier`` as JSON-ready arrays."""
    trees = []
    for (pred,) in clf._predictors:
        nodes = pred.nodes
        trees.append({
            "feature": nodes["feature_idx"].tolist(),
            "threshold": [float(v) for v in nodes["num_threshold"]],
            "missing_left": nodes["missing_go_to_left"].astype(int).tolist(),
            "left": nodes["left"].tolist(),
            "right": nodes["right"].tolist(),
            "leaf": nodes["is_leaf"].astype(int).tolist(),
            "value": [round(float(v), 6) for v in nodes["value"]],
        })
    return {"features": list(names), "baseline": float(np.ravel(clf._baseline_prediction)[0]), "trees": trees}


@cache
def load(name: str) -> Trees | None:
    """The model ``data/<name>.json``, or None if it has not been trained."""
    path = resources.files(__package__).joinpath("data", f"{name}.json")
    if not path.is_file():
        return None
    return Trees(json.loads(path.read_text(encoding="utf-8")))
