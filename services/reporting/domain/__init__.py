"""Reporting: how facts of the star schema follow from the events of the contexts."""
