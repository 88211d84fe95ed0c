"""A lighter PBKDF2 for first-login codes only.

Creating accounts for a whole unit means hashing hundreds of codes at once; Django's default
(1,000,000 iterations, ~0.2 s a hash here) would take minutes; at 20,000 iterations a
unit of 3,000 takes seconds. A code has 40 bits of entropy and is temporary: it must be
changed at first sign-in, when the new password is hashed with the default hasher."""

from __future__ import annotations

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class FirstLoginCodeHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_sha256_code"
    iterations = 20_000
