//! JSON documents of every dialect: parsed once into a [`Value`], the dialect chosen from
//! that value (or given), then converted to the dialect's typed form.
//!
//! Only when a conversion fails is the text parsed again, straight into the typed form,
//! for the line and column of the offending value (a [`Value`] keeps no positions). The
//! positions of turn texts come from [`jsonpos`](super::jsonpos), a byte scan.
//!
//! Also here: what the dialect readers share — times written as numbers or numeric
//! strings ([`Seconds`], [`Millis`]), labels written as strings or numbers ([`Label`]),
//! and the conversion of serde errors into positioned [`Error`]s.

use serde::de::{self, DeserializeOwned, Deserializer, Unexpected, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

use super::detect::dialect_of;
use super::jsonpos::{self, Found, Step};
use super::time::MAX_SECONDS;
use super::{
    aws, ccai, deepgram, genesys, intercom, json, whisper, zendesk, Format, ReadOptions, Transcript,
};
use crate::error::Error;

/// A parsed JSON document with its text and source name.
pub(crate) struct JsonDoc<'a> {
    /// The text, without a byte order mark.
    pub text: &'a str,
    /// The source's name, for errors and default ids.
    pub id: &'a str,
    /// The parsed document.
    pub value: Value,
}

impl<'a> JsonDoc<'a> {
    /// Parses `text` (a byte order mark is skipped).
    ///
    /// # Errors
    ///
    /// Invalid JSON, with its line and column.
    pub fn parse(text: &'a str, id: &'a str) -> Result<JsonDoc<'a>, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value = serde_json::from_str(text).map_err(|e| json_error(&e, text, id, 0, None))?;
        Ok(JsonDoc { text, id, value })
    }

    /// The dialect the document's keys say ([`dialect_of`]).
    pub fn dialect(&self) -> Result<Format, String> {
        dialect_of(&self.value)
    }

    /// Converts the document to the typed form of the dialect `me`.
    ///
    /// # Errors
    ///
    /// A value of the wrong type or a missing field, with its line and column, and a hint
    /// when the document looks like another dialect.
    pub fn convert<T: DeserializeOwned>(&self, me: Format) -> Result<T, Error> {
        T::deserialize(&self.value).or_else(|_| {
            // Parse the text again, only now, for the error's position.
            serde_json::from_str::<T>(self.text).map_err(|e| {
                let hint = match self.dialect() {
                    Ok(f) if f != me => Some(format!(
                        "this looks like {} JSON; use `--input-format {}` or `auto`",
                        f.title(),
                        f.name()
                    )),
                    _ => None,
                };
                json_error(&e, self.text, self.id, 0, hint)
            })
        })
    }

    /// The positions of the string values at `path`.
    pub fn locate(&self, path: &[Step]) -> Vec<Found> {
        jsonpos::locate(self.text, 1, path)
    }

    /// A parse error at line 1, column 1 of the document.
    pub fn error(&self, message: impl Into<String>) -> Error {
        Error::parse(self.id, 1, 1, message)
    }
}

/// Reads a JSON document in the dialect `format`, or in the dialect its keys say when
/// `format` is `None`.
///
/// # Errors
///
/// Invalid JSON, a document that matches no dialect (for `None`), or one that is not
/// valid in its dialect, with line and column.
pub(crate) fn read(
    text: &str,
    id: &str,
    format: Option<Format>,
    options: &ReadOptions,
) -> Result<Vec<Transcript>, Error> {
    let doc = JsonDoc::parse(text, id)?;
    let format = match format {
        Some(f) => f,
        None => doc.dialect().map_err(|m| doc.error(m))?,
    };
    let one = |t: Transcript| vec![t];
    match format {
        Format::AwsTranscribe => aws::read_transcribe(&doc, options).map(one),
        Format::ContactLens => aws::read_contact_lens(&doc, options).map(one),
        Format::Whisper => whisper::read(&doc, options).map(one),
        Format::Deepgram => deepgram::read(&doc, options).map(one),
        Format::Intercom => intercom::read(&doc, options).map(one),
        Format::Zendesk => zendesk::read(&doc, options).map(one),
        Format::GoogleCcai => ccai::read(&doc, options).map(one),
        Format::Genesys => genesys::read(&doc, options).map(one),
        _ => json::read(&doc, options),
    }
}

/// A time written as a JSON number or a string holding one (`"4.87"`), in seconds when
/// `MILLIS` is false and in milliseconds when it is true; `null` or a missing value is
/// `None`. Negative, non-finite and huge values (beyond [`MAX_SECONDS`]) are errors, so
/// they get the value's position.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TimeValue<const MILLIS: bool>(Option<f64>);

/// A time in seconds ([`TimeValue`]).
pub(crate) type Seconds = TimeValue<false>;
/// A time in milliseconds ([`TimeValue`]).
pub(crate) type Millis = TimeValue<true>;

impl<const MILLIS: bool> TimeValue<MILLIS> {
    const PER_SECOND: f64 = if MILLIS { 1000.0 } else { 1.0 };
    const UNIT: &'static str = if MILLIS { "milliseconds" } else { "seconds" };

    /// The time in seconds.
    pub fn seconds(self) -> Option<f64> {
        self.0.map(|v| v / Self::PER_SECOND)
    }

    fn checked<E: de::Error>(v: f64) -> Result<Self, E> {
        let max = MAX_SECONDS * Self::PER_SECOND;
        if !v.is_finite() || v < 0.0 || v > max {
            return Err(E::custom(format!(
                "invalid time {v}: a time is a number of {} from 0 to {max:e}",
                Self::UNIT
            )));
        }
        Ok(TimeValue(Some(v)))
    }
}

impl<'de, const MILLIS: bool> Deserialize<'de> for TimeValue<MILLIS> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<const M: bool>;
        impl<const M: bool> Visitor<'_> for V<M> {
            type Value = TimeValue<M>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    "a time in {} (a number, or a string holding one)",
                    TimeValue::<M>::UNIT
                )
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<TimeValue<M>, E> {
                TimeValue::checked(v)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<TimeValue<M>, E> {
                TimeValue::checked(v as f64)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<TimeValue<M>, E> {
                TimeValue::checked(v as f64)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TimeValue<M>, E> {
                match v.trim().parse::<f64>() {
                    Ok(n) => TimeValue::checked(n),
                    Err(_) => Err(E::invalid_value(Unexpected::Str(v), &self)),
                }
            }
            fn visit_unit<E: de::Error>(self) -> Result<TimeValue<M>, E> {
                Ok(TimeValue(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<TimeValue<M>, E> {
                Ok(TimeValue(None))
            }
        }
        d.deserialize_any(V::<MILLIS>)
    }
}

/// A label or id written as a string or a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Label(pub String);

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Label, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Label;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Label, E> {
                Ok(Label(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Label, E> {
                Ok(Label(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Label, E> {
                Ok(Label(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Label, E> {
                Ok(Label(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Converts a serde_json error into a parse error at the right line and column (in
/// characters). `line_offset` is added to serde's line (for a JSON Lines record).
pub(crate) fn json_error(
    e: &serde_json::Error,
    src: &str,
    path: &str,
    line_offset: usize,
    hint: Option<String>,
) -> Error {
    let mut message = e.to_string();
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    let mut message = match e.classify() {
        serde_json::error::Category::Eof => {
            "unexpected end of the JSON: the file is truncated or a closing bracket or quote is missing"
                .to_string()
        }
        serde_json::error::Category::Syntax => format!("invalid JSON: {message}"),
        _ => format!("not a valid transcript: {message}"),
    };
    if let Some(h) = hint {
        message.push_str("; ");
        message.push_str(&h);
    }
    let (line, column) = (e.line().max(1), e.column());
    let column = char_column(src, line, column);
    Error::parse(path, line + line_offset, column, message)
}

/// Converts serde_json's 1-based byte column on `line` of `src` to a character column.
fn char_column(src: &str, line: usize, byte_col: usize) -> usize {
    let Some(text) = src.split('\n').nth(line - 1) else {
        return byte_col.max(1);
    };
    let mut end = byte_col.min(text.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end)
        .map_or(byte_col, |p| p.chars().count())
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_checked_where_they_are_written() {
        let ok: Seconds = serde_json::from_str("\"4.87\"").unwrap();
        assert_eq!(ok.seconds(), Some(4.87));
        let ms: Millis = serde_json::from_str("1500").unwrap();
        assert_eq!(ms.seconds(), Some(1.5));
        let none: Seconds = serde_json::from_str("null").unwrap();
        assert_eq!(none.seconds(), None);
        for bad in ["-1", "1e308", "\"start\"", "\"-0.5\"", "true"] {
            let e = serde_json::from_str::<Seconds>(bad)
                .unwrap_err()
                .to_string();
            assert!(e.contains("line 1 column"), "{bad}: {e}");
        }
    }
}
