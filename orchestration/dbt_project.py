"""The dbt project as Dagster sees it, and the translator that places its nodes in the graph."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dagster import AssetKey, AssetSpec
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtProject

from orchestration.config import PROJECT_DIR

dbt_project = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR)


def layer_of(fqn: list[str], resource_type: str) -> str:
    """The Dagster group of a dbt node: its layer folder, identity models apart."""
    if resource_type == "seed":
        return "seeds"
    folders = fqn[1:-1]
    if "identity" in folders:
        return "identity"
    return folders[0] if folders else "marts"


class Customer360Translator(DagsterDbtTranslator):
    """Sources map onto the raw load assets; models are grouped by layer."""

    def __init__(self) -> None:
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props["resource_type"] == "source":
            return spec.replace_attributes(key=raw_asset_key(props["identifier"]))
        return spec.replace_attributes(group_name=layer_of(props["fqn"], props["resource_type"]))


def raw_asset_key(table: str) -> AssetKey:
    return AssetKey(["raw", table])
