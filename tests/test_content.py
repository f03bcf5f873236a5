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

PROJECT = Path(__file__).resolve().parents[1]
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
def test_no_run_of_twelve_words_is_copied_from_the_seed(policy: str, language: str) -> None:
    runs = list(shared_runs(our_texts(policy, language), seeds()[policy]))
    assert runs == [], f"{len(runs)} runs of {RUN}+ words copied from the {policy} seed ({language}):\n" + "\n".join(
        f"- {run}" for run in runs
    )


def test_the_seeds_are_told_apart_by_content() -> None:
    assert sorted(seeds()) == sorted(POLICIES)
    assert "personvernerklæring" in words(seeds()["vekstly"])  # the Norwegian original
