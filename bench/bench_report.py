#!/usr/bin/env python3
"""Turns the rows measured by scripts/run-bench.sh into docs/benchmarks.json and the Markdown tables of
docs/benchmarks.md: the ratio of each row to this machine's limit measured in the same run, and whether the
targets of issue #6 hold.

usage: bench_report.py ROWS_TSV META_JSON JSON_OUT SCALE
  ROWS_TSV   one row a line, tab-separated (see COLUMNS), written by run-bench.sh
  META_JSON  {"machine", "date", "commit", "ceilings": {KEY: {"name", "per_s", ...}}, ...}: copied to the top of
             JSON_OUT; a row's ceiling column names a KEY
  JSON_OUT   written: the top-level fields of META_JSON plus "rows" (every row of every scale)
  SCALE      prints the Markdown table of the rows of this scale ("city", "demo") to stdout
"""
import json
import sys

# ceiling: a key of META_JSON's "ceilings" ("http", "storage"), or "none"; ceiling_per_s is then filled in.
COLUMNS = ["name", "scale", "unit", "throughput_per_s", "p50_ms", "p95_ms", "p99_ms", "peak_rss_mb",
           "ceiling", "ceiling_per_s", "target", "non2xx", "socket_errors", "requests", "note"]

# Issue #6: read endpoints reach half of the HTTP ceiling; a check-in 70 % of the raw durable-commit rate;
# the city dashboard's p95 stays under 50 ms on SQLite at city scale; the server under 300 MB at city scale.
READ_RATIO, WRITE_RATIO, DASHBOARD_P95_MS, RSS_MB = 0.50, 0.70, 50.0, 300.0


def number(text, integer=False):
    if text in ("", "-", "null", None):
        return None
    return int(float(text)) if integer else float(text)


def load(path, ceilings):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            cells += [""] * (len(COLUMNS) - len(cells))
            r = dict(zip(COLUMNS, cells))
            for k in ("throughput_per_s", "p50_ms", "p95_ms", "p99_ms", "peak_rss_mb"):
                r[k] = number(r[k])
            for k in ("non2xx", "socket_errors", "requests"):
                r[k] = number(r[k], integer=True)
            ceiling = ceilings.get(r.pop("ceiling"))
            r["ceiling_name"] = ceiling["name"] if ceiling else "none"
            r["ceiling_per_s"] = ceiling["per_s"] if ceiling else None
            r["ratio"] = (round(r["throughput_per_s"] / r["ceiling_per_s"], 3)
                          if r["ceiling_per_s"] and r["throughput_per_s"] is not None else None)
            r["targets"] = targets(r)
            rows.append(r)
    return rows


def targets(r):
    """The targets that apply to the row, each {"what", "met"}."""
    out = []
    kind = r["target"]
    if kind in ("read", "dashboard") and r["ratio"] is not None:
        out.append({"what": f"ratio ≥ {READ_RATIO:.2f}", "met": r["ratio"] >= READ_RATIO})
    if kind == "write" and r["ratio"] is not None:
        out.append({"what": f"ratio ≥ {WRITE_RATIO:.2f}", "met": r["ratio"] >= WRITE_RATIO})
    if kind == "dashboard" and r["p95_ms"] is not None:
        out.append({"what": f"p95 < {DASHBOARD_P95_MS:.0f} ms", "met": r["p95_ms"] < DASHBOARD_P95_MS})
    if r["scale"] == "city" and r["peak_rss_mb"] is not None:
        out.append({"what": f"RSS < {RSS_MB:.0f} MB", "met": r["peak_rss_mb"] < RSS_MB})
    return out


def fmt(value, digits=1):
    if value is None:
        return "—"
    if isinstance(value, int) or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def table(rows):
    lines = ["| hot path | throughput | p50 ms | p95 ms | p99 ms | peak RSS MB | ceiling | ceiling /s | ratio | "
             "targets (#6) | non-2xx / errors |",
             "|---|---:|---:|---:|---:|---:|---|---:|---:|---|---|"]
    for r in rows:
        ceiling = r["ceiling_name"]
        checks = "; ".join(f"{t['what']} {'✓' if t['met'] else '✗'}" for t in r["targets"]) or "—"
        errors = []
        if r["non2xx"]:
            errors.append(f"{r['non2xx']:,} non-2xx")
        if r["socket_errors"]:
            errors.append(f"{r['socket_errors']:,} socket errors")
        ratio = "—" if r["ratio"] is None else f"{r['ratio']:.3f}"
        if r["requests"] is not None and not errors:
            errors.append("none")
        lines.append(
            f"| {r['name']} | {fmt(r['throughput_per_s'])} {r['unit']} | {fmt(r['p50_ms'], 2)} | {fmt(r['p95_ms'], 2)} | "
            f"{fmt(r['p99_ms'], 2)} | {fmt(r['peak_rss_mb'])} | {ceiling} | {fmt(r['ceiling_per_s'])} | "
            f"{ratio} | "
            f"{checks} | {', '.join(errors) or '—'} |")
    return "\n".join(lines)


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    rows_path, meta_path, json_out, scale = sys.argv[1:]
    with open(meta_path, encoding="utf-8") as f:
        meta = json.load(f)
    rows = load(rows_path, meta.get("ceilings", {}))
    keep = ["name", "throughput_per_s", "p50_ms", "p99_ms", "peak_rss_mb", "ceiling_name", "ceiling_per_s", "ratio",
            "p95_ms", "unit", "scale", "non2xx", "socket_errors", "requests", "targets", "note"]
    document = dict(meta)
    document["rows"] = [{k: r[k] for k in keep if k != "note" or r["note"]} for r in rows]
    with open(json_out, "w", encoding="utf-8") as f:
        json.dump(document, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(table([r for r in rows if r["scale"] == scale]))


if __name__ == "__main__":
    main()
