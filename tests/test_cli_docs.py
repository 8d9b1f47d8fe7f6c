"""Every `stance` command is documented: help, a description, an example, help for each argument, and the README."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from stance.cli import EXIT_CODES, build_parser


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(path, parser, help) for every command and nested command."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, command in action.choices.items():
                yield (*path, name), command, helps.get(name)
                yield from _commands(command, (*path, name))


README = Path(__file__).resolve().parent.parent / "README.md"
PARSER = build_parser()
COMMANDS = list(_commands(PARSER))
NAMES = [" ".join(path) for path, _, _ in COMMANDS]


def test_the_walk_finds_the_commands():
    assert {"ingest", "actors", "splits", "feeds add", "alerts fired", "users list", "audit-log"} <= set(NAMES)


@pytest.mark.parametrize(("path", "command", "help_"), COMMANDS, ids=NAMES)
def test_every_command_has_help_a_description_and_an_example(path, command, help_):
    assert help_, f"`stance {' '.join(path)}` has no help= in its parent's list"
    assert command.description, f"`stance {' '.join(path)}` has no description"
    assert command.epilog and command.epilog.startswith("example"), f"`stance {' '.join(path)}` has no example"
    assert f"stance {' '.join(path)}" in command.epilog, "the example runs the command it documents"
    assert command.formatter_class is argparse.RawDescriptionHelpFormatter  # examples keep their lines
    text = command.format_help()
    assert "example" in text


@pytest.mark.parametrize(
    ("path", "command"), [((), PARSER)] + [(path, command) for path, command, _ in COMMANDS], ids=["stance", *NAMES]
)
def test_every_argument_has_help(path, command):
    missing = [
        action.option_strings or action.dest
        for action in command._actions
        if not isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)) and not action.help
    ]
    assert not missing, f"`stance {' '.join(path)}`: arguments without help: {missing}"


def test_every_top_level_command_is_in_the_readme():
    readme = README.read_text(encoding="utf-8")
    top = sorted({path[0] for path, _, _ in COMMANDS})
    missing = [name for name in top if not re.search(rf"`stance {re.escape(name)}[` ]", readme)]
    assert not missing, f"README.md names no `stance NAME` for: {missing}"


def test_exit_codes_are_in_the_help_and_the_readme():
    assert EXIT_CODES in PARSER.epilog
    ingest = next(command for path, command, _ in COMMANDS if path == ("ingest",))
    assert EXIT_CODES in ingest.epilog
    readme = README.read_text(encoding="utf-8")
    section = readme.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |"):
        assert code in section
