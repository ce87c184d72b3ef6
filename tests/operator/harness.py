"""The operator against kmock (a mock Kubernetes API server): kopf embedded in the test's
event loop with the project's own handlers and API adapter, logged in to the mock. Each
test stops kopf in a `finally` (docs of kmock: else ~60 s of retries at teardown)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import kopf

from k8s_operator.handlers import Dependencies, memo_for, register
from k8s_operator.resources import API_VERSION, KINDS
from k8s_operator.settings import OperatorSettings
from k8s_operator.timestamps import format_time

NAMESPACE = "warehouse"
SETTINGS = OperatorSettings(
    image="olist-dw:0.1.0",
    instance="wh",
    secret="wh-olist-dw-credentials",
    loader_config_map="wh-olist-dw-loader",
    loader_service_account="wh-olist-dw-loader",
    backup_claim="wh-olist-dw-backups",
    backup_conninfo="host=wh-olist-dw-postgresql port=5432 user=postgres dbname=olist",
    namespace=NAMESPACE,
    check_interval_seconds=0.5,
    liveness_endpoint=None,
)
WAIT_SECONDS = 10.0


@dataclass
class Cluster:
    """The mock API server with the operator running against it."""

    mock: Any
    session: aiohttp.ClientSession

    def url(self, api_version: str, plural: str, name: str | None = None) -> str:
        prefix = "api" if api_version == "v1" else "apis"
        url = f"{str(self.mock.url).rstrip('/')}/{prefix}/{api_version}/namespaces/{NAMESPACE}/{plural}"
        return f"{url}/{name}" if name else url

    def object(self, api_version: str, plural: str, name: str) -> dict[str, Any] | None:
        key = (f"{api_version}/{plural}", NAMESPACE, name)
        try:
            found = self.mock.objects[key]
        except KeyError:
            return None
        return None if found.deleted else json.loads(json.dumps(dict(found.raw)))

    def resource(self, plural: str, name: str, spec: dict[str, Any]) -> None:
        """A custom resource as `kubectl apply` would create it."""
        kind = next(k for k in KINDS if k.plural == plural)
        self.mock.objects[f"{API_VERSION}/{plural}", NAMESPACE, name] = {
            "apiVersion": API_VERSION,
            "kind": kind.kind,
            "metadata": {
                "name": name,
                "namespace": NAMESPACE,
                "uid": f"uid-{name}",
                "resourceVersion": "1",  # kmock assigns none; kopf's patches need one
                "generation": 1,
            },
            "spec": spec,
        }

    def spawn_job(self, cronjob: dict[str, Any], name: str) -> None:
        """What the CronJob controller does at a scheduled time: a Job from the template
        (put straight into the mock: no watch event, as if the operator missed it)."""
        template = cronjob["spec"]["jobTemplate"]
        self.mock.objects["batch/v1/jobs", NAMESPACE, name] = {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": {**template["metadata"], "name": name, "namespace": NAMESPACE},
            "spec": template["spec"],
        }

    async def finish_job(
        self,
        name: str,
        *,
        container: str,
        message: str | None,
        succeeded: bool = True,
        watched: bool = True,
    ) -> None:
        """What the Job controller and the kubelet do: a pod that ended with the termination
        message, then the Job's final status; `watched`: patched through the API (the watch
        sees it), else written into the mock unseen (only a timer's check finds it)."""
        now = datetime.now(UTC)
        start, end = format_time(now - timedelta(minutes=5)), format_time(now)
        self.mock.objects["v1/pods", NAMESPACE, f"{name}-abcde"] = {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "name": f"{name}-abcde",
                "namespace": NAMESPACE,
                "labels": {"job-name": name},
            },
            "status": {
                "containerStatuses": [
                    {
                        "name": container,
                        "state": {
                            "terminated": {
                                "exitCode": 0 if succeeded else 1,
                                "finishedAt": end,
                                **({"message": message} if message is not None else {}),
                            }
                        },
                    }
                ]
            },
        }
        final: dict[str, Any] = {
            "type": "Complete" if succeeded else "Failed",
            "status": "True",
            "lastTransitionTime": end,
        }
        if not succeeded:
            final |= {
                "reason": "BackoffLimitExceeded",
                "message": "Job has reached the specified backoff limit",
            }
        status: dict[str, Any] = {
            "startTime": start,
            "conditions": [final],
            **({"succeeded": 1, "completionTime": end} if succeeded else {"failed": 1}),
        }
        if watched:
            await self.patch_status("batch/v1", "jobs", name, status)
        else:
            job = self.object("batch/v1", "jobs", name)
            assert job is not None, name
            self.mock.objects["batch/v1/jobs", NAMESPACE, name] = {**job, "status": status}

    async def patch_status(
        self, api_version: str, plural: str, name: str, status: dict[str, Any]
    ) -> None:
        async with self.session.patch(
            self.url(api_version, plural, name) + "/status",
            data=json.dumps({"status": status}),
            headers={"Content-Type": "application/merge-patch+json"},
        ) as response:
            assert response.status == 200, await response.text()

    async def create(self, api_version: str, plural: str, body: dict[str, Any]) -> None:
        async with self.session.post(self.url(api_version, plural), json=body) as response:
            assert response.status in (200, 201), await response.text()

    def status(self, plural: str, name: str) -> dict[str, Any]:
        return (self.object(API_VERSION, plural, name) or {}).get("status") or {}

    async def wait_for_status(
        self, plural: str, name: str, what: str, check: Callable[[dict[str, Any]], bool]
    ) -> dict[str, Any]:
        def matching() -> dict[str, Any] | None:
            status = self.status(plural, name)
            return status if check(status) else None

        result: dict[str, Any] = await self.wait_for(f"{plural}/{name}: {what}", matching)
        return result

    async def wait_for(self, what: str, check: Callable[[], Any]) -> Any:
        deadline = asyncio.get_running_loop().time() + WAIT_SECONDS
        while True:
            value = check()
            if value:
                return value
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"waited {WAIT_SECONDS} s for {what}")
            await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def running_operator(kmock: Any, settings: OperatorSettings) -> AsyncIterator[Cluster]:
    """kopf in the test's own task: enter and leave it in the test function, not in a
    fixture (at its end kopf cancels the loop's tasks that started after it, which would
    include a fixture's finalizer)."""
    kmock.resources.load_bundled()  # kopf needs v1/namespaces etc. in the discovery
    for kind in KINDS:
        kmock.resources[f"{API_VERSION}/{kind.plural}"] = kmock.ResourceInfo(
            kind=kind.kind,
            singular=kind.singular,
            namespaced=True,
            verbs={"get", "list", "watch", "create", "patch", "delete"},
            subresources={"status"},
        )
    deps = Dependencies(replace(settings))
    info = kopf.ConnectionInfo(server=str(kmock.url).rstrip("/"), insecure=True)

    def log_in(**_: Any) -> kopf.ConnectionInfo:
        deps.api.use(info)
        return info

    registry = register(kopf.OperatorRegistry(), settings, login=False)
    kopf.on.login(registry=registry)(log_in)
    stop, ready = asyncio.Event(), asyncio.Event()
    operator = asyncio.create_task(
        kopf.operator(
            registry=registry,
            memo=memo_for(deps),
            standalone=True,
            namespaces=[NAMESPACE],
            stop_flag=stop,
            ready_flag=ready,
        )
    )
    session = aiohttp.ClientSession()
    try:
        await asyncio.wait_for(ready.wait(), WAIT_SECONDS)
        yield Cluster(kmock, session)
    finally:
        stop.set()
        await session.close()
        # kopf ends its own task when stopped (cancelled, not with an exception)
        done, _ = await asyncio.wait([operator], timeout=WAIT_SECONDS)
        if not done:
            operator.cancel()
            raise AssertionError(f"kopf did not stop within {WAIT_SECONDS} s")
