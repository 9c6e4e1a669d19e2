"""Messages of the programmes page and its charts (part of the one catalogue, see components.text)."""

MESSAGES: dict[str, dict[str, str]] = {}
