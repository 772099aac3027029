"""Criteria that exist only in an appendix scoring table after the signature ("PHỤ LỤC …
THANG ĐIỂM": STT | TIÊU CHÍ | ĐIỂM | HƯỚNG DẪN CHẤM ĐIỂM), however the table was flattened:
one cell per line (Word, a web copy) or cells wrapped over several lines (text). A row opens
with its number alone on a line; a Roman number opens a group of subjects ("I. NHÓM XÃ,
PHƯỜNG"); the first bare number after a criterion's words is its points, and what follows the
points (the scoring guidance) is not the criterion."""

import re

from campaigns.importer.parse.rules import subject_code
from campaigns.importer.text import collapse, join_lines

STT_RE = re.compile(r"^(?P<stt>[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*)\.?$")
POINTS_RE = re.compile(r"^\d{1,3}(?:[.,]\d{1,2})?$")
HEADER_RE = re.compile(r"(?i)\btiêu chí\b")
POINTS_HEADER_RE = re.compile(r"(?i)\bđiểm\b")


def appendix_criteria(lines: list[str]) -> tuple[list[dict], list[str]]:
    """([criteria group], [heading of each group that has no numbered criterion]) from the
    lines of the appendices; ([], []) when they hold no scoring table."""
    texts = [collapse(line).strip("|* ").strip() for line in lines]
    texts = [t for t in texts if t]
    start = _table_start(texts)
    if start is None:
        return [], []
    rows = _rows(texts[start:])
    groups: list[dict] = []
    empty: list[str] = []
    for n, (stt, words, _points) in enumerate(rows):
        if re.fullmatch(r"[IVX]+", stt):
            heading = join_lines([w for w in words if w == w.upper()]) or join_lines(words)
            groups.append({"subject_type": subject_code(heading), "heading": heading, "criteria": []})
            continue
        if not groups:
            groups.append({"subject_type": "other", "heading": "", "criteria": []})
        if n + 1 < len(rows) and rows[n + 1][0].startswith(f"{stt}."):
            continue  # "5. Điểm cộng" heads the rows 5.1, 5.2 …: each of those says what it is worth
        parent = next((r for r in rows[:n] if stt.startswith(f"{r[0]}.")), None)
        text = join_lines(words)
        groups[-1]["criteria"].append(f"{join_lines(parent[1])}: {text}" if parent else text)
    empty = [g["heading"] for g in groups if not g["criteria"]]
    return [g for g in groups if g["criteria"]], empty


def _table_start(texts: list[str]) -> int | None:
    """The line after the header cells, when a header names a criteria column and a points column."""
    for i, text in enumerate(texts):
        if HEADER_RE.search(text) and len(text) < 60:
            header = texts[max(0, i - 3) : i + 4]
            if any(POINTS_HEADER_RE.search(cell) and len(cell) < 60 for cell in header):
                end = i + 1
                while end < len(texts) and not STT_RE.match(texts[end]) and len(texts[end]) < 60:
                    end += 1
                return end
    return None


def _rows(texts: list[str]) -> list[tuple[str, list[str], str | None]]:
    rows: list[tuple[str, list[str], str | None]] = []
    stt, words, points, guidance = None, [], None, False
    for text in texts:
        opens = STT_RE.match(text)
        if opens and (guidance or words or stt is None) and not (words and not guidance and POINTS_RE.match(text)):
            if stt is not None:
                rows.append((stt, words, points))
            stt, words, points, guidance = opens.group("stt"), [], None, False
            continue
        if stt is None:
            continue
        if not guidance and words and POINTS_RE.match(text):
            points, guidance = text, True
        elif not guidance:
            words.append(text)
    if stt is not None:
        rows.append((stt, words, points))
    return rows
