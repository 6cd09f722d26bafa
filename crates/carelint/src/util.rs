//! Small helpers shared across modules.

/// The candidate closest to `word`, if it is close enough to be a likely typo (and is not
/// `word` itself).
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit && *d < word.chars().count())
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("phrase", ["phrases", "pattern"]),
            Some("phrases")
        );
        assert_eq!(did_you_mean("zzzzzz", ["phrases", "pattern"]), None);
        assert_eq!(did_you_mean("paths", ["paths"]), None, "never itself");
        assert_eq!(
            did_you_mean("zz", ["id"]),
            None,
            "not for a short, unrelated key"
        );
    }
}
