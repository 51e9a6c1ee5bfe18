"""The marts: rules documented in one place, every column described, and the marts of the
main job's run on 1,000 generated persons hold what they promise (grains, reconciliation,
consent, the semantic layer answering `mf query`)."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import yaml

from orchestration.config import PROJECT_DIR

BIN = Path(sys.executable).parent
MARTS_FOLDERS = ("core", "commerce", "engagement", "segments", "marketing", "service", "metrics")
MODEL_YMLS = [
    *(sorted((PROJECT_DIR / "models" / "marts" / f).glob("_*.yml")) for f in MARTS_FOLDERS),
    sorted((PROJECT_DIR / "models" / "intermediate" / "marts").glob("_*.yml")),
]
RULES_DOC = PROJECT_DIR / "models" / "marts" / "_marts__docs.md"


def _marts_vars() -> list[str]:
    """Names of the vars between `# marts` and `# end marts` in dbt_project.yml."""
    text = (PROJECT_DIR / "dbt_project.yml").read_text()
    block = text.split("  # marts -", 1)[1].split("  # end marts", 1)[0]
    return re.findall(r"^  ([a-z_]+):", block, flags=re.M)


def _models() -> list[dict]:
    models = []
    for files in MODEL_YMLS:
        for path in files:
            models.extend(yaml.safe_load(path.read_text()).get("models") or [])
    return models


def test_every_marts_var_is_documented_in_the_rules():
    names = _marts_vars()
    rules = RULES_DOC.read_text()
    assert len(names) >= 15
    assert [name for name in names if f"`{name}`" not in rules] == []


def test_every_rule_seed_is_documented_in_the_rules():
    rules = RULES_DOC.read_text()
    seeds = sorted(p.stem for p in (PROJECT_DIR / "seeds" / "marts").glob("*.csv"))
    assert seeds and [seed for seed in seeds if f"`{seed}`" not in rules] == []


def test_every_marts_model_states_its_grain_and_describes_every_column():
    models = _models()
    assert len(models) >= 25
    for model in models:
        assert re.search(r"\bone row\b", model["description"], re.I), model["name"]
        for column in model.get("columns", []):
            assert column.get("description", "").strip(), f"{model['name']}.{column['name']}"


def test_consumer_marts_have_enforced_contracts_with_types():
    contracted = [m for m in _models() if m.get("config", {}).get("contract", {}).get("enforced")]
    names = {m["name"] for m in contracted}
    for name in ("customer_360", "fct_orders", "fct_touchpoints", "customer_segments"):
        assert name in names
    for model in contracted:
        assert all(c.get("data_type") for c in model["columns"]), model["name"]


# --- the marts of the main job's run ----------------------------------------------------


def _one(conn, sql: str, params: list | None = None):
    return conn.execute(sql, params or []).fetchone()[0]


@pytest.fixture
def marts(pipeline_run):
    """A read-only connection, closed after each test (`mf` needs the file unlocked)."""
    assert pipeline_run.success
    with duckdb.connect(str(pipeline_run.warehouse_path), read_only=True) as conn:
        yield conn


@pytest.mark.slow
@pytest.mark.xdist_group("pipeline")
def test_built_columns_are_exactly_the_documented_ones(marts):
    documented = {m["name"]: [c["name"] for c in m.get("columns", [])] for m in _models()}
    for name, columns in documented.items():
        schema = "intermediate" if name.startswith("int_") else "marts"
        built = {
            row[0]
            for row in marts.execute(
                "select column_name from information_schema.columns "
                "where table_schema = ? and table_name = ?",
                [schema, name],
            ).fetchall()
        }
        assert built == set(columns), name


@pytest.mark.slow
@pytest.mark.xdist_group("pipeline")
def test_customer_360_is_one_row_per_customer_of_the_xref(marts):
    assert _one(marts, "select count(*) from marts.customer_360") > 500
    assert _one(marts, "select count(*) - count(distinct customer_id) from marts.customer_360") == 0
    only_in_xref = marts.execute(
        "select customer_id from marts.customer_xref "
        "except select customer_id from marts.customer_360"
    ).fetchall()
    only_in_360 = marts.execute(
        "select customer_id from marts.customer_360 "
        "except select customer_id from marts.customer_xref"
    ).fetchall()
    # After the run's erasure purge both must still agree: an erased customer leaves both.
    assert only_in_xref == [], "in customer_xref, not in customer_360"
    assert only_in_360 == [], "in customer_360, not in customer_xref"


@pytest.mark.slow
@pytest.mark.xdist_group("pipeline")
def test_revenue_reconciles_with_staging_by_the_one_definition(marts):
    # The statuses of the vars in dbt_project.yml (read from there, not repeated here).
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    online = project["completed_online_order_statuses"]
    store = project["completed_store_order_statuses"]
    staged = _one(
        marts,
        "select (select coalesce(sum(total), 0) from staging.stg_ecommerce__orders"
        "        where list_contains(?, status))"
        " + (select coalesce(sum(total_amount), 0) from staging.stg_pos__transactions"
        "    where list_contains(?, status))",
        [online, store],
    )
    in_marts = _one(marts, "select sum(revenue) from marts.fct_orders")
    assert staged > 0
    assert Decimal(in_marts) == Decimal(staged)
    attributed = _one(marts, "select sum(attributed_revenue) from marts.campaign_performance")
    assert 0 < attributed <= in_marts


@pytest.mark.slow
@pytest.mark.xdist_group("pipeline")
def test_audiences_hold_only_consenting_customers(marts):
    for channel, address in (("email", "email"), ("sms", "phone"), ("line", "line_user_id")):
        members = _one(marts, f"select count(*) from marts.audience_{channel}")
        eligible = _one(
            marts,
            f"select count(*) from marts.customer_360 "
            f"where has_{channel}_consent and {address} is not null",
        )
        without_consent = _one(
            marts,
            f"select count(*) from marts.audience_{channel} as a "
            f"join marts.customer_golden_records as g using (customer_id) "
            f"where not coalesce(g.has_{channel}_consent, false)",
        )
        assert members == eligible > 0, channel
        assert without_consent == 0, channel


@pytest.mark.slow
@pytest.mark.xdist_group("pipeline")
def test_as_of_date_is_the_latest_touchpoint_date(marts):
    latest = _one(marts, "select max(touchpoint_date) from marts.fct_touchpoints")
    assert _one(marts, "select min(as_of_date) from marts.customer_360") == latest
    assert _one(marts, "select max(as_of_date) from marts.customer_360") == latest


@pytest.mark.slow
@pytest.mark.xdist_group("pipeline")
def test_every_customer_has_each_segment_type_once(marts):
    rows = marts.execute(
        "select segment_type, count(*), count(distinct customer_id) from marts.customer_segments "
        "where segment_type in ('lifecycle', 'value_tier', 'engagement') group by 1"
    ).fetchall()
    customers = _one(marts, "select count(*) from marts.customer_360")
    assert len(rows) == 3
    assert all(n == distinct == customers for _, n, distinct in rows)
    levels = marts.execute("select distinct engagement_level from marts.customer_360").fetchall()
    assert {level for (level,) in levels} == {"high", "medium", "low"}


@pytest.mark.slow
@pytest.mark.xdist_group("pipeline")
def test_metricflow_answers_on_the_warehouse(pipeline_run, tmp_path):
    """`mf query` on a copy of the project (mf reads <project>/target/, so it must not
    share the working tree's target/ with other dbt runs)."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests"):
        (project / name).symlink_to(PROJECT_DIR / name)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DBT_TARGET_PATH", "DBT_LOG_PATH", "DBT_PROFILES_DIR")
    }
    env.update(
        {
            "C360_WAREHOUSE": str(pipeline_run.warehouse_path),
            "DBT_PROFILES_DIR": str(project),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
    )

    def run(args: list[str]) -> subprocess.CompletedProcess:
        return subprocess.run(args, cwd=project, env=env, capture_output=True, text=True)

    parsed = run([str(BIN / "dbt"), "parse", "--quiet"])
    assert parsed.returncode == 0, parsed.stdout + parsed.stderr
    out = tmp_path / "revenue.csv"
    query = run(
        [
            str(BIN / "mf"),
            "query",
            "--metrics",
            "revenue,completed_orders,average_order_value,active_customers,email_open_rate,nps",
            "--group-by",
            "metric_time__month",
            "--csv",
            str(out),
        ]
    )
    assert query.returncode == 0, query.stdout[-3000:] + query.stderr[-3000:]
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    revenue = sum(Decimal(row["revenue"] or 0) for row in rows)
    with duckdb.connect(str(pipeline_run.warehouse_path), read_only=True) as conn:
        assert revenue == Decimal(_one(conn, "select sum(revenue) from marts.fct_orders"))
    assert any(row["email_open_rate"] for row in rows)
    assert any(row["nps"] for row in rows)
