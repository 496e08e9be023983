"""Independent sources, per claim: which mentions of one claim count once.

Two mentions of a claim count as one source when their documents copy each other (near-copies:
tasks/group/families.py) or share a publisher. This is decided within each cluster, among the
documents that make that claim: a wire story that publishers A and B both ran joins A and B for
the claims of that story, and for no other claim. (Families closed over the whole corpus would
join them forever: two outlets that once shared a story would become one source for every claim.)
Components are found by label propagation on columns; a source is named by the smallest doc_id
it holds, so the names do not depend on the order documents arrived in.
"""

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tasks.group.columns import value_codes
from tasks.group.unionfind import components


@dataclass(frozen=True)
class DocumentLinks:
    """What makes documents one source: their ids (sorted), publishers and near-copy pairs."""

    doc_id: pa.Array  # sorted
    publisher: np.ndarray  # code per document, -1 none (compared lower-cased)
    copy_a: np.ndarray  # near-copy pairs, as positions in doc_id
    copy_b: np.ndarray

    @staticmethod
    def of(documents: pa.Table, copy_a: pa.Array, copy_b: pa.Array) -> "DocumentLinks":
        """From documents (columns doc_id, publisher) and near-copy pairs given by doc_id."""
        documents = documents.take(pc.sort_indices(documents, [("doc_id", "ascending")]))
        ids = documents.column("doc_id").combine_chunks()
        publisher = value_codes(pc.utf8_trim_whitespace(pc.fill_null(
            documents.column("publisher"), "")), fold_case=True)
        a, b = (pc.index_in(x, value_set=ids).to_numpy(zero_copy_only=False).astype(np.int64)
                for x in (copy_a, copy_b))
        return DocumentLinks(ids, publisher, a, b)


def independent_sources(cluster: np.ndarray, doc_id: pa.Array | pa.ChunkedArray,
                        links: DocumentLinks | None) -> pa.Array:
    """Per mention (its cluster code and document), the id of its independent source within its
    cluster: the smallest doc_id among the documents of the cluster it copies or shares a
    publisher with (its own, without links)."""
    if links is None:
        return pa.array(doc_id, pa.string())
    doc = pc.index_in(doc_id, value_set=links.doc_id).to_numpy(zero_copy_only=False)
    n_docs = len(links.doc_id)
    node_key, node = np.unique(cluster.astype(np.int64) * n_docs + doc, return_inverse=True)
    node_cluster, node_doc = node_key // n_docs, node_key % n_docs
    # near-copies: both documents in one cluster
    by_doc = np.argsort(node_doc, kind="stable")
    lo = np.searchsorted(node_doc[by_doc], links.copy_a)
    count = np.searchsorted(node_doc[by_doc], links.copy_a, side="right") - lo
    copy = np.repeat(np.arange(len(links.copy_a)), count)
    a = by_doc[np.repeat(lo, count) + (np.arange(count.sum()) - np.repeat(np.cumsum(count) - count,
                                                                          count))]
    wanted = node_cluster[a] * n_docs + links.copy_b[copy]
    at = np.minimum(np.searchsorted(node_key, wanted), len(node_key) - 1)
    hit = node_key[at] == wanted
    # one publisher: each node to the first node of its (cluster, publisher)
    publisher = links.publisher[node_doc]
    named = np.flatnonzero(publisher >= 0)
    key = node_cluster[named] * (int(publisher.max(initial=0)) + 1) + publisher[named]
    _, first = np.unique(key, return_index=True)
    head = named[first][np.unique(key, return_inverse=True)[1]]
    label = components(len(node_key), np.r_[a[hit], named], np.r_[at[hit], head])
    return links.doc_id.take(pa.array(node_doc[label][node]))
