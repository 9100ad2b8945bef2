"""Two builds of the same files with the same SOURCE_DATE_EPOCH are byte-identical (reproducible builds).

The two builds differ in everything that should not matter: the project's folder, the output folder,
the files' modification times, Python's hash seed (the order of sets) and the time they run. The deploy
workflow sets SOURCE_DATE_EPOCH from the commit's time, so one commit always gives one site.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import SOURCE_DATE_EPOCH, Build, copy_project, run_build

# Files that change with the build date when dates leak in; they must be among those compared.
DATED_FILES = ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "index.html", "404.html")


@pytest.fixture(scope="module")
def two_builds(site: Build, tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    """The first build is the session's site, built in this process from the project itself; the second is
    the real `mkdocs build` of a copy, in a new process.

    A hash seed holds for a whole process, so the second gets one this process does not have (this one's is
    random unless PYTHONHASHSEED sets it). That the two agree also shows the tests' in-process build makes
    the site the command makes.
    """
    second = copy_project(tmp_path_factory.mktemp("second-project"))
    # A fresh checkout dates every file by when it was made: no output may depend on that.
    for file in second.rglob("*"):
        os.utime(file, (1_600_000_000, 1_600_000_000))
    seed = "1" if os.environ.get("PYTHONHASHSEED") == "4242" else "4242"
    builds = (
        site,
        run_build(
            second,
            env={"PYTHONHASHSEED": seed},
            site=tmp_path_factory.mktemp("second-site"),
            separate_process=True,
        ),
    )
    for build in builds:
        assert build.ok, build.log
    return builds


def test_two_builds_write_the_same_files(two_builds: tuple[Build, Build]) -> None:
    first, second = two_builds
    assert file_digests(first.site).keys() == file_digests(second.site).keys()


def test_two_builds_are_byte_identical(two_builds: tuple[Build, Build]) -> None:
    first, second = (file_digests(build.site) for build in two_builds)
    different = sorted(name for name in first.keys() & second.keys() if first[name] != second[name])
    assert different == []


def test_the_comparison_covers_the_sitemap_and_the_search_index(two_builds: tuple[Build, Build]) -> None:
    compared = file_digests(two_builds[0].site)
    assert [name for name in DATED_FILES if name not in compared] == []


def test_sitemap_dates_come_from_source_date_epoch(two_builds: tuple[Build, Build], tmp_path: Path) -> None:
    day = datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), UTC).date()
    assert f"<lastmod>{day}</lastmod>" in (two_builds[0].site / "sitemap.xml").read_text(encoding="utf-8")
    # One day later gives the next day's date, so the date is the given one, not the clock's.
    later = run_build(
        copy_project(tmp_path / "project"), env={"SOURCE_DATE_EPOCH": str(int(SOURCE_DATE_EPOCH) + 86400)}
    )
    assert later.ok, later.log
    next_day = day + timedelta(days=1)
    assert f"<lastmod>{next_day}</lastmod>" in (later.site / "sitemap.xml").read_text(encoding="utf-8")


def test_compressed_sitemap_holds_the_sitemap(two_builds: tuple[Build, Build]) -> None:
    site = two_builds[0].site
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()


def file_digests(site: Path) -> dict[str, str]:
    """SHA-256 of every file in a built site, by its path inside the site."""
    return {
        file.relative_to(site).as_posix(): hashlib.sha256(file.read_bytes()).hexdigest()
        for file in sorted(site.rglob("*"))
        if file.is_file()
    }


def test_file_digests_tells_files_apart_by_content_and_path(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_bytes(b"one")
    (tmp_path / "y.txt").write_bytes(b"two")
    digests = file_digests(tmp_path)
    assert digests == {
        "a/x.txt": hashlib.sha256(b"one").hexdigest(),
        "y.txt": hashlib.sha256(b"two").hexdigest(),
    }
