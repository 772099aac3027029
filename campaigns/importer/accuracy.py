"""How closely an extraction matches a reference plan (the demo files): per field of the schema,
how many of its leaf values (each text, code, year, date) are equal at the same place."""

from typing import Any

IGNORED = ("key", "plan_id")


def leaves(value: Any, path: tuple = ()) -> dict[tuple, Any]:
    if isinstance(value, dict):
        found: dict[tuple, Any] = {}
        for key, item in value.items():
            if key not in IGNORED:
                found.update(leaves(item, (*path, key)))
        return found or {path: {}}
    if isinstance(value, list):
        found = {}
        for index, item in enumerate(value):
            found.update(leaves(item, (*path, index)))
        return found or {path: []}
    return {path: value}


def field_accuracy(expected: dict[str, Any], actual: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """{field: (matching leaves, leaves in either)} for every field of the expected plan."""
    report = {}
    for key, value in expected.items():
        if key in IGNORED:
            continue
        want, got = leaves(value), leaves(actual.get(key, "<missing>"))
        paths = set(want) | set(got)
        report[key] = (sum(1 for p in paths if p in want and p in got and want[p] == got[p]), len(paths))
    return report


def combine(reports: list[dict[str, tuple[int, int]]]) -> dict[str, tuple[int, int]]:
    total: dict[str, tuple[int, int]] = {}
    for report in reports:
        for key, (matched, count) in report.items():
            old = total.get(key, (0, 0))
            total[key] = (old[0] + matched, old[1] + count)
    return total


def format_accuracy(report: dict[str, tuple[int, int]]) -> str:
    lines = []
    for key, (matched, count) in report.items():
        lines.append(f"{key:<18} {matched:>4}/{count:<4} {100 * matched / count:6.1f}%")
    matched = sum(m for m, _ in report.values())
    count = sum(c for _, c in report.values())
    lines.append(f"{'(all)':<18} {matched:>4}/{count:<4} {100 * matched / count:6.1f}%")
    return "\n".join(lines)
