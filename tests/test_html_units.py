"""rj/html.py: Material's markup made valid, and nothing else in the page touched."""

from __future__ import annotations

from conftest import Build
from rj.html import attributes, valid_html, without, without_idle_tab_script

TOGGLE = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'


def test_a_checkbox_loses_autocomplete_and_nothing_else() -> None:
    page = f"<body>\n  {TOGGLE}\n  <p>text</p></body>"
    assert valid_html(page) == (
        '<body>\n  <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'
        "\n  <p>text</p></body>"
    )


def test_any_case_or_quoting_of_the_type_and_the_attribute() -> None:
    assert valid_html("<INPUT TYPE=CheckBox AUTOCOMPLETE='off' id=x>") == "<INPUT TYPE=CheckBox id=x>"
    assert valid_html('<input type="radio" autocomplete name="a">') == '<input type="radio" name="a">'


def test_inputs_that_take_autocomplete_keep_it() -> None:
    for tag in (
        '<input type="text" autocomplete="off">',
        '<input autocomplete="off">',  # no type: a text input
        '<input type="search" name="q" autocomplete="off">',
        '<input type="email" autocomplete="email">',
    ):
        assert valid_html(tag) == tag


def test_a_label_naming_no_element_loses_for() -> None:
    page = '<label class="md-nav__title" for="__toc">\n  <span></span>\n  Table of contents\n</label>'
    assert valid_html(page) == '<label class="md-nav__title">\n  <span></span>\n  Table of contents\n</label>'


def test_a_label_naming_an_element_keeps_for_wherever_that_element_is() -> None:
    for page in (
        '<input type="checkbox" id="__toc"><label for="__toc">a</label>',
        "<label for='__toc'>a</label><main><input class=md-toggle type=checkbox id=__toc></main>",
    ):
        assert valid_html(page) == page


def test_scripts_styles_and_comments_are_left_as_written() -> None:
    hidden = (
        f"<script>document.body.innerHTML = '{TOGGLE}<label for=\"nowhere\">'</script>"
        f'<script type="application/ld+json">{{"a": "{TOGGLE}"}}</script>'
        f"<style>label[for=x]{{color:red}}</style>"
        f"<!-- {TOGGLE} <label for=nowhere> -->"
        f"<textarea>{TOGGLE}</textarea>"
    )
    assert valid_html(hidden) == hidden


def test_an_attribute_value_that_looks_like_an_attribute_is_not_cut() -> None:
    tag = '<label title="see for=x and autocomplete=off" for="nowhere" data-for="y">'
    assert valid_html(tag) == '<label title="see for=x and autocomplete=off" data-for="y">'
    assert [name for name, _, _ in attributes(tag)] == ["title", "for", "data-for"]
    assert without('<input type=checkbox autocomplete="off"/>', "autocomplete") == "<input type=checkbox/>"


def test_a_page_with_nothing_to_correct_is_returned_unchanged(site: Build) -> None:
    page = (site.site / "faq" / "index.html").read_text(encoding="utf-8")
    assert valid_html(page) == page


def test_the_built_pages_keep_materials_toggles_without_autocomplete(site: Build) -> None:
    for path in site.pages():
        html = site.html(path)
        toggles = html.css('input[type="checkbox"]')
        ids = {node.attributes.get("id") for node in toggles}
        assert {"__drawer", "__search"} <= ids, path
        assert [node.attributes for node in toggles if "autocomplete" in node.attributes] == [], path


def test_every_label_of_the_built_pages_names_an_element_that_exists(site: Build) -> None:
    for path in site.pages():
        html = site.html(path)
        ids = {node.attributes.get("id") for node in html.css("[id]")}
        missing = [
            node.attributes["for"] for node in html.css("label[for]") if node.attributes["for"] not in ids
        ]
        assert missing == [], path


TAB_SCRIPT = (
    "<script>var target=document.getElementById(location.hash.slice(1));"
    'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))</script>'
)


def test_the_tab_script_goes_where_there_are_no_tabs_and_stays_where_there_are() -> None:
    without_tabs = f"<body><p>text</p>{TAB_SCRIPT}</body>"
    assert without_idle_tab_script(without_tabs) == "<body><p>text</p></body>"
    with_tabs = f'<body><input id="__tabbed_1_1" name="__tabbed_1" type="radio">{TAB_SCRIPT}</body>'
    assert without_idle_tab_script(with_tabs) == with_tabs
    other = "<body><script>other()</script></body>"
    assert without_idle_tab_script(other) == other


def test_no_built_page_keeps_the_tab_script_it_does_not_need(site: Build) -> None:
    for path in site.pages():
        html = site.html(path)
        if not html.css('[name^="__tabbed_"]'):
            assert not [s for s in html.css("script") if '"__tabbed_"' in s.text()], path or "home"
