"""Add up the results of scripts/test and print the closing line "N passed, N failed".

Usage: test_summary.py RESULTS_DIR FILE... where each FILE (pytest.xml, odoo.log) is the
result a suite that ran must have left there. Exits 1 when anything failed, or when a
suite left no result.
"""

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ODOO_REPORT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
ODOO_PROBLEM = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
# Odoo skips a browser test (a tour) when it finds no browser: that is a failure here.
ODOO_BROWSER_SKIP = re.compile(
    r" INFO \S+ \S+: skipped (.+?) : (.*(chrom|devtools|websocket|not found).*)$", re.I | re.M
)


def pytest_counts(path: Path) -> tuple[int, int]:
    suites = ET.parse(path).getroot()
    passed = failed = 0
    for suite in suites.iter("testsuite"):
        total = int(suite.get("tests", 0))
        bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        passed += total - bad - int(suite.get("skipped", 0))
        failed += bad
    return passed, failed


def odoo_counts(path: Path) -> tuple[int, int]:
    log = path.read_text(errors="replace")
    reports = ODOO_REPORT.findall(log)
    if not reports:
        print("scripts/test: the Odoo run ended without a test report (see the log above)")
        return 0, 1
    failures, errors, total = (int(n) for n in reports[-1])
    failed = failures + errors
    skipped_tours = ODOO_BROWSER_SKIP.findall(log)
    if skipped_tours:
        print("scripts/test: browser tests were skipped (install Debian's chromium):")
        print("\n".join(f"  {test}: {reason}" for test, reason, _kind in skipped_tours[:20]))
        failures += len(skipped_tours)
        failed += len(skipped_tours)
    if not failed:
        # Odoo counts errors logged inside tests; one logged outside them (while installing
        # a module, loading data) is a failure too.
        problems = [line for line in log.splitlines() if ODOO_PROBLEM.match(line)]
        if problems:
            print("scripts/test: errors were logged outside the tests:")
            print("\n".join(problems[:20]))
            failed = 1
    return total - failures - errors, failed


COUNTERS = {"pytest.xml": pytest_counts, "odoo.log": odoo_counts}


def main(results: Path, expected: list[str]) -> int:
    passed = failed = 0
    for name in expected:
        if not (results / name).exists():
            print(f"scripts/test: {name} is missing: that suite did not run to the end")
            failed += 1
            continue
        p, f = COUNTERS[name](results / name)
        passed, failed = passed + p, failed + f
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2:]))
