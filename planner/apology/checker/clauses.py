"""A small clause grammar: what one sentence of an apology does (says sorry, owns, names, fixes).

Patterns alone cannot tell "we apologise" from "we reached out to apologise", or "we sent the
wrong parts" from "the company sent the wrong parts". These rules look at who the subject of
a clause is and what kind of verb follows it, which is enough for the seven components of an
apology. Every function takes one sentence already passed through ``patterns.lowered``.

Why our own grammar and not a parser or a morphology lexicon. Measured on the development
corpus (benchmarks/corpus/dev.toml, 229 texts) with each approach answering the same two
questions, who owns the failure and is a failure told in an agentless passive:

  approach                 ownership   false "nobody   passive   passive on   per 2,000   start-up,
                           recall      owns it"        recall    good texts   characters  memory
  this clause grammar      0.99        9 of 127        0.95      0            ~1.6 ms     0.4 s, 18 MB
  lemminflect (lexicon)    0.97        14 of 127       0.71      0            ~0.9 ms     0.8 s, 127 MB
  spaCy en_core_web_sm     0.97        22 of 127       0.84      2            ~63 ms      0.8-1.2 s, 151 MB

The parser is 40 times too slow for the keystroke path and adds about 250 MB to the bundle
(spaCy, thinc, blis, numpy and a model that the package registry offers only as an unofficial
re-upload); lemminflect needs numpy (about 70 MB) and knows verb forms but not who did what,
which is where the errors are. Neither found anything ours misses, so nothing is added.
"""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from planner.apology.checker import remedies
from planner.apology.checker.dates import has_date_lowered
from planner.apology.checker.words import ADVERBS as _ADVERBS
from planner.apology.checker.words import I_WE as _I_WE

# --- saying sorry ---------------------------------------------------------------------------

# "sorry to hear / to say" is sympathy or a figure of speech, not an apology.
_NOT_AN_APOLOGY_AFTER = r"(?!\s+(?:to\s+(?:hear|learn|read|see|say|report|inform|tell|announce|bother)|but\s+not)\b)"
_SORRY_ACTS = re.compile(
    "|".join(
        (
            # "I'm sorry", "we are truly sorry", "I am so very sorry".
            rf"{_I_WE}(?:'m|'re|\s+am|\s+are){_ADVERBS}\s+sorry\b{_NOT_AN_APOLOGY_AFTER}",
            # "Sorry.", "So sorry about ...", "— sorry, I ..." at the start of a clause.
            (
                rf"(?:^|[,;:—–(\"“]\s*|\b(?:and|so|oh|again|truly|really)\s+)"
                rf"(?:(?:so|very|really|truly|terribly|deeply|awfully)\s+)*sorry\b"
                rf"{_NOT_AN_APOLOGY_AFTER}"
            ),
            # "I apologise", "we sincerely apologize", "I do apologise", "I must apologise".
            rf"{_I_WE}(?:\s+(?:\w+ly|do|also|again|all|both|can\s+only|humbly))*\s+apologi[sz]e\b",
            # "Apologies for the delay", "Sincere apologies, Dana".
            r"(?:^|[,;:—–(\"“]\s*)(?:(?:sincere|many|humble|deepest|profound)\s+)?apologies\b",
            # "My apologies", "our sincere apology", "you have my apology", "please accept our
            # apologies" (a set form that makes the apology it names).
            (
                r"(?:^|[,;:—–(\"“]\s*|\bhave\s+|\baccept\s+)(?:my|our)(?:\s+(?:sincere|sincerest"
                r"|deepest|heartfelt|humble|honest|genuine|unreserved|profound|full|real|personal"
                r"|most))*\s+apolog(?:y|ies)\b"
            ),
        )
    )
)
# "I'm not sorry", "we are never sorry": the opposite of an apology.
_NEGATED_SORRY = re.compile(r"\b(?:not|never|n't)\s+(?:\w+\s+)?sorry\b")


def apologises(sentence: str) -> bool:
    """The sentence makes an apology in the first person ("I'm sorry", "we apologise").

    Reporting an apology ("we called to apologise", "the company apologised", "an apology was
    issued") or announcing one ("I would like to apologise") does not count.
    """
    return _SORRY_ACTS.search(sentence) is not None and not _NEGATED_SORRY.search(sentence)


# --- owning it -----------------------------------------------------------------------------

# Verbs that are a failure whatever follows them.
_FAILURE_VERBS = (
    r"(?:made\s+(?:a|an|the|this|that|two|several|some)(?:\s+\w+)?\s+(?:mistakes?|errors?|"
    r"blunders?|mess)|got\s+(?:it|this|that|things|everything|(?:the|your|our)\s+\w+(?:\s+\w+)?)\s+wrong"
    r"|messed\s+up|screwed\s+up|slipped\s+up|let\s+(?:you|your\s+\w+|(?:you\s+)?all|everyone|"
    r"this|it|that|things)\s+(?:down|slip|happen|drop)|failed|fail|forgot|missed|overlooked|neglected"
    r"|ignored|lost|broke|damaged|delayed|dropped|mixed\s+up|misread|misunderstood|misjudged"
    r"|underestimated|overbooked|overpromised|overcharged|double[- ]?(?:charged|billed|booked)"
    r"|mislabell?ed|mishandled|misquoted|misplaced|mislaid|fell\s+short|cut\s+corners|rushed"
    r"|skipped|caused|dropped\s+the\s+ball|broke\s+(?:my|our)\s+(?:promise|word)"
    # Any over-, under- or mis- verb is one done wrong ("overcooked", "underbaked", "misrouted"),
    # except the few that are not failures.
    r"|(?!over(?:hauled|saw|seen|came|took)|under(?:lined|scored|stood|took|went|signed))"
    r"(?:over|under|mis)[a-z]{3,}ed"
    r"|scratched|dented|chipped|stained|spilled|spilt|flooded|tripped|burnt|burned|scorched"
    r"|smashed|tore|ripped|insulted|offended|misled|interrupted|(?:talked|spoke)\s+over"
    r"|snapped\s+at|shouted\s+at|yelled\s+at|hung\s+up\s+on|wasted"
    r"|(?:gave|threw)\s+(?:\w+\s+){0,3}?away"
    r"|kept\s+(?:you|your\s+\w+)(?:\s+\w+)?\s+(?:waiting|on\s+hold|hanging|in\s+the\s+dark|guessing"
    r"|standing)|left\s+you|did\s+not|didn't|never|should(?:\s+never|\s+not)?\s+have|should've"
    r"|shouldn't\s+have"
    r"|could\s+have|ought\s+to\s+have|must\s+have|promised|let\s+you\s+down|owe\s+you"
    r"|were\s+(?:wrong|late|slow|careless|at\s+fault|to\s+blame|responsible)"
    r"|was\s+(?:wrong|late|slow|careless|at\s+fault|to\s+blame|responsible)"
    r"|am\s+(?:to\s+blame|responsible|at\s+fault)|are\s+(?:to\s+blame|responsible|at\s+fault)"
    r"|(?:take|accept|bear)\s+(?:full\s+|complete\s+|total\s+)?(?:responsibility|the\s+blame)"
    r"|own\s+(?:this|it|that|the\s+(?:mistake|error|failure))|took\s+too\s+long"
    r"|regret\s+(?:not\s+)?\w+ing|(?:'m|am|'re|are)\s+(?:the\s+)?(?:only\s+|one\s+)?(?:person\s+"
    r"|people\s+|ones?\s+)?(?:responsible|to\s+blame|at\s+fault))"
)
# "Did not receive / get / hear", "never meant": about what reached us or what we meant, which
# owns nothing.
_REACHED_US = (
    r"(?:receiv\w*|get(?!\s+back)|got|hear\w*|heard|have|had|know\w*|knew|mean\w*|meant|intend\w*"
    r"|expect\w*|see\s+your|saw\s+your|want\w*)"
)
# A first-person failure: "we shipped the wrong parts", "I did not call you", "we have let you
# down". Perfect and past auxiliaries may come between ("we have", "I had").
_OWN_FAILURE = re.compile(
    rf"{_I_WE}(?:'ve|'d|\s+have|\s+had|\s+then|\s+both)?{_ADVERBS}\s+{_FAILURE_VERBS}\b"
    rf"(?!\s+{_REACHED_US}\b)"
)
# Past tense + a word that makes it a failure: "I sent it late", "we packed the wrong caps".
_PAST = (
    r"(?:\w+ed|sent|shipped|gave|told|took|wrote|made|put|left|brought|kept|got|built|sold"
    r"|quoted|charged|billed|packed|picked|set|ran|paid|read|heard|chose|hired|gone|went|came"
    r"|cut|let|shut|hit|spent|fitted|fit|hung|laid|lent|meant|wore|drove|rang|swapped)"
)
_OWN_PAST_WRONG = re.compile(
    rf"{_I_WE}(?:'ve|\s+have|\s+had)?{_ADVERBS}\s+{_PAST}\b[^.;!?]{{0,70}}?\b"
    r"(?:wrong|late|twice|incorrect(?:ly)?|too\s+(?:late|long|early|soon|little|much|few|many)"
    r"|by\s+mistake|in\s+error|mistakenly|accidentally|badly|poorly|carelessly|without|instead"
    r"|before\s+(?:\w+\s+){0,3}?(?:had\s+)?(?:check|confirm|test|approv|verif|sign)\w*|damaged|broken|missing|cracked|nobody|no\s+one"
    r"|old|outdated|out\s+of\s+date|expired|last\s+(?:year|month|week|season)'s|did\s+not|didn't"
    r"|never|wasn't|weren't|early|short|anyway|upside\s+down|back\s+to\s+front|inside\s+out"
    r"|(?:someone|somebody)\s+else's|another\s+(?:customer|client|guest|person)'s|already"
    r"|(?:does|do|did)(?:\s+not|n't)\s+(?:fit|work|match|suit)|rude|unfair|open"
    r"|off[- ]cent(?:re|er)|out\s+of\s+(?:spec|tolerance|line|square)|misaligned|crooked|backwards"
    r"|(?:who|which|that)\s+(?:was|were)\s+(?:off|away|absent|on\s+holiday|on\s+leave|not\s+working"
    r"|unavailable|not\s+available|closed|fully\s+booked)"
    r"|when\s+you\s+(?:had\s+)?(?:asked|ordered|wanted|paid|booked|needed)"
    r"|was\s+not|were\s+not|hadn't|had\s+not|when\s+(?:it|they|he|she|we)\s+(?:had|were|was|did)"
    r"\s+(?:not|still|n't)|the\s+wrong)\b"
)
# A failure whose subject is the "I" or "we" earlier in the sentence: "I made a promise and
# broke it", "we took the booking, then forgot it". No other subject may come between.
_AND_FAILED = re.compile(
    rf"{_I_WE}(?:\s+(?!(?:he|she|they|you|it|the|your|their|his|her)\b)[\w']+){{1,8}}?,?\s+"
    r"(?:and|then|but)\s+(?:then\s+)?(?:broke|forgot|missed|failed|ignored|lost|dropped|overlooked"
    r"|neglected|never|did\s+not|didn't)\b"
    rf"(?!\s+{_REACHED_US}\b)"
)
# "I'm the one who booked it", "I was the person who approved it", "sorry for what I said",
# "a failure on my part", "that was rude of me".
_OWN_ACT = re.compile(
    r"\b(?:i'm|i\s+am|i\s+was|we're|we\s+are|we\s+were)\s+the\s+(?:one|ones|person|people)\s+"
    r"(?:who|that)\b"
    r"|\b(?:sorry|apologi[sz]e|apolog(?:y|ies))\s+(?:for|about)\s+(?:what|the\s+(?:things?|way"
    r"|words?|remarks?|comments?|tone)|how|everything|anything)\s+(?:\w+\s+)?(?:i|we)\s+(?:said"
    r"|did|wrote|posted|handled|treated|spoke|behaved|acted|sent|put|used|made|told|chose|let)\b"
    r"|\b(?:sorry|apologi[sz]e|apolog(?:y|ies))\s+(?:for|about)\s+(?:my|our)\s+(?:\w+\s+)?"
    r"(?:rudeness|behaviou?r|tone|outburst|lateness|silence|absence|carelessness|slowness"
    r"|remarks?|comments?|words|language|conduct|handling|delay|mistakes?|errors?)\b"
    r"|\b(?:mistake|error|failure|oversight|lapse|misjudg\w+|carelessness|negligence|fault)\s+"
    r"(?:was\s+|is\s+)?(?:entirely\s+|all\s+)?on\s+(?:my|our)\s+part\b"
    # The fault named first, then us as the ones who made it: "a fault I introduced", "the
    # wrong date came from our office: I typed it in".
    r"|\b(?:fault|error|mistake|bug|problem|glitch|typo|change|slip)\s+(?:that\s+|which\s+)?(?:i|we)"
    r"\s+(?:\w+ly\s+)?(?:introduced|caused|made|created|missed|overlooked|put\s+in|added|pushed)\b"
    r"|\bwrong\s+\w+[^.;!?]{0,60}?\b(?:i|we)\s+(?:\w+ly\s+)?(?:\w+ed|put|set|sent|wrote|typed|gave"
    r"|made|took|cut|read)\s+(?:it|them|that|this)\b"
    # Nobody among us did it: "nobody here measured the first piece".
    r"|\b(?:nobody|no\s+one|no-one)\s+(?:here|on\s+our\s+(?:side|team|end)|at\s+our\s+end|in\s+our\s+team"
    r"|from\s+our\s+team)\s+\w+ed\b|\bnone\s+of\s+us\s+\w+ed\b"
    # Regretting our own act or omission: "not calling you is what I regret most".
    r"|\b(?:what|the\s+(?:part|thing|one\s+thing))\s+(?:i|we)\s+(?:most\s+|really\s+)?regret\b"
    r"|\b(?:rude|careless|wrong|thoughtless|unprofessional|unfair|sloppy|lazy|unacceptable"
    r"|inexcusable|foolish|short-sighted)\s+of\s+(?:me|us)\b"
)
# A judgement of what was just said: "I said the petition was noise. That was wrong." The act
# is ours when the sentence before has us doing it (analysis.py links the two), or when the
# judgement follows in the same sentence ("I said it was noise, which was wrong").
_JUDGEMENT = (
    r"(?:was|is|were)\s+(?:\w+ly\s+|also\s+|just\s+)?(?:wrong|disrespectful|unfair|unacceptable"
    r"|careless|rude|thoughtless|hurtful|insensitive|unprofessional|inexcusable|sloppy|lazy"
    r"|a\s+mistake|an\s+error|a\s+failure|a\s+misjudge?ment|not\s+(?:ok|okay|acceptable"
    r"|good\s+enough|fair|right))\b"
)
_JUDGES_BACK = re.compile(rf"^(?:and\s+|but\s+)?(?:that|this|it)\s+{_JUDGEMENT}")
_OUR_ACT = re.compile(rf"{_I_WE}(?:'ve|\s+have|\s+had)?{_ADVERBS}\s+(?:{_PAST}|said|did)\b")
_ACT_JUDGED = re.compile(
    rf"{_I_WE}(?:'ve|\s+have|\s+had)?{_ADVERBS}\s+(?:{_PAST}|said|did)\b[^.;!?]{{0,80}}?"
    rf"(?:,|;|\s[—–-])\s*(?:which|and\s+that|that|and\s+it)\s+{_JUDGEMENT}"
)
# A failure by someone else in the same sentence: "we shipped it, but the courier lost it".
_OTHERS_FAILED = re.compile(
    r"\b(?:courier|carrier|supplier|vendor|partner|warehouse|driver|manufacturer|factory"
    r"|subcontractor|contractor|they|he|she|provider|agency|bank|airline|post\s+office)\b"
    r"(?:\s+\w+){0,2}\s+(?:lost|damaged|delayed|failed|missed|forgot|did\s+not|didn't|never"
    r"|broke|dropped|sent|shipped|was\s+late|were\s+late)\b"
)
# "Because I sent them to the old address", "due to our mistake": a cause that is ours.
_OUR_CAUSE = re.compile(
    rf"\b(?:because|since)\s+{_I_WE}(?:\s+\w+){{0,2}}?\s+(?:{_PAST}|had|did|forgot|missed"
    r"|failed|chose|decided|let|left|hadn't|had\s+not|didn't|did\s+not|wasn't|weren't|never)\b"
    r"|\b(?:because\s+of|due\s+to|thanks\s+to)\s+(?:my|our)\s+(?:own\s+)?(?:mistake|error|fault"
    r"|oversight|failure|delay|negligence|carelessness|decision|choice|label|mix-up|slip|lateness)\b"
    r"|\b(?:my|our)\s+(?:decision|choice|call|doing)\b"
)
# "That is my mistake", "the fault is ours", "this one is on me", "I own that".
_OWNERSHIP_NOUNS = re.compile(
    r"(?<!not\s)(?<!n't\s)(?<!no\s)\b(?:my|our)\s+(?:own\s+)?(?:mistake|error|fault|responsibility"
    r"|doing|oversight|failure|failing|blunder|miss|slip|bad|omission|negligence|carelessness"
    r"|misjudge?ment|lapse|misstep|fault\s+entirely"
    r"|fault\s+alone|own\s+fault)\b"
    r"|(?<!not\s)(?<!n't\s)\b(?:on|down\s+to)\s+(?:me|us)\b(?!\s+(?:to|for)\b)"
    r"|\b(?:is|was|are|were)\s+(?:all\s+|entirely\s+|wholly\s+|completely\s+)?(?:mine|ours)\b"
    r"|\b(?:it|that)\s+was\s+(?:me|us)\s+(?:who|that)\b"
    # Idioms of owning it: "on my watch", "the buck stops with me", "I hold my hands up",
    # "we were in the wrong", "I have no excuse", "it was my job to make sure".
    r"|\bon\s+(?:my|our)\s+watch\b|\bthe\s+buck\s+stops\s+with\s+(?:me|us)\b"
    r"|\b(?:i|we)\s+(?:hold|held|put)\s+(?:my|our)\s+hands?\s+up\b|\b(?:i|we)\s+(?:was|were|am|are)\s+in\s+the\s+wrong\b"
    r"|\b(?:i|we)\s+(?:have|had)\s+no\s+excuse\b|\b(?:it\s+was|it's|it\s+is|that\s+was|that's)\s+(?:my|our)\s+job\s+to\b"
    # Refusing the excuse and owning the choice: "no excuse: we chose the courier".
    r"|\bno\s+excuse\b[^.!?]{0,40}?\b(?:i|we)\s+(?:chose|picked|hired|booked|appointed|selected)\b"
    r"|\b(?:i|we)\s+(?:chose|picked|hired|booked|appointed|selected)\s+(?:the|them|that|this|him|her)\b"
    r"[^.!?]{0,40}?\bno\s+excuse\b"
    r"|\b(?:the\s+)?(?:blame|fault|responsibility)\s+(?:is|lies|lay|rests|was)\s+(?:\w+ly\s+|all\s+)?"
    r"(?:with\s+)?(?:me|us|mine|ours)\b"
)
_HYPOTHETICAL = re.compile(
    r"\b(?:if|whether|in\s+case|unless|even\s+if)\s+(?:\w+\s+){0,2}$"
    # A hedged admission owns nothing: "perhaps I could have chosen my words better".
    r"|\b(?:perhaps|maybe|possibly|arguably)\s+(?:\w+\s+)?$"
    # A counterfactual: "had we known earlier, we could have helped".
    r"|\bhad\s+(?:we|i|you|they)\s+\w+(?:\s+\w+){0,3},?\s+$"
    # Someone else's view of what we should have done: "some of you feel I should have".
    r"|\b(?:feel|feels|felt|think|thinks|thought|say|says|said|believe|believes|claim|claims)"
    r"\s+(?:that\s+)?$"
)


# An apology for our own act: "sorry for keeping you waiting", "my apologies for missing it".
_SORRY_FOR_OUR_ACT = re.compile(
    r"\b(?:sorry|apologi[sz]e|apolog(?:y|ies))\s+(?:for|about)\s+(?:not\s+|never\s+)?"
    r"(?!(?:anything|everything|nothing|something|being\s+(?:upset|frustrated|unhappy)|feeling)\b)"
    r"\w+ing\b"
    rf"|\bsorry\s+(?:that\s+)?(?:i|we)(?:'ve|\s+have|\s+had)?{_ADVERBS}\s+"
    rf"(?:{_FAILURE_VERBS}|{_PAST})\b"
)


# A verb that reports what we found out brings in someone else's clause: "we looked into it and
# found the order was placed late" owns nothing.
_REPORTED = re.compile(
    r"\b(?:found|saw|noticed|discovered|learned|learnt|realised|realized|heard|confirmed|checked"
    r"|told|said|showed|shows)\s+(?:that\s+)?(?:the|your|it|they|he|she|our|their|this)\b"
)


def owns(sentence: str) -> bool:
    """Someone in the first person owns a failure here ("I shipped the wrong parts", "that is
    our mistake"). "The company failed to ..." or "mistakes were made" does not."""
    others = _OTHERS_FAILED.search(sentence) is not None
    for pattern in (_OWN_FAILURE, _OWN_PAST_WRONG, _SORRY_FOR_OUR_ACT, _OUR_CAUSE, _AND_FAILED,
                    _OWN_ACT, _ACT_JUDGED):
        if others and pattern is not _OWN_FAILURE:
            continue  # "we shipped it on time, but the courier lost it" owns nothing
        for match in pattern.finditer(sentence):
            if _HYPOTHETICAL.search(sentence, max(0, match.start() - 24), match.start()):
                continue
            if pattern is _OWN_PAST_WRONG and _REPORTED.search(match.group()):
                continue
            return True
    return _OWNERSHIP_NOUNS.search(sentence) is not None


# --- naming what went wrong and what it did to them ----------------------------------------

_WRONG = re.compile(
    r"\b(?:late|later\s+than|delay(?:s|ed)?|wrong|incorrect|damaged|broken|missing|missed|lost"
    r"|twice|double[- ]?(?:charged|billed)|overcharged?|never\s+(?:arrived|came|called|answered)"
    r"|did\s+not\s+(?:arrive|come|call|answer|work|fit|turn\s+up|show)|didn't\s+(?:arrive|come"
    r"|call|answer|work|fit|turn\s+up|show)|failed|leak(?:ed|s)?|outage|crash(?:ed)?|cancell?ed"
    r"|short|faulty|defective|unanswered|ignored|no[- ]show|mistake|error|not\s+(?:arrived|delivered"
    r"|sent|shipped|answered|fixed|working)|stood\s+(?:still|idle)|without|outdated|out\s+of\s+date"
    r"|last\s+(?:year|month|week|season)'s)\b"
)
_HARM = re.compile(
    r"\b(?:you(?:'ve|\s+have|\s+had)?\s+(?:had\s+to|were\s+(?:left|kept|forced|made)|lost|waited"
    r"|could\s+not|couldn't|were\s+unable|spent|paid|stood|went\s+without|ended\s+up|had\s+no"
    r"|were\s+without|missed|needed|counted\s+on|relied\s+on|planned)"
    r"|left\s+you|kept\s+you|cost\s+you|put\s+you|for\s+you\s+and"
    r"|your\s+(?:team|crew|staff|line|customers?|clients?|boss|director|manager|day|evening|weekend"
    r"|deadline|schedule|plans?|reputation|project|production|event|launch|site|workers|fitters"
    r"|patients|guests|shop|store|business|money|time|week|morning|afternoon|trust|family|holiday)"
    r"|wait(?:ed|ing)?|idle|embarrass\w*|humiliat\w*|stress\w*|frustrat\w*|let\s+down|worr\w*"
    r"|overtime|stood\s+(?:around|idle|still)|alone|in\s+the\s+dark|chas(?:e|ed|ing)|out\s+of\s+pocket"
    r"|lost\s+(?:a|an|the|two|three|half|hours|days|money|sales|orders|customers))\b"
)


def names_wrong(sentence: str) -> bool:
    """The sentence says concretely what went wrong or what it did to them."""
    return _WRONG.search(sentence) is not None or _HARM.search(sentence) is not None


def names_harm(sentence: str) -> bool:
    """The sentence says what the failure did to the customer ("your crew waited all day")."""
    return _HARM.search(sentence) is not None


# --- explaining ------------------------------------------------------------------------------

_EXPLAINS = re.compile(
    r"\b(?:because|since|as\s+a\s+result|which\s+(?:meant|is\s+why)|that\s+is\s+why|that's\s+why"
    r"|the\s+reason|what\s+happened\s+(?:is|was)|here\s+is\s+what|here's\s+what|due\s+to\s+(?:my|our)"
    r"|when\s+(?:i|we)|after\s+(?:i|we)|so\s+(?:the|your|it|they))\b"
)


def explains(sentence: str) -> bool:
    """The sentence says how the failure came about (an ownership clause also explains)."""
    return _EXPLAINS.search(sentence) is not None or owns(sentence)


_STORY_WORD = re.compile(r"[a-z][a-z'-]{3,}")


def _same_word(a: str, b: str) -> bool:
    """"waiting" ~ "wait", "embarrassed" ~ "embarrassing": a shared stem, not a shared start."""
    short, long = sorted((a, b), key=len)
    size = max(4, len(short) - 2)
    return long.startswith(short[:size])


def mentions_story(sentence: str, story: Collection[str]) -> bool:
    """The sentence uses a distinctive word of the customer's own story (their moments)."""
    stems: dict[str, list[str]] = {}
    for word in story:
        stems.setdefault(word[:4], []).append(word)
    for word in _STORY_WORD.findall(sentence):
        word = word.strip("'-")
        if any(_same_word(word, other) for other in stems.get(word[:4], ())):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Roles:
    """What one sentence does for the apology."""

    apologises: bool
    owns: bool
    names_wrong: bool
    names_harm: bool
    explains: bool
    remedy: bool
    remedy_done: bool
    points_back: bool
    dated: bool
    standing: bool
    check_back: bool
    # A first-person past act ("I said", "we moved the jobs"), and a judgement of whatever the
    # sentence before said ("That was wrong."): together, the second owns the first.
    acts: bool = False
    judges_back: bool = False


def roles(sentence: str) -> Roles:
    """Every role of one lowered sentence."""
    owned = owns(sentence)
    return Roles(
        apologises=apologises(sentence),
        owns=owned,
        names_wrong=owned or names_wrong(sentence),
        names_harm=names_harm(sentence),
        explains=owned or _EXPLAINS.search(sentence) is not None,
        remedy=(remedy := remedies.offers_remedy(sentence)),
        remedy_done=remedy and remedies.remedy_done(sentence),
        points_back=remedies.points_back(sentence),
        dated=has_date_lowered(sentence) or remedies.date_left_to_them(sentence),
        standing=remedies.standing_change(sentence),
        check_back=remedies.checks_back(sentence),
        acts=_OUR_ACT.search(sentence) is not None,
        judges_back=_JUDGES_BACK.search(sentence) is not None,
    )


def linked(previous: Roles | None, current: Roles) -> Roles:
    """``current`` with what it owns by pointing back at ``previous`` ("That was wrong.")."""
    if previous is not None and current.judges_back and previous.acts and not current.owns:
        return replace(current, owns=True, names_wrong=True, explains=True)
    return current
