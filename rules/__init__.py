"""Pure freshness rules: (column entries, ruleset, as_of) → findings; no network, no clock."""

from rules.categories import CATEGORIES, guess_category
from rules.engine import evaluate, horizon
from rules.model import ColumnSnapshot, Entry, Finding, Verdict
from rules.ruleset import Rule, Ruleset, RulesetError, load_ruleset

__all__ = [
    "CATEGORIES",
    "ColumnSnapshot",
    "Entry",
    "Finding",
    "Rule",
    "Ruleset",
    "RulesetError",
    "Verdict",
    "evaluate",
    "guess_category",
    "horizon",
    "load_ruleset",
]
