"""Connected components of cases over link tables held as columns (Arrow or NumPy), in one pass.

Links are two integer columns (case a, case b). The same job reads an Arrow/Parquet table of links, so a
province's or a nation's records can move to Spark (GraphFrames' ``connectedComponents`` over the same
two columns) without changing what a link is.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def components(a: np.ndarray, b: np.ndarray, n: int | None = None) -> tuple[int, np.ndarray]:
    """Number of components and each case's component label, for cases 0 … n-1 linked a[i]–b[i]."""
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    size = int(n if n is not None else (max(a.max(initial=-1), b.max(initial=-1)) + 1))
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(size, size)).tocsr()
    count, labels = connected_components(graph, directed=False)
    return int(count), labels


def components_of_table(links: pa.Table, column_a: str = "case_a", column_b: str = "case_b") -> pa.Table:
    """A ``case, component`` table from an Arrow table of links (e.g. read from Parquet)."""
    a = links.column(column_a).to_numpy()
    b = links.column(column_b).to_numpy()
    _count, labels = components(a, b)
    return pa.table({"case": pa.array(np.arange(len(labels), dtype=np.int64)),
                     "component": pa.array(labels.astype(np.int64))})
