"""The build refuses what an editor must not put in a page (hooks/front_matter.py, hooks/guard.py).

Pages with problems that are warnings share ONE build (module-scoped): each test looks for its own message,
naming the file and the line found in the page's own text here. Problems that stop the build at once (a
header YAML cannot read, a file that is not UTF-8, production settings) have their own builds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Build, BuildChanged, one, run_build, with_test_pages_untranslated
from page_text import page

from dev import copy_project

GOOD_DESCRIPTION = "A test page written the way a new editor might write it, to check what the build refuses."
HEAD = f"title: Test page\ndescription: {GOOD_DESCRIPTION}"

# Each page as a new editor might paste it. Every case the team's issue 12 lists is one snippet here.
PAGES = {
    "tracking.md": page(
        HEAD,
        """
# Test page

Our partners' snippet, as the ad agency sent it:

<script async src="https://www.googletagmanager.com/gtag/js?id=G-TEST123"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
  gtag('config', 'G-TEST123');
</script>

<noscript><img height="1" width="1" style="display:none" src="https://www.facebook.com/tr?id=1&ev=PageView"/></noscript>
""",
    ),
    "video.md": page(
        HEAD,
        """
# Test page

Watch our video:

<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>
""",
    ),
    "images.md": page(
        HEAD,
        """
# Test page

![The clinic](https://images.example.org/clinic.jpg)

<img src="https://img.example.net/room.jpg" alt="Room">

<img src="assets/images/logo.svg" srcset="https://cdn.example.com/logo@2x.png 2x" alt="Logo">

<video controls poster="https://media.example.com/poster.jpg"></video>

<div style="background: url('https://bg.example.com/wall.jpg')">Welcome</div>

<link href="https://fonts.googleapis.com/css2?family=Roboto" rel="stylesheet">
""",
    ),
    "links.md": page(
        HEAD,
        """
# Test page

[click](javascript:alert(1))

<a href="javascript:alert(2)">call</a>

[download](data:text/html;base64,PHNjcmlwdD5hbGVydCgzKTwvc2NyaXB0Pg==)

<button onclick="alert(4)">Press</button>

<img src="assets/images/logo.svg" alt="Logo" onerror="alert(5)">

<svg onload="alert(6)"></svg>
""",
    ),
    "tags.md": page(
        HEAD,
        """
# Test page

<base href="https://elsewhere.example/">

<meta http-equiv="refresh" content="0; url=https://elsewhere.example/">

<form action="https://forms.example.com/submit" method="post"><input name="email"></form>

<object data="assets/movie.swf"></object>

<embed src="assets/movie.swf">
""",
    ),
    "diagram.md": page(
        HEAD,
        """
# Test page

<pre class="mermaid">graph TD; A-->B</pre>

```mermaid
graph TD; C-->D
```
""",
    ),
    "unclosed.md": page(
        HEAD,
        """
# Test page

<div class="note" markdown>

Half of this page sits in a box that is never closed.

## Later section

More text.
""",
    ),
    "misspelt.md": page(HEAD + "\nreviewd_by: clinical-lead", "# Test page\n\nSome text."),
    "wrong-types.md": page(
        HEAD + '\nlast_reviewed: "2026-02-30"\nfda_explained: maybe', "# Test page\n\nSome text."
    ),
    "no-title.md": page(f"description: {GOOD_DESCRIPTION}", "# Test page\n\nSome text."),
    "markup-title.md": page(
        f"title: Ketamine <em>now</em>\ndescription: {GOOD_DESCRIPTION}", "# Test page\n\nSome text."
    ),
    "short.md": page("title: Test page\ndescription: Ketamine.", "# Test page\n\nSome text."),
    "long.md": page(f"title: Test page\ndescription: {'Ketamine infusion therapy. ' * 16}", "# T\n\nText."),
    "no-description.md": page("title: Test page", "# Test page\n\nSome text."),
    "empty.md": page(HEAD, "# Test page\n\n<!-- to do -->"),
    "allowed.md": page(
        HEAD,
        """
# Test page

<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Our clinic"></iframe>
""",
    ),
}
ALLOW = [
    {"what": "frame", "page": "allowed.md", "reason": "the clinic's own video, reviewed for privacy"},
    {"what": "other-host:www.youtube-nocookie.com", "page": "allowed.md", "reason": "same video"},
    {"what": "frame", "page": "index.md", "reason": "left over from an old page"},
]


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("guard") / "project")
    for name, text in PAGES.items():
        (project / "docs" / name).write_text(text, encoding="utf-8")
    config = {"extra": {"guard": {"allow": ALLOW}}}
    return run_build(
        project, config=with_test_pages_untranslated(config, {f"docs/{n}": t for n, t in PAGES.items()})
    )


def line_of(name: str, snippet: str) -> int:
    """The line of `snippet` in the test page `name`, counted here from the text written above."""
    for number, line in enumerate(PAGES[name].splitlines(), start=1):
        if snippet in line:
            return number
    raise AssertionError(f"{snippet!r} is not in {name}")


def warnings_for(build: Build, name: str) -> list[str]:
    return [line for line in build.log.splitlines() if f"docs/{name}" in line and "WARNING" in line]


def assert_refused(build: Build, name: str, snippet: str, *words: str) -> None:
    """A warning names the page, the snippet's line, and says each of `words` (what it is, what to do)."""
    place = f"docs/{name} line {line_of(name, snippet)}:"
    found = [line for line in warnings_for(build, name) if place in line]
    assert any(all(word in line for word in words) for line in found), (
        f"no warning at {place} saying {words}:\n" + "\n".join(warnings_for(build, name))
    )


def test_the_broken_pages_fail_the_strict_build(broken: Build) -> None:
    assert not broken.ok
    assert "Traceback" not in broken.log


@pytest.mark.parametrize(
    ("snippet", "words"),
    [
        ("googletagmanager.com/gtag", ("<script>", "privacy review")),
        ("googletagmanager.com/gtag", ("www.googletagmanager.com", "privacy review")),
        ("window.dataLayer", ()),  # the inline part of the snippet: its <script> is on the line before
        ("facebook.com/tr", ("www.facebook.com",)),
    ],
)
def test_an_ad_agency_snippet_is_refused(broken: Build, snippet: str, words: tuple[str, ...]) -> None:
    if snippet == "window.dataLayer":
        assert_refused(broken, "tracking.md", "<script>", "<script>", "privacy review")
    else:
        assert_refused(broken, "tracking.md", snippet, *words)


def test_a_video_embed_is_refused_with_a_link_instead(broken: Build) -> None:
    assert_refused(broken, "video.md", "<iframe", "<iframe>", "link to the video")


@pytest.mark.parametrize(
    ("snippet", "host"),
    [
        ("images.example.org", "images.example.org"),
        ("img.example.net", "img.example.net"),
        ("cdn.example.com", "cdn.example.com"),
        ("media.example.com", "media.example.com"),
        ("bg.example.com", "bg.example.com"),
        ("fonts.googleapis.com", "fonts.googleapis.com"),
    ],
    ids=["markdown-image", "img", "srcset", "video-poster", "style-url", "google-fonts-link"],
)
def test_anything_from_another_host_is_refused(broken: Build, snippet: str, host: str) -> None:
    assert_refused(broken, "images.md", snippet, f"from {host}", "docs/assets/")


@pytest.mark.parametrize(
    ("snippet", "words"),
    [
        ("[click](javascript:", ("javascript:",)),
        ('<a href="javascript:', ("javascript:",)),
        ("[download](data:", ("data:",)),
        ("onclick", ("onclick", "runs code")),
        ("onerror", ("onerror", "runs code")),
        ("<svg onload", ("<svg onload", "runs code")),
    ],
)
def test_code_in_links_and_attributes_is_refused(broken: Build, snippet: str, words: tuple[str, ...]) -> None:
    assert_refused(broken, "links.md", snippet, *words)


@pytest.mark.parametrize(
    ("snippet", "words"),
    [
        ("<base", ("<base>",)),
        ("http-equiv", ("refresh",)),
        ("<form", ("forms.example.com", "only send to this site")),
        ("<object", ("<object>",)),
        ("<embed", ("<embed>",)),
    ],
)
def test_dangerous_tags_are_refused(broken: Build, snippet: str, words: tuple[str, ...]) -> None:
    assert_refused(broken, "tags.md", snippet, *words)


@pytest.mark.parametrize("snippet", ['<pre class="mermaid">', "```mermaid"])
def test_mermaid_diagrams_are_refused(broken: Build, snippet: str) -> None:
    assert_refused(broken, "diagram.md", snippet, "mermaid", "docs/assets/")


def test_an_unclosed_div_is_refused_at_its_line(broken: Build) -> None:
    assert_refused(broken, "unclosed.md", "<div", "<div>", "never closed")


def test_a_misspelt_key_suggests_the_right_one(broken: Build) -> None:
    assert_refused(broken, "misspelt.md", "reviewd_by", "`reviewd_by`", "did you mean `reviewed_by`")


def test_wrong_types_are_refused_with_the_fix(broken: Build) -> None:
    assert_refused(broken, "wrong-types.md", "last_reviewed", "2026-02-30", "year-month-day")
    assert_refused(broken, "wrong-types.md", "fda_explained", "`true` or `false`")


def test_a_page_needs_a_plain_title_and_a_description(broken: Build) -> None:
    assert any("has no `title`" in line for line in warnings_for(broken, "no-title.md"))
    assert any("has no `description`" in line for line in warnings_for(broken, "no-description.md"))
    assert_refused(broken, "markup-title.md", "title:", "markup", "plain text")


@pytest.mark.parametrize(("name", "word"), [("short.md", "short"), ("long.md", "long")])
def test_a_description_outside_50_to_160_characters_is_refused(broken: Build, name: str, word: str) -> None:
    length = len(re.search(r"^description: (.*)$", PAGES[name], re.M).group(1).strip())  # type: ignore[union-attr]
    assert_refused(broken, name, "description:", f"too {word} ({length} characters)")


def test_a_page_with_no_text_is_refused(broken: Build) -> None:
    assert any("has no text" in line for line in warnings_for(broken, "empty.md"))


def test_an_allowed_exception_is_reported_with_its_reason_and_opens_the_policy(broken: Build) -> None:
    assert not warnings_for(broken, "allowed.md")
    used = [line for line in broken.log.splitlines() if "docs/allowed.md" in line and "INFO" in line]
    assert any("allowed by extra.guard.allow" in line and ALLOW[0]["reason"] in line for line in used)
    head = one(broken.html("allowed/"), "head")
    csp = one(head, 'meta[http-equiv="Content-Security-Policy"]').attributes["content"] or ""
    assert "https://www.youtube-nocookie.com" in csp.split("frame-src", 1)[1].split(";")[0]


def test_an_unused_exception_is_a_warning(broken: Build) -> None:
    assert re.search(r"WARNING.*extra\.guard\.allow.*`frame` for index\.md was not needed", broken.log)


def test_the_real_pages_have_no_guard_warning(broken: Build) -> None:
    real = {path.name for path in (Path(__file__).parents[1] / "docs").glob("*.md")}
    for name in real:
        assert not warnings_for(broken, name), warnings_for(broken, name)


# Problems that stop the build at once, each listing every file that has one.

UNREADABLE = {
    "colon.md": "---\ntitle: Ketamine: what to know\ndescription: "
    + GOOD_DESCRIPTION
    + "\n---\n\n# K\n\nText.\n",
    "bad-date.md": "---\ntitle: Dates\ndescription: "
    + GOOD_DESCRIPTION
    + "\nlast_reviewed: 2026-02-30\n---\n\nText.\n",
    "unclosed-header.md": "---\ntitle: No end\ndescription: " + GOOD_DESCRIPTION + "\n\n# No end\n\nText.\n",
}


@pytest.fixture(scope="module")
def unreadable(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("guard") / "project")
    for name, text in UNREADABLE.items():
        (project / "docs" / name).write_text(text, encoding="utf-8")
    latin = (
        "---\ntitle: Caf\u00e9\ndescription: "
        + GOOD_DESCRIPTION
        + "\n---\n\n# Caf\u00e9\n\nNa\u00efve text.\n"
    )
    (project / "docs" / "latin.md").write_bytes(latin.encode("latin-1"))
    pages = {f"docs/{name}": "" for name in [*UNREADABLE, "latin.md"]}
    return run_build(project, config=with_test_pages_untranslated(None, pages))


def test_unreadable_headers_and_encodings_stop_the_build_naming_each_file(unreadable: Build) -> None:
    assert not unreadable.ok
    assert "Traceback" not in unreadable.log
    log = unreadable.log
    assert "docs/colon.md line 2 (`title: Ketamine: what to know`)" in log
    assert 'put the title in quotes: `title: "Ketamine: what to know"`' in log
    assert "docs/bad-date.md line 4" in log and "`2026-02-30` is not a real date" in log
    assert "docs/unclosed-header.md line 1" in log and "no closing `---`" in log
    assert "docs/latin.md line 2" in log and 'save it with the encoding "UTF-8"' in log


def test_a_production_site_url_must_be_https(build_changed: BuildChanged, production_config: dict) -> None:
    config = {**production_config, "site_url": "http://www.clinic.test/"}
    build = build_changed(config=config, env={"SITE_ENV": "production"})
    assert not build.ok
    assert "site_url ('http://www.clinic.test/': the public address must start with https://)" in build.log
    assert "https://" in build.log and "Traceback" not in build.log


def test_analytics_in_mkdocs_yml_need_a_privacy_review(build_changed: BuildChanged) -> None:
    build = build_changed(config={"extra": {"analytics": {"provider": "google", "property": "G-TEST123"}}})
    assert not build.ok
    assert "`extra.analytics`: analytics need a privacy review first" in build.log
