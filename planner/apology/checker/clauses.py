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
from dataclasses import dataclass

from planner.apology.checker.dates import has_date_lowered

# Words that may stand between a subject and its verb without changing who does it.
_ADVERBS = (
    r"(?:\s+(?:\w+ly|so|very|all|both|also|just|again|truly|then|first|even|ever|still|do|did"
    r"|personally|once|clearly|simply|,))*"
)
_I_WE = r"\b(?:i|we)(?:\s*,[^,.;]{1,40},)?"

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
    r"|skipped|caused|dropped\s+the\s+ball|broke\s+(?:my|our)\s+(?:promise|word)|kept\s+you\s+waiting"
    r"|left\s+you|did\s+not|didn't|never|should\s+have|should\s+not\s+have|shouldn't\s+have"
    r"|could\s+have|ought\s+to\s+have|must\s+have|promised|let\s+you\s+down|owe\s+you"
    r"|were\s+(?:wrong|late|slow|careless|at\s+fault|to\s+blame|responsible)"
    r"|was\s+(?:wrong|late|slow|careless|at\s+fault|to\s+blame|responsible)"
    r"|am\s+(?:to\s+blame|responsible|at\s+fault)|are\s+(?:to\s+blame|responsible|at\s+fault)"
    r"|(?:take|accept|bear)\s+(?:full\s+|complete\s+|total\s+)?(?:responsibility|the\s+blame)"
    r"|own\s+(?:this|it|that|the\s+(?:mistake|error|failure))|took\s+too\s+long"
    r"|regret\s+(?:not\s+)?\w+ing|(?:'m|am|'re|are)\s+(?:the\s+)?(?:only\s+|one\s+)?(?:person\s+"
    r"|people\s+|ones?\s+)?(?:responsible|to\s+blame|at\s+fault))"
)
# A first-person failure: "we shipped the wrong parts", "I did not call you", "we have let you
# down". Perfect and past auxiliaries may come between ("we have", "I had").
_OWN_FAILURE = re.compile(
    rf"{_I_WE}(?:'ve|'d|\s+have|\s+had|\s+then|\s+both)?{_ADVERBS}\s+{_FAILURE_VERBS}\b"
    # "did not receive / get / hear" is about what reached us, which owns nothing.
    r"(?!\s+(?:receive|get|hear|have|know|mean|meant|intend|intended|expect|see\s+your|wanted)\b)"
)
# Past tense + a word that makes it a failure: "I sent it late", "we packed the wrong caps".
_PAST = (
    r"(?:\w+ed|sent|shipped|gave|told|took|wrote|made|put|left|brought|kept|got|built|sold"
    r"|quoted|charged|billed|packed|picked|set|ran|paid|read|heard|chose|hired|gone|went|came)"
)
_OWN_PAST_WRONG = re.compile(
    rf"{_I_WE}(?:'ve|\s+have|\s+had)?{_ADVERBS}\s+{_PAST}\b[^.;!?]{{0,70}}?\b"
    r"(?:wrong|late|twice|incorrect(?:ly)?|too\s+(?:late|long|early|soon|little|much|few|many)"
    r"|by\s+mistake|in\s+error|mistakenly|accidentally|badly|poorly|carelessly|without|instead"
    r"|before\s+(?:checking|confirming|testing)|damaged|broken|missing|cracked|nobody|no\s+one"
    r"|old|outdated|out\s+of\s+date|expired|last\s+(?:year|month|week|season)'s|did\s+not|didn't"
    r"|never|wasn't|weren't"
    r"|was\s+not|were\s+not|hadn't|had\s+not|when\s+(?:it|they|he|she|we)\s+(?:had|were|was|did)"
    r"\s+(?:not|still|n't)|the\s+wrong)\b"
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
    r"|failed|chose|decided|let|left)\b"
    r"|\b(?:because\s+of|due\s+to|thanks\s+to)\s+(?:my|our)\s+(?:own\s+)?(?:mistake|error|fault"
    r"|oversight|failure|delay|negligence|carelessness|decision|choice|label|mix-up|slip|lateness)\b"
    r"|\b(?:my|our)\s+(?:decision|choice|call|doing)\b"
)
# "That is my mistake", "the fault is ours", "this one is on me", "I own that".
_OWNERSHIP_NOUNS = re.compile(
    r"(?<!not\s)(?<!n't\s)(?<!no\s)\b(?:my|our)\s+(?:own\s+)?(?:mistake|error|fault|responsibility"
    r"|doing|oversight|failure|failing|blunder|miss|slip|bad|omission|negligence|carelessness"
    r"|fault\s+alone|own\s+fault)\b"
    r"|(?<!not\s)(?<!n't\s)\b(?:on|down\s+to)\s+(?:me|us)\b(?!\s+(?:to|for)\b)"
    r"|\b(?:is|was|are|were)\s+(?:all\s+)?(?:mine|ours)\b"
    r"|\b(?:it|that)\s+was\s+(?:me|us)\s+(?:who|that)\b"
    r"|\b(?:the\s+)?(?:blame|fault|responsibility)\s+(?:is|lies|lay|rests|was)\s+(?:with\s+)?(?:me|us|mine|ours)\b"
)
_HYPOTHETICAL = re.compile(
    r"\b(?:if|whether|in\s+case|unless|even\s+if)\s+(?:\w+\s+){0,2}$"
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


def owns(sentence: str) -> bool:
    """Someone in the first person owns a failure here ("I shipped the wrong parts", "that is
    our mistake"). "The company failed to ..." or "mistakes were made" does not."""
    others = _OTHERS_FAILED.search(sentence) is not None
    for pattern in (_OWN_FAILURE, _OWN_PAST_WRONG, _SORRY_FOR_OUR_ACT, _OUR_CAUSE):
        if others and pattern is not _OWN_FAILURE:
            continue  # "we shipped it on time, but the courier lost it" owns nothing
        for match in pattern.finditer(sentence):
            if not _HYPOTHETICAL.search(sentence, max(0, match.start() - 24), match.start()):
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


# --- the remedy ------------------------------------------------------------------------------

# Verbs that fix something whatever their tense: "I refunded", "we will replace".
_REMEDIAL = (
    r"(?:refund\w*|credit\w*|replac\w*|reimburs\w*|repair\w*|fix\w*|correct\w*|re-?sen[dt]\w*"
    r"|re-?issu\w*|waiv\w*|compensat\w*|re-?deliver\w*|expedit\w*|swap\w*|exchang\w*|upgrad\w*"
    r"|remak\w*|re-?pack\w*|rebuil\w*|redo\w*|re-?run\w*|refit\w*|cover\w*\s+(?:the|your|all)"
    r"|absorb\w*|cancell?ed\s+the\s+(?:invoice|charge|fee)|cancel\s+the\s+(?:invoice|charge|fee))"
)
# Verbs of an action that is only a remedy when promised or done for them.
_ACTION = (
    r"(?:sen[dt]s?|sending|ship\w*|deliver\w*|bring\w*|brought|call\w*|phon\w*|ring|visit\w*"
    r"|pay|pays|paid|paying|collect\w*|pick\w*\s+up|book\w*|arrang\w*|driv\w*|drove|install\w*"
    r"|issu\w*|e-?mail\w*|giv\w*|gave|hand\w*|meet\w*|come|comes|coming|courier\w*|dispatch\w*"
    r"|rush\w*|return\w*|train\w*|assign\w*|set\s+up|schedul\w*|reserv\w*|order\w*|text\w*"
    r"|post\w*|updat\w*|chang\w*|confirm\w*|escort\w*|load\w*|speak\w*|talk\w*|flag\w*|put\w*"
    r"|add\w*|sit|check\s+(?:in|back)|double[- ]?check\w*|check\w*\s+(?:every|each|all|your)"
    r"|stay\w*|review\w*|introduc\w*|hir\w*|keep\w*|walk\w*|personally\s+\w+|tak\w*\s+(?:back|care)"
    r"|be\s+(?:there|with\s+you|on\s+site|at\s+your|in\s+your|in\s+touch|back)|reach\s+you\w*"
    r"|arriv\w*|fit\w*|cut\w*|build\w*|print\w*|reprint\w*|paint\w*|clean\w*|finish\w*"
    r"|complet\w*|re-?(?:send|ship|deliver|print|do|fit|install|issue|book|pack|run|make|paint|stock|fund|place|schedul|test|check|train|work|cut|build|turn|visit|clean|fill|load|start|open|write|calculat|process)\w*|present\w*|report\w*|publish\w*|hold\w*|offer\w*|provid\w*"
    r"|honou?r\w*|stop\w*|withdraw\w*|recall\w*|remov\w*|restor\w*|roll\w*\s+back"
    r"|waive\w*|pay\w*|collect\w*|rebook\w*|push\w*\s+(?:\w+\s+){0,2}live|go\s+live|launch\w*|get\s+(?:\w+\s+){0,3}(?:round|over|out|back)\s+to\s+you|take\s+(?:the|your|them|it)\s+back"
    r"|have\s+(?:the|your|a|new)\s+\w+"
    r"\s+(?:with|to|at|ready|delivered|sent)|make\s+sure\s+(?:you|your|the|every|each))"
)
_COMMIT = r"(?:will|'ll|shall|am\s+going\s+to|are\s+going\s+to|'m\s+going\s+to|'re\s+going\s+to)"
# Past tense of an action that is a fix when it is done for them: "I booked a courier".
_PAST_ACTION = (
    r"(?:booked|arranged|sent|shipped|dispatched|couriered|ordered|scheduled|reserved|assigned"
    r"|delivered|brought|drove|installed|issued|paid|posted|updated|changed|added|put|set\s+up"
    r"|hired|trained|introduced|gave|handed|emailed|texted)"
)
# What makes a past action a fix: the new or right thing, or a time still to come.
_FIX_OBJECT = re.compile(
    r"\b(?:new|right|correct|replacement|missing|spare|extra|dedicated|express|priority|free"
    r"|second\s+check|refund|credit|courier|engineer|technician)\b"
)
# Under way or done for them: "I have booked a courier", "I am sending".
_UNDER_WAY = re.compile(
    rf"{_I_WE}(?:'ve|\s+have|'m|\s+am|'re|\s+are){_ADVERBS}\s+(?:{_ACTION}|{_REMEDIAL})\b"
)
# Done for them: "I booked a dedicated courier for Friday".
_DONE_FOR_THEM = re.compile(rf"{_I_WE}{_ADVERBS}\s+{_PAST_ACTION}\b")
# A change in how we work: "from now on every order gets a second check".
_STANDING_CHANGE = re.compile(
    r"\b(?:from\s+now\s+on|from\s+today|going\s+forward|in\s+future|from\s+this\s+week)\b"
)
_REMEDY_SIGNALS = (
    # A remedial verb with us as its subject, in any tense: "I refunded", "we will replace".
    re.compile(
        rf"\b(?:i|we|our\s+\w+){_ADVERBS}(?:'ll|'ve|'m|'re|'d)?(?:\s+(?!not\b|never\b)\w+){{0,3}}?\s+"
        rf"(?<!the\s)(?<!\sa\s)(?<!an\s)(?<!my\s)(?<!our\s)(?<!your\s)(?<!this\s){_REMEDIAL}\b"
    ),
    # A promise: "I will bring", "our driver will collect", "new parts will be delivered".
    re.compile(rf"(?:\b|')(?:{_COMMIT})(?:\s+\w+){{0,2}}?\s+(?:{_ACTION}|{_REMEDIAL})\b"),
    _UNDER_WAY,
    # An offer in our own hands: "we can send him back", "I can come on Thursday".
    re.compile(rf"{_I_WE}\s+can\s+(?:\w+\s+){{0,2}}?(?:{_ACTION}|{_REMEDIAL})\b"),
    # Someone set to work on it: "I've asked them to issue a new one", "we will have the
    # fitter return to correct it", "… and book the repair".
    re.compile(
        rf"\basked\s+(?:them|him|her|the\s+\w+|our\s+\w+)\s+to\s+(?:{_ACTION}|{_REMEDIAL})\b"
        r"|\bhave\s+(?:the|our|a|an)\s+\w+\s+(?:return|come|fix|replace|call|visit|redo|correct"
        r"|repair|collect|deliver)\b"
        rf"|(?:\bwill|'ll)\s+[^.;]{{0,50}}?\band\s+(?:{_ACTION}|{_REMEDIAL})\b"
    ),
    _DONE_FOR_THEM,
    # "Today I drive the parts over myself."
    re.compile(r"\b(?:today|tonight|tomorrow|this\s+(?:morning|afternoon))\s+(?:i|we)\s+\w+"),
    # A remedy named as a thing: "a full refund", "a credit note", "a replacement".
    re.compile(
        r"\b(?:refunds?|(?:service\s+)?credit\s+note|credits?\s+(?:to|on|of)|(?:a|an|the)\s+(?:\w+\s+)?credit|replacements?|re-?delivery|discount|voucher|free\s+of\s+charge"
        r"|at\s+no\s+(?:cost|charge)|on\s+(?:us|the\s+house)|(?:is|are)\s+on\s+(?:its|their)\s+way)\b"
    ),
    # The fixed thing on its way: "a corrected invoice is in your inbox by five".
    re.compile(
        r"\b(?:a|the|your|two|\d+)\s+(?:corrected|new|revised|replacement|fresh|updated|right"
        r"|correct|missing)\s+(?:\w+\s+){0,2}?(?:is|are|will|has|have|was|were|went|goes|go|left"
        r"|arrives?|reach\w*)\b"
    ),
    _STANDING_CHANGE,
)
# Promises that promise nothing: "we will look into it", "we will try to", "we hope to".
_EMPTY_PROMISE = re.compile(
    r"\b(?:will|'ll|shall)\s+(?:\w+\s+)?(?:look\s+into|try|do\s+(?:our|my)\s+best|endeavou?r|aim"
    r"|investigate|review\s+(?:the|this|our)|consider|see\s+what|get\s+back|be\s+in\s+touch)\b"
    r"|\b(?:everything|all)\s+(?:we|i)\s+could|\btried\s+(?:to|our|my)\b"
)
# No commitment after all: "when he can", "if possible", "once the area is ready".
_NO_COMMITMENT = re.compile(
    r"\b(?:when|if|whenever)\s+(?:he|she|they|we|i|it)\s+(?:can|is\s+able|are\s+able)\b"
    r"|\bif\s+(?:possible|we\s+can)\b"
)
# What a standing change must hold to be one: something done, on every order, by a person.
_STANDING_ACTION = re.compile(
    rf"\b(?:every|each|all|second|double|{_ACTION}|{_REMEDIAL})\b"
)
_FAILURE_CLAUSE = re.compile(
    r"\b(?:wrong|late|twice|did\s+not|didn't|never|failed|forgot|missed|should\s+have|instead)\b"
)
_REMEDIAL_WORD = re.compile(_REMEDIAL)


def offers_remedy(sentence: str) -> bool:
    """The sentence promises or reports a concrete fix (not "we will look into it")."""
    for signal in _REMEDY_SIGNALS:
        match = signal.search(sentence)
        if match is None:
            continue
        if signal in (_UNDER_WAY, _DONE_FOR_THEM) and not _REMEDIAL_WORD.search(match.group()):
            # A past or present action is a fix only when it is not the failure itself
            # ("I have sent the wrong parts"), and a bare past one only with a fix in it.
            clause = sentence[match.start() : match.end() + 50]
            if _FAILURE_CLAUSE.search(clause):
                continue
            if signal is _DONE_FOR_THEM and not _FIX_OBJECT.search(clause):
                continue
        if _EMPTY_PROMISE.search(sentence[max(0, match.start() - 12) : match.end()]):
            continue
        if _NO_COMMITMENT.search(sentence):
            continue
        if signal is _STANDING_CHANGE and not _STANDING_ACTION.search(sentence):
            continue  # "we will be more careful in future" changes nothing anyone can see
        return True
    return False


_STANDING = re.compile(
    r"\b(?:next\s+time|from\s+now\s+on|from\s+today|going\s+forward|in\s+(?:the\s+)?future"
    r"|every\s+time|each\s+time|(?:on|with|for)\s+every\s+(?:order|delivery|invoice|shipment)"
    r"|every\s+(?:order|delivery|invoice|shipment|week|month|monday|tuesday|wednesday|thursday"
    r"|friday))\b"
)


def standing_change(sentence: str) -> bool:
    """A change in how we work carries its own "when" ("from now on", "on every order")."""
    return _STANDING.search(sentence) is not None


_CHECK_BACK = re.compile(
    r"\b(?:check(?:ing)?\s+(?:back|in|on|with|that|whether|if|how)|call\w*|ring|phone|visit\w*"
    r"|come\s+(?:back|by|round)|drop\s+(?:by|in)|follow(?:ing)?\s+up|be\s+in\s+touch"
    r"|get\s+back|touch\s+base|catch\s+up|speak|talk|hear\s+how|see\s+how|make\s+sure)\b"
)


def checks_back(sentence: str) -> bool:
    """The sentence says when we will get back in touch ("I will call you on Thursday")."""
    return _CHECK_BACK.search(sentence) is not None and has_date_lowered(sentence)


# A fix the text reports as already done needs no date: "I have refunded the charge".
_DONE = re.compile(
    rf"{_I_WE}(?:'ve|\s+have){_ADVERBS}\s+(?:already\s+)?(?:{_REMEDIAL}|{_ACTION})\b"
    rf"|{_I_WE}{_ADVERBS}\s+(?:refunded|credited|replaced|reimbursed|repaired|fixed|corrected"
    r"|re-?sent|re-?issued|waived|cancell?ed)\b"
)


def remedy_done(sentence: str) -> bool:
    """The fix is reported as done already."""
    return _DONE.search(sentence) is not None and not _FAILURE_CLAUSE.search(sentence)


# A time given by the sentence before: "I will bring it then", "on that day".
_POINTS_BACK = re.compile(r"\b(?:then|that\s+day|at\s+that\s+time|the\s+same\s+day|that\s+morning)\b")

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


def roles(sentence: str) -> Roles:
    """Every role of one lowered sentence."""
    owned = owns(sentence)
    return Roles(
        apologises=apologises(sentence),
        owns=owned,
        names_wrong=owned or names_wrong(sentence),
        names_harm=names_harm(sentence),
        explains=owned or _EXPLAINS.search(sentence) is not None,
        remedy=(remedy := offers_remedy(sentence)),
        remedy_done=remedy and remedy_done(sentence),
        points_back=_POINTS_BACK.search(sentence) is not None,
        dated=has_date_lowered(sentence),
        standing=standing_change(sentence),
        check_back=checks_back(sentence),
    )
