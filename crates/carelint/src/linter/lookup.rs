//! Per-turn lookups for building diagnostics, made once per turn on first use: sentence
//! bounds, and byte offset → (line, column).
//!
//! [`Turn::position`] counts characters from the start of the offset's line; a turn of one
//! long line with thousands of findings would be counted once per finding (quadratic). For
//! long turns this keeps a character count every [`CHECKPOINT`] bytes, so each position
//! counts at most that many bytes.

use crate::text::Sentences;
use crate::transcript::{SourceSegment, Turn};

/// Bytes between character-count checkpoints.
const CHECKPOINT: usize = 1024;

/// Lookups for the turns of one transcript.
#[derive(Default)]
pub(super) struct Lookups {
    sentences: Vec<Option<Sentences>>,
    chars: Vec<Option<Vec<(usize, usize)>>>,
}

impl Lookups {
    pub fn new(turns: usize) -> Lookups {
        Lookups {
            sentences: vec![None; turns],
            chars: vec![None; turns],
        }
    }

    /// The sentence bounds of turn `i`.
    pub fn sentences(&mut self, i: usize, turn: &Turn) -> &Sentences {
        self.sentences[i].get_or_insert_with(|| {
            let mut s = Sentences::default();
            s.index(&turn.text);
            s
        })
    }

    /// The start of the sentence of turn `i` that contains `offset`.
    pub fn sentence_start(&mut self, i: usize, turn: &Turn, offset: usize) -> usize {
        self.sentences(i, turn).start(offset)
    }

    /// The 1-based (line, column) in the source of byte `offset` of turn `i`; the same as
    /// [`Turn::position`].
    pub fn position(&mut self, i: usize, turn: &Turn, offset: usize) -> (usize, usize) {
        if turn.text.len() <= 2 * CHECKPOINT {
            return turn.position(offset);
        }
        let offset = offset.min(turn.text.len());
        let seg = match turn
            .segments
            .partition_point(|s| s.text_offset <= offset)
            .checked_sub(1)
        {
            Some(k) => turn.segments[k],
            None => SourceSegment {
                text_offset: 0,
                line: turn.line,
                column: 1,
            },
        };
        let start = seg.text_offset.min(offset);
        let marks = self.chars[i].get_or_insert_with(|| checkpoints(&turn.text));
        let chars =
            chars_before(&turn.text, marks, offset) - chars_before(&turn.text, marks, start);
        (seg.line, seg.column + chars)
    }
}

/// (byte offset, characters before it) at the first character boundary of every
/// [`CHECKPOINT`] bytes.
fn checkpoints(text: &str) -> Vec<(usize, usize)> {
    let mut marks = vec![(0, 0)];
    let mut next = CHECKPOINT;
    for (n, (b, _)) in text.char_indices().enumerate() {
        if b >= next {
            marks.push((b, n));
            next = b + CHECKPOINT;
        }
    }
    marks
}

/// Characters in `text[..offset]`.
fn chars_before(text: &str, marks: &[(usize, usize)], offset: usize) -> usize {
    let k = marks.partition_point(|&(b, _)| b <= offset) - 1;
    let (b, n) = marks[k];
    n + text.get(b..offset).map_or(0, |s| s.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Speaker;

    #[test]
    fn positions_agree_with_the_turn() {
        let text = "é".repeat(1500) + "abc\n" + &"x".repeat(3000) + "ü";
        let mut turn = Turn::new(Speaker::Agent, text.clone());
        turn.line = 3;
        turn.segments = vec![
            SourceSegment {
                text_offset: 0,
                line: 3,
                column: 7,
            },
            SourceSegment {
                text_offset: text.find('\n').unwrap() + 1,
                line: 4,
                column: 1,
            },
        ];
        let mut l = Lookups::new(1);
        for (o, _) in text.char_indices().step_by(97).chain([(text.len(), ' ')]) {
            assert_eq!(l.position(0, &turn, o), turn.position(o), "offset {o}");
        }
    }
}
