"""The lexicon: the words several stages read the same way, defined once — the cues that attribute
a claim to a source, the hedges that weaken it, the vague counts that state no number."""

from typing import Final

# Plain verbs of saying, the forms that name who spoke beside them ("X said", "said X").
SAYING: Final = frozenset("said says told tells added adds wrote writes asked asks".split())

# Verbs that attribute speech or belief in news copy.
VERB_CUES: Final = frozenset((
    "said says say saying told tells telling added adds adding stated stating claimed claiming "
    "confirmed confirms confirm confirming announced announces announcing warned warning "
    "noted noting explained explains explaining argued argues arguing insisted insists insisting "
    "acknowledged acknowledges denied denies denying described describes describing alleged "
    "alleges alleging revealed reveals admitted admits declared declares asserted asserts "
    "predicted predicts pledged pledges vowed vows praised praises hailed hails emphasized "
    "emphasised emphasizes emphasises emphasizing highlighted highlights indicated indicates "
    "believes believed speculate speculates speculated feared wrote writes tweeted testified "
    "invoked invokes reiterated reiterates reaffirmed reaffirms hinted urged urges conceded "
    "concedes contended contends maintained maintains stressed stresses recalled responded "
    "replied asked asks accused accuses criticized criticised criticizes condemned condemns "
    "questioned agreed agrees promised promises observed remarked mentioned disclosed spoke "
    "estimated suggested suggesting reported reporting thinks estimating cautioned cautions "
    "complained complains suggests found finds signaled signalled boasted charged charges"
).split())
# Words that are cues as verbs but also common nouns: a cue only when not led by a determiner
# or possessive, and followed by "that" or led by a capitalised subject.
NOUN_CUES: Final = frozenset(
    "states reports claims claim notes estimates estimate fears fear warns".split()
)
CUES: Final = VERB_CUES | NOUN_CUES
# The -ing forms that close "with X stating ..." (an attribution), in the order they are tried.
CUE_PARTICIPLES: Final = ("stating", "saying", "adding", "warning", "noting", "claiming",
                          "insisting", "arguing", "telling")
# The commonest cue forms in news copy: matching two claims ignores them (they say who speaks,
# not what is claimed).
COMMON_CUES: Final = frozenset(
    "says say said stated told added claimed claims reported confirmed noted described warned "
    "suggested alleged estimated".split()
)
HEDGE_CUES: Final = frozenset(
    "reportedly allegedly alleged suggest suggests suggesting may might could claim claims "
    "claimed estimate estimates estimated possibly potentially apparently believed speculate "
    "speculates speculated unconfirmed unverified likely expected rumored rumoured "
    "purportedly".split()
)
# Prepositions that no source phrase holds or ends in ("came under withering", "Europe amid"),
# beyond the commonest ones every stage already treats as function words.
PREPOSITIONS: Final = frozenset(
    "under against amid among despite via through toward towards across behind beyond within "
    "including per".split()
)
# Irregular past forms: no name ends in one ("Hillary Clinton came", "Spicer said": the verb is
# the cue's), and none stands for a subject ("prices rose sharply").
PAST_FORMS: Final = frozenset(
    "came went gave took made met saw won ran led left spoke wrote told said got sent held kept "
    "brought rose fell became began".split())
# Counts too vague to match or dispute on ("thousands of"), with the value each stands for.
VAGUE_COUNTS: Final = {"dozens": 12.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6,
                "billions": 1e9}
# Counts that make the -s word after them a plural noun ("two states", "twenty-seven reports").
COUNT_WORDS: Final = frozenset(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred hundreds dozen dozens several".split())
