//! Who handled a conversation, for which team, when and on which channel: read from the
//! transcript's metadata by a list of keys per field.
//!
//! Every reader puts what it knows in [`Metadata`](crate::Metadata): the agent's name in
//! `agent` (front matter `agent:`, JSON `agent` or `metadata.agent`, a CSV `agent` or
//! `agent_name` column, Contact Lens participants), anything else in `extra` under the
//! key the source used (`team`, `queue`, `date`, …). [`lookup`] is the one place that
//! knows where a key lives.

use serde::Serialize;

use crate::transcript::Transcript;

/// The metadata keys each field is read from; the first key with a value wins. A key may
/// be a dotted path into a nested object (`meta.team`); a list value gives its first item.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetadataFields {
    /// The agent's name or id.
    pub agent: Vec<String>,
    /// The team or queue.
    pub team: Vec<String>,
    /// The date (ISO 8601 date or date-time; or Unix seconds or milliseconds).
    pub date: Vec<String>,
    /// The channel (`chat`, `voice`, `email`, …).
    pub channel: Vec<String>,
    /// Other keys a team wants beside each conversation (`region`, `priority`): each
    /// becomes a CSV column, a JSON field and a line of the HTML. Empty by default.
    pub extra: Vec<String>,
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(std::string::ToString::to_string).collect()
}

impl Default for MetadataFields {
    fn default() -> Self {
        MetadataFields {
            agent: strings(&["agent", "agent_name", "agent_id", "agentId", "agent_email"]),
            team: strings(&["team", "queue", "team_name", "queue_name", "group"]),
            date: strings(&[
                "date",
                "started_at",
                "start_time",
                "startTime",
                "created_at",
                "timestamp",
                "datetime",
            ]),
            channel: strings(&["channel", "medium"]),
            extra: Vec::new(),
        }
    }
}

impl MetadataFields {
    /// The field names a config may set.
    pub(crate) const NAMES: [&'static str; 5] = ["agent", "team", "date", "channel", "extra"];

    /// Sets the keys of one field (`agent`, `team`, `date`, `channel`), or the other keys
    /// to carry (`extra`).
    ///
    /// # Errors
    ///
    /// An unknown field name.
    pub(crate) fn set(&mut self, field: &str, keys: Vec<String>) -> Result<(), crate::UnknownName> {
        let slot = match field {
            "agent" => &mut self.agent,
            "team" => &mut self.team,
            "date" => &mut self.date,
            "channel" => &mut self.channel,
            "extra" => &mut self.extra,
            _ => return Err(super::unknown_field(field)),
        };
        *slot = keys;
        Ok(())
    }

    /// The agent of a transcript, or `None`.
    #[must_use]
    pub fn agent_of(&self, t: &Transcript) -> Option<String> {
        first(t, &self.agent)
    }

    /// The team or queue of a transcript, or `None`.
    #[must_use]
    pub fn team_of(&self, t: &Transcript) -> Option<String> {
        first(t, &self.team)
    }

    /// The value of each `extra` key in a transcript (empty when it has none).
    #[must_use]
    pub fn extra_of(&self, t: &Transcript) -> Vec<String> {
        self.extra
            .iter()
            .map(|k| first(t, std::slice::from_ref(k)).unwrap_or_default())
            .collect()
    }

    /// The channel of a transcript, or `None`.
    #[must_use]
    pub fn channel_of(&self, t: &Transcript) -> Option<String> {
        first(t, &self.channel)
    }

    /// The date of a transcript as `YYYY-MM-DD` (the date as written in the source; Unix
    /// times are read as UTC), or `None` when no key holds a date.
    #[must_use]
    pub fn date_of(&self, t: &Transcript) -> Option<String> {
        self.civil_date_of(t).map(|d| d.to_string())
    }

    /// [`MetadataFields::date_of`] as a calendar date, for grouping by day and week.
    pub(crate) fn civil_date_of(&self, t: &Transcript) -> Option<jiff::civil::Date> {
        self.date
            .iter()
            .find_map(|k| lookup(t, k).and_then(parse_date))
    }
}

/// A key's value in a transcript's metadata. The one function that knows where each key
/// is kept: the transcript's channel, the typed fields of [`Metadata`](crate::Metadata)
/// (by name or alias: `queue` is the team), then `extra` (dotted paths into objects).
fn lookup(t: &Transcript, key: &str) -> Option<Value> {
    if key == "channel" {
        if let Some(c) = t.channel.as_deref().filter(|c| !c.trim().is_empty()) {
            return Some(Value::Str(c.trim().to_string()));
        }
    }
    if let Some((field, _)) = crate::Metadata::field_for(key) {
        if let Some(v) = t.metadata.get(field).filter(|v| !v.trim().is_empty()) {
            return Some(Value::Str(v.trim().to_string()));
        }
    }
    let mut parts = key.split('.');
    let mut v = t.metadata.extra.get(parts.next()?)?;
    for p in parts {
        v = v.get(p)?;
    }
    if let serde_json::Value::Array(items) = v {
        v = items.first()?;
    }
    match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => {
            Some(Value::Str(s.trim().to_string()))
        }
        serde_json::Value::Number(n) => Some(Value::Number(n.as_f64()?, n.to_string())),
        _ => None,
    }
}

enum Value {
    Str(String),
    Number(f64, String),
}

fn first(t: &Transcript, keys: &[String]) -> Option<String> {
    keys.iter().find_map(|k| {
        lookup(t, k).map(|v| match v {
            Value::Str(s) => crate::error::excerpt(&s),
            Value::Number(_, text) => text,
        })
    })
}

/// A date from `2024-05-01`, `2024-05-01T10:00:00+02:00` (the date as written), or Unix
/// seconds / milliseconds.
fn parse_date(v: Value) -> Option<jiff::civil::Date> {
    match v {
        Value::Str(s) => {
            let head = s.get(..10)?;
            let date: jiff::civil::Date = head.parse().ok()?;
            // After the date, only a time may follow.
            match s.as_bytes().get(10) {
                None | Some(b'T' | b't' | b' ') => Some(date),
                _ => None,
            }
        }
        Value::Number(n, _) => {
            if !n.is_finite() || n <= 0.0 {
                return None;
            }
            // Milliseconds from 2001-09-09 on are larger than 1e12.
            let secs = if n > 1e11 { n / 1000.0 } else { n };
            let ts = jiff::Timestamp::from_second(secs as i64).ok()?;
            Some(jiff::tz::Offset::UTC.to_datetime(ts).date())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Transcript;

    fn with(extra: serde_json::Value) -> Transcript {
        let mut t = Transcript::new("t", vec![]);
        if let serde_json::Value::Object(m) = extra {
            t.metadata.extra = m.into_iter().collect();
        }
        t
    }

    #[test]
    fn fields_come_from_the_first_key_with_a_value() {
        let f = MetadataFields::default();
        let mut t = with(
            serde_json::json!({"queue": "billing", "agent_id": 17, "date": "2024-05-03T23:30:00-07:00"}),
        );
        assert_eq!(f.team_of(&t).as_deref(), Some("billing"));
        assert_eq!(f.agent_of(&t).as_deref(), Some("17"));
        assert_eq!(f.date_of(&t).as_deref(), Some("2024-05-03"));
        t.metadata.agent = Some("Maria".into());
        assert_eq!(f.agent_of(&t).as_deref(), Some("Maria"));
        assert_eq!(f.channel_of(&t), None);
    }

    #[test]
    fn dotted_keys_lists_and_unix_times() {
        let mut f = MetadataFields::default();
        f.set("team", vec!["meta.domains".into()]).unwrap();
        let t = with(
            serde_json::json!({"meta": {"domains": ["bank", "x"]}, "timestamp": 1714521600123u64}),
        );
        assert_eq!(f.team_of(&t).as_deref(), Some("bank"));
        f.set("extra", vec!["meta.domains".into(), "region".into()])
            .unwrap();
        assert_eq!(f.extra_of(&t), vec!["bank".to_string(), String::new()]);
        assert_eq!(f.date_of(&t).as_deref(), Some("2024-05-01"));
        assert!(f
            .set("agnet", vec![])
            .unwrap_err()
            .to_string()
            .contains("did you mean `agent`"));
    }

    #[test]
    fn bad_dates_are_unknown() {
        let f = MetadataFields::default();
        for bad in ["2024-13-01", "yesterday", "2024-05-01x", "", "2024"] {
            let t = with(serde_json::json!({ "date": bad }));
            assert_eq!(f.date_of(&t), None, "{bad}");
        }
    }
}
