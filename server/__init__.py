"""Flask-level serving: headers and request checks, compression, cached responses, downloads,
geometry, embed routes, health."""
