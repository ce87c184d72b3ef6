#!/usr/bin/env bash
# `make kind-down`: deletes the kind cluster of `make kind-up` (and everything in it).
set -euo pipefail
CLUSTER=${KIND_CLUSTER:-olist-dw}
command -v kind >/dev/null || { echo "kind-down needs kind on PATH"; exit 1; }
kind delete cluster --name "$CLUSTER"
