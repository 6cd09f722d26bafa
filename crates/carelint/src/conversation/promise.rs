//! What a promise promises: its **scope**, and whether that is the agent's (the company's)
//! own action or an outcome that depends on others, for the `unless-own-action` modifier
//! (drop a promise of the agent's own action) and the `only-outcome` modifier (keep only a
//! promise of an outcome: [`is_outcome`]).
//!
//! The over-promising guideline is about outcomes the agent cannot control (a courier's
//! delivery date, a bank's credit, "never again"). Blind judges (rounds 11 and 12) did not
//! count a guarantee, a promise or "you have my word" that backs the agent's own next step:
//! "we promise to provide you with an update within 24 hours", "What I can guarantee is I
//! will follow the progress", "… will ensure it is sent promptly. You have my word.", "a
//! promotional credit, which will be reflected immediately" (a credit the agent applied).
//!
//! **Scope.** When the match ends with the word of promise (`guarantee`, `promise`, `my
//! word`, `assure`, `definitely`…), the scope is what follows it in the sentence (its
//! object: "guarantee *delivery by Friday*", "promise *to send an update*", "guarantee
//! *that the replacement will be the correct size*"); conditions and time clauses are left
//! out ("if the package is not recovered", "until it is delivered", "regardless of whether
//! you reject the delivery": what is promised is the main clause). A promise with no object ("You have my word, sir.", "I promise.") or whose
//! object is a report of something already done ("I promise, I have made a note…") promises
//! what the next sentence says, and "You have my word **on that**", or a bare promise that
//! ends the turn, what the sentence before it says. Any other match (an instant result, a
//! guarantee in the passive) is read with its whole sentence.
//!
//! **Classes.** The scope is an *outcome* when it names one that depends on others:
//! arriving, delivery, being received (an item, or money by a date), a condition or
//! correctness on arrival, being resolved or fixed, never happening again, money reflected
//! in a bank or card. It is the agent's *own action* when it holds none of those and names
//! the agent's own step: `I`/`we` (or `to`, right after the promise) with a verb of the
//! agent's own work (send, e-mail, call, update, follow, monitor, keep you informed,
//! process, issue, apply, add, note, escalate, package, inspect…); a passive of that work
//! ("a refund is processed", "it is sent", "will be thoroughly inspected"); the customer
//! receiving the agent's own message or remedy (a call, an update, an e-mail; a refund with
//! no date); or something for the company itself ("this will help us"). Anything else is
//! *unknown*, and the finding stays.
//!
//! Hand-written over a few closed word lists: what is needed is a clause's main verb and
//! object among a small vocabulary, not a full parse, and it runs only for the few matches
//! of the rules that use it.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::Sentences;

/// What a scope promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// An outcome that depends on others.
    Outcome,
    /// The agent's (the company's) own action.
    Own,
    /// Neither could be told.
    Unknown,
}

/// Compiles a scope regex. The patterns spell a word character `(?-u:\w)` (ASCII): they
/// read English words, and each Unicode `\w` under `(?i)` compiles the whole Unicode word
/// class again, which made the first use of these regexes cost ~50 ms instead of ~27.
/// A pattern only asked whether it matches is a [`Marker`]: its automata are built when
/// first searched, and only the forward DFA on ASCII text (see
/// [`crate::rules::matcher::Regex`]); one whose matches or groups are read is a [`Regex`].
fn re<R: Scope>(pattern: &str) -> R {
    R::compile(pattern)
}

/// A regex the scope patterns compile to.
trait Scope {
    fn compile(pattern: &str) -> Self;
}

impl Scope for Regex {
    fn compile(pattern: &str) -> Regex {
        Regex::new(pattern).expect("valid promise-scope regex")
    }
}

/// A scope pattern only asked whether it matches.
type Marker = crate::rules::matcher::Regex;

impl Scope for Marker {
    fn compile(pattern: &str) -> Marker {
        crate::rules::matcher::parse_regex(pattern, true).expect("valid promise-scope regex")
    }
}

/// A match that ends with its word of promise.
static TRIGGER_END: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)(?:guarantee|promise|word|swear|assure(?:\s+you)?|assured|ensure|make\s+sure|see\s+to\s+it|definitely|surely|certainly|absolutely|sure|certain)\s*$",
    )
});

/// A counterfactual before the promise: "I truly wish I could guarantee".
static WISH: LazyLock<Marker> =
    LazyLock::new(|| re(r"(?i)\b(?:wish|if\s+only)\s+(?:that\s+)?(?:(?:I|we)\s+)?$"));

/// A purpose before the promise: "so that", "in order to". A bare "so" is a purpose only
/// when the match opens with what the agent can do ("so we can ensure"); otherwise it
/// gives a result ("I have escalated it, so it will definitely arrive tomorrow").
static PURPOSE_BEFORE: LazyLock<Marker> =
    LazyLock::new(|| re(r"(?i)\b(?:so\s+that|in\s+order(?:\s+to)?)\s*$"));

/// A fallback named after the promise in its sentence: "I will ensure it is delivered by 7
/// PM or process the cancellation", "either deliver today or refund you", "ensure it is
/// delivered tomorrow or escalate it to my manager", "otherwise I will refund you" — a verb
/// of remedy after "or", "otherwise", "if not" (not the noun in "without delay or
/// cancellation"). The agent says what happens if the outcome fails, which is the honest
/// form of the commitment (blind round 15: such findings were judged debatable or wrong).
static FALLBACK: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:or(?:\s+else)?|otherwise|if\s+not|failing\s+that),?\s+(?:(?:I|we)(?:['’]ll|\s+will|\s+can|\s+would)\s+)?(?:(?:refund|cancel|escalate|reschedule|compensate|reimburse|replace)\b|(?:process|issue|offer|arrange|give\s+you|send\s+you)\s+(?:a\s+|an\s+|the\s+|your\s+)?(?:full\s+|free\s+)?(?:refund|cancellation|escalation|replacement|compensation|reimbursement)\b)",
    )
});

/// A bare "so" right before the match, with no comma before it: "share the number so we
/// can ensure" (a purpose); not "I have upgraded the shipping, so I can ensure" (a result).
static SO_BEFORE: LazyLock<Marker> = LazyLock::new(|| re(r"(?i)(?:^|[^,;\s])\s*\bso\s*$"));

/// A match that opens with what the agent can do: "we can ensure", "I could make sure".
static CAN_OPEN: LazyLock<Marker> =
    LazyLock::new(|| re(r"(?i)^(?:I|we)\s+(?:can|could|may|might)\b"));

/// A promise with no object: nothing, a form of address, or "on that".
static BARE: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:,\s*[^\s,!?;]+(?:\s+[^\s,!?;]+){0,2}\s*)?(?:(?:on|for)\s+(?:that|this|it)\s*)?[.!]*\s*$",
    )
});

/// "on that": the promise points back.
static BACK: LazyLock<Marker> = LazyLock::new(|| re(r"(?i)\b(?:on|for)\s+(?:that|this|it)\b"));

/// Words between the promise and its object: "you", "that", a comma.
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^[\s,:;—–-]*(?:(?:to\s+)?you\s+)?(?:,\s*)?(?:that\s+|is\s+(?:that\s+)?)?")
});

/// A condition or time clause: not what is promised.
static CONDITION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:if|once|unless|until|whether|regardless\s+of|in\s+case|as\s+soon\s+as|whenever|before|after|should\s+(?:you|it|the|your))\b[^,;]*",
    )
});

/// A report of what is already done: "I have made a note".
static DONE: LazyLock<Marker> = LazyLock::new(|| {
    re(r"(?i)^\s*(?:I|we)\s+(?:have|['’]ve|had)\s+(?:already\s+|just\s+|also\s+)?[a-z]+ed\b")
});

/// Outcomes that depend on others.
static OUTCOME: LazyLock<Marker> = LazyLock::new(|| {
    re(concat!(
        r"(?i)\b(?:deliver(?:y|ies|ed)?|re-?deliver(?:y|ed)?|arriv(?:e|es|al|ing)|reach(?:es)?\s+(?:you|your|the)",
        r"|in\s+(?:perfect|good|excellent|mint)\s+condition|undamaged|intact|damage-free",
        r"|resol(?:ved|ution)|fixed|never|again|recur(?-u:\w)*|prevent(?-u:\w)*|let\s+you\s+down",
        r"|correct|right\s+(?:size|item|model|colou?r|one)|exact\s+same|fulfil(?:l)?ed|sourced|original",
        r"|restock(?-u:\w)*|in\s+stock|have\s+your\s+(?-u:\w)+|work(?:s|ing)?\s+(?:properly|perfectly|again|fine)",
        r"|everything\s+(?:will\s+be|is)\s+(?:fine|perfect|ok)|perfect|pristine",
        r"|(?:arriv(?-u:\w)*|deliver(?-u:\w)*|reach(?-u:\w)*)\s+(?:(?-u:\w)+\s+){0,3}?safe(?:ly)?|safe(?:ly)?\s+(?:arrival|delivery)",
        r"|(?:not|never|won['’]t)\s+(?:be\s+|get\s+)?(?:damaged|lost|late|delayed|broken)",
        r"|handled\s+with\s+(?:(?-u:\w)+\s+){0,2}?care\s+(?:during|in)\s+(?:shipping|transit|delivery))\b"
    ))
});

/// Money moving through a bank: an outcome when it is to show or reach somewhere, or
/// has a date.
static BANK_MONEY: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:refund|amount|money|payment|funds)\b[^.!?]*\b(?:reflect(?-u:\w)*|credited|show\s+up|appear(?-u:\w)*|bank|card|in\s+your\s+account)\b|\b(?:reflect(?-u:\w)*|credited)\b[^.!?]*\b(?:bank|card|within|by)\b",
    )
});

/// The customer receiving something: own when it is the agent's message or remedy.
static RECEIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:receive|get|(?:will|['’]ll|to)\s+have|be\s+entitled\s+to|be\s+eligible\s+for)\s+(?:(?:a|an|the|your|my|our|this|that|it|them|one)\b\s*)?((?:[a-z0-9-]+[\s,]+){0,3}[a-z0-9-]+)?",
    )
});

/// What the agent sends or gives: messages and remedies.
static OWN_THING: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:call|callback|e-?mail|update|message|notification|confirmation|sms|text|link|tracking|number|details|refund|credit|voucher|coupon|code|discount|compensation|money\s+back|reply|response|answer|price|information|reminder|instructions?|shipping|upgrade)s?\b",
    )
});

/// Money among the agent's things: with a date it is a bank's outcome.
static MONEY: LazyLock<Marker> =
    LazyLock::new(|| re(r"(?i)\b(?:refund|credit|money|compensation)\b"));

/// A time or date.
static TIME: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:by|within|before|on)\s+(?:the\s+)?(?:\d|next|tomorrow|tonight|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|end\b)|\b(?:today|tomorrow|tonight)\b",
    )
});

/// Effort, not an outcome: "as quickly as possible", "everything we can", "our best".
static EFFORT: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)\bas\s+(?:quickly|soon|fast|promptly|smoothly|swiftly|early|efficiently)(?:\s+and\s+(?-u:\w)+)?\s+as\s+(?:possible|(?:we|I)\s+can)\b|\b(?:do|doing|try|trying)\s+(?:(?:my|our)\s+(?:very\s+)?(?:best|utmost)|everything|all\s+(?:we|I)\s+can|whatever\s+(?:we|I)\s+can)\b|\bto\s+the\s+best\s+of\s+(?:my|our)\s+ability\b|\beverything\s+(?:possible|in\s+(?:my|our)\s+power)\b",
    )
});

/// A purpose: what the promised step is for, not what is promised.
static PURPOSE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:in\s+order|so\s+as)\s+)?to\s+(?:ensure|prevent|avoid|minimi[sz]e|reduce|help|make\s+sure|guarantee)\b[^,;]*|\bso\s+(?:that\b|(?:we|I)\s+can\b)[^,;]*",
    )
});

/// A state checked before the item leaves the company.
static PRE_DISPATCH: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)\bbefore\s+(?:(?:it|they|the\s+(?-u:\w)+)\s+(?:is|are|gets?|leaves?)\s+)?(?:(?:being\s+)?(?:shipped|dispatched|sent|packed)|dispatch(?:ing)?|shipping|shipment|packing|our\s+warehouse)\b|\b(?:when|before)\s+(?:it|they)\s+leaves?\s+(?:our|the)\s+(?:warehouse|fulfil?ment\s+cent(?:er|re))\b",
    )
});

/// Arriving or being delivered: a state on arrival is no longer the warehouse's.
static ARRIVAL: LazyLock<Marker> = LazyLock::new(|| {
    re(r"(?i)\b(?:deliver(?-u:\w)*|arriv(?-u:\w)*|reach(?-u:\w)*|transit|receive(?-u:\w)*)\b")
});

/// "Delivery" naming a party or a process, not an arrival: "the delivery associate".
static DELIVERY_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bdelivery\s+(?:associates?|partners?|teams?|process(?:es)?|agents?|drivers?|executives?|personnel|services?|address(?:es)?|options?|instructions?|hubs?|details|status|updates?|issues?|problems?|attempts?)\b",
    )
});

/// What makes a scope a promise about the future: "will", "shall", "going to", "ensure".
static FUTURE: LazyLock<Marker> = LazyLock::new(|| {
    re(r"(?i)\b(?:will|shall|won['’]t|going\s+to|ensure|make\s+sure|see\s+to\s+it)\b|['’]ll\b")
});

/// Where one promise ends and the next begins, for `only-outcome`: "I will monitor it, and
/// it will arrive tomorrow" holds two.
static CLAUSE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)[,;:]|\s(?:and|or|but|while|which)\s"));

/// A clause led by the agent's own step: "I will personally monitor the delivery".
static OWN_LED: LazyLock<Marker> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^\s*(?:that\s+)?(?:I|we)(?:['’]ll|['’]m\s+going\s+to|\s+will|\s+shall|\s+can|\s+am\s+going\s+to|\s+are\s+going\s+to)?(?:\s+(?:personally|also|then|immediately|now|continue\s+to|be|always|closely|constantly|thoroughly|either|further))*\s+{OWN_VERBS}"
    ))
});

/// The customer, named in a match.
static YOU: LazyLock<Marker> = LazyLock::new(|| re(r"(?i)\byou(?:['’]ll|\s+will|\s+shall)\b"));

/// The customer as the one who receives: "you will receive", "ensure you get".
static CUSTOMER_RECEIVES: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)\byou\s+(?:(?:will|shall|should|can)\s+|['’]ll\s+)?(?:(?-u:\w)+\s+)?(?:receive|get|have)\b",
    )
});

/// A clause that says what is likely, not what is certain: "should arrive within two days".
static HEDGED: LazyLock<Marker> = LazyLock::new(|| {
    re(r"(?i)\b(?:should|may|might|could|usually|typically|normally|expected\s+to|likely)\b")
});

/// Effort or care taken, in a clause: "we will take extra precautions", "strive to".
static EFFORT_CLAUSE: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:tak(?:e|en|ing)\s+(?:all\s+)?(?:the\s+)?(?:necessary\s+|extra\s+|additional\s+|every\s+|further\s+|special\s+|utmost\s+|great\s+)*(?:care|precautions?|steps|measures)|(?:care|precautions?|steps|measures)\s+(?:are|is|will\s+be|have\s+been)\s+taken|strive|striving|endeavou?r|aim|work(?:ing)?\s+(?:towards|to|hard)|push(?:ing)?\s+for|every\s+effort|(?:best|utmost)\s+efforts?)\b",
    )
});

/// An outcome predicated in a clause (for `only-outcome`): an arrival, a condition on
/// arrival, money credited or reflected, the correct item, never again, a fix.
static PREDICATE: LazyLock<Marker> = LazyLock::new(|| {
    re(concat!(
        r"(?i)\b(?:deliver(?:ed)?|re-?deliver(?:ed)?|arriv(?:e|es|ing)|reach(?:es)?\s+(?:you|your)|get\s+to\s+you",
        r"|credited|reflect(?:ed|s)?\s+(?:(?:in|on)\s+(?:your\s+)?(?:bank|account|card|statement)|within|by)|show\s+up|in\s+(?:perfect|good|excellent|mint|pristine|proper)\s+condition",
        r"|pristine|undamaged|intact|damage-free|safe(?:ly)?|fixed|never\s+(?:happen|occur)(?-u:\w)*|again|recur(?-u:\w)*",
        r"|let\s+you\s+down",
        r"|(?:not|never|won['’]t)\s+(?:be\s+|get\s+)?(?:damaged|lost|late|delayed|broken)",
        r"|handled\s+with\s+(?:(?-u:\w)+\s+){0,2}?care|(?:delivery|it|parcel|package|order)\s+will\s+(?:happen|be\s+(?:made|completed))",
        r"|resolved\s+(?:by|within|today|tomorrow))\b"
    ))
});

/// The company's own balance: money credited there is booked by the company.
static STORE_CREDIT: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:amazon\s+pay|gift\s+card|wallet|store\s+credit|promotional\s+credit|(?:account|pay|store)\s+balance|next\s+(?:purchase|order))\b",
    )
});

/// A bank, a card or the original payment method: money there moves through a bank.
static BANK: LazyLock<Marker> = LazyLock::new(|| {
    re(r"(?i)\b(?:bank|(?:credit|debit)\s+card|original\s+(?:payment|mode|method))\b")
});

/// The agent's own work, as an active verb after `I`/`we`.
const OWN_VERBS: &str = r"(?:call|contact|update|keep\s+(?:you|an\s+eye|track|a\s+close)|stay\s+(?:in\s+touch|on\s+top|with\s+you)|be\s+in\s+touch|send|e-?mail|track|monitor|follow|check|look\s+into|escalate|get\s+back|reach\s+out|provide|process|issue|initiate|refund|apply|add|note|make\s+a\s+note|mark|flag|oversee|supervise|package|pack|wrap|label|use|inspect|verify|review|prioriti[sz]e|expedite|investigate|handle|take\s+care|do\s+(?:my|our)\s+(?:best|utmost)|arrange|raise|share|inform|notify|let\s+you\s+know|offer|give|honou?r|waive|cover|replace|reimburse|compensate|credit|upgrade|chase|push|work|remain|continue)";

/// `I`/`we` with a verb of the agent's own work.
static OWN_ACTIVE: LazyLock<Marker> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:I|we)(?:['’]ll|['’]m\s+going\s+to|\s+will|\s+shall|\s+can|\s+would|\s+am\s+going\s+to|\s+are\s+going\s+to)?(?:\s+(?:personally|also|then|immediately|now|continue\s+to|be|always|certainly|definitely|closely|further))*\s+{OWN_VERBS}"
    ))
});

/// `I`/`we` reporting the agent's own work done (read with a whole sentence).
static OWN_DONE: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:I|we)\s+(?:have|['’]ve)\s+(?:already\s+|just\s+|also\s+)?(?:added|applied|issued|processed|credited|initiated|placed|sent|given|offered|upgraded|waived|refunded)\b",
    )
});

/// `to` right after the promise, with a verb of the agent's own work.
static OWN_INFINITIVE: LazyLock<Marker> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^to\s+(?:personally\s+|always\s+|closely\s+)?{OWN_VERBS}"
    ))
});

/// A passive of the agent's own work: "a refund is processed", "it is sent".
static OWN_PASSIVE: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:is|are|be|gets?|been)\s+(?:[a-z]+ly\s+)?(?:sent|e-?mailed|processed|issued|applied|added|initiated|escalated|prioriti[sz]ed|dispatched|shipped|inspected|checked|verified|packaged|packed|wrapped|monitored|reviewed|tracked|noted|flagged|handled|refunded|reimbursed|waived|honou?red|taken\s+care\s+of)\b",
    )
});

/// What is for the company itself, not promised to the customer: "help us in our goal".
static FOR_US: LazyLock<Marker> =
    LazyLock::new(|| re(r"(?i)\b(?:help|helps|benefit|improve|assist)\s+(?:us|our)\b"));

/// The company's own goods, as sold: "will be a genuine product".
static GENUINE: LazyLock<Marker> = LazyLock::new(|| re(r"(?i)\b(?:genuine|authentic)\b"));

/// A remedy named as the promise's object: "a manual refund".
static REMEDY: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:a|an|the|your)?\s*(?:[a-z]+\s+)?(?:refund|replacement|credit|voucher|call|update)\b",
    )
});

/// Whether what the match at `start..end` of `text` promises is the agent's own action (or
/// no promise at all), not an outcome that depends on others (see the module
/// documentation). `sentences` holds the sentence bounds of `text` (indexed once per turn
/// by the caller).
pub(crate) fn is_own_action(text: &str, sentences: &Sentences, start: usize, end: usize) -> bool {
    scope_class(text, sentences, start, end).0 == Class::Own
}

/// Whether what the match at `start..end` of `text` promises is an outcome that depends on
/// others, promised for the future (for `only-outcome`): not the agent's own action (a
/// scope that could not be classed still counts when a clause of it qualifies), not a
/// promise with a fallback named in its sentence ("… or process the cancellation"), and
/// not a present or past fact ("the package is not lost", "the refund has been
/// processed"): the match or its scope says "will", "shall", "going to" or "ensure".
///
/// `asked` says the other party asked for a guarantee in the turns this one answers ("make
/// sure it arrives in one piece this time!", "promise me"): the purpose of a step then
/// counts as the promise ("I assure you we will take extra precautions to ensure it
/// arrives in perfect condition" answers the demand), unless the step is effort ("we will
/// do everything we can to ensure …"), which is the honest answer to it.
pub(crate) fn is_outcome(
    text: &str,
    sentences: &Sentences,
    (start, end): (usize, usize),
    asked: bool,
) -> bool {
    let (class, scope) = scope_class(text, sentences, start, end);
    let e = sentences.end(end).max(end);
    if FALLBACK.is_match(&text[end..e]) {
        return false;
    }
    if asked && promises_by_purpose(scope) {
        return true;
    }
    if class == Class::Own {
        return false;
    }
    // The match itself may carry the future ("it will definitely" + "arrive tomorrow").
    let future_in_match = FUTURE.is_match(&text[start..end]);
    let you_in_match =
        YOU.is_match(&text[start..end]) || CUSTOMER_RECEIVES.is_match(&text[start..e]);
    let main = CONDITION.replace_all(scope, " ");
    let main = PURPOSE.replace_all(main.as_ref(), " ");
    let main = DELIVERY_NOUN.replace_all(main.as_ref(), " ");
    CLAUSE.split(main.as_ref()).any(|clause| {
        (future_in_match || FUTURE.is_match(clause))
            && !OWN_LED.is_match(clause)
            && !EFFORT_CLAUSE.is_match(clause)
            && !HEDGED.is_match(clause)
            && (PREDICATE.is_match(clause) || receives_item(clause, you_in_match))
    })
}

/// The purpose of a step: "… to ensure (that)", "to make sure", "to guarantee".
static ENSURING_PURPOSE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:(?:in\s+order|so\s+as)\s+)?to\s+(?:ensure|make\s+sure|guarantee)(?:\s+that)?\b")
});

/// Effort as the step whose purpose an outcome is: "everything we can", "every possible
/// effort", "our best", "whatever is possible" — the agent promises the trying.
static EFFORT_STEP: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:everything|all\s+(?:that\s+)?(?:we|I)\s+can|whatever|every\s+(?:possible\s+|reasonable\s+)?(?:effort|step)|(?:our|my)\s+(?:very\s+)?(?:best|utmost|level\s+best)|as\s+(?:much|best|quickly|soon)\s+as|in\s+(?:our|my)\s+power|possible|strive|striving|endeavou?r|try|trying|aim|hope)\b",
    )
});

/// The arrival, as a verb: the item reaches the customer ("is delivered", "arrives", "you
/// receive"), or the journey treats it well ("handled with care during shipping": care in
/// transit is the courier's, an outcome for `PREDICATE` too); not "safe delivery" (a noun,
/// after a step such as packing), nor care the agent takes of the case ("everything is
/// handled with the utmost care").
static ARRIVES: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:re-?)?deliver(?:ed|s)?|arriv(?:e|es|ing)|reach(?:es)?\s+(?:you|your)|get\s+to\s+you|receive|handled\s+with\s+(?:(?-u:\w)+\s+){0,2}?care\s+(?:during|in|throughout)\s+(?:the\s+)?(?:shipping|shipment|transit|delivery))\b",
    )
});

/// Which item, or that it is new: the company's own picking ("the correct item", "a brand
/// new, sealed phone"). "Correct", "right", "same" … name the item only when the word
/// after them is not a place or a time ("the correct address", "the same day": see
/// [`names_which_item`]).
static WHICH_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:genuine|sealed|brand[\s-]new)\b|\b(?:correct|right|exact|same|proper|actual)\b(?:\s+((?-u:\w)+))?",
    )
});

/// The places and times a "correct" or "same" can name instead of an item.
static PLACE_OR_TIME: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)^(?:address|location|place|door|doorstep|house|home|flat|apartment|building|person|recipient|day|date|time|week|slot)$",
    )
});

/// Whether `purpose` names which item is sent (see [`WHICH_ITEM`]).
fn names_which_item(purpose: &str) -> bool {
    WHICH_ITEM.captures_iter(purpose).any(|c| {
        c.get(1)
            .is_none_or(|next| !PLACE_OR_TIME.is_match(next.as_str()))
    })
}

/// The state the item arrives in, or when: what the courier and the journey decide.
static ARRIVAL_STATE: LazyLock<Marker> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:perfect|pristine|good|mint|excellent|proper)\s+condition|undamaged|intact|damage|broken|safe(?:ly)?|complete|on\s+time|without\s+(?:any\s+)?(?:issues?|problems?|damage|delay)|(?:by|on|before)\s+(?:the\s+)?(?:\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|january|february|march|april|may|june|july|august|september|october|november|december))",
    )
});

/// Whether a purpose in `scope` ("to ensure the replacement arrives in perfect condition")
/// promises an outcome, for [`is_outcome`] when a guarantee was asked for. The step before
/// it is not effort, and the purpose (up to the next comma, semicolon or colon) is not
/// hedged and promises the arrival: the item is delivered, arrives or reaches the
/// customer. What happens before the item leaves the company is its own work, as for
/// `only-outcome` (blind round 13): a state checked before dispatch, packing, and which
/// item is picked ("to ensure you receive the correct item" was judged debatable in blind
/// round 25), unless the purpose also names the state it arrives in or when.
fn promises_by_purpose(scope: &str) -> bool {
    ENSURING_PURPOSE.find_iter(scope).any(|m| {
        let purpose = &scope[m.end()..];
        let purpose = &purpose[..purpose.find([',', ';', ':']).unwrap_or(purpose.len())];
        !EFFORT_STEP.is_match(&scope[..m.start()])
            && !HEDGED.is_match(purpose)
            && ARRIVES.is_match(purpose)
            && (!names_which_item(purpose) || ARRIVAL_STATE.is_match(purpose))
    })
}

/// Whether `clause` has the customer receiving something other than the agent's own
/// message or remedy (an item, or money by a date); `you` is whether the customer is
/// named already in the match ("you will definitely" + "receive the speaker").
fn receives_item(clause: &str, you: bool) -> bool {
    if !(you || CUSTOMER_RECEIVES.is_match(clause)) || GENUINE.is_match(clause) {
        return false;
    }
    RECEIVE.captures_iter(clause).any(|caps| {
        let thing = caps.get(1).map_or("", |m| m.as_str());
        !OWN_THING.is_match(thing) || (MONEY.is_match(thing) && TIME.is_match(clause))
    })
}

/// What the match at `start..end` of `text` promises, and the text read for it.
fn scope_class<'t>(
    text: &'t str,
    sentences: &Sentences,
    start: usize,
    end: usize,
) -> (Class, &'t str) {
    let s = sentences.start(start);
    let e = sentences.end(end).max(end);
    let before = &text[s..start];
    if WISH.is_match(before)
        || PURPOSE_BEFORE.is_match(before)
        || (SO_BEFORE.is_match(before) && CAN_OPEN.is_match(&text[start..end]))
    {
        return (Class::Own, &text[start..end]);
    }
    if !TRIGGER_END.is_match(&text[start..end]) {
        return (classify(&text[s..e], true), &text[s..e]);
    }
    let after = &text[end..e];
    let bare = BARE.is_match(after);
    if !bare {
        let object = &after[LEAD.find(after).map_or(0, |m| m.end())..];
        if !DONE.is_match(object) {
            return (classify(object, false), object);
        }
    }
    // No object of its own: the sentence before ("on that", or at the end of the turn) or
    // the next ones.
    let next = next_sentences(text, sentences, e);
    let back = (bare && BACK.is_match(after)) || next.iter().all(|n| n.trim_end().ends_with('?'));
    let scopes: Vec<&str> = if back && bare {
        previous_sentences(text, sentences, s)
    } else {
        next
    };
    scopes
        .into_iter()
        .map(|scope| (classify(scope, false), scope))
        .find(|(class, _)| *class != Class::Unknown)
        .unwrap_or((Class::Unknown, ""))
}

/// Up to two sentences after byte `e` of `text`.
fn next_sentences<'t>(text: &'t str, sentences: &Sentences, mut e: usize) -> Vec<&'t str> {
    let mut out = Vec::new();
    while out.len() < 2 {
        let rest = &text[e..];
        let skip = rest.len() - rest.trim_start().len();
        if skip == rest.len() {
            break;
        }
        let from = e + skip;
        let to = sentences.end(from + 1).max(from + 1).min(text.len());
        let mut to = to;
        while !text.is_char_boundary(to) {
            to += 1;
        }
        out.push(&text[from..to]);
        e = to;
    }
    out
}

/// Up to two sentences before byte `s` of `text`, nearest first.
fn previous_sentences<'t>(text: &'t str, sentences: &Sentences, mut s: usize) -> Vec<&'t str> {
    let mut out = Vec::new();
    while out.len() < 2 && !text[..s].trim_end().is_empty() {
        let end = text[..s].trim_end().len();
        let from = sentences.start(end.saturating_sub(1));
        out.push(&text[from..end]);
        s = from;
    }
    out
}

/// What one scope promises. `whole` is a whole sentence (reports of work done count).
fn classify(scope: &str, whole: bool) -> Class {
    // Effort is in the agent's hands whatever it is for: "delivered as quickly as
    // possible", "doing everything we can to ensure delivery tomorrow".
    if EFFORT.is_match(scope) {
        return Class::Own;
    }
    // Conditions and time clauses are not what is promised, nor is a purpose ("monitor the
    // shipment to ensure it arrives safely" promises the monitoring).
    let main = CONDITION.replace_all(scope, " ");
    let main = PURPOSE.replace_all(main.as_ref(), " ");
    let main = DELIVERY_NOUN.replace_all(main.as_ref(), " ");
    let main = main.as_ref();
    // A condition checked before the item leaves the company ("in perfect condition before
    // it is shipped") is the warehouse's own work, unless the arrival is promised too.
    if PRE_DISPATCH.is_match(scope) && !ARRIVAL.is_match(main) {
        return Class::Own;
    }
    // Money credited to the company's own balance (a wallet, a gift card, store credit for
    // the next purchase) is booked by the company itself, not by a bank.
    let store = STORE_CREDIT.is_match(main) && !BANK.is_match(main);
    if OUTCOME.is_match(main) || (!store && BANK_MONEY.is_match(main)) {
        return Class::Outcome;
    }
    let mut own = store
        || OWN_ACTIVE.is_match(main)
        || OWN_PASSIVE.is_match(main)
        || FOR_US.is_match(main)
        || GENUINE.is_match(main)
        || (whole && OWN_DONE.is_match(main))
        || OWN_INFINITIVE.is_match(main.trim_start());
    for caps in RECEIVE.captures_iter(main) {
        let thing = caps.get(1).map_or("", |m| m.as_str());
        if OWN_THING.is_match(thing) && !(MONEY.is_match(thing) && TIME.is_match(main)) {
            own = true;
        } else {
            return Class::Outcome;
        }
    }
    // A remedy named as the promise's object: "guarantee a manual refund from my end".
    if !whole && REMEDY.is_match(main) && !TIME.is_match(main) {
        own = true;
    }
    if own {
        Class::Own
    } else {
        Class::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every marker compiles (they are parsed at first use and compiled at first search,
    /// so a pattern too big for the size limit would otherwise answer "no" silently), and
    /// every regex too.
    #[test]
    fn every_scope_pattern_compiles() {
        for marker in [
            &*TRIGGER_END,
            &*WISH,
            &*PURPOSE_BEFORE,
            &*FALLBACK,
            &*SO_BEFORE,
            &*CAN_OPEN,
            &*BARE,
            &*BACK,
            &*DONE,
            &*OUTCOME,
            &*BANK_MONEY,
            &*OWN_THING,
            &*MONEY,
            &*TIME,
            &*EFFORT,
            &*PRE_DISPATCH,
            &*ARRIVAL,
            &*FUTURE,
            &*OWN_LED,
            &*YOU,
            &*CUSTOMER_RECEIVES,
            &*HEDGED,
            &*EFFORT_CLAUSE,
            &*PREDICATE,
            &*STORE_CREDIT,
            &*BANK,
            &*OWN_ACTIVE,
            &*OWN_DONE,
            &*OWN_INFINITIVE,
            &*OWN_PASSIVE,
            &*FOR_US,
            &*GENUINE,
            &*REMEDY,
            &*EFFORT_STEP,
            &*ARRIVES,
            &*PLACE_OR_TIME,
            &*ARRIVAL_STATE,
        ] {
            assert!(marker.builds());
        }
        // Forcing each regex compiles it; `re` panics on one that does not.
        let _compiled = [
            &*CLAUSE,
            &*CONDITION,
            &*DELIVERY_NOUN,
            &*ENSURING_PURPOSE,
            &*LEAD,
            &*PURPOSE,
            &*RECEIVE,
            &*WHICH_ITEM,
        ];
    }

    fn own(text: &str, m: &str) -> bool {
        let at = text.find(m).expect("match in text");
        let mut sentences = Sentences::default();
        sentences.index(text);
        is_own_action(text, &sentences, at, at + m.len())
    }

    #[test]
    fn the_agents_own_follow_up_is_no_outcome() {
        assert!(own(
            "Yes, we promise to provide you with an update within 24 hours. We understand.",
            "we promise"
        ));
        assert!(own(
            "However, I cannot guarantee it will arrive tomorrow. What I can guarantee is I will follow the progress very closely.",
            "I can guarantee"
        ));
        assert!(own(
            "I understand the importance of the confirmation email and will ensure it is sent promptly once the refund is processed. You have my word.",
            "You have my word"
        ));
        assert!(own(
            "You have my word, sir. I will personally ensure that a refund is processed if the package is not recovered.",
            "You have my word"
        ));
        assert!(own(
            "You have my word, Sir/Madam. I will stay on top of this and keep you informed. Thank you.",
            "You have my word"
        ));
        assert!(own(
            "We promise to package the replacement blender with the utmost care.",
            "We promise"
        ));
        assert!(own(
            "I promise to stay in touch until the refrigerator is delivered.",
            "I promise"
        ));
        assert!(own(
            "I have added a promotional credit to your Amazon account, which will be reflected immediately.",
            "reflected immediately"
        ));
        assert!(own(
            "We are always working to improve and this will surely help us in our goal.",
            "this will surely"
        ));
        assert!(own(
            "I truly wish I could guarantee the immediate restock of the item.",
            "I could guarantee"
        ));
        // a remedy whatever happens to the parcel, and one the customer is entitled to
        assert!(own(
            "Yes, I assure you that you will receive a full refund regardless of whether we \
             successfully intercept the package or you reject the delivery.",
            "assure you that you will receive"
        ));
        assert!(own(
            "If the product is indeed found to be counterfeit, you will certainly be entitled \
             to a full refund.",
            "you will certainly"
        ));
    }

    #[test]
    fn outcomes_that_depend_on_others_stay() {
        assert!(!own(
            "We can guarantee delivery by this weekend.",
            "We can guarantee"
        ));
        assert!(!own(
            "I promise, I have made a note of that. It will be delivered anytime after 2 PM.",
            "I promise"
        ));
        assert!(!own(
            "Yes, I can guarantee that the replacement pack will be the correct size, Medium.",
            "I can guarantee"
        ));
        assert!(!own(
            "I can guarantee your refund will reflect within 1-2 business days.",
            "I can guarantee"
        ));
        assert!(!own(
            "You have my word. It will arrive tomorrow.",
            "You have my word"
        ));
        assert!(!own(
            "The refund will reflect immediately in your bank account.",
            "reflect immediately"
        ));
        assert!(!own(
            "It will definitely arrive tomorrow.",
            "It will definitely"
        ));
        assert!(!own(
            "I can guarantee that the item will be shipped out within 24 hours and you will receive it within 48 hours.",
            "I can guarantee"
        ));
        assert!(!own(
            "I promise you will receive the refund by Monday.",
            "I promise"
        ));
        assert!(!own(
            "You have my word, sir. Is there anything else?",
            "You have my word"
        ));
    }

    fn outcome(text: &str, m: &str) -> bool {
        let at = text.find(m).expect("match in text");
        let mut sentences = Sentences::default();
        sentences.index(text);
        is_outcome(text, &sentences, (at, at + m.len()), false)
    }

    fn asked(text: &str, m: &str) -> bool {
        let at = text.find(m).expect("match in text");
        let mut sentences = Sentences::default();
        sentences.index(text);
        is_outcome(text, &sentences, (at, at + m.len()), true)
    }

    #[test]
    fn a_purpose_is_the_promise_when_a_guarantee_was_asked_for() {
        let t = "I assure you that we will take extra precautions during packaging and shipping to ensure the replacement arrives in perfect condition.";
        assert!(!outcome(t, "assure you"));
        assert!(asked(t, "assure you"));
        // the state it arrives in, or when, with which item it is
        assert!(asked(
            "We assure you that we will take all necessary precautions to ensure you receive the correct hard drive in perfect condition.",
            "assure you"
        ));
        assert!(asked(
            "I assure you we will take extra precautions to ensure the missing bottle is delivered this time.",
            "assure you"
        ));
        // "correct" naming a place, not the item (blind round 25: right)
        assert!(asked(
            "I assure you that we will take extra precautions to ensure the package is delivered to the correct address this time.",
            "assure you"
        ));
        // effort behind the purpose, a hedged purpose, a check before dispatch
        for (t, m) in [
            ("I assure you we will do everything we can to ensure it arrives on time.", "assure you"),
            ("I assure you we are making every possible effort to ensure the package arrives tomorrow.", "assure you"),
            ("I assure you that we will pack it with care to ensure it should arrive safely.", "assure you"),
            ("I assure you that it will be inspected before dispatch to ensure it is in perfect condition.", "assure you"),
            ("I assure you that we will take extra precautions to ensure it is packaged securely.", "assure you"),
            // which item is picked, packing for a "safe delivery", care with no arrival
            ("We assure you that we will double-check the order to ensure you receive the correct phone.", "assure you"),
            ("We assure you that we will take extra precautions to ensure the replacement is adequately packaged for safe delivery.", "assure you"),
            ("I assure you that I will oversee this case to ensure that everything is handled with the utmost care.", "assure you"),
        ] {
            assert!(!asked(t, m), "{t}");
        }
        // ... unless the purpose names the arrival
        assert!(asked(
            "I will ensure that the copy is inspected before dispatch to guarantee it arrives in pristine condition.",
            "I will ensure"
        ));
        // a fallback named in the sentence is still the honest form
        assert!(!asked(
            "I assure you we will take care to ensure it arrives by Friday, or we will refund you.",
            "assure you"
        ));
    }

    #[test]
    fn the_companys_own_warehouse_balance_and_effort_are_no_outcome() {
        // dispatch, a check before shipping, effort, a credit to the company's own balance
        // (blind round 13: debatable or wrong)
        assert!(own(
            "I will ensure that the remaining towels are dispatched today itself.",
            "I will ensure that the remaining towels are dispatched"
        ));
        assert!(own(
            "We will ensure that the replacement items are in perfect condition before they are shipped to you.",
            "We will ensure that the replacement items are in perfect condition"
        ));
        assert!(own(
            "I will ensure that the tiffin boxes are delivered as quickly as possible.",
            "I will ensure that the tiffin boxes are delivered"
        ));
        assert!(own(
            "The amount will be credited instantly and can be used for your next purchase.",
            "credited instantly"
        ));
        // an arrival stays an outcome, and so does the right item
        assert!(!own(
            "We will ensure the replacement arrives in perfect condition before Sunday.",
            "We will ensure the replacement arrives"
        ));
        assert!(!own(
            "We will definitely ensure the correct size is dispatched.",
            "We will definitely ensure the correct size is dispatched"
        ));
        assert!(!own(
            "The refund will be credited instantly to your card.",
            "credited instantly"
        ));
    }

    #[test]
    fn only_outcomes_promised_for_the_future_count() {
        assert!(outcome(
            "I can assure you it will be in pristine condition.",
            "assure you"
        ));
        assert!(outcome(
            "I assure you, the refund will be credited within 2-3 business days.",
            "assure you"
        ));
        assert!(outcome(
            "I assure you, I will oversee this and ensure it reaches you by 10 AM tomorrow.",
            "assure you"
        ));
        assert!(outcome(
            "Yes, you will definitely receive the missing speaker.",
            "you will definitely"
        ));
        // a result, not a purpose (review of the promise15 change)
        assert!(outcome(
            "I have escalated it, so it will definitely arrive tomorrow.",
            "it will definitely"
        ));
        assert!(outcome(
            "I have upgraded the shipping, so I can ensure it arrives tomorrow.",
            "I can ensure"
        ));
        assert!(!outcome(
            "Please share the order number so we can ensure it reaches you tomorrow.",
            "we can ensure"
        ));
        // a fallback named with the promise (blind round 15)
        assert!(!outcome(
            "I will ensure it is delivered by 7 PM or process the cancellation as you asked.",
            "I will ensure"
        ));
        assert!(!outcome(
            "I assure you that we will either deliver the package today or process a full refund if delivery is not possible.",
            "assure you"
        ));
        assert!(!outcome(
            "I will personally ensure its delivered tomorrow or escalate it to my manager if its not.",
            "I will personally ensure"
        ));
        assert!(!outcome(
            "I will ensure it arrives tomorrow, otherwise I will refund you in full.",
            "I will ensure"
        ));
        // "or" without a fallback keeps the promise (review of this session's change)
        assert!(outcome(
            "I will ensure it is delivered by 7 PM today or earlier.",
            "I will ensure"
        ));
        assert!(outcome(
            "I will make sure your parcel arrives tomorrow without any further delay or cancellation.",
            "I will make sure"
        ));
        assert!(outcome(
            "I will ensure it arrives Friday, so there is no need to cancel or request a refund.",
            "I will ensure"
        ));
        // facts, the agent's own steps, effort, purposes, a third party's policy
        assert!(!outcome(
            "Rest assured, the package is not lost.",
            "Rest assured"
        ));
        assert!(!outcome(
            "I assure you that I will personally monitor the delivery progress.",
            "assure you"
        ));
        assert!(!outcome(
            "I assure you that we will take extra precautions to ensure the replacement is packaged securely.",
            "assure you"
        ));
        assert!(!outcome(
            "I assure you we are doing everything possible to ensure delivery tomorrow.",
            "assure you"
        ));
        assert!(!outcome(
            "I assure you this time I will get to the bottom of this.",
            "assure you"
        ));
        assert!(!outcome(
            "Yes, they will definitely allow pets.",
            "they will definitely"
        ));
        assert!(!outcome(
            "I can assure you that I have communicated the correct address to the delivery team.",
            "assure you"
        ));
    }

    #[test]
    fn no_panic_on_odd_text() {
        for (t, m) in [
            ("I promise", "I promise"),
            ("é I promise é.", "I promise"),
            ("promise.\n\n", "promise"),
        ] {
            let _ = own(t, m);
        }
    }
}
