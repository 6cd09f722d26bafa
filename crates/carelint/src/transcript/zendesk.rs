//! Zendesk ticket comments: the response of `GET /api/v2/tickets/{id}/comments`
//! (`comments[]`), best with `?include=users` (a sideloaded `users[]`), optionally with the
//! ticket (`GET /api/v2/tickets/{id}`) merged in as `ticket`.
//!
//! - Each public comment is a turn (no merging); internal notes (`public: false`) are
//!   skipped. The text is `body` (the comment as written), else `plain_body`, else
//!   `html_body` with its HTML removed ([`html`](super::html)); positions point into the
//!   field used.
//! - Roles: from the sideloaded user's `role` (`end-user` is the customer; `agent` and
//!   `admin` the agent), else from the ticket (`requester_id` is the customer,
//!   `assignee_id` the agent), else by the [speaker heuristic](super::speakers). The label
//!   is the user's name, else the `author_id`.
//! - Times are `created_at` (ISO 8601), relative to the earliest comment.
//! - Metadata: the ticket's `id` → the transcript id; `assignee_id` → `agent` (the user's
//!   name when sideloaded), else the first agent author; `group_id` → `team`; the ticket's
//!   (else the first comment's) `created_at` → `date` and `via.channel` → the channel;
//!   the requester's name → `customer_name`; `subject` → `metadata.extra.subject`.

use serde::Deserialize;
use std::collections::HashMap;

use super::html::{looks_like_html, positioned_body};
use super::json_doc::{JsonDoc, Label};
use super::jsonpos::{Found, Step};
use super::speakers::{Draft, Piece};
use super::time::{parse_iso, round_ms};
use super::{Format, ReadOptions, SourceSegment, Speaker, Transcript};
use crate::error::Error;

#[derive(Deserialize)]
struct Doc {
    comments: Vec<Comment>,
    #[serde(default)]
    users: Vec<User>,
    #[serde(default)]
    ticket: Option<Ticket>,
}

#[derive(Deserialize)]
struct Comment {
    #[serde(default)]
    author_id: Option<Label>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    plain_body: Option<String>,
    #[serde(default)]
    html_body: Option<String>,
    #[serde(default)]
    public: Option<bool>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    via: Option<Via>,
}

#[derive(Deserialize)]
struct Via {
    #[serde(default)]
    channel: Option<Label>,
}

#[derive(Deserialize)]
struct User {
    id: Label,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    role: Option<String>,
}

#[derive(Deserialize)]
struct Ticket {
    #[serde(default)]
    id: Option<Label>,
    #[serde(default)]
    requester_id: Option<Label>,
    #[serde(default)]
    assignee_id: Option<Label>,
    #[serde(default)]
    group_id: Option<Label>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    via: Option<Via>,
    #[serde(default)]
    subject: Option<String>,
}

/// The people of a ticket: sideloaded users and the ticket's requester and assignee.
struct People<'a> {
    users: HashMap<&'a str, &'a User>,
    ticket: Option<&'a Ticket>,
}

impl People<'_> {
    fn name(&self, id: &str) -> Option<String> {
        self.users.get(id).and_then(|u| u.name.clone())
    }

    /// The role of an author, and how it was decided.
    fn role(&self, id: &str) -> Option<(Speaker, String)> {
        if let Some(role) = self.users.get(id).and_then(|u| u.role.as_deref()) {
            let speaker = match role {
                "end-user" | "end_user" => Speaker::Customer,
                "agent" | "admin" => Speaker::Agent,
                _ => return None,
            };
            return Some((speaker, format!("explicit: the user's role is {role}")));
        }
        let t = self.ticket?;
        let is = |l: &Option<Label>| l.as_ref().is_some_and(|l| l.0 == id);
        if is(&t.requester_id) {
            Some((Speaker::Customer, "explicit: the ticket's requester".into()))
        } else if is(&t.assignee_id) {
            Some((Speaker::Agent, "explicit: the ticket's assignee".into()))
        } else {
            None
        }
    }
}

/// The positions of the comments' body fields, by comment index.
struct Bodies {
    body: HashMap<usize, Found>,
    plain: HashMap<usize, Found>,
    html: HashMap<usize, Found>,
}

impl Bodies {
    fn locate(doc: &JsonDoc) -> Bodies {
        let at = |key: &'static str| {
            doc.locate(&[Step::Key("comments"), Step::Any, Step::Key(key)])
                .into_iter()
                .filter_map(|f| Some((*f.indices.first()?, f)))
                .collect()
        };
        Bodies {
            body: at("body"),
            plain: at("plain_body"),
            html: at("html_body"),
        }
    }

    /// The text of comment `i`, with its line and segments: `body`, else `plain_body`,
    /// else `html_body` as plain text; `None` when all are empty.
    fn text_of(&self, c: &Comment, i: usize) -> Option<(String, usize, Vec<SourceSegment>)> {
        fn pick<'f>(
            text: &Option<String>,
            found: &'f HashMap<usize, Found>,
            i: usize,
        ) -> Option<(String, Option<&'f Found>)> {
            let text = text.clone().filter(|t| !t.trim().is_empty())?;
            Some((text, found.get(&i)))
        }
        let plain = pick(&c.body, &self.body, i).or_else(|| pick(&c.plain_body, &self.plain, i));
        if let Some((t, f)) = plain {
            return Some(positioned_body(t, f, false));
        }
        let (t, f) = pick(&c.html_body, &self.html, i)?;
        let is_html = looks_like_html(&t);
        Some(positioned_body(t, f, is_html))
    }
}

/// Reads Zendesk ticket comments.
///
/// # Errors
///
/// A missing `comments`, a value of the wrong type (with its position), or a time out of
/// range.
pub(crate) fn read(doc: &JsonDoc, options: &ReadOptions) -> Result<Transcript, Error> {
    let z: Doc = doc.convert(Format::Zendesk)?;
    let people = People {
        users: z.users.iter().map(|u| (u.id.0.as_str(), u)).collect(),
        ticket: z.ticket.as_ref(),
    };
    let mut draft = Draft::new(doc.id);
    metadata(&z, &people, &mut draft.transcript);
    let bodies = Bodies::locate(doc);
    let origin = z
        .comments
        .iter()
        .filter_map(|c| c.created_at.as_deref().and_then(parse_iso))
        .min_by(f64::total_cmp);
    for (i, c) in z.comments.iter().enumerate() {
        if c.public == Some(false) {
            continue;
        }
        let Some((text, line, segments)) = bodies.text_of(c, i) else {
            continue;
        };
        let author = c.author_id.as_ref().map(|a| a.0.as_str());
        let label = author.map(|a| people.name(a).unwrap_or_else(|| a.to_string()));
        let mut p = Piece::new(label, text, line);
        p.segments = segments;
        p.role = author.and_then(|a| people.role(a));
        p.start = c
            .created_at
            .as_deref()
            .and_then(parse_iso)
            .zip(origin)
            .map(|(t, o)| round_ms(t - o));
        if draft.transcript.metadata.agent.is_none()
            && p.role.as_ref().is_some_and(|(s, _)| *s == Speaker::Agent)
        {
            draft.transcript.metadata.agent = p.label.clone();
        }
        draft.pieces.push(p);
    }
    if draft.transcript.metadata.date.is_none() {
        if let Some(first) = z.comments.iter().find_map(|c| c.created_at.clone()) {
            draft.transcript.metadata.insert("date", first.into());
        }
    }
    if draft.transcript.channel.is_none() {
        draft.transcript.channel = z
            .comments
            .iter()
            .find_map(|c| c.via.as_ref()?.channel.as_ref())
            .map(|l| channel_name(&l.0));
    }
    draft.finish(options)
}

/// Fills the transcript's id, channel and metadata from the ticket.
fn metadata(z: &Doc, people: &People, t: &mut Transcript) {
    let Some(ticket) = &z.ticket else {
        return;
    };
    if let Some(id) = &ticket.id {
        t.id = id.0.clone();
    }
    t.channel = ticket
        .via
        .as_ref()
        .and_then(|v| v.channel.as_ref())
        .map(|l| channel_name(&l.0));
    let m = &mut t.metadata;
    m.agent = ticket
        .assignee_id
        .as_ref()
        .map(|a| people.name(&a.0).unwrap_or_else(|| a.0.clone()));
    m.team = ticket.group_id.as_ref().map(|g| g.0.clone());
    if let Some(date) = ticket.created_at.clone() {
        m.insert("date", date.into());
    }
    m.customer_name = ticket.requester_id.as_ref().and_then(|r| people.name(&r.0));
    if let Some(subject) = ticket.subject.as_ref().filter(|s| !s.is_empty()) {
        m.extra.insert("subject".into(), subject.clone().into());
    }
}

/// A Zendesk `via.channel` as a carelint channel: `chat` and `native_messaging` are
/// `chat`; `voice` stays; others (`email`, `web`, `api`) as written.
fn channel_name(channel: &str) -> String {
    match channel {
        "chat" | "native_messaging" | "messaging" => "chat".to_string(),
        other => other.to_string(),
    }
}
