"""Scale benchmark: generate, load and build the whole warehouse at several sizes.

    .venv/bin/python scripts/benchmark.py --persons 10000 100000 1000000 --out docs/benchmarks.md

For every size, in a fresh child process (so one size's memory does not weigh on the next):

1. generate `--days + 1` daily batches for the persons (the generator in its own process);
2. put batches 1..days in a landing folder (hard links) and hold the last one back;
3. run the Dagster main job the way `c360 run` does (`prepare_dbt()`, `run_main_job()`) on
   a fresh warehouse, and read per-step wall times from the Dagster event log, per-model
   times from each dbt step's run_results.json and per-query times from its dbt.log;
4. export the edge list the identity clustering consumed and time SciPy's
   `connected_components` on it (median of `--repeats`), checking it finds the same
   partition as the warehouse;
5. optionally `EXPLAIN ANALYZE` the slowest SQL models against the built warehouse;
6. land the held-back day and run the job again (the incremental run).

A sampler thread reads the resident memory (RSS) of the child and all its descendants
(dbt, generator workers) every 0.2 s; each stage gets the peak seen in its time window.
Results go to `<work>/<persons>/result.json`; the parent prints a summary and writes
the Markdown report (`--out`), keeping its hand-written findings section.

The generator cannot append a day to an earlier generation (a run with days=N+1 differs
from one with days=N in every batch), hence the held-back last batch.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    # Benchmark the tree this script sits in, even where another checkout is installed.
    sys.path.insert(0, str(REPO))

DEFAULT_WORK = REPO / "data" / "bench"
FINDINGS_START = "<!-- findings:start -->"
FINDINGS_END = "<!-- findings:end -->"

# Dagster steps of the main job, by stage; any other step (the asset checks) is `checks`.
STAGE_OF_STEP = {
    "load_landing_files": "load",
    "dbt_staging": "staging",
    "dbt_identity": "identity",
    "dbt_marts": "marts",
    "published_marts": "publish",
}
STAGES = ("generate", "parse", "load", "staging", "identity", "checks", "marts", "publish")
JOB_STAGES = ("load", "staging", "identity", "checks", "marts", "publish")
# The model whose pre-hook clusters the accepted links (macros/identity/identity_resolution.sql).
CLUSTER_MODEL = "int_identity_records_clustered"
EDGES_MODEL = "int_identity_edges_proposed"
DECISIONS_MODEL = "int_identity_links_decided"
# Targets of the issue, at 1,000,000 persons.
TARGET_JOB_SECONDS = 15 * 60
TARGET_PEAK_BYTES = 8 * 1024**3
TARGET_CLUSTER_RATIO = 4.0
TARGET_SCALING = 11.0
TARGET_INCREMENTAL_SHARE = 0.10
TARGET_LOOKUP_SECONDS = 1.0


# --------------------------------------------------------------------------- helpers


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def fmt_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds >= 600:
        return f"{seconds / 60:.1f} min"
    if seconds >= 10:
        return f"{seconds:.0f} s"
    if seconds >= 0.1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms"


def fmt_bytes(value: float | None) -> str:
    if value is None:
        return "-"
    for unit, size in (("GiB", 1024**3), ("MiB", 1024**2)):
        if value >= size:
            return f"{value / size:.2f} {unit}"
    return f"{value / 1024:.0f} KiB"


def fmt_int(value: float | None) -> str:
    return "-" if value is None else f"{int(value):,}"


def fmt_rate(rows: float | None, seconds: float | None) -> str:
    if not rows or not seconds:
        return "-"
    return f"{rows / seconds:,.0f}"


def split_batches(
    files: list[dict[str, Any]], source: Path, landing: Path, held_back: Path
) -> tuple[list[str], list[str]]:
    """Hard-link the generated files into `landing`, except the last batch (into `held_back`).

    `files` are the generation report's file entries (path relative to `source`, batch).
    Returns (paths landed, paths held back). Both folders are emptied first.
    """
    batches = sorted({f["batch"] for f in files})
    if len(batches) < 2:
        raise ValueError("need at least two batches to hold one back")
    last = batches[-1]
    landed: list[str] = []
    kept: list[str] = []
    for folder in (landing, held_back):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    for entry in sorted(files, key=lambda f: f["path"]):
        target_root, bucket = (held_back, kept) if entry["batch"] == last else (landing, landed)
        _link(source / entry["path"], target_root / entry["path"])
        bucket.append(entry["path"])
    return landed, kept


def _link(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def land_held_back(held_back: Path, landing: Path) -> list[str]:
    """Move the held-back batch into the landing folder (the next day arriving)."""
    moved = []
    for path in sorted(p for p in held_back.rglob("*") if p.is_file()):
        relative = path.relative_to(held_back)
        _link(path, landing / relative)
        moved.append(str(relative))
    return moved


class TreeSampler(threading.Thread):
    """Samples the RSS of this process and all its descendants every `interval` seconds."""

    def __init__(self, interval: float = 0.2):
        super().__init__(daemon=True, name="rss-sampler")
        import psutil

        self._psutil = psutil
        self.root = psutil.Process()
        self.interval = interval
        self.samples: list[tuple[float, int, int]] = []  # (time, tree rss, this process rss)
        self._stop_event = threading.Event()

    def sample(self) -> tuple[float, int, int]:
        now = time.time()
        own = self.root.memory_info().rss
        total = own
        for child in self.root.children(recursive=True):
            with contextlib.suppress(self._psutil.NoSuchProcess, self._psutil.AccessDenied):
                total += child.memory_info().rss
        return now, total, own

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.samples.append(self.sample())
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)

    def peak(self, start: float, end: float) -> int | None:
        return peak_between(self.samples, start, end)


def peak_between(samples: list[tuple[float, int, int]], start: float, end: float) -> int | None:
    """Largest tree RSS sampled in [start, end] (the nearest sample if none falls inside)."""
    inside = [total for t, total, _ in samples if start <= t <= end]
    if inside:
        return max(inside)
    if not samples:
        return None
    return min(samples, key=lambda s: abs(s[0] - start))[1]


def scipy_components(node_a, node_b) -> dict[str, Any]:
    """Connected components of the undirected edge list with SciPy, timed in two parts."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    started = time.perf_counter()
    a = np.asarray(node_a, dtype=np.int64)
    b = np.asarray(node_b, dtype=np.int64)
    keep = a != b
    a, b = a[keep], b[keep]
    nodes, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
    n = len(nodes)
    ia, ib = inverse[: len(a)], inverse[len(a) :]
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (ia, ib)), shape=(n, n)).tocsr()
    built = time.perf_counter()
    count, labels = connected_components(graph, directed=False)
    done = time.perf_counter()
    lo, hi = np.minimum(ia, ib), np.maximum(ia, ib)
    distinct_edges = len(np.unique(lo.astype(np.int64) * n + hi)) if n else 0
    return {
        "nodes": int(n),
        "edges": int(len(a)),
        "distinct_edges": int(distinct_edges),
        "components": int(count),
        "build_seconds": built - started,
        "compute_seconds": done - built,
        "node_ids": nodes,
        "labels": labels,
    }


def same_partition(labels, other) -> bool:
    """True when two labelings of the same nodes group them identically."""
    import numpy as np

    labels = np.asarray(labels)
    other = np.asarray(other)
    if labels.shape != other.shape:
        return False
    pairs = len({(int(x), int(y)) for x, y in zip(labels.tolist(), other.tolist(), strict=True)})
    return pairs == len(np.unique(labels)) == len(np.unique(other))


def labels_of_nodes(node_ids, record_nums, cluster_nums):
    """The warehouse's label of each node: its cluster_num row, or the node itself where
    it has none (a cluster's smallest record). Rows of nodes outside the edge list are
    not read: the erasure purge deletes an erased person's edges after the clustering,
    and their rows (two numbers, nothing personal) stay."""
    import numpy as np

    node_ids = np.asarray(node_ids)
    order = np.argsort(record_nums)
    record_nums = np.asarray(record_nums)[order]
    cluster_nums = np.asarray(cluster_nums)[order]
    if not len(record_nums):
        return node_ids.copy()
    position = np.minimum(np.searchsorted(record_nums, node_ids), len(record_nums) - 1)
    found = record_nums[position] == node_ids
    return np.where(found, cluster_nums[position], node_ids)


def read_run_results(target_dir: Path) -> dict[str, dict[str, Any]]:
    """run_results.json of every dbt step under a run's target folder, by stage."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(target_dir.glob("*/run_results.json")):
        step = path.parent.name.split("-")[0]  # dagster-dbt names it <op>-<run>-<uuid>
        stage = STAGE_OF_STEP.get(step, step)
        found[stage] = json.loads(path.read_text())
    return found


def node_timings(run_results: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per executed dbt node: stage, id, type, seconds, status."""
    rows = []
    for stage, results in run_results.items():
        for result in results.get("results", []):
            uid = result["unique_id"]
            rows.append(
                {
                    "stage": stage,
                    "unique_id": uid,
                    "name": node_name(uid),
                    "resource_type": uid.split(".")[0],
                    "seconds": float(result.get("execution_time") or 0.0),
                    "status": result.get("status"),
                    "thread": result.get("thread_id"),
                }
            )
    return rows


def node_name(unique_id: str) -> str:
    """model.p.name -> name; test.p.name.hash -> name; unit_test.p.model.test -> model:test."""
    parts = unique_id.split(".")
    if parts[0] == "unit_test" and len(parts) >= 4:
        return f"{parts[2]}:{parts[3]}"
    if parts[0] == "test" and len(parts) >= 3:
        return parts[2]
    return parts[-1]


def stage_node_summary(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per stage: count and summed seconds of models (and seeds) and of tests."""
    summary: dict[str, dict[str, float]] = {}
    for row in rows:
        kind = "tests" if row["resource_type"] in ("test", "unit_test") else "models"
        entry = summary.setdefault(
            row["stage"], {"models": 0, "models_s": 0.0, "tests": 0, "tests_s": 0.0}
        )
        entry[kind] += 1
        entry[f"{kind}_s"] += row["seconds"]
    return summary


def top_nodes(rows: list[dict[str, Any]], n: int = 10) -> list[dict[str, Any]]:
    total = sum(r["seconds"] for r in rows) or 1.0
    ranked = sorted(rows, key=lambda r: r["seconds"], reverse=True)[:n]
    return [{**r, "share": r["seconds"] / total} for r in ranked]


def parse_dbt_log(path: Path) -> list[dict[str, Any]]:
    """Every SQL statement of a dbt JSON log with its node, elapsed seconds and SQL head."""
    pending: dict[str, dict[str, Any]] = {}
    queries: list[dict[str, Any]] = []
    if not path.exists():
        return queries
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if '"SQLQuery' not in line:
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            info, data = event.get("info", {}), event.get("data", {})
            name = info.get("name")
            thread = info.get("thread", "")
            node = (data.get("node_info") or {}).get("unique_id") or data.get("conn_name", "")
            if name == "SQLQuery":
                pending[thread] = {"node": node, "sql": " ".join(data.get("sql", "").split())}
            elif name == "SQLQueryStatus" and thread in pending:
                query = pending.pop(thread)
                query["seconds"] = float(data.get("elapsed") or 0.0)
                query["end"] = _epoch(info.get("ts"))
                queries.append(query)
    return queries


def _epoch(stamp: str | None) -> float | None:
    import datetime as dt

    if not stamp:
        return None
    try:
        return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def busy_seconds(queries: list[dict[str, Any]]) -> float:
    """Wall time during which at least one statement ran (union of their intervals)."""
    spans = sorted((q["end"] - q["seconds"], q["end"]) for q in queries if q.get("end") is not None)
    total, current_start, current_end = 0.0, None, None
    for start, end in spans:
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += current_end - current_start
    return total


STATEMENT_KINDS = (
    ("comment on", "comment on (persist_docs)"),
    ("create table", "create table"),
    ("create or replace table", "create table"),
    ("create view", "create view"),
    ("create or replace view", "create view"),
    ("create schema", "schema and metadata"),
    ("alter table", "alter / rename"),
    ("drop", "drop"),
    ("delete", "delete (erasure purge)"),
    ("insert", "insert"),
    ("copy", "seed load (copy)"),
    ("begin", "begin / commit"),
    ("commit", "begin / commit"),
    ("rollback", "begin / commit"),
    ("with", "select (tests, hooks)"),
    ("select", "select (tests, hooks)"),
    ("describe", "schema and metadata"),
    ("pragma", "schema and metadata"),
    ("set", "schema and metadata"),
)


def statement_kind(sql: str) -> str:
    text = sql_head(sql, 200).lower().lstrip("( ")
    if "information_schema" in text or "duckdb_" in text:
        return "schema and metadata"
    for prefix, kind in STATEMENT_KINDS:
        if text.startswith(prefix):
            return kind
    if text.startswith("-- build actual result") or "dbt_internal_unit_test" in text:
        return "select (tests, hooks)"
    return "other"


def statement_summary(queries: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Count and summed seconds of statements by kind."""
    summary: dict[str, dict[str, float]] = {}
    for query in queries:
        entry = summary.setdefault(statement_kind(query["sql"]), {"count": 0, "seconds": 0.0})
        entry["count"] += 1
        entry["seconds"] += query["seconds"]
    return summary


def queries_of(queries: list[dict[str, Any]], node_suffix: str) -> list[dict[str, Any]]:
    return [q for q in queries if q["node"].endswith(node_suffix)]


def sql_head(sql: str, width: int = 90) -> str:
    """A short label of a statement: skip dbt's comment, keep the start."""
    if sql.startswith("/*"):
        sql = sql.split("*/", 1)[-1].strip()
    return sql[:width] + ("..." if len(sql) > width else "")


def operator_profile(plan: dict[str, Any], n: int = 5) -> list[dict[str, Any]]:
    """The costliest operators of a DuckDB JSON profile (EXPLAIN (ANALYZE, FORMAT JSON))."""
    found: list[dict[str, Any]] = []

    def walk(op: dict[str, Any]) -> None:
        name = op.get("operator_name") or op.get("name") or op.get("operator_type") or "?"
        timing = op.get("operator_timing", op.get("timing", 0.0)) or 0.0
        rows = op.get("operator_cardinality", op.get("intermediate_rows", 0)) or 0
        if name not in ("RESULT_COLLECTOR", "EXPLAIN_ANALYZE"):
            extra = op.get("extra_info") or {}
            detail = ""
            if isinstance(extra, dict):
                for key in ("Join Type", "Conditions", "Groups", "Table", "Aggregates"):
                    if key in extra:
                        value = extra[key]
                        value = ", ".join(value) if isinstance(value, list) else str(value)
                        detail += f"{key}: {value[:80]}; "
            found.append(
                {
                    "operator": name.strip(),
                    "seconds": float(timing),
                    "rows": int(rows),
                    "detail": detail.strip("; "),
                }
            )
        for child in op.get("children", []):
            walk(child)

    for op in plan.get("operator", plan.get("children", [])):
        walk(op)
    return sorted(found, key=lambda o: o["seconds"], reverse=True)[:n]


def machine_info() -> dict[str, Any]:
    import importlib.metadata as md

    import psutil

    def version(name: str) -> str:
        try:
            return md.version(name)
        except md.PackageNotFoundError:
            return "-"

    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores_logical": os.cpu_count(),
        "cores_physical": psutil.cpu_count(logical=False),
        "cpu_model": cpu_model,
        "memory_bytes": psutil.virtual_memory().total,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "duckdb": version("duckdb"),
        "dbt_core": version("dbt-core"),
        "dbt_duckdb": version("dbt-duckdb"),
        "dagster": version("dagster"),
        "scipy": version("scipy"),
        "commit": (commit or os.environ.get("C360_BENCH_COMMIT", "unknown"))
        + (" (with uncommitted changes)" if dirty else ""),
    }


GAUGE_SQL = (
    "select count(distinct h), max(h) from "
    "(select hash(i % 1000000) as h from range(3000000) as t(i) order by h)"
)


def speed_gauge(threads: int = 2, repeats: int = 3) -> dict[str, float]:
    """Seconds of the same fixed work, median of `repeats`: a machine-speed reading.

    This VM's speed drifts (two-fold within an hour, seen here); a reading at the start
    and the end of each size tells whether two runs' absolute figures can be compared.
    """
    import duckdb

    sql_runs, python_runs = [], []
    with duckdb.connect(config={"threads": threads}) as conn:
        conn.execute("set enable_progress_bar = false")
        for _ in range(repeats):
            started = time.perf_counter()
            conn.execute(GAUGE_SQL).fetchall()
            sql_runs.append(time.perf_counter() - started)
            started = time.perf_counter()
            sum(i * i % 7 for i in range(2_000_000))
            python_runs.append(time.perf_counter() - started)
    return {"duckdb_seconds": median(sql_runs), "python_seconds": median(python_runs)}


# --------------------------------------------------------------------------- one size


@dataclass
class SizeConfig:
    persons: int
    work: Path
    seed: int = 42
    days: int = 5
    repeats: int = 3
    explain: int = 3
    reuse_data: bool = False
    incremental: bool = True
    memory_limit: str | None = None
    threads: int | None = None
    indirect_selection: str | None = None

    @property
    def root(self) -> Path:
        return self.work / str(self.persons)


@dataclass
class Recorder:
    sampler: TreeSampler
    log: list[str] = field(default_factory=list)

    def say(self, message: str) -> None:
        line = f"[{time.strftime('%H:%M:%S')}] {message}"
        self.log.append(line)
        print(line, file=sys.stderr, flush=True)


def _generate(cfg: SizeConfig, rec: Recorder) -> dict[str, Any]:
    generated = cfg.root / "generated"
    report_path = generated / "truth" / "generation_report.json"
    days = cfg.days + 1
    if cfg.reuse_data and report_path.exists():
        report = json.loads(report_path.read_text())
        if (report["persons"], report["seed"], report["days"]) == (cfg.persons, cfg.seed, days):
            rec.say(f"reusing generated data in {generated} ({report['seconds']} s when made)")
            return {"report": report, "seconds": report["seconds"], "peak": None, "reused": True}
    shutil.rmtree(generated, ignore_errors=True)
    rec.say(f"generating {cfg.persons:,} persons, {days} daily batches")
    started = time.time()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "orchestration.generator",
            "--persons",
            str(cfg.persons),
            "--seed",
            str(cfg.seed),
            "--days",
            str(days),
            "--landing",
            str(generated / "landing"),
            "--truth",
            str(generated / "truth"),
        ],
        check=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
    )
    ended = time.time()
    report = json.loads(report_path.read_text())
    return {
        "report": report,
        "seconds": ended - started,
        "peak": rec.sampler.peak(started, ended),
        "reused": False,
    }


def _table_rows(conn, schema: str, table: str) -> int | None:
    try:
        return conn.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
    except Exception:  # noqa: BLE001 - a missing table counts as unknown
        return None


def _layer_rows(
    warehouse: Path, manifest: dict[str, Any], run_results: dict[str, dict[str, Any]]
) -> dict[str, dict[str, int]]:
    """Rows in (the layer's parents outside it) and rows out (its tables) of every dbt layer."""
    import duckdb

    def relation(uid: str) -> tuple[str, str] | None:
        node = manifest["nodes"].get(uid) or manifest["sources"].get(uid)
        if node is None:
            return None
        materialized = (node.get("config") or {}).get("materialized")
        if node["resource_type"] == "model" and materialized not in ("table", "incremental"):
            return None
        if node["resource_type"] not in ("model", "seed", "snapshot", "source"):
            return None
        return node["schema"], node.get("alias") or node.get("identifier") or node["name"]

    out: dict[str, dict[str, int]] = {}
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        cache: dict[tuple[str, str], int] = {}

        def rows(rel: tuple[str, str]) -> int:
            if rel not in cache:
                cache[rel] = _table_rows(conn, *rel) or 0
            return cache[rel]

        for stage, results in run_results.items():
            members = {
                r["unique_id"]
                for r in results.get("results", [])
                if r["unique_id"].split(".")[0] in ("model", "seed", "snapshot")
            }
            parents: set[str] = set()
            for uid in members:
                node = manifest["nodes"].get(uid, {})
                parents.update(p for p in node.get("depends_on", {}).get("nodes", []))
            parents -= members
            rels_in = {rel for p in parents if (rel := relation(p))}
            rels_out = {rel for m in members if (rel := relation(m))}
            out[stage] = {
                "rows_in": sum(rows(r) for r in rels_in),
                "rows_out": sum(rows(r) for r in rels_out),
                "tables_in": len(rels_in),
                "tables_out": len(rels_out),
            }
    return out


def _load_rows(warehouse: Path, since: float) -> dict[str, int]:
    import datetime as dt

    import duckdb

    since_ts = dt.datetime.fromtimestamp(since, dt.UTC).replace(tzinfo=None)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        lines, loaded, quarantined, files = conn.execute(
            "select coalesce(sum(physical_lines), 0), coalesce(sum(rows_loaded), 0), "
            "coalesce(sum(rows_quarantined), 0), count(*) from raw._load_manifest "
            "where loaded_at >= ?",
            [since_ts],
        ).fetchone()
    return {
        "rows_in": int(lines),
        "rows_out": int(loaded + quarantined),
        "rows_loaded": int(loaded),
        "rows_quarantined": int(quarantined),
        "files": int(files),
    }


def _check_rows(warehouse: Path, published: Path) -> int:
    import duckdb

    try:
        from orchestration.assets.checks import SWING_WATCHED
    except ImportError:
        SWING_WATCHED = ("customer_360", "customer_xref", "fct_orders", "fct_touchpoints")
    total = 0
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        for table in ("identity_cluster_stats", "customer_id_history", *SWING_WATCHED):
            total += _table_rows(conn, "marts", table) or 0
    if published.exists():
        with duckdb.connect(str(published), read_only=True) as conn:
            for table in SWING_WATCHED:
                total += _table_rows(conn, "marts", table) or 0
    return total


def _publish_rows(published: Path) -> int:
    import duckdb

    if not published.exists():
        return 0
    with duckdb.connect(str(published), read_only=True) as conn:
        tables = conn.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE'"
        ).fetchall()
        return sum(_table_rows(conn, s, t) or 0 for s, t in tables)


def _run_job(cfg: SizeConfig, rec: Recorder, label: str) -> dict[str, Any]:
    """prepare_dbt() and run_main_job() as `c360 run` does; then read every timing."""
    from dagster import DagsterInstance

    from orchestration import cli
    from orchestration.config import load_settings

    settings = load_settings()
    target = cfg.root / "dbt_target" / label
    shutil.rmtree(target, ignore_errors=True)
    os.environ.pop("DBT_TARGET_PATH", None)  # dbt parse writes the manifest Dagster reads
    os.environ.pop("DBT_LOG_PATH", None)
    rec.say(f"{label}: dbt parse")
    parse_start = time.time()
    cli.prepare_dbt()
    parse_end = time.time()
    # dagster-dbt copies partial_parse.msgpack from the current target folder into each
    # step's own folder, so the steps skip a full parse: give ours the one `dbt parse` wrote.
    target.mkdir(parents=True, exist_ok=True)
    partial = REPO / "target" / "partial_parse.msgpack"
    if partial.exists():
        shutil.copy(partial, target / "partial_parse.msgpack")
    os.environ["DBT_TARGET_PATH"] = str(target)
    rec.say(f"{label}: running the main job")
    job_start = time.time()
    ok = cli.run_main_job()
    job_end = time.time()
    rec.say(f"{label}: job {'succeeded' if ok else 'FAILED'} in {job_end - job_start:.1f} s")

    instance = DagsterInstance.get()
    run = instance.get_runs(limit=1)[0]
    steps = []
    for stat in instance.get_run_step_stats(run.run_id):
        stage = STAGE_OF_STEP.get(stat.step_key, "checks")
        start, end = stat.start_time, stat.end_time
        steps.append(
            {
                "step": stat.step_key,
                "stage": stage,
                "status": stat.status.value if stat.status else None,
                "start": start,
                "end": end,
                "seconds": (end - start) if start and end else None,
                "peak": rec.sampler.peak(start, end) if start and end else None,
            }
        )
    check_evaluations: dict[str, int] = {}
    for record in instance.all_logs(run.run_id):
        event = record.dagster_event
        if event is not None and event.event_type_value == "ASSET_CHECK_EVALUATION":
            key = record.step_key or "?"
            check_evaluations[key] = check_evaluations.get(key, 0) + 1

    run_results = read_run_results(target)
    nodes = node_timings(run_results)
    queries = {
        STAGE_OF_STEP.get(p.parent.name.split("-")[0], p.parent.name): parse_dbt_log(p)
        for p in sorted(target.glob("*/dbt.log"))
    }
    manifest = json.loads((REPO / "target" / "manifest.json").read_text())

    stages: dict[str, dict[str, Any]] = {
        "parse": {
            "seconds": parse_end - parse_start,
            "peak": rec.sampler.peak(parse_start, parse_end),
        }
    }
    for stage in JOB_STAGES:
        mine = [s for s in steps if s["stage"] == stage and s["seconds"] is not None]
        if not mine:
            continue
        peaks = [s["peak"] for s in mine if s["peak"] is not None]
        stages[stage] = {
            "seconds": sum(s["seconds"] for s in mine),
            "peak": max(peaks) if peaks else None,
            "steps": [s["step"] for s in mine],
            "status": ",".join(sorted({str(s["status"]) for s in mine})),
        }
    warehouse = settings.warehouse_path
    if warehouse.exists():
        if "load" in stages:
            stages["load"].update(_load_rows(warehouse, job_start))
        for stage, counts in _layer_rows(warehouse, manifest, run_results).items():
            if stage in stages:
                stages[stage].update(counts)
        if "checks" in stages:
            stages["checks"]["rows_in"] = _check_rows(warehouse, settings.published_path)
            stages["checks"]["rows_out"] = sum(
                n
                for step, n in check_evaluations.items()
                if STAGE_OF_STEP.get(step, "checks") == "checks"
            )
        if "publish" in stages:
            rows = _publish_rows(settings.published_path)
            stages["publish"].update({"rows_in": rows, "rows_out": rows})

    purge = {
        stage: sum(q["seconds"] for q in qs if "on-run-end" in q["node"] or "purge" in q["sql"])
        for stage, qs in queries.items()
    }
    cluster_queries = queries_of(queries.get("identity", []), "." + CLUSTER_MODEL)
    cc_queries = [q for q in cluster_queries if "__cc_" in q["sql"]]
    identity_queries = sorted(
        queries.get("identity", []), key=lambda q: q["seconds"], reverse=True
    )[:10]
    return {
        "label": label,
        "ok": ok,
        "run_id": run.run_id,
        "job_seconds": job_end - job_start,
        "job_start": job_start,
        "job_end": job_end,
        "job_peak": rec.sampler.peak(job_start, job_end),
        "steps_seconds": sum(s["seconds"] or 0 for s in steps),
        "steps": steps,
        "stages": stages,
        "nodes": nodes,
        "node_summary": stage_node_summary(nodes),
        "top_nodes": top_nodes(nodes, 12),
        "on_run_end_seconds": purge,
        "cluster_model": {
            "seconds": next((n["seconds"] for n in nodes if n["name"] == CLUSTER_MODEL), None),
            "queries": len(cluster_queries),
            "queries_seconds": sum(q["seconds"] for q in cluster_queries),
            "cc_queries": len(cc_queries),
            "cc_seconds": sum(q["seconds"] for q in cc_queries),
        },
        "dbt_busy": {
            stage: {
                "statements": len(qs),
                "summed_seconds": sum(q["seconds"] for q in qs),
                "busy_seconds": busy_seconds(qs),
            }
            for stage, qs in queries.items()
        },
        "statement_kinds": statement_summary([q for qs in queries.values() for q in qs]),
        "identity_top_queries": [
            {"node": q["node"].split(".")[-1], "seconds": q["seconds"], "sql": sql_head(q["sql"])}
            for q in identity_queries
        ],
    }


def _relation(manifest: dict[str, Any], name: str) -> str:
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["name"] == name:
            return f'"{node["schema"]}"."{node.get("alias") or name}"'
    raise KeyError(name)


def _clustering_vs_scipy(cfg: SizeConfig, rec: Recorder, run: dict[str, Any]) -> dict[str, Any]:
    """The accepted-links edge list the clustering consumed, clustered again by SciPy."""
    import duckdb

    from orchestration.config import load_settings

    manifest = json.loads((REPO / "target" / "manifest.json").read_text())
    edges = _relation(manifest, EDGES_MODEL)
    decisions = _relation(manifest, DECISIONS_MODEL)
    clustered = _relation(manifest, CLUSTER_MODEL)
    stats_table = clustered[:-1] + '__cc_stats"'
    # The accepted links by their definition (an inner join on the accepted decisions);
    # identity_build_record_clusters reads them as the proposed links minus the dropped
    # values, so the same-partition check below also checks that the two sets agree.
    edge_sql = (
        "select edges.record_num_a as node_a, edges.record_num_b as node_b "
        f"from {edges} as edges inner join {decisions} as decisions "
        "on edges.identifier_type = decisions.identifier_type "
        "and edges.identifier_value = decisions.identifier_value "
        "where decisions.decision = 'accepted'"
    )
    warehouse = load_settings().warehouse_path
    fetches, builds, computes = [], [], []
    result: dict[str, Any] = {}
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        try:
            row = conn.execute(
                f"select nodes, initial_edges, rounds, pointer_jumps from {stats_table}"
            ).fetchone()
            result["warehouse_stats"] = dict(
                zip(("nodes", "initial_edges", "rounds", "pointer_jumps"), row, strict=True)
            )
        except duckdb.Error as error:
            result["warehouse_stats"] = {"error": str(error).splitlines()[0]}
        for attempt in range(cfg.repeats):
            started = time.perf_counter()
            arrays = conn.execute(edge_sql).fetchnumpy()
            fetched = time.perf_counter()
            cc = scipy_components(arrays["node_a"], arrays["node_b"])
            fetches.append(fetched - started)
            builds.append(cc["build_seconds"])
            computes.append(cc["compute_seconds"])
            rec.say(
                f"scipy #{attempt + 1}: fetch {fetched - started:.3f} s, build "
                f"{cc['build_seconds']:.3f} s, connected_components {cc['compute_seconds']:.3f} s"
            )
        mapping = conn.execute(f"select record_num, cluster_num from {clustered}").fetchnumpy()
    warehouse_labels = labels_of_nodes(
        cc["node_ids"], mapping["record_num"], mapping["cluster_num"]
    )
    agrees = same_partition(cc["labels"], warehouse_labels)
    compute = median(computes)
    with_fetch = median([f + b + c for f, b, c in zip(fetches, builds, computes, strict=True)])
    model_seconds = run["cluster_model"]["seconds"]
    cc_seconds = run["cluster_model"]["cc_seconds"] or None
    result.update(
        {
            "nodes": cc["nodes"],
            "edges": cc["edges"],
            "distinct_edges": cc["distinct_edges"],
            "components": cc["components"],
            "same_partition": agrees,
            "fetch_seconds": median(fetches),
            "build_seconds": median(builds),
            "compute_seconds": compute,
            "with_fetch_seconds": with_fetch,
            "repeats": cfg.repeats,
            "model_seconds": model_seconds,
            "cc_seconds": cc_seconds,
            "ratio_model_vs_compute": (model_seconds / compute) if model_seconds else None,
            "ratio_model_vs_with_fetch": (model_seconds / with_fetch) if model_seconds else None,
            "ratio_cc_vs_compute": (cc_seconds / compute) if cc_seconds else None,
            "ratio_cc_vs_with_fetch": (cc_seconds / with_fetch) if cc_seconds else None,
        }
    )
    return result


def _explain(cfg: SizeConfig, rec: Recorder, run: dict[str, Any]) -> list[dict[str, Any]]:
    """EXPLAIN ANALYZE of the slowest models whose work is their own SQL (no run-time hooks)."""
    import duckdb

    from orchestration.config import load_settings

    settings = load_settings()
    target = cfg.root / "dbt_target" / run["label"]
    compiled: dict[str, str] = {}
    for results in read_run_results(target).values():
        for result in results.get("results", []):
            if result["unique_id"].startswith("model.") and result.get("compiled_code"):
                compiled[result["unique_id"]] = result["compiled_code"]
    manifest = json.loads((REPO / "target" / "manifest.json").read_text())
    candidates = []
    for node in sorted(run["nodes"], key=lambda n: n["seconds"], reverse=True):
        if node["resource_type"] != "model" or node["unique_id"] not in compiled:
            continue
        config = manifest["nodes"].get(node["unique_id"], {}).get("config", {})
        if config.get("pre-hook") or config.get("pre_hook"):
            continue  # its time is in the hook's statements (see the identity queries)
        candidates.append(node)
        if len(candidates) >= cfg.explain:
            break
    profiles = []
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        conn.execute(f"set memory_limit = '{settings.duckdb_memory_limit}'")
        conn.execute(f"set threads = {settings.duckdb_threads}")
        for node in candidates:
            sql = compiled[node["unique_id"]]
            rec.say(f"EXPLAIN ANALYZE {node['name']} ({node['seconds']:.1f} s in the run)")
            try:
                plan = json.loads(
                    conn.execute("explain (analyze, format json) " + sql).fetchall()[0][1]
                )
            except duckdb.Error as error:
                profiles.append({"model": node["name"], "error": str(error).splitlines()[0]})
                continue
            query = plan.get("query", {})
            system = plan.get("system", {})
            profiles.append(
                {
                    "model": node["name"],
                    "run_seconds": node["seconds"],
                    "explain_seconds": query.get("total_time"),
                    "rows_scanned": query.get("total_rows_scanned"),
                    "peak_buffer_memory": system.get("peak_buffer_memory"),
                    "bytes_spilled": system.get("total_bytes_spilled"),
                    "operators": operator_profile(plan, 5),
                }
            )
    return profiles


def bench_size(cfg: SizeConfig) -> dict[str, Any]:
    sampler = TreeSampler()
    sampler.start()
    rec = Recorder(sampler)
    result: dict[str, Any] = {
        "persons": cfg.persons,
        "seed": cfg.seed,
        "days": cfg.days,
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "machine": machine_info(),
        "load_average_start": os.getloadavg(),
        "gauge_start": speed_gauge(),
    }
    try:
        # The previous result of this size must not pass for this run's.
        (cfg.root / "result.json").unlink(missing_ok=True)
        gen = _generate(cfg, rec)
        report = gen.pop("report")
        generated = cfg.root / "generated"
        landing, held_back = cfg.root / "landing", cfg.root / "next_day"
        landed, kept = split_batches(report["files"], generated / "landing", landing, held_back)
        kept_set = set(kept)
        lines_full = sum(f["physical_lines"] for f in report["files"] if f["path"] not in kept_set)
        lines_next = sum(f["physical_lines"] for f in report["files"] if f["path"] in kept_set)
        result["generate"] = {
            **gen,
            "rows_in": cfg.persons,
            "rows_out": report["total_lines"],
            "files": len(report["files"]),
            "lines_full_run": lines_full,
            "lines_next_day": lines_next,
            "bytes_full_run": sum((generated / "landing" / p).stat().st_size for p in landed),
        }
        rec.say(
            f"landing: {len(landed)} files ({lines_full:,} lines) for the full run, "
            f"{len(kept)} files ({lines_next:,} lines) held back for the incremental run"
        )

        for path in (cfg.root / "warehouse.duckdb", cfg.root / "warehouse.duckdb.wal"):
            path.unlink(missing_ok=True)
        for folder in ("warehouse.duckdb.tmp", "published", "dagster_home", "dbt_target"):
            shutil.rmtree(cfg.root / folder, ignore_errors=True)
        os.environ.update(
            {
                "C360_LANDING_DIR": str(landing),
                "C360_WAREHOUSE": str(cfg.root / "warehouse.duckdb"),
                "C360_PUBLISH_DIR": str(cfg.root / "published"),
                "DAGSTER_HOME": str(cfg.root / "dagster_home"),
            }
        )
        if cfg.memory_limit:
            os.environ["C360_DUCKDB_MEMORY_LIMIT"] = cfg.memory_limit
        if cfg.threads:
            os.environ["C360_DUCKDB_THREADS"] = str(cfg.threads)
        if cfg.indirect_selection:
            os.environ["DBT_INDIRECT_SELECTION"] = cfg.indirect_selection
        home = cfg.root / "dagster_home"
        home.mkdir(parents=True, exist_ok=True)
        (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
        from orchestration.config import load_settings

        settings = load_settings()
        result["settings"] = {
            "duckdb_memory_limit": settings.duckdb_memory_limit,
            "duckdb_threads": settings.duckdb_threads,
            "dbt_indirect_selection": os.environ.get("DBT_INDIRECT_SELECTION", "(dbt default)"),
        }

        full = _run_job(cfg, rec, "full")
        result["full"] = full
        _save(cfg, result, rec)  # a run stopped later still leaves the full run's figures
        result["warehouse_bytes"] = (cfg.root / "warehouse.duckdb").stat().st_size
        if full["ok"] or full["cluster_model"]["seconds"]:
            try:
                result["clustering"] = _clustering_vs_scipy(cfg, rec, full)
            except Exception as error:  # noqa: BLE001 - reported, not fatal
                result["clustering"] = {"error": f"{type(error).__name__}: {error}"}
        if full["ok"]:
            try:
                result["explorer"] = _explorer_lookups(settings.published_path, rec)
            except Exception as error:  # noqa: BLE001 - reported, not fatal
                result["explorer"] = {"error": f"{type(error).__name__}: {error}"}
        if cfg.explain:
            try:
                result["explain"] = _explain(cfg, rec, full)
            except Exception as error:  # noqa: BLE001
                result["explain"] = [{"model": "-", "error": f"{type(error).__name__}: {error}"}]
        if cfg.incremental:
            result["gauge_between"] = speed_gauge()
            moved = land_held_back(held_back, landing)
            rec.say(f"landed the held-back day: {len(moved)} files")
            result["incremental"] = _run_job(cfg, rec, "incremental")
    finally:
        sampler.stop()
        result["load_average_end"] = os.getloadavg()
        result["gauge_end"] = speed_gauge()
        _save(cfg, result, rec)
    return result


def _explorer_lookups(published: Path, rec: Recorder) -> dict[str, Any]:
    """The explorer's lookup (search, profile, timeline, identity links) on the published file."""
    from orchestration.explorer.benchmark import measure

    figures = measure(published)
    rec.say(
        f"explorer lookups: median {figures['all']['median'] * 1000:.0f} ms, "
        f"p95 {figures['all']['p95'] * 1000:.0f} ms over {figures['all']['count']}"
    )
    return figures


def _save(cfg: SizeConfig, result: dict[str, Any], rec: Recorder) -> None:
    result["log"] = rec.log
    cfg.root.mkdir(parents=True, exist_ok=True)
    (cfg.root / "result.json").write_text(json.dumps(result, indent=1, default=str) + "\n")


# --------------------------------------------------------------------------- report


def _stage_rows(result: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    rows = []
    gen = result.get("generate")
    if gen:
        rows.append(("generate", gen))
    full = result.get("full") or {}
    for stage in STAGES[1:]:
        if stage in full.get("stages", {}):
            rows.append((stage, full["stages"][stage]))
    return rows


def _rate_rows(stage: str, data: dict[str, Any]) -> float | None:
    """Rows per second counts what a stage produces (generate, load) or consumes (the rest)."""
    key = "rows_out" if stage in ("generate", "load", "publish") else "rows_in"
    return data.get(key)


def targets(results: dict[int, dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    """(target, limit, measured, verdict) at the largest size that ran."""
    if not results:
        return []
    largest = max(results)
    res = results[largest]
    full = res.get("full") or {}
    rows: list[tuple[str, str, str, str]] = []

    def verdict(value: float | None, limit: float, text: str) -> tuple[str, str]:
        if value is None:
            return "-", "not measured"
        if value <= limit:
            return text, "met"
        return text, f"missed by {value / limit:.1f}x"

    job = full.get("job_seconds")
    m, v = verdict(job, TARGET_JOB_SECONDS, fmt_seconds(job))
    rows.append((f"whole job at {largest:,} persons", "<= 15 min", m, v + _ok_note(full)))
    peak = full.get("job_peak")
    m, v = verdict(peak, TARGET_PEAK_BYTES, fmt_bytes(peak))
    rows.append(("peak memory of the job (process tree)", "<= 8 GiB", m, v))
    cl = res.get("clustering") or {}
    ratio = cl.get("ratio_model_vs_compute")
    m, v = verdict(ratio, TARGET_CLUSTER_RATIO, f"{ratio:.1f}x" if ratio else "-")
    rows.append(("identity clustering vs SciPy connected_components", "<= 4x", m, v))
    if 100_000 in results and 1_000_000 in results:
        small = (results[100_000].get("full") or {}).get("job_seconds")
        if small and job:
            scale = job / small
            m, v = verdict(scale, TARGET_SCALING, f"{scale:.1f}x")
            rows.append(("scaling 100,000 -> 1,000,000 persons", "<= 11x", m, v))
    with_inc = [p for p in results if (results[p].get("incremental") or {}).get("job_seconds")]
    at = max(with_inc) if with_inc else largest
    inc = results[at].get("incremental") or {}
    full_at = (results[at].get("full") or {}).get("job_seconds")
    inc_s = inc.get("job_seconds")
    share = (inc_s / full_at) if inc_s and full_at else None
    m, v = verdict(share, TARGET_INCREMENTAL_SHARE, f"{share:.0%}" if share else "-")
    label = "one-day incremental run / full run" + (f" (at {at:,})" if at != largest else "")
    rows.append((label, "<= 10%", m, v + _ok_note(inc)))
    lookup = ((res.get("explorer") or {}).get("all") or {}).get("p95")
    m, v = verdict(lookup, TARGET_LOOKUP_SECONDS, fmt_seconds(lookup))
    rows.append(("explorer lookup, 95th percentile", "< 1 s", m, v))
    return rows


def _lookup_cell(result: dict[str, Any]) -> str:
    figures = (result.get("explorer") or {}).get("all") or {}
    if not figures:
        return "-"
    return f"{fmt_seconds(figures['median'])} / {fmt_seconds(figures['p95'])}"


def _ok_note(run: dict[str, Any]) -> str:
    return "" if not run or run.get("ok") else " (run FAILED, see below)"


def render_markdown(results: dict[int, dict[str, Any]], findings: str = "") -> str:
    sizes = sorted(results)
    any_result = results[sizes[-1]] if sizes else {}
    machine = any_result.get("machine", {})
    settings = any_result.get("settings", {})
    out = [
        "# Scale benchmark",
        "",
        "Generated by `scripts/benchmark.py` (figures) with a hand-written findings section.",
        "Re-run: `.venv/bin/python scripts/benchmark.py --persons 10000 100000 1000000 "
        "--out docs/benchmarks.md`.",
        "",
        "## Machine",
        "",
        f"- {machine.get('cores_logical')} logical cores ({machine.get('cores_physical')} "
        f"physical), {fmt_bytes(machine.get('memory_bytes'))} memory, "
        f"{machine.get('cpu_model') or 'cpu model unknown'}; {machine.get('platform')}",
        f"- Python {machine.get('python')}, DuckDB {machine.get('duckdb')}, dbt-core "
        f"{machine.get('dbt_core')}, dbt-duckdb {machine.get('dbt_duckdb')}, Dagster "
        f"{machine.get('dagster')}, SciPy {machine.get('scipy')}",
        f"- DuckDB memory_limit {settings.get('duckdb_memory_limit')}, threads "
        f"{settings.get('duckdb_threads')}; dbt indirect selection "
        f"{settings.get('dbt_indirect_selection')}",
        f"- code: commit {machine.get('commit')}",
        "- load average (1, 5, 15 min) at start and end of each size: "
        + "; ".join(
            f"{p:,}: {_load(results[p].get('load_average_start'))} -> "
            f"{_load(results[p].get('load_average_end'))}"
            for p in sizes
        )
        + " (the machine is shared with other runs: load above the core count slows "
        "every figure below)",
        "- speed gauge (a fixed DuckDB sort and Python loop, seconds; larger is slower) at "
        "start, between the full and the incremental run, and at the end: "
        + "; ".join(f"{p:,}: {_gauges(results[p])}" for p in sizes),
        "",
        f"## Targets, at the largest size that ran ({max(sizes) if sizes else 0:,} persons)",
        "",
        "The targets are set for 1,000,000 persons; where that size did not complete, the "
        "findings below say what is known of it.",
        "",
        "| target | limit | measured | verdict |",
        "|---|---|---|---|",
    ]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in targets(results)]
    out += [
        "",
        "## Summary by size",
        "",
        "| persons | landing lines (full run) | generate | job (full) | peak memory | "
        "incremental job | incremental share | clustering model | SciPy cc (compute / "
        "with fetch) | ratio | explorer lookup (median / p95) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in sizes:
        r = results[p]
        full, inc, cl = r.get("full") or {}, r.get("incremental") or {}, r.get("clustering") or {}
        gen = r.get("generate") or {}
        share = (
            inc["job_seconds"] / full["job_seconds"]
            if inc.get("job_seconds") and full.get("job_seconds")
            else None
        )
        ratio = cl.get("ratio_model_vs_compute")
        out.append(
            f"| {p:,} | {fmt_int(gen.get('lines_full_run'))} | "
            f"{fmt_seconds(gen.get('seconds'))} | {fmt_seconds(full.get('job_seconds'))}"
            f"{'' if full.get('ok', True) else ' FAILED'} | {fmt_bytes(full.get('job_peak'))} | "
            f"{fmt_seconds(inc.get('job_seconds'))}{'' if inc.get('ok', True) else ' FAILED'} | "
            f"{f'{share:.0%}' if share else '-'} | {fmt_seconds(cl.get('model_seconds'))} | "
            f"{fmt_seconds(cl.get('compute_seconds'))} / "
            f"{fmt_seconds(cl.get('with_fetch_seconds'))} | "
            f"{f'{ratio:.0f}x' if ratio else '-'} | {_lookup_cell(r)} |"
        )
    if len(sizes) >= 2:
        out += [
            "",
            "Scaling of the full job between consecutive sizes: "
            + ", ".join(
                f"{a:,} -> {b:,}: {_scale(results[a], results[b])}"
                for a, b in zip(sizes, sizes[1:], strict=False)
            )
            + ".",
        ]
    out += ["", "## Findings", "", FINDINGS_START, findings.strip("\n"), FINDINGS_END]
    for p in sizes:
        out += _size_section(p, results[p])
    return "\n".join(out) + "\n"


def _gauges(result: dict[str, Any]) -> str:
    readings = [result.get(key) for key in ("gauge_start", "gauge_between", "gauge_end")]
    return " / ".join(
        f"{r['duckdb_seconds']:.2f} + {r['python_seconds']:.2f}" if r else "-" for r in readings
    )


def _load(values) -> str:
    return "/".join(f"{v:.1f}" for v in values) if values else "-"


def _scale(a: dict[str, Any], b: dict[str, Any]) -> str:
    sa, sb = (a.get("full") or {}).get("job_seconds"), (b.get("full") or {}).get("job_seconds")
    return f"{sb / sa:.1f}x" if sa and sb else "-"


def _size_section(persons: int, r: dict[str, Any]) -> list[str]:
    full = r.get("full") or {}
    inc = r.get("incremental") or {}
    out = [
        "",
        f"## {persons:,} persons",
        "",
        f"Run {r.get('started')}; seed {r.get('seed')}; {r.get('days')} daily batches in the "
        f"full run plus one for the incremental run; warehouse "
        f"{fmt_bytes(r.get('warehouse_bytes'))} after the full run.",
        "",
        "| stage | wall time | rows in | rows out | rows/s | peak memory (tree) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for stage, data in _stage_rows(r):
        label = stage + (" (reused, time when made)" if data.get("reused") else "")
        out.append(
            f"| {label} | {fmt_seconds(data.get('seconds'))} | {fmt_int(data.get('rows_in'))} | "
            f"{fmt_int(data.get('rows_out'))} | "
            f"{fmt_rate(_rate_rows(stage, data), data.get('seconds'))} | "
            f"{fmt_bytes(data.get('peak'))} |"
        )
    if full:
        out.append(
            f"| **job (Dagster run, parse excluded)** | **{fmt_seconds(full.get('job_seconds'))}**"
            f" | | | | **{fmt_bytes(full.get('job_peak'))}** |"
        )
    out += [
        "",
        "Rows in: generate = persons; load = physical lines of the files loaded; dbt layers = "
        "rows of the tables the layer's models read from outside the layer; checks = rows of "
        "the tables the Dagster checks read. Rows out: lines written, rows loaded + "
        "quarantined, rows of the layer's tables (views not counted), check results. "
        "Rows/s: rows out for generate, load and publish, rows in for the others. `checks` "
        "are the Dagster asset-check steps; dbt's data and unit tests run inside each dbt "
        "step (below).",
    ]
    if full.get("node_summary"):
        out += [
            "",
            "Inside the dbt steps (summed node times from run_results.json; two threads may "
            "overlap; the rest of a step's wall time is dbt start-up, the on-run-end erasure "
            "purge and waiting):",
            "",
            "| step | wall | DuckDB busy (statements) | models (n, summed) | tests (n, summed) "
            "| on-run-end purge |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for stage in ("staging", "identity", "marts"):
            s = full["node_summary"].get(stage)
            if not s:
                continue
            busy = full.get("dbt_busy", {}).get(stage, {})
            out.append(
                f"| {stage} | {fmt_seconds(full['stages'].get(stage, {}).get('seconds'))} | "
                f"{fmt_seconds(busy.get('busy_seconds'))} ({fmt_int(busy.get('statements'))}) | "
                f"{int(s['models'])}, {fmt_seconds(s['models_s'])} | {int(s['tests'])}, "
                f"{fmt_seconds(s['tests_s'])} | "
                f"{fmt_seconds(full.get('on_run_end_seconds', {}).get(stage))} |"
            )
        out += [
            "",
            "DuckDB busy = wall time during which at least one SQL statement ran (from the "
            "statements' end times and durations in each step's dbt.log); the rest of a step "
            "is dbt and Dagster work in Python: start-up, parsing, compiling, hooks' Jinja.",
        ]
    if full.get("statement_kinds"):
        kinds = sorted(full["statement_kinds"].items(), key=lambda kv: -kv[1]["seconds"])
        total = sum(v["seconds"] for _, v in kinds) or 1.0
        out += [
            "",
            "SQL statements of the three dbt steps by kind (summed time):",
            "",
            "| kind | statements | time | share |",
            "|---|---:|---:|---:|",
        ]
        out += [
            f"| {k} | {int(v['count']):,} | {fmt_seconds(v['seconds'])} | "
            f"{v['seconds'] / total:.0%} |"
            for k, v in kinds
        ]
    if full.get("top_nodes"):
        out += [
            "",
            "Slowest dbt nodes of the full run (share of all nodes' summed time):",
            "",
            "| node | step | time | share |",
            "|---|---|---:|---:|",
        ]
        out += [
            f"| {n['name']} ({n['resource_type']}) | {n['stage']} | "
            f"{fmt_seconds(n['seconds'])} | {n['share']:.0%} |"
            for n in full["top_nodes"]
        ]
    if full.get("identity_top_queries"):
        out += [
            "",
            "Slowest statements of the identity step (dbt.log; the identity models do their "
            "work in pre-hooks):",
            "",
            "| model | time | statement |",
            "|---|---:|---|",
        ]
        out += [
            f"| {q['node']} | {fmt_seconds(q['seconds'])} | `{q['sql'].replace('|', '/')}` |"
            for q in full["identity_top_queries"]
        ]
    cl = r.get("clustering")
    if cl:
        out += ["", "Identity clustering beside SciPy (same run, same edge list):", ""]
        if "error" in cl:
            out.append(f"- failed: {cl['error']}")
        else:
            ws = cl.get("warehouse_stats", {})
            out += [
                f"- edge list: accepted links of `{EDGES_MODEL}` x `{DECISIONS_MODEL}` "
                f"(inner join on the accepted decisions): {cl['edges']:,} edges "
                f"({cl['distinct_edges']:,} distinct), {cl['nodes']:,} nodes, "
                f"{cl['components']:,} components; the warehouse's `__cc_stats` says "
                f"{fmt_int(ws.get('nodes'))} nodes, {fmt_int(ws.get('initial_edges'))} edges, "
                f"{ws.get('rounds', '-')} rounds, {ws.get('pointer_jumps', '-')} pointer jumps; "
                f"same partition as `{CLUSTER_MODEL}`: "
                f"{'yes' if cl['same_partition'] else 'NO'}",
                f"- `{CLUSTER_MODEL}` in dbt: {fmt_seconds(cl.get('model_seconds'))} (of which "
                f"the connected-components statements: {fmt_seconds(cl.get('cc_seconds'))})",
                f"- SciPy, median of {cl['repeats']}: connected_components "
                f"{fmt_seconds(cl['compute_seconds'])}; with the fetch from DuckDB "
                f"({fmt_seconds(cl['fetch_seconds'])}) and the CSR build "
                f"({fmt_seconds(cl['build_seconds'])}): {fmt_seconds(cl['with_fetch_seconds'])}",
                f"- ratio: model / SciPy compute {_x(cl.get('ratio_model_vs_compute'))}, model / "
                f"SciPy with fetch {_x(cl.get('ratio_model_vs_with_fetch'))}; cc statements only: "
                f"{_x(cl.get('ratio_cc_vs_compute'))} and {_x(cl.get('ratio_cc_vs_with_fetch'))}",
            ]
    if r.get("explain"):
        out += ["", "EXPLAIN ANALYZE of the slowest SQL models (after the run, same settings):"]
        for p in r["explain"]:
            if "error" in p:
                out += ["", f"- {p['model']}: {p['error']}"]
                continue
            out += [
                "",
                f"- `{p['model']}`: {fmt_seconds(p['run_seconds'])} in the run, "
                f"{fmt_seconds(p.get('explain_seconds'))} profiled; peak buffer memory "
                f"{fmt_bytes(p.get('peak_buffer_memory'))}, spilled "
                f"{fmt_bytes(p.get('bytes_spilled') or 0)}; top operators: "
                + "; ".join(
                    f"{o['operator']} {fmt_seconds(o['seconds'])} ({o['rows']:,} rows"
                    + (f", {o['detail']}" if o["detail"] else "")
                    + ")"
                    for o in p["operators"]
                ),
            ]
    if inc:
        full_s = full.get("job_seconds")
        out += [
            "",
            f"Incremental run (one more daily batch, "
            f"{fmt_int((r.get('generate') or {}).get('lines_next_day'))} lines): "
            f"{fmt_seconds(inc.get('job_seconds'))}"
            + (f" = {inc['job_seconds'] / full_s:.0%} of the full run" if full_s else "")
            + f"{'' if inc.get('ok') else ' (FAILED)'}; per stage: "
            + ", ".join(
                f"{s} {fmt_seconds(d.get('seconds'))}" for s, d in inc.get("stages", {}).items()
            )
            + ".",
        ]
    failed = [s for s in full.get("steps", []) if s.get("status") not in ("SUCCESS", None)]
    if failed or not full.get("ok", True):
        out += [
            "",
            "Failed or skipped steps of the full run: "
            + ", ".join(f"{s['step']} ({s['status']})" for s in failed)
            + ".",
        ]
    return out


def _x(value: float | None) -> str:
    return f"{value:.1f}x" if value else "-"


def read_findings(path: Path) -> str:
    if not path.exists():
        return ""
    text = path.read_text()
    if FINDINGS_START in text and FINDINGS_END in text:
        return text.split(FINDINGS_START, 1)[1].split(FINDINGS_END, 1)[0]
    return ""


def print_summary(result: dict[str, Any]) -> None:
    print(f"\n== {result['persons']:,} persons")
    for stage, data in _stage_rows(result):
        seconds = data.get("seconds")
        print(
            f"  {stage:<9} {fmt_seconds(seconds):>9}  in {fmt_int(data.get('rows_in')):>13}"
            f"  out {fmt_int(data.get('rows_out')):>13}  "
            f"{fmt_rate(_rate_rows(stage, data), seconds):>10} rows/s  "
            f"peak {fmt_bytes(data.get('peak'))}"
        )
    full = result.get("full") or {}
    inc = result.get("incremental") or {}
    cl = result.get("clustering") or {}
    if full:
        state = "ok" if full["ok"] else "FAILED"
        print(
            f"  job       {fmt_seconds(full['job_seconds']):>9}  "
            f"peak {fmt_bytes(full.get('job_peak'))}  {state}"
        )
    if cl and "error" not in cl:
        print(
            f"  clustering model {fmt_seconds(cl.get('model_seconds'))}, SciPy "
            f"{fmt_seconds(cl['compute_seconds'])} "
            f"(with fetch {fmt_seconds(cl['with_fetch_seconds'])}), "
            f"ratio {_x(cl.get('ratio_model_vs_compute'))}, same partition {cl['same_partition']}"
        )
    if inc and full:
        print(
            f"  incremental {fmt_seconds(inc['job_seconds'])} "
            f"({inc['job_seconds'] / full['job_seconds']:.0%} of full)"
        )


# --------------------------------------------------------------------------- main


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--out", type=Path, help="Markdown report to write (docs/benchmarks.md)")
    parser.add_argument(
        "--work",
        type=Path,
        default=DEFAULT_WORK,
        help=f"work folder for data and warehouses (default {DEFAULT_WORK})",
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--days", type=int, default=5, help="daily batches of the full run")
    parser.add_argument("--repeats", type=int, default=3, help="SciPy repetitions (median)")
    parser.add_argument(
        "--explain",
        type=int,
        default=3,
        help="EXPLAIN ANALYZE this many of the slowest SQL models (0: none)",
    )
    parser.add_argument("--no-incremental", action="store_true")
    parser.add_argument(
        "--reuse-data",
        action="store_true",
        help="reuse generated landing files of the same persons, seed and days",
    )
    parser.add_argument("--memory-limit", help="C360_DUCKDB_MEMORY_LIMIT (default: the project's)")
    parser.add_argument("--threads", type=int, help="C360_DUCKDB_THREADS (default: the project's)")
    parser.add_argument(
        "--dbt-indirect-selection",
        help="DBT_INDIRECT_SELECTION for the dbt steps (default: dbt's own)",
    )
    parser.add_argument(
        "--keep-previous",
        action="store_true",
        help="report also the sizes found in the work folder from earlier runs",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="run nothing: write --out from the results found in the work folder",
    )
    parser.add_argument("--only-size", type=int, help=argparse.SUPPRESS)
    return parser


def _config(args: argparse.Namespace, persons: int) -> SizeConfig:
    return SizeConfig(
        persons=persons,
        work=args.work.resolve(),
        seed=args.seed,
        days=args.days,
        repeats=args.repeats,
        explain=args.explain,
        reuse_data=args.reuse_data,
        incremental=not args.no_incremental,
        memory_limit=args.memory_limit,
        threads=args.threads,
        indirect_selection=args.dbt_indirect_selection,
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.only_size:
        # Stopped with SIGTERM, still write what was measured (bench_size's finally).
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
        bench_size(_config(args, args.only_size))
        return 0
    work = args.work.resolve()
    passthrough = [a for a in (argv if argv is not None else sys.argv[1:])]
    passthrough = _without_option(passthrough, "--persons")
    results: dict[int, dict[str, Any]] = {}
    if args.keep_previous or args.report_only:
        for path in work.glob("*/result.json"):
            data = json.loads(path.read_text())
            results[int(data["persons"])] = data
    status = 0
    for persons in [] if args.report_only else sorted(args.persons):
        code = subprocess.call(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                *passthrough,
                "--only-size",
                str(persons),
            ],
            cwd=REPO,
        )
        path = work / str(persons) / "result.json"
        if path.exists():
            results[persons] = json.loads(path.read_text())
            print_summary(results[persons])
        if code != 0:
            print(f"size {persons:,} failed (exit {code})", file=sys.stderr)
            status = 1
        if args.out and results:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(render_markdown(results, read_findings(args.out)))
    if args.out and results and args.report_only:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(render_markdown(results, read_findings(args.out)))
    if args.out:
        print(f"\nwrote {args.out}")
    return status


def _without_option(argv: list[str], option: str) -> list[str]:
    """argv without `option` and the values that follow it."""
    out, skipping = [], False
    for arg in argv:
        if arg == option or arg.startswith(option + "="):
            skipping = arg == option
            continue
        if skipping and not arg.startswith("-"):
            continue
        skipping = False
        out.append(arg)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
