"""helm/olist-dw/files/nats-permissions.json, generated from the one place the NATS users'
permissions are written down (services/chassis/broker_permissions.py): the dev NATS of the
chart renders its users from it, as the local runtime does from the module itself.

    python helm/generate_nats_permissions.py           rewrite the file
    python helm/generate_nats_permissions.py --check   exit 1 if it is not up to date
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.chassis.broker_permissions import USERS, permissions_of

TARGET = Path(__file__).resolve().parent / "olist-dw" / "files" / "nats-permissions.json"


def rendered() -> str:
    users = {
        user: {"publish": list(p.publish), "subscribe": list(p.subscribe)}
        for user in USERS
        for p in [permissions_of(user)]
    }
    return json.dumps(users, indent=2) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    if parser.parse_args().check:
        if TARGET.read_text() != rendered():
            print(f"{TARGET} is out of date: python helm/generate_nats_permissions.py")
            return 1
        return 0
    TARGET.write_text(rendered())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
