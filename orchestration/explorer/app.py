"""Streamlit entry point of the explorer: `c360 explore` runs it.

    streamlit run orchestration/explorer/app.py -- --published FILE [--masked-only]

Two pages: the customer profile explorer and the overview. The published warehouse is
opened read-only; a new publish (an atomic file swap) is picked up on the next rerun.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import streamlit as st

from orchestration.config import load_settings
from orchestration.explorer import views


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="explorer")
    parser.add_argument("--published", type=Path, default=load_settings().published_path)
    parser.add_argument(
        "--masked-only",
        action="store_true",
        help="always read the bi schema; the masked mode switch is locked on",
    )
    return parser.parse_args(argv)


def main() -> None:
    args = _arguments(sys.argv[1:])
    st.set_page_config(
        page_title="Customer 360 explorer", page_icon=":busts_in_silhouette:", layout="wide"
    )
    context = views.Context(published=args.published, masked_only=args.masked_only)
    pages = st.navigation(
        [
            st.Page(
                lambda: views.profile_page(context),
                title="Customer profile",
                url_path="profile",
                default=True,
                icon=":material/person_search:",
            ),
            st.Page(
                lambda: views.overview_page(context),
                title="Overview",
                url_path="overview",
                icon=":material/monitoring:",
            ),
        ]
    )
    views.sidebar(context)
    pages.run()


main()
