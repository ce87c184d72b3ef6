"""The one adapter to the Kubernetes API the handlers use (kopf watches and patches its own
resources itself): create Jobs and CronJobs, read Jobs, owners and Pods, merge-patch a
status. Plain aiohttp (kopf's own HTTP client) with the credentials kopf logged in with."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

import aiohttp
import kopf

Object = dict[str, Any]
MERGE_PATCH = "application/merge-patch+json"
TIMEOUT = aiohttp.ClientTimeout(total=30)


class ApiError(RuntimeError):
    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(f"{status} {reason}: {message}")
        self.status = status
        self.reason = reason
        self.message = message

    @property
    def heals(self) -> bool:
        """Worth retrying: the API server is busy, down or racing with another writer."""
        return self.status in (0, 401, 403, 404, 409, 429) or self.status >= 500


class NotLoggedIn(ApiError):
    def __init__(self) -> None:
        super().__init__(0, "NotLoggedIn", "the operator has not logged in to the API yet")


class KubernetesApi:
    """Namespaced calls by (apiVersion, plural): `v1` and `pods`, `batch/v1` and `jobs`."""

    def __init__(self) -> None:
        self._info: kopf.ConnectionInfo | None = None
        self._session: aiohttp.ClientSession | None = None

    def use(self, info: kopf.ConnectionInfo) -> None:
        """The credentials of the login handler (again after each re-login)."""
        if info != self._info:
            self._info = info
            session, self._session = self._session, None
            if session is not None and not session.closed:
                asyncio.get_running_loop().create_task(session.close())

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def create(self, api_version: str, plural: str, namespace: str, body: Object) -> Object:
        return await self._request("POST", self._url(api_version, plural, namespace), body)

    async def get(self, api_version: str, plural: str, namespace: str, name: str) -> Object:
        return await self._request("GET", self._url(api_version, plural, namespace, name))

    async def list(
        self, api_version: str, plural: str, namespace: str, labels: Mapping[str, str]
    ) -> list[Object]:
        selector = ",".join(f"{k}={v}" for k, v in labels.items())
        url = self._url(api_version, plural, namespace)
        result = await self._request("GET", url, params={"labelSelector": selector})
        items = result.get("items") or []
        # the selector again, here: a server (or a mock of one) may ignore it
        return [
            item
            for item in items
            if all(
                ((item.get("metadata") or {}).get("labels") or {}).get(k) == v
                for k, v in labels.items()
            )
        ]

    async def patch(
        self,
        api_version: str,
        plural: str,
        namespace: str,
        name: str,
        patch: Object,
        *,
        subresource: str | None = None,
    ) -> Object:
        url = self._url(api_version, plural, namespace, name)
        if subresource:
            url += f"/{subresource}"
        return await self._request("PATCH", url, patch, content_type=MERGE_PATCH)

    def _url(self, api_version: str, plural: str, namespace: str, name: str | None = None) -> str:
        if self._info is None:
            raise NotLoggedIn()
        prefix = "/api" if "/" not in api_version else "/apis"
        url = (
            f"{self._info.server.rstrip('/')}{prefix}/{api_version}/namespaces/{namespace}/{plural}"
        )
        return f"{url}/{name}" if name else url

    def _client(self) -> aiohttp.ClientSession:
        if self._info is None:
            raise NotLoggedIn()
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(ssl=self._info.as_ssl_context()),
                headers=self._info.as_http_headers(),
                timeout=TIMEOUT,
            )
        return self._session

    async def _request(
        self,
        method: str,
        url: str,
        body: Object | None = None,
        *,
        params: Mapping[str, str] | None = None,
        content_type: str = "application/json",
    ) -> Object:
        data = json.dumps(body) if body is not None else None
        headers = {"Content-Type": content_type} if data is not None else {}
        try:
            async with self._client().request(
                method, url, data=data, headers=headers, params=params
            ) as response:
                text = await response.text()
                if response.status >= 400:
                    raise _error(response.status, text)
                result = json.loads(text) if text else {}
        except aiohttp.ClientError as error:
            raise ApiError(0, type(error).__name__, str(error)) from error
        except json.JSONDecodeError as error:
            raise ApiError(0, "InvalidResponse", f"{method} {url}: {error}") from error
        return result if isinstance(result, dict) else {}


def _error(status: int, text: str) -> ApiError:
    try:
        payload = json.loads(text)
    except json.JSONDecodeError:
        payload = {}
    if not isinstance(payload, dict):
        payload = {}
    return ApiError(
        status,
        str(payload.get("reason") or "Error"),
        str(payload.get("message") or text[:200]),
    )
