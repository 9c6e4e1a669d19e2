"""data.cache: a query's cache key is the same in another Python process (with another hash seed), as
gunicorn's workers sharing one Redis need. The rest of data.cache: tests/unit/test_cache.py."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from data import Filters, cache
from data import queries as q
from tests.support import REPO


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test starts with an empty in-process cache and leaves one behind."""
    cache.configure(None)
    yield
    cache.configure(None)


def test_keys_are_the_same_in_another_process(bundled):
    # Python salts hash() per process; keys must not depend on it (gunicorn workers share Redis).
    # The other process needs only the data version (an empty Dataset carrying it), not the data.
    code = (
        "import sys\n"
        "from data import Dataset, Filters\n"
        "from data import queries as q\n"
        "ds = Dataset(sys.argv[1], '', '', {})\n"
        "print(hash('ops'))\n"
        "print(q.measure_by.cache_key(ds, Filters.make(regions='1084,1081', forms='opp', year_from=2012), "
        "'contract_value', 'region'))\n"
    )
    here = q.measure_by.cache_key(bundled, Filters.make(regions="1081,1084", forms="opp", year_from=2012),
                                  "contract_value", "region")
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    out = subprocess.run([sys.executable, "-c", code, bundled.version], cwd=REPO,
                         env=dict(os.environ, PYTHONHASHSEED=seed),
                         capture_output=True, text=True, check=True)
    other_hash, other_key = out.stdout.split()
    assert int(other_hash) != hash("ops")  # the other process really hashes differently
    assert other_key == here
