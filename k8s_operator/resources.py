"""The custom resources' names, and the labels and annotations the operator puts on what
it creates (the Helm chart's CRDs in helm/olist-dw/crds/ declare the same names)."""

from __future__ import annotations

from dataclasses import dataclass

GROUP = "olist-dw.io"
VERSION = "v1alpha1"
API_VERSION = f"{GROUP}/{VERSION}"


@dataclass(frozen=True)
class Kind:
    kind: str
    plural: str
    singular: str
    short_name: str


WAREHOUSE_LOAD = Kind("WarehouseLoad", "warehouseloads", "warehouseload", "wl")
BACKUP_SCHEDULE = Kind("BackupSchedule", "backupschedules", "backupschedule", "bks")
RESTORE_DRILL = Kind("RestoreDrill", "restoredrills", "restoredrill", "rd")
KINDS = (WAREHOUSE_LOAD, BACKUP_SCHEDULE, RESTORE_DRILL)
BY_PLURAL = {k.plural: k for k in KINDS}

# on every Job and CronJob the operator creates (and the Jobs a CronJob creates from it)
MANAGED_BY_LABEL = "app.kubernetes.io/managed-by"
MANAGED_BY = "olist-dw-operator"
COMPONENT_LABEL = "app.kubernetes.io/component"
OWNER_KIND_LABEL = f"{GROUP}/owner-kind"  # the owner's plural, e.g. warehouseloads
OWNER_UID_LABEL = f"{GROUP}/owner-uid"
OWNER_NAME_ANNOTATION = f"{GROUP}/owner-name"  # names may be longer than a label value

# the components of the pods (the chart's NetworkPolicies select them)
LOADER_COMPONENT = "loader"
BACKUP_COMPONENT = "backup"
