"""Bina ASN: plan, run and evaluate the competency development of civil servants."""

__version__ = "0.1.0"
