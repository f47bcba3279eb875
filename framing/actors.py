"""Finding the actors a paragraph mentions, by alias lists from config.

A stance head is about one actor; to see that actor's context the model first has to find
where the paragraph names it: "Beijing", "the mainland", "Zhongnanhai", "Xi's government",
"the PLA's" all name the same actor. `ActorMatcher` compiles every alias of every actor into
one regular expression, longest alias first, so that "Taiwan Affairs Office" is Beijing's and
not a mention of Taiwan, and phrases that contain an alias without meaning the actor ("South
China Sea", "Taiwan Strait") can be listed as `ignore` and are skipped.

Case: an alias written in capitals ("US", "PLA", "MAC") matches only in capitals, so the
pronoun "us" is not Washington; every other alias matches in any case. A possessive ('s or
’s) is part of the mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Mapping, Sequence

Span = tuple[int, int]


@dataclass(frozen=True)
class TargetedText:
    """A paragraph as one head sees it: where its target is mentioned, and where others are."""

    text: str
    target_spans: tuple[Span, ...]
    other_spans: tuple[tuple[Span, str], ...] = ()  # (span, actor name)
    target: str | None = None  # the actor's name, or the row's own target


def _alias_pattern(alias: str) -> str:
    escaped = r"\s+".join(re.escape(part) for part in alias.split())
    letters = [c for c in alias if c.isalpha()]
    case_sensitive = len(letters) >= 2 and all(c.isupper() for c in letters)
    return escaped if case_sensitive else f"(?i:{escaped})"


class ActorMatcher:
    """Mentions of configured actors in text.

    aliases : {actor name: [alias, ...]}
    ignore : phrases that contain an alias but name no actor ("South China Sea").
    """

    def __init__(self, aliases: Mapping[str, Sequence[str]], ignore: Sequence[str] = ()):
        self.aliases = {str(actor): list(names) for actor, names in aliases.items()}
        self.ignore = list(ignore)
        for actor, names in self.aliases.items():
            if not names or not all(isinstance(n, str) and n.strip() for n in names):
                raise ValueError(f"actor {actor!r}: aliases must be a non-empty list of non-empty strings")

    def __getstate__(self):
        # The compiled pattern is rebuilt on demand; pickles stay small and version-proof.
        return {"aliases": self.aliases, "ignore": self.ignore}

    def __setstate__(self, state):
        self.aliases = state["aliases"]
        self.ignore = state["ignore"]

    @cached_property
    def _compiled(self) -> tuple[re.Pattern, dict[str, str | None]]:
        entries: list[tuple[str, str | None]] = [(alias, actor) for actor, names in self.aliases.items() for alias in names]
        entries += [(phrase, None) for phrase in self.ignore]
        # Longest first: at any position the regex takes the first alternative that matches.
        entries.sort(key=lambda entry: -len(entry[0]))
        groups: dict[str, str | None] = {}
        parts = []
        for i, (alias, actor) in enumerate(entries):
            groups[f"a{i}"] = actor
            parts.append(f"(?P<a{i}>{_alias_pattern(alias)})")
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?:['’]s)?(?![\w-])")
        return pattern, groups

    def mentions(self, text: str) -> list[tuple[Span, str]]:
        """Every mention in order: ((start, end), actor)."""
        pattern, groups = self._compiled
        found = []
        for match in pattern.finditer(text):
            actor = groups[match.lastgroup]
            if actor is not None:
                found.append(((match.start(), match.end()), actor))
        return found

    def targeted(self, text: str, target: str) -> TargetedText:
        if target not in self.aliases:
            raise ValueError(f"no aliases configured for actor {target!r} (actors: {sorted(self.aliases)})")
        mentions = self.mentions(text)
        return TargetedText(
            text,
            tuple(span for span, actor in mentions if actor == target),
            tuple((span, actor) for span, actor in mentions if actor != target),
            target,
        )


def actor_token(actor: str) -> str:
    """The word a mention of `actor` is replaced by when masking (lower case, so that
    lower-casing vectorizers keep it whole)."""
    return "actor" + re.sub(r"\W", "", actor.lower())


TARGET_TOKEN = "targetactor"


def mask(targeted: TargetedText) -> str:
    """The text with the target's mentions replaced by TARGET_TOKEN and other actors' by
    their actor tokens, so a model learns "X condemned" rather than names."""
    replacements = [(span, TARGET_TOKEN) for span in targeted.target_spans]
    replacements += [(span, actor_token(actor)) for span, actor in targeted.other_spans]
    out, last = [], 0
    for (start, end), token in sorted(replacements):
        out.append(targeted.text[last:start])
        out.append(f" {token} ")
        last = end
    out.append(targeted.text[last:])
    return "".join(out)
