"""The helpers behind the security headers: the Content-Security-Policy and the request-error log line.
The headers on real responses: tests/integration/test_security_headers.py; the pages under the policy in
Chromium: tests/browser/test_security_headers.py."""

from __future__ import annotations

from server.security import content_security_policy, log_line


def test_policy_and_log_line_helpers():
    policy = content_security_policy(["'sha256-x'"], "frame-ancestors 'self'")
    assert policy.startswith("default-src 'self'; script-src 'self' 'sha256-x'; style-src 'self' 'unsafe-inline'")
    assert policy.endswith("; frame-ancestors 'self'")
    line = log_line("GET", '/a\nb"c', 404, "no such page")
    assert "\n" not in line and line == 'method=GET path="/a\\nb\\"c" status=404 reason="no such page"'
