"""The pure core of Bina ASN: typed functions and frozen dataclasses that never import Django."""
