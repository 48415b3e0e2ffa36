"""The local cloud reads the template as cfn-lint (and so CloudFormation with SAM) reads it: the same YAML, the
same Globals merged into each resource, `Fn::ForEach` expanded when the template uses AWS::LanguageExtensions."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import cfnlint.decode
import pytest
from cfnlint.template.transforms._sam_globals import merge_globals

from estore_local.emulator.cfn_yaml import load_yaml
from estore_local.emulator.template import ROOT, expand, load_template

FOR_EACH = """\
Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Globals:
  Function:
    Runtime: python3.13
    Handler: app.lambda_handler
    Timeout: 7
    Environment: {Variables: {SHARED: "yes"}}
    Layers: [!Ref Shared]
Resources:
  Shared:
    Type: AWS::Serverless::LayerVersion
    Properties: {ContentUri: layers/shared}
  Fn::ForEach::Greeters:
    - Name
    - [Hello, Bye]
    - ${Name}Function:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: functions/greeters
          Timeout: 3
          Environment: {Variables: {WORD: !Sub "${Name}"}}
          Events:
            Get: {Type: HttpApi, Properties: {Method: GET, Path: !Sub "/${Name}"}}
"""


def plain(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


@pytest.mark.parametrize("name", ["template.yaml", "template.src.yaml"])
def test_our_yaml_loader_reads_the_template_as_cfn_lints_decoder_does(name: str) -> None:
    # Given the project's template, read by our loader and by cfn-lint's decoder
    ours = load_yaml(ROOT / name)
    theirs, errors = cfnlint.decode.decode(str(ROOT / name))
    # Then both read the same data
    assert errors == []
    assert plain(ours) == plain(theirs)


def test_globals_are_merged_as_cfn_lint_merges_them() -> None:
    # Given template.yaml as parsed
    data = load_yaml(ROOT / "template.yaml")
    # When the local cloud expands it, and cfn-lint merges its Globals
    ours = expand(copy.deepcopy(data), ROOT / "template.yaml")
    theirs = merge_globals(copy.deepcopy(data))
    # Then every resource is the same (maps merged, lists joined, the resource's own values winning)
    assert plain(ours["Resources"]) == plain(theirs["Resources"])


def test_a_function_keeps_its_own_value_over_a_global_and_joins_lists() -> None:
    # Given Globals and a function that overrides one value and adds to a list and a map
    data: dict[str, Any] = {
        "Globals": {"Function": {"Timeout": 10, "Layers": [{"Ref": "A"}], "Environment": {"Variables": {"X": "1"}}}},
        "Resources": {
            "F": {
                "Type": "AWS::Serverless::Function",
                "Properties": {"Timeout": 3, "Layers": [{"Ref": "B"}], "Environment": {"Variables": {"Y": "2"}}},
            },
            "G": {"Type": "AWS::Serverless::Function", "IgnoreGlobals": ["Timeout"], "Properties": {}},
        },
    }
    # When it is expanded
    resources = expand(data, Path("t.yaml"))["Resources"]
    # Then SAM's rules apply
    assert resources["F"]["Properties"] == {
        "Timeout": 3,
        "Layers": [{"Ref": "A"}, {"Ref": "B"}],
        "Environment": {"Variables": {"X": "1", "Y": "2"}},
    }
    assert "Timeout" not in resources["G"]["Properties"]


def test_a_for_each_template_gives_the_local_cloud_one_function_per_item(tmp_path: Path) -> None:
    # Given a template that declares its functions with Fn::ForEach
    path = tmp_path / "template.yaml"
    path.write_text(FOR_EACH)
    # When the local cloud loads it
    template = load_template(path)
    # Then each item is a function with the Globals merged, and each has its route
    functions = template.functions()
    assert sorted(functions) == ["ByeFunction", "HelloFunction"]
    hello = functions["HelloFunction"]
    assert (hello.timeout, hello.environment) == (3, {"SHARED": "yes", "WORD": "Hello"})
    assert hello.layers == ((tmp_path / "layers/shared").resolve(),)
    routes = {(route.path, route.function_id) for route in template.http_routes()}
    assert routes == {("/Hello", "HelloFunction"), ("/Bye", "ByeFunction")}
