"""load_template parses a template once per process and hands each caller its own copy."""

from pathlib import Path

from estore_local.emulator import template as template_module
from estore_local.emulator.template import load_template

SOURCE = """\
Resources:
  Table:
    Type: AWS::DynamoDB::Table
"""


def test_a_template_is_parsed_once_and_each_caller_gets_its_own_copy(tmp_path: Path, monkeypatch) -> None:
    # Given a template file and a parser that counts its calls
    path = tmp_path / "template.yaml"
    path.write_text(SOURCE)
    calls = []
    parse = template_module.load_yaml
    monkeypatch.setattr(template_module, "load_yaml", lambda p: calls.append(p) or parse(p))
    # When two callers load it and the first changes its copy
    first = load_template(path)
    first.resources["Table"]["Type"] = "changed"
    second = load_template(path)
    # Then the file was parsed once and the second caller sees the file's content
    assert (len(calls), second.resources["Table"]["Type"]) == (1, "AWS::DynamoDB::Table")


def test_an_edited_template_is_parsed_again(tmp_path: Path) -> None:
    # Given a template loaded once
    path = tmp_path / "template.yaml"
    path.write_text(SOURCE)
    load_template(path)
    # When the file changes
    path.write_text(SOURCE + "  Bucket:\n    Type: AWS::S3::Bucket\n")
    # Then the next load reads the new content
    assert sorted(load_template(path).resources) == ["Bucket", "Table"]
