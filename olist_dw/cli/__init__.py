"""The `olist-dw` command: Typer and Rich only; what it does lives in the runtime, the
loader and the services' read modules."""

from olist_dw.cli.commands import app

__all__ = ["app"]
