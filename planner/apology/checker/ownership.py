"""Who owns the failure: the first-person grammar of "we shipped the wrong parts", "that is my
mistake", "I'm the one who booked it", told apart from "the company failed to", "mistakes were
made", "we never received your email" or "perhaps I could have". Every function takes one
sentence already passed through ``patterns.lowered``; clauses.py puts the roles together.
"""
from __future__ import annotations

import re

from planner.apology.checker.words import ADVERBS as _ADVERBS
from planner.apology.checker.words import I_WE as _I_WE

# "Did not receive / get / hear", "never meant": about what reached us or what we meant, which
# owns nothing.
_REACHED_US = (
    r"(?:receiv\w*|get(?!\s+back)|got|hear\w*|heard|have|had|know\w*|knew|mean\w*|meant|intend\w*"
    r"|expect\w*|see\s+your|saw\s+your|want\w*|think(?!\s+to\b)|thought(?!\s+to\b)|believ\w*|imagin\w*"
    r"|anticipat\w*|foresee\w*|foresaw|realis\w*|realiz\w*)"
)
# Verbs that are a failure whatever follows them.
_FAILURE_VERBS = (
    r"(?:made\s+(?:a|an|the|this|that|two|several|some)(?:\s+\w+)?\s+(?:mistakes?|errors?|"
    r"blunders?|mess)|got\s+(?:it|this|that|things|everything|(?:the|your|our)\s+\w+(?:\s+\w+)?)\s+wrong"
    r"|messed\s+up|screwed\s+up|slipped\s+up|let\s+(?:you|your\s+\w+|(?:you\s+)?all|everyone|"
    r"this|it|that|things)\s+(?:down|slip|happen|drop)|failed|fail|forgot|missed|overlooked|neglected"
    # "I had not updated the list", "we have not yet sent": a perfect left undone.
    rf"|not\s+(?:yet\s+|even\s+|properly\s+|fully\s+)?(?:been\s+)?(?!{_REACHED_US}\b)[a-z]+(?:ed|en|wn|t)"
    r"|ignored|lost|broke|damaged|delayed|dropped|mixed\s+up|misread|misunderstood|misjudged"
    r"|underestimated|overbooked|overpromised|overcharged|double[- ]?(?:charged|billed|booked)"
    r"|mislabell?ed|mishandled|misquoted|misplaced|mislaid|fell\s+short|fallen\s+short|cut\s+corners|rushed"
    r"|allowed\s+(?:this|it|that)\s+to\s+happen|let\s+(?:this|it|that)\s+(?:go\s+on|drag\s+on|continue)"
    r"|skipped|caused|dropped\s+the\s+ball|broke\s+(?:my|our)\s+(?:promise|word)"
    # Any over-, under- or mis- verb is one done wrong ("overcooked", "underbaked", "misrouted"),
    # except the few that are not failures.
    r"|(?!over(?:hauled|saw|seen|came|took)|under(?:lined|scored|stood|took|went|signed))"
    r"(?:over|under|mis)[a-z]{3,}ed"
    r"|scratched|dented|chipped|stained|spilled|spilt|flooded|tripped|burnt|burned|scorched"
    r"|smashed|tore|ripped|insulted|offended|misled|interrupted|(?:talked|spoke)\s+over"
    r"|snapped\s+at|shouted\s+at|yelled\s+at|hung\s+up\s+on|wasted"
    # "I logged it and did nothing more" (but "we did nothing wrong" is a denial).
    r"|did\s+nothing(?!\s+wrong)"
    r"|(?:gave|threw)\s+(?:\w+\s+){0,3}?away"
    r"|kept\s+(?:you|your\s+\w+)(?:\s+\w+)?\s+(?:waiting|on\s+hold|hanging|in\s+the\s+dark|guessing"
    r"|standing)|left\s+you|did\s+not|didn't|never|should(?:\s+never|\s+not)?\s+have|should've"
    r"|shouldn't\s+have"
    r"|could\s+have|ought\s+to\s+have|must\s+have|promised|let\s+you\s+down|owe\s+you"
    # Not there when we should have been: "I wasn't on our call", "we were not ready".
    r"|(?:wasn't|was\s+not|weren't|were\s+not)\s+(?:on|at|there|here|ready)\b"
    r"|(?:were|was)\s+(?:too\s+|far\s+too\s+|very\s+|so\s+)?(?:wrong|late|slow|careless|at\s+fault"
    r"|to\s+blame|responsible|rude|unfair|unhelpful|dismissive|disrespectful)"
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
    rf"(?!\s+{_REACHED_US}\b)"
)
# Past tense + a word that makes it a failure: "I sent it late", "we packed the wrong caps".
_PAST = (
    r"(?:\w+ed|sent|shipped|gave|told|took|wrote|made|put|left|brought|kept|got|built|sold"
    r"|quoted|charged|billed|packed|picked|set|ran|paid|read|heard|chose|hired|gone|went|came"
    r"|cut|let|shut|hit|spent|fitted|fit|hung|laid|lent|meant|wore|drove|rang|swapped|spoke|said"
    r"|did|wrote|dealt|sold|bought|brought|built)"
)
# What reached us late is not our act ("we received your email late"), and "we did nothing
# wrong" denies the fault.
_OWN_PAST_WRONG = re.compile(
    rf"{_I_WE}(?:'ve|\s+have|\s+had)?{_ADVERBS}\s+(?!(?:receiv\w*|heard)\b)(?!did\s+nothing\b)"
    rf"{_PAST}\b[^.;!?]{{0,70}}?\b"
    r"(?:wrong|late|twice|incorrect(?:ly)?|too\s+(?:late|long|early|soon|little|much|few|many)"
    r"|rather\s+than|not\s+the"
    r"|by\s+mistake|in\s+error|mistakenly|accidentally|badly|poorly|carelessly|without|instead"
    r"|before\s+(?:\w+\s+){0,3}?(?:had\s+)?(?:check|confirm|test|approv|verif|sign)\w*|damaged|broken|missing|cracked|nobody|no\s+one"
    r"|old|outdated|out\s+of\s+date|expired|last\s+(?:year|month|week|season)'s|did\s+not|didn't"
    r"|never|wasn't|weren't|early|short|anyway|unfairly|rudely|wrongly|disrespectfully|dismissively|upside\s+down|back\s+to\s+front|inside\s+out"
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
    # "it" or "them" straight after our verb is its object, not a new subject: "each time I
    # logged it and did nothing more".
    rf"{_I_WE}(?:\s+(?:\w+ly\s+)?\w+ed\s+(?:it|them)|(?:\s+(?!(?:he|she|they|you|it|the|your"
    r"|their|his|her)\b)[\w']+){1,8}?),?\s+"
    r"(?:and|then|but)\s+(?:then\s+)?(?:broke|forgot|missed|failed|ignored|lost|dropped|overlooked"
    r"|neglected|never|did\s+not|didn't|did\s+nothing(?!\s+wrong))\b"
    rf"(?!\s+{_REACHED_US}\b)"
)
# "I'm the one who booked it", "I was the person who approved it", "sorry for what I said",
# "a failure on my part", "that was rude of me".
_OWN_ACT = re.compile(
    r"\b(?:i'm|i\s+am|i\s+was|we're|we\s+are|we\s+were)\s+the\s+(?:one|ones|person|people)\s+"
    r"(?:who|that)\b"
    r"|\b(?:sorry|apologi[sz]e|apolog(?:y|ies))\s+(?:for|about)\s+(?:what|the\s+(?:things?|way"
    r"|words?|remarks?|comments?|tone)|how|everything|anything)\s+(?:\w+\s+)?(?:i|we)"
    r"(?:'ve|\s+have|'d|\s+had)?\s+(?:said"
    r"|did|wrote|posted|handled|treated|spoke|behaved|acted|sent|put|used|made|told|chose|let)\b"
    r"|\b(?:sorry|apologi[sz]e|apolog(?:y|ies))\s+(?:for|about)\s+(?:my|our)\s+(?:\w+\s+)?"
    r"(?:rudeness|behaviou?r|tone|outburst|lateness|silence|absence|carelessness|slowness"
    r"|remarks?|comments?|words|language|conduct|handling|delay|mistakes?|errors?)\b"
    # A joke or a remark is a speech act of the one apologising: "I'm sorry for the joke".
    r"|\b(?:sorry|apologi[sz]e|apolog(?:y|ies))\s+(?:for|about)\s+(?:the|that|this)\s+(?:\w+\s+)?"
    r"(?:jokes?|remarks?|insults?|outburst|tweet)\b"
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
    r"|cruel|offensive|insulting|demeaning|degrading|humiliating|nasty|racist|sexist"
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
    # "That is a choice we made, and you paid for it."
    r"|\b(?:a|the|that|this)\s+(?:choice|decision|call)\s+(?:that\s+)?(?:i|we)\s+(?:made|took)\b"
)
# A decision of ours: "I approved that box to save cost", "I signed off that change", "I
# decided to close old tickets in bulk". Deciding to put it right owns nothing: "we decided to
# refund you", "I approved your refund".
_OUR_DECISION = re.compile(
    rf"{_I_WE}(?:'ve|\s+have|'d|\s+had)?{_ADVERBS}\s+(?:approved"
    r"|signed\s+(?:(?:it|this|that|them)\s+)?off|authori[sz]ed|okayed|decided|chose|agreed\s+to)\b"
    r"(?!\s+(?:on\s+)?(?:to\s+)?(?:(?:a|an|the|your|their|his|her)\s+)?(?:\w+\s+)?(?:refund|credit"
    r"|replac|reimburs|repair|fix|correct|compensat|redeliver|rebook|resend|re-send|waiv|discount"
    r"|claim|request|return|exchange|goodwill|send|sent|bring|deliver|visit|pay|cover|give|offer"
    r"|call|book|come|cancel\w*\s+(?:the|your)\s+(?:invoice|charge|fee|bill)))"
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
    # "Keeping that list right was my job", "checking the drawing was our responsibility".
    r"|\b(?:was|were)\s+(?:my|our)\s+(?:job|responsibility|duty|task|role)\b"
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
    # Whoever it may have been: "I apologise to anyone I offended".
    r"|\b(?:anyone|anybody|whoever|any\s+of\s+you|those|everyone|everybody)\s+(?:whom\s+|that\s+|who\s+)?$"
    # What nobody could have done: "there was nothing we could have done", "little we could do".
    r"|\b(?:nothing|little|not\s+much|not\s+a\s+lot|no\s+way)\s+(?:else\s+)?(?:that\s+)?$"
    # Someone else's view of what we should have done: "some of you feel I should have".
    r"|\b(?:feel|feels|felt|think|thinks|thought|say|says|said|believe|believes|claim|claims)"
    r"\s+(?:that\s+)?$"
)


# An apology for our own act: "sorry for keeping you waiting", "my apologies for missing it".
_SORRY_FOR_OUR_ACT = re.compile(
    r"\b(?:sorry|apologi[sz]e|apolog(?:y|ies))\s+(?:for|about)\s+(?:not\s+|never\s+)?"
    r"(?!(?:anything|everything|nothing|something|being\s+(?:upset|frustrated|unhappy)|feeling)\b)"
    r"\w+ing\b"
    # The act may follow a dash, colon or comma: "I'm sorry — I emailed it to someone else".
    rf"|\bsorry(?:\s*[,:;—–]\s*|\s+-\s+|\s+)(?:that\s+)?(?:i|we)(?:'ve|\s+have|\s+had)?{_ADVERBS}\s+"
    rf"(?!{_REACHED_US}\b)(?:{_FAILURE_VERBS}|{_PAST})\b"
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
                    _OWN_ACT, _ACT_JUDGED, _OUR_DECISION):
        if others and pattern is not _OWN_FAILURE:
            continue  # "we shipped it on time, but the courier lost it" owns nothing
        for match in pattern.finditer(sentence):
            if _HYPOTHETICAL.search(sentence, max(0, match.start() - 24), match.start()):
                continue
            if pattern is _OWN_PAST_WRONG and _REPORTED.search(match.group()):
                continue
            return True
    return _OWNERSHIP_NOUNS.search(sentence) is not None


def others_failed(sentence: str) -> bool:
    """Someone else is the one who failed here: "the courier lost it"."""
    return _OTHERS_FAILED.search(sentence) is not None


def acts(sentence: str) -> bool:
    """A first-person past act: "I said", "we moved the jobs" (owned by a "That was wrong."
    that follows)."""
    return _OUR_ACT.search(sentence) is not None


def judges_back(sentence: str) -> bool:
    """The sentence judges what the one before said: "That was wrong.", "It was unfair."."""
    return _JUDGES_BACK.search(sentence) is not None
