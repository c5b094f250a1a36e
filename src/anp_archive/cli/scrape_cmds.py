"""Commands registered on the shared app (placeholder until implemented)."""

from __future__ import annotations
