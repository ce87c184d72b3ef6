from decimal import Decimal
from typing import Annotated

from pydantic import Field, PlainSerializer

# BRL amounts on the wire: a JSON string with exactly two decimals, never a float.
BRL = Annotated[
    Decimal,
    Field(max_digits=14, decimal_places=2, ge=0),
    PlainSerializer(lambda value: f"{value:.2f}", return_type=str, when_used="json"),
]
