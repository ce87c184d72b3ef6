{{/* Names ------------------------------------------------------------------------- */}}

{{- define "olist-dw.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "olist-dw.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "olist-dw.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The services, in start order (contracts/contexts.py): the four contexts that take
source rows, then reporting and quality. */}}
{{- define "olist-dw.contexts" -}}
{{- list "marketplace" "customer" "fulfillment" "sales" | toJson -}}
{{- end -}}

{{- define "olist-dw.services" -}}
{{- concat (include "olist-dw.contexts" . | fromJsonArray) (list "reporting" "quality") | toJson -}}
{{- end -}}

{{/* The enabled services: a JSON list of names. */}}
{{- define "olist-dw.enabledServices" -}}
{{- $enabled := list -}}
{{- range $name := include "olist-dw.services" . | fromJsonArray -}}
{{- if (index $.Values $name).enabled -}}
{{- $enabled = append $enabled $name -}}
{{- end -}}
{{- end -}}
{{- $enabled | toJson -}}
{{- end -}}

{{/* The PostgreSQL role of a service (olist_dw/database.py). */}}
{{- define "olist-dw.role" -}}
{{- printf "olist_%s" . -}}
{{- end -}}

{{/* Labels ------------------------------------------------------------------------ */}}

{{/* dict "context" $ "component" "sales" */}}
{{- define "olist-dw.labels" -}}
helm.sh/chart: {{ include "olist-dw.chart" .context }}
{{ include "olist-dw.selectorLabels" . }}
app.kubernetes.io/version: {{ .context.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
app.kubernetes.io/part-of: olist-dw
{{- with .context.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "olist-dw.selectorLabels" -}}
app.kubernetes.io/name: {{ include "olist-dw.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Every pod of the release: what the default-deny NetworkPolicy selects. */}}
{{- define "olist-dw.releaseSelector" -}}
app.kubernetes.io/name: {{ include "olist-dw.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* metadata.annotations from commonAnnotations (nothing when there are none) */}}
{{- define "olist-dw.annotations" -}}
{{- with .Values.commonAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
{{- end }}
{{- end -}}

{{/* Images ------------------------------------------------------------------------ */}}

{{/* dict "image" .Values.image "context" $ */}}
{{- define "olist-dw.imageRef" -}}
{{- $registry := .context.Values.global.imageRegistry | default .image.registry -}}
{{- $repository := .image.repository -}}
{{- if $registry -}}
{{- $repository = printf "%s/%s" $registry .image.repository -}}
{{- end -}}
{{- if .image.digest -}}
{{- printf "%s@%s" $repository .image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (.image.tag | default .context.Chart.AppVersion | toString) -}}
{{- end -}}
{{- end -}}

{{- define "olist-dw.image" -}}
{{- include "olist-dw.imageRef" (dict "image" .Values.image "context" .) -}}
{{- end -}}

{{- define "olist-dw.imagePullSecrets" -}}
{{- with .Values.global.imagePullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* Pods ---------------------------------------------------------------------------- */}}

{{- define "olist-dw.podPlacement" -}}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The pod securityContext, with another user for the dev servers: dict "context" $ "user" 999 */}}
{{- define "olist-dw.podSecurityContext" -}}
{{- $context := deepCopy .context.Values.podSecurityContext -}}
{{- with .user -}}
{{- $_ := set $context "runAsUser" . -}}
{{- $_ := set $context "runAsGroup" . -}}
{{- $_ := set $context "fsGroup" . -}}
{{- end -}}
{{- toYaml $context -}}
{{- end -}}

{{/* Modes and endpoints ------------------------------------------------------------- */}}

{{- define "olist-dw.production" -}}
{{- if eq .Values.mode "production" }}true{{ end -}}
{{- end -}}

{{/* Does the release itself run PostgreSQL (dev StatefulSet or a CloudNativePG Cluster)? */}}
{{- define "olist-dw.databaseInRelease" -}}
{{- if or (not (include "olist-dw.production" .)) .Values.postgresql.cloudnativepg.enabled }}true{{ end -}}
{{- end -}}

{{- define "olist-dw.cnpgCluster" -}}
{{- if and (include "olist-dw.production" .) .Values.postgresql.cloudnativepg.enabled }}true{{ end -}}
{{- end -}}

{{- define "olist-dw.cnpgClusterName" -}}
{{- printf "%s-postgresql" (include "olist-dw.fullname" .) -}}
{{- end -}}

{{- define "olist-dw.postgresqlHost" -}}
{{- if not (include "olist-dw.production" .) -}}
{{- printf "%s-postgresql" (include "olist-dw.fullname" .) -}}
{{- else if .Values.postgresql.cloudnativepg.enabled -}}
{{- printf "%s-rw" (include "olist-dw.cnpgClusterName" .) -}}
{{- else -}}
{{- required "postgresql.host is required in production mode when postgresql.cloudnativepg.enabled is false: the host of the existing PostgreSQL server" .Values.postgresql.host -}}
{{- end -}}
{{- end -}}

{{/* SQLAlchemy URL of a role, without its password (PGPASSWORD carries it): dict "context" $ "role" "olist_sales" "driver" "postgresql+psycopg" */}}
{{- define "olist-dw.databaseUrl" -}}
{{- $values := .context.Values.postgresql -}}
{{- printf "%s://%s@%s:%d/%s" .driver .role (include "olist-dw.postgresqlHost" .context) (int $values.port) $values.database -}}
{{- end -}}

{{- define "olist-dw.adminUser" -}}
{{- if and (include "olist-dw.production" .) (not .Values.postgresql.cloudnativepg.enabled) -}}
{{- .Values.postgresql.adminUser -}}
{{- else -}}
postgres
{{- end -}}
{{- end -}}

{{- define "olist-dw.natsUrl" -}}
{{- if include "olist-dw.production" . -}}
{{- required "nats.url is required in production mode: the URL of the HA NATS JetStream cluster, e.g. nats://nats.nats.svc:4222" .Values.nats.url -}}
{{- else -}}
{{- printf "nats://%s-nats:4222" (include "olist-dw.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* Dev NATS: a user per service with its permissions (files/nats-permissions.json,
generated from services/chassis/broker_permissions.py); each user's password is a key of
the credentials Secret. */}}
{{- define "olist-dw.natsUsers" -}}
{{- .Files.Get "files/nats-permissions.json" -}}
{{- end -}}

{{- define "olist-dw.natsPasswordKey" -}}
{{- printf "nats-%s-password" . -}}
{{- end -}}

{{/* Credentials ------------------------------------------------------------------- */}}

{{- define "olist-dw.generatesSecret" -}}
{{- if and (not (include "olist-dw.production" .)) (not .Values.auth.existingSecret) }}true{{ end -}}
{{- end -}}

{{- define "olist-dw.authSecret" -}}
{{- if include "olist-dw.production" . -}}
{{- required "auth.existingSecret is required in production mode: create a Secret with the PostgreSQL passwords (keys: auth.secretKeys) and set auth.existingSecret to its name" .Values.auth.existingSecret -}}
{{- else -}}
{{- .Values.auth.existingSecret | default (printf "%s-credentials" (include "olist-dw.fullname" .)) -}}
{{- end -}}
{{- end -}}

{{/* The administrator's password: the operator's superuser Secret for a chart-rendered
CloudNativePG cluster, else auth.existingSecret (or the dev Secret). */}}
{{- define "olist-dw.adminPasswordRef" -}}
{{- if include "olist-dw.cnpgCluster" . -}}
name: {{ .Values.postgresql.cloudnativepg.superuserSecret | default (printf "%s-superuser" (include "olist-dw.cnpgClusterName" .)) }}
key: password
{{- else -}}
name: {{ include "olist-dw.authSecret" . }}
key: {{ .Values.auth.secretKeys.admin }}
{{- end -}}
{{- end -}}

{{/* The environment of a service container: its password, and NATS credentials if any. */}}
{{- define "olist-dw.serviceSecretEnv" -}}
- name: PGPASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "olist-dw.authSecret" .context }}
      key: {{ index .context.Values.auth.secretKeys .service }}
{{- if has .service (include "olist-dw.contexts" .context | fromJsonArray) }}{{/* the contexts take people's data */}}
- name: OLIST_DW_PSEUDONYM_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "olist-dw.authSecret" .context }}
      key: {{ .context.Values.auth.personalData.pseudonymKey }}
- name: OLIST_DW_TEXT_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ include "olist-dw.authSecret" .context }}
      key: {{ .context.Values.auth.personalData.textKeys }}
{{- end }}
{{- if not (include "olist-dw.production" .context) }}{{/* the dev NATS: its own user */}}
- name: NATS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "olist-dw.authSecret" .context }}
      key: {{ include "olist-dw.natsPasswordKey" .service }}
- name: OLIST_DW_NATS_URL
  value: {{ printf "nats://%s:$(NATS_PASSWORD)@%s-nats:4222" .service (include "olist-dw.fullname" .context) | quote }}
{{- else if .context.Values.nats.existingSecret }}
- name: OLIST_DW_NATS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .context.Values.nats.existingSecret }}
      key: {{ include "olist-dw.natsUrlKey" (dict "context" .context "user" .service) }}
{{- end }}
{{- end -}}

{{/* The key of a NATS user's URL in `nats.existingSecret`: its own, or the one for all. */}}
{{- define "olist-dw.natsUrlKey" -}}
{{- if .context.Values.nats.urlPerUser -}}
{{- printf "nats-%s-url" .user -}}
{{- else -}}
{{- .context.Values.nats.urlKey -}}
{{- end -}}
{{- end -}}

{{/* The `OLIST_DW_*` settings of a service: the common `config`, its own overrides. */}}
{{- define "olist-dw.serviceSettings" -}}
{{- $config := merge (deepCopy (index .context.Values .service).config) (deepCopy .context.Values.config) -}}
{{- range $key, $value := $config }}
{{- /* a number as JSON writes it: 67108864, not toString's 6.7108864e+07 */}}
OLIST_DW_{{ $key | snakecase | upper }}: {{ ternary ($value | toJson) ($value | toString) (kindIs "float64" $value) | quote }}
{{- end }}
{{- end -}}

{{/* Network peers ------------------------------------------------------------------- */}}

{{- define "olist-dw.postgresqlPeers" -}}
{{- if not (include "olist-dw.production" .) -}}
- podSelector:
    matchLabels:
      {{- include "olist-dw.selectorLabels" (dict "context" . "component" "postgresql") | nindent 6 }}
{{- else if .Values.postgresql.cloudnativepg.enabled -}}
- podSelector:
    matchLabels:
      cnpg.io/cluster: {{ include "olist-dw.cnpgClusterName" . }}
{{- else if .Values.networkPolicy.postgresqlPeers -}}
{{- toYaml .Values.networkPolicy.postgresqlPeers -}}
{{- end -}}
{{- end -}}

{{- define "olist-dw.natsPeers" -}}
{{- if not (include "olist-dw.production" .) -}}
- podSelector:
    matchLabels:
      {{- include "olist-dw.selectorLabels" (dict "context" . "component" "nats") | nindent 6 }}
{{- else if .Values.networkPolicy.natsPeers -}}
{{- toYaml .Values.networkPolicy.natsPeers -}}
{{- end -}}
{{- end -}}

{{- define "olist-dw.natsPort" -}}
{{- if include "olist-dw.production" . }}{{ .Values.networkPolicy.natsPort }}{{ else }}4222{{ end -}}
{{- end -}}

{{/* Egress rules: DNS, PostgreSQL and NATS. */}}
{{- define "olist-dw.egressToInfrastructure" -}}
{{- include "olist-dw.egressToDns" . }}
{{ include "olist-dw.egressToPostgresql" . }}
- ports:
    - port: {{ include "olist-dw.natsPort" . }}
      protocol: TCP
  {{- with include "olist-dw.natsPeers" . }}
  to:
    {{- . | nindent 4 }}
  {{- end }}
{{- end -}}

{{- define "olist-dw.egressToDns" -}}
- ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
  to:
    {{- toYaml .Values.networkPolicy.dns | nindent 4 }}
{{- end -}}

{{- define "olist-dw.egressToPostgresql" -}}
- ports:
    - port: {{ .Values.postgresql.port }}
      protocol: TCP
  {{- with include "olist-dw.postgresqlPeers" . }}
  to:
    {{- . | nindent 4 }}
  {{- end }}
{{- end -}}

{{- define "olist-dw.fromLoader" -}}
- podSelector:
    matchLabels:
      {{- include "olist-dw.selectorLabels" (dict "context" . "component" "loader") | nindent 6 }}
{{- end -}}

{{- define "olist-dw.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "olist-dw.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}
