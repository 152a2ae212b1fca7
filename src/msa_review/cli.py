"""The command line: `msa-review scan`, `extract` and `rules`.

Exit codes: 0 no gap at or above --fail-on; 1 such gaps; 2 usage error; 3 at least one
input could not be read (the others are still scanned and reported).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from msa_review import __version__

if TYPE_CHECKING:
    from msa_review.extract.limits import Limits
    from msa_review.scan import Result

EXIT_OK, EXIT_GAPS, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
SEVERITY_CHOICES = ("critical", "high", "medium", "low", "never")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="msa-review")
def main() -> None:
    """Review a white-label softphone MSA against the checklist, offline."""


def _load_playbook(rules: tuple[str, ...]) -> object:
    from msa_review.errors import PlaybookError
    from msa_review.playbook import load_playbook

    try:
        return load_playbook([Path(folder) for folder in rules])
    except PlaybookError as error:
        click.echo(f"msa-review: {error.message}", err=True)
        sys.exit(EXIT_USAGE)


def _limit_options(command: Callable[..., None]) -> Callable[..., None]:
    """--max-size, --max-pages and --timeout, shared by scan and extract."""
    options = [
        click.option("--max-size", "max_size", type=click.FloatRange(min=0, min_open=True),
                     metavar="MB", help="Refuse input files larger than this. [default: 100]"),
        click.option("--max-pages", "max_pages", type=click.IntRange(min=1), metavar="N",
                     help="Refuse PDFs with more pages than this. [default: 2000]"),
        click.option("--timeout", "timeout", type=click.FloatRange(min=0), metavar="SECONDS",
                     help="Stop reading a file after this long; 0 for no limit. [default: 120]"),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _limits(max_size: float | None, max_pages: int | None, timeout: float | None) -> Limits:
    from msa_review.extract.limits import Limits

    return Limits.from_options(max_size_mb=max_size, max_pages=max_pages, seconds=timeout)


def _is_an_input(output: str, files: list[str]) -> bool:
    """The same file by path after symlinks and '..', or by identity (a hard link)."""
    target = Path(output)
    resolved = target.resolve()
    for file in files:
        path = Path(file)
        if path.resolve() == resolved:
            return True
        try:
            if target.exists() and os.path.samefile(path, target):
                return True
        except OSError:
            continue
    return False


def _write(text: str, output: str | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from msa_review.output import write_atomically

    try:
        write_atomically(Path(output), text)
    except OSError as error:
        click.echo(f"msa-review: cannot write the report to {output} "
                   f"({error.strerror or error}) [write_failed]", err=True)
        sys.exit(EXIT_USAGE)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--fail-on", type=click.Choice(SEVERITY_CHOICES), default="high", show_default=True,
              help="Exit 1 when a gap at or above this severity is found.")
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="A folder of extra rules; a rule with a shipped id overrides it. Repeatable.")
@click.option("--password", help="Password of an encrypted PDF.")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: on a terminal).")
@_limit_options
def scan(paths: tuple[str, ...], output_format: str, output: str | None, fail_on: str,
         rules: tuple[str, ...], password: str | None, color: bool | None,
         max_size: float | None, max_pages: int | None, timeout: float | None) -> None:
    """Review contracts (DOCX, PDF, text, Markdown; folders are walked)."""
    from msa_review.findings import Review
    from msa_review.reporters import Options, reporter
    from msa_review.scan import Failure, expand

    playbook = _load_playbook(rules)
    limits = _limits(max_size, max_pages, timeout)
    files = expand(list(paths))
    if output is not None and _is_an_input(output, files):
        raise click.UsageError(f"refusing to write the report over an input: {output}")
    results, interrupted = _scan_sequentially(files, playbook, password, limits)
    if color is None:
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    options = Options(color=color, tool_version=__version__)
    with _ignoring_interrupts(interrupted):
        _write(reporter(output_format)(results, options), output)
    if interrupted:
        done = sum(not _was_interrupted(result) for result in results)
        click.echo(f"msa-review: interrupted; the report holds the {done} of {len(files)} "
                   "files read before it [interrupted]", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if any(isinstance(result, Failure) for result in results):
        sys.exit(EXIT_UNREADABLE)
    gaps = [result for result in results
            if isinstance(result, Review) and result.gaps_at_or_above(fail_on)]
    sys.exit(EXIT_GAPS if gaps else EXIT_OK)


def _scan_sequentially(files: list[str], playbook: object, password: str | None,
                       limits: Limits) -> tuple[list[Result], bool]:
    """Scan one file after another; on Ctrl-C keep what is done and list the files not
    reviewed as interrupted. Returns the results and whether the scan was interrupted."""
    from msa_review.scan import Failure, scan_file

    results: list[Result] = []
    try:
        for file in files:
            result = scan_file(file, playbook, password=password,  # type: ignore[arg-type]
                               limits=limits)
            if isinstance(result, Failure):
                click.echo(f"msa-review: {result.error.line()} [{result.error.code}]", err=True)
            results.append(result)
    except KeyboardInterrupt:
        return results + _not_scanned(files[len(results):]), True
    return results, False


def _not_scanned(files: list[str]) -> list[Result]:
    from msa_review.errors import InputError
    from msa_review.scan import Failure

    return [Failure(file, InputError(f"{file}: not reviewed, the scan was interrupted",
                                     code="interrupted")) for file in files]


def _was_interrupted(result: Result) -> bool:
    from msa_review.scan import Failure

    return isinstance(result, Failure) and result.error.code == "interrupted"


@contextlib.contextmanager
def _ignoring_interrupts(active: bool) -> Iterator[None]:
    """After a Ctrl-C, a second one must not cost the report of the work already done."""
    import signal
    import threading

    if not active or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@main.command()
@click.argument("path", type=click.Path())
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--password", help="Password of an encrypted PDF.")
@_limit_options
def extract(path: str, output_format: str, password: str | None, max_size: float | None,
            max_pages: int | None, timeout: float | None) -> None:
    """Print what was extracted from a contract: sections, headings, pages, paragraphs."""
    import json

    from msa_review.errors import InputError
    from msa_review.extract import extract as extract_document
    from msa_review.extract.limits import time_limit

    limits = _limits(max_size, max_pages, timeout)
    try:
        with time_limit(limits.seconds, path):
            document = extract_document(path, password=password, limits=limits)
    except Exception as error:  # noqa: BLE001 -- never a traceback, whatever the file holds
        from msa_review.scan import unexpected_error

        if not isinstance(error, InputError):
            error = unexpected_error(path, error)
        click.echo(f"msa-review: {error.line()} [{error.code}]", err=True)
        sys.exit(EXIT_UNREADABLE)
    if output_format == "json":
        payload = {
            "path": document.path, "format": document.format, "pages": document.pages,
            "sha256": document.sha256, "warnings": document.warnings,
            "sections": [
                {"number": section.number, "heading": section.heading, "level": section.level,
                 "paragraphs": [
                     {"index": p.index, "page": p.page, "kind": p.kind, "start": p.start,
                      "end": p.end, "text": p.text} for p in section.paragraphs]}
                for section in document.sections
            ],
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    click.echo(f"{document.path}: {document.format}, {len(document.paragraphs)} paragraphs, "
               f"{len(document.sections)} sections" + (f", {document.pages} pages" if document.pages else ""))
    for warning in document.warnings:
        click.echo(f"warning: {warning}")
    for section in document.sections:
        click.echo(f"\n{'  ' * max(section.level - 1, 0)}[{section.label}]")
        for paragraph in section.paragraphs:
            where = f"p{paragraph.page}" if paragraph.page else f"¶{paragraph.index}"
            text = " ".join(paragraph.text.split())
            click.echo(f"{'  ' * max(section.level - 1, 0)}  {where:>5} {paragraph.kind[0]} "
                       f"{text[:110]}{'...' if len(text) > 110 else ''}")


@main.group(invoke_without_command=True)
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, exists=True))
@click.pass_context
def rules(context: click.Context, rules: tuple[str, ...]) -> None:
    """List the checks of the playbook."""
    if context.invoked_subcommand is not None:
        return
    playbook = _load_playbook(rules)
    for rule in playbook.rules:  # type: ignore[attr-defined]
        click.echo(f"{rule.id:<34} {rule.severity:<9} {rule.title}")
