"""Reading level of a page: its visitor text, sentences, syllables, and a readability formula.

Pure functions over a page's rendered HTML and its Markdown source (no MkDocs objects, no I/O).
- `visitor_blocks(html)`: the text visitors read, one string per paragraph, list item or table cell; headings,
  code, `<aside>`s (crisis callout, booking box), navigation and the references list are left out.
- `split_sentences(block)`: the sentences of one block (a list item or table cell is at least one sentence).
- `measure(html, language=...)`: words, sentences, syllables and every sentence with its word count.
- `flesch_kincaid_grade(...)` (English, a US school grade; lower is easier) and `fernandez_huerta(...)`
  (Spanish, a 0-100 score; higher is easier), each from its published formula.
- `source_line(markdown, sentence)`: the line of the Markdown source where a sentence starts.

Syllables come from pyphen's hyphenation dictionaries. Hyphenation patterns are made for breaking lines, so
they leave out breaks near the ends of words and in short words ("medicine" stays whole); each word counts
the larger of pyphen's parts and its vowel groups, which is close to a spoken count for English and Spanish.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import pyphen
from selectolax.lexbor import LexborHTMLParser, LexborNode

from rj.text import remembered

# Elements whose text is not read as running prose, or is not the page's own text.
SKIPPED_TAGS = frozenset(
    {
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "code",
        "kbd",
        "script",
        "style",
        "aside",
        "nav",
        "svg",
        "template",
        "button",
        "noscript",
    }
)
SKIPPED_CLASSES = frozenset({"rj-references", "rj-review", "headerlink", "rj-notice", "rj-crisis"})
# Elements that hold one or more sentences of their own.
BLOCK_TAGS = frozenset(
    {"p", "li", "td", "th", "dt", "dd", "figcaption", "blockquote", "summary", "div", "section", "details"}
)
WORD = re.compile(r"[^\W_]+(?:[.,'\u2019/-][^\W_]+)*")
LETTERS = re.compile(r"[^\W\d_]+")
# A sentence ends at . ! ? (with any closing quote or bracket) before a space and a capital, digit or quote.
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019)\]]))\s+(?=[\"“(\[]?[A-Z0-9¿¡ÁÉÍÓÚÑ])")
ABBREVIATIONS = (
    "e.g.",
    "i.e.",
    "Dr.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "U.S.",
    "al.",
    "vs.",
    "St.",
    "etc.",
    "No.",
    "Sr.",
)
VOWEL_GROUPS = {"en": re.compile(r"[aeiouy]+"), "es": re.compile(r"[aeiouáéíóúü]+")}
PYPHEN_DICTIONARIES = {"en": "en_US", "es": "es"}


@dataclass(frozen=True)
class Sentence:
    text: str
    words: int


@dataclass(frozen=True)
class Measure:
    """What a formula needs, plus every sentence for the long-sentence report."""

    words: int
    sentences: int
    syllables: int
    sentence_list: list[Sentence] = field(default_factory=list)


def visitor_blocks(html: str, *, language: str | None = None) -> list[str]:
    """The visitor text of a page's HTML, one whitespace-normalised string per block, in document order.

    With `language`, text marked as another language (`lang="es"` on an English page) is left out: one
    formula cannot grade two languages."""
    root = LexborHTMLParser(f"<div>{html}</div>").body
    blocks: list[str] = []
    if root is not None:
        _collect(root, blocks, [], language)
    return [block for block in blocks if WORD.search(block)]


def _collect(node: LexborNode, blocks: list[str], buffer: list[str], language: str | None) -> None:
    """Walk `node`: text goes into the current block's buffer; a nested block starts its own."""
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            buffer.append(child.text_content or "")
        elif _is_left_out(child, language):
            continue
        elif tag in BLOCK_TAGS:
            # Hold the block's place before its nested blocks, so the order stays the reading order.
            slot = len(blocks)
            blocks.append("")
            inner: list[str] = []
            _collect(child, blocks, inner, language)
            blocks[slot] = " ".join("".join(inner).split())
        elif tag == "br":
            buffer.append(" ")
        else:
            _collect(child, blocks, buffer, language)


def _is_left_out(node: LexborNode, language: str | None) -> bool:
    """True for an element that is not visitor prose, or is marked as another language than the page's."""
    if node.tag in SKIPPED_TAGS or SKIPPED_CLASSES & set((node.attributes.get("class") or "").split()):
        return True
    marked = (node.attributes.get("lang") or "").split("-")[0]
    return bool(language and marked and marked != language)


def split_sentences(block: str) -> list[str]:
    """The sentences of one block of text; a block with no end punctuation is one sentence."""
    pieces = SENTENCE_END.split(" ".join(block.split()))
    sentences: list[str] = []
    for piece in pieces:
        # The last WORD must be the abbreviation: "general." ends a sentence, "et al." does not.
        if sentences and sentences[-1].rsplit(" ", 1)[-1] in ABBREVIATIONS:
            sentences[-1] = f"{sentences[-1]} {piece}"
        elif piece.strip():
            sentences.append(piece.strip())
    return [sentence for sentence in sentences if WORD.search(sentence)]


def words_of(text: str) -> list[str]:
    """The words of a text: runs of letters or digits, keeping 0.5, 1,000, mg/kg and self-harm whole."""
    return WORD.findall(text)


@functools.cache
def _dictionary(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=PYPHEN_DICTIONARIES[language])


@functools.lru_cache(maxsize=1 << 15)  # words repeat from page to page: each is counted once
def syllables(word: str, *, language: str) -> int:
    """The syllables of one word: per letter run, the larger of pyphen's parts and its vowel groups."""
    if language not in PYPHEN_DICTIONARIES:
        raise ValueError(f"no syllable rules for language {language!r}")
    runs = LETTERS.findall(word)
    if not runs:
        return 1  # a number: counted as one syllable, like a short word
    total = 0
    for run in runs:
        lower = run.lower()
        parts = len(_dictionary(language).positions(lower)) + 1
        groups = len(VOWEL_GROUPS[language].findall(lower))
        # English: a final silent "e" ("tone", "medicine") is not a syllable; "-le" ("people") is.
        if language == "en" and groups > 1 and lower.endswith("e") and not lower.endswith(("le", "ee", "ye")):
            groups -= 1
        total += max(parts, groups, 1)
    return total


def measure(html: str, *, language: str) -> Measure:
    """Words, sentences and syllables of a page's visitor text, with each sentence and its length."""
    sentence_list = [
        Sentence(text, len(words_of(text)))
        for block in visitor_blocks(html, language=language)
        for text in split_sentences(block)
    ]
    words = [word for sentence in sentence_list for word in words_of(sentence.text)]
    return Measure(
        words=len(words),
        sentences=len(sentence_list),
        syllables=sum(syllables(word, language=language) for word in words),
        sentence_list=sentence_list,
    )


def flesch_kincaid_grade(*, words: int, sentences: int, syllables: int) -> float:
    """Flesch-Kincaid grade (Kincaid et al., 1975): 0.39 words/sentence + 11.8 syllables/word - 15.59."""
    if words == 0 or sentences == 0:
        return 0.0
    return 0.39 * words / sentences + 11.8 * syllables / words - 15.59


def fernandez_huerta(*, words: int, sentences: int, syllables: int) -> float:
    """Fernández-Huerta (1959) ease for Spanish: 206.84 - 0.60 P - 1.02 F, per 100 words (P syllables,
    F sentences); 100 is very easy, 60-70 plain."""
    if words == 0 or sentences == 0:
        return 100.0
    return 206.84 - 0.60 * (100 * syllables / words) - 1.02 * (100 * sentences / words)


FORMULAS = {"flesch-kincaid": flesch_kincaid_grade, "fernandez-huerta": fernandez_huerta}


def source_line(markdown: str, sentence: str) -> int | None:
    """The 1-based line of `markdown` where `sentence` starts, found by its first words; None if not found.

    Tries the first 8 words, then 4, then 2, so two sentences that start alike still find their own line.
    Markup between the words (links, bold, brackets) is allowed: "Read more about common" finds
    "Read more about [common side effects](...)".
    """
    words = words_of(sentence)
    for count in dict.fromkeys((min(8, len(words)), min(4, len(words)), min(2, len(words)))):
        if count == 0:
            return None
        pattern = r"[\W_]+(?:\([^)\s]*\)[\W_]*)?".join(re.escape(word) for word in words[:count])
        match = re.search(rf"(?<![^\W_]){pattern}(?![^\W_])", markdown)
        if match:
            return markdown.count("\n", 0, match.start()) + 1
    return None


@dataclass(frozen=True)
class Limits:
    """One language's settings under `extra.readability` in mkdocs.yml."""

    language: str
    formula: str
    limit: float  # max_grade for flesch-kincaid, min_score for fernandez-huerta
    warn_sentence_words: int
    max_sentence_words: int


# Each formula's limit key, and whether a higher result is harder to read.
LIMIT_KEYS = {"flesch-kincaid": ("max_grade", True), "fernandez-huerta": ("min_score", False)}


@dataclass(frozen=True)
class Finding:
    level: str  # "info" or "warning" (a warning fails the strict build)
    message: str


def read_limits(settings: object, language: str) -> Limits:
    """The limits for `language` from `extra.readability`, or a ValueError saying what to fix."""
    where = f"mkdocs.yml: extra.readability.{language}"
    example = (
        "e.g. `en: {formula: flesch-kincaid, max_grade: 8, warn_sentence_words: 25, max_sentence_words: 35}`"
    )
    if not isinstance(settings, dict) or not isinstance(settings.get(language), dict):
        raise ValueError(f"{where} is missing; add the reading limits for the site's language, {example}.")
    entry = settings[language]
    formula = entry.get("formula")
    if formula not in LIMIT_KEYS:
        raise ValueError(f"{where}.formula must be one of {', '.join(LIMIT_KEYS)}; {example}.")
    if language.split("_")[0] not in PYPHEN_DICTIONARIES:
        raise ValueError(
            f"{where}: no syllable rules for this language; use one of {', '.join(PYPHEN_DICTIONARIES)}."
        )
    limit_key = LIMIT_KEYS[formula][0]
    values = {key: entry.get(key) for key in (limit_key, "warn_sentence_words", "max_sentence_words")}
    for key, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ValueError(f"{where}.{key} must be a positive number; {example}.")
    if values["warn_sentence_words"] > values["max_sentence_words"]:
        raise ValueError(f"{where}: warn_sentence_words must not be more than max_sentence_words.")
    return Limits(
        language=language.split("_")[0],
        formula=formula,
        limit=float(values[limit_key]),
        warn_sentence_words=int(values["warn_sentence_words"]),
        max_sentence_words=int(values["max_sentence_words"]),
    )


def score(counts: Measure, formula: str) -> float:
    """The formula's result for these counts, rounded to one decimal as reported."""
    return round(
        FORMULAS[formula](words=counts.words, sentences=counts.sentences, syllables=counts.syllables), 1
    )


@remembered(maxsize=2048)
def assess(html: str, markdown: str, *, path: str, limits: Limits) -> list[Finding]:
    """What to report about one page: its grade (info); a grade over the limit and each sentence over the
    maximum (warnings); each sentence over the warning length (info); sentences named by `path:line`."""
    counts = measure(html, language=limits.language)
    if counts.words == 0:
        return []
    result = score(counts, limits.formula)
    limit_key, higher_is_harder = LIMIT_KEYS[limits.formula]
    label = "reading grade" if higher_is_harder else "reading ease"
    findings = [
        Finding(
            "info",
            f"{path}: {label} {result:g} ({limits.formula}, limit {limits.limit:g}), "
            f"{counts.words} words in {counts.sentences} sentences",
        )
    ]
    longest = sorted(counts.sentence_list, key=lambda s: -s.words)[:3]
    if (result > limits.limit) if higher_is_harder else (result < limits.limit):
        lines = ", ".join(dict.fromkeys(str(source_line(markdown, s.text) or "?") for s in longest))
        findings.append(
            Finding(
                "warning",
                f"{path}: {label} {result:g} is {'above' if higher_is_harder else 'below'} the limit of "
                f"{limits.limit:g} (extra.readability.{limits.language}.{limit_key} in mkdocs.yml). "
                f"Use shorter sentences and everyday words; start with the longest, on lines {lines}.",
            )
        )
    for sentence in counts.sentence_list:
        if sentence.words <= limits.warn_sentence_words:
            continue
        shown = " ".join(sentence.text.split()[:8])
        at = where(markdown, sentence.text, path)
        if sentence.words > limits.max_sentence_words:
            findings.append(
                Finding(
                    "warning",
                    f'{at}: the sentence "{shown} ..." has {sentence.words} words'
                    f", more than the limit of {limits.max_sentence_words}; split it into two or three "
                    "shorter sentences.",
                )
            )
        else:
            findings.append(
                Finding(
                    "info",
                    f'{at}: the sentence "{shown} ..." has {sentence.words} words'
                    f" (over {limits.warn_sentence_words}); consider splitting it.",
                )
            )
    return findings


def where(markdown: str, sentence: str, path: str) -> str:
    """`path:line` of a sentence in its Markdown source, or `path` alone when its words are not found."""
    line = source_line(markdown, sentence)
    return f"{path}:{line}" if line else path
