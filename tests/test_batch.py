"""Batch scanning: folders walked, files in parallel, hostile files contained, results cached,
and the outputs of a batch (CSV matrix, Markdown matrix, the HTML portfolio folder)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from builders import softphone_docx, text_pdf
from click.testing import CliRunner

from msa_review.playbook import load_playbook
from msa_review import reporters
from msa_review.batch import BatchSettings, discover, run_batch
from msa_review.cache import ResultCache
from msa_review.cli import main
from msa_review.findings import Review
from msa_review.payload import result_from_data, result_to_data
from msa_review.progress import ProgressBar, summary_line
from msa_review.reporters import Options
from msa_review.scan import Failure, scan_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "brightwave-softphone-msa.txt"
MUTUAL = EXAMPLE.read_text().replace(
    "Provider may terminate this Agreement for convenience",
    "Either party may terminate this Agreement for convenience")

STATUSES = ("met", "partial", "conflict", "missing", "not_applicable")
# path -> error code, or None for a readable contract; in the order a scan lists them.
EXPECTED = {
    "acme/msa.docx": None,
    "acme/msa.txt": None,
    "beta/broken.pdf": "corrupt",
    "beta/empty.txt": "empty",
    "beta/fake.docx": "corrupt",
    "beta/terms.md": None,
    "beta/deep/scan.pdf": None,
}


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """A nested folder of mixed formats, broken files, hidden files and other file types."""
    root = tmp_path / "contracts"
    (root / "acme").mkdir(parents=True)
    (root / "beta" / "deep").mkdir(parents=True)
    (root / ".archive").mkdir()
    (root / "acme" / "msa.docx").write_bytes(softphone_docx())
    shutil.copy(EXAMPLE, root / "acme" / "msa.txt")
    (root / "beta" / "broken.pdf").write_bytes(b"%PDF-1.4 nothing else")
    (root / "beta" / "empty.txt").write_bytes(b"")
    (root / "beta" / "fake.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (root / "beta" / "terms.md").write_text(MUTUAL)
    (root / "beta" / "deep" / "scan.pdf").write_bytes(text_pdf([MUTUAL.split("\n\n")[:12]]))
    (root / ".archive" / "old.txt").write_text(EXAMPLE.read_text())
    (root / "beta" / ".draft.txt").write_text(EXAMPLE.read_text())
    (root / "beta" / "prices.csv").write_text("a,b\n")
    (root / "beta" / "logo.png").write_bytes(b"\x89PNG")
    return root


def _relative(paths: list[str], root: Path) -> list[str]:
    return [Path(path).relative_to(root).as_posix() for path in paths]


def _scan(*arguments: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["scan", *arguments])
    return result.exit_code, result.stdout, result.stderr


def test_discover_walks_folders_skipping_hidden_and_other_types(portfolio: Path) -> None:
    assert _relative(discover([str(portfolio)]), portfolio) == list(EXPECTED)
    only_pdf = discover([str(portfolio)], include=("*.pdf",))
    assert _relative(only_pdf, portfolio) == ["beta/broken.pdf", "beta/deep/scan.pdf"]
    no_deep = discover([str(portfolio)], exclude=("beta/deep", "*.docx"))
    assert _relative(no_deep, portfolio) == [
        "acme/msa.txt", "beta/broken.pdf", "beta/empty.txt", "beta/terms.md"]
    # A file named on the command line is always scanned, and a file is listed once.
    named = str(portfolio / "beta" / "prices.csv")
    twice = discover([named, str(portfolio / "acme"), str(portfolio / "acme" / "msa.txt")])
    assert twice == [named, str(portfolio / "acme" / "msa.docx"),
                     str(portfolio / "acme" / "msa.txt")]


def test_csv_matrix_has_a_row_per_file_and_error_codes(portfolio: Path, tmp_path: Path) -> None:
    matrix = tmp_path / "matrix.csv"
    code, _, stderr = _scan(str(portfolio), "--format", "csv", "-o", str(matrix), "--jobs", "2",
                            "--params")
    assert code == 3  # unreadable inputs, after everything readable was scanned
    rows = list(csv.DictReader(io.StringIO(matrix.read_text())))
    assert _relative([row["path"] for row in rows], portfolio) == list(EXPECTED)
    assert [row["error"] or None for row in rows] == list(EXPECTED.values())
    header = list(rows[0])
    assert header[:5] == ["path", "sha256", "client", "vendor", "error"]
    rule_ids = [column for column in header[5:] if "." in column and column.count(".") == 1]
    assert rule_ids == [rule.id for rule in load_playbook().rules]
    assert "exit.termination-convenience.notice_days" in header
    by_path = dict(zip(EXPECTED, rows))
    example = by_path["acme/msa.txt"]
    assert example["client"] == "Northwind Telecom Ltd."
    assert example["vendor"] == "Brightwave Voice Inc."
    assert example["sha256"] == __import__("hashlib").sha256(EXAMPLE.read_bytes()).hexdigest()
    assert example["exit.termination-convenience"] == "conflict"
    assert example["exit.termination-convenience.notice_days"] == "30"
    assert example["exit.termination-convenience.mutual"] == "false"
    assert by_path["beta/terms.md"]["exit.termination-convenience"] != "conflict"
    for path, error in EXPECTED.items():
        statuses = [by_path[path][rule_id] for rule_id in rule_ids]
        if error:
            assert set(statuses) == {""} and by_path[path]["sha256"] == ""
        else:
            assert all(status in ("met", "partial", "conflict", "missing", "not_applicable")
                       for status in statuses)
    assert "[corrupt]" in stderr and "[empty]" in stderr
    assert "7 files: scanned 4, unreadable 3; gaps: critical" in stderr
    assert "\r" not in stderr and "ETA" not in stderr  # no progress bar off a terminal


def test_csv_cells_cannot_run_as_spreadsheet_formulas(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLE, tmp_path / "=HYPERLINK(1).txt")
    code, stdout, _ = _scan("=HYPERLINK(1).txt", "--format", "csv", "--fail-on", "never")
    assert code == 0
    row = list(csv.DictReader(io.StringIO(stdout)))[0]
    assert row["path"] == "'=HYPERLINK(1).txt"


def test_results_do_not_depend_on_the_number_of_workers(portfolio: Path) -> None:
    outputs = {}
    for jobs in ("1", "3", "0"):
        code, stdout, _ = _scan(str(portfolio), "--format", "json", "--jobs", jobs, "--no-cache")
        assert code == 3
        outputs[jobs] = json.loads(stdout)
    assert outputs["1"] == outputs["3"] == outputs["0"]
    documents = outputs["3"]["documents"]
    assert _relative([document["path"] for document in documents], portfolio) == list(EXPECTED)
    codes = [document.get("error", {}).get("code") for document in documents]
    assert codes == list(EXPECTED.values())


def test_second_run_reads_only_changed_files(portfolio: Path, playbook, tmp_path: Path) -> None:
    files = discover([str(portfolio)])
    cache = ResultCache(tmp_path / "cache", playbook_digest=playbook.digest, tool_version="test")
    settings = BatchSettings(jobs=2)
    first = run_batch(files, playbook, settings, cache=cache)
    assert first.reviewed == files and first.from_cache == []
    (portfolio / "beta" / "terms.md").write_text(MUTUAL + "\n9. Amendment No. 1\n")  # edited
    (portfolio / "beta" / "empty.txt").write_text(EXAMPLE.read_text() + "\n")  # gets text
    second = run_batch(files, playbook, settings, cache=cache)
    changed = [str(portfolio / "beta" / "empty.txt"), str(portfolio / "beta" / "terms.md")]
    assert second.reviewed == changed
    assert len(second.from_cache) == len(files) - 2
    fresh = run_batch(files, playbook, settings)
    # The same dataclasses (failures: the same errors), so the same reports.
    assert [result_to_data(result) for result in second.results] == \
        [result_to_data(result) for result in fresh.results]
    for name in ("json", "text", "csv"):
        options = Options(tool_version="test")
        assert reporters.reporter(name)(second.results, options) == \
            reporters.reporter(name)(fresh.results, options)
    # Another playbook or tool version is another cache.
    other = ResultCache(tmp_path / "cache", playbook_digest=playbook.digest, tool_version="next")
    assert run_batch(files, playbook, settings, cache=other).reviewed == files


def test_cache_through_the_command_line(portfolio: Path) -> None:
    first = _scan(str(portfolio), "--format", "json")
    second = _scan(str(portfolio), "--format", "json")
    assert first[1] == second[1]
    assert "from cache" not in first[2]
    assert "7 from cache" in second[2]  # corrupt and empty files are remembered too
    third = _scan(str(portfolio), "--format", "json", "--no-cache")
    assert third[1] == first[1] and "from cache" not in third[2]


def test_cache_entry_for_the_same_bytes_under_another_name(tmp_path: Path, playbook) -> None:
    cache = ResultCache(tmp_path / "cache", playbook_digest=playbook.digest, tool_version="test")
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(EXAMPLE, first)
    shutil.copy(EXAMPLE, second)
    alone = run_batch([str(first)], playbook, BatchSettings(jobs=0), cache=cache)
    assert alone.reviewed == [str(first)]
    outcome = run_batch([str(first), str(second)], playbook, BatchSettings(jobs=0), cache=cache)
    assert outcome.reviewed == [] and outcome.from_cache == [str(first), str(second)]
    assert [result.document.path for result in outcome.results] == [str(first), str(second)]


def test_a_torn_cache_entry_is_a_miss(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache", playbook_digest="p", tool_version="v")
    cache.put("abc", {"review": {}})
    assert cache.get("abc") == {"review": {}}
    assert (tmp_path / "cache").stat().st_mode & 0o077 == 0  # the user's eyes only
    entry = next(tmp_path.rglob("*.json.gz"))
    assert entry.stat().st_mode & 0o077 == 0
    entry.write_bytes(b"not gzip")
    assert cache.get("abc") is None and not entry.exists()


def test_the_cache_keeps_the_most_recently_used_within_its_bound(tmp_path: Path) -> None:
    import os

    from msa_review import cache as result_cache

    folder = tmp_path / "cache"
    cache = ResultCache(folder, playbook_digest="p", tool_version="v")
    for number, name in enumerate(("old", "used", "new")):
        cache.put(name, {"review": {"text": name * 2000}})
        entry = cache._entry(name)
        os.utime(entry, (1_000_000 + number, 1_000_000 + number))
    assert cache.get("used") is not None  # a hit is a use: "old" is now the least recent
    stale = folder / "v0" / "ab" / "gone.json.gz"  # an older format's entry
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"x")
    sizes = {name: cache._entry(name).stat().st_size for name in ("old", "used", "new")}
    limit = sizes["used"] + sizes["new"]
    assert result_cache.prune(folder, limit) == 2  # the old format's entry and "old"
    assert cache.get("old") is None and not stale.exists()
    assert cache.get("used") is not None and cache.get("new") is not None
    assert result_cache.usage(folder) == result_cache.Usage(2, limit)
    assert result_cache.prune(folder, None) == 0  # unbounded: nothing more goes


def test_cache_info_and_clear_from_the_command_line(portfolio: Path, monkeypatch) -> None:
    monkeypatch.setenv("MSA_REVIEW_CACHE_MAX_MB", "0.02")  # an entry or two
    _scan(str(portfolio / "acme" / "msa.txt"), "--format", "json")
    runner = CliRunner()
    info = runner.invoke(main, ["cache", "info"])
    assert info.exit_code == 0, info.output
    assert "entries: 1 " in info.output and "bound:   20 KB" in info.output
    _scan(str(portfolio), "--format", "json")  # seven entries written, the bound keeps fewer
    kept = int(runner.invoke(main, ["cache", "info"]).output.split("entries: ")[1].split()[0])
    assert 1 <= kept < 7
    cleared = runner.invoke(main, ["cache", "clear"])
    assert cleared.exit_code == 0 and f"removed {kept} entries" in cleared.output
    assert "entries: 0 " in runner.invoke(main, ["cache", "info"]).output


def test_review_survives_the_round_trip_as_data(playbook) -> None:
    review = scan_file(str(EXAMPLE), playbook)
    assert isinstance(review, Review)
    data = json.loads(json.dumps(result_to_data(review)))
    rebuilt = result_from_data(data)
    assert rebuilt == review
    assert rebuilt.document.sections[0].paragraphs[0] is rebuilt.document.paragraphs[0]
    renamed = result_from_data(data, "elsewhere.txt")
    assert isinstance(renamed, Review) and renamed.document.path == "elsewhere.txt"


def test_hostile_files_are_contained_and_the_batch_goes_on(tmp_path: Path, playbook) -> None:
    names = ["a.txt", "slow.txt", "b.txt", "crash.txt", "greedy.txt", "buggy.txt", "c.txt"]
    for name in names:
        shutil.copy(EXAMPLE, tmp_path / name)
    from hostile_tasks import misbehave

    files = [str(tmp_path / name) for name in names]
    settings = BatchSettings(jobs=2, seconds=4, memory_mb=256)
    outcome = run_batch(files, playbook, settings, task=misbehave)
    assert [result.path if isinstance(result, Failure) else result.document.path
            for result in outcome.results] == files
    codes = {Path(result.path).name: result.error.code
             for result in outcome.results if isinstance(result, Failure)}
    assert codes == {"slow.txt": "timeout", "crash.txt": "worker_crashed",
                     "greedy.txt": "too_large", "buggy.txt": "internal_error"}
    # Failures of the run are not failures of the bytes: none of them is cached.
    cache = ResultCache(tmp_path / "cache", playbook_digest=playbook.digest, tool_version="t")
    run_batch(files[3:4], playbook, settings, cache=cache, task=misbehave)
    assert not list((tmp_path / "cache").rglob("*.json.gz"))


def test_each_worker_closes_its_state_when_the_batch_is_done(tmp_path: Path) -> None:
    """Workers leave without exit handlers: what a state keeps (the compiled patterns of
    the batch's workers) is kept through its close()."""
    from hostile_tasks import echo, marked_state

    from msa_review.pool import PoolSettings, run_pool

    results: dict[int, dict[str, str]] = {}
    run_pool([(0, "a"), (1, "b"), (2, "c")], echo, marked_state, (str(tmp_path),),
             PoolSettings(workers=2), results.__setitem__)
    assert results == {0: {"path": "a"}, 1: {"path": "b"}, 2: {"path": "c"}}
    assert len(list(tmp_path.glob("closed-*"))) == 2


def test_progress_bar_only_on_a_terminal() -> None:
    quiet = io.StringIO()
    bar = ProgressBar(3, quiet)
    for _ in range(3):
        bar.advance()
    bar.close()
    assert quiet.getvalue() == ""
    shown = io.StringIO()
    bar = ProgressBar(3, shown, enabled=True)
    for _ in range(3):
        bar.advance()
    assert "3/3 files" in shown.getvalue() and "/s" in shown.getvalue()
    assert "ETA" in bar.line()
    bar.close()
    assert shown.getvalue().endswith("\r")


def test_summary_line_counts_gaps_by_severity(playbook) -> None:
    review = scan_file(str(EXAMPLE), playbook)
    failure = scan_file("missing.pdf", playbook)
    line = summary_line([review, failure], from_cache=1)
    counts = {severity: sum(1 for finding in review.findings
                            if finding.is_gap and finding.severity == severity)
              for severity in ("critical", "high", "medium", "low")}
    assert counts["critical"] >= 2  # the example's store account and kill switch
    assert line.startswith("2 files: scanned 1, unreadable 1; gaps: " + ", ".join(
        f"{severity} {count}" for severity, count in counts.items()))
    assert line.endswith("; 1 from cache")


def test_markdown_batch_starts_with_the_matrix(portfolio: Path) -> None:
    code, stdout, _ = _scan(str(portfolio), "--format", "markdown")
    assert code == 3
    lines = stdout.splitlines()
    start = next(number for number, line in enumerate(lines) if line.startswith("|"))
    table = []  # the first table: the matrix (contract reports may follow)
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append(line)
    rule_ids = [rule.id for rule in load_playbook().rules]
    assert table[0].startswith("| Contract | Client | Vendor | " + " | ".join(rule_ids) + " |")
    assert len(table) == 2 + len(EXPECTED)
    assert "(unreadable: corrupt)" in table[2 + list(EXPECTED).index("beta/broken.pdf")]
    assert "CONFLICT" in table[2 + list(EXPECTED).index("acme/msa.txt")]


# -- the HTML portfolio -------------------------------------------------------------------


class _Page(HTMLParser):
    """What a reader gets from index.html: rows, cells (class, link, text), scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, object]] = []
        self.links: list[str] = []
        self.external: list[str] = []
        self._cell: dict[str, object] | None = None
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("script", "link", "img") and (attributes.get("src") or attributes.get("href")):
            self.external.append(str(attributes.get("src") or attributes.get("href")))
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append({"statuses": attributes.get("data-statuses"), "cells": []})
        elif tag in ("td", "th") and self._in_body:
            self._cell = {"class": attributes.get("class") or "", "col": attributes.get("data-col"),
                          "href": None, "text": ""}
            self.rows[-1]["cells"].append(self._cell)  # type: ignore[union-attr]
        elif tag == "a" and self._cell is not None:
            self._cell["href"] = attributes.get("href")
            self.links.append(str(attributes.get("href")))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._cell = None
        if tag == "tbody":
            self._in_body = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell["text"] = str(self._cell["text"]) + data


def _fake_html_report(results: list, options: Options) -> str:
    (review,) = results
    return "<html><body>" + "".join(
        f'<section id="{finding.rule_id}">{finding.status}</section>'
        for finding in review.findings) + "</body></html>"


def _check_index(output: Path, portfolio: Path, *, linked: bool) -> _Page:
    page = _Page()
    page.feed((output / "index.html").read_text())
    assert page.external == []  # self-contained
    assert len(page.rows) == len(EXPECTED)
    rule_ids = [rule.id for rule in load_playbook().rules]
    for row, (path, error) in zip(page.rows, EXPECTED.items()):
        cells = row["cells"]  # type: ignore[index]
        assert cells[0]["text"].strip() == str(portfolio / path)
        if error:
            assert "unreadable" in str(row["statuses"])
            assert f"unreadable [{error}]" in cells[-1]["text"]
            assert not any(cell["href"] for cell in cells)
            continue
        status_cells = {cell["col"]: cell for cell in cells if "status" in cell["class"]}
        assert list(status_cells) == rule_ids
        for rule_id, cell in status_cells.items():
            status = next(name for name in STATUSES if f"s-{name}" in cell["class"].split())
            assert status in str(row["statuses"]).split()
            assert cell["text"] == {"met": "met", "partial": "partial", "conflict": "CONFLICT",
                                    "missing": "MISSING", "not_applicable": "n/a"}[status]
            if linked:
                report, anchor = cell["href"].split("#")
                assert anchor == rule_id and report.startswith("reports/")
                assert (output / report).is_file()
                assert f'id="{rule_id}"' in (output / report).read_text()
            else:
                assert cell["href"] is None
    example = page.rows[list(EXPECTED).index("acme/msa.txt")]["cells"]  # type: ignore[index]
    assert [cell["class"] for cell in example if cell["col"] == "exit.no-kill-switch"] == [
        "status g-exit s-conflict"]
    return page


def test_html_portfolio_with_per_contract_reports(portfolio: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    if "html" not in reporters.FORMATS:  # the dashboard's links, with a stand-in report
        monkeypatch.setattr(reporters, "FORMATS", (*reporters.FORMATS, "html"))
        real_reporter = reporters.reporter
        monkeypatch.setattr(reporters, "reporter", lambda name: _fake_html_report
                            if name == "html" else real_reporter(name))
    output = tmp_path / "site"
    code, _, stderr = _scan(str(portfolio), "--format", "html", "-o", str(output))
    assert code == 3, stderr
    page = _check_index(output, portfolio, linked=True)
    reports = sorted(path.name for path in (output / "reports").iterdir())
    assert len(reports) == 4 and len(set(page.links)) > 4
    assert "acme--msa.docx.html" in " ".join(reports)


def test_html_portfolio_index_without_per_contract_reports(
        portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reporters, "FORMATS", tuple(f for f in reporters.FORMATS if f != "html"))
    output = tmp_path / "site"
    code, _, _ = _scan(str(portfolio), "--format", "html", "-o", str(output))
    assert code == 3
    _check_index(output, portfolio, linked=False)
    assert not (output / "reports").exists()
    assert "Per-contract reports were not written" in (output / "index.html").read_text()


def test_dashboard_escapes_what_comes_from_contracts(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "<img src=x onerror=alert(1)>.txt")
    output = tmp_path / "site"
    code, _, _ = _scan(str(folder), "--format", "html", "-o", str(output), "--fail-on", "never")
    assert code == 0
    index = (output / "index.html").read_text()
    assert "<img" not in index and "&lt;img src=x onerror=alert(1)&gt;.txt" in index
    assert index.count("<script>") == 1  # the page's own sorting and filtering


def test_html_for_a_batch_needs_a_folder(portfolio: Path, tmp_path: Path) -> None:
    code, _, stderr = _scan(str(portfolio), "--format", "html")
    assert code == 2 and "-o DIR" in stderr
    code, _, stderr = _scan(str(portfolio), "--format", "csv", "-o", str(tmp_path))
    assert code == 2 and "is a folder" in stderr


# -- beyond one machine ---------------------------------------------------------------------


def test_dask_cluster_gives_the_same_results(portfolio: Path, playbook) -> None:
    pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    files = discover([str(portfolio)])
    local = run_batch(files, playbook, BatchSettings(jobs=0))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        remote = run_batch(files, playbook, BatchSettings(scheduler=cluster.scheduler_address))
        code, stdout, _ = _scan(str(portfolio), "--format", "csv", "--no-cache",
                                "--scheduler", cluster.scheduler_address)
    assert [result_to_data(result) for result in remote.results] == \
        [result_to_data(result) for result in local.results]
    assert remote.reviewed == files
    assert code == 3
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert [row["error"] or None for row in rows] == list(EXPECTED.values())


def test_the_per_document_work_needs_only_bytes_and_the_playbook(playbook) -> None:
    from msa_review.batch import review_bytes

    data = review_bytes("nowhere/msa.txt", EXAMPLE.read_bytes(), playbook)  # no file is opened
    review = result_from_data(data)
    assert isinstance(review, Review) and review.document.path == "nowhere/msa.txt"
    expected = scan_file(str(EXAMPLE), playbook)
    assert [finding.as_dict() for finding in review.findings] == \
        [finding.as_dict() for finding in expected.findings]  # type: ignore[union-attr]
    broken = review_bytes("nowhere/broken.pdf", b"%PDF-1.4 nothing", playbook)
    assert broken["failure"]["code"] == "corrupt"
