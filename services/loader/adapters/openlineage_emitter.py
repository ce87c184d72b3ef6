"""OpenLineage run events of a load: START, then COMPLETE, FAIL (with the error) or ABORT.

One run per load: its run id is a UUID derived from the load id, so every event of a load,
and the `load_id` of each dw row it wrote, lead to the same run. The job is `olist-dw` /
`load`; its inputs are the source files, its outputs the dw tables (docs/lineage.md).

Quality's judgement of the load is a run of its own, job `olist-dw` / `quality`, a child of
the load's run: its inputs are what the rules looked at (the source files, the tables), each
with the rules' results as OpenLineage data-quality assertions; the load's COMPLETE event
carries the gate and the score as tags.

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
from openlineage.client.facet_v2 import (
    data_quality_assertions_dataset,
    error_message_run,
    job_type_job,
    parent_run,
    tags_run,
)
from openlineage.client.transport.file import FileConfig, FileTransport
from openlineage.client.transport.transport import Transport

from services.loader.application.load import GateOutcome, RuleOutcome

JOB_NAMESPACE = "olist-dw"
JOB_NAME = "load"
QUALITY_JOB_NAME = "quality"
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
        self,
        load_id: str,
        inputs: Sequence[DatasetRef],
        outputs: Sequence[DatasetRef],
        gate: GateOutcome | None = None,
    ) -> None:
        tags = [("quality.gate", gate.outcome), ("quality.score", gate.score)] if gate else []
        self._emit(RunState.COMPLETE, load_id, inputs, outputs, tags=tags)
        if gate is not None:
            self._judged(load_id, gate, [*inputs, *outputs])

    def _judged(self, load_id: str, gate: GateOutcome, known: Sequence[DatasetRef]) -> None:
        """Quality's run: each rule's result on the dataset (and column) it looked at."""
        by_dataset: dict[DatasetRef, list[tuple[RuleOutcome, str | None]]] = {}
        for rule in gate.rules:
            dataset, column = _dataset_of(rule.target, known)
            by_dataset.setdefault(dataset, []).append((rule, column))
        datasets = [
            InputDataset(
                ref.namespace, ref.name, inputFacets={"dataQualityAssertions": _assertions(rules)}
            )
            for ref, rules in by_dataset.items()
        ]
        parent = parent_run.ParentRunFacet(
            run=parent_run.Run(runId=run_id_of(load_id)),
            job=parent_run.Job(namespace=JOB_NAMESPACE, name=JOB_NAME),
            producer=PRODUCER,
        )
        self._client.emit(
            RunEvent(
                eventType=RunState.COMPLETE,
                eventTime=datetime.now(UTC).isoformat(),
                producer=PRODUCER,
                run=_run(
                    run_id_of(f"{load_id}:quality"),
                    load_id,
                    {"parent": parent},
                    [("quality.gate", gate.outcome)],
                ),
                job=_job(QUALITY_JOB_NAME, "QUALITY"),
                inputs=datasets,
                outputs=[],
            )
        )

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
        tags: Sequence[tuple[str, str]] = (),
    ) -> None:
        self._client.emit(
            RunEvent(
                eventType=state,
                eventTime=datetime.now(UTC).isoformat(),
                producer=PRODUCER,
                run=_run(run_id_of(load_id), load_id, facets or {}, tags),
                job=_job(JOB_NAME, "LOAD"),
                inputs=[InputDataset(d.namespace, d.name) for d in inputs],
                outputs=[OutputDataset(d.namespace, d.name) for d in outputs],
            )
        )


def _run(run_id: str, load_id: str, facets: dict, more_tags: Sequence[tuple[str, str]] = ()) -> Run:
    fields = [("load_id", load_id), *more_tags]
    tags = tags_run.TagsRunFacet(
        tags=[tags_run.TagsRunFacetFields(k, v, "OLIST_DW") for k, v in fields], producer=PRODUCER
    )
    return Run(runId=run_id, facets={"tags": tags, **facets})


def _job(name: str, kind_of_job: str) -> Job:
    kind = job_type_job.JobTypeJobFacet(
        processingType="BATCH", integration="OLIST_DW", jobType=kind_of_job, producer=PRODUCER
    )
    return Job(namespace=JOB_NAMESPACE, name=name, facets={"jobType": kind})


def _dataset_of(target: str, known: Sequence[DatasetRef]) -> tuple[DatasetRef, str | None]:
    """A rule's target as the load's events name it, and its column if any: a source file
    by its name, a table by the name that ends with it (`olist.dw.fact_order` for
    `dw.fact_order`, also of `dw.fact_order.purchased_at`)."""
    table, _, column = target.rpartition(".")
    for candidate, of_column in ((target, None), (table, column)):
        for ref in known:
            if ref.name == candidate or ref.name.endswith(f".{candidate}"):
                return ref, of_column
    return DatasetRef(known[-1].namespace if known else JOB_NAMESPACE, target), None


def _assertions(
    rules: Sequence[tuple[RuleOutcome, str | None]],
) -> data_quality_assertions_dataset.DataQualityAssertionsDatasetFacet:
    return data_quality_assertions_dataset.DataQualityAssertionsDatasetFacet(
        assertions=[
            data_quality_assertions_dataset.Assertion(
                assertion=rule.rule,
                success=rule.outcome == "passed",
                column=column,
                severity="warning" if rule.outcome == "warned" else "error",
                actual=f"{rule.failing} failing of {rule.checked} checked",
            )
            for rule, column in rules
        ],
        producer=PRODUCER,
    )


def _error_facet(error: BaseException | str) -> error_message_run.ErrorMessageRunFacet:
    if isinstance(error, str):
        return error_message_run.ErrorMessageRunFacet(error, "PYTHON", producer=PRODUCER)
    return error_message_run.ErrorMessageRunFacet(
        f"{type(error).__name__}: {error}",
        "PYTHON",
        "".join(traceback.format_exception(error)),
        producer=PRODUCER,
    )
