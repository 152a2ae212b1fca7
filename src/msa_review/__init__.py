"""msa-review: review a white-label softphone MSA against a checklist, offline."""

__version__ = "0.1.0"
