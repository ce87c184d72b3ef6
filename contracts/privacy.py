"""Notices to systems outside the warehouse about people's data (LGPD): not integration
events of a context (no aggregate publishes them, the star schema does not project them),
but enveloped and versioned like them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

SUBJECT_ERASED = "privacy.subject.erased"


class SubjectErasedV1(BaseModel):
    """A person was erased: every system that received the pseudonyms below (in any event of
    the contexts) must erase what it holds under them."""

    model_config = ConfigDict(frozen=True)

    people: list[str] = Field(
        min_length=1,
        description="The person's pseudonyms: customer_unique_id's, then each customer_id's.",
    )
    orders: list[str] = Field(description="Their orders, kept as facts without the person.")
    erasure: str = Field(description="The erasure's tag in the ledger and the audit log.")


NOTICES: dict[tuple[str, int], type[BaseModel]] = {(SUBJECT_ERASED, 1): SubjectErasedV1}
