//! The language of a turn.
//!
//! Built on `whichlang` (MIT, no dependencies, 16 languages, under a microsecond per chat
//! turn, and the most accurate of the crates compared on short chat turns: see
//! `docs/rules.md` → Language). It has no confidence score and always answers, so this
//! wrapper decides when there is too little text to tell: URLs, e-mail addresses,
//! @handles, #tags and tokens with digits are left out, and fewer than two words or eight
//! letters leave the language undetermined. Romanised Hindi ("Hinglish"), which no
//! detector knows, is recognised by its function words. Most turns are plainly English;
//! a cheap test of common English words decides those without the model.

use std::sync::OnceLock;

/// A turn's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Lang {
    /// Too little text to tell (an order number, "ok", an emoji).
    Undetermined,
    /// One of whichlang's languages, or Hindi written in Latin letters.
    Known(&'static str),
}

impl Lang {
    pub const ENGLISH: Lang = Lang::Known("en");

    /// The ISO 639-1 code (`en`, `es`, `hi-Latn`), or `und`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Undetermined => "und",
            Lang::Known(c) => c,
        }
    }

    /// The language's English name, for messages.
    pub fn name(self) -> &'static str {
        match self.code() {
            "ar" => "Arabic",
            "zh" => "Chinese",
            "de" => "German",
            "en" => "English",
            "fr" => "French",
            "hi" => "Hindi",
            "hi-Latn" => "Hindi (Latin script)",
            "it" => "Italian",
            "ja" => "Japanese",
            "ko" => "Korean",
            "nl" => "Dutch",
            "pt" => "Portuguese",
            "ru" => "Russian",
            "es" => "Spanish",
            "sv" => "Swedish",
            "tr" => "Turkish",
            "vi" => "Vietnamese",
            _ => "an undetermined language",
        }
    }

    /// Whether a pack written in `pack` (an ISO 639-1 code) reads a turn of this language:
    /// every undetermined turn, and turns of the pack's language. English packs also read
    /// Hinglish, which mixes in English words and phrases.
    pub fn read_by(self, pack: &str) -> bool {
        match self {
            Lang::Undetermined => true,
            Lang::Known(code) => code == pack || (pack == "en" && code == "hi-Latn"),
        }
    }
}

/// Frequent English words: a turn whose words are mostly these is English without asking
/// the model (most turns are).
const ENGLISH_WORDS: &[&str] = &[
    "a", "about", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
    "can", "could", "did", "do", "does", "for", "from", "get", "got", "had", "has", "have",
    "hello", "help", "hi", "how", "i", "i'm", "if", "in", "is", "it", "it's", "just", "let", "me",
    "my", "no", "not", "now", "of", "on", "or", "order", "please", "so", "that", "the", "this",
    "thank", "thanks", "there", "to", "was", "we", "what", "when", "where", "which", "will",
    "with", "would", "yes", "you", "your", "sorry", "idea", "okay", "ok", "sure", "great", "good",
    "know", "need", "want", "think", "time", "here", "today", "very", "much", "more", "one",
    "can't", "don't", "i'll", "we'll", "our", "us", "they", "them", "he", "she", "his", "her",
    "been", "than", "then", "also", "only",
];

/// Fewest words for a verdict of another language than English: on shorter turns the
/// model guesses ("No idea, sorry" reads as Spanish to it).
const MIN_WORDS_OTHER: usize = 4;

/// Function words of romanised Hindi.
const HINGLISH_WORDS: &[&str] = &[
    "hai", "hain", "nahi", "nahin", "nhi", "kya", "kyu", "kyun", "kyon", "mujhe", "mera", "meri",
    "mere", "tum", "aap", "aapka", "aapke", "aapki", "hum", "humne", "maine", "raha", "rahi",
    "rahe", "hoon", "hu", "abhi", "kab", "kaise", "kaisa", "bhai", "yaar", "paise", "theek",
    "thik", "accha", "acha", "achha", "bahut", "bohot", "kuch", "koi", "kar", "karo", "karna",
    "karke", "diya", "liya", "gaya", "gayi", "hua", "hui", "wala", "wali", "waala", "bhi", "toh",
    "tha", "thi", "aur", "lekin", "par", "mein", "ko", "ki", "ke", "se", "ka", "jaldi", "kal",
    "aaj", "sab", "kaha", "kahan", "yeh", "woh", "wo", "ye", "matlab", "bilkul", "zaroor",
    "samajh", "dekho", "batao", "bata", "chahiye", "milega", "mila", "nai", "hoga", "hogi", "haan",
    "ji",
];

/// Detects the language of one turn.
pub(crate) fn detect(text: &str) -> Lang {
    let c = count(text);
    if c.words < 2 || c.letters < 8 {
        return Lang::Undetermined;
    }
    if c.hinglish >= 2 && c.hinglish * 4 >= c.words && c.hinglish > c.english / 2 {
        return Lang::Known("hi-Latn");
    }
    if !c.non_ascii && c.english * 3 >= c.words && c.english >= 2 {
        return Lang::ENGLISH;
    }
    let kept: Vec<&str> = text.split_whitespace().filter_map(prose_word).collect();
    let lang = code_of(whichlang::detect_language(&kept.join(" ")));
    if lang != "en" && c.words < MIN_WORDS_OTHER {
        return Lang::Undetermined;
    }
    Lang::Known(lang)
}

/// What [`detect`] counts in a turn's words of prose.
#[derive(Default)]
struct Counts {
    words: usize,
    letters: usize,
    non_ascii: bool,
    english: usize,
    hinglish: usize,
}

fn count(text: &str) -> Counts {
    let mut c = Counts::default();
    let mut tally = |word: &str| {
        c.words += 1;
        if word.is_ascii() {
            c.letters += word.bytes().filter(u8::is_ascii_alphabetic).count();
            match known(word.as_bytes()) {
                Some(Known::English) => c.english += 1,
                Some(Known::Hinglish) => c.hinglish += 1,
                None => {}
            }
        } else {
            c.non_ascii = true;
            c.letters += word.chars().filter(|ch| ch.is_alphabetic()).count();
        }
    };
    // Most turns are ASCII: split them without decoding characters.
    if text.is_ascii() {
        text.split_ascii_whitespace()
            .filter_map(prose_word)
            .for_each(&mut tally);
    } else {
        text.split_whitespace()
            .filter_map(prose_word)
            .for_each(&mut tally);
    }
    c
}

/// Which word list a word is on.
#[derive(Clone, Copy)]
enum Known {
    English,
    Hinglish,
}

/// Looks an ASCII word up in the two word lists, whatever its case. Every listed word
/// fits in eight bytes, so a word is packed, lower-cased, into a `u64` and binary-searched
/// in one sorted table of packed words: no allocation, no string comparison.
fn known(word: &[u8]) -> Option<Known> {
    static TABLE: OnceLock<Vec<(u64, Known)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t: Vec<(u64, Known)> = ENGLISH_WORDS
            .iter()
            .map(|w| (pack(w.as_bytes()), Known::English))
            .chain(
                HINGLISH_WORDS
                    .iter()
                    .map(|w| (pack(w.as_bytes()), Known::Hinglish)),
            )
            .collect();
        // A word on both lists counts as English (the sort is stable).
        t.sort_by_key(|e| e.0);
        t.dedup_by_key(|e| e.0);
        t
    });
    if word.len() > 8 {
        return None;
    }
    let key = pack(word);
    table
        .binary_search_by_key(&key, |e| e.0)
        .ok()
        .map(|i| table[i].1)
}

/// Up to eight bytes, lower-cased, as one number.
fn pack(word: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    buf[..word.len()].copy_from_slice(word);
    buf.make_ascii_lowercase();
    u64::from_be_bytes(buf)
}

/// The word a token contributes to the language, if any: links, e-mail addresses,
/// @handles, #tags and tokens with digits carry none; surrounding punctuation is cut.
fn prose_word(token: &str) -> Option<&str> {
    let b = token.as_bytes();
    if matches!(b.first(), Some(b'@' | b'#')) || b.starts_with(b"www.") {
        return None;
    }
    let (mut at, mut dot) = (false, false);
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'0'..=b'9' => return None,
            b'@' => at = true,
            b'.' => dot = true,
            b':' if b[i + 1..].starts_with(b"//") => return None,
            _ => {}
        }
    }
    if at && dot {
        return None;
    }
    let word = if token.is_ascii() {
        token.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
    } else {
        token.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
    };
    word.chars().any(char::is_alphabetic).then_some(word)
}

fn code_of(lang: whichlang::Lang) -> &'static str {
    use whichlang::Lang as W;
    match lang {
        W::Ara => "ar",
        W::Cmn => "zh",
        W::Deu => "de",
        W::Eng => "en",
        W::Fra => "fr",
        W::Hin => "hi",
        W::Ita => "it",
        W::Jpn => "ja",
        W::Kor => "ko",
        W::Nld => "nl",
        W::Por => "pt",
        W::Rus => "ru",
        W::Spa => "es",
        W::Swe => "sv",
        W::Tur => "tr",
        W::Vie => "vi",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_turns() {
        let en = [
            "Where is my refund? I have been waiting for three weeks.",
            "The parcel arrived damaged and the box was open",
            "Can you check order 502-2345678 please",
            "omg finally it works",
            "No idea, sorry.",
        ];
        for t in en {
            assert_eq!(detect(t), Lang::ENGLISH, "{t}");
        }
        assert_eq!(
            detect("Mi pedido no ha llegado todavía, ¿dónde está?"),
            Lang::Known("es")
        );
        assert_eq!(
            detect("Je n'ai toujours pas reçu mon colis."),
            Lang::Known("fr")
        );
        assert_eq!(
            detect("Mera order abhi tak nahi aaya hai"),
            Lang::Known("hi-Latn")
        );
        for t in [
            "ok",
            "502-2345678-9012345",
            "@AmazonHelp https://t.co/x",
            "👍👍",
            "???",
            "Hola amigo",
        ] {
            assert_eq!(detect(t), Lang::Undetermined, "{t}");
        }
    }

    #[test]
    fn packs_read_their_language_and_undetermined_turns() {
        assert!(Lang::Undetermined.read_by("en"));
        assert!(Lang::ENGLISH.read_by("en"));
        assert!(Lang::Known("hi-Latn").read_by("en"));
        assert!(!Lang::Known("es").read_by("en"));
    }
}
