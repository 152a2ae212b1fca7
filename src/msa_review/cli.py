"""The command line: `msa-review scan`, `extract` and `rules`.

Exit codes: 0 no gap at or above --fail-on; 1 such gaps; 2 usage error; 3 at least one
input could not be read (the others are still scanned and reported).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msa_review.collector import collect_rarely

collect_rarely()  # before the imports: the command line's own process

import click  # noqa: E402

from msa_review import __version__  # noqa: E402

if TYPE_CHECKING:
    from msa_review.config import Settings
    from msa_review.extract.limits import Limits
    from msa_review.scan import Result

EXIT_OK, EXIT_GAPS, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
SEVERITY_CHOICES = ("critical", "high", "medium", "low", "never")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="msa-review")
def main() -> None:
    """Review a white-label softphone MSA against the checklist, offline."""


def _playbook_options(command: Callable[..., None]) -> Callable[..., None]:
    """--rules, --config and --no-config, shared by scan and rules."""
    options = [
        click.option("--rules", "rules", multiple=True,
                     type=click.Path(file_okay=False, exists=True), metavar="DIR",
                     help="A folder of extra rules; a rule with a shipped id overrides it. "
                          "Repeatable."),
        click.option("--config", "config", type=click.Path(dir_okay=False, exists=True),
                     metavar="FILE", help="Settings file (msa-review.toml or pyproject.toml) "
                     "[default: the nearest one from this folder up]."),
        click.option("--no-config", "no_config", is_flag=True,
                     help="Read no settings file."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _load_playbook(rules: tuple[str, ...], config: str | None = None,
                   no_config: bool = False) -> Settings:
    """The playbook with the settings file's overrides (a config.Settings); exit 2 if invalid."""
    from msa_review.config import configured_playbook
    from msa_review.errors import PlaybookError

    if config is not None and no_config:
        raise click.UsageError("--config and --no-config exclude each other")
    try:
        return configured_playbook([Path(folder) for folder in rules],
                                   config_file=Path(config) if config else None,
                                   no_config=no_config)
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


def _write(text: str | bytes, output: str | None, color: bool | None = None) -> None:
    if output is None:
        click.echo(text, nl=False, color=color)  # click strips colour codes unless told
        return
    from msa_review.output import write_atomically

    try:
        write_atomically(Path(output), text)
    except OSError as error:
        click.echo(f"msa-review: cannot write the report to {output} "
                   f"({error.strerror or error}) [write_failed]", err=True)
        sys.exit(EXIT_USAGE)


def _render(output_format: str, results: list[Any], options: Any) -> str | bytes:
    import jinja2

    from msa_review.errors import ReviewError
    from msa_review.reporters import reporter

    try:
        return reporter(output_format)(results, options)
    except ReviewError as error:  # the Word redline re-reads its input
        click.echo(f"msa-review: {error.line()} [{error.code}]", err=True)
        sys.exit(EXIT_UNREADABLE)
    except jinja2.TemplateError as error:
        if getattr(options, "template", None) is None:
            raise
        where = f" (line {error.lineno})" if isinstance(error, jinja2.TemplateSyntaxError) else ""
        click.echo(f"msa-review: template {options.template}{where}: {error}", err=True)
        sys.exit(EXIT_USAGE)


def _scan_formats() -> list[str]:
    from msa_review.reporters import FORMATS

    return list(dict.fromkeys([*FORMATS, "csv", "html", "markdown"]))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(_scan_formats()), default="text",
              show_default=True,
              help="Output format: terminal text, JSON, CSV, an HTML or Markdown report (html for "
                   "several contracts: -o DIR), or a Word redline with tracked changes (docx, -o FILE).")
@click.option("-o", "--output", type=click.Path(),
              help="Write the report to FILE (html for several contracts: to folder DIR).")
@click.option("--template", "template", type=click.Path(dir_okay=False, exists=True),
              help="Your own Jinja template for --format html or markdown.")
@click.option("--fail-on", type=click.Choice(SEVERITY_CHOICES), default=None,
              help="Exit 1 when a gap at or above this severity is found. "
                   "[default: the settings file's fail-on, else high]")
@_playbook_options
@click.option("--password", help="Password of an encrypted PDF.")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: on a terminal).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None,
              help="Worker processes (default: the machine's cores; 0: in this process).")
@click.option("--include", multiple=True, metavar="GLOB",
              help="In folders, scan only files matching GLOB (path or name). Repeatable.")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="In folders, skip files and folders matching GLOB. Repeatable.")
@click.option("--max-memory", type=click.IntRange(min=0), default=2048, show_default=True,
              metavar="MB", help="Memory allowed per worker for one file (0: no limit).")
@click.option("--no-cache", is_flag=True, help="Review every file afresh, without the cache.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run on a Dask cluster (needs msa-review[dask]), e.g. tcp://host:8786.")
@click.option("--params", is_flag=True, help="CSV: add a column per parameter found.")
@_limit_options
def scan(paths: tuple[str, ...], output_format: str, output: str | None, fail_on: str | None,
         rules: tuple[str, ...], config: str | None, no_config: bool, password: str | None, color: bool | None,
         template: str | None, jobs: int | None,
         include: tuple[str, ...], exclude: tuple[str, ...], max_memory: int,
         no_cache: bool, scheduler: str | None, params: bool,
         max_size: float | None, max_pages: int | None, timeout: float | None) -> None:
    """Review contracts (DOCX, PDF, text, Markdown; folders are walked recursively)."""
    from msa_review.batch import BatchSettings, default_jobs, discover, run_batch
    from msa_review.cache import ResultCache
    from msa_review.findings import Review
    from msa_review.portfolio import markdown_portfolio, write_html_portfolio
    from msa_review.progress import ProgressBar, summary_line
    from msa_review.reporters import BINARY_FORMATS, FORMATS, Options
    from msa_review.scan import Failure

    if output_format in BINARY_FORMATS and output is None:
        raise click.UsageError(f"--format {output_format} writes a file: give it with -o FILE")
    if template is not None and output_format not in ("html", "markdown"):
        raise click.UsageError("--template applies to --format html or markdown")
    settings_file = _load_playbook(rules, config, no_config)
    playbook = settings_file.playbook
    fail_on = fail_on or settings_file.fail_on or "high"
    limits = _limits(max_size, max_pages, timeout)
    files = discover(list(paths), include, exclude)
    if output_format == "docx" and len(files) != 1:
        raise click.UsageError(
            f"--format docx redlines one contract; {len(files)} inputs were given")
    if output is not None and _is_an_input(output, files):
        raise click.UsageError(f"refusing to write the report over an input: {output}")
    several = len(files) > 1 or any(Path(path).is_dir() for path in paths)
    folder_output = output_format == "html" and (several or "html" not in FORMATS)
    if folder_output and output is None:
        raise click.UsageError("--format html for a batch writes a folder: give -o DIR")
    if not folder_output and output is not None and Path(output).is_dir():
        raise click.UsageError(f"-o {output} is a folder; --format {output_format} writes a file")
    # The in-process limit reports a slow file first; the pool's kill is the backstop.
    pool_seconds = limits.seconds + 15 if limits.seconds else None
    if jobs is None:  # one contract: no worker to start, the time limit still holds
        jobs = 0 if len(files) == 1 else default_jobs()
    settings = BatchSettings(jobs=jobs,
                             seconds=pool_seconds, memory_mb=max_memory or None,
                             password=password, limits=limits, scheduler=scheduler)
    cache = None if no_cache else ResultCache.for_scan(
        playbook, __version__, settings)
    if scheduler:
        from msa_review.dask_batch import NEEDS_DASK, available

        if not available():
            raise click.UsageError(NEEDS_DASK)
    progress = ProgressBar(len(files), sys.stderr)
    try:
        outcome = run_batch(files, playbook, settings, cache=cache,
                            advance=progress.advance)
    except OSError as error:
        if not scheduler:
            raise
        raise click.UsageError(f"--scheduler {scheduler}: {error}") from None  # unreachable
    finally:
        progress.close()
    if cache is not None and outcome.reviewed:
        from msa_review.cache import max_bytes, prune

        prune(cache.directory, max_bytes())
    results = outcome.results
    interrupted = outcome.interrupted
    for result in results:
        if isinstance(result, Failure):
            click.echo(f"msa-review: {result.error.line()} [{result.error.code}]", err=True)
    if color is None:
        # https://no-color.org: a non-empty NO_COLOR turns colour off; so do pipes and files.
        color = (output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
                 and os.environ.get("TERM") != "dumb")
    rule_ids = [rule.id for rule in playbook.rules]
    options = Options(color=color, tool_version=__version__,
                      template=Path(template) if template else None,
                      extra={"rule_ids": rule_ids, "params": params})
    with _ignoring_interrupts(interrupted):
        if folder_output:
            write_html_portfolio(results, options, Path(output))  # type: ignore[arg-type]
        elif output_format == "markdown" and several:
            _write(markdown_portfolio(results, options), output)
        elif output_format not in BINARY_FORMATS or any(isinstance(r, Review) for r in results):
            _write(_render(output_format, results, options), output, color)
    if several:
        click.echo("msa-review: " + summary_line(
            results, from_cache=len(outcome.from_cache),
            seconds=time.monotonic() - progress.started), err=True)
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


@main.group()
def cache() -> None:
    """The result cache: where it is, how large, and clearing it."""


@cache.command("info")
def cache_info() -> None:
    """Where the cache is, its entries and size, and its bound."""
    from msa_review.cache import SIZE_VARIABLE, default_cache_dir, max_bytes, usage

    directory = default_cache_dir()
    used = usage(directory)
    bound = max_bytes()
    click.echo(f"folder:  {directory}")
    click.echo(f"entries: {used.entries} ({_size(used.bytes)})")
    click.echo(f"bound:   {_size(bound) if bound else 'none'} (${SIZE_VARIABLE})")


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{count / 1024:.0f} KB"


@cache.command("clear")
def cache_clear() -> None:
    """Remove every cached result (they hold extracted contract text)."""
    from msa_review.cache import clear, default_cache_dir

    directory = default_cache_dir()
    click.echo(f"removed {clear(directory)} entries from {directory}")


@main.group(invoke_without_command=True)
@_playbook_options
@click.pass_context
def rules(context: click.Context, rules: tuple[str, ...], config: str | None,
          no_config: bool) -> None:
    """List the checks of the playbook; `rules validate` runs a playbook's test cases."""
    context.obj = {"rules": rules, "config": config, "no_config": no_config}
    if context.invoked_subcommand is not None:
        return
    playbook = _load_playbook(rules, config, no_config).playbook
    for rule in playbook.rules:
        click.echo(f"{rule.id:<34} {rule.severity:<9} {rule.title}")


@rules.command("validate")
@click.argument("folder", required=False, type=click.Path(file_okay=False, exists=True))
@_playbook_options
@click.pass_context
def validate(context: click.Context, folder: str | None, rules: tuple[str, ...],
             config: str | None, no_config: bool) -> None:
    """Check a playbook folder's rules and run its cases (FOLDER/<group>/<name>.cases.yaml).

    Without FOLDER: the shipped rules against the checkout's tests/cases.
    Exit 0 all cases pass, 1 a case fails, 2 a rule or case file is invalid.
    """
    from msa_review.validate import validate_playbook

    outer = context.obj or {}
    settings_file = _load_playbook((*outer.get("rules", ()), *rules, *([folder] if folder else [])),
                                   config or outer.get("config"),
                                   no_config or bool(outer.get("no_config")))
    sys.exit(validate_playbook(Path(folder) if folder else None, settings_file.playbook,
                               click.echo))
