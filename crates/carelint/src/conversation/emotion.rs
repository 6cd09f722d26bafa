//! How distressed a customer sounds in one turn: a score from 0 to 1 and the words that
//! carried it.
//!
//! The valences come from the VADER sentiment lexicon (Hutto & Gilbert, ICWSM 2014; MIT,
//! shipped in `data/` with its licence), and the rules follow VADER's ideas — boosters and
//! dampeners, negation within three words, words in capitals, `!`/`?` emphasis, a
//! normalisation that tends to 1 — in our own code, with a customer-care overlay on top:
//!
//! - politeness is not sentiment: "please help, thanks" carries no distress (VADER rates
//!   `please`, `help` and `thanks` as positive, and `urgent` too); a plea where a problem
//!   is named ("someone took $500 from my account! Please help!") and a rhetorical
//!   complaint ("why do I have to …", "you're supposed to …") do;
//! - a booster before a word with a valence only strengthens it: "super stressful" is one
//!   cue, not praise ("super" +2.9) offsetting the stress;
//! - service words VADER lacks or underrates: waiting, late, delayed, refund never came,
//!   scam, chargeback, "third time", "still not";
//! - chat profanity and abbreviations (`wtf`, `fml`, `ffs`; not `wth`, which is often
//!   "with"), shouting in capitals, and sarcasm cues ("seriously?", "are you kidding",
//!   "thanks for nothing", "great, another …");
//! - only distress counts: positive words do not cancel it, and a negated positive ("not
//!   happy") is distress while a negated negative ("not upset") is none;
//! - a preference or a neutral concern ("I'm concerned about safe food practices") stays
//!   below the usual threshold on its own;
//! - a negative word needs a target: words that name the customer's feeling ("angry",
//!   "worried"), judge the service ("ridiculous", "useless"), swear ("wtf") or report a
//!   harm ("fraud", "stolen", "under attack") count on their own, but any other negative word
//!   ("bad", "poor", "lost", "kill", "evil", "gross") counts only in a turn that names a
//!   problem — something went wrong ("wrong", "missing", "broken", "late", "charged",
//!   "refund", "again", "didn't get", "lost my"), a symptom ("sick", "pain"), or one of the
//!   cues that count on their own — or right after the customer's previous turn did.
//!   Banter, self-mockery and off-topic chat ("I am so bad with east and west", "Ben is
//!   evil", "I still need to kill some time", "I almost feel bad about not tipping you")
//!   name no problem and score nothing;
//! - a problem word that describes a thing counts half when it is all the turn says: an
//!   attribute of a noun phrase ("the broken one", "a damaged box") or a predicate about a
//!   thing ("the screen is broken", "it arrived damaged") reports the state of an object,
//!   not how the customer feels (blind round 10); next to a feeling or another cue ("my
//!   phone arrived with a broken screen and I'm so upset") it counts in full. Verdicts
//!   that can describe a thing ("useless", "rubbish", "dead") do the same when they do:
//!   "that useless thing", "the power bank was dead" (blind round 14), not "your useless
//!   service", "this is useless", "our captain is dead";
//! - "I'm lost", "we got lost again" state where a person is (or that they lost their
//!   bearings), literally so to a directions service: no distress (blind rounds 10 and
//!   14). "Lost my card", "the parcel is lost" are losses; "I've had enough" needs a
//!   problem named, as it ends a trivia game as often as it complains;
//! - boredom and a swear word used as an intensifier are mild: "so damn bored" is
//!   "very bored", and boredom, like other contextual words, needs a problem named;
//! - a feeling promised for later is no feeling yet: "otherwise i will be very angry", and
//!   with the condition left unsaid, "make sure it's the right one! I'll be super mad"
//!   (blind rounds 12, 27 and 29).

use std::sync::OnceLock;

/// The distress of one turn.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Distress {
    /// 0 (none) to 1 (extreme).
    pub score: f32,
    /// Byte range of the strongest cue in the turn's text, when there is one.
    pub cue: Option<(usize, usize)>,
    /// The score and cue when the turn's contextual words count even though the turn names
    /// no problem: the customer's previous turn did (see `Features::distress`). Equal to
    /// `score` and `cue` when the turn names one itself.
    pub in_context: (f32, Option<(usize, usize)>),
    /// The turn names a problem (an anchor word or a cue that counts on its own): the
    /// contextual words of the customer's next turn count too.
    pub complaint: bool,
    /// The weight of the strongest cue (0 to about 4, a lexicon valence with its boosts):
    /// "ugh" 1.8, "so stressed" 1.7, "fed up" 2.6.
    pub peak: f32,
    /// The turn names a problem by more than a reaction (`REACTIONS`: "ugh", "damn",
    /// "terrible"): an anchor word, a feeling, a judgement of the service, harm, or
    /// shouting. A reaction in a conversation where no customer turn so far named a problem
    /// is about the topic — a trivia answer, a hotel's rating — not the service (see
    /// `Features::distress`).
    pub problem: bool,
    /// The customer voices a feeling rather than only naming a problem with contextual
    /// words ("the stupid box", "it was fake"): a cue that counts on its own (a feeling, a
    /// judgement, swearing, harm, an emoji), a negated positive ("I dont trust u guys"),
    /// shouting, or repeated "!"/"?!" ("24-48 hrs!!!").
    pub voiced: bool,
    /// The turn names a feeling in words (a cue that counts on its own, or a negated
    /// positive: "I'm worried", "I dont trust u"), not only problem words and "!?".
    pub felt: bool,
    /// The turn names a feeling in words beyond an interjection: a cue of `felt` that is
    /// not only a reaction (`REACTIONS`: "ugh", "seriously?", "damn"). "ugh. fine." names
    /// none; "fine … im fed up with all this" does.
    pub named: bool,
    /// Every cue of the turn names the problem itself (an anchor word: "wrong", "late",
    /// "broken", "again"; or "no one", "nobody"), with no word of feeling, judgement,
    /// swearing, harm or reaction and no shouting: the complaint restated or pressed
    /// ("tomorrow?!? thats too late!", "they must have delivered it to the wrong house!").
    pub only_problem: bool,
    /// The turn is calm: no "!", no repeated "?", no shouting.
    pub calm: bool,
    /// Every word of feeling the turn names (`felt`) is a harm named as a matter
    /// (`MATTERS`: "fraud", "stolen"), if any: "Let me know about that fraud report", not
    /// "I'm so worried about the fraud".
    pub matter_only: bool,
    /// The turn names a problem in problem words: an anchor word or phrase ("lost my",
    /// "money back", "still hasn't") or a negated receipt ("didn't get").
    pub anchored: bool,
}

/// Whether a lower-case word voices a negative feeling ("furious", "upset", "mad"): such a
/// word is never a name, though a customer may capitalise it ("I'm Furious"). Positive
/// words are not ruled out: Grace, Joy, Hope and Faith are names.
pub(crate) fn is_negative_feeling(word: &str) -> bool {
    lexicon().get(word).is_some_and(|e| e.valence <= -1.0)
}

/// What the scorer knows about one word: one look-up per word of a turn.
#[derive(Clone, Copy, Default)]
struct Entry {
    /// VADER's mean valence (−4 … +4), or the overlay's.
    valence: f32,
    /// A negative use counts without a problem named in the turn (`STANDALONE`).
    standalone: bool,
    /// The word names a problem (`ANCHORS`).
    anchor: bool,
    /// A verb of getting or working: negated, it names a problem ("didn't get").
    receipt: bool,
    /// The word is a booster (`BOOSTERS`): before a word with a valence it has none of
    /// its own. Set here, once, so the scoring loop need not search the list per word.
    booster: bool,
}

/// VADER's lexicon with the overlay, the classes and the anchors: token → entry.
fn lexicon() -> &'static rustc_hash::FxHashMap<&'static str, Entry> {
    static LEXICON: OnceLock<rustc_hash::FxHashMap<&'static str, Entry>> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut map: rustc_hash::FxHashMap<&'static str, Entry> =
            rustc_hash::FxHashMap::with_capacity_and_hasher(7800, Default::default());
        for line in include_str!("../../data/vader_lexicon.tsv").lines() {
            if let Some((token, value)) = line.split_once('\t') {
                if let Ok(v) = value.trim().parse::<f32>() {
                    map.entry(token).or_default().valence = v;
                }
            }
        }
        for (token, v) in OVERLAY {
            map.entry(token).or_default().valence = *v;
        }
        for token in STANDALONE {
            map.entry(token).or_default().standalone = true;
        }
        for token in ANCHORS {
            map.entry(token).or_default().anchor = true;
        }
        for token in RECEIPT_VERBS {
            map.entry(token).or_default().receipt = true;
        }
        // Only words of the lexicon: a booster without a valence ("very") is never scored.
        for (token, _) in BOOSTERS {
            if let Some(e) = map.get_mut(token) {
                e.booster = true;
            }
        }
        map
    })
}

/// Negative words that count on their own, without a problem named in the turn: the
/// customer's own feeling, a judgement of the service, swearing, and harm or danger.
/// Every other negative word of the lexicon ("bad", "poor", "lost", "evil", "gross",
/// "hell", "kill", "die", "trouble", "idiot") is contextual: it describes, jokes or
/// exaggerates as often as it complains, and counts only where a problem is named.
const STANDALONE: &[&str] = &[
    // the customer's feeling
    "angry",
    "angrier",
    "anger",
    "furious",
    "fuming",
    "livid",
    "mad",
    "pissed",
    "pisses",
    "piss",
    "pissing",
    "annoyed",
    "annoying",
    "irritated",
    "irritating",
    "frustrated",
    "frustrating",
    "frustration",
    "upset",
    "upsetting",
    "disappointed",
    "dissapointed",
    "disappointing",
    "disappointment",
    "displeased",
    "unhappy",
    "sad",
    "worried",
    "worry",
    "worrying",
    "anxious",
    "anxiety",
    "nervous",
    "scared",
    "afraid",
    "frightened",
    "terrified",
    "panic",
    "panicked",
    "panicking",
    "stressed",
    "stress",
    "stressful",
    "stressing",
    "worries",
    "annoys",
    "frustrates",
    "irritates",
    "upsets",
    "disappoints",
    "scares",
    "desperate",
    "helpless",
    "hopeless",
    "devastated",
    "heartbroken",
    "distraught",
    "miserable",
    "depressed",
    "disgusted",
    "outraged",
    "shocked",
    "horrified",
    "appalled",
    "insulted",
    "offended",
    "betrayed",
    "embarrassed",
    "embarassed",
    "humiliated",
    "fear",
    "begging",
    "beg",
    "distressed",
    "agitated",
    "exasperated",
    // a judgement of the service
    "ridiculous",
    "unacceptable",
    "outrageous",
    "absurd",
    "pathetic",
    "useless",
    "incompetent",
    "unprofessional",
    "unfair",
    "disgraceful",
    "disgusting",
    "shameful",
    "terrible",
    "horrible",
    "awful",
    "worst",
    "rubbish",
    "nonsense",
    "lies",
    "lying",
    "liar",
    "liars",
    "rude",
    "ignored",
    "unresponsive",
    "unreachable",
    "ripoff",
    "cheated",
    "misleading",
    "mess",
    "messed",
    // swearing and chat abbreviations
    "wtf",
    "ffs",
    "fml",
    "smh",
    "wtaf",
    "omfg",
    "fu",
    "ugh",
    "argh",
    "grr",
    "bs",
    "crap",
    "crappy",
    "shit",
    "shitty",
    "damn",
    "dammit",
    "bloody",
    "screwed",
    // harm and danger
    "fraud",
    "fraudulent",
    "stolen",
    "stole",
    "steal",
    "scam",
    "scammed",
    "hacked",
    "compromised",
    "suspicious",
    "attack",
    "attacked",
    "emergency",
    "died",
    "dead",
    "funeral",
    "accident",
    "injured",
    "robbed",
    "theft",
    "unauthorized",
    "unauthorised",
    "chargeback",
    "disaster",
    "ruined",
    "nightmare",
    "disturbing",
    "disturbed",
    "discrimination",
    "discriminated",
    "scammer",
    "scammers",
    "misled",
    "deceptive",
    "disrespectful",
    "suffer",
    "suffering",
    "suffered",
];

/// Words that name a harm as a matter — a fraud, a theft, an attack — rather than a
/// feeling: said again in a calm later turn ("Thanks. Let me know about that fraud
/// report.") they refer back to the matter already reported, not to new distress.
const MATTERS: &[&str] = &[
    "fraud",
    "fraudulent",
    "scam",
    "scammer",
    "scammers",
    "scammed",
    "stolen",
    "stole",
    "steal",
    "theft",
    "robbed",
    "hacked",
    "compromised",
    "suspicious",
    "unauthorized",
    "unauthorised",
    "chargeback",
    "attack",
    "attacked",
    "emergency",
    "accident",
];

/// Whether a cue (any case) names a harm as a matter (`MATTERS`): "fraud", "stolen".
pub(crate) fn is_matter(cue: &str) -> bool {
    MATTERS.iter().any(|m| m.eq_ignore_ascii_case(cue))
}

/// States of an item ("broken", "damaged", "fake"): named again calmly in a later turn
/// ("collect that broken bookshelf ASAP"), they refer to the item the conversation is
/// about, as a harm named again does (`is_matter`; blind round 74).
const ITEM_STATES: &[&str] = &[
    "broken",
    "damaged",
    "damage",
    "defective",
    "faulty",
    "cracked",
    "torn",
    "fake",
    "counterfeit",
];

/// Whether a cue (any case) names the state of an item (`ITEM_STATES`).
pub(crate) fn is_item_state(cue: &str) -> bool {
    ITEM_STATES.iter().any(|m| m.eq_ignore_ascii_case(cue))
}

/// Cues that count on their own but react to whatever was just said rather than name a
/// problem: interjections and swearing ("ugh", "damn", "shoot") and all-purpose verdicts
/// ("terrible", "horrible", "awful", "worst"). About a trivia answer or a hotel's rating
/// ("Shoot, I am terrible with new technology", "damn, that was a hard one", "Ugh that's
/// horrid") they are banter about the topic (blind round 12); they count where a problem
/// has been named in the conversation, by this turn or an earlier one of the customer's.
/// ("seriously?" is a phrase of the lexicon's phrase list, the rest are words; the phrase
/// only keeps a turn from naming a feeling (`Distress::named`) and, unlike the words, is
/// not held back until the conversation names a problem.)
const REACTIONS: &[&str] = &[
    "ugh",
    "argh",
    "grr",
    "damn",
    "dammit",
    "crap",
    "smh",
    "terrible",
    "horrible",
    "awful",
    "horrid",
    "worst",
    "seriously?",
];

/// Praise that, said of oneself with "at" or "with", rates a skill: "I'm not good at maps",
/// "I am not great with computers" is no distress.
const SKILL_PRAISE: &[&str] = &["good", "great", "decent", "brilliant", "excellent"];

/// Verdicts that, said of oneself with "at" or "with", rate a skill, not a feeling or the
/// service: "I am terrible with new technology", "I'm hopeless at maps" (blind round 12).
/// Feelings keep their target ("I'm frustrated with", "I'm angry at").
const SKILL_VERDICTS: &[&str] = &[
    "terrible",
    "horrible",
    "awful",
    "bad",
    "useless",
    "hopeless",
    "rubbish",
    "pathetic",
    "stupid",
    "dumb",
    "clumsy",
    "incompetent",
    "lousy",
];

/// Words that name a problem with the service or the customer's situation: something went
/// wrong, a loss, a delay, a symptom. They make the turn's contextual words count ("the
/// parcel is lost again", "my wife will kill me, the gift is late", "my bipolar disorder is
/// getting bad").
const ANCHORS: &[&str] = &[
    "wrong",
    "missing",
    "broken",
    "damaged",
    "damage",
    "defective",
    "faulty",
    "cracked",
    "late",
    "delayed",
    "delay",
    "overdue",
    "cancelled",
    "canceled",
    "charged",
    "overcharged",
    "refund",
    "refunds",
    "failed",
    "failing",
    "failure",
    "declined",
    "rejected",
    "error",
    "again",
    "stuck",
    "complaint",
    "compensation",
    "wasted",
    "sick",
    "ill",
    "pain",
    "painful",
    "sore",
    "cough",
    "coughing",
    "fever",
    "disorder",
    "hospital",
    "symptoms",
    "covid",
    "coronavirus",
    "nausea",
    "injury",
    "headache",
    "headaches",
    "dizzy",
    "dizziness",
    "vomiting",
    "fainted",
    "bleeding",
    "problem",
    "problems",
    "fake",
    "counterfeit",
    "service",
    "experience",
    "fail",
    "fails",
    "urgent",
    "urgently",
    "replacement",
];

/// Verbs of getting and working: after a negation they name a problem ("she doesn't get
/// her gift", "it won't turn on", "never received").
const RECEIPT_VERBS: &[&str] = &[
    "get",
    "got",
    "gotten",
    "receive",
    "received",
    "arrive",
    "arrived",
    "come",
    "came",
    "work",
    "works",
    "working",
    "worked",
    "deliver",
    "delivered",
    "turn",
];

/// Phrases that name a problem (anchors only, no valence; they do not hide their words).
const ANCHOR_PHRASES: &[&str] = &[
    "lost my",
    "lost our",
    "lost the",
    "lost his",
    "lost her",
    "lost their",
    "is lost",
    "was lost",
    "are lost",
    "been lost",
    "lost in transit",
    "lost that",
    "lost this",
    "lost it",
    "lost money",
    "lost all",
    // the service as the target ("your couriers can't be trusted", "u guys lost it")
    "you guys",
    "u guys",
    "your company",
    "your courier",
    "your couriers",
    "your delivery",
    "your website",
    "your app",
    "your system",
    "your staff",
    "your driver",
    "your service",
    "your team",
    "money back",
    // money gone from the customer's account ("someone transferred 500 from my account")
    "from my account",
    "out of my account",
    "from my card",
    "passed out",
];

/// Embarrassment ("it was a gift, now I look like an idiot"): contextual like
/// `CONTEXTUAL_PHRASES` — alone it is as often banter ("I look like an idiot in this
/// hat") — but where it counts, a feeling named in words (`Distress::named`).
const EMBARRASSMENT: &[&str] = &[
    "look like an idiot",
    "feel like an idiot",
    "look like a fool",
    "feel like a fool",
    "look stupid",
    "feel stupid",
];

/// Phrases whose distress, like a contextual word's, needs a problem named: alone they are
/// as often surprise or a joke ("Oh no. Well that was kind of quick", "I can't believe I
/// got so lost").
const CONTEXTUAL_PHRASES: &[&str] = &[
    "oh no",
    "can't believe",
    "cannot believe",
    "no way",
    "no one",
    "nobody",
    "what's going on",
    "whats going on",
    // "I've had enough" ends a trivia game as often as it complains (blind rounds 13, 14)
    "had enough",
    // sarcasm only where something went wrong: "Oh great, more than I thought!" about a
    // balance is glad
    "oh great",
    "just great",
    // pleas and rhetorical complaints: a cry for help or "why do I have to …" where a
    // problem is named (in the turn, or in the customer's turn before) is distress ("I
    // just saw an unknown transfer from my account! Help me!!"; "why do i have to do all
    // the work here? you're supposed to help me!" after "they say I sent back the wrong
    // item"); alone they are as often an eager request ("Can you help me!") or a plain
    // question
    "help me!",
    "i need help!",
    "please help!",
    "why do i have to",
    "why do i always have to",
    "why should i have to",
    "why must i",
    "you're supposed to",
    "you are supposed to",
    "youre supposed to",
    "ur supposed to",
];

/// Valences that replace or add to VADER's for customer care.
const OVERLAY: &[(&str, f32)] = &[
    // Politeness and routine words are not sentiment here.
    ("please", 0.0),
    ("pls", 0.0),
    ("plz", 0.0),
    ("help", 0.0),
    ("thanks", 0.0),
    ("thank", 0.0),
    ("thx", 0.0),
    ("ok", 0.0),
    ("okay", 0.0),
    ("sorry", 0.0),
    ("kind", 0.0),
    ("like", 0.0),
    ("joke", 0.0),
    ("kidding", 0.0),
    ("cancel", 0.0),
    ("wrong", -1.2),
    ("problem", -0.8),
    ("problems", -0.8),
    ("issue", 0.0),
    ("issues", 0.0),
    // "War" in customer care names games, films and albums ("gears of war 2", "a Star
    // Wars set", "war movies") far more often than anything the customer lives through
    // (61 customer turns of the shared corpus; blind round 78).
    ("war", 0.0),
    ("wars", 0.0),
    // Words of `STANDALONE` that VADER's lexicon lacks (a misspelling, forms of words it
    // has): valued like their siblings ("steal" −2.2, "rob" −2.6, "disappointed" −2.1,
    // "disgrace" −2.2, "damn" −1.7, "ridiculous" −1.5), so that counting on their own
    // means something (`every_standalone_word_has_a_valence`).
    ("stole", -2.2),
    ("robbed", -2.6),
    ("theft", -2.4),
    ("compromised", -1.5),
    ("dissapointed", -2.1),
    ("disgraceful", -2.2),
    ("dammit", -1.7),
    ("absurd", -1.5),
    ("rubbish", -1.5),
    ("ripoff", -2.0),
    // Complaint words VADER's lexicon lacks, valued like their nearest entries ("scam"
    // −2.7, "cheated" −2.3, "ridiculous" −1.5, "disrespected" −2.0): the first six count on
    // their own (`STANDALONE`), "overcharged", "garbage" and "trash" only where a problem
    // is named ("take out the trash").
    ("discrimination", -2.0),
    ("discriminated", -2.2),
    ("scammer", -2.7),
    ("scammers", -2.7),
    ("misled", -1.9),
    ("deceptive", -2.0),
    ("disrespectful", -2.0),
    ("unreasonable", -1.5),
    ("overcharged", -1.8),
    ("garbage", -1.6),
    ("trash", -1.5),
    // "No" is mostly an answer in chat; alarms are a product (an alarm app, a clock).
    ("no", 0.0),
    ("alarm", 0.0),
    ("alarms", 0.0),
    // A customer calling the agent rude is upset ("how rude of me" is a phrase below).
    ("rude", -2.6),
    ("concerned", -0.8),
    ("concern", -0.6),
    ("urgent", -1.0),
    ("urgently", -1.0),
    ("asap", -0.5),
    ("sure", 0.0),
    // Service failures VADER lacks.
    ("waiting", -0.6),
    ("late", -1.0),
    ("delayed", -1.2),
    ("delay", -1.0),
    ("overdue", -1.4),
    ("scammed", -2.8),
    ("cheated", -2.6),
    ("stolen", -2.6),
    ("unauthorized", -1.8),
    ("unauthorised", -1.8),
    ("chargeback", -2.0),
    ("disgusted", -3.0),
    ("embarrassed", -1.5),
    ("embarassed", -1.5),
    ("ruined", -2.4),
    ("gone", -0.6),
    ("nowhere", -1.0),
    ("unreachable", -1.5),
    ("ignored", -1.9),
    ("unresponsive", -1.8),
    ("useless", -2.2),
    ("incompetent", -2.6),
    // Not in VADER: "this whole experience has been a NIGHTMARE!" judges the service.
    ("nightmare", -2.4),
    ("begging", -1.8),
    ("beg", -1.6),
    // Chat profanity and abbreviations. "wth" is neutral here: VADER scores it as "what
    // the hell", but in chat it is as often a typo for "with" ("help me wth my order");
    // only a "wth" that ends a sentence scores (`WTH`).
    ("wth", 0.0),
    ("wtf", -2.8),
    ("fml", -2.8),
    ("ffs", -2.6),
    ("smh", -1.6),
    ("wtaf", -3.0),
    ("omfg", -2.4),
    ("bs", -2.0),
    ("fu", -2.8),
    ("ugh", -1.8),
    ("argh", -1.8),
    ("grr", -1.6),
    // Hunger is why a customer asks a restaurant bot, not a complaint ("I'm starving!").
    ("starving", 0.0),
    // Positive words that name a thing or a wish, not the customer's feeling: they must not
    // offset distress ("I need a solution, this is so frustrating"; "it was a gift, now I
    // look like an idiot"; "I hope it's not lost forever").
    ("solution", 0.0),
    ("solutions", 0.0),
    ("gift", 0.0),
    ("gifts", 0.0),
    ("free", 0.0),
    ("hope", 0.0),
    ("hoping", 0.0),
    ("promise", 0.0),
    ("promised", 0.0),
    ("pretty", 0.0),
    ("true", 0.0),
    ("yes", 0.0),
    ("yeah", 0.0),
    ("important", 0.0),
    ("ready", 0.0),
    ("interested", 0.0),
    ("worth", 0.0),
    ("care", 0.0),
    ("save", 0.0),
    // A system state or a symptom reported as a fact is not yet a feeling ("payment
    // failed", "the claim was rejected", "I feel ill"): weighed low, so that it takes
    // another cue to reach a threshold.
    ("failed", -1.0),
    ("failure", -1.0),
    ("failing", -1.0),
    ("fail", -1.0),
    ("fails", -1.0),
    ("rejected", -1.0),
    ("ill", -0.8),
    ("sick", -1.0),
    ("pain", -1.0),
];

/// The valence of "wth" ending a sentence ("now it's GONE? Wth?"): VADER's score.
const WTH: f32 = -2.4;

/// Phrases that carry distress as a whole (folded to lowercase, single spaces).
const PHRASES: &[(&str, f32)] = &[
    // A degree, not a feeling: "I eat an awful lot of volume" (blind round 10). A phrase of
    // valence 0 covers its words, which are then not scored on their own.
    ("awful lot", 0.0),
    ("awfully lot", 0.0),
    // A thing's or a person's place, not a lie: "I don't have any boxes lying around",
    // "I was lying down" (blind round 72).
    ("lying around", 0.0),
    ("lying down", 0.0),
    ("fed up", -2.6),
    // VADER scores "losing" alone (-1.6, a contextual word); losing one's patience is a
    // feeling.
    ("losing my patience", -2.4),
    // Embarrassment (`EMBARRASSMENT`): contextual, and a feeling named where it counts.
    ("look like an idiot", -2.0),
    ("feel like an idiot", -2.0),
    ("look like a fool", -2.0),
    ("feel like a fool", -2.0),
    ("look stupid", -1.8),
    ("feel stupid", -1.8),
    // Worry and strain in idiom: "I can't take my mind off the fraud", "waiting around is
    // killing me", "I'm so done with this website". Asking for something to take one's
    // mind off a worry ("trivia to get my mind off the fraud") is a request the agent
    // meets, not a worry voiced.
    ("can't take my mind off", -2.2),
    ("cant take my mind off", -2.2),
    ("can't get my mind off", -2.2),
    ("cant get my mind off", -2.2),
    ("can't keep my mind off", -2.2),
    ("mind off", 0.0),
    ("killing me", -2.4),
    ("so done with", -2.4),
    ("so done w", -2.4),
    ("lost my patience", -2.4),
    ("losing patience", -2.4),
    ("running out of patience", -2.4),
    ("sick of", -2.4),
    ("sick and tired", -2.8),
    ("had enough", -2.4),
    ("waste of time", -2.4),
    ("waste of my time", -2.6),
    ("wasted my time", -2.6),
    ("not happy", -2.2),
    ("third time", -2.0),
    ("fourth time", -2.4),
    ("fifth time", -2.6),
    ("how many times", -2.2),
    ("still not", -1.6),
    ("still haven't", -1.8),
    ("still hasn't", -1.8),
    ("still waiting", -1.8),
    ("still no", -1.6),
    ("never arrived", -2.0),
    ("never received", -2.0),
    ("never came", -2.0),
    ("no one", -0.8),
    ("nobody", -0.8),
    ("can't believe", -1.8),
    ("cannot believe", -1.8),
    ("are you kidding", -2.6),
    ("you're kidding", -2.4),
    // the same in chat spelling
    ("r u kidding", -2.6),
    ("ru kidding", -2.6),
    ("are u kidding", -2.6),
    ("are you serious", -1.8),
    ("are u serious", -1.8),
    ("r u serious", -1.8),
    ("oh no", -1.6),
    ("you must be joking", -2.6),
    ("is a joke", -2.6),
    ("what a joke", -2.8),
    ("thanks for nothing", -2.8),
    ("so much for", -1.8),
    // Gratitude, eagerness and blame on oneself are no distress: these cover the words
    // in them ("thanks so much for" is no sarcastic "so much for"; "can't" in "can't
    // wait" negates nothing after it).
    ("thanks so much for", 2.0),
    ("thank you so much for", 2.0),
    ("can't wait", 0.0),
    ("cannot wait", 0.0),
    ("rude of me", 0.0),
    ("silly me", 0.0),
    ("my bad", 0.0),
    ("by mistake", 0.0),
    ("by accident", 0.0),
    ("no worries", 0.0),
    ("no problem", 0.0),
    // Enthusiasm and praise in strong words: "hell yeah", "it's to die for".
    ("hell yea", 0.0),
    ("hell yeah", 0.0),
    ("hell yes", 0.0),
    ("to die for", 0.0),
    ("dying to", 0.0),
    // Gratitude to the agent is the opposite of distress about the service: it takes off
    // like a positive word ("Thanks so much, I almost feel bad about not tipping you").
    ("thanks so much", 2.0),
    ("thank you so much", 2.0),
    ("thanks for all", 2.0),
    ("thank you for all", 2.0),
    ("great, another", -2.2),
    ("oh great", -1.8),
    ("just great", -2.0),
    ("seriously?", -1.8),
    ("report you", -2.4),
    ("consumer court", -2.6),
    ("take legal action", -2.8),
    ("lost my money", -2.6),
    ("lost my parcel", -2.2),
    ("lost my package", -2.2),
    ("money back", -1.2),
    ("worried sick", -2.8),
    ("freaking out", -2.6),
    ("stressed out", -2.4),
    ("at my wits", -2.6),
    ("taking so long", -2.0),
    ("takes so long", -2.0),
    ("take so long", -2.0),
    ("god help me", -2.2),
    ("said that already", -1.6),
    ("already said", -1.6),
    ("already told you", -1.8),
    ("told you already", -1.8),
    ("as i said", -1.2),
    ("like i said", -1.4),
    ("no way", -1.4),
    ("rip off", -2.4),
    ("rip-off", -2.4),
    // "Let me know the damage", "what's the damage?": the bill, in idiom.
    ("know the damage", 0.0),
    ("what's the damage", 0.0),
    ("whats the damage", 0.0),
    // A product, not a feeling.
    ("pressure cooker", 0.0),
    ("pressure cookers", 0.0),
    ("ripped off", -2.4),
    ("ripping me off", -2.4),
    // A threat of going to law is anger at the service, whatever the words around it.
    ("see you in court", -2.4),
    ("i will sue", -2.4),
    ("i'll sue", -2.4),
    ("ill sue", -2.4),
    ("sue you", -2.4),
    ("my lawyer", -1.8),
    ("what's going on", -1.2),
    ("whats going on", -1.2),
    ("help me!", -1.8),
    ("i need help!", -1.8),
    ("please help!", -1.8),
    ("why do i have to", -1.6),
    ("why do i always have to", -2.0),
    ("why should i have to", -1.8),
    ("why must i", -1.6),
    ("you're supposed to", -1.6),
    ("you are supposed to", -1.6),
    ("youre supposed to", -1.6),
    ("ur supposed to", -1.6),
];

/// Kinds of story, film or music: a feeling word just before one names a genre ("a horror
/// movie", "scary stories"), not how the customer feels.
const GENRE_NOUNS: &[&str] = &[
    "movie",
    "movies",
    "film",
    "films",
    "genre",
    "story",
    "stories",
    "novel",
    "novels",
    "song",
    "songs",
    "music",
    "thriller",
    "thrillers",
];

/// Verbs of taste: a feeling word up to three words after one is what the customer wants
/// to see or hear ("I'd like to watch something violent"), a preference, not distress.
const PREFERENCE_VERBS: &[&str] = &["watch", "prefer", "fancy", "listen"];

/// Emoji of anger, sadness or despair (VADER rates emoticons, not emoji).
const EMOJI: &[(char, f32)] = &[
    ('😡', -2.6),
    ('😠', -2.4),
    ('🤬', -3.0),
    ('😤', -2.0),
    ('😞', -1.8),
    ('😢', -2.0),
    ('😭', -2.4),
    ('😩', -2.0),
    ('😫', -2.0),
    ('🙄', -1.6),
    ('😒', -1.6),
    ('💔', -2.0),
    ('👎', -1.6),
];

/// Words that strengthen (+) or weaken (−) the next sentiment word (VADER's list, with
/// `super`, `truly`, `sooo` and the swear words added).
const BOOSTERS: &[(&str, f32)] = &[
    ("absolutely", 0.293),
    ("completely", 0.293),
    ("deeply", 0.293),
    ("extremely", 0.293),
    ("fucking", 0.293),
    ("freaking", 0.293),
    ("highly", 0.293),
    ("incredibly", 0.293),
    ("really", 0.293),
    ("so", 0.293),
    ("sooo", 0.293),
    ("soooo", 0.293),
    ("super", 0.293),
    ("totally", 0.293),
    ("truly", 0.293),
    ("utterly", 0.293),
    ("very", 0.293),
    // A swear word before a word of feeling intensifies it ("so damn bored", "bloody
    // annoying"); it is no cue of its own there (`SWEAR_INTENSIFIERS`).
    ("damn", 0.293),
    ("bloody", 0.293),
    ("frickin", 0.293),
    ("fricking", 0.293),
    ("barely", -0.293),
    ("hardly", -0.293),
    ("kinda", -0.293),
    ("slightly", -0.293),
    ("somewhat", -0.293),
    ("little", -0.293),
    ("bit", -0.293),
    ("almost", -0.293),
    ("partly", -0.293),
    ("sorta", -0.293),
    ("scarcely", -0.293),
    ("marginally", -0.293),
    ("occasionally", -0.293),
];

/// Swear words that intensify the next word when it carries a valence ("so damn bored",
/// "bloody brilliant"): there they act as boosters and are not cues of their own. Alone
/// ("damn it!", "this is bloody") or before a problem word ("this damn problem", "damn
/// late") they still count.
const SWEAR_INTENSIFIERS: &[&str] = &["damn", "bloody", "freaking", "frickin", "fricking"];

/// Determiners and possessives: a contextual word right after one, followed by a noun, is
/// an attribute of a thing ("the broken one", "a broken screen", "my damaged parcel").
/// ("this" and "that" are left out: they are as often pronouns, "that sucks".)
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "my", "your", "his", "her", "our", "their", "its", "another",
];

/// Verbs that state a thing's condition: a contextual word right after one, whose subject
/// is not a person, is a predicate about a thing ("the screen is broken", "it arrived
/// damaged").
const STATE_VERBS: &[&str] = &[
    "is", "was", "are", "were", "it's", "its", "arrived", "came", "looks", "seems", "got", "gets",
    "ws", "iz",
];

/// Subjects that are people: after them a state verb describes the customer ("I was
/// lost", "we are stuck"), which counts in full.
const PERSONS: &[&str] = &[
    "i", "we", "you", "he", "she", "they", "i'm", "we're", "you're", "he's", "she's", "they're",
    "me", "us",
];

/// How much a contextual word counts when it describes a thing rather than the customer.
const OBJECT_FACTOR: f32 = 0.5;

/// Laughter and winks: a turn that laughs is banter, its "distress" a joke ("Someone stole
/// 99 cents from me lol"); they halve the turn's score.
const LAUGHTER_WORDS: &[&str] = &[
    "haha", "hahaha", "hahahaha", "hehe", "hehehe", "lol", "lolol", "lmao", "lmfao", "rofl", "jk",
];
const LAUGHTER_PHRASES: &[&str] = &["just kidding", "just joking", "only joking", "only kidding"];
const LAUGHTER_MARKS: &[&str] = &[
    "😂", "🤣", "😄", "😁", "😆", "😅", "😉", "😜", "😝", ":)", ":-)", ":D", ":-D", ";)", ";-)",
    ":P", ":p", "xD", "XD",
];
const BANTER_FACTOR: f32 = 0.5;

/// The emphasis (`emphasis`) from which punctuation alone names a problem: two `!`, or
/// `?!` with another `?` (one `!` is 0.29).
const WORKED_UP: f32 = 0.5;

/// VADER's constants. (Negations: not "no" and "nothing", which in chat are mostly
/// answers: "No, have a nice day", "Nothing. I'm thankful".)
const BOOST_CAPS: f32 = 0.733;
const NEGATION_FACTOR: f32 = -0.74;
const EXCLAMATION: f32 = 0.292;
const QUESTION: f32 = 0.18;
const ALPHA: f32 = 15.0;

const NEGATIONS: &[&str] = &[
    "not", "never", "cannot", "can't", "cant", "don't", "dont", "doesn't", "doesnt", "didn't",
    "didnt", "isn't", "isnt", "wasn't", "wasnt", "aren't", "arent", "won't", "wont", "wouldn't",
    "wouldnt", "haven't", "havent", "hasn't", "hasnt", "without", "nor", "neither", "ain't",
    "aint", // chat spellings: "I dun wanna waste more money" (blind round 12)
    "dun", "dnt", "havnt", "hvnt", "dosnt", "dosent", "cudnt", "wudnt", "shudnt",
];

/// How much positive words (relief, praise) take off the distress: "Ah great, I was so
/// scared, thanks" is relief, not distress.
const POSITIVE_OFFSET: f32 = 0.5;

/// Acronyms whose capitals are their spelling, not stress.
const ACRONYMS: &[&str] = &["asap"];

/// A word of the turn: its folded form (a slice of the folded text), its original text,
/// and where it is.
struct Word<'a> {
    lower: &'a str,
    raw: &'a str,
    start: usize,
    end: usize,
    /// A sentence ends after this word (`.`, `!`, `?` follows it).
    ends_sentence: bool,
}

/// The words of `text`, read from its folded copy (lowercase, apostrophes straight), so no
/// word needs an allocation of its own.
fn words<'a>(text: &'a str, folded: &'a crate::text::Folded) -> Vec<Word<'a>> {
    let f = folded.text.as_str();
    let mut out = Vec::with_capacity(f.len() / 4 + 1);
    if f.is_ascii() {
        // Most turns: a byte is a character.
        let b = f.as_bytes();
        let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'\'';
        let mut i = 0;
        while i < b.len() {
            if !is_word(b[i]) {
                i += 1;
                continue;
            }
            let s = i;
            while i < b.len() && is_word(b[i]) {
                i += 1;
            }
            out.extend(word_at(text, folded, s, i));
        }
        return out;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '\'';
    let mut start = None;
    for (i, c) in f.char_indices().chain(std::iter::once((f.len(), ' '))) {
        match (start, is_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                start = None;
                out.extend(word_at(text, folded, s, i));
            }
            _ => {}
        }
    }
    out
}

/// The word of folded bytes `s..i` (a run of word characters), its apostrophes trimmed;
/// `None` when it is only apostrophes.
fn word_at<'a>(
    text: &'a str,
    folded: &'a crate::text::Folded,
    s: usize,
    i: usize,
) -> Option<Word<'a>> {
    // Byte by byte: the loops step only past ASCII bytes (apostrophes, spaces, quotes,
    // brackets), and an ASCII byte is never part of a longer character, so the slices
    // below stay on character boundaries (the `str` trimming with `char` patterns this
    // replaces took a fifth of `distress`'s instructions).
    let f = folded.text.as_str();
    let b = f.as_bytes();
    let mut fs = s;
    while fs < i && b[fs] == b'\'' {
        fs += 1;
    }
    let mut fe = i;
    while fe > fs && b[fe - 1] == b'\'' {
        fe -= 1;
    }
    if fs == fe {
        return None;
    }
    let lower = &f[fs..fe];
    let (os, oe) = (folded.original_offset(fs), folded.original_offset(fe));
    let mut next = i;
    while next < b.len() && matches!(b[next], b' ' | b'"' | b')' | b'\'') {
        next += 1;
    }
    let ends_sentence = next < b.len() && matches!(b[next], b'.' | b'!' | b'?');
    Some(Word {
        lower,
        raw: &text[os..oe],
        start: os,
        end: oe,
        ends_sentence,
    })
}

/// The letters and the capitals of the words, counted by byte for an ASCII turn.
fn letters_and_capitals(text: &str, words: &[Word<'_>]) -> (usize, usize) {
    if text.is_ascii() {
        words.iter().fold((0, 0), |(l, c), w| {
            let b = w.raw.as_bytes();
            (
                l + b.iter().filter(|x| x.is_ascii_alphabetic()).count(),
                c + b.iter().filter(|x| x.is_ascii_uppercase()).count(),
            )
        })
    } else {
        let letters = words
            .iter()
            .map(|w| w.raw.chars().filter(|c| c.is_alphabetic()).count())
            .sum();
        let capitals = words
            .iter()
            .map(|w| w.raw.chars().filter(|c| c.is_uppercase()).count())
            .sum();
        (letters, capitals)
    }
}

/// Words naming the world at large rather than the service or the customer's problem with
/// it: a pandemic, "these days", "nowadays", "anybody". A frustration aimed at them ("I am so
/// sick of this coronavirus business", "You can't trust anybody these days" about the
/// customer's own wife's mistake) is grumbling about life, close to boredom, not distress
/// the agent caused or can answer (blind round 13).
const WORLD: &[&str] = &[
    "coronavirus",
    "covid",
    "pandemic",
    "lockdown",
    "lockdowns",
    "quarantine",
    "nowadays",
];

/// Words of the weather: a remark about it ("that is some yucky weather", "I hate the snow")
/// is about the world too, and so is a bare reaction to a weather report ("Terrible!" after
/// "It will be raining all day on Friday, around 4 degrees"; blind rounds 16, 19 and 20).
/// Measurements ("temperature", "degrees") are not among them: a room, an oven or a
/// thermostat has them too.
const WEATHER: &[&str] = &[
    "weather",
    "forecast",
    "forecasts",
    "rain",
    "raining",
    "rainy",
    "snow",
    "snowing",
    "snowy",
    "clouds",
    "cloudy",
    "storm",
    "storms",
    "stormy",
    "windy",
    "drizzle",
    "foggy",
    "hail",
    "sleet",
];

/// Words of thanks, which the lexicon leaves without a valence (`OVERLAY`).
const THANKS: &[&str] = &["thank", "thanks", "thx", "ty", "thankyou", "tysm"];

/// Whether `w` (lower case) names the world at large or the weather.
fn is_world_word(w: &str) -> bool {
    WORLD.contains(&w) || WEATHER.contains(&w)
}

/// Whether a word of `text` (case-folded, as [`distress`] reads it) is on one of `lists`,
/// for each list: the text is folded and split once, however many lists are asked.
fn has_words<const N: usize>(text: &str, lists: [&[&str]; N]) -> [bool; N] {
    let mut folded = crate::text::Folded::default();
    folded.fold(text);
    let words = words(text, &folded);
    lists.map(|list| words.iter().any(|w| list.contains(&w.lower)))
}

/// Words of a weather report: measurements, not the word "weather" ("delayed due to
/// weather conditions" reports a delay).
const WEATHER_REPORT: &[&str] = &[
    "forecast",
    "temperature",
    "temperatures",
    "degrees",
    "celsius",
    "fahrenheit",
    "humidity",
    "precipitation",
];

/// Whether `text`, whose distress is `d`, reports the weather: a word of the weather and a
/// measurement ("It will be raining all day on Friday, with temperatures of around 4
/// degrees"), and nothing of the service or a problem ("Your flight is cancelled because
/// of the storm forecast" reports a cancellation).
pub(crate) fn is_weather_report(text: &str, d: &Distress) -> bool {
    let [weather, measured, pointer, thing] = has_words(
        text,
        [WEATHER, WEATHER_REPORT, SERVICE_POINTERS, SERVICE_THINGS],
    );
    weather && measured && !(d.anchored || pointer || thing)
}

/// Whether a question of `text` asks about the weather ("What's the weather like in Detroit
/// on Friday?").
pub(crate) fn asks_about_weather(text: &str) -> bool {
    text.split_inclusive(['.', '!', '?'])
        .filter(|s| s.ends_with('?'))
        .any(|s| has_words(s, [WEATHER])[0])
}

/// Things a customer deals with the service about: with one of them a turn is about the
/// service, not the weather ("my hotel booking still hasn't been confirmed").
const SERVICE_THINGS: &[&str] = &[
    "booking",
    "bookings",
    "reservation",
    "flight",
    "flights",
    "ticket",
    "tickets",
    "hotel",
    "parcel",
    "package",
    "item",
    "product",
    "payment",
    "charge",
    "bill",
    "card",
    "agent",
    "guys",
    "room",
    "seat",
    "baggage",
    "luggage",
    "appointment",
];

/// Whether `text`, whose distress is `d`, points at the service (`SERVICE_POINTERS`:
/// "your", "order", "refund"…; `SERVICE_THINGS`: "booking", "flight"…) or names a problem
/// (`Distress::anchored`: "lost my", "still hasn't", "didn't get").
pub(crate) fn names_service_or_problem(text: &str, d: &Distress) -> bool {
    d.anchored || has_words(text, [SERVICE_POINTERS, SERVICE_THINGS]).contains(&true)
}

/// Words that point a sentence at the service or the agent: with one of them the sentence
/// is about the service even if it names the world too ("your prices these days").
const SERVICE_POINTERS: &[&str] = &[
    "your", "ur", "yours", "company", "service", "order", "refund", "delivery", "account", "app",
    "website", "store", "staff", "support",
];

/// Whether the sentence of word `i` aims its feeling at the world at large (`WORLD`,
/// `WEATHER`, or "these days") and names nothing of the service (`SERVICE_POINTERS`) and no problem (an
/// anchor word: "my flight was cancelled because of covid and I'm furious" is a complaint,
/// "I am scared because so many online frauds happen these days" a fear for one's money)
/// nor a word that counts on its own (a feeling: "scared"). The words of the phrase `cue`
/// are left out: a phrase of frustration may hold a problem word ("sick of").
fn about_the_world(words: &[Word<'_>], i: usize, cue: (usize, usize)) -> bool {
    // The sentence, but at most SENTENCE_WORDS words each side of the cue: a turn of
    // megabytes without a full stop made each cue read all of it (quadratic).
    let lo = i.saturating_sub(SENTENCE_WORDS);
    let hi = (i + SENTENCE_WORDS).min(words.len().saturating_sub(1));
    let first = (lo..i)
        .rev()
        .find(|&j| words[j].ends_sentence)
        .map_or(lo, |j| j + 1);
    let last = (i..=hi.max(i))
        .find(|&j| words.get(j).is_some_and(|w| w.ends_sentence))
        .unwrap_or(hi);
    let sentence = &words[first..=last.max(first).min(words.len() - 1)];
    let world = sentence.iter().enumerate().any(|(k, w)| {
        is_world_word(w.lower) || (w.lower == "days" && k > 0 && sentence[k - 1].lower == "these")
    });
    world
        && !sentence.iter().any(|w| {
            SERVICE_POINTERS.contains(&w.lower)
                || ((cue.0 > w.start || w.end > cue.1)
                    && !is_world_word(w.lower)
                    && lexicon()
                        .get(w.lower)
                        .is_some_and(|e| e.anchor || e.standalone))
        })
}

/// Whether `start..end` lies inside one of `covered`'s spans, which are in order and do not
/// overlap (the leftmost-longest phrase matches): only the last span starting at or before
/// `start` can hold it, found by binary search (a scan per word was quadratic on a turn of
/// megabytes).
fn in_covered(covered: &[(usize, usize)], start: usize, end: usize) -> bool {
    let k = covered.partition_point(|&(s, _)| s <= start);
    k > 0 && end <= covered[k - 1].1
}

/// The most words read each side of a cue for its sentence: about
/// [`crate::text::MAX_SENTENCE`] bytes.
const SENTENCE_WORDS: usize = 150;

/// One automaton for all distress and anchor phrases, searched once per turn.
///
/// The first [`DFA_AFTER`] turns of a process are searched with the automaton the crate
/// picks for this many patterns (a contiguous NFA, cheap to build); after them, with a
/// DFA, which costs ~2 ms to build and searches a turn in fewer instructions (on a large
/// run ~1% of all instructions). Both report the same leftmost-longest matches, so which
/// one searched a turn never shows in the output.
fn phrase_automaton() -> &'static aho_corasick::AhoCorasick {
    static SEARCHED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    static NFA: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    static DFA: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    let build = |kind: Option<aho_corasick::AhoCorasickKind>| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(kind)
            .build(
                PHRASES
                    .iter()
                    .map(|(p, _)| *p)
                    .chain(ANCHOR_PHRASES.iter().copied()),
            )
            .expect("distress phrases compile")
    };
    if SEARCHED.load(std::sync::atomic::Ordering::Relaxed) >= DFA_AFTER {
        return DFA.get_or_init(|| build(Some(aho_corasick::AhoCorasickKind::DFA)));
    }
    SEARCHED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    NFA.get_or_init(|| build(None))
}

/// How many turns [`phrase_automaton`] searches before it builds its DFA.
const DFA_AFTER: usize = 5_000;

/// Scores one turn.
pub(crate) fn distress(text: &str) -> Distress {
    let mut folded = crate::text::Folded::default();
    folded.fold(text);
    let words = words(text, &folded);
    if words.is_empty() {
        return Distress::default();
    }
    let lexicon = lexicon();
    let (letters, capitals) = letters_and_capitals(text, &words);
    let shouting = words.len() >= 3 && letters >= 10 && capitals * 10 >= letters * 7;
    // Capitals stress a word only in a turn that is not all in capitals (VADER).
    let caps_emphasis = !shouting && capitals > 0;
    let exclaims = text.contains('!');
    // Cues that count on their own, and contextual ones (which need a problem named).
    let mut standalone = Tally::default();
    // The part of `standalone` that only reacts (`REACTIONS`).
    let mut reactions = 0.0f32;
    let mut contextual = Tally::default();
    let mut objects = Tally::default();
    let mut positive = 0.0f32;
    let mut negated_positive = false;
    let mut anchor = false;
    // A cue that names a feeling in words (see `Distress::felt`).
    let mut felt = false;
    // A cue of `felt` that is no reaction (see `Distress::named`).
    let mut named = false;
    // A cue that is no problem word (see `Distress::only_problem`).
    let mut other_cue = false;
    // A cue of `felt` that is no harm named as a matter (see `Distress::matter_only`).
    let mut felt_beyond_matters = false;
    // Phrases first: their words are not scored again ("great, another" is no praise).
    let mut covered: Vec<(usize, usize)> = Vec::new();
    for m in phrase_automaton().find_iter(folded.text.as_str()) {
        if !crate::text::has_word_boundaries(&folded.text, m.start(), m.end()) {
            continue;
        }
        let Some(&(phrase, v)) = PHRASES.get(m.pattern().as_usize()) else {
            anchor = true; // an anchor phrase ("lost my", "money back")
            continue;
        };
        let start = folded.original_offset(m.start());
        let end = folded.original_offset(m.end());
        covered.push((start, end));
        // The words are in order: the first at or after `start` by binary search (a scan
        // per phrase was quadratic on a turn of megabytes).
        let k = words.partition_point(|w| w.start < start);
        if v < 0.0 && k < words.len() && about_the_world(&words, k, (start, end)) {
            continue;
        }
        let embarrassed = EMBARRASSMENT.contains(&phrase);
        if v > 0.0 {
            positive += v;
        } else if embarrassed || CONTEXTUAL_PHRASES.contains(&phrase) {
            other_cue |= !matches!(phrase, "no one" | "nobody");
            // Named, though it counts only in context: where it counts, it is a feeling.
            felt |= embarrassed;
            felt_beyond_matters |= embarrassed;
            named |= embarrassed;
            contextual.note(v, start, end);
        } else {
            // A phrase that also names a problem ("money back") is no word of feeling.
            // (A phrase of valence 0 — "no worries", "my bad" — only covers its words.)
            let feeling = v < 0.0 && !ANCHOR_PHRASES.contains(&phrase);
            felt |= feeling;
            felt_beyond_matters |= feeling;
            named |= feeling && !REACTIONS.contains(&phrase);
            other_cue |= v < 0.0;
            standalone.note(v, start, end);
        }
    }
    if !text.is_ascii() {
        for (i, c) in text.char_indices() {
            if let Some((_, v)) = EMOJI.iter().find(|(e, _)| *e == c) {
                felt = true;
                named = true;
                felt_beyond_matters = true;
                other_cue = true;
                standalone.note(*v, i, i + c.len_utf8());
            }
        }
    }
    for (i, w) in words.iter().enumerate() {
        if in_covered(&covered, w.start, w.end) {
            continue;
        }
        let Some(&entry) = lexicon.get(w.lower) else {
            continue;
        };
        anchor |= entry.anchor;
        // Boosters and negations reach back up to three words, within the sentence.
        let before = || {
            (1..=3).map_while(|k| {
                i.checked_sub(k)
                    .map(|j| &words[j])
                    .filter(|p| !p.ends_sentence)
            })
        };
        let is_negation = |prev: &Word<'_>| {
            // A negation inside a phrase ("can't wait") negates nothing after it.
            let in_phrase = in_covered(&covered, prev.start, prev.end);
            !in_phrase && (NEGATIONS.contains(&prev.lower) || prev.lower.ends_with("n't"))
        };
        if entry.receipt && !anchor && before().any(is_negation) {
            anchor = true; // "didn't get", "won't turn on", "never received"
        }
        // "Wth?" closing a sentence is "what the hell"; "help me wth my order" is "with".
        let valence = if w.lower == "wth" && w.ends_sentence {
            WTH
        } else {
            entry.valence
        };
        if valence == 0.0 {
            continue;
        }
        // A genre or a taste is no feeling: "a horror movie", "watch something violent".
        if valence < 0.0
            && (words
                .get(i + 1)
                .is_some_and(|n| !w.ends_sentence && GENRE_NOUNS.contains(&n.lower))
                || before().any(|p| PREFERENCE_VERBS.contains(&p.lower)))
        {
            continue;
        }
        // A word of a title or a name in capitals is no feeling: "Mad Max: Fury Road",
        // "the Broken Arrow song", "Dead Poets Society".
        if valence < 0.0 && in_title(&words, i) {
            continue;
        }
        // A booster before a word that carries a valence only strengthens it: "super
        // stressful" is one cue, not praise ("super" is +2.9 in the lexicon) offsetting the
        // stress. VADER gives its boosters no valence at all; here a booster keeps its own
        // where it boosts nothing ("this is stressful. Super." takes praise off). The word
        // boosted is the first after it that is no booster, within the three words a
        // booster reaches ("truly deeply disappointed"). A swear word so used is an
        // intensifier too ("so damn bored"), but before a problem ("this damn problem",
        // "damn late") it still swears.
        let swear = SWEAR_INTENSIFIERS.contains(&w.lower);
        if (swear || entry.booster)
            && boosted(&words, i).is_some_and(|n| {
                lexicon
                    .get(n.lower)
                    .is_some_and(|e| e.valence != 0.0 && !(swear && e.anchor))
            })
        {
            continue;
        }
        // A verdict on one's own skill is self-mockery: "I am terrible with new technology".
        if valence < 0.0 && SKILL_VERDICTS.contains(&w.lower) && rates_a_skill(&words, i) {
            continue;
        }
        // So is praise of one's own skill negated: "I am not good at trivia" is no
        // disappointment with the service (blind round 72). ("I am really good at trivia!"
        // keeps its cheer.)
        if valence > 0.0
            && SKILL_PRAISE.contains(&w.lower)
            && rates_a_skill(&words, i)
            && before().any(is_negation)
        {
            continue;
        }
        // A swear word or a reaction at one's own slip is self-directed: "Shit I forgot
        // that too", "damn my fat fingers" (blind rounds 54 and 64).
        if valence < 0.0
            && (REACTIONS.contains(&w.lower) || SELF_SWEARS.contains(&w.lower))
            && at_own_slip(&words, i)
        {
            continue;
        }
        // A harm the speaker did is a confession: "I'll admit I cheated on that one" in a
        // quiz (blind round 31).
        if valence < 0.0 && OWN_DEEDS.contains(&w.lower) && is_own_deed(&words, i) {
            continue;
        }
        // A feeling promised for later on a condition is no feeling yet: "otherwise i will
        // be very angry", "if he doesnt have it i'm blaming u guys" (blind round 12).
        // So is a feeling said of the speaker's future with the condition left unsaid
        // ("make sure they dont send another pan! I'll be super mad."); a problem ahead
        // with no condition ("I'm going to be late!") is one already.
        if valence < 0.0
            && (is_conditional_future(&words, i)
                || (entry.standalone && is_future_feeling(&words, i)))
        {
            continue;
        }
        // A frustration aimed at the world at large is no distress about the service.
        if valence != 0.0 && about_the_world(&words, i, (0, 0)) {
            continue;
        }
        // "I'm lost", "we got lost again": a person's whereabouts (or bearings) — literal
        // in a directions service, and confusion, not distress, elsewhere (blind rounds 10
        // and 14). "lost my card", "the parcel is lost" are losses (anchor phrases).
        if w.lower == "lost" && is_person_lost(&words, i) {
            continue;
        }
        // A verdict on a thing ("that useless thing", "the power bank was dead") describes
        // the item, like "the broken one": a problem, not a word of feeling (blind round 14).
        let thing_verdict = THING_VERDICTS.contains(&w.lower) && describes_thing(&words, i);
        anchor |= thing_verdict;
        let entry = if thing_verdict {
            Entry {
                standalone: false,
                anchor: true,
                ..entry
            }
        } else {
            entry
        };
        let mut v = valence;
        // A problem word describing a thing ("the broken one") is weighed apart (below), and
        // so is any contextual word used as a thing's attribute ("the stupid box").
        let object = thing_verdict
            || !entry.standalone
                && if entry.anchor {
                    describes_object(&words, i)
                } else {
                    valence < 0.0 && is_attribute(&words, i)
                };
        // A word in capitals in a turn that is not all capitals is stressed, and in a turn
        // that exclaims it counts on its own ("POOR SITH!"; not "Check ASAP.").
        // An acronym of urgency is spelt in capitals: "I need that money back ASAP" is in
        // a hurry, not shouting; urgency is no feeling (blind round 13).
        let stressed = caps_emphasis
            && w.raw.len() > 1
            && !ACRONYMS.contains(&w.lower)
            && w.raw.chars().all(|c| !c.is_lowercase());
        let stressed_alone = stressed && exclaims;
        if stressed {
            v += BOOST_CAPS * v.signum();
        }
        let mut negated = false;
        for (prev, scale) in before().zip([1.0f32, 0.95, 0.9]) {
            if let Some((_, b)) = BOOSTERS.iter().find(|(b, _)| *b == prev.lower) {
                v += b * scale * v.signum();
            }
            negated |= is_negation(prev);
        }
        if negated {
            v *= NEGATION_FACTOR;
            // "I dont trust u guys anymore", "not good enough": a feeling, voiced. A wish
            // negated is a preference: "i dont want it lying around in my house" (blind
            // round 74).
            negated_positive |= v < 0.0 && w.lower != "want";
        }
        if v < 0.0 && !entry.anchor {
            other_cue = true;
        }
        if v > 0.0 {
            positive += v;
        } else if entry.standalone || stressed_alone || w.lower == "wth" {
            named |= !REACTIONS.contains(&w.lower) && !SWEAR_INTENSIFIERS.contains(&w.lower);
            felt_beyond_matters |= !MATTERS.contains(&w.lower);
            // A reaction aimed at the agent or the company ("You are the worst!", "ur
            // service is terrible") judges the service: it names the problem itself.
            if REACTIONS.contains(&w.lower)
                && !before().any(|p| matches!(p.lower, "you" | "you're" | "u" | "ur" | "your"))
            {
                reactions -= v;
            }
            felt = true;
            standalone.note(v, w.start, w.end);
        } else if object {
            objects.note(v, w.start, w.end);
        } else {
            contextual.note(v, w.start, w.end);
        }
    }
    // A thing's state ("the broken one", "a broken screen") counts half when it is all
    // the turn says, calmly; next to a feeling or another cue ("a broken screen and I'm so
    // upset") or exclaimed ("My card payment is failing EVERYTIME!!!!") it counts in
    // full.
    let factor = if standalone.total > 0.0 || contextual.total > 0.0 || exclaims {
        1.0
    } else {
        OBJECT_FACTOR
    };
    contextual.merge(&objects, factor);
    // Laughter only matters to a turn with a negative cue: the substring searches for it
    // are skipped for the rest (most turns; they were a quarter of this function).
    let laughing =
        (standalone.total > 0.0 || contextual.total > 0.0) && laughs(&words, &folded.text, text);
    // Capitals that thank or praise, with no negative cue and no question, are delight,
    // not shouting: "THANK YOU!!! YOU GUYS ARE THE BEST!!!" (blind round 78); "WHERE IS
    // MY ORDER??? THANKS" still shouts.
    let shouting = shouting
        && !(standalone.total == 0.0
            && contextual.total == 0.0
            && !negated_positive
            && (positive > 0.0 || words.iter().any(|w| THANKS.contains(&w.lower)))
            && !text.contains('?'));
    let complaint = anchor || standalone.total > 0.0 || shouting;
    // Repeated "!" or "?!" say the customer is worked up about something of theirs ("18th?!?
    // That's another 3 days!! Ugh."), not commenting on a topic.
    // Counted once: each count is a pass over the turn.
    let emphasis = emphasis(text);
    let problem =
        anchor || standalone.total > reactions + f32::EPSILON || shouting || emphasis >= WORKED_UP;
    let voiced = standalone.total > 0.0 || shouting || negated_positive || emphasis >= WORKED_UP;
    // The score of the cues counted: laughter halves it, shouting and "!?" add to it.
    let finish = |total: f32| {
        let mut total = (total - POSITIVE_OFFSET * positive).max(0.0);
        if total > 0.0 && laughing {
            total *= BANTER_FACTOR;
        }
        if shouting {
            total += 1.5;
        }
        if total > 0.0 {
            total += emphasis;
        }
        total / (total * total + ALPHA).sqrt()
    };
    // A turn that laughs is banter: its contextual words never count.
    let alone = (finish(standalone.total), standalone.cue());
    let with_context = if laughing {
        alone
    } else {
        (
            finish(standalone.total + contextual.total),
            standalone.best(&contextual),
        )
    };
    let (score, cue) = if complaint { with_context } else { alone };
    let strongest = |t: &Tally| t.strongest.map_or(0.0, |(v, _, _)| v);
    let peak = if laughing {
        strongest(&standalone)
    } else {
        strongest(&standalone).max(strongest(&contextual))
    };
    Distress {
        score,
        cue,
        in_context: with_context,
        complaint,
        peak,
        problem,
        voiced,
        felt: felt || negated_positive,
        named: named || negated_positive,
        only_problem: !other_cue && !negated_positive && !shouting,
        calm: !shouting && emphasis == 0.0,
        matter_only: !felt_beyond_matters && !negated_positive,
        anchored: anchor,
    }
}

/// The weight of a class of cues in a turn and its strongest cue.
#[derive(Default)]
struct Tally {
    total: f32,
    strongest: Option<(f32, usize, usize)>,
}

impl Tally {
    /// Adds a negative valence `v` found at `start..end`.
    fn note(&mut self, v: f32, start: usize, end: usize) {
        if v < 0.0 {
            self.total += -v;
            if self.strongest.is_none_or(|(b, _, _)| -v > b) {
                self.strongest = Some((-v, start, end));
            }
        }
    }

    /// Adds `other`'s cues, their weight scaled by `factor`.
    fn merge(&mut self, other: &Tally, factor: f32) {
        if let Some((b, s, e)) = other.strongest {
            self.total += other.total * factor;
            if self.strongest.is_none_or(|(a, _, _)| b * factor > a) {
                self.strongest = Some((b * factor, s, e));
            }
        }
    }

    fn cue(&self) -> Option<(usize, usize)> {
        self.strongest.map(|(_, s, e)| (s, e))
    }

    /// The strongest cue of two tallies.
    fn best(&self, other: &Tally) -> Option<(usize, usize)> {
        match (self.strongest, other.strongest) {
            (Some(a), Some(b)) => Some(if b.0 > a.0 { (b.1, b.2) } else { (a.1, a.2) }),
            (a, b) => a.or(b).map(|(_, s, e)| (s, e)),
        }
    }
}

/// Whether word `i` is part of a run of capitalised words ("Fury Road", "Broken Arrow"):
/// it and a neighbour in the same sentence start with a capital and go on in lower case,
/// and the run is not just the sentence's first word. "I" is no title word.
fn in_title(words: &[Word<'_>], i: usize) -> bool {
    let titled = |w: &Word<'_>| {
        let mut cs = w.raw.chars();
        w.raw != "I" && cs.next().is_some_and(char::is_uppercase) && cs.any(char::is_lowercase)
    };
    let starts_sentence = |j: usize| j == 0 || words[j - 1].ends_sentence;
    let w = &words[i];
    if !titled(w) {
        return false;
    }
    let next = words
        .get(i + 1)
        .is_some_and(|n| !w.ends_sentence && titled(n));
    // A sentence's first word counts as a title word only when it is an article ("The
    // Curse of La Llorona").
    let prev = i > 0 && !starts_sentence(i) && {
        let p = &words[i - 1];
        titled(p) && (!starts_sentence(i - 1) || matches!(p.raw, "The" | "A" | "An"))
    };
    next || prev
}

/// Words that do not follow an attribute as its noun: pronouns, auxiliaries, prepositions
/// and conjunctions ("why the hell am I paying", "what the heck is this").
const NOT_NOUNS: &[&str] = &[
    "i", "you", "u", "we", "he", "she", "they", "it", "me", "am", "is", "are", "was", "were", "do",
    "does", "did", "have", "has", "had", "will", "would", "can", "could", "should", "to", "of",
    "in", "on", "at", "for", "with", "and", "or", "but", "so", "out", "up",
];

/// Whether word `i`, a contextual word that names no problem, is a thing's attribute: right
/// after a determiner and before a noun of the same sentence ("the stupid box", "a lousy
/// charger"; not "why the hell am I paying").
fn is_attribute(words: &[Word<'_>], i: usize) -> bool {
    let w = &words[i];
    before_in_sentence(words, i).is_some_and(|p| DETERMINERS.contains(&p.lower))
        && !w.ends_sentence
        && words
            .get(i + 1)
            .is_some_and(|n| !NOT_NOUNS.contains(&n.lower))
}

/// The word before word `i`, when it is in the same sentence.
fn before_in_sentence<'a, 'w>(words: &'a [Word<'w>], i: usize) -> Option<&'a Word<'w>> {
    i.checked_sub(1)
        .map(|j| &words[j])
        .filter(|p| !p.ends_sentence)
}

/// Whether word `i` describes a thing, not the customer: an attribute between a
/// determiner and a following word of the same sentence ("the broken one", "a broken
/// screen"), or a predicate after a state verb whose subject is not a person ("the box is
/// damaged", "it arrived broken"; not "I was lost").
fn describes_object(words: &[Word<'_>], i: usize) -> bool {
    let Some(prev) = before_in_sentence(words, i) else {
        return false;
    };
    let w = &words[i];
    if DETERMINERS.contains(&prev.lower) {
        // a noun (or "one") follows in the same sentence
        return !w.ends_sentence && words.get(i + 1).is_some();
    }
    if STATE_VERBS.contains(&prev.lower) {
        let subject = i
            .checked_sub(2)
            .map(|j| &words[j])
            .filter(|s| !s.ends_sentence);
        return subject.is_some_and(|s| !PERSONS.contains(&s.lower))
            || matches!(prev.lower, "it's" | "its");
    }
    false
}

/// Verdicts that describe an item as often as they judge the service or voice a feeling:
/// said of a thing ("that useless thing", "the power bank was dead", "this crap charger")
/// they report its state, like "broken" (`describes_thing`).
const THING_VERDICTS: &[&str] = &[
    "useless",
    "worthless",
    "rubbish",
    "crap",
    "crappy",
    "junk",
    "garbage",
    "shitty",
    "dead",
];

/// Nouns of people and animals: "our captain is dead" is no thing's state.
const PERSON_NOUNS: &[&str] = &[
    "captain",
    "husband",
    "wife",
    "partner",
    "mother",
    "mom",
    "mum",
    "father",
    "dad",
    "son",
    "daughter",
    "brother",
    "sister",
    "friend",
    "grandma",
    "grandpa",
    "grandmother",
    "grandfather",
    "grandson",
    "granddaughter",
    "baby",
    "child",
    "kid",
    "uncle",
    "aunt",
    "cousin",
    "boss",
    "dog",
    "cat",
    "pet",
    "man",
    "woman",
    "guy",
    "he",
    "she",
    "everyone",
    "people",
    "family",
    "nobody",
    "someone",
    "somebody",
];

/// Whether word `i`, a verdict of `THING_VERDICTS`, describes a thing: an attribute
/// between a determiner (or "this", "that") and a noun that is not the service ("that
/// useless thing"; not "your useless service", "this useless app"), or a predicate after a
/// state verb whose subject is a noun of a thing ("the power bank was dead"; not "this is
/// useless", "it's useless", "our captain is dead").
fn describes_thing(words: &[Word<'_>], i: usize) -> bool {
    let Some(prev) = before_in_sentence(words, i) else {
        return false;
    };
    let w = &words[i];
    if DETERMINERS.contains(&prev.lower)
        || matches!(prev.lower, "this" | "that" | "these" | "those")
    {
        return prev.lower != "your"
            && !w.ends_sentence
            && words.get(i + 1).is_some_and(|n| {
                !NOT_NOUNS.contains(&n.lower)
                    && !SERVICE_POINTERS.contains(&n.lower)
                    && !PERSON_NOUNS.contains(&n.lower)
            });
    }
    if STATE_VERBS.contains(&prev.lower) && !matches!(prev.lower, "it's" | "its") {
        // A capitalised subject inside its sentence is a name: "Luke Skywalker is dead".
        // At a sentence's start a capital says nothing: chat drops the determiner
        // ("Battery is dead!"), so "Mike is dead" is read as a thing (a known limit).
        let named = |j: usize| {
            j > 0
                && !words[j - 1].ends_sentence
                && words[j].raw.chars().next().is_some_and(char::is_uppercase)
        };
        return i.checked_sub(2).is_some_and(|j| {
            let s = &words[j];
            !s.ends_sentence
                && !named(j)
                && s.lower.len() > 2
                && !matches!(
                    s.lower,
                    "this" | "that" | "it" | "all" | "everything" | "thing" | "which" | "what"
                )
                && !PERSONS.contains(&s.lower)
                && !PERSON_NOUNS.contains(&s.lower)
                && !SERVICE_POINTERS.contains(&s.lower)
                && !NOT_NOUNS.contains(&s.lower)
        });
    }
    false
}

/// Whether word `i`, "lost", is a person's state: a person ("I", "we", "I'm") up to three
/// words before it in the sentence, and no object after it ("I'm so lost", "we got lost
/// again", "I'm lost, where is the station?"; not "I lost my card", "I've lost the
/// receipt", "we lost power again", where a determiner or a noun of a service follows).
fn is_person_lost(words: &[Word<'_>], i: usize) -> bool {
    let w = &words[i];
    let object = !w.ends_sentence
        && words.get(i + 1).is_some_and(|n| {
            DETERMINERS.contains(&n.lower)
                || matches!(
                    n.lower,
                    "it" | "this"
                        | "that"
                        | "all"
                        | "everything"
                        | "money"
                        | "track"
                        | "power"
                        | "internet"
                        | "signal"
                        | "connection"
                        | "service"
                        | "electricity"
                        | "water"
                        | "data"
                        | "access"
                        | "wifi"
                        | "coverage"
                )
        });
    !object
        && (1..=3)
            .map_while(|k| {
                i.checked_sub(k)
                    .map(|j| &words[j])
                    .filter(|p| !p.ends_sentence)
            })
            .any(|p| matches!(p.lower, "i" | "i'm" | "im" | "we" | "we're" | "am"))
}

/// Swear words that, said at the speaker's own slip, are self-directed: those of the
/// lexicon that `REACTIONS` ("damn", "dammit", "crap") does not already hold.
const SELF_SWEARS: &[&str] = &["shit"];

/// Whether the swear word or reaction `i` is said at the speaker's own slip: within the
/// next few words (across at most one sentence end: "Shit. I forgot") or the few before
/// it in its sentence, "I forgot / meant / mistyped / misspelled / typed", "my bad /
/// mistake / fault / typo", "my fat fingers" or "typo".
fn at_own_slip(words: &[Word<'_>], i: usize) -> bool {
    let slip = |k: usize| {
        let w = words[k].lower;
        let by_me = || (k.saturating_sub(2)..k).any(|j| matches!(words[j].lower, "i" | "i've"));
        match w {
            "typo" => true,
            "forgot" | "meant" | "mistyped" | "misspelled" | "misspelt" | "typed" => by_me(),
            "my" => words.get(k + 1).is_some_and(|n| {
                matches!(n.lower, "bad" | "mistake" | "fault" | "typo" | "fingers")
                    || (matches!(n.lower, "fat" | "clumsy" | "big")
                        && words
                            .get(k + 2)
                            .is_some_and(|f| f.lower.starts_with("finger")))
            }),
            _ => false,
        }
    };
    let mut ends = 0;
    for k in i + 1..words.len().min(i + 7) {
        if words[k - 1].ends_sentence {
            ends += 1;
            if ends > 1 {
                break;
            }
        }
        if slip(k) {
            return true;
        }
    }
    (i.saturating_sub(4)..i)
        .rev()
        .take_while(|&k| !words[k].ends_sentence)
        .any(slip)
}

/// Harms that, done by the speaker, are a confession, not a harm suffered: "I cheated on
/// that one" in a quiz (not "I feel cheated", "I was cheated", "they cheated me").
const OWN_DEEDS: &[&str] = &["cheated", "lied", "stole", "scammed", "robbed"];

/// Whether word `i`, one of `OWN_DEEDS`, is done by the speaker: "I" or "we" right before
/// it, or with one adverb between ("I totally cheated", "we kinda lied"), in the
/// same sentence.
fn is_own_deed(words: &[Word<'_>], i: usize) -> bool {
    let subject = |j: usize| {
        let p = &words[j];
        !p.ends_sentence && matches!(p.lower, "i" | "we")
    };
    let adverb = |j: usize| {
        let p = &words[j];
        !p.ends_sentence
            && (p.lower.ends_with("ly") || matches!(p.lower, "kinda" | "sorta" | "just"))
    };
    (i >= 1 && subject(i - 1)) || (i >= 2 && adverb(i - 1) && subject(i - 2))
}

/// Whether word `i`, a verdict, rates the speaker's own skill: "I" (or "I'm") up to three
/// words before it in the sentence, and "at" or "with" right after it ("I am terrible with
/// new technology", "I'm so bad at maps"; not "the service is terrible with me").
fn rates_a_skill(words: &[Word<'_>], i: usize) -> bool {
    let w = &words[i];
    let next = words
        .get(i + 1)
        .filter(|_| !w.ends_sentence)
        .is_some_and(|n| matches!(n.lower, "at" | "with"));
    next && (1..=3)
        .map_while(|k| {
            i.checked_sub(k)
                .map(|j| &words[j])
                .filter(|p| !p.ends_sentence)
        })
        .any(|p| matches!(p.lower, "i" | "i'm" | "im"))
}

/// Whether `word` (lower case) is a booster (`BOOSTERS`).
fn is_booster(word: &str) -> bool {
    BOOSTERS.iter().any(|(b, _)| *b == word)
}

/// The word the booster at `i` strengthens: the first word after it that is no booster,
/// in the same sentence and within the three words a booster reaches.
fn boosted<'w, 'a>(words: &'w [Word<'a>], i: usize) -> Option<&'w Word<'a>> {
    let mut j = i + 1;
    while j < words.len() && j <= i + 3 && !words[j - 1].ends_sentence {
        if !is_booster(words[j].lower) {
            return Some(&words[j]);
        }
        j += 1;
    }
    None
}

/// Whether word `i` is said of the speaker's own future: "I'll be super mad", "we will be
/// very upset", "im gonna be so angry", "I am going to be furious" (not "they are going to
/// be furious"). With no condition spelt out the condition is the demand before it ("Just
/// make sure they dont send me another pan! I'll be super mad."): a warning, not a feeling
/// yet (blind rounds 27 and 29).
fn is_future_feeling(words: &[Word<'_>], i: usize) -> bool {
    let within = |k: usize| !words[k].ends_sentence;
    let lower = |k: usize| words[k].lower;
    // Up to two boosters between "be" and the word ("be really, really angry").
    let mut k = i;
    while k > 0 && i - k < 2 && within(k - 1) && is_booster(lower(k - 1)) {
        k -= 1;
    }
    // `be` is the index of "be"; every word from the subject to it must be in the
    // sentence of word `i`.
    let Some(be) = k.checked_sub(1) else {
        return false;
    };
    if be < 1 || lower(be) != "be" || !within(be) || !within(be - 1) {
        return false;
    }
    let person = |j: usize| within(j) && matches!(lower(j), "i" | "we");
    // "i'm" / "we're", or "i am" / "we are", ending just before word `j`.
    let subject_be = |j: usize| {
        j >= 1
            && within(j - 1)
            && (matches!(lower(j - 1), "i'm" | "im" | "we're")
                || (j >= 2 && matches!(lower(j - 1), "am" | "are") && person(j - 2)))
    };
    let aux = be - 1;
    match lower(aux) {
        "i'll" | "ill" | "we'll" => true,
        "will" | "shall" => aux >= 1 && person(aux - 1),
        "gonna" => subject_be(aux) || (aux >= 1 && person(aux - 1)),
        "to" => aux >= 1 && lower(aux - 1) == "going" && within(aux - 1) && subject_be(aux - 1),
        _ => false,
    }
}

/// Whether word `i` lies in the consequence of a condition, said of the future: after
/// "otherwise" or "or else", or after "if"/"unless" with a future ("will", "'ll",
/// "gonna", "going to", "would", a declaration "consider me") or a progressive "I'm …ing"
/// between them, within the sentence: "otherwise i will be very angry", "if he doesnt
/// have it i'm blaming u guys", "if i dont hear back in 24 hrs, consider me a very angry
/// customer".
/// A present feeling with a condition stays one ("If this is how you treat customers
/// then I am furious!!").
fn is_conditional_future(words: &[Word<'_>], i: usize) -> bool {
    let mut condition = None;
    // Within the sentence, and at most SENTENCE_WORDS words back (a turn of megabytes
    // without a full stop made each feeling word read back to its start: quadratic).
    for k in (i.saturating_sub(SENTENCE_WORDS)..i).rev() {
        let p = &words[k];
        if p.ends_sentence {
            break;
        }
        match p.lower {
            "otherwise" => return true,
            "else" if k > 0 && words[k - 1].lower == "or" => return true,
            "if" | "unless" => {
                condition = Some(k);
                break;
            }
            _ => {}
        }
    }
    let Some(c) = condition else {
        return false;
    };
    // The condition's own verb says nothing of the consequence: in "If I'm being honest, I
    // am furious!!" the progressive straight after "if I'm" / "if I am" is the condition's
    // own, and the feeling is present. (A comma does not close the condition: "If it
    // doesn't arrive I'll be really, really angry" keeps its future.)
    let own_verb = |k: usize| {
        k == c + 2 || (k == c + 3 && words[c + 1].lower == "i" && words[c + 2].lower == "am")
    };
    let progressive = |k: usize| {
        words[k].lower.ends_with("ing")
            && k > 0
            && matches!(words[k - 1].lower, "i'm" | "im" | "am")
            && !own_verb(k)
    };
    // "if it is not 128GB i am returning the whole phone and giving you a bad review": a
    // progressive of the consequence is its future.
    progressive(i)
        || (c + 1..i).any(progressive)
        || words[c + 1..i].iter().enumerate().any(|(k, p)| {
            matches!(p.lower, "will" | "gonna" | "would" | "shall")
                // "if i dont hear back in 24 hrs, consider me a very angry customer"
                || (p.lower == "consider"
                    && words.get(c + 2 + k).is_some_and(|n| matches!(n.lower, "me" | "us")))
                || p.lower.ends_with("'ll")
                || matches!(p.lower, "ill" | "i'd")
                || (p.lower == "going" && words.get(c + 2 + k).is_some_and(|n| n.lower == "to"))
        })
}

/// Whether the text just before byte `pos`, within its sentence, states a condition or a
/// hypothesis: "if", "what if", "in case", "as long as", "unless", "whether", "suppose",
/// "would it be (a problem)", "will it be (okay)". A worry in such a clause ("As long as I
/// don't get in trouble for being late") asks a question the reply can answer by
/// resolving it ("You can be late!"). Reads only the bytes of the one sentence, with no
/// allocation.
pub(crate) fn is_hypothetical(text: &str, pos: usize) -> bool {
    let pos = pos.min(text.len());
    let b = text.as_bytes();
    let start = (0..pos)
        .rev()
        .find(|&k| b[k] == b'\n' || (matches!(b[k], b'.' | b'!' | b'?') && k + 1 < pos))
        .map_or(0, |k| k + 1);
    let mut prev: [&str; 2] = ["", ""];
    for word in text[start..pos]
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
    {
        let is = |s: &str| word.eq_ignore_ascii_case(s);
        let after =
            |a: &str, b2: &str| prev[0].eq_ignore_ascii_case(a) && prev[1].eq_ignore_ascii_case(b2);
        if is("if")
            || is("unless")
            || is("whether")
            || is("suppose")
            || is("supposing")
            || (is("case") && prev[1].eq_ignore_ascii_case("in"))
            || (is("as") && after("as", "long"))
            || (is("be") && (after("would", "it") || after("will", "it")))
        {
            return true;
        }
        prev = [prev[1], word];
    }
    false
}

/// Discourse words read past at the start of a question: "so", "and", "but", "ok", "well"
/// ("i mean" too).
const QUESTION_OPENERS: &[&str] = &[
    "so", "and", "but", "ok", "okay", "also", "then", "well", "or", "like", "hmm", "um",
];

/// Whether byte `pos` of `text` sits in a question about an outcome: a sentence ending in
/// "?" that opens with "will", "when", "how long", "can", "do", "does", "is", "am" ("will I
/// get my money back? and when???"). A worry asked this way is answered by the outcome
/// itself ("the funds are being returned … 3-5 business days"): blind round 13 judged
/// such a reply no miss. Reads only the one sentence, with no allocation.
pub(crate) fn is_outcome_question(text: &str, pos: usize) -> bool {
    let pos = pos.min(text.len());
    let b = text.as_bytes();
    let start = (0..pos)
        .rev()
        .find(|&k| matches!(b[k], b'\n' | b'.' | b'!' | b'?'))
        .map_or(0, |k| k + 1);
    let Some(end) = (pos..b.len()).find(|&k| matches!(b[k], b'\n' | b'.' | b'!' | b'?')) else {
        return false;
    };
    if b[end] != b'?' {
        return false;
    }
    // Words that open a question without asking ("i mean will i get my money back?", "so
    // when will it come?", "ok but can you replace it?") are read past.
    let mut words = text[start..end]
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .peekable();
    let mut first = "";
    while let Some(w) = words.next() {
        let is = |s: &str| w.eq_ignore_ascii_case(s);
        if is("i") && words.peek().is_some_and(|n| n.eq_ignore_ascii_case("mean")) {
            words.next();
            continue;
        }
        if QUESTION_OPENERS.iter().any(|o| is(o)) {
            continue;
        }
        first = w;
        break;
    }
    [
        "will", "when", "how", "can", "do", "does", "is", "am", "would", "are",
    ]
    .iter()
    .any(|q| first.eq_ignore_ascii_case(q))
}

/// Words of a resigned acceptance ("ugh... fine", "ok fine", "Fine."): a sentence made only
/// of these, with one of `ACCEPTANCE`, accepts what the agent said.
const RESIGNED: &[&str] = &[
    "ugh", "sigh", "meh", "argh", "ok", "okay", "fine", "alright", "whatever", "well", "then",
    "oh", "ah", "so", "yes", "yeah", "but", "i", "guess", "suppose", "hmm", "ohh",
];

/// Swear words: anger at the service said in profanity ("where the hell is my parcel",
/// "where is the damn package", "how could u guys screw this up"). The swearing of
/// `STANDALONE` and more ("hell", "screw", the f-word), without its chat abbreviations
/// that are no swearing ("smh", "ugh", "grr").
const SWEAR_WORDS: &[&str] = &[
    "wtf", "ffs", "wtaf", "omfg", "fu", "bs", "crap", "crappy", "shit", "shitty", "damn", "dammit",
    "bloody", "hell", "screw", "screwed", "fuck", "fucking", "fucked", "freaking", "frickin",
    "fricking", "pissed",
];

/// Whether the turn swears (`SWEAR_WORDS`, whole words, any case). Swearing is no feeling
/// named in words (`Distress::named`: "damn" reacts, "hell" describes as often as it
/// complains), but after an acknowledgement of the issue it is anger that has grown: blind
/// judges called a reply that met it with process alone wrong (round 85), where they did
/// not for the problem pressed again ("24 hours?! seriously?").
pub(crate) fn swears(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| SWEAR_WORDS.iter().any(|s| s.eq_ignore_ascii_case(w)))
}

/// The peak below which a resigned turn's feeling is mild: an interjection ("ugh" 1.8),
/// not "fed up" (2.6) (blind round 10: "fine … im fed up with all this" was judged a
/// real miss, "ugh... fine" not).
pub(crate) const MILD_PEAK: f32 = 2.0;

/// "ok" alone is no acceptance: it as often acknowledges a request ("ok, its 1234").
const ACCEPTANCE: &[&str] = &["fine", "alright", "whatever"];

/// Whether the turn accepts what the agent said, resigned: a sentence (or a clause before
/// a comma) of acceptance words only, "ugh... fine", "ok fine", "Fine.", "whatever".
/// The frustration around it is the same one the agent already answered, not a new one
/// (blind round 10: "ugh... fine" after "We understand your urgency").
pub(crate) fn is_resignation(text: &str) -> bool {
    // A clause that asks ("make sure it arrives, ok?") is a tag question, not acceptance.
    text.split_inclusive(['.', '!', '?', ',', ';', '…', '\n'])
        .filter(|clause| !clause.ends_with('?'))
        .any(|clause| {
            let mut words = clause
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .peekable();
            words.peek().is_some() && {
                let mut accepts = false;
                let only = words.all(|w| {
                    accepts |= ACCEPTANCE.iter().any(|a| w.eq_ignore_ascii_case(a));
                    RESIGNED.iter().any(|r| w.eq_ignore_ascii_case(r))
                });
                only && accepts
            }
        })
}

/// Whether the turn laughs or winks (banter): a laughing word, "just kidding", or a
/// laughing emoji or emoticon.
fn laughs(words: &[Word<'_>], folded: &str, text: &str) -> bool {
    words.iter().any(|w| LAUGHTER_WORDS.contains(&w.lower))
        || LAUGHTER_PHRASES.iter().any(|p| folded.contains(p))
        || LAUGHTER_MARKS.iter().any(|m| text.contains(m))
}

/// The extra weight of `!` and repeated `?` (VADER: 0.292 per `!` up to four, 0.18 per
/// `?` from two on, up to 0.96).
fn emphasis(text: &str) -> f32 {
    let b = text.as_bytes();
    let bangs = memchr::memchr_iter(b'!', b).count().min(4) as f32 * EXCLAMATION;
    let questions = memchr::memchr_iter(b'?', b).count();
    let asks = if questions > 1 {
        (questions as f32 * QUESTION).min(0.96)
    } else {
        0.0
    };
    bangs + asks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swearing_at_ones_own_slip_and_idioms_of_cost_are_no_distress() {
        for text in [
            "Shit I forgot that too. It's a hotel.",
            "damn my fat fingers, I meant 8 pm",
            "Crap. I typed the wrong date, it is the 12th.",
            "Rent it and let me know the damage.",
            "The pressure cooker I ordered has not arrived yet, I need it today.",
        ] {
            let d = distress(text);
            assert!(d.score < 0.45 || !d.felt, "{text}: {d:?}");
        }
        // swearing at the service is still distress
        assert!(distress("Shit, you sent the wrong item again!").score >= 0.45);
    }

    #[test]
    fn threats_of_law_and_complaint_words_voice_distress() {
        for text in [
            "Ok I have reported you. See you in court computer.",
            "This feels like age discrimination. Is it because I am 93?",
            "Goodbye, you scammers!",
            "I think someone stole my money!",
        ] {
            let d = distress(text);
            assert!(d.score >= 0.45 && d.felt, "{text}: {d:?}");
        }
        // a word of the lexicon that names no feeling stays contextual
        assert!(distress("Please take out the trash on Monday.").score < 0.45);
    }

    /// A word that counts on its own must have a valence to count with: eleven such words
    /// once sat in `STANDALONE` without one and never scored ("I think someone stole my
    /// money!" read as calm). "afraid" is left without: "I'm afraid I have to cancel" is
    /// politeness far more often than fear.
    #[test]
    fn every_standalone_word_has_a_valence() {
        let missing: Vec<&str> = STANDALONE
            .iter()
            .copied()
            .filter(|w| *w != "afraid" && lexicon().get(w).is_none_or(|e| e.valence >= 0.0))
            .collect();
        assert!(
            missing.is_empty(),
            "standalone words without a valence: {missing:?}"
        );
    }

    /// The binary search over the phrase spans answers as a scan of them would.
    #[test]
    fn covered_spans_by_binary_search() {
        let covered = [(0, 5), (7, 12), (20, 25)];
        for start in 0..30 {
            for end in start..31 {
                let scan = covered.iter().any(|&(s, e)| s <= start && end <= e);
                assert_eq!(in_covered(&covered, start, end), scan, "{start}..{end}");
            }
        }
    }

    fn score(t: &str) -> f32 {
        distress(t).score
    }

    /// A text and its words: lower case, as written, and whether a sentence ends after it.
    type Case = (&'static str, &'static [(&'static str, &'static str, bool)]);

    #[test]
    fn words_are_trimmed_of_apostrophes_and_know_where_sentences_end() {
        let cases: [Case; 3] = [
            (
                "'Quoted' don't ''' it's \"over\"). Next 'é' l'été!",
                &[
                    ("quoted", "Quoted", false),
                    ("don't", "don't", false),
                    ("it's", "it's", false),
                    ("over", "over", true),
                    ("next", "Next", false),
                    ("é", "é", false),
                    ("l'été", "l'été", true),
                ],
            ),
            ("ok ' ) . no", &[("ok", "ok", true), ("no", "no", false)]),
            // curly apostrophes fold to ASCII ones: offsets map back to the original
            (
                "\u{2018}Quoted\u{2019} don\u{2019}t.",
                &[("quoted", "Quoted", false), ("don't", "don\u{2019}t", true)],
            ),
        ];
        for (text, want) in cases {
            let mut folded = crate::text::Folded::default();
            folded.fold(text);
            let got: Vec<(&str, &str, bool)> = words(text, &folded)
                .iter()
                .map(|w| (w.lower, w.raw, w.ends_sentence))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn a_booster_only_strengthens_the_next_word() {
        // "super" (+2.9 in VADER) before "stressful" is no praise offsetting the stress
        assert!(score("call me every few hours. this is super stressful") >= 0.45);
        assert!(
            score("this is super stressful") >= score("this is stressful"),
            "a booster weakened the word it boosts"
        );
        // where it boosts nothing it is still praise
        assert!(score("this is stressful. Super.") < score("this is stressful"));
        // the word boosted is the first that is no booster, whatever their order
        let (a, b) = (
            score("i am truly deeply disappointed"),
            score("i am deeply truly disappointed"),
        );
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
    }

    #[test]
    fn a_feeling_said_of_the_future_is_no_feeling_yet() {
        // the condition left unsaid (more, with conditions, in the test below)
        assert_eq!(
            score("Just make sure they dont send me another pan! I'll be super mad."),
            0.0
        );
        assert_eq!(score("I'm going to be furious."), 0.0);
        assert_eq!(score("I am gonna be so angry"), 0.0);
        // a present feeling stays one, and so does someone else's future one
        assert!(score("The pan is broken again! I am super mad.") >= 0.45);
        assert!(score("The pan is broken again, they are going to be furious") >= 0.45);
        // a problem ahead is one already
        assert!(score("I'm going to be late for my interview!") > 0.0);
    }

    #[test]
    fn every_contextual_phrase_has_a_valence() {
        for phrase in CONTEXTUAL_PHRASES.iter().chain(EMBARRASSMENT) {
            assert!(
                PHRASES.iter().any(|(p, v)| p == phrase && *v < 0.0),
                "{phrase} is contextual but not a negative phrase of PHRASES"
            );
        }
    }

    #[test]
    fn a_plea_with_a_problem_named_is_distress() {
        assert!(score("Someone transferred $500 from my account! Please help!") >= 0.45);
        assert!(score("I just saw an unknown transfer from my account! Help me!!") >= 0.45);
        // an eager request names no problem
        assert_eq!(score("Hi! Can you help me! I want to book a table."), 0.0);
        assert_eq!(score("Why do I have to enter my zip code?"), 0.0);
    }

    #[test]
    fn distress_is_told_from_routine() {
        for upset in [
            "This is the third time I'm writing about my refund!!",
            "I am so frustrated, the parcel never arrived",
            "WHY IS THIS STILL NOT FIXED",
            "now its GONE? Wth?",
            "dude, seriously? I said that already",
            "Fml",
            "Great, another week of waiting. Thanks for nothing.",
            "I'm really worried, my card was charged twice and it looks like fraud",
            "whats taking so long?!",
            "Im fed up. 😡",
            "Great, another week of waiting. Thanks a lot.",
            "ru kidding me? thats like triple what i paid! is there no middle ground?",
            "Well no need to be rude!",
            // contextual words where a problem is named
            "You lost my parcel again, help!",
            "My wife will kill me if she doesnt get her gift",
            "My bipolar disorder is really getting bad.",
            "i just lost my debt card and someone withdrew 300$",
            "That so pisses me off!",
        ] {
            assert!(score(upset) >= 0.4, "{upset}: {}", score(upset));
        }
        for calm in [
            "Hi, I'd like to change my delivery address please.",
            "Thanks so much, that's great!",
            "I'm concerned about safe food practices, can you list the ingredients?",
            "I'm not upset, just curious when it ships.",
            "Can you help me with my order? Thanks",
            "Can you help me wth my order please",
            "I want to go with the blue one",
            "I got the wrong size.",
            "Nothing. I am thankful for the help you provided to me.",
            "no have a nice day",
            "Ah great, i was so scared i almost took it three times,thanks",
            // gratitude, eagerness, self-blame, a genre, a taste, an alarm app
            "Thanks so much for your help!",
            "Can't wait, I love the North Heights venue",
            "Oh how rude of me, I'm Mark. Do you have a name?",
            "I want to find a horror movie to watch in San Jose.",
            "I'd like to watch something violent.",
            "No more alarms.",
            // banter, enthusiasm, titles, hunger, gratitude
            "Someone stole 99 cents from me, call the police haha",
            "hell yea",
            "Mad Max: Fury Road is good.",
            "I've heard it's to die for.",
            "Hey it's your boy Mark here I need to find somewhere to eat I'm starving!",
            "Thanks so much, I almost feel bad about the small tip.",
            // banter, self-mockery and off-topic remarks name no problem
            "I am so bad with east and west.  Can you give me more details?",
            "I keep going back and forth. Ben is evil, and so are his friends.",
            "Oh no. Well that was kind of quick. I still need to kill some time.",
            "Hey, can you help this poor lost soul find his way to Forbes and Murray?",
            "I need to check my bank balance! I'm waiting on some unemployment money.",
            "Oh gross, snow. Okay, let's continue with booking the venue",
            "I can see the future, you are in trouble!",
            "I can't believe I got so lost and was actually this close!",
            "Order ID 703. Paid for return, I think there was some mistake. Check ASAP.",
            // a degree, not a feeling (blind round 10)
            "I eat an awful lot of volume so I need the bigger plan.",
        ] {
            assert!(score(calm) < 0.4, "{calm}: {}", score(calm));
        }
    }

    #[test]
    fn contextual_words_wait_for_a_problem() {
        // Alone, "idiot" names no problem; after a turn that did, it counts.
        let d = distress("plz be quick. It was a gift. Now I look like an idiot!");
        assert!(!d.complaint);
        assert!(d.score < 0.4, "{}", d.score);
        assert!(d.in_context.0 >= 0.45, "{}", d.in_context.0);
        assert!(distress("Order 1234 was automatically canceled. Whyy?").complaint);
        assert!(!distress("To my hot date. It's at Broadway and Main.").complaint);
        // A word in capitals counts on its own only in a turn that exclaims.
        assert!(score("Oh no, I'm acting captain now. That must mean..... POOR SITH!") >= 0.45);
    }

    #[test]
    fn a_things_state_counts_half_when_it_is_all_the_turn_says() {
        // blind round 10: "broken" describes the item
        let calm = score("and what do i do with the broken one?");
        assert!(calm < 0.3, "{calm}");
        assert!(score("The coffee maker is broken.") < 0.3);
        // next to a feeling, another cue, or exclaimed, it counts in full
        assert!(score("My phone arrived with a broken screen and I'm so upset!!") >= 0.45);
        assert!(score("The parcel was lost and the box arrived broken.") >= 0.45);
        assert!(score("My card payment is failing EVERYTIME!!!!") >= 0.45);
        // a person's state is no thing's: "I was lost" is not halved
        assert!(!describes_object(&words_of("I was lost"), 2));
        assert!(describes_object(&words_of("the broken one"), 1));
        assert!(describes_object(&words_of("the screen is broken"), 3));
    }

    fn words_of(t: &'static str) -> Vec<Word<'static>> {
        let folded: &'static mut crate::text::Folded = Box::leak(Box::default());
        folded.fold(t);
        words(t, folded)
    }

    #[test]
    fn boredom_and_intensifying_swear_words_are_mild() {
        // blind round 10: "I am so damn bored?" is boredom, not distress
        assert!(score("I am so damn bored?") < 0.3);
        // before a problem word, or alone, the swear word still counts
        assert!(score("no, just solve this damn problem!") >= 0.45);
        assert!(
            distress("damn it, the parcel is late again").score > score("the parcel is late again")
        );
    }

    #[test]
    fn conditions_and_hypotheses_are_recognised() {
        let t = "As long as I'm not going to get in trouble for being late. Yes.";
        assert!(is_hypothetical(t, t.find("trouble").unwrap()));
        let t = "what if it STILL arrives damaged?";
        assert!(is_hypothetical(t, t.find("damaged").unwrap()));
        let t = "Would it be a problem if I'm late?";
        assert!(is_hypothetical(t, t.find("problem").unwrap()));
        let t = "In case it gets lost, what then?";
        assert!(is_hypothetical(t, t.find("lost").unwrap()));
        // a condition in another sentence does not reach the cue
        let t = "If you can. I am furious!";
        assert!(!is_hypothetical(t, t.find("furious").unwrap()));
        let t = "I am furious, this is the third time";
        assert!(!is_hypothetical(t, t.find("furious").unwrap()));
    }

    #[test]
    fn the_peak_is_the_strongest_cue() {
        assert!(distress("ugh... fine. keep me updated").peak < MILD_PEAK);
        assert!(distress("fine. give the refund then! im fed up with all this.").peak >= MILD_PEAK);
        assert!(distress("Fine. ill wait till 6.").peak < MILD_PEAK);
    }

    #[test]
    fn resigned_acceptance_is_recognised() {
        assert!(is_resignation(
            "so basically, i'm stuck waiting? ugh... fine. but keep me updated okay?"
        ));
        assert!(is_resignation("Ok fine, thanks. Pls hurry."));
        assert!(is_resignation("Fine. ill wait till 6."));
        // a tag question is no acceptance, nor is "fine" inside a sentence
        assert!(!is_resignation(
            "just send the damn book. and make sure it arrives, ok?"
        ));
        assert!(!is_resignation(
            "The box looked fine but the screen is shattered!"
        ));
        assert!(!is_resignation(
            "This is a nightmare, I'm never ordering again"
        ));
        assert!(!is_resignation(
            "ok, its 1234. make SURE it goes there. or i will complain to consumer court."
        ));
    }

    #[test]
    fn reactions_name_no_problem() {
        // A reaction alone names no problem: the conversation decides whether it counts.
        let d = distress("Ugh, that's awful. And on Monday?");
        assert!(d.score >= 0.45, "{}", d.score);
        assert!(!d.problem);
        // With an anchor, a feeling, or worked-up punctuation, it does.
        assert!(distress("Ugh, the kettle is broken again.").problem);
        assert!(distress("Ugh, I'm so annoyed.").problem);
        assert!(distress("the 18th?!? That's three more days!! Ugh.").problem);
        assert!(distress("Hi, ugh someone moved 200 out of my account, help").problem);
        assert!(distress("You are the worst! Three days to get my internet back.").problem);
        assert!(distress("Bad headaches for days, I nearly passed out. It was awful.").problem);
    }

    #[test]
    fn a_verdict_on_ones_own_skill_is_no_distress() {
        assert_eq!(score("Oops, I am terrible with new technology."), 0.0);
        assert_eq!(score("I'm so bad at maps, sorry"), 0.0);
        // praise of one's skill, negated, is no disappointment (blind round 72)
        let d = distress("I am just getting all these wrong..I am not good at trivia");
        assert!(d.score < 0.45 && !d.voiced && !d.felt, "{d:?}");
        // and unnegated it stays cheer: "Jeopardy" does not turn it into distress
        assert!(score("I really feel like I can win Jeopardy. I am really good at trivia!") < 0.45);
        // "not good enough" judges the service
        assert!(distress("Sorry, but that is not good enough.").voiced);
        // a feeling keeps its target, and a verdict on the service stays one
        assert!(score("I'm so frustrated with this service!") >= 0.45);
        assert!(score("Your app is terrible with payments, it failed twice") >= 0.45);
    }

    #[test]
    fn a_thing_lying_around_is_no_lie() {
        assert_eq!(
            score("do i hv to pack it? i dont have any boxes lying around."),
            0.0
        );
        assert_eq!(score("I was lying down when the courier called."), 0.0);
        // a wish negated is a preference, not a feeling voiced; distrust is one
        assert!(!distress("i dont want it lying around in my house").voiced);
        assert!(distress("I dont trust u guys anymore").voiced);
        // a lie is still a judgement of the service
        assert!(distress("You are lying to me, the parcel never came!").voiced);
    }

    #[test]
    fn capitals_that_thank_are_delight_not_shouting() {
        assert_eq!(score("THANK YOU SO MUCH!!! YOU ARE THE BEST!!!"), 0.0);
        assert_eq!(score("THANKS!!! YOU GUYS ARE AMAZING"), 0.0);
        // a question in capitals, or a negative word, still shouts
        assert!(distress("WHERE IS MY ORDER??? THANKS").voiced);
        assert!(score("THIS IS RIDICULOUS, THANKS FOR NOTHING") > 0.0);
    }

    #[test]
    fn war_names_a_game_or_a_film() {
        assert_eq!(
            score("please fix gears of war 2, the online matches are broken"),
            score("please fix gears 2, the online matches are broken")
        );
        assert_eq!(score("Can you find me a war movie for tonight?"), 0.0);
    }

    #[test]
    fn consider_me_angry_under_a_condition_is_a_warning() {
        assert_eq!(
            score("tracking id dedo. and if i dont hear back in 24 hrs, consider me a very angry customer."),
            0.0
        );
        assert!(score("Consider me a very angry customer. This is the third delay!") >= 0.45);
    }

    #[test]
    fn a_harm_the_speaker_did_is_a_confession() {
        assert_eq!(
            score("I'll admit I cheated on that one. I asked my roommate."),
            0.0
        );
        assert_eq!(score("I cheated with Google on that one."), 0.0);
        assert_eq!(score("ok I totally lied, it was me"), 0.0);
        // a harm suffered stays one
        assert!(score("I feel cheated by your company!") >= 0.45);
        assert!(score("I was cheated and robbed by your seller!") >= 0.45);
        assert!(score("They cheated me. I want my money back!") >= 0.45);
    }

    #[test]
    fn a_feeling_promised_on_a_condition_is_not_present() {
        for later in [
            "Send the blue one. Otherwise I will be very angry.",
            "but if it doesnt come tomorrow im gonna be so mad",
            "if it's not there by noon I'm blaming your company!!",
            "ok, or else I'll be furious",
            "send the right one this time, we will be very upset otherwise",
            "im gonna be so angry",
        ] {
            assert_eq!(score(later), 0.0, "{later}");
        }
        // a present feeling next to a condition is one
        assert!(score("If this is how you treat customers then I am furious!!") >= 0.45);
        assert!(score("I am furious, and if it happens again I'll leave") >= 0.45);
    }

    #[test]
    fn chat_negations_reverse_the_next_words() {
        let d = distress("I dnt wanna waste more money on postage");
        assert_eq!(d.in_context.0, 0.0);
        assert!(distress("I wanna waste more money on postage").in_context.0 > 0.0);
        // a negated positive is voiced distress
        assert!(distress("I dnt trust your shop anymore").voiced);
    }

    #[test]
    fn any_contextual_word_can_describe_a_thing() {
        // "stupid" as an attribute of "box" describes the box; "the hell am" is no attribute
        assert!(is_attribute(&words_of("the stupid box"), 1));
        assert!(!is_attribute(&words_of("why the hell am i paying"), 2));
        assert!(score("yeah, the parcel was charged twice. so why the hell am i paying?") >= 0.45);
        let d = distress("Yes I kept the stupid box. Took it out and saw it was fake.");
        assert!(!d.voiced);
        assert!(d.peak < 2.0, "{}", d.peak);
        // losing one's patience is a feeling, voiced
        let d = distress("hurry up, I'm losing my patience.");
        assert!(d.voiced && d.score >= 0.45, "{}", d.score);
    }

    #[test]
    fn a_frustration_with_the_world_is_no_distress() {
        assert_eq!(score("I am so sick of this coronavirus business."), 0.0);
        assert_eq!(score("You can't trust anybody these days."), 0.0);
        // the service or a problem named in the sentence keeps it
        assert!(score("I am so sick of your service these days!") > 0.45);
        assert!(score("I am scared because so many online frauds happen these days.") > 0.3);
    }

    #[test]
    fn urgency_is_no_shouting() {
        // "ASAP" in capitals is its spelling: no stress, no feeling voiced
        let d = distress("Fine. Just make sure it happens quick ok? I need that money back ASAP.");
        assert!(d.score < 0.45 && !d.felt, "{d:?}");
    }

    #[test]
    fn a_question_about_an_outcome_is_recognised() {
        let t = "reversal? will I get my money back? and when???";
        assert!(is_outcome_question(t, t.find("money").unwrap_or(0)));
        assert!(!is_outcome_question("I want my money back.", 10));
        assert!(!is_outcome_question("my money back is late?", 3));
        // words that open a question without asking are read past
        for t in [
            "pending? so when will i get my money back?",
            "i mean will i get my money back?",
        ] {
            assert!(is_outcome_question(t, t.find("money").unwrap_or(0)), "{t}");
        }
        assert!(!is_outcome_question("so my money back is late?", 7));
        // problem words name no feeling; a feeling word does
        assert!(!distress(t).felt);
        assert!(distress("I'm so worried. Will I get my money back?").felt);
    }

    #[test]
    fn the_cue_is_the_strongest_word() {
        let t = "The box was damaged and I'm furious";
        let d = distress(t);
        let (s, e) = d.cue.unwrap();
        assert_eq!(&t[s..e], "furious");
    }

    #[test]
    fn a_persons_whereabouts_are_no_distress() {
        // blind rounds 10 and 14: "I'm lost" to a directions service
        for literal in [
            "I took the wrong bus and now I'm lost",
            "I'm lost again!!! Help me please!",
            "Hi, I got lost in the city. Can you help?",
            "Quiz me. OK, I've had enough for today.",
        ] {
            assert!(score(literal) < 0.45, "{literal}: {}", score(literal));
        }
        // a loss, or a feeling next to being lost, still counts
        assert!(score("i just lost my debt card and someone withdrew 300$") >= 0.4);
        assert!(score("I'm lost and so scared, it's dark!") >= 0.45);
        assert!(!is_person_lost(&words_of("I lost my wallet"), 1));
        assert!(is_person_lost(&words_of("I am so lost"), 3));
        assert!(is_person_lost(&words_of("we got lost again"), 2));
        assert!(is_person_lost(&words_of("I'm lost"), 1));
        // a verb with an object, not whereabouts (review of the empathy15 change)
        assert!(!is_person_lost(&words_of("We lost power again"), 1));
        assert!(!is_person_lost(&words_of("we lost internet for days"), 1));
        assert!(is_person_lost(
            &words_of("i'm suer lost in the middle of the city"),
            2
        ));
        assert!(is_person_lost(
            &words_of("I'm totally lost, what do I do?"),
            2
        ));
        assert!(is_person_lost(
            &words_of("I got lost going to the hotel"),
            2
        ));
    }

    #[test]
    fn a_verdict_on_a_thing_describes_it() {
        // blind round 14: "useless" about an item, "dead" about a power bank
        assert!(describes_thing(&words_of("get that useless thing out"), 2));
        assert!(describes_thing(&words_of("the power bank was dead"), 4));
        // a thing with its determiner dropped, at a sentence's start
        assert!(describes_thing(
            &words_of("Got it yesterday. Battery is dead!"),
            5
        ));
        let d = distress("ok. and what do i do with that useless thing?");
        assert!(!d.felt && d.score < 0.45, "{d:?}");
        // the service, the situation and a person are no things
        assert!(!describes_thing(&words_of("your useless service"), 1));
        assert!(!describes_thing(&words_of("this useless app"), 1));
        assert!(!describes_thing(&words_of("this is useless"), 2));
        assert!(!describes_thing(&words_of("our captain is dead"), 3));
        assert!(!describes_thing(&words_of("Luke Skywalker is dead"), 3));
        assert!(score("Your service is useless!") >= 0.45);
    }

    #[test]
    fn what_a_turn_names_is_told_apart() {
        // only the problem, pressed: no word of feeling
        let d = distress("tomorrow?!? thats too late! can it come today?");
        assert!(d.only_problem && !d.named && !d.calm, "{d:?}");
        let d = distress("plz be quick. It was a gift. Now I look like an idiot!");
        assert!(!d.only_problem, "{d:?}");
        // a report of damage names no feeling in words
        assert!(!distress("Order 505. Missing parts from the product, half the pieces gone!").felt);
        // a resigned interjection names no feeling; "fed up" does
        assert!(!distress("5 days?!? Seriously? Fine. ugh.").named);
        assert!(distress("fine. im fed up with all this.").named);
        // a harm named as a matter, calmly
        let d = distress("Thanks. Let me know about that fraud report.");
        assert!(d.calm && d.matter_only, "{d:?}");
        assert!(!distress("I'm so worried about the fraud.").matter_only);
        assert!(is_matter("fraud") && !is_matter("worried"));
        // a phrase of valence 0 names nothing
        assert!(!distress("oh, my bad, no worries").felt);
    }

    #[test]
    fn sarcasm_needs_a_problem() {
        assert_eq!(score("Oh great, more than I thought!"), 0.0);
        assert!(score("Oh great, the parcel is late again.") >= 0.45);
    }

    #[test]
    fn a_progressive_consequence_is_a_future() {
        let t =
            "Fine. But if it is not 128GB i am returning the phone and giving you a bad review.";
        assert_eq!(score(t), 0.0, "{t}");
    }

    #[test]
    fn a_comma_in_the_consequence_keeps_its_future() {
        // review of this session's change: a comma inside the consequence must not cancel
        // the condition
        let t = "If it doesn't arrive tomorrow I'll be really, really angry!";
        assert_eq!(score(t), 0.0, "{t}");
    }

    #[test]
    fn the_conditions_own_progressive_is_no_future() {
        // review of the empathy15 change: the condition's own verb made a present
        // feeling look like one promised for later
        for t in [
            "If I'm being honest, I am furious!!",
            "If I am being honest I am furious!!",
        ] {
            assert!(score(t) >= 0.45, "{t}: {}", score(t));
        }
    }
}
