#!/usr/bin/env bash
# `make kind-up`: a kind cluster with the chart in dev mode and one WarehouseLoad of a
# generated data set, waited for. For users with Docker; needs docker and kind on PATH
# (helm and kubectl are the project's own, in .venv/bin: `make install`).
set -euo pipefail
cd "$(dirname "$0")/../.."
CLUSTER=${KIND_CLUSTER:-olist-dw}
NAMESPACE=${NAMESPACE:-olist-dw}
IMAGE=olist-dw:${IMAGE_TAG:-dev}
export PATH="$PWD/.venv/bin:$PATH"

for tool in docker kind helm kubectl; do
  command -v "$tool" >/dev/null || { echo "kind-up needs $tool on PATH"; exit 1; }
done

kind get clusters | grep -qx "$CLUSTER" \
  || kind create cluster --name "$CLUSTER" --config tools/kind/cluster.yaml --wait 120s
docker build --tag "$IMAGE" --build-arg REVISION="$(git rev-parse HEAD)" \
  --build-arg CREATED="$(date -u +%FT%TZ)" .
kind load docker-image "$IMAGE" --name "$CLUSTER"

# bearer tokens (docs/security.md): a key pair of the cluster's own, made once beside the
# checkout; the services get its JWKS, the load Jobs a service token in the credentials
KEYS_HOME=.olist-dw/kind
LOADER_TOKEN=$(OLIST_DW_HOME="$KEYS_HOME" olist-dw token --role service --ttl 30d --subject loader)

# dev mode: the migrations hook runs after install, so no --wait on the first install
# (docs/kubernetes.md); then wait for every Deployment and StatefulSet of the release
helm upgrade --install olist-dw helm/olist-dw --namespace "$NAMESPACE" --create-namespace \
  --values helm/olist-dw/ci/dev-values.yaml \
  --set-file auth.oauth.jwks="$KEYS_HOME/auth/jwks.json" \
  --set image.repository=olist-dw --set image.tag="${IMAGE#*:}" --set image.pullPolicy=Never
kubectl --namespace "$NAMESPACE" patch secret olist-dw-credentials --type merge \
  --patch "{\"stringData\": {\"loader-token\": \"$LOADER_TOKEN\"}}"
kubectl --namespace "$NAMESPACE" rollout status statefulset --selector app.kubernetes.io/instance=olist-dw --timeout 10m
kubectl --namespace "$NAMESPACE" wait --for=condition=complete job/olist-dw-migrations \
  --timeout 10m || true   # a hook Job is deleted once it succeeded
kubectl --namespace "$NAMESPACE" rollout status deployment --selector app.kubernetes.io/instance=olist-dw --timeout 10m

kubectl --namespace "$NAMESPACE" apply -f helm/olist-dw/examples/warehouseload-generated.yaml
LOAD=$(kubectl --namespace "$NAMESPACE" get -f helm/olist-dw/examples/warehouseload-generated.yaml \
  -o jsonpath='{.metadata.name}')
kubectl --namespace "$NAMESPACE" wait "warehouseload/$LOAD" \
  --for=jsonpath='{.status.phase}'=Succeeded --timeout 30m
kubectl --namespace "$NAMESPACE" get warehouseloads
cat <<MSG

olist-dw runs in kind cluster '$CLUSTER', namespace '$NAMESPACE'.
  kubectl -n $NAMESPACE get pods,warehouseloads
  kubectl -n $NAMESPACE port-forward svc/olist-dw-postgresql 5432   # then psql as the analyst
  OLIST_DW_HOME=$KEYS_HOME olist-dw token --role analyst            # a token for the APIs
  make kind-down                                                     # deletes the cluster
MSG
