//! The conversation mechanisms of the built-in packs (echo, conversation state,
//! channel-aware text, language, customer emotion, names, negation and scope) on
//! multi-turn conversations. Every case restates, in our own words, a mistake or a false
//! alarm a blind reader reported (issue 10): the negatives must stay quiet and the misses
//! must be found.

use crate::common::*;
use carelint::Diagnostic;

/// The built-in packs with the opt-in hedging rules on too: their mechanisms (topic scope,
/// next step) are tested although a team has to enable them (off by default since blind
/// round 4).
fn builtin_with_opt_in_hedges() -> carelint::Linter {
    static LINTER: std::sync::OnceLock<carelint::Linter> = std::sync::OnceLock::new();
    LINTER
        .get_or_init(|| {
            carelint::Linter::builder()
                .enable("hedging-maybe")
                .enable("hedging-opinion")
                .build()
                .expect("built-in rules load")
        })
        .clone()
}

fn rules_in(text: &str) -> Vec<String> {
    let l = builtin_with_opt_in_hedges();
    let mut ids: Vec<String> = lint_plain(&l, text)
        .into_iter()
        .map(|d: Diagnostic| d.rule)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

fn flags(text: &str, rule: &str) {
    let got = rules_in(text);
    assert!(
        got.iter().any(|r| r == rule),
        "{rule} not in {got:?}\n{text}"
    );
}

fn quiet(text: &str, rule: &str) {
    let got = rules_in(text);
    assert!(!got.iter().any(|r| r == rule), "{rule} in {got:?}\n{text}");
}

#[test]
fn echo_the_customers_own_words_are_not_the_agents_jargon_or_times() {
    quiet(
        "Customer: the packet loss on my line is huge\nAgent: I can see the packet loss too, I am resetting your line now.",
        "jargon-it-terms",
    );
    flags(
        "Customer: my internet keeps dropping\nAgent: There is packet loss on your line, I am resetting it now.",
        "jargon-it-terms",
    );
    quiet(
        "Customer: please call me after 3pm\nAgent: Sure, I'll call you after 3:00 PM.",
        "time-zone-clock-time-without-zone",
    );
    flags(
        "Customer: please call me back\nAgent: Sure, I'll call you at 3pm.",
        "time-zone-clock-time-without-zone",
    );
}

#[test]
fn state_closing_is_judged_only_when_the_agent_ended_the_conversation() {
    let ended = "Customer: my card was charged twice\nAgent: I have refunded the second charge.\nCustomer: ok\nAgent: Have a nice day.";
    flags(ended, "closing-check-other-needs");
    // Cut off: the customer wrote last and got no answer.
    quiet(
        "Customer: my card was charged twice\nAgent: I have refunded the second charge.\nCustomer: when will I see it?",
        "closing-check-other-needs",
    );
    // Moved to another channel.
    quiet(
        "Customer: my card was charged twice\nAgent: Sorry about that. Please DM us your account email so we can look into it.\nCustomer: ok\nAgent: Please send us a DM with the details.",
        "closing-check-other-needs",
    );
    // The customer already said they need nothing else.
    quiet(
        "Customer: my card was charged twice\nAgent: I have refunded the second charge.\nCustomer: great, that's all I needed\nAgent: Have a nice day.",
        "closing-check-other-needs",
    );
    // The agent's last message is a question waiting for its answer.
    quiet(
        "Customer: my card was charged twice\nAgent: I can refund it.\nCustomer: please\nAgent: Should I refund it to the card or as store credit?",
        "closing-check-other-needs",
    );
}

#[test]
fn feedback_requests_are_opt_in() {
    let l = builtin();
    let rule = l
        .rules()
        .find(|r| r.id == "closing-feedback-request")
        .expect("rule exists");
    assert!(
        !rule.default_enabled,
        "closing-feedback-request is off by default"
    );
}

#[test]
fn channel_text_is_not_prose() {
    // Handles, a URL, hashtags and a sign-off do not make a sentence long.
    quiet(
        "Customer: where is my order\nAgent: @jane_doe123 @shop_help we are on it, track it at https://example.com/track/123456789 #orders #delivery #help #support #shop #fast ^JD",
        "clarity-long-sentence",
    );
    // A pasted record (tab-separated fields) is not a sentence either.
    quiet(
        "Customer: what did I order?\nAgent: order\t123\tshoes\tblue\t42\t2 pairs\tpaid\tshipped\tcourier\tUPS\ttracking\t1Z999\tarrives\tMonday\tsigned\tno\tgift\tyes\twrap\tred\tnote\thappy birthday\tfrom\tmum\tand\tdad\tand\tthe\twhole\tfamily",
        "clarity-long-sentence",
    );
}

#[test]
fn language_english_packs_skip_other_languages_and_a_wrong_language_reply_is_flagged() {
    quiet(
        "Customer: Mi pedido no ha llegado y estoy muy molesto\nAgent: Lo siento mucho, lo reviso ahora mismo y le escribo en cuanto sepa algo.",
        "expectation-vague-timeframe",
    );
    flags(
        "Customer: Hola, mi pedido no ha llegado todavía y necesito ayuda urgente\nAgent: Please give me your order number so I can check the delivery.",
        "language-reply-mismatch",
    );
    // English that a detector misreads (a name, a place, a weather line) is not a
    // language switch.
    quiet(
        "Customer: What will the weather be like in Vegas on the 13th?\nAgent: Average temperature: 73 degrees Fahrenheit. Chance of rain: 14 percent",
        "language-reply-mismatch",
    );
    quiet(
        "Customer: I need to check my balance\nAgent: Could I get your full name, please?\nCustomer: John Smith, no middle name\nAgent: Can you tell me your account number, please?",
        "language-reply-mismatch",
    );
}

#[test]
fn emotion_the_weather_is_the_world_unless_the_reaction_names_the_service() {
    for remark in [
        "Customer: I hate flying around for work. The weather is horrible right now. Can you book the flat?\nAgent: Which date?",
        "Agent: It will be snowing all day on Saturday in Boston, with temperatures of around -4 degrees.\nCustomer: oh terrible!!\nAgent: Shall I check Sunday?",
        "Customer: What's the weather like in Detroit on Friday? I am sure it is miserable.\nAgent: It will be sunny on Friday.",
    ] {
        quiet(remark, "empathy-acknowledge-distress");
    }
    // A reaction that names the service or a problem is no weather talk.
    flags(
        "Agent: It will be raining all day on Friday.\nCustomer: Terrible! And my order is STILL not here!!\nAgent: Which city?",
        "empathy-acknowledge-distress",
    );
    flags(
        "Customer: The storm flooded my basement and my parcel is ruined, I'm so upset\nAgent: What is the order number?",
        "empathy-acknowledge-distress",
    );
    // Degrees of a thermostat or a room are no weather; a forecast that cancels a flight is
    // a cancellation; a problem named after a forecast is a problem (the session's review).
    for upset in [
        "Agent: Please set the thermostat to 20 degrees and restart it.\nCustomer: I've done that three times already, this is ridiculous!!\nAgent: Please restart it again.",
        "Customer: Why is the temperature in my room 30 degrees?? This is unacceptable!\nAgent: Which room are you in?",
        "Agent: Your flight is cancelled because of the storm forecast.\nCustomer: I'm furious, I'll miss my daughter's wedding!\nAgent: Shall I rebook you?",
        "Agent: It'll be raining in Austin on Friday, around 30 degrees.\nCustomer: Great, and my hotel booking still hasn't been confirmed, this is ridiculous!\nAgent: Which hotel?",
    ] {
        flags(upset, "empathy-acknowledge-distress");
    }
    // A delay blamed on the weather is no weather report: the anger is about the service.
    flags(
        "Agent: Your parcel is delayed due to weather conditions.\nCustomer: That is such a lame excuse, I am furious!\nAgent: Is there anything else?",
        "empathy-acknowledge-distress",
    );
}

#[test]
fn respond_the_responders_messages_before_the_customer_writes_again_are_one_reply() {
    quiet(
        "Customer: I got the wrong item and my refund was rejected, I'm so worried!\nAgent: One moment please.\nAgent: I understand you are worried about the rejected refund; I am checking it now.\nCustomer: ok",
        "empathy-acknowledge-distress",
    );
    // `restate` reads the whole reply too: a holding message, then the restatement.
    quiet(
        "Customer: Order 505: the parcel arrived damaged, the box was broken and the lamp inside is cracked.\nAgent: One moment please.\nAgent: I understand that your parcel arrived damaged. Could you send a photo?\nCustomer: ok",
        "empathy-acknowledge-distress",
    );
    flags(
        "Customer: Order 505: the parcel arrived damaged, the box was broken and the lamp inside is cracked.\nAgent: One moment please.\nAgent: Could you send a photo?\nCustomer: ok",
        "empathy-acknowledge-distress",
    );
    // The customer wrote again in between: the holding message was the reply.
    flags(
        "Customer: I got the wrong item and my refund was rejected, I'm so worried!\nAgent: One moment please.\nCustomer: hello??\nAgent: I understand you are worried about the rejected refund.",
        "empathy-acknowledge-distress",
    );
}

#[test]
fn emotion_distress_needs_an_acknowledgement_and_preference_is_not_distress() {
    for upset in [
        "Customer: i paid for it and now its GONE? Wth?\nAgent: Please share the order number.",
        "Customer: dude, seriously? I said that already\nAgent: Please share the order number.",
        "Customer: third time my parcel is lost. fml\nAgent: Please share the order number.",
        "Customer: this is quite disturbing, your couriers can't be trusted\nAgent: Please share the order number.",
    ] {
        flags(upset, "empathy-acknowledge-distress");
    }
    for fine in [
        "Customer: i paid for it and now its GONE? Wth?\nAgent: Oh no, I'm so sorry, let me find it right away.",
        "Customer: I'm concerned about safe food practices, what is in the sauce?\nAgent: The sauce has milk, egg and mustard.",
        "Customer: can you help me wth my order please\nAgent: Of course, what is the order number?",
    ] {
        quiet(fine, "empathy-acknowledge-distress");
    }
}

#[test]
fn names_must_look_like_names_and_be_usable() {
    let intro = "Customer: Hi, I'm Grace Liu. My parcel is late.\nAgent: I can check that.\nCustomer: thanks\nAgent: It arrives tomorrow.\nCustomer: ok\nAgent: Glad to help, have a good day.";
    flags(intro, "personalization-use-customer-name");
    quiet(
        "Customer: Hi, I'm Grace Liu. My parcel is late.\nAgent: Thanks Grace, I can check that.\nCustomer: thanks\nAgent: It arrives tomorrow.\nCustomer: ok\nAgent: Glad to help, have a good day.",
        "personalization-use-customer-name",
    );
    // An interjection or a complaint is not a name.
    quiet(
        "Customer: I'm Furious. My parcel is late.\nAgent: I can check that.\nCustomer: thanks\nAgent: It arrives tomorrow.\nCustomer: ok\nAgent: Glad to help, have a good day.",
        "personalization-use-customer-name",
    );
}

#[test]
fn negation_and_scope() {
    quiet(
        "Customer: so it's my fault?\nAgent: I am not suggesting it's your fault; the courier scanned the wrong address.",
        "blame-customer-error",
    );
    quiet(
        "Customer: is this covered?\nAgent: Yes, our price guarantee covers it and you get a guarantee voucher.",
        "over-promising-guarantee",
    );
    quiet(
        "Customer: should I confirm?\nAgent: You have to be 100% sure before you confirm the change.",
        "over-promising-certainty",
    );
}

#[test]
fn recall_gaps_a_blind_reader_found_are_closed() {
    flags(
        "Customer: my order is late\nAgent: I will ensure that it is delivered to you today itself.",
        "over-promising-delivery-outcome",
    );
    flags(
        "Customer: this keeps happening\nAgent: I assure you we will prevent such errors in the future.",
        "over-promising-never-again",
    );
    flags(
        "Customer: when will I hear?\nAgent: They will give you a call.",
        "expectation-follow-up-without-time",
    );
    flags(
        "Customer: my refund?\nAgent: There may have been a delay at the bank.",
        "hedging-maybe",
    );
    flags(
        "Customer: which shop?\nAgent: Please visit [Brand X] for the replacement.",
        "placeholder-unfilled-brackets",
    );
}

/// `when-topic`: a match counts only when the reply, or the other party's turns it
/// answers, are about the topic.
#[test]
fn topic_scope_reads_the_reply_and_the_turns_it_answers() {
    let pack = r#"
- id: hedge-on-topic
  category: hedging
  severity: info
  kind: phrases
  phrases: [I don't know]
  when-topic: '\b(?:order|refund|parcel)\b'
  message: "“{match}”"
  why: test
"#;
    let l = linter_with(pack);
    let count = |text: &str| lint_plain(&l, text).len();
    // The topic in the customer's turn the reply answers.
    assert_eq!(
        count("Customer: where is my refund??\nAgent: I don't know."),
        1
    );
    // The topic in the reply itself.
    assert_eq!(
        count("Customer: hello\nAgent: I don't know where the parcel is."),
        1
    );
    // Every customer turn since the agent's last one is answered.
    assert_eq!(
        count("Agent: Hi!\nCustomer: my order is late\nCustomer: hello??\nAgent: I don't know."),
        1
    );
    // Off topic: chit-chat, and a question the agent was never meant to answer.
    assert_eq!(
        count("Customer: who won the game last night?\nAgent: I don't know."),
        0
    );
    // Only the turns the reply answers count, not earlier talk about the order.
    assert_eq!(
        count(
            "Customer: where is my order?\nAgent: It arrives Friday.\nCustomer: who won the game?\nAgent: I don't know."
        ),
        0
    );
    // A first turn, or a reply template, is judged alone.
    assert_eq!(count("Agent: I don't know."), 0);
}

#[test]
fn hedges_count_only_about_the_customers_issue_and_without_a_next_step() {
    // Small talk and off-topic questions (a coffee bot asked about football).
    quiet(
        "Customer: It's right by the Lego Museum, everyone should go once. What about you?\nAgent: I think Lego is absolutely amazing. I highly recommend staying nearby!",
        "hedging-opinion",
    );
    quiet(
        "Customer: Do you know who won the football game?\nAgent: Sorry, I don't know. I can help you with coffee or tea.",
        "hedging-not-sure",
    );
    quiet(
        "Customer: My friend is getting divorced again, haha. Thanks!\nAgent: Hopefully they find their true love!",
        "hedging-should-work",
    );
    // An offer of an alternative slot, and a recommendation.
    quiet(
        "Customer: Yes, book it.\nAgent: Sorry, I couldn't book the appointment. If you want to try Dr. Park, you might be able to get one at 4 pm.",
        "hedging-maybe",
    );
    quiet(
        "Customer: Find me a hotel in Chicago.\nAgent: I think the Acme Hotel would be great for you.",
        "hedging-opinion",
    );
    // A possible cause outside the agent's knowledge, with the next step after it.
    quiet(
        "Customer: my card was declined but I have money!!\nAgent: There may be a hold on your card. I recommend contacting your bank to confirm.",
        "hedging-maybe",
    );
    // A guess about the company's own systems, with nothing after it, is a hedge.
    flags(
        "Customer: where is my refund??\nAgent: It appears there may have been a technical glitch. Apologies for the inconvenience.",
        "hedging-maybe",
    );
    flags(
        "Customer: when does the flight arrive?\nAgent: I think the flight arrives at 12:50 pm.",
        "hedging-opinion",
    );
}

/// `unless-conversation-pattern`: a marker anywhere in the conversation, before or after
/// the match, drops the rule's matches in it.
#[test]
fn conversation_markers_silence_a_rule_for_the_whole_conversation() {
    let pack = r#"
- id: callback-time
  category: time-zone
  severity: warning
  kind: pattern
  pattern: '\bby \d{1,2}\s?pm\b'
  unless-conversation-pattern: '\bRs\.?\s?\d|\bIndia\b'
  message: "“{match}”"
  why: test
"#;
    let l = linter_with(pack);
    let count = |text: &str| lint_plain(&l, text).len();
    assert_eq!(
        count("Customer: my refund is late\nAgent: I will call you by 6pm."),
        1
    );
    // The marker before the match, in the other party's turn.
    assert_eq!(
        count("Customer: my refund of Rs 499 is late\nAgent: I will call you by 6pm."),
        0
    );
    // The marker after the match counts too: the conversation is judged as a whole.
    assert_eq!(
        count("Agent: I will call you by 6pm.\nCustomer: ok, I am in Pune, India, by the way"),
        0
    );
}

#[test]
fn clock_times_in_single_time_zone_care_and_at_places_are_not_flagged() {
    quiet(
        "Customer: this is my 3rd call about my refund of Rs 2,499!!\nAgent: I understand. I will send you an update by 6 PM today.",
        "time-zone-clock-time-without-zone",
    );
    quiet(
        "Customer: yes, book it\nAgent: Ready to confirm an appointment for March 6th at 4:15 pm with Dr. Lee.",
        "time-zone-clock-time-without-zone",
    );
    flags(
        "Customer: my refund of 30 euros is missing\nAgent: I will send you an update by 6 PM today.",
        "time-zone-clock-time-without-zone",
    );
}

#[test]
fn feeling_words_that_name_a_genre_a_taste_or_thanks_are_not_distress() {
    for calm in [
        "Customer: I want to find a horror movie to watch in San Jose.\nAgent: How about Scary Stories to Tell in the Dark?",
        "Customer: I'd like to watch something violent.\nAgent: I have 2 suggestions for you.",
        "Customer: Thanks so much for your help!\nAgent: Anything else I can do for you?",
        "Customer: Can't wait, I love that venue\nAgent: It's a nice place.",
        "Customer: Oh how rude of me, I'm Mark. Do you have a name?\nAgent: What day would you like to book?",
    ] {
        quiet(calm, "empathy-acknowledge-distress");
    }
    flags(
        "Customer: ru kidding me? thats triple what i paid! is there no middle ground?\nAgent: The other dock costs a little less.",
        "empathy-acknowledge-distress",
    );
}

#[test]
fn a_term_explained_earlier_in_the_same_reply_is_not_jargon_again() {
    quiet(
        "Customer: where is my refund?\nAgent: Please give your bank the ARN (Acquirer Reference Number). The ARN is 74512.",
        "jargon-business-terms",
    );
    quiet(
        "Customer: the payment failed\nAgent: I need a transaction reference number or UTR number from your statement.",
        "jargon-business-terms",
    );
    flags(
        "Customer: where is my refund?\nAgent: Please give your bank the ARN. The ARN is 74512.",
        "jargon-business-terms",
    );
}

#[test]
fn banter_enthusiasm_and_titles_are_not_distress_but_a_restated_request_is_no_acknowledgement() {
    // Blind round 4: a joke, role-play enthusiasm and a film title were read as distress.
    for fine in [
        "Customer: lol someone stole 99 cents from me, I need to file a fraud report haha\nAgent: Could you provide the details of the report?",
        "Customer: Should I reserve it? hell yeah, do it\nAgent: Your table is booked for 7 pm.",
        "Customer: I loved Mad Max: Fury Road, anything like it?\nAgent: You could try Dune.",
        "Customer: Thanks so much, I almost feel bad about the tiny tip.\nAgent: You're welcome! Anything else?",
        "Customer: I'm starving, find me somewhere to eat\nAgent: There is a Thai place two blocks away.",
        // Blind rounds 5-6: self-mockery, off-topic remarks and jokes name no problem, so
        // their negative words ("bad", "evil", "kill", "poor", "lost") are no distress.
        "Customer: I am so bad with east and west. Can you give me more details?\nAgent: Walk east for 10 minutes.",
        "Customer: Ben is evil, and so are his friends, but keep your enemies close.\nAgent: How many people would you like to invite?",
        "Customer: Oh no. Well that was kind of quick. I still need to kill some time.\nAgent: Your table is booked.",
        "Customer: Hey, can you help this poor lost soul find his way to Forbes and Murray?\nAgent: Where are you departing from?",
        "Customer: Oh gross, snow. Okay, let's continue with booking the venue\nAgent: On what day would you like your party?",
        "Customer: plz be quick. It was a gift. Now I look like an idiot!\nAgent: The payment was declined by your bank.",
        // a feeling acknowledged in words that name it, or on its own
        "Customer: I'm so angry, the parcel is lost again!\nAgent: I understand your frustration. Let me trace it now.",
        "Customer: I'm so angry, the parcel is lost again!\nAgent: I completely understand. Let me trace it now.",
    ] {
        quiet(fine, "empathy-acknowledge-distress");
    }
    // "I understand you have not received…" restates the request; the anger is unanswered.
    flags(
        "Customer: Where is my refund?? I'm so angry, it's been a week!!\nAgent: I understand you have not received the refund. Could you confirm the order number?",
        "empathy-acknowledge-distress",
    );
    // A positive noun or wish does not soften distress: "gift", "solution", "hope". ("Idiot"
    // is a contextual word: it counts after the turn that named the problem.)
    flags(
        "Customer: My order was cancelled. Why?\nAgent: Let me check.\nCustomer: plz be quick. It was a gift. Now I look like an idiot!\nAgent: The payment was declined by your bank.",
        "empathy-acknowledge-distress",
    );
    flags(
        "Customer: any news?? i need a solution. this is so frustrating.\nAgent: The courier says it was left with security.",
        "empathy-acknowledge-distress",
    );
}

#[test]
fn over_promising_is_judged_by_what_is_promised() {
    for fine in [
        // a limit, a shipping option named, the agent's own handling and messages
        "Customer: Can it come sooner?\nAgent: The earliest we can guarantee delivery is Saturday afternoon.",
        "Customer: Any faster option?\nAgent: I have placed a replacement order with guaranteed delivery by tomorrow.",
        "Customer: Please check it this time\nAgent: You have my word that we will verify the contents before dispatch.",
        "Customer: When do I get the email?\nAgent: I will ensure the email reaches you by 10 AM.",
        "Customer: Will I get my money?\nAgent: If the inspection confirms it, you will absolutely receive a full refund.",
        // intent and purpose, not a promise
        "Customer: make sure this never happens again!\nAgent: We are taking steps to ensure this does not happen again.",
        "Customer: make sure this never happens again!\nAgent: I am escalating it so that this does not happen again.",
    ] {
        let got = rules_in(fine);
        assert!(
            !got.iter().any(|r| r.starts_with("over-promising")),
            "{got:?}\n{fine}"
        );
    }
    for promise in [
        "Customer: make sure this never happens again!\nAgent: I will make sure this does not happen again.",
        "Customer: I need it tomorrow\nAgent: We can guarantee delivery by tomorrow morning.",
        "Customer: When is my refund?\nAgent: You will definitely receive the refund by Monday.",
    ] {
        let got = rules_in(promise);
        assert!(
            got.iter().any(|r| r.starts_with("over-promising")),
            "{got:?}\n{promise}"
        );
    }
}

#[test]
fn sentence_metrics_skip_confirmation_summaries_and_option_lists() {
    for fine in [
        "Customer: book it\nAgent: Can you please confirm that you want to book 3 rooms at the Premier Inn London Edmonton in London, and that you will go there on March 7th, and that you will leave the hotel on March 13th?",
        "Customer: what now?\nAgent: While the investigation is under way, I can offer you two options: either a full refund to your original payment method, or a replacement with the correct headphones, subject to availability.",
    ] {
        quiet(fine, "clarity-long-sentence");
    }
    flags(
        "Customer: ok\nAgent: Please confirm whether you want the car on March 11th or March 7th and tell me the number of days you want the car and also let me know your convenient pick-up time so that I can book the same for you today.",
        "clarity-long-sentence",
    );
    // 36 words: long, but under the bar of 40 (blind rounds 13 and 17).
    quiet(
        "Customer: ok\nAgent: Please confirm whether you want the car on March 11th or March 7th and tell me the number of days you want the car and also let me know your convenient time to book the same.",
        "clarity-long-sentence",
    );
}

#[test]
fn state_the_customers_own_goodbye_a_last_request_and_a_pending_choice_end_no_closing_check() {
    // The customer signed off in their own words before the agent's goodbye.
    quiet(
        "Customer: I'd like to watch a comedy tonight.\nAgent: Shall I start the film with subtitles?\nCustomer: Yes. Which genre is it?\nAgent: It is starting now; it is a comedy.\nCustomer: Perfect, thanks, I'll talk to you later.\nAgent: Bye for now.",
        "closing-check-other-needs",
    );
    quiet(
        "Customer: Table for two at 7, please.\nAgent: They are full at 7. Shall I try 7:30?\nCustomer: No, leave it. I'm set.\nAgent: Alright, see you around.",
        "closing-check-other-needs",
    );
    // The customer announced their last request several turns before the end.
    quiet(
        "Customer: Please book the dentist for Monday.\nAgent: Booked.\nCustomer: One last thing, I need a taxi at 8.\nAgent: From which address?\nCustomer: 4 Elm Road.\nAgent: For how many people?\nCustomer: Just me.\nAgent: Your taxi is booked for 8 tomorrow.\nCustomer: Lovely, I appreciate it!\nAgent: Goodbye.",
        "closing-check-other-needs",
    );
    // The agent's last message waits for the customer's choice: the order never closed.
    quiet(
        "Customer: A flat white, please.\nAgent: Which milk?\nCustomer: Hmm, what teas do you have?\nAgent: Several. Please have a look at the menu board for the full list.",
        "closing-check-other-needs",
    );
    // The agent offered more help in its own words.
    quiet(
        "Customer: Find me a quiet hotel downtown.\nAgent: The Linden has rooms tonight.\nCustomer: Great.\nAgent: Do you want to look for any more hotels?\nCustomer: No.\nAgent: Goodbye!",
        "closing-check-other-needs",
    );
    // Still flagged: a conditional 'let me know if' closes, and a choice offer is no check.
    flags(
        "Customer: My payment fails.\nAgent: Please re-add the card.\nCustomer: Done, it works.\nAgent: Great. Please let me know if it fails again.",
        "closing-check-other-needs",
    );
    flags(
        "Customer: My payment fails.\nAgent: Would you like to try another payment method?\nCustomer: Yes, UPI.\nAgent: UPI is now set as your payment method.\nCustomer: ok\nAgent: Have a good day.",
        "closing-check-other-needs",
    );
}

#[test]
fn a_promise_of_in_chat_work_that_the_agent_reports_later_is_not_an_open_follow_up() {
    quiet(
        "Customer: The shoe I got is a fake.\nAgent: Please upload photos. Once they are in, I will review them.\nCustomer: Uploading now.\nAgent: Thank you.\nCustomer: Done.\nAgent: I have reviewed the photos and started a full refund.",
        "expectation-follow-up-without-time",
    );
    quiet(
        "Customer: My bookshelf came without screws.\nAgent: Sorry about that. I will look into this.\nCustomer: Please hurry.\nAgent: Please allow me to contact the seller about the screws now.",
        "expectation-follow-up-without-time",
    );
    // Never reported: the review is a follow-up without a time.
    flags(
        "Customer: The shoe I got is a fake.\nAgent: Send photos and our team will review them.\nCustomer: ok\nAgent: Thank you, have a nice day.",
        "expectation-follow-up-without-time",
    );
    // A report of one result does not keep an open-ended promise of updates.
    flags(
        "Customer: Where is my parcel?\nAgent: I have checked: it is with the courier. We will keep you updated.\nCustomer: ok\nAgent: I have checked again, no change.",
        "expectation-follow-up-without-time",
    );
}

/// `unless-earlier-turn`: a firm time in one of the same speaker's last few turns covers a
/// vague follow-up; a time said too long ago, by the other party, or one that does not fit
/// the follow-up (`sentence`) does not.
#[test]
fn an_earlier_firm_time_covers_a_later_vague_follow_up() {
    let pack = r#"
- id: vague
  category: expectation
  severity: warning
  kind: phrases
  phrases: [shortly]
  unless-earlier-turn:
    pattern: '\bwithin \d+ (?:minutes|hours)\b'
    sentence: '\b(?:I|we) will\b'
  message: "“{match}”"
  why: test
"#;
    let l = linter_with(pack);
    let count = |text: &str| lint_plain(&l, text).len();
    // The agent's previous turn gave the time.
    assert_eq!(
        count("Customer: where is it?\nAgent: I will call you within 30 minutes.\nCustomer: ok\nAgent: We will be in touch shortly."),
        0
    );
    // Two agent turns back is still within the default window of 2.
    let two_back = "Customer: where is it?\nAgent: I will call you within 30 minutes.\nCustomer: hurry\nAgent: I am on it.\nCustomer: ok\nAgent: We will be in touch shortly.";
    assert_eq!(count(two_back), 0);
    // Three agent turns back is too long ago.
    let three_back = "Customer: where is it?\nAgent: I will call you within 30 minutes.\nCustomer: hurry\nAgent: I am on it.\nCustomer: still?\nAgent: Checking.\nCustomer: ok\nAgent: We will be in touch shortly.";
    assert_eq!(count(three_back), 1);
    // The customer's time is not the agent's commitment.
    assert_eq!(
        count("Customer: call me within 30 minutes\nAgent: We will be in touch shortly."),
        1
    );
    // A time later in the conversation does not cover an earlier match.
    assert_eq!(
        count("Customer: where is it?\nAgent: We will be in touch shortly.\nCustomer: when?\nAgent: I will call you within 30 minutes."),
        1
    );
    // Outside `sentence`: a new thing the customer receives needs its own time.
    assert_eq!(
        count("Customer: where is it?\nAgent: I will call you within 30 minutes.\nCustomer: ok\nAgent: You will receive a link shortly."),
        1
    );
    // Without an earlier turn (a reply template) the match stands.
    assert_eq!(count("We will be in touch shortly."), 1);

    // `turns` widens or narrows the window; 0 is an error.
    let one = pack.replace("    sentence:", "    turns: 1\n    sentence:");
    let l1 = linter_with(&one);
    assert_eq!(lint_plain(&l1, two_back).len(), 1);
    let zero = pack.replace("    sentence:", "    turns: 0\n    sentence:");
    let Err(err) = carelint::Linter::builder()
        .default_rules(false)
        .rules_str("pack.yaml", zero)
        .build()
    else {
        panic!("`turns: 0` is rejected");
    };
    assert!(
        err.to_string().contains("unless-earlier-turn.turns"),
        "{err}"
    );

    // The built-in expectation rules use it.
    quiet(
        "Customer: call me wen?\nAgent: I will update you within the next hour.\nCustomer: fine\nAgent: Thank you for your patience. We will be in touch.",
        "expectation-follow-up-without-time",
    );
    quiet(
        "Customer: when?\nAgent: I will call you within the next 30 minutes.\nCustomer: ok waiting\nAgent: I will contact you shortly.",
        "expectation-vague-timeframe",
    );
    flags(
        "Customer: when?\nAgent: It should arrive within 2 business days.\nCustomer: ok\nAgent: You will receive a tracking link shortly.",
        "expectation-vague-timeframe",
    );
    // An estimate given earlier is a time (blind rounds 37 and 38); a wait in the chat
    // is not.
    quiet(
        "Customer: when?\nAgent: I will update you within the next few hours.\nCustomer: ok\nAgent: I will be in touch soon.",
        "expectation-vague-timeframe",
    );
    flags(
        "Customer: when?\nAgent: Please allow me a few minutes to check.\nCustomer: ok\nAgent: I will be in touch soon.",
        "expectation-vague-timeframe",
    );
}
