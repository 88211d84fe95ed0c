"""Root pytest configuration: the shared fixtures live in the ``bina.testing`` plugin."""

pytest_plugins = ["bina.testing"]
