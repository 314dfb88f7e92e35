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
        # all trees' nodes in one table, children as global indices, so every row walks every tree at once
        offsets = np.cumsum([0] + [len(t["leaf"]) for t in self.trees])
        self.roots = offsets[:-1]
        cat = lambda key: np.concatenate([t[key] for t in self.trees]) if self.trees else np.zeros(0)  # noqa: E731
        self.feature = cat("feature").astype(np.intp)
        self.threshold = cat("threshold").astype(float)
        self.missing_left = cat("missing_left").astype(bool)
        self.leaf = cat("leaf").astype(bool)
        self.value = cat("value").astype(float)
        shift = np.concatenate([np.full(len(t["leaf"]), o) for t, o in zip(self.trees, self.roots)]) \
            if self.trees else np.zeros(0, dtype=int)
        self.left = (cat("left") + shift).astype(np.intp)
        self.right = (cat("right") + shift).astype(np.intp)

    def predict(self, rows) -> np.ndarray:
        X = np.asarray(rows, dtype=float)
        if X.ndim != 2 or not len(X):
            return np.zeros(len(X) if X.ndim else 0)
        node = np.broadcast_to(self.roots, (len(X), len(self.roots))).copy()
        row = np.arange(len(X))[:, None]
        for _ in range(64):
            open_ = ~self.leaf[node]
            if not open_.any():
                break
            x = X[np.broadcast_to(row, node.shape)[open_], self.feature[node[open_]]]
            nd = node[open_]
            go_left = np.where(np.isnan(x), self.missing_left[nd], x <= self.threshold[nd])
            node[open_] = np.where(go_left, self.left[nd], self.right[nd])
        raw = self.baseline + self.value[node].sum(axis=1)
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
