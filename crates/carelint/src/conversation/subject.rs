//! What a follow-up is about: a refund, a delivery, a call or update, a tracking link, an
//! e-mail. `unless-earlier-turn` with `same-subject: true` lets a firm time the agent gave
//! earlier in the conversation ("the refund will be processed by tomorrow morning") cover
//! a later vague follow-up about the same thing ("you will receive the e-mail as soon as
//! the refund is processed"), but not one about a new thing (a tracking link after a
//! delivery date).
//!
//! A subject is a set of word stems, matched at the start of a word, case-insensitively;
//! a sentence's subjects are a bit set. Reading is by bytes, with no allocation beyond the
//! sentence index.

/// A refund or credit: "refund", "reimbursement", "credited", "reflect in your account".
pub(crate) const REFUND: u8 = 1;
/// A delivery: "deliver", "arrive", "dispatch", "ship", "courier", "pickup".
pub(crate) const DELIVERY: u8 = 1 << 1;
/// The agent's own follow-up: "contact", "update", "in touch", "inform", "notify", "hear
/// from", "follow up", "reach out".
pub(crate) const FOLLOW_UP: u8 = 1 << 2;
/// A call: "call", "callback", "phone". A time given for "an update" is no time for a
/// call (labelled dev set: "we will contact you within the next hour with an update" …
/// "you will receive a call shortly" is still flagged), one given for "a call back" is.
pub(crate) const CALL: u8 = 1 << 5;
/// Not a subject: the sentence is the agent's own promise of a follow-up ("I will call
/// you", "we'll keep you updated"), which a firm time in their last turns covers whatever
/// it was for (`of_open_commitments`).
pub(crate) const OWN: u8 = 1 << 6;
/// A tracking number or link.
pub(crate) const TRACKING: u8 = 1 << 3;
/// An e-mail, a text, a confirmation.
pub(crate) const MESSAGE: u8 = 1 << 4;

/// Word stems and their subject: a stem matches a word that starts with it ("ship" in
/// "shipped", "shipment"; "arriv" in "arrive", "arrival").
const STEMS: &[(&str, u8)] = &[
    ("refund", REFUND),
    ("reimburs", REFUND),
    ("credited", REFUND),
    ("reflect", REFUND),
    ("deliver", DELIVERY),
    ("arriv", DELIVERY),
    ("dispatch", DELIVERY),
    ("ship", DELIVERY),
    ("courier", DELIVERY),
    ("pickup", DELIVERY),
    ("call", CALL),
    ("phone", CALL),
    ("contact", FOLLOW_UP),
    ("update", FOLLOW_UP),
    ("touch", FOLLOW_UP),
    ("inform", FOLLOW_UP),
    ("notif", FOLLOW_UP),
    ("hear", FOLLOW_UP),
    ("follow", FOLLOW_UP),
    ("reach", FOLLOW_UP),
    ("tracking", TRACKING),
    ("email", MESSAGE),
    ("mail", MESSAGE),
    ("sms", MESSAGE),
    ("confirmation", MESSAGE),
];

/// The subjects named in `sentence`.
pub(crate) fn of(sentence: &str) -> u8 {
    sentence
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 3)
        .fold(0, |acc, w| {
            acc | STEMS
                .iter()
                .filter(|(stem, _)| {
                    w.len() >= stem.len()
                        && w.as_bytes()[..stem.len()].eq_ignore_ascii_case(stem.as_bytes())
                })
                .fold(0, |a, (_, s)| a | s)
        })
}

/// Words that leave a time open: a sentence with one of them (and no firm time) is an open
/// commitment.
const VAGUE: &[&str] = &["soon", "shortly", "asap", "earliest", "sometime", "due"];

/// The subjects of the open commitments of `text`: its sentences without a firm time
/// (`firm` is false) that leave a time open ("soon", "shortly", "as soon as", "in due
/// course") or promise a follow-up ("we will contact you"). Other sentences of the same
/// turn ("we will do our best to expedite the delivery") are not what a vague time is
/// about.
pub(crate) fn of_open_commitments(text: &str, mut firm: impl FnMut(&str) -> bool) -> u8 {
    let mut own = 0;
    let subjects = of_sentences(text, |s| {
        let open = !firm(s)
            && (of(s) & (FOLLOW_UP | CALL) != 0
                || s.split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| VAGUE.iter().any(|v| w.eq_ignore_ascii_case(v))));
        if open && of(s) & (FOLLOW_UP | CALL) != 0 && promises(s) {
            own = OWN;
        }
        open
    });
    subjects | own
}

/// Whether `sentence` has "I" or "we" followed by "will", "shall", "'ll", "am" or "are".
fn promises(sentence: &str) -> bool {
    let mut words = sentence
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    let mut prev = "";
    words.any(|w| {
        let hit = (prev.eq_ignore_ascii_case("i") || prev.eq_ignore_ascii_case("we"))
            && ["will", "shall", "ll", "am", "are"]
                .iter()
                .any(|v| w.eq_ignore_ascii_case(v));
        prev = w;
        hit
    })
}

/// Whether `sentence` refuses the time it names ("I cannot guarantee delivery by Friday",
/// "there is no guarantee it arrives by tomorrow", "we are unable to confirm a call back
/// within two hours"): such a time is no commitment. A condition is no refusal ("if the
/// package cannot be located within 24 hours").
pub(crate) fn refuses(sentence: &str) -> bool {
    const NOT: &[&str] = &["cannot", "can't", "can’t", "unable", "no", "not"];
    const COMMIT: &[&str] = &["guarantee", "promise", "commit", "confirm", "assure"];
    let is = |w: &str, list: &[&str]| list.iter().any(|x| w.eq_ignore_ascii_case(x));
    let mut since_not = usize::MAX;
    sentence
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .any(|w| {
            // "cannot guarantee", "unable to confirm", "no guarantee", "cannot provide a
            // guarantee": the word of commitment within three words of the negation.
            let hit = since_not <= 3 && is(w, COMMIT);
            since_not = if is(w, NOT) {
                0
            } else {
                since_not.saturating_add(1)
            };
            hit
        })
}

/// Whether `keep` accepts one of the sentences of `text`.
pub(crate) fn any_sentence(text: &str, mut keep: impl FnMut(&str) -> bool) -> bool {
    let mut found = false;
    of_sentences(text, |s| {
        found |= !found && keep(s);
        false
    });
    found
}

/// The subjects of the sentences of `text` that `keep` accepts.
pub(crate) fn of_sentences(text: &str, mut keep: impl FnMut(&str) -> bool) -> u8 {
    let mut index = crate::text::Sentences::default();
    index.index(text);
    let mut subjects = 0;
    let mut at = 0;
    while at < text.len() {
        let end = index.end(at).max(at + 1).min(text.len());
        let mut end = end;
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let sentence = &text[at..end];
        if keep(sentence) {
            subjects |= of(sentence);
        }
        at = end;
    }
    subjects
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_read_from_word_stems() {
        assert_eq!(
            of("You will receive this email as soon as the refund is processed."),
            REFUND | MESSAGE
        );
        assert_eq!(of("You will receive a call shortly."), CALL);
        assert_eq!(of("We will contact you with an update."), FOLLOW_UP);
        assert_eq!(
            of("It should reflect in your account within 24 hours."),
            REFUND
        );
        assert_eq!(of("You will receive a tracking link shortly."), TRACKING);
        assert_eq!(of("as soon as the order has been dispatched"), DELIVERY);
        assert_eq!(of("Thank you for your patience."), 0);
    }

    #[test]
    fn sentences_are_kept_or_skipped() {
        let t = "The refund takes 3 days. We will call you soon.";
        assert_eq!(of_sentences(t, |s| s.contains("3 days")), REFUND);
        assert_eq!(of_sentences(t, |s| !s.contains("3 days")), CALL);
        assert_eq!(of_sentences(t, |_| true), REFUND | CALL);
    }

    #[test]
    fn any_sentence_finds_one() {
        let t = "I cannot guarantee delivery by Friday. It ships within 2 days.";
        assert!(any_sentence(t, |s| s.contains("within")));
        assert!(!any_sentence(t, |s| s.contains("Monday")));
    }

    #[test]
    fn a_refused_time_is_recognised() {
        assert!(refuses(
            "While I cannot guarantee delivery by Friday, I will hurry."
        ));
        assert!(refuses("There is no guarantee it arrives by tomorrow."));
        assert!(!refuses("It will arrive by Friday."));
        assert!(!refuses("The refund will not take more than 3 days."));
        assert!(refuses(
            "While I cannot provide a guarantee, it should arrive by Friday."
        ));
        assert!(!refuses(
            "We will refund you if the package cannot be located within 24 hours."
        ));
    }

    #[test]
    fn open_commitments_leave_a_time_open() {
        let t = "We will do our best to expedite the delivery. You will receive a call shortly.";
        assert_eq!(of_open_commitments(t, |_| false), CALL);
        let t = "I will call you soon.";
        assert_eq!(of_open_commitments(t, |_| false), CALL | OWN);
        let t = "The refund takes 3 days. We will keep you updated.";
        assert_eq!(
            of_open_commitments(t, |s| s.contains("3 days")),
            FOLLOW_UP | OWN
        );
        assert_eq!(
            of_open_commitments("Thank you for your patience.", |_| false),
            0
        );
    }
}
