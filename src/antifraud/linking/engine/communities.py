"""Gangs inside a linked component (社区发现): Leiden communities over cases, evidence weighed by its kind.

Union-find joins every two cases sharing an identifier, so one app or site that two gangs both use (the same
brushing app name, the same screen-sharing app, a phishing kit's domain) joins two gangs into one component.
Inside a component, cases are the vertices of a weighted graph: each identifier its cases share adds to every
pair of them its weight divided by the number of its other cases (an identifier held by many cases says less
about any one pair). A card, a payment account, a caller number or a device is strong evidence, and so is
what the flows tie together (an address the gang's numbers went online from, a card the collecting cards paid
on); an app, a domain or an IP address a victim names is weak, and weaker still the more groups held together
by strong evidence name it. Leiden's modularity communities of that graph are the gangs; an identifier whose
cases fall into two communities is their shared member, shown on both.

Two communities sharing strong evidence are one gang (Leiden cut through it), unless both are gangs in their
own right and one identifier alone is all they share (one exchanger's card). A case its community holds by
weak identifiers alone, each of them also another community's, stands
alone: one app several gangs use is not enough to give it to any of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence

STRONG_KINDS = frozenset({"bank_card", "payment_account", "phone", "device"})
STRONG_WEIGHT = 1.0
WEAK_WEIGHT = 0.2  # an app (gangs reuse the same names), a domain or an IP address a victim names
DERIVED_WEIGHT = 0.6  # what the flows found (a gang number that called the victim, a card it paid, the gang's address)
MAX_CLIQUE = 60  # an identifier of more cases joins each to its ring neighbours, not to every other
RING = 8
MIN_SPLIT_CASES = 4  # smaller components are one gang
RESOLUTION = 1.0
DERIVED_REJOIN = 2  # cases on each side a flow-found identifier needs to join two communities back …
DERIVED_REJOIN_SHARE = 0.25  # … and the share of each side's cases naming it
APART_CASES = 6  # two communities this large sharing one strong identifier alone stay two gangs
SEED = 20261208  # Leiden is randomised: a fixed seed gives the same communities every run


def weight_of(kind: str, derived: bool = False) -> float:
    """How much one shared identifier of this kind says that two cases are one gang's."""
    if derived:
        return DERIVED_WEIGHT
    if kind in STRONG_KINDS:
        return STRONG_WEIGHT
    return WEAK_WEIGHT


def _spread(evidence: Mapping[tuple[str, str], Sequence[Hashable]],
            derived: frozenset[tuple[str, str]] | set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """For each weak identifier, into how many groups its cases fall when only strong evidence joins them.

    An app or a site whose cases belong to several groups that share no card or number is used by several
    gangs (or by everybody): it says that much less about any one pair.
    """
    parent: dict[Hashable, Hashable] = {}

    def find(x: Hashable) -> Hashable:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for key, cases in evidence.items():
        if key[0] in STRONG_KINDS or key in derived:
            members = list(cases)
            for other in members[1:]:
                ra, rb = find(members[0]), find(other)
                if ra != rb:
                    parent[rb] = ra
    return {key: len({find(c) for c in cases}) for key, cases in evidence.items()
            if key[0] not in STRONG_KINDS and key not in derived}


def pair_weights(evidence: Mapping[tuple[str, str], Sequence[Hashable]],
                 derived: frozenset[tuple[str, str]] | set[tuple[str, str]] = frozenset(),
                 spread: Mapping[tuple[str, str], int] | None = None,
                 ) -> dict[tuple[Hashable, Hashable], tuple[float, float]]:
    """Per pair of cases (sorted by str): (all evidence, strong evidence) summed over the identifiers they share;
    ``spread`` divides a weak identifier's weight by the number of strongly-held groups it spans."""
    out: dict[tuple[Hashable, Hashable], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for key, cases in evidence.items():
        members = sorted(set(cases), key=str)
        if len(members) < 2:
            continue
        total = weight_of(key[0], key in derived) / max(1, (spread or {}).get(key, 1))
        strong = key[0] in STRONG_KINDS or key in derived  # a card or number, or what the flows tie together
        for a, b, w in _spread_over(members, total):
            acc = out[(a, b) if str(a) <= str(b) else (b, a)]
            acc[0] += w
            if strong:
                acc[1] += w
    return {k: (v[0], v[1]) for k, v in out.items()}


def _spread_over(members: Sequence[Hashable], total: float) -> list[tuple[Hashable, Hashable, float]]:
    """Pairs of an identifier's cases, each case receiving ``total`` in all: every pair of a small group; in a
    large one (a card named by hundreds of reports) each case with its ``RING`` neighbours on either side, so the
    graph stays linear in the cases while every case keeps the same weight."""
    n = len(members)
    if n <= MAX_CLIQUE:
        w = total / (n - 1)
        return [(a, b, w) for i, a in enumerate(members) for b in members[i + 1:]]
    w = total / (2 * RING)
    return [(members[i], members[(i + j) % n], w) for i in range(n) for j in range(1, RING + 1)]


def communities(component: Sequence[Hashable], evidence: Mapping[tuple[str, str], Sequence[Hashable]],
                derived: frozenset[tuple[str, str]] | set[tuple[str, str]] = frozenset(),
                together: Sequence[Sequence[Hashable]] = ()) -> list[list[Hashable]]:
    """Split one linked component of cases into its gangs; ``together`` are groups an analyst merged."""
    cases = sorted(set(component), key=str)
    if len(cases) < MIN_SPLIT_CASES:
        return [cases]
    index = {c: i for i, c in enumerate(cases)}
    inside = {k: [c for c in v if c in index] for k, v in evidence.items()}
    weights = pair_weights({k: v for k, v in inside.items() if len(v) >= 2}, derived, _spread(inside, derived))
    if not weights:
        return [cases]
    import igraph as ig
    import leidenalg

    edges = [(index[a], index[b]) for a, b in weights]
    graph = ig.Graph(n=len(cases), edges=edges)
    graph.es["weight"] = [w for w, _strong in weights.values()]
    partition = leidenalg.find_partition(graph, leidenalg.RBConfigurationVertexPartition, weights="weight",
                                         resolution_parameter=RESOLUTION, seed=SEED, n_iterations=-1)
    label = list(partition.membership)
    _rejoin(label, inside, index, derived, together)
    _detach_weakly_held(label, inside, index, derived, together)
    groups: dict[int, list[Hashable]] = defaultdict(list)
    for c in cases:
        groups[label[index[c]]].append(c)
    return sorted(groups.values(), key=lambda g: (-len(g), str(g[0])))


def _detach_weakly_held(label: list[int], evidence: Mapping[tuple[str, str], Sequence[Hashable]],
                        index: Mapping[Hashable, int], derived: frozenset[tuple[str, str]] | set[tuple[str, str]],
                        together: Sequence[Sequence[Hashable]]) -> None:
    """A case that its community holds by weak identifiers alone, each of them also in another community (an
    app or site several gangs use), is a gang of its own: one such app is not enough to call it theirs."""
    communities_of: dict[tuple[str, str], set[int]] = {
        key: {label[index[c]] for c in cases} for key, cases in evidence.items() if len(cases) >= 2}
    keys_of: dict[Hashable, list[tuple[str, str]]] = defaultdict(list)
    for key, cases in evidence.items():
        for c in cases:
            keys_of[c].append(key)
    pinned = {c for group in together if len(group) > 1 for c in group}
    fresh = max(label, default=0) + 1
    size: dict[int, int] = defaultdict(int)
    for lab in label:
        size[lab] += 1
    for case, i in sorted(index.items(), key=lambda kv: str(kv[0])):
        if case in pinned or size[label[i]] < 2:
            continue
        links = [k for k in keys_of[case] if label[i] in communities_of.get(k, ())
                 and sum(1 for c in evidence[k] if label[index[c]] == label[i]) >= 2]
        if not links:
            continue
        held = any(k[0] in STRONG_KINDS or k in derived or len(communities_of[k]) < 2 for k in links)
        if not held:
            size[label[i]] -= 1
            label[i] = fresh
            size[fresh] = 1
            fresh += 1


def _rejoin(label: list[int], evidence: Mapping[tuple[str, str], Sequence[Hashable]], index: Mapping[Hashable, int],
            derived: frozenset[tuple[str, str]] | set[tuple[str, str]], together: Sequence[Sequence[Hashable]]) -> None:
    """Join back the communities strong evidence holds together, and the groups an analyst merged.

    Two communities sharing a card, an account, a number or a device are one gang (Leiden cut through it) —
    unless both are gangs in their own right (``APART_CASES`` cases or more) and one identifier alone, named by
    at least two cases on each side, is all they share: one exchanger's card, one rented number.
    """
    parent = {lab: lab for lab in set(label)}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    strong = {k: v for k, v in evidence.items() if (k[0] in STRONG_KINDS or k in derived) and len(v) >= 2}
    while True:
        size: dict[int, int] = defaultdict(int)
        for lab in label:
            size[find(lab)] += 1
        bridges: dict[tuple[int, int], list[dict[int, int]]] = defaultdict(list)
        for key, cases in strong.items():
            sides: dict[int, int] = defaultdict(int)
            for c in cases:
                sides[find(label[index[c]])] += 1
            labels = sorted(sides)
            for i, la in enumerate(labels):
                for lb in labels[i + 1:]:
                    if key in derived and (min(sides[la], sides[lb]) < DERIVED_REJOIN or min(
                            sides[la] / size[la], sides[lb] / size[lb]) < DERIVED_REJOIN_SHARE):
                        continue  # what the flows found about a few cases (victims two gangs both texted) joins no gangs
                    bridges[(la, lb)].append({la: sides[la], lb: sides[lb]})
        joined = False
        for (la, lb), shared in sorted(bridges.items()):
            ra, rb = find(la), find(lb)
            if ra == rb:
                continue
            apart = (len(shared) == 1 and min(size[la], size[lb]) >= APART_CASES
                     and min(shared[0].values()) >= 2)
            if not apart:
                parent[rb] = ra
                joined = True
        if not joined:
            break
    for group in together:
        present = [index[c] for c in group if c in index]
        for i in present[1:]:
            ra, rb = find(label[present[0]]), find(label[i])
            if ra != rb:
                parent[rb] = ra
    for i, lab in enumerate(label):
        label[i] = find(lab)
