"""What a person and a machine read after a run: one summary of the observations
(per window and per second) rendered to the console, JSON, CSV and HTML, so that all
of them show the same numbers."""
