"""Typed dated edges from the store; exposure paths to risk anchors; ownership rules.

graph = Graph.from_store(store)              # cached on store.generation
exposure(graph, "qualcomm", as_of="2024-01-01")   # best paths, explained hop by hop
best_path(store, "qualcomm")                  # the one path a screening row shows
ownership(graph, "tangli-technology", "ofac50", as_of="2019-01-01")
screen_flags(graph, "qualcomm", as_of=None)   # best path + each rule's flag
path_svg(path)                                # a small inline SVG of a chain
"""

from complicity.graph.anchors import find_anchors, parse_anchor_keys
from complicity.graph.exposure import ExposurePath, Hop, best_path, exposure
from complicity.graph.graph import Graph
from complicity.graph.ownership import ownership, screen_flags
from complicity.graph.render import path_svg

__all__ = [
    "ExposurePath",
    "Graph",
    "Hop",
    "best_path",
    "exposure",
    "find_anchors",
    "ownership",
    "parse_anchor_keys",
    "path_svg",
    "screen_flags",
]
