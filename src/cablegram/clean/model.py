"""Gradient-boosted trees stored as plain JSON arrays, evaluated with numpy.

The weights are learned by ``training/clean_lines.py`` (scikit-learn's
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
        # leaves point at themselves, so a fixed number of steps walks every row to its leaf without masks
        here = np.arange(len(self.leaf))
        self.left[self.leaf] = here[self.leaf]
        self.right[self.leaf] = here[self.leaf]
        self.feature[self.leaf] = 0
        self.depth = self._depth()

    def _depth(self) -> int:
        depth, frontier = 0, self.roots.copy()
        while len(frontier):
            frontier = frontier[~self.leaf[frontier]]
            frontier = np.concatenate([self.left[frontier], self.right[frontier]])
            depth += 1
        return depth

    def predict(self, rows) -> np.ndarray:
        X = np.asarray(rows, dtype=float)
        if X.ndim != 2 or not len(X):
            return np.zeros(len(X) if X.ndim else 0)
        X = np.where(np.isnan(X), np.inf, X)  # the features are never missing; a NaN goes right
        n, t = len(X), len(self.roots)
        rows = np.repeat(np.arange(n), t)           # one (row, tree) pair per entry, dropped once at a leaf
        nodes = np.tile(self.roots, n)
        slot = np.arange(n * t)
        leaf_value = np.zeros(n * t)
        while len(nodes):
            done = self.leaf[nodes]
            if done.any():
                leaf_value[slot[done]] = self.value[nodes[done]]
                rows, nodes, slot = rows[~done], nodes[~done], slot[~done]
                if not len(nodes):
                    break
            x = X[rows, self.feature[nodes]]
            nodes = np.where(x <= self.threshold[nodes], self.left[nodes], self.right[nodes])
        raw = self.baseline + leaf_value.reshape(n, t).sum(axis=1)
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
def load(name: str) -> Trees:
    """The model ``data/<name>.json`` (shipped with the package: a missing file is a broken install)."""
    path = resources.files(__package__).joinpath("data", f"{name}.json")
    if not path.is_file():
        from ..errors import ModelNotFoundError

        raise ModelNotFoundError(f"the cleaner's line classifier {name}.json is missing",
                                 remedy="reinstall cablegram, or train it: python -m training.clean_lines")
    return Trees(json.loads(path.read_text(encoding="utf-8")))
