"""The load: which source files feed which context, and the control totals that prove
nothing was lost on the way."""
