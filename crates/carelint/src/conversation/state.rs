//! How a conversation ended: who had the last word, and whether it was cut off.
//!
//! Closing and personalization are judged only on conversations the agent brought to an
//! end. A conversation is *cut off* when the customer wrote last and got no answer, when
//! the agent's last message is a question still waiting for its answer, when the agent
//! moved it to another channel (a DM, a phone call, an e-mail; not news sent by e-mail),
//! when the agent is still at work or the chat is on hold, or when a social thread
//! simply stops. A customer's closing courtesy after the agent's answer ("thanks, bye")
//! does not take the last word from the agent.

use crate::rules::matcher::{parse_regex, Chars, Regex};
use std::sync::OnceLock;

use crate::transcript::{Speaker, Transcript};

/// Why a conversation counts as cut off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CutOff {
    /// The customer wrote last and got no answer.
    CustomerWroteLast,
    /// The agent's last message asks a question nobody answered.
    QuestionUnanswered,
    /// The agent moved the conversation to another channel.
    HandedOff,
    /// The agent was still working on it ("one moment while I check"), or the chat is on
    /// hold: the customer waits ("Waiting.") and the agent will be back ("I will be in
    /// touch shortly").
    InProgress,
    /// The agent's last message asks the customer to choose, tell or provide something
    /// ("Please look at the menu", "Please let me know which one"): a question in the
    /// imperative, still waiting for its answer.
    AwaitingCustomer,
    /// The agent's last message puts a decision before the customer that they have not
    /// made yet: options to choose from ("I have found three dresses … let me know if any
    /// of them are suitable") or an offer to accept ("I can offer you a credit of ₹200").
    /// The conversation is still under way, waiting for the customer's choice.
    PendingDecision,
}

/// How a conversation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct State {
    /// The agent's last turn, if the agent spoke at all.
    pub last_agent_turn: Option<usize>,
    /// The agent had the last real word (a customer's closing courtesy aside).
    pub ended_by_agent: bool,
    /// Why the conversation was cut off, if it was.
    pub cut_off: Option<CutOff>,
    /// The customer said they need nothing else ("that's all", "bye").
    pub customer_done: bool,
    /// On social media, the customer raised nothing to close: no question, no request and
    /// no problem, only banter or praise ("Best Halloween treat is the Boorito!" … "You're
    /// very welcome, my friend."; blind rounds 78 and 83).
    pub nothing_raised: bool,
}

impl State {
    /// Whether the agent brought the conversation to an end: they had the last real word
    /// and it was not cut off.
    pub fn agent_closed(&self) -> bool {
        self.ended_by_agent && self.cut_off.is_none() && !self.nothing_raised
    }
}

struct Patterns {
    courtesy: Regex,
    done: Regex,
    last_request: Regex,
    handoff: Regex,
    working: Regex,
    trial: Regex,
    come_back: Regex,
    awaiting: Regex,
    browse: Regex,
    decision: Regex,
    options: Regex,
    offer: Regex,
    offer_settled: Regex,
    closing_offer: Regex,
    follow_up: Regex,
    waiting: Regex,
    stepping_away: Regex,
    notice: Regex,
}

/// Parses one of the built-in patterns (their `(?i)` is inline); its automata are built
/// when a search first needs them, as for rule regexes (see [`Regex`]): compiling these
/// long alternations was paid by every run's first conversation, and most of them are
/// only asked whether they match. The test suite compiles every pattern
/// (`patterns_compile`).
fn compile(pattern: &str) -> Regex {
    parse_regex(pattern, true).unwrap_or_else(|e| panic!("built-in state pattern: {e}"))
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        // A whole turn that only thanks, agrees or says goodbye.
        courtesy: compile(
            r"(?i)^[\s\p{P}\p{S}]*(?:(?:ok(?:ay)?|k|alright|all right|great|perfect|cool|awesome|sure|fine|yes|yep|yeah|no|nope|that'?s (?:all|it|great|fine|perfect)|nothing else|not? (?:that'?s|thats) all|got it|will do|(?:many )?thanks?(?: you)?(?: so much| very much| a lot| again)?|thx|ty|cheers|bye|goodbye|good bye|bye bye|have a (?:good|great|nice) (?:day|one|evening|night|weekend)|you too|same to you|appreciate (?:it|that|your help)|much appreciated|sounds good|will wait|i'?ll wait)[\s\p{P}\p{S}]*)+$",
        ),
        done: compile(
            r"(?i)\b(?:that'?s all|that is all|that'?s it|that is it|nothing else|no(?:thing)? more|all set|i'?m (?:good|set)|i am (?:good|set)|by+e+|goodby+e+|(?:talk|speak|chat) (?:to you |with you )?(?:later|soon)|see (?:you|ya)|cya|take care|that (?:should|will|would|['’]?ll) do it|that(?:['’]?ll| will) be (?:all|everything)|(?:I['’]?ll|I will|let['’]?s) leave it (?:at that|there)|thanks? (?:you )?for everything|it'?s all(?:[\s.!,]*$| for (?:now|today))|have a (?:good|great|nice|wonderful|lovely) (?:day|one|evening|night|weekend|afternoon)|you can (?:go|leave) now|you can (?:shut down|sign off|log off|take a break|close (?:the|this) chat)|thanks?\b[^\n]{0,80}?\bthat(?:'s| is) (?:just |exactly )?what I (?:want|need)|that(?:'s| is) (?:just |exactly )?what I (?:want|need)(?:ed)?\b[^\n]{0,40}?\bthanks?|that(?:['’]s| is) (?:just |exactly )?what I needed|nothing further|no further|(?:I|we) (?:need|want|require) nothing|(?:I|we) no longer need (?:your|any|the) (?:help|services?|assistance)|(?:I['’]?m|I am|we['’]re|we are) good to go|that(?:['’]s| is| should be| would be| will be) (?:about |pretty much |really )?everything|that(?:['’]s| is) (?:about |pretty much |really )?all (?:I|we) (?:really )?(?:need|needed|want|wanted)|the only thing (?:I|we) (?:really )?(?:need|needed|wanted))\b|\b(?:I|we)(?:['’]re|['’]m| are| am) (?:all )?(?:done|finished)\s*(?:[.!,]|$)|(?:^|[.!?]\s+)all done(?: now| for (?:now|today))?\s*(?:[.!,]|$)",
        ),
        // The customer announces their last request ("lastly", "before I let you go"):
        // once it is served, they need nothing else.
        last_request: compile(
            r"(?i)\b(?:lastly|one last (?:thing|question|request)|before I let you go)\b",
        ),
        // Moving the conversation elsewhere: DMs, a call to a number, an e-mail address.
        handoff: compile(concat!(
            r"(?i)\b(?:dm|direct message|private message|(?:send|drop) us (?:a |an )?(?:dm|message|note|line)|message us|(?:call|ring|phone|text|email|e-mail|mail|contact|reach) us (?:at|on|via|through)|(?:call|phone|dial) (?:us\b|\+?\d|(?:our|the) (?:helpline|hotline|number|support line))|(?:email|e-mail|write to) us|send (?:us )?an? e-?mail|follow (?:us|and dm)|click .?message.?|via (?:dm|email|e-mail|phone)|over (?:dm|email|e-mail|the phone)|in (?:a )?(?:dm|pm))\b",
            r"|\b(?:connect|chat|talk|speak) with us (?:here|there|at|on|via|through|using)\b",
            r"|\b(?:include|share|send|submit|leave|provide|enter|fill (?:in|out)) (?:us )?your (?:[a-z]+ )?(?:details|info|information) (?:here|at|via|through|using|in (?:the|this) (?:form|link))\b",
            r"|\b(?:click|use|follow|tap) (?:the|this|that) link (?:to|and) (?:get started|connect|chat|contact|reach|talk|message|send us|start)\b",
            r"|\bcheck your (?:dms?|direct messages)\b",
            r"|\b(?:contact|reach(?: out to)?) us (?:directly )?(?:here|there|using (?:the|this) link)\b|\breach out (?:directly )?(?:here|there|using (?:the|this) link)\b|\bcontinue (?:our|the|this) (?:conversation|chat) (?:there|on|in|via|over)\b",
            r"|\b(?:reach out|speak|talk) to us (?:by|at|on|via) (?:calling|phone|e-?mail|dm)\b|\bby calling\s+\+?\d",
            // Asked to contact the company, or one of its teams, by a link or another
            // channel ("Please reach out to us using the secure link: …", "get in touch with
            // us by phone or chat", "get in touch with our Answer desk team: …" — the link
            // set aside leaves the colon), to use a link to contact it, to request a call
            // back, or to take the matter to its forums (blind rounds 81, 83, 88 and 96: a
            // move to another channel). "Please check your inbox" is not one: it points to
            // news sent by e-mail (blind round 36).
            r"|\b(?:contact|get\s+in\s+touch\s+with|reach\s+out\s+to|reach|call|message|write\s+to|speak\s+(?:to|with)|talk\s+(?:to|with))\s+(?:us|our\s+(?:[a-z]+\s+){0,2}(?:team|desk|department|specialists?|experts?|colleagues))\b[^.!?\n]*?(?:\b(?:link|here|below|by\s+(?:phone|chat|e-?mail|dm)|via\s+(?:phone|chat)|on\s+the\s+phone)\b|:\s*$)",
            r"|\b(?:use|via|through|using)\s+(?:the|this|that|our)\s+(?:secure\s+)?link\b[^.!?\n]*?\bto\s+(?:contact|reach|get\s+in\s+touch|message|chat|call)\b",
            r"|\b(?:you\s+can|please|to)\s+(?:also\s+)?request\s+a\s+call\s*back\b|\b(?:discuss|post|ask)\s+(?:this|it|that)\s+(?:in|on)\s+(?:our|the)\s+(?:community\s+)?(?:forums?|community)\b",
        )),
        // A step for the customer to try, its result still to come: "let's update to iOS
        // 11.1, then test to see if the issue persists", "let us know how it goes"
        // (blind round 81: the conversation is paused, not closed).
        trial: compile(concat!(
            r"(?i)\blet\s+(?:us|me)\s+know\s+(?:how\s+(?:it|that|this|things?)\s+(?:goes|went|plays?\s+out|works?(?:\s+out)?|turns?\s+out)|(?:if|whether)\s+(?:that|this|it|these|those|the\s+[a-z]+)\s+(?:helps?|works?|fix(?:es)?|resolves?|solves?|does\s+the\s+trick|makes\s+a\s+difference))\b",
            r"|\b(?:test|check|see)\s+(?:to\s+see\s+)?(?:if|whether)\s+(?:the\s+)?(?:issue|problem|error|it|that|this|[a-z]+)\s+(?:persists|continues|works|helps|is\s+(?:fixed|resolved|gone))\b",
            r"|(?:^|[.!?:]\s+)[^a-z0-9]*(?:(?:ok(?:ay)?|got\s+it|gotcha|thanks|great)[^a-z0-9]+)?let['’]?s\s+(?:try|update|use\s+these\s+steps|make\s+sure|restart|reset|reinstall|start\s+by|power\s+cycle)\b",
            r"|(?:^|[.!?:]\s+)[^a-z0-9]*(?:(?:also|please|then|now|next)[^a-z0-9]+)*try\s+[a-z]+ing\b",
            r"|\blet\s+(?:us|me)\s+know\b[^.!?]{0,40}?\b(?:we|I)(?:['’]ll|\s+will|\s+can)\s+(?:continue|go|take\s+it|proceed|pick\s+(?:it\s+)?up)\s+from\s+there\b",
        )),
        // The matter handed back for good: "if the problem continues, reach back out".
        come_back: compile(concat!(
            r"(?i)\bif\s+(?:(?:the|this|that|your)\s+)?(?:problem|issue|error|it)\s+(?:still\s+)?(?:continues|persists|comes\s+back|happens\s+again|returns|recurs)[^a-z0-9]+(?:please\s+)?",
            r"(?:reach\s+(?:back\s+)?out|contact\s+us|get\s+back\s+to\s+us|let\s+us\s+know|dm\s+us|message\s+us|tweet\s+us)\b",
            r"|\b(?:reach\s+(?:back\s+)?out|contact\s+us|get\s+back\s+to\s+us|let\s+us\s+know|dm\s+us|message\s+us|tweet\s+us)\s+(?:again\s+)?",
            r"if\s+(?:(?:the|this|that|your)\s+)?(?:problem|issue|error|it)\s+(?:still\s+)?(?:continues|persists|comes\s+back|happens\s+again|returns|recurs)\b",
        )),
        // Still at work: a hold, a check under way.
        working: compile(
            r"(?i)\b(?:one moment|a moment|just a moment|(?:allow|give) me a few (?:minutes|moments|seconds)|give me a (?:moment|minute|second|sec)|let me (?:check|look|see|find|verify|confirm)|please (?:hold|wait|allow me)|bear with me|while I (?:check|look|verify|make)|I am (?:now )?(?:checking|looking|verifying)|I'm (?:now )?(?:checking|looking|verifying)|let'?s (?:focus on|get you|move on))\b|\b(?:I|we)(?:'ll|\s+will)\s+[^.!?\n]{0,60}?\b(?:in|within)\s+(?:the\s+next\s+)?(?:[1-9]|1[0-5]|a few|few|two|three|five|ten|fifteen|a couple of)\s+(?:minutes?|mins?)\b",
        ),
        // A last sentence that asks the customer to choose or tell something, or to say
        // when they are ready ("let me know when you are ready to order"); one with a
        // condition ("please let me know if you need anything") is a closing offer instead.
        awaiting: compile(
            r"(?i)^\W*(?:(?:so|ok(?:ay)?|now|alright),?\s+)?(?:please\s+|kindly\s+)(?:let\s+(?:me|us)\s+know|tell\s+(?:me|us)|choose|select|pick|provide|share|send\s+(?:me|us)|confirm|look\s+at|have\s+a\s+look)\b|\blet\s+(?:me|us)\s+know\s+when\b",
        ),
        // A last sentence inviting the customer to look over what was laid before them
        // ("Take a look if there's anything you like", "Have a look at the menu").
        browse: compile(
            r"(?i)^\W*(?:(?:so|ok(?:ay)?|now|alright|please|kindly),?\s+)?(?:take|have)\s+a\s+(?:quick\s+)?look\b",
        ),
        // A last sentence asking the customer for a decision, even under a condition:
        // "let me know if any of them are suitable", "... whether you wish to proceed".
        // The generic condition ("if you need anything") stays a closing offer.
        decision: compile(
            r"(?i)\blet\s+(?:me|us)\s+know\s+(?:(?:if|whether)\s+(?:any\s+of\s+(?:them|these|those|the)\b|(?:one|either)\s+of\b|you(?:'d|\s+would|\s+wish|\s+want)\s+(?:like\s+)?(?:(?:me|us)\s+)?to\s+(?:proceed|go\s+ahead|order|book|buy|purchase|accept|take)\b|(?:this|that|it)\s+(?:works|suits|is\s+(?:acceptable|suitable|ok(?:ay)?))\b)|which\b|your\s+(?:choice|preference|decision)\b)|\bconfirm\s+(?:if|whether)\s+(?:you|this|that|it)\b",
        ),
        // Options laid before the customer: "I have identified three laptops", "here are
        // the options", "you can choose between".
        options: compile(
            r"(?i)\b(?:I|we)(?:\s+have|'ve)?\s+(?:found|identified|shortlisted|located)\s+(?:\d+|two|three|four|five|six|several|a\s+few|some|a\s+couple\s+of)\s|\b(?:here\s+are|these\s+are)\s+(?:the\s+|some\s+|a\s+few\s+|your\s+)?(?:\w+\s+)?(?:options|choices|alternatives)\b|\bthe\s+following\s+(?:options|choices|alternatives)\b|\byou\s+(?:can|could|may)\s+(?:choose|select|pick)\s+(?:from|between|one|either)\b",
        ),
        // An offer still waiting for the customer's yes: "I can offer you", "we would
        // like to offer".
        offer: compile(
            r"(?i)\b(?:I|we)\s+(?:can|could|would\s+like\s+to|'d\s+like\s+to|would\s+be\s+(?:happy|glad)\s+to|am\s+(?:happy|able)\s+to|are\s+(?:happy|able)\s+to)\s+offer\b",
        ),
        // ... unless the same message carries it out ("this will be credited to your
        // account", "I will now proceed with the re-order", "I will email you the code").
        offer_settled: compile(
            r"(?i)\b(?:will\s+be|has\s+been|have\s+been)\s+(?:credited|applied|added|issued|processed|sent)\b|\b(?:I|we)(?:'ve|\s+have)\s+(?:credited|applied|added|issued|processed|sent)\b|\b(?:I|we)(?:'ll|\s+will)\s+(?:now\s+)?(?:add|apply|credit|issue|email|send|proceed)\b",
        ),
        // A promise to come back with news ("I will be in touch shortly").
        follow_up: compile(
            r"(?i)\b(?:I|we)(?:['’]ll|\s+will|\s+shall)\s+(?:(?:also|personally|definitely|certainly|then|now)\s+)?(?:be\s+in\s+touch|get\s+back\s+to\s+you|(?:contact|call|update|notify|inform)\s+you|keep\s+you\s+(?:updated|posted|informed)|reach\s+out\s+to\s+you|follow\s+up\s+with\s+you)\b",
        ),
        // News the company sends by a channel ("we will keep you updated via email and
        // SMS", "you will receive the confirmation over email"): a notification, not the
        // conversation moved there.
        notice: compile(
            r"(?i)\b(?:updates?|updated|posted|informed|notif(?:y|ied|ication|ications)|confirm(?:ation|ed)?|receipt|invoice|tracking|track|receive|sent|send\s+you|alerts?)\b",
        ),
        // The customer steps away and will be back: "brb", "hold on", "give me a sec",
        // "give me 5 mins" (blind round 89).
        stepping_away: compile(
            r"(?i)\b(?:brb|be\s+right\s+back|one\s+sec(?:ond)?|g(?:imme|ive\s+me)\s+(?:a|\d{1,2}|a\s+few|a\s+couple(?:\s+of)?|two|five|ten)\s+(?:secs?|seconds?|minutes?|mins?|moments?))\b|\bhold\s+on(?:\s+a\s+(?:sec|second|minute|min|moment))?\s*(?:[.!…]|$)",
        ),
        // The customer waits in the chat: "Waiting.", "ok, I'll wait", "still waiting".
        waiting: compile(
            r"(?i)^\W*(?:(?:ok(?:ay)?|alright|fine|sure|thanks?|yes)\W+)*(?:(?:I['’]?m|I\s+am|I['’]ll|I\s+will|will|still)\s+)?(?:waiting|wait)(?:\s+for\s+(?:your|ur|the|an?)\s+(?:call|update|reply|response|news|message|callback))?(?:\s+(?:then|here|now))?\s*(?:[.!…]|$)",
        ),
        // The agent's closing offer ("Is there anything else I can do for you?"): a
        // question, but the customer who leaves without answering it is done, and the
        // agent brought the chat to its end.
        closing_offer: compile(
            r"(?i)\b(?:anything|any thing|something) (?:else|more)\b|\bany (?:other|further|more) (?:questions?|help|assistance|queries|concerns)\b|\b(?:is there|are there|do you have) any questions?\b|\bwhat else can (?:I|we)\b",
        ),
    })
}

/// A customer turn that raises something to answer: a request, a complaint, a problem.
/// Read only on social threads, so compiled apart from [`Patterns`], on first use. A
/// question word asks only before a verb of the question ("why is", "when does", "how
/// long", "which gate do"): "When you're the only one in costume" and "what a view" ask
/// nothing (blind round 97).
fn raised() -> &'static Regex {
    static RAISED: OnceLock<Regex> = OnceLock::new();
    RAISED.get_or_init(|| {
        compile(concat!(
            r"(?i)\b(?:please|pls|plz|help|need|needs|want|wanted|wants|can (?:you|u|i|we|someone)|could (?:you|u)|would (?:you|u)|wonder[a-z]*|if|whether|no",
            r"|(?:how|why|when|where|who|what|which)['’]s|(?:how|why|when|where|who|(?:what|which)(?:\s+[a-z]+)?)\s+(?:is|are|was|were|am|do|does|did|can|could|will|would|should|shall|has|have|had|may|might|must|don['’]?t|doesn['’]?t|didn['’]?t|isn['’]?t|aren['’]?t|wasn['’]?t|won['’]?t|can['’]?t|cannot|not|come|about)",
            r"|how\s+(?:much|many|long|often|soon|far|late|early|to)",
            r"|fix|fixed|refund|cancel[a-z]*|order[a-z]*|issues?|problems?|error[a-z]*|broken|break|doesn'?t|didn'?t|won'?t|can'?t|cannot|isn'?t|wasn'?t|not|never|no longer|still",
            r"|wrong|missing|lost|late|delay[a-z]*|charg[a-z]*|bill[a-z]*|account|waiting|wait|disappoint[a-z]*|worst|terrible|awful|horrible|bad|hate|annoy[a-z]*|frustrat[a-z]*|angry|upset",
            r"|complain[a-z]*|rude|unacceptable|ridiculous|seriously|wtf|smh|ugh|discontinu[a-z]*|anymore|gone|stop(?:ped)?|slow|outages?|crash[a-z]*|bugs?|glitch[a-z]*)\b",
        ))
    })
}

/// Whether a customer turn on a social thread raises something (`raised`, or a question
/// mark), courtesies aside: "No problem! It's my favourite time of year" raises nothing
/// (blind round 88).
fn raises(text: &str) -> bool {
    if text.contains('?') {
        return true;
    }
    let mut rest = text.to_lowercase();
    for courtesy in ["no problem", "not a problem", "no worries"] {
        rest = rest.replace(courtesy, " ");
    }
    raised().is_match(&rest)
}

/// Reads how `t` ended.
pub(crate) fn of(t: &Transcript) -> State {
    let p = patterns();
    let real: Vec<usize> = (0..t.turns.len())
        .filter(|&i| {
            matches!(t.turns[i].speaker, Speaker::Agent | Speaker::Customer)
                && !t.turns[i].text.trim().is_empty()
        })
        .collect();
    let last_agent_turn = real
        .iter()
        .rev()
        .copied()
        .find(|&i| t.turns[i].speaker == Speaker::Agent);
    let Some(&last) = real.last() else {
        return State::default();
    };
    // The customer said they are done in their last turns, or announced their last request
    // ("lastly", "before I let you go") in the last ten turns and the agent answered it.
    let customer_done = real
        .iter()
        .rev()
        .take(4)
        .any(|&i| t.turns[i].speaker == Speaker::Customer && p.done.is_match(&t.turns[i].text))
        || real.iter().rev().take(LAST_REQUEST_WINDOW).any(|&i| {
            t.turns[i].speaker == Speaker::Customer
                && last_agent_turn.is_some_and(|a| a > i)
                && p.last_request.is_match(&t.turns[i].text)
        });
    // Customer turns after the agent's last one that only thank or say goodbye.
    let trailing_courtesy = last_agent_turn.is_some_and(|a| {
        real.iter()
            .filter(|&&i| i > a)
            .all(|&i| p.courtesy.is_match(t.turns[i].text.trim()))
    });
    let ended_by_agent = t.turns[last].speaker == Speaker::Agent || trailing_courtesy;
    let cut_off = if !ended_by_agent {
        Some(CutOff::CustomerWroteLast)
    } else {
        let whole = last_agent_turn.map_or("", |a| t.turns[a].text.trim());
        // A social reply's sign-off, part marker and trailing link are not its last
        // sentence: "What store does this happen in? Dan" still asks.
        let (agent_text, part) = body(whole);
        if t.turns[last].speaker == Speaker::Agent
            && part.is_some_and(|(n, of)| n < of && !later_part_before(t, &real, n, of))
        {
            // "… 1/2" with no second part: the reply was cut off mid-way.
            Some(CutOff::InProgress)
        } else if t.turns[last].speaker == Speaker::Agent
            && open_question(agent_text).is_some_and(|q| !p.closing_offer.is_match(q))
        {
            Some(CutOff::QuestionUnanswered)
        } else if hands_off(p, agent_text)
            || (p.courtesy.is_match(agent_text) && handed_off_before(p, t, &real, last_agent_turn))
        {
            Some(CutOff::HandedOff)
        } else if p.working.is_match(agent_text) {
            Some(CutOff::InProgress)
        } else if t.turns[last].speaker == Speaker::Agent
            && (tries_a_step(p, agent_text) || awaits_reply(p, agent_text))
        {
            Some(CutOff::AwaitingCustomer)
        } else if t.turns[last].speaker == Speaker::Agent && awaits_decision(p, agent_text) {
            Some(CutOff::PendingDecision)
        } else if on_hold(p, t, &real, last_agent_turn) {
            Some(CutOff::InProgress)
        } else {
            None
        }
    };
    let social = t
        .channel
        .as_deref()
        .is_some_and(|c| matches!(c, "social" | "twitter" | "x" | "facebook" | "instagram"));
    // A thread that starts with the agent's reply lacks the customer's first post: what
    // it raised is not known (blind round 84).
    let nothing_raised = social
        && real
            .first()
            .is_some_and(|&i| t.turns[i].speaker == Speaker::Customer)
        && real
            .iter()
            .all(|&i| t.turns[i].speaker != Speaker::Customer || !raises(&t.turns[i].text));
    State {
        last_agent_turn,
        ended_by_agent,
        cut_off,
        customer_done,
        nothing_raised,
    }
}

/// Whether `text` moves the conversation to another channel (`handoff`). A channel named
/// only for news sent to the customer ("we will keep you updated via email and SMS", "you
/// will receive a confirmation over email") is a notification: the conversation stays
/// where it is. Read sentence by sentence.
fn hands_off(p: &Patterns, text: &str) -> bool {
    if !p.handoff.is_match(text) {
        return false;
    }
    text.split_inclusive(['.', '!', '?', '\n']).any(|sentence| {
        let chars = Chars::of(sentence);
        p.handoff.find_iter_in(sentence, chars).any(|m| {
            let found = &sentence.as_bytes()[m.range()];
            let by_channel = [&b"via "[..], b"over "].iter().any(|prefix| {
                found
                    .get(..prefix.len())
                    .is_some_and(|s| s.eq_ignore_ascii_case(prefix))
            });
            !(by_channel && p.notice.is_match(sentence))
        })
    })
}

/// Whether the chat is on hold: the customer's last turn before the agent's last one says
/// they are waiting ("Waiting.", "ok, I'll wait") and the agent answers that they will be
/// back ("I will be in touch shortly"), or says they stepped away and will be back
/// ("brb", "give me a sec") and the agent's was the last turn. The agent is still at work
/// on the matter, as with `working`; a hand-off or a callback promised to a customer who
/// is not waiting in the chat ends it (the guideline: "resolved or handed over").
fn on_hold(p: &Patterns, t: &Transcript, real: &[usize], last_agent: Option<usize>) -> bool {
    let Some(a) = last_agent else {
        return false;
    };
    let before = real
        .iter()
        .rev()
        .copied()
        .filter(|&i| i < a)
        .find(|&i| t.turns[i].speaker == Speaker::Customer);
    let Some(c) = before else {
        return false;
    };
    let agent = &t.turns[a].text;
    if p.closing_offer.is_match(agent) {
        return false;
    }
    // A customer who stepped away to do something ("ok will do it now brb") comes back
    // to the chat, whatever the agent answered meanwhile ("I will remain available").
    (p.waiting.is_match(&t.turns[c].text) && p.follow_up.is_match(agent))
        || (real.last() == Some(&a) && p.stepping_away.is_match(&t.turns[c].text))
}

/// Real turns looked back for the customer's announced last request.
const LAST_REQUEST_WINDOW: usize = 10;

/// Whether a message gives the customer a step to try whose result is still to come: a
/// trial anywhere in it ("let's update to iOS 11.1, then test to see if the
/// issue persists"), unless it also offers further help ("anything else?") or hands the
/// matter back to the customer ("if the problem continues, reach back out": the agent
/// ends the conversation there; blind round 82).
fn tries_a_step(p: &Patterns, text: &str) -> bool {
    // One pass over the message (its sentence starts are in the pattern), and the rarer
    // exceptions only after a match: this runs on every conversation's last turn.
    p.trial.is_match(text) && !p.closing_offer.is_match(text) && !p.come_back.is_match(text)
}

/// Whether a message's last sentence asks the customer, in the imperative, to choose or
/// tell something, without a condition ("if you need anything").
fn awaits_reply(p: &Patterns, text: &str) -> bool {
    let last = last_sentence(text);
    // An invitation to browse waits for the customer's pick, with a condition too ("Take
    // a look if there's anything you like"), unless it offers further help ("have a look
    // at our FAQ if you have any other questions").
    if p.browse.is_match(last) {
        return !p.closing_offer.is_match(last);
    }
    p.awaiting.is_match(last)
        && !last
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case("if") || w.eq_ignore_ascii_case("any"))
}

/// Whether a message leaves a decision to the customer: it asks for their choice ("let me
/// know if any of them are suitable"), lays options before them ("I have identified three
/// laptops"), or makes an offer it does not carry out ("I can offer you a credit of ₹200").
/// A closing offer in the last sentence ("anything else?") hands the chat back as closed.
fn awaits_decision(p: &Patterns, text: &str) -> bool {
    let last = last_sentence(text);
    if p.closing_offer.is_match(last) {
        return false;
    }
    p.decision.is_match(last)
        || p.options.is_match(text)
        || (p.offer.is_match(text) && !p.offer_settled.is_match(text))
}

/// The last sentence of a message (its question, if it ends with one).
fn last_sentence(text: &str) -> &str {
    text.trim_end()
        .trim_end_matches(['?', '!', '.', ' '])
        .rsplit(['.', '!', '?', '\n'])
        .next()
        .unwrap_or("")
}

/// A message without the @handles a social reply opens with and what it puts after its
/// last sentence: sign-offs
/// ("^JD", "*TBT", "-Kirsty", "/KB", "~ Ellen", "- BH", a bare "Dan" or "EE" after the final
/// punctuation), a part marker ("1/2", returned as `(1, 2)`) and links. Up to four such
/// tokens are taken off the end; the rest of the message is returned as it is.
/// The marks a social sign-off opens with: "^JD", "*TBT", "~ Ellen", "-Kirsty", "/KB".
const SIGN_OFF_MARKS: [char; 7] = ['^', '*', '~', '-', '–', '—', '/'];

fn body(text: &str) -> (&str, Option<(u32, u32)>) {
    let mut t = text.trim();
    // The @handles a social reply opens with address it; they are not its first words.
    while let Some(rest) = t.strip_prefix('@') {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        t = rest[end..].trim_start();
    }
    let mut part = None;
    for _ in 0..4 {
        let (head, last) = match t.rfind(char::is_whitespace) {
            Some(i) => (t[..i].trim_end(), t[i..].trim_start()),
            None => ("", t),
        };
        // The marker standing alone before a name ("- Nick", "~ Ellen").
        let lone_mark = head
            .strip_suffix(SIGN_OFF_MARKS)
            .filter(|h| h.is_empty() || h.ends_with(char::is_whitespace));
        if last.starts_with("http://") || last.starts_with("https://") {
            t = head;
        } else if let Some(p) = part_marker(last) {
            part = part.or(Some(p));
            t = head;
        } else if let (Some(h), true) = (lone_mark, is_signature_name(last)) {
            t = h.trim_end();
        } else if let Some(at) = signature_mark(last) {
            t = t[..t.len() - last.len() + at].trim_end();
        } else if is_signature_name(last) && head.ends_with(['.', '!', '?', ')']) {
            // "… in? Dan", "… soon! Reid": one capitalised word or initials after the end.
            t = head;
        } else {
            break;
        }
    }
    (t, part)
}

/// The part marker of a reply split over several messages ("… 2/2 ^K" gives `(2, 2)`),
/// read as the conversation state reads it: after the sign-off and links are set aside.
pub(crate) fn split_part(text: &str) -> Option<(u32, u32)> {
    body(text).1
}

/// Whether the agent turn just before the last one carries a later part of the same split
/// reply ("… 2/2" then "… 1/2"): a social thread read back in time order often holds
/// the parts of one reply the wrong way round (blind round 79).
fn later_part_before(t: &Transcript, real: &[usize], n: u32, of: u32) -> bool {
    real.iter()
        .rev()
        .skip(1)
        .take_while(|&&i| t.turns[i].speaker == Speaker::Agent)
        .any(|&i| {
            body(t.turns[i].text.trim())
                .1
                .is_some_and(|(k, m)| m == of && k > n)
        })
}

/// Whether the agent's turn before their last one moved the conversation elsewhere, the
/// last being only a courtesy: "Can you DM us what happened?" … "Thanks!" (blind round
/// 83).
fn handed_off_before(p: &Patterns, t: &Transcript, real: &[usize], last: Option<usize>) -> bool {
    let Some(last) = last else {
        return false;
    };
    real.iter()
        .rev()
        .filter(|&&i| i < last && t.turns[i].speaker == Speaker::Agent)
        .take(1)
        .any(|&i| hands_off(p, body(t.turns[i].text.trim()).0))
}

/// Where a sign-off starts in the last token of a message: a marker and a name ("^JD",
/// "*TBT", "-Kirsty"), alone or glued to the final punctuation ("this.-JC"), or initials
/// glued to it ("much?EE").
fn signature_mark(token: &str) -> Option<usize> {
    let after_end = |i: usize| i == 0 || token[..i].ends_with(['.', '!', '?', ')']);
    if let Some(i) = token.find(SIGN_OFF_MARKS).filter(|&i| after_end(i)) {
        let name = token[i..].trim_start_matches(SIGN_OFF_MARKS);
        let letters = name.chars().count();
        return (letters > 0 && letters <= 12 && name.chars().all(char::is_alphabetic))
            .then_some(i);
    }
    let i = token.rfind(['.', '!', '?'])? + 1;
    let tail = &token[i..];
    (i > 1 && (2..=3).contains(&tail.len()) && tail.bytes().all(|b| b.is_ascii_uppercase()))
        .then_some(i)
}

/// A part marker of a reply split over several messages: "1/2", "(2/3)".
fn part_marker(token: &str) -> Option<(u32, u32)> {
    let (n, of) = token.trim_matches(['(', ')']).split_once('/')?;
    let n: u32 = n.parse().ok()?;
    let of: u32 = of.parse().ok()?;
    (n >= 1 && n <= of && of <= 9).then_some((n, of))
}

/// A sign-off name: a capitalised word of letters ("Dan", "Becky") or initials ("EE",
/// "TN"), at most 12 letters.
fn is_signature_name(token: &str) -> bool {
    let mut chars = token.chars();
    chars.next().is_some_and(char::is_uppercase)
        && token.chars().all(char::is_alphabetic)
        && token.chars().count() <= 12
        && token != "I"
}

/// The question a message ends with, still waiting for its answer: its last sentence is a
/// question, or a question is followed only by one short remark ("Do you know where the
/// battery is? It may look like this."; blind round 83). The question's sentence is
/// returned, to tell a closing offer ("Anything else? Have a great day.") from it.
fn open_question(text: &str) -> Option<&str> {
    let text = text.trim_end_matches(|c: char| c.is_whitespace() || "\"')]}".contains(c));
    let mark = text.rfind('?')?;
    let after = &text[mark + 1..];
    let tail_words = after.split_whitespace().count();
    if tail_words > SHORT_REMARK_WORDS || after.trim_end_matches(['.', '!']).contains(['.', '!']) {
        return None;
    }
    let question = &text[..mark];
    let start = question.rfind(['.', '!', '?', '\n']).map_or(0, |i| i + 1);
    let question = question[start..].trim();
    // A tag ("You can pick it up at the bar, ok? Thanks.") asks nothing.
    let tag = question.rsplit_once(',').is_some_and(|(_, t)| {
        ["ok", "okay", "alright", "right"]
            .iter()
            .any(|w| t.trim().eq_ignore_ascii_case(w))
    });
    (tail_words == 0 || !tag).then_some(question)
}

/// Words of a remark after a closing question that leave the question open.
const SHORT_REMARK_WORDS: usize = 6;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Turn;

    #[test]
    fn patterns_compile() {
        let p = patterns();
        for re in [
            &p.courtesy,
            &p.done,
            &p.last_request,
            &p.handoff,
            &p.working,
            &p.trial,
            &p.come_back,
            &p.awaiting,
            &p.browse,
            &p.decision,
            &p.options,
            &p.offer,
            &p.offer_settled,
            &p.closing_offer,
            &p.follow_up,
            &p.waiting,
            &p.stepping_away,
            &p.notice,
        ] {
            assert!(re.builds());
        }
        assert!(raised().builds());
        assert!(p.done.is_match("ok that's all, bye"));
        // "I am good" is "I'm good" spelt out (blind round 72)
        assert!(p.done.is_match("Nope, I am good. Thanks!"));
        assert!(p.done.is_match("I'm good now"));
        // a farewell spelt long is one (blind round 72)
        assert!(p
            .done
            .is_match("Ok thanks for all the help I'm happy again! Byeeeeeee"));
        assert!(p.done.is_match("Thanks you goodbyee"));
        assert!(!p.done.is_match("I want to go to Byers Street"));
        assert!(p.closing_offer.is_match("Is there anything else I can do?"));
        assert!(p
            .closing_offer
            .is_match("Sorry, there was an error, any thing else?"));
    }

    fn conv(turns: &[(Speaker, &str)]) -> Transcript {
        Transcript::new(
            "t",
            turns
                .iter()
                .map(|(s, x)| Turn::new(s.clone(), *x))
                .collect(),
        )
    }

    #[test]
    fn a_social_replys_sign_off_part_marker_and_link_are_not_its_last_sentence() {
        assert_eq!(body("What store is it? Dan").0, "What store is it?");
        assert_eq!(body("How much was it?EE").0, "How much was it?");
        assert_eq!(body("Glad to help. ^DP").0, "Glad to help.");
        assert_eq!(body("Please DM us. Thanks - Kirsty").0, "Please DM us.");
        assert_eq!(body("Any news? ~ Ellen").0, "Any news?");
        assert_eq!(body("Happy to help.-JC").0, "Happy to help.");
        assert_eq!(body("@123 @shop Thanks! ^AB").0, "Thanks!");
        assert_eq!(body("How did it go? /KB").0, "How did it go?");
        assert_eq!(body("Send it and/or call").0, "Send it and/or call");
        assert_eq!(body("All fixed *HCK https://t.co/x").0, "All fixed");
        assert_eq!(
            body("I have e-mailed the manager. 1/2"),
            ("I have e-mailed the manager.", Some((1, 2)))
        );
        // words of the message stay
        assert_eq!(body("Send it by e-mail").0, "Send it by e-mail");
        assert_eq!(body("It ships on Friday.").0, "It ships on Friday.");
        assert_eq!(body("The code is ABC-123").0, "The code is ABC-123");
        assert_eq!(body("I will call you at 5-6").0, "I will call you at 5-6");
    }

    #[test]
    fn social_threads_cut_off_mid_reply_or_moved_by_link() {
        use Speaker::{Agent, Customer};
        let ended = |agent: &str| {
            of(&conv(&[
                (Customer, "@shop the app will not let me sign in"),
                (Agent, "@123 Sorry about that! Which phone do you use? ^AB"),
                (Customer, "@shop an old Android"),
                (Agent, agent),
            ]))
        };
        // a question before the sign-off still waits for its answer
        assert_eq!(
            ended("@123 Thanks. Which store was it? Dan").cut_off,
            Some(CutOff::QuestionUnanswered)
        );
        assert_eq!(
            ended("@123 When did it start?EE").cut_off,
            Some(CutOff::QuestionUnanswered)
        );
        // part 1 of 2 with no part 2: the reply was cut off
        assert_eq!(
            ended("@123 I have passed this to the app team. 1/2").cut_off,
            Some(CutOff::InProgress)
        );
        // the conversation moves to a form or a chat behind a link
        for moved in [
            "@123 Please connect with us here so we can help: https://t.co/x ^MO",
            "@123 At your convenience, include your details here: https://t.co/x",
            "@123 Click the link to get started. https://t.co/x ^JAY",
        ] {
            assert_eq!(ended(moved).cut_off, Some(CutOff::HandedOff), "{moved}");
        }
        // the parts of one reply the wrong way round
        let swapped = of(&conv(&[
            (Customer, "@shop the app will not let me sign in"),
            (Agent, "@123 You can also reinstall it. 2/2"),
            (Agent, "@123 Sorry! Please update the app first. 1/2"),
        ]));
        assert!(swapped.agent_closed());
        // a step to try, its result still to come, pauses the conversation
        for trial in [
            "@123 Got it. Let's update to version 11.1, then test to see if the issue persists.",
            "@123 A clean reinstall should help: https://t.co/x. Let us know how it plays out /KB",
            "@123 Gotcha, let's make sure the app is up to date and see if the login works then. ^JS",
        ] {
            assert_eq!(ended(trial).cut_off, Some(CutOff::AwaitingCustomer), "{trial}");
        }
        assert_eq!(
            ended("@123 Also try resetting your preferences: https://t.co/x ^Wren").cut_off,
            Some(CutOff::AwaitingCustomer)
        );
        // ... unless the matter is handed back for good (blind round 82)
        assert!(ended("@123 We recommend updating, then testing to see if the issue persists. If the problem continues, reach back out.").agent_closed());
        // ... unless further help is offered too
        assert!(
            ended("@123 Reinstall it and let us know if that helps. Anything else?").agent_closed()
        );
        // moved to a secure chat, or to the phone
        for moved in [
            "@123 Please log in at https://t.co/x and we will continue our conversation there.",
            "@123 Please contact us here for real-time help: https://t.co/x",
            "@123 Please reach out to us by calling 866-216-1072.",
        ] {
            assert_eq!(ended(moved).cut_off, Some(CutOff::HandedOff), "{moved}");
        }
        // the last part of a split reply, and a plain answer, end the conversation
        assert!(ended("@123 The fix is in version 2.1. 2/2 ^ZM").agent_closed());
        assert!(ended("@123 Update the app and it will work again. -Becky").agent_closed());
        // an e-mail to look in is news, not a move to another channel
        assert!(
            ended("The code was sent. Please check your inbox, including spam.").agent_closed()
        );
    }

    #[test]
    fn a_question_before_a_short_remark_is_still_open() {
        use Speaker::{Agent, Customer};
        let ended = |agent: &str| {
            of(&conv(&[
                (Customer, "My internet is down"),
                (Agent, "Is it down on every device?"),
                (Customer, "yes"),
                (Agent, agent),
            ]))
        };
        assert_eq!(
            ended("Do you know where the backup battery is? It may look like this. ^JAY https://t.co/x").cut_off,
            Some(CutOff::QuestionUnanswered)
        );
        // a tag asks nothing, a closing offer closes, a longer answer after it closes
        assert!(ended("You can pick it up at the bar shortly, ok? Thanks.").agent_closed());
        assert!(ended("Is there anything else I can do? Have a great day.").agent_closed());
        assert!(
            ended("Shall I? I have reset the line and the speed is back to normal now.")
                .agent_closed()
        );
        // the last of several questions is the one still open
        assert_eq!(
            ended("Thanks! Could you try resetting it? Let me know.").cut_off,
            Some(CutOff::QuestionUnanswered)
        );
    }

    #[test]
    fn a_courtesy_after_a_hand_off_keeps_the_hand_off() {
        use Speaker::{Agent, Customer};
        let t = conv(&[
            (Customer, "@shop my order never came"),
            (
                Agent,
                "@1 We hate to hear this. Can you DM us what happened?",
            ),
            (Customer, "@shop done"),
            (Agent, "@1 Thanks!"),
        ]);
        assert_eq!(of(&t).cut_off, Some(CutOff::HandedOff));
        // a courtesy after an answer closes
        let t = conv(&[
            (Customer, "@shop when do you open?"),
            (Agent, "@1 At 9 every day."),
            (Customer, "@shop great"),
            (Agent, "@1 Thanks!"),
        ]);
        assert!(of(&t).agent_closed());
    }

    #[test]
    fn social_banter_raises_nothing_to_close() {
        use Speaker::{Agent, Customer};
        let social = |turns: &[(Speaker, &str)]| {
            let mut t = conv(turns);
            t.channel = Some("social".into());
            of(&t)
        };
        let banter = [
            (
                Customer,
                "Best treat of the week is always the burrito from @shop!",
            ),
            (Agent, "@1 Agreed. What did you order?"),
            (Customer, "@shop The big bowl, it was delicious! Thank you!"),
            (Agent, "@1 You're very welcome, my friend."),
        ];
        let state = social(&banter);
        assert!(state.nothing_raised && !state.agent_closed());
        // the same words in a chat are judged
        assert!(of(&conv(&banter)).agent_closed());
        // a question or a problem is something to close
        for raised in [
            "@shop why is the app so slow today",
            "@shop Is the store open on Sunday?",
            "@shop my order is missing the drink",
        ] {
            let state = social(&[
                (Customer, raised),
                (Agent, "@1 Sorry about that! It is fixed now."),
                (Customer, "@shop great"),
                (Agent, "@1 Have a good one."),
            ]);
            assert!(!state.nothing_raised && state.agent_closed(), "{raised}");
        }
        // a courtesy raises nothing; a problem named beside it still does
        let thanks = |reply: &str| {
            social(&[
                (Customer, "Love the pumpkins this year @shop!"),
                (Agent, "@1 Thanks for sharing, glad you like them."),
                (Customer, reply),
                (Agent, "@1 Have a lovely weekend."),
            ])
        };
        assert!(thanks("@shop No problem! Best time of year :)").nothing_raised);
        assert!(!thanks("@shop No problem, but the app is broken").nothing_raised);
        // a question word asks before a verb of the question; praise of the service and
        // a story told with "when" raise nothing (blind round 97)
        let opening = |first: &str| {
            social(&[
                (Customer, first),
                (Agent, "@1 Love it, thanks for sharing!"),
                (Customer, "@shop Thank you"),
                (Agent, "@1 Have a great week."),
            ])
        };
        for praise in [
            "When you're the only one in costume at @shop",
            "Excellent service tonight @shop, everyone was so kind!",
            "What a view from my window seat @shop",
        ] {
            assert!(opening(praise).nothing_raised, "{praise}");
        }
        for asked in [
            "@shop which gate does the Lima flight leave from",
            "@shop how long is the wait at the counter today",
            "@shop when are you open on Sunday",
            "@shop what's the baggage allowance",
        ] {
            assert!(!opening(asked).nothing_raised, "{asked}");
        }
    }

    #[test]
    fn more_hand_offs_and_steps_to_try() {
        use Speaker::{Agent, Customer};
        let last = |agent: &str| {
            of(&conv(&[
                (Customer, "My refund never arrived."),
                (
                    Agent,
                    "Sorry to hear that. Have you checked with your bank?",
                ),
                (Customer, "yes, nothing there"),
                (Agent, agent),
            ]))
            .cut_off
        };
        assert_eq!(
            last("I'd like our team to look into this. Please reach out here: https://example.com/help"),
            Some(CutOff::HandedOff)
        );
        assert_eq!(
            last("Please update the app and let us know, and we'll continue from there."),
            Some(CutOff::AwaitingCustomer)
        );
        // asked to contact the company or one of its teams by a link or another channel
        for moved in [
            "Please use this link instead to get in touch with us: https://example.com/c",
            "It would be best to reach our billing team by phone.",
            "Could you contact our refunds team here: https://example.com/r ^AB",
            "You can also request a call back here https://example.com/cb",
            "Please post this in our community forums: https://example.com/f",
        ] {
            assert_eq!(last(moved), Some(CutOff::HandedOff), "{moved}");
        }
        // news sent by e-mail, a call back the agent requests, and a step put to the
        // customer with nothing to report back are no move: the conversation ended here
        // (blind rounds 36 and 96)
        for ended in [
            "The label is in your e-mail. Please check your inbox, including the spam folder.",
            "I will request a call back from the courier for you.",
            "Kindly top up some credit to enable the reversal.",
            "Put two zeros in front of the number you have.",
        ] {
            assert_eq!(last(ended), None, "{ended}");
        }
    }

    #[test]
    fn news_sent_by_a_channel_is_no_hand_off() {
        use Speaker::{Agent, Customer};
        let ended = |agent: &str| {
            of(&conv(&[
                (Customer, "Where is my replacement?"),
                (Agent, "It ships today."),
                (Customer, "ok keep me posted"),
                (Agent, agent),
            ]))
        };
        // a notification by e-mail or SMS: the conversation stays here
        assert!(ended("We will keep you updated via email and SMS.").agent_closed());
        assert!(ended("You will receive the tracking number over email.").agent_closed());
        // the conversation moved to another channel
        for moved in [
            "Please contact us via email at help@example.com.",
            "Let's continue over the phone.",
            "Send us a DM with your order number.",
            "We will keep you updated. For anything else, reach us via DM.",
        ] {
            assert_eq!(ended(moved).cut_off, Some(CutOff::HandedOff), "{moved}");
        }
    }

    #[test]
    fn a_hold_the_customer_waits_out_is_no_ending() {
        use Speaker::{Agent, Customer};
        // the customer waits in the chat and the agent will be back: still at work
        let s = of(&conv(&[
            (Customer, "Where is my parcel?"),
            (
                Agent,
                "I have asked the courier and will update you in an hour.",
            ),
            (Customer, "ok, waiting."),
            (Agent, "Thank you. I will be in touch shortly."),
        ]));
        assert_eq!(s.cut_off, Some(CutOff::InProgress));
        // a callback promised to a customer who is not waiting ends it (handed over)
        let s = of(&conv(&[
            (Customer, "Where is my parcel?"),
            (
                Agent,
                "I have escalated it; our team will call you within 24 hours.",
            ),
            (Customer, "ok thanks"),
            (Agent, "We will be in touch shortly."),
        ]));
        assert!(s.agent_closed());
        // waiting, but the agent's last word closes ("anything else?")
        let s = of(&conv(&[
            (Customer, "Where is my parcel?"),
            (Agent, "It arrives tomorrow."),
            (Customer, "ok I'll wait"),
            (
                Agent,
                "I will update you tomorrow. Is there anything else I can do?",
            ),
        ]));
        assert_eq!(s.cut_off, None);
        // an invitation to browse waits for the customer's pick, condition or not
        let s = of(&conv(&[
            (Customer, "No, what drinks do you have?"),
            (
                Agent,
                "We have several teas. Take a look if there's anything you like.",
            ),
        ]));
        assert_eq!(s.cut_off, Some(CutOff::AwaitingCustomer));
        let s = of(&conv(&[
            (Customer, "Thanks!"),
            (
                Agent,
                "Have a look at our FAQ if you have any other questions.",
            ),
        ]));
        assert_eq!(s.cut_off, None);
        // "Wait, what?" is no waiting
        let p = patterns();
        assert!(!p.waiting.is_match("Wait, what? That is not my order"));
        assert!(p.waiting.is_match("ok, waiting for your call then."));
        assert!(p.waiting.is_match("Ok, waiting"));
        assert!(p.waiting.is_match("Okay, waiting"));
        assert!(p.waiting.is_match("fine. waiting."));
        assert!(p.waiting.is_match("ok I'll wait. but hurry"));
        assert!(!p.waiting.is_match("why am I waiting so long for this"));
        assert!(p
            .done
            .is_match("Thanks so much! I'll leave it at that for now."));
        assert!(p.done.is_match("Thanks. That will do it for me."));
        assert!(p
            .done
            .is_match("Okay, that's great. That'll be everything."));
        // accepting an option is not being done
        assert!(!p.done.is_match("Yes, that will do."));
    }

    #[test]
    fn endings() {
        use Speaker::{Agent, Customer};
        let s = of(&conv(&[
            (Customer, "Where is my order?"),
            (Agent, "It arrives on Friday."),
        ]));
        assert!(s.agent_closed());
        let s = of(&conv(&[
            (Agent, "Hi!"),
            (Customer, "My order never arrived"),
        ]));
        assert_eq!(s.cut_off, Some(CutOff::CustomerWroteLast));
        let s = of(&conv(&[
            (Customer, "Hi"),
            (Agent, "Could you give me your order number?"),
        ]));
        assert_eq!(s.cut_off, Some(CutOff::QuestionUnanswered));
        let s = of(&conv(&[
            (Customer, "@brand my bill is wrong"),
            (
                Agent,
                "Sorry to hear that! Please send us a DM with your account number.",
            ),
        ]));
        assert_eq!(s.cut_off, Some(CutOff::HandedOff));
        let s = of(&conv(&[
            (Customer, "Where is it?"),
            (Agent, "It ships today."),
            (Customer, "Great, thanks! Bye"),
        ]));
        assert!(s.agent_closed() && s.customer_done);
        let s = of(&conv(&[
            (Customer, "Where is it?"),
            (Agent, "It ships today."),
            (Customer, "Thanks, but I still need the invoice."),
        ]));
        assert!(!s.ended_by_agent);
        let s = of(&conv(&[
            (Customer, "What drinks do you have?"),
            (
                Agent,
                "We have teas. Please look at the menu for specifics.",
            ),
        ]));
        assert_eq!(s.cut_off, Some(CutOff::AwaitingCustomer));
        let s = of(&conv(&[
            (Customer, "Where is it?"),
            (
                Agent,
                "It ships today. Please let me know if you need anything.",
            ),
        ]));
        assert!(s.agent_closed());
        // A promised call back is not a hand-off: the chat itself still had to close
        // properly (the labelled set counts a missing check there).
        let s = of(&conv(&[
            (Customer, "Is it fixed?"),
            (
                Agent,
                "I have asked the courier. I will personally call you to confirm.",
            ),
        ]));
        assert!(s.agent_closed());
        let s = of(&conv(&[
            (Customer, "Book a table."),
            (Agent, "Shall I book 6:30?"),
            (Customer, "No, don't bother. I'm set."),
            (Agent, "No problem. See you around."),
        ]));
        assert!(s.agent_closed() && s.customer_done);
        let s = of(&conv(&[
            (Customer, "Before I let you go, I need room service."),
            (Agent, "Room number?"),
            (Customer, "99"),
            (Agent, "What would you like?"),
            (Customer, "A club sandwich."),
            (Agent, "Your request has been submitted."),
        ]));
        assert!(s.agent_closed() && s.customer_done);
        // The closing offer left unanswered: the agent closed the chat; any other last
        // question still waits for its answer.
        let s = of(&conv(&[
            (Customer, "Book flight 466."),
            (Agent, "Right, your flight is now reserved!"),
            (Customer, "Get lost"),
            (Agent, "Is there anything else that I can do for you?"),
        ]));
        assert!(s.agent_closed());
        let s = of(&conv(&[
            (Customer, "Book flight 466."),
            (Agent, "Done. Is there anything else on the booking, like the seat, that you would like to change? Which seat do you want?"),
        ]));
        assert_eq!(s.cut_off, Some(CutOff::QuestionUnanswered));
        // The agent is coming back within a few minutes: the chat is not over. An update
        // promised for later (half an hour, the hour) closes the chat with a follow-up.
        let s = of(&conv(&[
            (Customer, "Where is my refund?"),
            (
                Agent,
                "I will check with the bank and come back to you within the next two minutes.",
            ),
        ]));
        assert_eq!(s.cut_off, Some(CutOff::InProgress));
        let s = of(&conv(&[
            (Customer, "Where is my refund?"),
            (Agent, "I will closely monitor it and update you within 30 minutes. Thank you for your patience."),
        ]));
        assert!(s.agent_closed());
        let s = of(&conv(&[
            (Customer, "A latte please."),
            (Agent, "Your latte will be ready in 5 minutes. Enjoy!"),
        ]));
        assert!(s.agent_closed(), "a delivery time is no hold");
        // "let me know when you are ready" waits for the order.
        let s = of(&conv(&[
            (Customer, "What are my options?"),
            (
                Agent,
                "Here's the menu, let me know when you are ready to order.",
            ),
        ]));
        assert_eq!(s.cut_off, Some(CutOff::AwaitingCustomer));
        // Options laid out or an offer made, and the customer has not chosen or accepted:
        // the chat waits for their decision (blind rounds 8 and 9: "not concluded").
        for last in [
            "I have found three dresses like it. Please review them and let me know if any of them are suitable.",
            "I have identified three laptops. They are the HP Envy, the Dell XPS 13 and the Lenovo Yoga.",
            "I can offer you a promotional credit of 200 to your account. I hope this helps.",
            "Here are the available options: a refund or a replacement.",
            "The replacement ships on Monday. Let me know if you wish to proceed.",
        ] {
            let s = of(&conv(&[(Customer, "My dress never came."), (Agent, last)]));
            assert_eq!(s.cut_off, Some(CutOff::PendingDecision), "{last}");
        }
        // An offer carried out in the same message, a generic condition, or a closing
        // offer at the end: the agent closed the chat.
        for last in [
            "I can offer you a credit of 500. This will be credited to your account immediately.",
            "We can offer a 5% discount on your next order. I will email you the code.",
            "Your refund is done. Please let me know if you need anything else.",
            "I have found two sellers and sent you both links. Is there anything else I can help with?",
        ] {
            let s = of(&conv(&[(Customer, "My dress never came."), (Agent, last)]));
            assert!(s.agent_closed(), "{last}");
        }
        // The customer's reply after the offer ("ok thanks") settles it.
        let s = of(&conv(&[
            (Customer, "My dress never came."),
            (Agent, "I can offer you a credit of 200."),
            (Customer, "Ok, thanks."),
        ]));
        assert!(s.agent_closed());
        for last in [
            "Thanks a bunch. That should do it, for now.",
            "No not right now, thanks for everything",
        ] {
            let s = of(&conv(&[
                (Customer, "Book a cab."),
                (Agent, "Your cab is on its way."),
                (Customer, last),
                (Agent, "Enjoy the rest of your day!"),
            ]));
            assert!(s.customer_done, "{last}");
        }
        // A sign-off in chat shorthand; "it's all" closing a turn is "that's all".
        for last in ["Good to know. See ya.", "Thank you so much it's all"] {
            let s = of(&conv(&[
                (Customer, "What is my balance?"),
                (Agent, "It is $120."),
                (Customer, last),
                (Agent, "Have an amazing day."),
            ]));
            assert!(s.customer_done, "{last}");
        }
        // "it's all" inside a complaint is no sign-off.
        let s = of(&conv(&[
            (Customer, "The parcel came and it's all wrong."),
            (Agent, "I have sent a replacement."),
        ]));
        assert!(!s.customer_done);
        // Dismissing the agent, and "that is what I want" with thanks, end it (blind
        // rounds 37, 46 and 47); "that is what I want" confirming an order does not.
        for last in [
            "Thank you you can go now.",
            "Thank you so much for your help. That is what I want now.",
            "That's what I needed, thanks!",
            // the customer saying in other words that they need nothing more (the
            // eighteenth session's reading of closing findings)
            "Thanks for the help. I need nothing further.",
            "Thanks! That is just what I needed.",
            "Sounds good. That is what I needed.",
            "That sounds great. That should be everything.",
            "Not at this time, thanks. That's about all I really need for now.",
            "I like the sound of that. That's the only thing I need.",
            "I'm glad it worked, I no longer need your services.",
            "Great help, my friend, and we're done.",
            "I'm sure you can. But I am good to go.",
            "Not right now. You can take a break.",
            "great, you can shut down now.",
            // blind round 64
            "awesome. Thank you! All done now. These questions are too hard! lol",
            "Thanks for your help. I am finished.",
        ] {
            let s = of(&conv(&[
                (Customer, "Book a cab."),
                (Agent, "Your cab is on its way."),
                (Customer, last),
                (Agent, "Have a fantastic day."),
            ]));
            assert!(s.customer_done, "{last}");
        }
        // Being done with a step, a part of "everything", or the thing itself is not
        // being done with the conversation.
        for last in [
            "I'm done with the payment, what next?",
            "Is that everything in the box?",
            "We are done waiting, where is it?",
        ] {
            let s = of(&conv(&[
                (Customer, "Book a cab."),
                (Agent, "Your cab is on its way."),
                (Customer, last),
                (Agent, "It arrives at 5 pm."),
            ]));
            assert!(!s.customer_done, "{last}");
        }
        // A customer who stepped away comes back: the chat is on hold, not closed; "hold
        // on" in a question is no stepping away.
        let s = of(&conv(&[
            (Customer, "The payment failed."),
            (Agent, "Please try again with another card."),
            (Customer, "ok will do it now brb"),
            (Agent, "Thank you, I will remain available."),
        ]));
        assert_eq!(s.cut_off, Some(CutOff::InProgress));
        let s = of(&conv(&[
            (Customer, "The payment failed."),
            (Agent, "Please update the card details first."),
            (Customer, "ok doing it now, give me 5 mins"),
            (Agent, "Certainly, take your time."),
        ]));
        assert_eq!(s.cut_off, Some(CutOff::InProgress));
        let s = of(&conv(&[
            (Customer, "The payment failed."),
            (Agent, "It went through on the second try."),
            (Customer, "hold on, why was I charged twice then"),
            (
                Agent,
                "The first charge is a hold that drops off in 3 days.",
            ),
        ]));
        assert!(s.agent_closed());
        // Asking the customer to confirm whether to go ahead leaves the decision to them.
        for last in [
            "I can cancel it. Please confirm if you would like me to proceed with the cancellation.",
            "Please let me know if you would like me to proceed.",
        ] {
            let s = of(&conv(&[
                (Customer, "It is late, I want to cancel."),
                (Agent, last),
            ]));
            assert_eq!(s.cut_off, Some(CutOff::PendingDecision), "{last}");
        }
        // "you can go ahead and book it" is no dismissal.
        let s = of(&conv(&[
            (Customer, "Book the venue for Friday."),
            (Agent, "Shall I book it?"),
            (Customer, "Sorry, you can go ahead and book that."),
            (Agent, "Your party is booked."),
        ]));
        assert!(!s.customer_done);
        let s = of(&conv(&[
            (Customer, "One mocha, please."),
            (Agent, "Is the order on the screen correct?"),
            (Customer, "yes that is what i want."),
            (Agent, "It will be ready at the bar in a few minutes."),
        ]));
        assert!(!s.customer_done);
    }
}
