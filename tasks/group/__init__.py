"""Group: which claims are the same claim across documents, which documents copy one another, and
which claims disagree on a figure. Over all claims of the lake, held as columns.

- terms: the content terms a claim is matched on
- candidates: the pairs of claims worth comparing (blocking) and their shared terms
- cluster: claims into clusters of the same claim, with the evidence of each link
- semantic: optional embedding neighbours (the `semantic` extra)
- cross_encoder: optional reader of both claims that confirms each link (the `semantic` extra)
- families: documents into families of copies (one independent source each)
- disputes: claims reporting different values for the same quantity about one subject
- figures, columns, unionfind: helpers the steps share
"""
