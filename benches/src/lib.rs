//! Benchmarks and the deterministic corpus generator of carelint.
//!
//! The generator writes seeded, realistic agent/customer conversations (2–8 KB each).
//! About one agent turn in four carries something a built-in rule should flag (jargon, an
//! idiom, a promise, a time without a zone, hedging), the rest is clean, as in real
//! transcripts. The same seed always gives the same conversations. `gen-corpus` writes
//! them to disk for `throughput.sh`; the criterion benches (`lint.rs`) use them in memory.

use std::fmt::Write as _;

/// splitmix64: tiny, fast, and stable across versions (unlike a crate's default RNG), so
/// the same seed gives the same corpus on every machine and toolchain. Hand-written
/// because a crate's generator may change its stream between versions.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const NAMES: &[&str] = &[
    "Amara Okafor",
    "Lukas Brandt",
    "Mei Chen",
    "José Álvarez",
    "Priya Natarajan",
    "Sam Rivera",
    "Fatima Zahra",
    "Olga Ivanova",
    "Kenji Watanabe",
    "Chloé Martin",
    "Ahmed Hassan",
    "Ana Souza",
];
const AGENTS: &[&str] = &["Daniel", "Maria", "Tom", "Aisha", "Lena", "Ravi"];
const PRODUCTS: &[&str] = &[
    "blender",
    "router",
    "washing machine",
    "laptop",
    "phone case",
    "coffee grinder",
    "headphones",
    "smart watch",
    "vacuum cleaner",
    "desk lamp",
];
const PROBLEMS: &[&str] = &[
    "arrived broken",
    "never arrived",
    "stopped working after two days",
    "is missing a part",
    "was charged twice",
    "keeps disconnecting",
    "came in the wrong colour",
    "makes a loud noise",
];
const CUSTOMER_OPENERS: &[&str] = &[
    "Hi, my {p} {x} and I need help.",
    "Hello. I ordered a {p} last week and it {x}.",
    "Good morning, this is about order {n}. The {p} {x}.",
    "hey, my {p} {x}, what can you do?",
    "I'm writing because the {p} {x}. This is the third time I'm calling about it.",
    "My {p} {x}. I'm really frustrated with this.",
];
const CUSTOMER_FOLLOWUPS: &[&str] = &[
    "The order number is {n}.",
    "Yes, I still have the box.",
    "I bought it online on the 3rd.",
    "OK, and how long will that take?",
    "Can I get a refund instead?",
    "I already tried turning it off and on again.",
    "Alright, thank you.",
    "What do I need to send back?",
    "Will someone call me?",
    "That's fine, go ahead.",
];
const AGENT_CLEAN: &[&str] = &[
    "Thank you for contacting us, my name is {a}. How can I help you today?",
    "I'm sorry to hear that. Let me check your order.",
    "Thank you. I can see the order in our system.",
    "I have arranged a replacement, and you will receive a confirmation email within ten minutes.",
    "You can return the item with the prepaid label we will email you.",
    "The refund will reach your card within five business days.",
    "Could you tell me the serial number on the bottom of the device?",
    "I understand, and I apologise for the trouble this has caused.",
    "I have added a note to your account so my colleagues can see the history.",
    "Please keep the original packaging until the courier collects it.",
    "Is there anything else I can help you with today?",
    "Thank you for your patience, {c}. Have a good day.",
];
const AGENT_FLAGGED: &[&str] = &[
    "I'll raise an RMA and escalate it to tier 2.",
    "The ETA for the replacement is Friday, I guarantee it.",
    "Just hang tight and we'll touch base tomorrow.",
    "I think maybe the courier lost it, I'm not sure.",
    "Calm down, please. You should have checked the box before signing.",
    "I'll call you back at 3pm.",
    "We will get back to you soon.",
    "It's company policy, there's nothing I can do.",
    "The SKU is out of stock, I'll circle back once the warehouse updates the CRM.",
    "That should be a piece of cake to fix, it will definitely work after the update.",
    "Basically, so what happens is the system literally resets the order.",
];

fn fill(
    template: &str,
    rng: &mut Rng,
    customer: &str,
    agent: &str,
    product: &str,
    problem: &str,
) -> String {
    let order = format!("{}-{:07}", 100 + rng.below(900), rng.below(10_000_000));
    let first = customer.split(' ').next().unwrap_or(customer);
    template
        .replace("{p}", product)
        .replace("{x}", problem)
        .replace("{n}", &order)
        .replace("{a}", agent)
        .replace("{c}", first)
}

/// One generated conversation.
#[derive(Debug, Clone)]
pub struct Conversation {
    /// `gen-NNNNNNN`, from the index.
    pub id: String,
    /// (`"agent"` or `"customer"`, text) in order.
    pub turns: Vec<(&'static str, String)>,
}

/// The next conversation drawn from `rng`; `index` names it.
pub fn conversation(rng: &mut Rng, index: usize) -> Conversation {
    let customer = rng.pick(NAMES);
    let agent = rng.pick(AGENTS);
    let product = rng.pick(PRODUCTS);
    let problem = rng.pick(PROBLEMS);
    let mut turns = Vec::new();
    let a0 = fill(AGENT_CLEAN[0], rng, customer, agent, product, problem);
    turns.push(("agent", a0));
    let c0 = fill(
        rng.pick(CUSTOMER_OPENERS),
        rng,
        customer,
        agent,
        product,
        problem,
    );
    turns.push(("customer", format!("{c0} My name is {customer}.")));
    let exchanges = 6 + rng.below(20);
    for _ in 0..exchanges {
        let a = if rng.chance(25) {
            rng.pick(AGENT_FLAGGED)
        } else {
            AGENT_CLEAN[1 + rng.below(AGENT_CLEAN.len() - 3)]
        };
        turns.push(("agent", fill(a, rng, customer, agent, product, problem)));
        let c = fill(
            rng.pick(CUSTOMER_FOLLOWUPS),
            rng,
            customer,
            agent,
            product,
            problem,
        );
        turns.push(("customer", c));
    }
    if rng.chance(70) {
        turns.push(("agent", AGENT_CLEAN[AGENT_CLEAN.len() - 2].to_string()));
        turns.push(("customer", "No, that's all. Thanks.".to_string()));
    }
    let bye = fill(
        AGENT_CLEAN[AGENT_CLEAN.len() - 1],
        rng,
        customer,
        agent,
        product,
        problem,
    );
    turns.push(("agent", bye));
    Conversation {
        id: format!("gen-{index:07}"),
        turns,
    }
}

/// A plain-text transcript with YAML front matter and `Agent:` / `Customer:` labels.
pub fn as_text(c: &Conversation) -> String {
    let mut s = format!("---\nid: {}\nchannel: chat\n---\n", c.id);
    for (speaker, text) in &c.turns {
        let label = if *speaker == "agent" {
            "Agent"
        } else {
            "Customer"
        };
        let _ = writeln!(s, "{label}: {text}");
    }
    s
}

/// One line of canonical carelint JSON Lines, with its line break.
pub fn as_jsonl(c: &Conversation) -> String {
    let turns: Vec<String> = c
        .turns
        .iter()
        .map(|(s, t)| format!("{{\"speaker\":\"{s}\",\"text\":{}}}", json_string(t)))
        .collect();
    format!(
        "{{\"id\":\"{}\",\"channel\":\"chat\",\"turns\":[{}]}}\n",
        c.id,
        turns.join(",")
    )
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Conversations from `seed` until their plain-text form adds up to at least `bytes`.
pub fn conversations(seed: u64, bytes: usize) -> Vec<Conversation> {
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    let mut written = 0;
    while written < bytes {
        let c = conversation(&mut rng, out.len());
        written += as_text(&c).len();
        out.push(c);
    }
    out
}
