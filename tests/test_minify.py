"""Whole-page minifying (rj/minify.py): smaller markup, every script's text byte for byte, the page the same
to a parser. On the built site, which is minified after the guard hashed its scripts, every inline script
must still be in its page's policy: tests/test_guard_units.py checks that on every page."""

from __future__ import annotations

from conftest import one
from rj.minify import minify_page
from selectolax.lexbor import LexborHTMLParser

PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>A  page</title>
    <script>
      var spaced = "kept as it is"
    </script>
    <script type="application/ld+json">  {"@context": "https://schema.org",  "name": "x"}  </script>
  </head>
  <body>
    <template data-rj-defer><script src="a.js"></script><script>  late()  </script></template>
    <ul>
      <li>One</li>
      <li><strong>Two</strong> words</li>
    </ul>
    <pre><code>  keep
    this   </code></pre>
    <p title="a &quot;quoted&quot; title">Text   with   spaces.</p>
    <!-- <script>  a comment, not a script  </script> -->
  </body>
</html>
"""


def scripts(html: str) -> list[str]:
    return [node.text() for node in LexborHTMLParser(html).css("script")] + [
        script.text()
        for template in LexborHTMLParser(html).css("template")
        for script in LexborHTMLParser(template.html or "").css("script")
    ]


def test_markup_is_smaller_and_reads_the_same() -> None:
    out = minify_page(PAGE)
    assert len(out) < len(PAGE) * 0.8
    before, after = LexborHTMLParser(PAGE), LexborHTMLParser(out)
    assert [li.text() for li in after.css("li")] == [li.text() for li in before.css("li")]
    assert one(after, "pre").text() == one(before, "pre").text()
    assert one(after, "p").attributes == one(before, "p").attributes
    assert " ".join(one(after, "p").text().split()) == "Text with spaces."
    assert "</li>" in out and "<head>" in out  # closing tags and the head's start tag are kept


def test_every_script_keeps_its_text_byte_for_byte() -> None:
    out = minify_page(PAGE)
    assert scripts(out) == scripts(PAGE)
    assert '\n      var spaced = "kept as it is"\n    ' in out
    assert "rj-script-" not in out


def test_a_page_that_quotes_the_placeholder_word_keeps_it() -> None:
    page = "<p>rj-script-0. rj-script-ab-0.</p><script> x </script>"
    out = minify_page(page)
    assert one(LexborHTMLParser(out), "p").text() == "rj-script-0. rj-script-ab-0."
    assert scripts(out) == [" x "]
