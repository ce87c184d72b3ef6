"""The parameters table of helm/olist-dw/README.md, generated from values.yaml.

values.yaml documents each value where it is declared, in the bitnami style:

    ## @section Title          starts a table (plain `##` lines right after it introduce it)
    ## @param a.b Description  documents the value at path a.b (a map documented as a
                               whole, e.g. `commonLabels`, covers its keys)

The table goes between `<!-- parameters:start -->` and `<!-- parameters:end -->`. A value
without a `@param`, or a `@param` naming no value, is an error.

    python helm/generate_readme.py           rewrite the README
    python helm/generate_readme.py --check   exit 1 if it is not up to date
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CHART = Path(__file__).resolve().parent / "olist-dw"
START, END = "<!-- parameters:start -->", "<!-- parameters:end -->"
SECTION = re.compile(r"^\s*## @section (?P<title>.+?)\s*$")
PARAM = re.compile(r"^\s*## @param (?P<key>[A-Za-z0-9_.\-]+)\s+(?P<text>.+?)\s*$")
COMMENT = re.compile(r"^\s*##(?: (?P<text>.*))?$")


class ValuesDocumentationError(ValueError):
    pass


@dataclass
class Param:
    key: str
    description: str


@dataclass
class Section:
    title: str
    intro: list[str] = field(default_factory=list)
    params: list[Param] = field(default_factory=list)


def parse_comments(text: str) -> list[Section]:
    sections: list[Section] = []
    in_intro = False
    for line in text.splitlines():
        if match := SECTION.match(line):
            sections.append(Section(match["title"]))
            in_intro = True
        elif match := PARAM.match(line):
            if not sections:
                raise ValuesDocumentationError(f"@param {match['key']} before any @section")
            sections[-1].params.append(Param(match["key"], match["text"]))
            in_intro = False
        elif in_intro and (match := COMMENT.match(line)) and match["text"]:
            sections[-1].intro.append(match["text"].strip())
        elif line.strip():
            in_intro = False
    return sections


def value_at(values: dict[str, Any], key: str) -> Any:
    node: Any = values
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise ValuesDocumentationError(f"@param {key}: values.yaml has no such value")
        node = node[part]
    return node


def leaf_paths(node: Any, prefix: str = "") -> list[str]:
    """Every value a user sets: scalars, lists and empty maps."""
    if isinstance(node, dict) and node:
        paths = []
        for key, child in node.items():
            paths += leaf_paths(child, f"{prefix}.{key}" if prefix else str(key))
        return paths
    return [prefix]


def check_coverage(values: dict[str, Any], sections: list[Section]) -> None:
    documented = [param.key for section in sections for param in section.params]
    duplicates = sorted({key for key in documented if documented.count(key) > 1})
    if duplicates:
        raise ValuesDocumentationError(f"documented twice: {', '.join(duplicates)}")
    for key in documented:
        value_at(values, key)
    missing = [
        path
        for path in leaf_paths(values)
        if not any(path == key or path.startswith(key + ".") for key in documented)
    ]
    if missing:
        raise ValuesDocumentationError(f"values without a @param: {', '.join(missing)}")


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_value(value: Any) -> str:
    return "`" + cell(json.dumps(value, sort_keys=True)) + "`"


def render_tables(values: dict[str, Any], sections: list[Section]) -> str:
    blocks = []
    for section in sections:
        lines = [f"### {section.title}", ""]
        if section.intro:
            lines += [" ".join(section.intro), ""]
        lines += ["| Name | Description | Value |", "| --- | --- | --- |"]
        for param in section.params:
            value = render_value(value_at(values, param.key))
            lines.append(f"| `{param.key}` | {cell(param.description)} | {value} |")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def generated_readme(chart: Path = CHART) -> str:
    """The README as it should be: its text with the table regenerated."""
    values_text = (chart / "values.yaml").read_text()
    values = yaml.safe_load(values_text)
    sections = parse_comments(values_text)
    check_coverage(values, sections)
    readme = (chart / "README.md").read_text()
    if START not in readme or END not in readme:
        raise ValuesDocumentationError(f"{chart / 'README.md'} lacks the {START} / {END} markers")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n\n{render_tables(values, sections)}\n\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the README is stale")
    arguments = parser.parse_args(argv)
    readme = CHART / "README.md"
    try:
        expected = generated_readme()
    except ValuesDocumentationError as error:
        print(f"values.yaml: {error}", file=sys.stderr)
        return 1
    if arguments.check:
        if readme.read_text() != expected:
            print(f"{readme} is out of date: run python helm/generate_readme.py", file=sys.stderr)
            return 1
        return 0
    readme.write_text(expected)
    return 0


if __name__ == "__main__":
    sys.exit(main())
