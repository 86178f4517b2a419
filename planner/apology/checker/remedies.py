"""The remedy side of the clause grammar: does a sentence promise or report a concrete fix, is it
dated, is it a standing change, does it say when we check back.

A remedy is recognised three ways, from the narrowest to the broadest: a fixing verb with us as
its subject in any tense ("I refunded", "we will replace"); an action promised, under way or
done for them ("I will bring", "I have booked a courier"), or a fix named as a thing ("a full
refund", "no charge"); and, only where the sentence also gives a date, any first-person promise
that is not one of the empty ones ("I'll do the second coat on Saturday", "I've blocked out
Thursday at 6"): a date on it is what makes a promise one the customer can hold us to. Every
function takes one sentence already passed through ``patterns.lowered``.
"""
from __future__ import annotations

import re

from planner.apology.checker.dates import has_date_lowered
from planner.apology.checker.words import ADVERBS, COMMIT, I_WE

# Verbs that fix something whatever their tense: "I refunded", "we will replace".
_CHARGE = r"(?:invoice|charge|fee|bill|penalty|fine|surcharge|charges|fees)"
_REMEDIAL = (
    r"(?:refund\w*|credit\w*|replac\w*|reimburs\w*|repair\w*|fix\w*|correct\w*|re-?sen[dt]\w*"
    r"|re-?issu\w*|waiv\w*|compensat\w*|re-?deliver\w*|expedit\w*|swap\w*|exchang\w*|upgrad\w*"
    r"|remak\w*|re-?pack\w*|rebuil\w*|redo\w*|re-?run\w*|refit\w*|cover\w*\s+(?:the|your|all)"
    r"|absorb\w*|revers\w*|reinstat\w*|rectif\w*|restor\w*|recover\w*|reinstall\w*|rebook\w*"
    r"|repa(?:y|ys|id|ying)|pa(?:y|ys|id|ying)\s+(?:\S+\s+){0,3}?back|appeal\w*|rearrang\w*|reschedul\w*"
    r"|re-?open\w*|unblock\w*|unfreez\w*|unlock\w*|release\w*\s+(?:the|your)\s+(?:funds|money|hold|payment)"
    rf"|cancel\w*\s+(?:the|your|this|that|any)(?:\s+\w+){{0,2}}?\s+{_CHARGE}"
    r"|(?:knock|took|tak)\w*\s+(?:\S+\s+){1,6}?off\s+(?:the|your|this|next|that)"
    r"|writ\w*\s+off|wrote\s+off)"
)
# Verbs of an action that is only a remedy when promised or done for them.
_ACTION = (
    # Calling, writing or meeting to talk is a check-back, not a fix (checks_back below).
    r"(?:sen[dt]s?|sending|ship\w*|deliver\w*|bring\w*|brought|visit\w*"
    r"|pay|pays|paid|paying|collect\w*|pick\w*\s+up|book\w*|arrang\w*|driv\w*|drove|install\w*"
    r"|issu\w*|giv\w*|gave|hand(?!le)\w*|(?:come|comes|coming)(?!\s+first)|courier\w*"
    r"|dispatch\w*"
    r"|rush\w*|return\w*|train\w*|assign\w*|set\s+up|schedul\w*|reserv\w*|order\w*"
    r"|post(?!pon)\w*|updat\w*|chang\w*|escort\w*|load\w*|flag\w*|put\w*"
    r"|mov(?:e|es|ed|ing)\s+(?:you|your|it|them|the|him|her|all|every|each)\b"
    r"|prioriti[sz]\w*|fast-?track\w*"
    r"|add(?!ress)\w*|sit|check\s+(?:in|back)|double[- ]?check\w*|check\w*\s+(?:every|each|all|your)"
    r"|stay\w*|review\w*|introduc\w*|hir\w*|keep\w*|walk\w*|personally\s+\w+|tak\w*\s+(?:back|care)"
    r"|be\s+(?:there|with\s+you|on\s+site|at\s+your|in\s+your|in\s+touch|back)|reach\s+you\w*"
    r"|be\s+(?:at|on|in|outside)\s+(?:the|your)\s+(?:store|site|shop|office|house|home|premises|door"
    r"|address|venue|plant|warehouse|depot|property|flat|branch|factory|yard|gate)"
    r"|arriv\w*|fit\w*|cut\w*|build\w*|print\w*|reprint\w*|paint\w*|clean\w*|finish\w*"
    r"|complet\w*|re-?(?:send|ship|deliver|print|do|fit|install|issue|book|pack|run|make|paint"
    r"|stock|fund|place|schedul|test|check|train|work|cut|build|turn|visit|clean|fill|load|start"
    r"|open|write|calculat|process)\w*|present\w*|report\w*|publish\w*|hold\w*|offer\w*|provid\w*"
    r"|honou?r\w*|stop\w*|withdraw\w*|recall\w*|remov\w*|restor\w*|roll\w*\s+back"
    r"|waive\w*|pay\w*|collect\w*|rebook\w*|push\w*\s+(?:\w+\s+){0,2}live|go\s+live|launch\w*"
    r"|get\s+(?:\w+\s+){0,3}(?:round|over|out|back)\s+to\s+you|take\s+(?:the|your|them|it)\s+back"
    r"|drop\w*\s+(?:\w+\s+){0,2}?(?:off|round|over|in|at|by)|appl(?:y|ies|ied|ying)|extend\w*|oversee\w*|supervis\w*|top\w*\s+up|block\w*\s+(?:out|off)"
    r"|set\w*\s+aside|lin\w*\s+up|sort\w*\s+(?:(?!it\b|this\b|that\b|things\b|everything\b)\w+\s+)"
    r"{1,3}out|have\s+(?:the|your|a|new|them|it)\s+(?:\w+\s+)?(?:with|to|at|ready|delivered|sent"
    r"|outside|back|fixed|repaired|done|in\s+your)|make\s+sure\s+(?:you|your|the|every|each))"
)
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
    rf"{I_WE}(?:'ve|\s+have|'m|\s+am|'re|\s+are){ADVERBS}(?:\s+(?:already\s+)?(?:begun|started"
    rf"|commenced|been))?\s+(?:{_ACTION}|{_REMEDIAL})\b"
)
# Done for them: "I booked a dedicated courier for Friday".
_DONE_FOR_THEM = re.compile(rf"{I_WE}{ADVERBS}\s+{_PAST_ACTION}\b")
# A change in how we work: "from now on every order gets a second check".
_STANDING_CHANGE = re.compile(
    r"\b(?:from\s+now\s+on|from\s+today|going\s+forward|in\s+future"
    r"|from\s+this\s+(?:week|month|quarter))\b"
)
# Promises that are no action however they are dated: looking, trying, learning, keeping in
# touch, doing better. Anything else promised in the first person, with a date, is an action.
_EMPTY_VERB = (
    # Calling or meeting to talk is a check-back, not a fix: "I'll call you on Monday".
    r"(?:(?:call|ring|phone)(?!\s+(?:round|by|in|over|back\s+(?:round|by)))|speak|talk|chat|catch\s+up"
    r"|touch\s+base|follow\s+up|check\s+in\s+with"
    r"|look|try|attempt|aim|endeavou?r|strive|hope|continue|learn|reflect|share|pass|listen"
    r"|review|consider|investigate|examine|explore|assess|evaluate|monitor|see|contact|work"
    r"|improve|ensure|remember|never|not|always|remind|discuss|raise|escalate|need|want|wish"
    r"|like|apologi[sz]e|say|tell|explain|answer|respond|reply|think|get\s+to\s+the\s+bottom"
    r"|get\s+back|let\s+you\s+know|reach\s+out|keep\s+(?:you|an\s+eye|trying|working|looking"
    r"|improving)|make\s+sure\s+(?:this|it|that)|take\s+(?:this|your|it|that|the\s+\w+)\s+"
    r"(?:seriously|on\s+board)|use\s+(?:this|your|the)|be\s+(?:more|better|reviewing|looking"
    r"|working|monitoring|investigating|learning|in\s+touch|in\s+contact|sure|careful|able|happy)"
    r"|do\s+(?:our|my)\s+(?:best|utmost)|do\s+(?:better|everything|all|whatever|what|more)"
    r"|have\s+to|(?:speak|talk)\s+(?:to|with)\s+(?:the|our|my)\s+(?:team|staff|colleagues))\b"
)
# The verb after the adverbs: an adverb itself is never taken for it ("we will personally look").
_PROMISE_ADVERBS = r"(?:\s+(?:\w+ly|also|just|then|first|still|all|both|again|,))*"
_DATED_PROMISE = re.compile(
    rf"(?:{I_WE}(?:'ll|\s+will|\s+shall|'m\s+going\s+to|\s+am\s+going\s+to|'re\s+going\s+to"
    rf"|\s+are\s+going\s+to)"
    # The "I" left out, as in a text message: "Going now, will drop it at yours by 6."
    rf"|(?:^|[,;:—–]\s*|\s[-–]\s+|\band\s+)(?:will|shall)){_PROMISE_ADVERBS}\s+"
    rf"(?!(?:\w+ly|also|just|then|first|still|all|both|again)\b)(?!{_EMPTY_VERB})\w"
)
# A committed action told by its structure, whatever the verb: we (or a team or person of
# ours) will do something to a named thing. "Our accounts team will void invoice 4471 today",
# "our crew lead will sweep the corridor again on Friday at 8:00". The verb is not looked up in a
# list of fixes; what makes it a fix is who commits to it and that it has an object one can
# point at. Verbs of feeling or of keeping up appearances are no action on anything
# ("we will value your business"), and a vague object names nothing to check ("we will
# address the issue", "we will strengthen our processes").
_OUR_SUBJECT = (
    rf"(?:{I_WE}|\b(?:our|my)\s+(?:[\w-]+\s+){{0,2}}?[\w-]+(?:\s*,[^,.;]{{1,40}},)?)"
)
_NOT_AN_ACT = (
    r"(?:be|have|get|take|do|keep|put|give|let|value|appreciate|miss|regret|welcome|thank"
    r"|understand|know|accept|recogni[sz]e|acknowledge|respect|own|note|treat|address|handle"
    r"|strengthen|enhance|communicate|prioriti[sz]e|honou?r|use|find|feel|owe|love|go|come"
    r"|start|begin|stop|put)\b"
)
_OBJECT = (
    r"(?:(?:the|your|a|an|each|every|all|both|these|those|its|their|our|his|her|that|this)"
    r"\s+(?P<head>[\w-]+(?:\s+[\w-]+){0,2})|\d[\w.,/:-]*|[a-z]+\s+(?:no\.?\s*|#)?\d[\w/-]*)"
)
_COMMITTED_ACTION = re.compile(
    rf"{_OUR_SUBJECT}\s*(?:'ll|\s+will|\s+shall|'m\s+going\s+to|\s+am\s+going\s+to"
    rf"|'re\s+going\s+to|\s+are\s+going\s+to|\s+is\s+going\s+to){_PROMISE_ADVERBS}\s+"
    rf"(?!(?:\w+ly|also|just|then|first|still|all|both|again)\b)(?!{_EMPTY_VERB})(?!{_NOT_AN_ACT})"
    r"[a-z]+(?:-[a-z]+)?(?:\s+(?:up|out|off|back|down|over|through))?"
    rf"(?:\s+(?:you|them|him|her|it))??(?:\s+again)?\s+{_OBJECT}"
)
# Objects that name nothing one could check was done.
_VAGUE_OBJECT = re.compile(
    r"\b(?:matter|matters|issue|issues|problem|problems|situation|concern|concerns|feedback"
    r"|complaint|complaints|comments|process|processes|procedure|procedures|system|systems"
    r"|policy|policies|practices|standards|steps|measures|action|actions|lessons|experience"
    r"|relationship|trust|business|custom|loyalty|support|patience|understanding|way|ways"
    r"|things|everything|case|incident|best|utmost|opportunity|chance|effort|efforts"
    r"|level|levels|quality|service|expectations|future|mistake|mistakes|error|errors|failure"
    r"|apology|apologies|responsibility|view|views|lesson|learnings|learning"
    r"|change|changes|improvement|improvements|amends|difference|investigation|review|necessary"
    r"|appropriate|relevant|required|further)\b"
)


# Arranged for them, by whoever: "a technician is booked for Monday", "the engineer is coming
# back on Wednesday", "expect the corrected statement by Friday" (dated ones only).
_ARRANGED = re.compile(
    r"\b(?:is|are|'s|'re|has\s+been|have\s+been|will\s+be)\s+(?:now\s+|all\s+|already\s+)?"
    r"(?:booked|scheduled|arranged|reserved|lined\s+up|confirmed|set\s+(?:up|aside)|held"
    r"|blocked\s+out|(?:coming|going|heading|driving|returning|bringing|sending|delivering"
    r"|fitting|due)(?:\s+(?:back|round|over|out|in))?)\b"
    r"|(?:^|[,;:]\s*)(?:please\s+)?expect\b"
    r"|\byou(?:'ll|\s+will)\s+(?:each\s+|all\s+|also\s+)?(?:have|get|receive|see)\b"
    r"(?!\s+(?:seen|heard|read|noticed|been|had|received|known|experienced|got|gotten)\b)"
    r"|\b(?:booked|reserved|held|arranged|scheduled)\s+(?:in|for|under)\s+(?:your|his|her|their)\b"
)
# A remedy named as a thing: "a full refund", "a credit note", "a replacement", "no charge".
_NAMED_FIX = re.compile(
    r"\b(?:refunds?|(?:service\s+)?credit\s+note|credits?\s+(?:to|on|of)|(?:a|an|the)\s+"
    r"(?:\w+\s+)?credit|replacements?|re-?delivery|discount|voucher|free\s+of\s+charge"
    r"|(?:at|for)\s+no\s+(?:extra\s+|additional\s+)?(?:cost|charge)|no\s+(?:extra\s+"
    r"|additional\s+)?charge|for\s+free|complimentary|courtesy\s+(?:car|van|vehicle|call"
    r"|room|bike|phone|laptop)|loan\s+(?:car|van|laptop|phone|unit|machine|device|tool)"
    r"|at\s+our\s+(?:own\s+)?(?:cost|expense)|with\s+our\s+compliments"
    r"|on\s+(?:us|the\s+house)|(?:is|are)\s+on\s+(?:its|their)\s+way"
    r"|(?:is|are|'s|'re)\s+(?:now\s+|already\s+)?(?:in\s+your\s+(?:inbox|account|hands|mailbox|post)"
    r"|ready\s+for\s+(?:you|collection)|attached)"
    r"|consider\s+(?:the|your|this|that)\s+(?:[\w'-]+\s+){0,4}?(?:cancell?ed|waived|written\s+off"
    r"|refunded|paid|settled|free|on\s+us)"
    r"|(?:is|are|will\s+be|comes|come)\s+(?:now\s+|also\s+)?(?:free|free\s+of\s+charge|complimentary|waived)"
    r"|you\s+(?:won't|will\s+not|don't|do\s+not)\s+(?:pay|be\s+charged)|pay\s+nothing"
    r"|(?:won't|will\s+not|shall\s+not|are\s+not\s+going\s+to)\s+charge\s+(?:you\s+)?(?:for|anything|a\s+penny))\b"
)
# Money on its way back: "your deposit comes back to you", "the money is back on your card".
_MONEY_BACK = re.compile(
    r"(?:\b(?:money|deposit|payment|fee|charge|amount|balance|cost)|[£$€]\s?\d[\d,.]*)"
    r"\s+(?:\w+\s+)?(?:is|are|was"
    r"|has\s+been|will\s+be|comes|goes|went|came)\s+(?:\w+\s+)?(?:back|returned|refunded"
    r"|credited|reversed|removed|taken\s+off)\b"
)
# Done, told of the fixed thing: "the missing items have been refunded to your card" (a service
# "restored" after an outage is no fix for them).
# Found and fixed in one breath: "I found the error this morning and corrected it".
_AND_FIXED = re.compile(
    rf"{I_WE}(?!'ll|\s+will|\s+shall|\s+can|\s+am\s+going|\s+are\s+going)\b[^.;!?]{{0,80}}?\band\s+"
    rf"(?:then\s+|also\s+)?(?=[a-z-]+ed\b)(?:{_REMEDIAL})\s+(?:it|them|this|that"
    r"|the\s+\w+|your\s+\w+|every\s+\w+|all\s+\w+)"
)
# The fix arranged in the present tense, with its day: "the engineer fits the part tomorrow".
_FIX_SCHEDULED = re.compile(
    r"\b(?:the|our|your|a|an)\s+(?:[\w-]+\s+)?(?:engineer|technician|fitter|driver|courier|plumber"
    r"|electrician|team|crew|van|parts?|order|delivery|refund|replacement|installer|builder"
    r"|decorator|cleaner|nurse|doctor|locksmith|glazier)\s+(?:\w+ly\s+)?"
    rf"(?:{_ACTION}|{_REMEDIAL})\b"
)
# Done to it by whoever we asked, or to be: "anyone who paid it will have the difference
# refunded by 15 March", "every customer has been sent a corrected bill".
_HAVE_IT_FIXED = re.compile(
    r"\b(?:have|has|having)\s+(?:the|their|your|his|her|that|this|any|every)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:refunded|credited|replaced|corrected|waived|repaired|reimbursed|reversed)\b"
    r"|\b(?:has|have)\s+been\s+sent\s+(?:a|an|the|their|your)\s+(?:corrected|new|revised|replacement"
    r"|updated|correct)\b"
)
_DONE_TO_IT = re.compile(
    r"\b(?:has|have|had|was|were)\s+(?:now\s+|already\s+|just\s+|since\s+|also\s+)?been\s+"
    r"(?:\w+ly\s+)?(?:refunded|credited|replaced|re-?sent|reversed|waived|rebooked|re-?issued"
    r"|repaid|paid\s+back|taken\s+off\s+(?:your|the))\b"
    # Simple past: "the web version was corrected within the hour".
    r"|\b(?:was|were)\s+(?:\w+ly\s+)?(?:corrected|refunded|credited|replaced|re-?sent|reversed"
    r"|waived|rebooked|re-?issued|repaid|repaired)\b"
)


_OFFER = re.compile(rf"{I_WE}\s+can\s+(?:\w+\s+){{0,2}}?(?:{_ACTION}|{_REMEDIAL})\b")
# Only hoped for, not offered: "I hope we can put this behind us".
_HOPED = re.compile(r"\b(?:hope|hoping|wish|trust)\s+(?:that\s+)?$")
# What lasts is theirs, not ours: "going forward, we hope you will continue to choose us for all
# your trips" changes nothing we do.
_THEIR_FUTURE = re.compile(
    r"\b(?:hope|hoping|wish|trust)\s+(?:that\s+)?(?:you|customers|our\s+customers|guests)\b"
)


_REMEDY_SIGNALS = (
    # A remedial verb with us as its subject, in any tense: "I refunded", "we will replace".
    re.compile(
        rf"\b(?:i|we|our\s+\w+){ADVERBS}(?:'ll|'ve|'m|'re|'d)?(?:\s+(?!not\b|never\b)\w+){{0,3}}?\s+"
        rf"(?<!the\s)(?<!\sa\s)(?<!an\s)(?<!my\s)(?<!our\s)(?<!your\s)(?<!this\s){_REMEDIAL}\b"
    ),
    # A promise: "I will bring", "our driver will collect", "new parts will be delivered".
    # The words skipped before the verb are never a determiner: in "we will address the
    # issue" the noun "issue" is no act of issuing.
    re.compile(
        rf"(?:\b|')(?:{COMMIT})(?:\s+(?!(?:the|a|an|your|our|this|that|these|those|my|its)\b)\w+)"
        rf"{{0,2}}?\s+(?:{_ACTION}|{_REMEDIAL})\b"
    ),
    _UNDER_WAY,
    # An offer in our own hands: "we can send him back", "I can come on Thursday".
    _OFFER,
    # Someone set to work on it: "I've asked them to issue a new one", "we will have the
    # fitter return to correct it", "… and book the repair".
    re.compile(
        rf"\basked\s+(?:them|him|her|(?:the|our)\s+(?:[\w-]+\s+)?\w+)\s+to\s+(?:{_ACTION}|{_REMEDIAL})\b"
        r"|\bhave\s+(?:the|our|a|an)\s+\w+\s+(?:return|come|fix|replace|call|visit|redo|correct"
        r"|repair|collect|deliver)\b"
        rf"|(?:\bwill|'ll)\s+[^.;]{{0,50}}?\band\s+(?:{_ACTION}|{_REMEDIAL})\b"
    ),
    _DONE_FOR_THEM,
    # "Today I drive the parts over myself."
    re.compile(
        r"\b(?:today|tonight|tomorrow|this\s+(?:morning|afternoon))\s*,?\s+(?:i|we)"
        rf"(?:'ll|\s+will|'m|\s+am|'re|\s+are|\s+have|'ve)?\s+(?:{_ACTION}|{_REMEDIAL})\b"
    ),
    _NAMED_FIX,
    _MONEY_BACK,
    # The fixed thing on its way: "a corrected invoice is in your inbox by five".
    re.compile(
        r"\b(?:a|the|your|two|\d+)\s+(?:corrected|new|revised|replacement|fresh|updated|right"
        r"|correct|missing)\s+(?:\w+\s+){0,2}?(?:is|are|will|has|have|was|were|went|goes|go|left"
        r"|arrives?|reach\w*)\b"
    ),
    _STANDING_CHANGE,
    _DONE_TO_IT,
    _AND_FIXED,
    _HAVE_IT_FIXED,
    _COMMITTED_ACTION,
)
# A promise whose subject is the customer, or one we only hope for: "we hope you'll give us
# another try".
_THEIR_PROMISE = re.compile(r"\b(?:you|customers?|guests?|the\s+public|hope|hoping|wish|trust)\s*$")
_PROMISES = frozenset({_REMEDY_SIGNALS[1], _DATED_PROMISE, _COMMITTED_ACTION})
# The fix named as a thing or as money on its way, not as an act of ours.
_NAMED_SIGNALS = frozenset({_NAMED_FIX, _MONEY_BACK})
# A time offered as a question: "Would Tuesday at 8 work for us to relay them?", "Does
# Friday suit you for the visit?"
_OFFERED_TIME = re.compile(
    r"\b(?:would|does|will|could|can|is)\s+(?:\w+\s+){0,4}?(?:work|suit|be\s+(?:ok|okay|convenient"
    r"|all\s+right|alright|good|possible))\b[^.!]*\?"
    r"|\b(?:can|could|shall|may)\s+(?:i|we)\s+(?:come|call|visit|drop|bring|pop|send|book|fix|fit)\b"
)
# The right goods on their way, by whoever carries them: "the 20 mugs in the right glaze leave
# our workshop today and reach you on Thursday".
_RIGHT_ONES_ON_THEIR_WAY = re.compile(
    r"\b(?:the|your|a|\d+)\s+(?:[\w-]+\s+){0,4}?(?:right|correct|corrected|new|replacement|missing"
    r"|fresh|reprinted|revised)\s+(?:[\w-]+\s+){0,3}?(?:leave|leaves|ship|ships|go\s+out|goes\s+out"
    r"|arrive|arrives|reach|reaches)\b"
)
# Someone we have lined up can do it on a date: "I've called the builder and he can start on 3
# June".
_THEY_CAN = re.compile(
    r"\b(?:he|she|they|the\s+(?:\w+\s+)?(?:builder|engineer|fitter|technician|courier|driver"
    r"|plumber|electrician|installer|crew|team|printer|glazier|roofer))\s+can\s+(?:now\s+)?"
    r"(?:start|begin|come|fit|deliver|install|be\s+(?:there|with\s+you))\b"
)
# Signals that count only in a sentence that also gives a date.
_DATED_SIGNALS = (
    _DATED_PROMISE, _ARRANGED, _OFFERED_TIME, _FIX_SCHEDULED, _RIGHT_ONES_ON_THEIR_WAY, _THEY_CAN
)
# Promises that promise nothing: "we will look into it", "we will try to", "we hope to".
_EMPTY_PROMISE = re.compile(
    r"\b(?:will|'ll|shall)\s+(?:\w+\s+)?(?:look\s+into|try|do\s+(?:our|my)\s+best|endeavou?r|aim"
    r"|investigate|review\s+(?:the|this|our)|consider|see\s+what|get\s+back|be\s+in\s+touch)\b"
    r"|\btried\s+(?:to|our|my)\b"
    # Looking at ourselves is not a fix for them: "we are reviewing our processes".
    r"|\b(?:are|am|'re|'m|have\s+been|'ve\s+been)\s+(?:\w+ly\s+)?(?:reviewing|looking\s+into"
    r"|investigating|examining|assessing|evaluating|considering)\b"
    # Looking at their case is not a fix either: "I have reviewed your account".
    r"|\b(?:i|we)(?:'ve|\s+have)?\s+(?:\w+ly\s+)?(?:reviewed|looked\s+(?:into|at)|investigated|examined"
    r"|assessed|checked|gone\s+through)\s+(?:your|the|this|our)\s+(?:account|case|complaint|file|matter"
    r"|records|booking|order|claim|history|situation|notes|feedback|comments)\b"
    r"|\breview(?:ing|ed)?\s+(?:our|its|their|all\s+(?:of\s+)?our)\s+(?:internal\s+)?(?:processes|procedures"
    r"|systems|policies|practices|protocols|training)\b"
)
# No commitment after all: "when he can", "if possible", "once the area is ready".
_NO_COMMITMENT = re.compile(
    r"\b(?:when|if|whenever)\s+(?:he|she|they|we|i|it)\s+(?:can|is\s+able|are\s+able)\b"
    r"|\bif\s+(?:possible|we\s+can)\b"
)
# Effort told instead of a fix: "we did everything we could to find a replacement".
_EFFORT_ONLY = re.compile(r"\b(?:everything|all|what)\s+(?:we|i)\s+could\b")
# A duty put on the customer: "payments must reach us by the due date in future".
_THEIR_DUTY = re.compile(
    r"\b(?:you|your\s+\w+|payments?|customers?|orders?)\s+(?:must|need\s+to|should|have\s+to"
    r"|are\s+required\s+to|will\s+need\s+to)\b"
)
# What a standing change must hold to be one: something done, on every order, by a person.
_STANDING_ACTION = re.compile(
    rf"\b(?:every|each|all|second|double|{_ACTION}|{_REMEDIAL})\b"
)
_FAILURE_CLAUSE = re.compile(
    r"\b(?:wrong|late|twice|did\s+not|didn't|never|failed|forgot|missed|should\s+have|instead)\b"
)
_REMEDIAL_WORD = re.compile(_REMEDIAL)


# A fix refused or out of reach: "we are unable to refund these payments", "we're not in a
# position to reprint at our own cost". Read in the clause before the fix.
_REFUSED = re.compile(
    r"\b(?:not|n't|unable|no\s+longer|cannot|refuse[sd]?|decline[sd]?|neither|nor)\b"
    r"(?:\s+[\w']+){0,6}\s*$"
)
_CLAUSE_BREAK = re.compile(r".*[,;:—–(]", re.DOTALL)
# A fix the customer may or may not be owed: "customers may be entitled to a refund, which
# can be requested online", "you may be eligible for service credits".
_THEIRS_TO_CLAIM = re.compile(r"\b(?:may|might|could|would)\s+be\s+(?:entitled|eligible)\b")


# A promise earlier in the sentence: what it does "instead" is the fix, not the failure ("we'll
# do the class next Tuesday instead"; but "we sent the blue ones instead").
_PROMISED_BEFORE = re.compile(r"\b(?:will|shall)\b|'ll\b")


_NO_ACT = re.compile(_NOT_AN_ACT)


def _no_act_on_it(sentence: str, verb_start: int) -> bool:
    """The promised verb (starting at ``verb_start - 1``) does nothing one could check to a
    thing named by nothing: "we will address your concerns on Friday" (but "I'll move things
    around" moves something)."""
    words = sentence[verb_start - 1 :].split()
    return (
        _NO_ACT.match(words[0]) is not None
        and _VAGUE_OBJECT.search(" ".join(words[1:4])) is not None
    )


def _tells_failure(sentence: str) -> bool:
    """The sentence tells what went wrong, so its date is the failure's, not a fix's."""
    for match in _FAILURE_CLAUSE.finditer(sentence):
        if match.group() == "instead" and _PROMISED_BEFORE.search(sentence, 0, match.start()):
            continue
        return True
    return False


def _refused(sentence: str, start: int) -> bool:
    """The fix that starts at ``start`` is refused or denied in its own clause."""
    before = sentence[max(0, start - 60) : start]
    cut = _CLAUSE_BREAK.match(before)
    if cut is not None:
        before = before[cut.end() :]
    return _REFUSED.search(before) is not None


def offers_remedy(sentence: str) -> bool:
    """The sentence promises or reports a concrete fix (not "we will look into it", not "we
    are unable to refund it", not "you may be entitled to a refund if you apply")."""
    if _NO_COMMITMENT.search(sentence) or _EFFORT_ONLY.search(sentence):
        return False
    to_claim = _THEIRS_TO_CLAIM.search(sentence) is not None
    for signal in _REMEDY_SIGNALS + _DATED_SIGNALS:
        for match in signal.finditer(sentence):
            if _is_fix(signal, match, sentence, to_claim):
                return True
    return False


def _is_fix(signal: re.Pattern[str], match: re.Match[str], sentence: str, to_claim: bool) -> bool:
    if signal in _DATED_SIGNALS:
        if not has_date_lowered(sentence) or _tells_failure(sentence):
            return False
    elif signal in (_UNDER_WAY, _DONE_FOR_THEM) and not _REMEDIAL_WORD.search(match.group()):
        # A past or present action is a fix only when it is not the failure itself
        # ("I have sent the wrong parts"), and a bare past one only with a fix in it.
        clause = sentence[match.start() : match.end() + 50]
        if _FAILURE_CLAUSE.search(clause):
            return False
        if signal is _DONE_FOR_THEM and not _FIX_OBJECT.search(clause):
            return False
    if _EMPTY_PROMISE.search(sentence[max(0, match.start() - 12) : match.end() + 24]):
        return False
    if _refused(sentence, match.start()):
        return False
    if signal in _PROMISES and _THEIR_PROMISE.search(sentence, max(0, match.start() - 30), match.start()):
        return False
    if to_claim and signal in _NAMED_SIGNALS:
        return False
    if signal is _OFFER and _HOPED.search(sentence, max(0, match.start() - 20), match.start()):
        return False
    if signal is _DATED_PROMISE and _no_act_on_it(sentence, match.end()):
        return False
    if signal is _COMMITTED_ACTION:
        head = match.group("head")
        if head is not None and _VAGUE_OBJECT.search(head):
            return False
    # "we will be more careful in future" changes nothing anyone can see, and
    # "payments must reach us on time in future" is a rule for them, not a fix.
    return signal is not _STANDING_CHANGE or (
        _STANDING_ACTION.search(sentence) is not None
        and _THEIR_DUTY.search(sentence) is None
        and _THEIR_FUTURE.search(sentence) is None
    )


_STANDING = re.compile(
    r"\b(?:next\s+time|from\s+now\s+on|from\s+today|going\s+forward|in\s+(?:the\s+)?future"
    r"|from\s+this\s+(?:week|month|quarter)"
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
    rf"{I_WE}(?:'ve|\s+have){ADVERBS}\s+(?:already\s+)?(?:{_REMEDIAL}|{_ACTION})\b"
    rf"|{I_WE}{ADVERBS}\s+(?:refunded|credited|replaced|reimbursed|repaired|fixed|corrected"
    r"|re-?sent|re-?issued|waived|cancell?ed|reversed|reinstated)\b"
    # Already in their hands: "the corrected report is attached".
    r"|\b(?:is|are)\s+(?:now\s+|already\s+)?(?:attached|in\s+your\s+(?:inbox|account|mailbox|hands))\b"
)


def remedy_done(sentence: str) -> bool:
    """The fix is reported as done already."""
    if _FAILURE_CLAUSE.search(sentence):
        return False
    return any(
        pattern.search(sentence) is not None for pattern in (_DONE, _DONE_TO_IT, _AND_FIXED)
    )


# A time given by the sentence before: "I will bring it then", "on that day".
_POINTS_BACK = re.compile(
    r"\b(?:then|that\s+day|at\s+that\s+time|the\s+same\s+day|that\s+morning)\b"
)


# The date left to the customer is a date they hold us to: "dinner on us, on a date of your
# choosing", "reply with a day and I'll hold the table". ("Pop in when convenient" is not: the
# customer does the work.)
_THEIR_DATE = re.compile(
    r"\b(?:a|any|the)\s+(?:date|day|time|evening|night|weekend)\s+of\s+your\s+choosing\b"
    r"|\b(?:reply|write\s+back|text\s+me|tell\s+me)\s+with\s+(?:a|the)\s+(?:date|day|time)\b"
    r"|\b(?:pick|choose|name)\s+(?:a|the)\s+(?:date|day|time)\b"
)
# ... and only where we make the promise in the same sentence.
_OUR_PROMISE = re.compile(
    rf"{I_WE}(?:'ll|\s+will|\s+shall)\b|\bon\s+us\b|\bat\s+our\s+(?:own\s+)?(?:cost|expense)\b"
)


def date_left_to_them(sentence: str) -> bool:
    """The customer picks the date of a concrete offer we make ("dinner on us, on a date of
    your choosing"); "call us to book a time that suits you" leaves the work to them."""
    return _THEIR_DATE.search(sentence) is not None and _OUR_PROMISE.search(sentence) is not None


def points_back(sentence: str) -> bool:
    """The sentence takes its time from the one before ("I will bring it then")."""
    return _POINTS_BACK.search(sentence) is not None
