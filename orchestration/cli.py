"""`c360`: generate sample data and run the main job headless, with a summary."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from orchestration.config import BIN_DIR, PROJECT_DIR, load_settings
from orchestration.summary import format_summary, target_summary


def _set_paths(args: argparse.Namespace) -> None:
    """Command-line paths win over the environment; everything else reads the environment."""
    for name, env in (("landing", "C360_LANDING_DIR"), ("warehouse", "C360_WAREHOUSE")):
        value = getattr(args, name, None)
        if value:
            os.environ[env] = str(Path(value).resolve())
    if getattr(args, "target", None):
        os.environ["C360_TARGET"] = args.target
    prepare_home()


def prepare_home() -> None:
    """A DAGSTER_HOME (default .dagster_home) so runs are kept and shown in the UI."""
    os.environ.setdefault("DAGSTER_HOME", str(PROJECT_DIR / ".dagster_home"))
    home = Path(os.environ["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")


def _progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# What `dbt parse` writes that Dagster and later dbt runs read from target/.
PARSE_OUTPUTS = ("manifest.json", "semantic_manifest.json", "partial_parse.msgpack")


def prepare_dbt() -> None:
    """Parse the dbt project so Dagster can read its manifest.

    dbt writes manifest.json in place; a process importing the definitions meanwhile (a
    second `c360 run`, the UI reloading) could read half a file. The parse therefore
    goes to a folder of its own and its files are renamed into target/ one by one, each
    whole.
    """
    settings = load_settings()
    env = {**os.environ, **settings.dbt_env}
    target = PROJECT_DIR / "target"
    target.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".parse-", dir=target) as work:
        work_dir = Path(work)
        previous = target / "partial_parse.msgpack"
        if previous.exists():  # lets dbt parse only what changed
            shutil.copy2(previous, work_dir / previous.name)
        subprocess.run(
            [
                str(BIN_DIR / "dbt"),
                "parse",
                "--quiet",
                # the steps build with --target: the same target lets them partial-parse
                "--target",
                settings.dbt_target,
                "--target-path",
                str(work_dir),
                "--project-dir",
                str(PROJECT_DIR),
                "--profiles-dir",
                str(PROJECT_DIR),
            ],
            check=True,
            env=env,
            cwd=PROJECT_DIR,
        )
        for name in PARSE_OUTPUTS:
            if (work_dir / name).exists():
                os.replace(work_dir / name, target / name)


def cmd_generate(args: argparse.Namespace) -> int:
    from orchestration.generator import generate

    _set_paths(args)
    settings = load_settings()
    started = time.monotonic()
    report = generate(
        settings.landing_dir,
        persons=args.persons,
        seed=args.seed,
        days=args.days,
        progress=_progress,
    )
    for table, totals in sorted(report.kinds.items()):
        print(f"  {table:<26} {totals.physical_lines:>12,} lines in {totals.files} files")
    print(f"generated in {time.monotonic() - started:.1f}s into {settings.landing_dir}")
    return 0


def main_job_run_config(full_refresh: bool = False) -> dict:
    """Run config of the main job: console logging; every dbt step a full refresh if asked."""
    from orchestration.assets.dbt import full_refresh_run_config

    config: dict = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
    if full_refresh:
        config.update(full_refresh_run_config())
    return config


def run_main_job(full_refresh: bool = False) -> bool:
    """Run the whole graph in this process; True when every step and blocking check passed.

    `full_refresh` rebuilds the incremental models (staging, fct_touchpoints) from scratch.
    """
    from dagster import DagsterInstance

    from orchestration.definitions import MAIN_JOB, defs

    job = defs.resolve_job_def(MAIN_JOB)
    result = job.execute_in_process(
        instance=DagsterInstance.get(),
        run_config=main_job_run_config(full_refresh),
        raise_on_error=False,
    )
    return result.success


def cmd_run(args: argparse.Namespace) -> int:
    _set_paths(args)
    settings = load_settings()
    started = time.monotonic()
    where = {
        "duckdb": str(settings.warehouse_path),
        "postgres": f"postgres target {settings.postgres.host}:{settings.postgres.port}"
        f"/{settings.postgres.dbname}",
        "spark": f"spark target (local session) in {settings.spark.dir}",
    }[settings.engine]
    _progress(f"landing {settings.landing_dir} -> warehouse {where}")
    prepare_dbt()
    ok = run_main_job(full_refresh=getattr(args, "full_refresh", False))
    print(format_summary(target_summary(settings), seconds=time.monotonic() - started, ok=ok))
    return 0 if ok else 1


def cmd_demo(args: argparse.Namespace) -> int:
    _set_paths(args)
    settings = load_settings()
    if not any(settings.landing_dir.glob("*/*")):
        cmd_generate(args)
    return cmd_run(args)


def cmd_ui(args: argparse.Namespace) -> int:
    _set_paths(args)
    prepare_dbt()
    os.environ.update(load_settings().dbt_env)
    command = [
        str(BIN_DIR / "dagster"),
        "dev",
        "-m",
        "orchestration.definitions",
        "-h",
        args.host,
        "-p",
        str(args.port),
    ]
    return subprocess.call(command, cwd=PROJECT_DIR)


def cmd_explore(args: argparse.Namespace) -> int:
    """Serve the profile explorer and overview (Streamlit) on the published warehouse."""
    published = Path(args.published).resolve() if args.published else None
    published = published or load_settings().published_path
    if not published.exists():
        print(f"no published warehouse at {published}: run `c360 demo` first", file=sys.stderr)
        return 1
    app = Path(__file__).resolve().parent / "explorer" / "app.py"
    command = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.headless", "true",
        "--server.address", args.host,
        "--server.port", str(args.port),
        "--server.fileWatcherType", "none",
        "--client.toolbarMode", "viewer",
        "--browser.gatherUsageStats", "false",
        "--", "--published", str(published),
    ]  # fmt: skip
    if args.masked:
        command.append("--masked-only")
    _progress(f"explorer on http://{args.host}:{args.port} reading {published} (read-only)")
    return subprocess.call(command, cwd=PROJECT_DIR)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="c360", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def paths(p: argparse.ArgumentParser) -> None:
        p.add_argument("--landing", help="landing folder (default: $C360_LANDING_DIR)")
        p.add_argument("--warehouse", help="DuckDB file (default: $C360_WAREHOUSE)")
        p.add_argument("--target", help="dbt target (default: $C360_TARGET or duckdb)")

    def sizes(p: argparse.ArgumentParser) -> None:
        p.add_argument("--persons", type=int, default=1000)
        p.add_argument("--seed", type=int, default=42)
        p.add_argument("--days", type=int, default=5)

    gen = sub.add_parser("generate", help="write sample landing files and their truth")
    paths(gen)
    sizes(gen)
    gen.set_defaults(func=cmd_generate)

    run = sub.add_parser("run", help="load, build and check everything (headless)")
    paths(run)
    run.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild the incremental models (staging, fct_touchpoints) from scratch",
    )
    run.set_defaults(func=cmd_run)

    demo = sub.add_parser("demo", help="generate sample data if the landing folder is empty, run")
    paths(demo)
    sizes(demo)
    demo.set_defaults(func=cmd_demo)

    ui = sub.add_parser("ui", help="open the code location in the Dagster UI (dagster dev)")
    paths(ui)
    ui.add_argument("--host", default="127.0.0.1")
    ui.add_argument("--port", type=int, default=3000)
    ui.set_defaults(func=cmd_ui)

    explore = sub.add_parser(
        "explore", help="customer profile explorer and overview (Streamlit) on the published marts"
    )
    explore.add_argument("--published", help="published DuckDB file (default: $C360_PUBLISH_DIR)")
    explore.add_argument("--host", default="127.0.0.1")
    explore.add_argument("--port", type=int, default=8501)
    explore.add_argument(
        "--masked", action="store_true", help="masked mode only: no clear email or phone"
    )
    explore.set_defaults(func=cmd_explore)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
