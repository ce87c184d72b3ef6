"""The published language of olist-dw: versioned event and import-record schemas."""
