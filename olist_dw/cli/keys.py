"""`olist-dw keys ...`: the keys of personal data (docs/adr/0013-personal-data.md)."""

from __future__ import annotations

import typer

from olist_dw.cli.audit import audited
from olist_dw.rotation import rotate_text_keys
from olist_dw.runtime.stack import Stack

keys_app = typer.Typer(help="The keys of personal data: rotate the text key.", no_args_is_help=True)


@keys_app.command("rotate-texts")
def rotate_texts() -> None:
    """Seal every stored review text with a new key, then drop the old ones from the ring
    (the Customer service is restarted twice)."""
    stack = Stack()
    rotation = rotate_text_keys(stack, progress=typer.echo)
    audited(stack, "keys.texts_rotated", {"retired": rotation.retired, "sealing": rotation.sealing})
    typer.echo(
        f"{rotation.resealed:,} rows sealed again with {rotation.sealing};"
        f" retired {', '.join(rotation.retired)}"
    )
