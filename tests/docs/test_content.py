"""The content of the five policies: our own words, not the seeds' sentences, and one
consistent vocabulary per language.

The seeds (the organisations' original policies) live beside the clone, in
``../shared/seeds``.  Our text is the MyST source for English and the translations
(``msgstr``) of the .po files for Norwegian Bokmål and Swedish.  No run of twelve or
more consecutive words may be shared with the seed of the same policy, in any
language; Vekstly's seed is Norwegian, so its Bokmål text is compared with it too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

PROJECT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT.parent / "shared" / "seeds"
POLICIES_DIR = PROJECT / "docs" / "policies"
LOCALES = PROJECT / "docs" / "locales"
OWN_LOCALES = PROJECT / "ext" / "sphinx_policy" / "locales"
POLICIES = ("weme", "weare", "weassist", "wesafe", "vekstly")
TRANSLATIONS = ("nb", "sv")
RUN = 12  # words in a row that count as copied

# Which seed is which policy: a phrase only that seed contains.
SEED_MARKERS = {
    "weme": "weme facilitators as",
    "weare": "wearelearning",
    "weassist": "we assist as",
    "wesafe": "wesafe privacy and personal data policy",
    "vekstly": "vekstly as er behandlingsansvarlig",
}

# Runs that may be shared because they are facts, not prose: each entry is an exact
# phrase (compared as `words` splits it); where one occurs in our text, its words
# break a run.  Keep this short: prose is rewritten, not listed here.
ALLOWED: tuple[str, ...] = (
    # Postal addresses of WeAre and of its service providers (without the country, which
    # translations name in their own language).
    "Drammensveien 130, 0277 Oslo",
    "2nd Floor, Stephen Court, 18-21 Saint Stephen's Green, Dublin",
    "1600 Amphitheatre Parkway, Mountain View, CA 94043",
    "Keizersgracht 277, 1016ED Amsterdam",
    # The names of the laws WeMe's processing complies with.
    "the Norwegian Personal Data Act and the EU General Data Protection Regulation (GDPR)",
)


def words(text: str) -> list[str]:
    """Lower-case words, with punctuation, markup and accents' composition ignored."""
    text = unicodedata.normalize("NFC", text).casefold()
    return re.findall(r"[^\W_]+", text)


def _markdown_passages(source: str) -> list[str]:
    """The passages of a MyST page as gettext extracts them: paragraphs, headings and
    list items, less directive fences and option lines (which hold codes, not prose)."""
    passages: list[list[str]] = [[]]
    for line in source.splitlines():
        stripped = line.strip()
        markup = not stripped or stripped.startswith((":::", "```")) or re.match(r"^:[\w-]+:", stripped)
        if markup or stripped.startswith("#") or re.match(r"^([-*+]|\d+\.)\s", stripped):
            passages.append([])  # a run does not continue across a block boundary
        if not markup:
            passages[-1].append(line)
    # Headings may repeat the seed's headings: they name sections, they are not prose.
    return ["\n".join(lines) for lines in passages if lines and not lines[0].lstrip().startswith("#")]


def _catalog_strings(path: Path) -> list[str]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return [str(message.string) for message in catalog if message.id and message.string]


@cache
def seeds() -> dict[str, str]:
    """The seed text of each policy, told apart by content, not by file name."""
    if not SEEDS.is_dir():
        pytest.fail(f"the seeds are missing: expected them in {SEEDS} (shared/seeds beside the clone)")
    found: dict[str, list[Path]] = {policy: [] for policy in POLICIES}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for policy, marker in SEED_MARKERS.items():
            if marker in " ".join(words(text)):
                found[policy].append(path)
    assert all(len(paths) == 1 for paths in found.values()), found
    return {policy: paths[0].read_text(encoding="utf-8") for policy, paths in found.items()}


def our_texts(policy: str, language: str) -> list[str]:
    """Our text of a policy in one language, as separate passages (a run never spans two)."""
    if language == "en":
        return _markdown_passages((POLICIES_DIR / f"{policy}.md").read_text(encoding="utf-8"))
    return _catalog_strings(LOCALES / language / "LC_MESSAGES" / "policies" / f"{policy}.po")


def shared_runs(ours: list[str], seed: str, length: int = RUN) -> Iterator[str]:
    """Every maximal run of `length` or more words of `ours` that also occurs in `seed`.

    The words of an allowed phrase (ALLOWED) break a run, as a block boundary does."""
    seed_words = words(seed)
    grams = {tuple(seed_words[i : i + length]) for i in range(len(seed_words) - length + 1)}
    allowed = [words(phrase) for phrase in ALLOWED]
    for text in ours:
        tokens = words(text)
        blocked = [False] * len(tokens)
        for phrase in allowed:
            for i in range(len(tokens) - len(phrase) + 1):
                if tokens[i : i + len(phrase)] == phrase:
                    blocked[i : i + len(phrase)] = [True] * len(phrase)
        covered = [False] * len(tokens)
        for i in range(len(tokens) - length + 1):
            if not any(blocked[i : i + length]) and tuple(tokens[i : i + length]) in grams:
                covered[i : i + length] = [True] * length
        start = None
        for i, flag in enumerate([*covered, False]):
            if flag and start is None:
                start = i
            elif not flag and start is not None:
                yield " ".join(tokens[start:i])
                start = None


@pytest.mark.parametrize("language", ["en", *TRANSLATIONS])
@pytest.mark.parametrize("policy", POLICIES)
def test_no_run_of_twelve_words_is_copied_from_a_seed(policy: str, language: str) -> None:
    """Compared with every seed, not only the policy's own: a phrase borrowed from
    another organisation's policy is copied all the same."""
    ours = our_texts(policy, language)
    assert ours, f"no text read for {policy} ({language})"
    runs = [f"- ({source}) {run}" for source, seed in seeds().items() for run in shared_runs(ours, seed)]
    assert runs == [], f"{len(runs)} runs of {RUN}+ words copied from the seeds ({policy}, {language}):\n" + "\n".join(
        runs
    )


@pytest.mark.parametrize("policy", POLICIES)
def test_a_copied_run_would_be_found(policy: str) -> None:
    """The comparison can fail: twelve words of the seed in a row, dropped into a passage
    of our text (as MyST or as a msgstr), are reported; eleven are not."""
    seed_words = words(seeds()[policy])
    start = len(seed_words) // 2
    twelve, eleven = " ".join(seed_words[start : start + RUN]), " ".join(seed_words[start : start + RUN - 1])
    page = f"# A heading\n\nOur own opening words, zqx {twelve.capitalize()} zqx. Our own end.\n"
    assert list(shared_runs(_markdown_passages(page), seeds()[policy])) == [twelve]
    assert list(shared_runs([f"Vi skriver selv: zqx {twelve} zqx."], seeds()[policy])) == [twelve]
    assert list(shared_runs([f"Vi skriver selv: zqx {eleven} zqx."], seeds()[policy])) == []


def test_our_texts_are_the_prose_of_the_page_and_of_the_catalogs() -> None:
    """What is compared is the prose a reader sees: paragraphs, list items and directive
    content in English, every msgstr in Bokmål and Swedish; never the option lines."""
    english = " ".join(" ".join(our_texts("weassist", "en")).split())
    assert "We Assist AS is the data controller" in english  # content of a directive
    assert "Your name and contact details." in english  # a list item
    assert ":codes:" not in english and ":legal-basis:" not in english
    for language in TRANSLATIONS:
        assert len(our_texts("weassist", language)) > 80


def test_the_seeds_are_told_apart_by_content() -> None:
    assert sorted(seeds()) == sorted(POLICIES)
    assert "personvernerklæring" in words(seeds()["vekstly"])  # the Norwegian original


# --- translations: cross-references, terms, quotes --------------------------------------------

QUOTES = {"nb": ("«", "»"), "sv": ("\u201d", "\u201d")}  # «…» in Bokmål, ”…” in Swedish


def _catalog(path: Path) -> dict[str, str]:
    with path.open("rb") as handle:
        return {
            message.id: message.string
            for message in read_po(handle)
            if isinstance(message.id, str) and message.id and isinstance(message.string, str) and message.string
        }  # plural forms (durations) hold no prose to check


def _headings(policy: str) -> list[str]:
    source = (POLICIES_DIR / f"{policy}.md").read_text(encoding="utf-8")
    return [line.lstrip("#").strip() for line in source.splitlines() if re.match(r"^#{1,6} ", line)]


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize("policy", POLICIES)
def test_a_reference_to_a_section_uses_the_translated_heading(policy: str, language: str) -> None:
    """Where the English text names a section ("Data transfers and how we share personal
    data"), the translation names it with the words of that section's translated heading."""
    catalog = _catalog(LOCALES / language / "LC_MESSAGES" / "policies" / f"{policy}.po")
    opening, closing = QUOTES[language]
    wrong = []
    for heading in _headings(policy):
        translated = catalog.get(heading)
        if not translated:
            continue
        for source, translation in catalog.items():
            # Case aside: a heading quoted as a defined term may start in lower case.
            if f'"{heading}"' in source and f"{opening}{translated}{closing}".lower() not in translation.lower():
                wrong.append(f"{heading!r} -> {translated!r} is not quoted in: {translation[:120]}")
    assert wrong == []


def _translations(language: str) -> list[tuple[Path, str, str]]:
    """(catalog, English, translation) of every translated message of the site and of the
    extension's own words, in one language."""
    paths = sorted((LOCALES / language / "LC_MESSAGES").rglob("*.po"))
    paths.append(OWN_LOCALES / language / "LC_MESSAGES" / "sphinx_policy.po")
    return [(path, source, translation) for path in paths for source, translation in _catalog(path).items()]


def _offending(language: str, wanted: str | None, banned: str | None, english: str = "") -> list[str]:
    """Translations of messages matching `english` that lack `wanted` or contain `banned`."""
    found = []
    for path, source, translation in _translations(language):
        # Code spans (`rectification`) are option values, not words to translate.
        if english and not re.search(english, re.sub(r"`[^`]*`", "", source), re.IGNORECASE):
            continue
        if (wanted and not re.search(wanted, translation, re.IGNORECASE)) or (
            banned and re.search(banned, translation, re.IGNORECASE)
        ):
            found.append(f"{path.relative_to(PROJECT)}: {translation[:140]}")
    return found


# One term per concept.  GDPR's "specifically consented" is not "explicit consent"
# (Art. 9(2)(a), 49(1)(a)), a stricter standard; rectification is «retting» and
# objection «protest» in Bokmål (the terms of personopplysningsloven); standard
# contractual clauses are «standardpersonvernbestemmelser» and «standardavtalsklausuler».
TERMS = [
    ("sv", r"\bspecifically consent", r"särskilt", r"uttryckligen"),
    ("nb", r"\bspecifically consent", r"særskilt", r"uttrykkelig"),
    ("sv", "", None, r"uttryckligen (har )?samtyck"),
    ("nb", r"(?<!error )\b(rectification|correction)\b", r"\brett", r"korrig|korreksjon"),
    ("nb", "", None, r"korrigering|korreksjon|innsigelse"),
    ("nb", r"\bobject(ion)?s?\b(?! to (it|them))", r"protest", None),
    ("sv", r"(?<!error )\b(rectification|correction)\b", r"rätt", r"korrig"),
    ("sv", r"\bobject(ion)?s?\b", r"invänd", None),
    ("nb", r"standard contractual clauses", r"standardpersonvernbestemmelse", r"standardkontrakt|standardavtale"),
    ("sv", r"standard contractual clauses", r"standardavtalsklausul", None),
]


@pytest.mark.parametrize(("language", "english", "wanted", "banned"), TERMS)
def test_one_term_per_concept(language: str, english: str, wanted: str | None, banned: str | None) -> None:
    assert _offending(language, wanted, banned, english) == []


# One article notation per language: «artikkel 6 nr. 1 bokstav a» in Bokmål (as Lovdata
# cites the GDPR), «artikel 6.1 a i GDPR» in Swedish (as the Swedish GDPR text and IMY
# cite it).  Not «art. 6(1)(a)», and not the English parentheses.  The article numbers
# that the extension fills in from its model ("6(1)(a)") are the code's to format.
NOTATION = {
    "nb": r"\b[Aa]rt\. ?\d|[Aa]rtikkel \d+ ?\(\d|Art\. \d",
    "sv": r"\b[Aa]rt\. ?\d|[Aa]rtikel \d+ ?\(\d|GDPR artikel|Art\. \d",
}


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_one_article_notation_per_language(language: str) -> None:
    assert _offending(language, None, NOTATION[language]) == []


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_the_extensions_messages_use_the_languages_quotes(language: str) -> None:
    """No straight double quotes, and no %(subject)r (Python's repr quotes with ')."""
    catalog = _catalog(OWN_LOCALES / language / "LC_MESSAGES" / "sphinx_policy.po")
    opening, closing = QUOTES[language]
    wrong = [
        translation
        for source, translation in catalog.items()
        if '"' in translation
        or "%(subject)r" in translation
        or ("%(subject)" in source and f"{opening}%(subject)s{closing}" not in translation)
        or (
            re.search(r"'[^']+'", source.replace("controller's", "").replace("organisation's", ""))
            and opening not in translation
        )
    ]
    assert wrong == []


def test_public_interest_or_official_authority_names_both_halves() -> None:
    """GDPR Art. 6(1)(e) is a task in the public interest OR in the exercise of official
    authority: a label with one half reads as a different, narrower basis."""
    assert re.search(
        r"allmennhetens interesse.*offentlig myndighetsutøvelse",
        _catalog(OWN_LOCALES / "nb" / "LC_MESSAGES" / "sphinx_policy.po")["Public task"],
        re.IGNORECASE,
    )
    assert re.search(
        r"allmänt intresse.*myndighetsutövning",
        _catalog(OWN_LOCALES / "sv" / "LC_MESSAGES" / "sphinx_policy.po")["Public task"],
        re.IGNORECASE,
    )


def test_the_norwegian_act_is_named_as_such() -> None:
    """«Personuppgiftslagen» alone is the repealed Swedish act (1998:204); where a policy
    means the Norwegian law, Swedish names personopplysningsloven.  Bokmål calls the act
    by its name, not «personvernloven»."""
    swedish = [
        line for line in _offending("sv", r"personopplysningsloven", None) if "personuppgiftslag" in line.lower()
    ]
    assert swedish == []
    assert _offending("sv", r"personopplysningsloven", None, english=r"Personal Data Act") == []
    assert _offending("nb", r"personopplysningsloven", r"personvernloven", english=r"Personal Data Act") == []


def test_wesafe_names_the_authority_as_the_seed_does() -> None:
    """The WeSafe seed says only "the Data Protection Authority": not Norway's
    Datatilsynet, and not a generic authority either; the translations keep its name."""
    assert "Data Protection Authority" in seeds()["wesafe"]
    for language in TRANSLATIONS:
        catalog = _catalog(LOCALES / language / "LC_MESSAGES" / "policies" / "wesafe.po")
        assert not any("Datatilsynet" in translation for translation in catalog.values())
        complaint = [translation for source, translation in catalog.items() if "Data Protection Authority" in source]
        assert complaint and all("Data Protection Authority" in translation for translation in complaint)
