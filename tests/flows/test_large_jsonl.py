"""A JSONL export larger than the file-size limit is read whole, as a stream of ingest batches
(the limit lowered here, so that a small file stands for a 200 MB export)."""

import asyncio
import json

from flows.config import PipelineConfig
from flows.pipeline import claimtrail_run
from tasks.ingest.options import IngestOptions
from tests.flows.test_pipeline import read_back

ARTICLE = ("Officials said {n} bridges were closed on Monday after the river rose {n} metres.\n\n"
           "“We will reopen them within {n} days,” the mayor of Town {n} said.\n")


def test_a_jsonl_file_over_the_size_limit_is_read_in_batches(prefect_server, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    export = inbox / "export.jsonl"
    export.write_text("\n".join(json.dumps({"id": f"a{n}", "text": ARTICLE.format(n=n)})
                                for n in range(300)), encoding="utf-8")
    size = export.stat().st_size
    config = PipelineConfig(ingest=IngestOptions(max_file_bytes=size // 10),
                            batch_chars=size // 8)
    summary = claimtrail_run(inputs=[str(inbox)], db=str(tmp_path / "w.duckdb"),
                             lake=str(tmp_path / "lake"), config=config)
    assert (summary.n_documents_seen, summary.n_documents_new, summary.n_quarantined) == (
        300, 300, 0)
    _, task_runs, _ = asyncio.run(read_back(summary.flow_run_id))
    ingested = sorted(t.name for t in task_runs if t.name.startswith("ingest-batch-"))
    assert len(ingested) >= 8  # pieces of about a batch each, never the whole file at once
