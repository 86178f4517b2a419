"""The component checks tied to a part: missing-sorry (regret), missing-ownership
(responsibility), missing-remedy and undated-remedy (remedy).

The words the user sees for them live in resources/rules/missing-*.toml and
undated-remedy.toml; whether the problem is there is decided for the whole apology in
planner/apology/checker/analysis.py from the sentence roles of clauses.py. Each check leans
towards silence: a false "you never said sorry" on a real apology is worse than a miss.
"""
from __future__ import annotations

from planner.apology.checker.finding import Part

# Check name (which is also its category) -> the part it belongs to, where its finding shows.
CHECK_PARTS: dict[str, Part] = {
    "missing-sorry": "regret",
    "missing-ownership": "responsibility",
    "missing-remedy": "remedy",
    "undated-remedy": "remedy",
}
