"""OpenLineage run events of a load: START, then COMPLETE, FAIL (with the error) or ABORT.

One run per load: its run id is a UUID derived from the load id, so every event of a load,
and the `load_id` of each dw row it wrote, lead to the same run. The job is `olist-dw` /
`load`; its inputs are the source files, its outputs the dw tables (docs/lineage.md).

Where the events go is the OpenLineage client's transport: by default a file of JSON lines
in `<OLIST_DW_HOME>/lineage/openlineage.jsonl` (`OLIST_DW_OPENLINEAGE_FILE` names another),
unless the client's own configuration is set (`OPENLINEAGE_URL`, `OPENLINEAGE_CONFIG`,
`OPENLINEAGE__TRANSPORT__*`, `OPENLINEAGE_DISABLED`), which then decides.
"""

from __future__ import annotations

import os
import traceback
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import (
    InputDataset,
    Job,
    OutputDataset,
    Run,
    RunEvent,
    RunState,
)
from openlineage.client.facet_v2 import error_message_run, job_type_job, tags_run
from openlineage.client.transport.file import FileConfig, FileTransport
from openlineage.client.transport.transport import Transport

JOB_NAMESPACE = "olist-dw"
JOB_NAME = "load"
PRODUCER = "urn:olist-dw:loader"
RUN_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:olist-dw:load")
FILE_VARIABLE = "OLIST_DW_OPENLINEAGE_FILE"
DEFAULT_FILE = Path("lineage") / "openlineage.jsonl"  # under OLIST_DW_HOME
OPENLINEAGE_VARIABLES = ("OPENLINEAGE_URL", "OPENLINEAGE_CONFIG")


@dataclass(frozen=True, slots=True)
class DatasetRef:
    """A dataset as OpenLineage names it: a namespace (where) and a name (what)."""

    namespace: str
    name: str


def run_id_of(load_id: str) -> str:
    """The OpenLineage run id of a load: the same UUID for the same load id, always."""
    return str(uuid.uuid5(RUN_NAMESPACE, load_id))


def file_transport(path: Path) -> FileTransport:
    """Appends one JSON line per event to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return FileTransport(FileConfig(log_file_path=str(path), append=True))


def configured_transport(home: Path, environ: Mapping[str, str] = os.environ) -> Transport | None:
    """The transport the environment asks for; None lets the OpenLineage client decide."""
    if environ.get(FILE_VARIABLE):
        return file_transport(Path(environ[FILE_VARIABLE]))
    if _openlineage_configured(environ):
        return None
    return file_transport(home / DEFAULT_FILE)


def _openlineage_configured(environ: Mapping[str, str]) -> bool:
    disabled = environ.get("OPENLINEAGE_DISABLED", "").strip().lower() == "true"
    return (
        disabled
        or any(environ.get(name) for name in OPENLINEAGE_VARIABLES)
        or any(name.startswith("OPENLINEAGE__TRANSPORT") for name in environ)
    )


class OpenLineageEmitter:
    def __init__(self, transport: Transport | None = None) -> None:
        self._client = OpenLineageClient(transport=transport)

    @classmethod
    def from_environment(cls, home: Path) -> OpenLineageEmitter:
        return cls(configured_transport(home))

    def start(
        self, load_id: str, inputs: Sequence[DatasetRef], outputs: Sequence[DatasetRef]
    ) -> None:
        self._emit(RunState.START, load_id, inputs, outputs)

    def complete(
        self, load_id: str, inputs: Sequence[DatasetRef], outputs: Sequence[DatasetRef]
    ) -> None:
        self._emit(RunState.COMPLETE, load_id, inputs, outputs)

    def fail(
        self,
        load_id: str,
        inputs: Sequence[DatasetRef],
        outputs: Sequence[DatasetRef],
        error: BaseException | str,
    ) -> None:
        self._emit(RunState.FAIL, load_id, inputs, outputs, {"errorMessage": _error_facet(error)})

    def abort(
        self, load_id: str, inputs: Sequence[DatasetRef], outputs: Sequence[DatasetRef]
    ) -> None:
        """The load was interrupted (cancelled, Ctrl-C) rather than failed."""
        self._emit(RunState.ABORT, load_id, inputs, outputs)

    def _emit(
        self,
        state: RunState,
        load_id: str,
        inputs: Sequence[DatasetRef],
        outputs: Sequence[DatasetRef],
        facets: dict | None = None,
    ) -> None:
        self._client.emit(
            RunEvent(
                eventType=state,
                eventTime=datetime.now(UTC).isoformat(),
                producer=PRODUCER,
                run=_run(load_id, facets or {}),
                job=_job(),
                inputs=[InputDataset(d.namespace, d.name) for d in inputs],
                outputs=[OutputDataset(d.namespace, d.name) for d in outputs],
            )
        )


def _run(load_id: str, facets: dict) -> Run:
    tags = tags_run.TagsRunFacet(
        tags=[tags_run.TagsRunFacetFields("load_id", load_id, "OLIST_DW")], producer=PRODUCER
    )
    return Run(runId=run_id_of(load_id), facets={"tags": tags, **facets})


def _job() -> Job:
    kind = job_type_job.JobTypeJobFacet(
        processingType="BATCH", integration="OLIST_DW", jobType="LOAD", producer=PRODUCER
    )
    return Job(namespace=JOB_NAMESPACE, name=JOB_NAME, facets={"jobType": kind})


def _error_facet(error: BaseException | str) -> error_message_run.ErrorMessageRunFacet:
    if isinstance(error, str):
        return error_message_run.ErrorMessageRunFacet(error, "PYTHON", producer=PRODUCER)
    return error_message_run.ErrorMessageRunFacet(
        f"{type(error).__name__}: {error}",
        "PYTHON",
        "".join(traceback.format_exception(error)),
        producer=PRODUCER,
    )
