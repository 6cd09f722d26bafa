//! Input readers on real samples (fixtures/formats), malformed and truncated input, the
//! JSON schema, and the shared dialogue corpus.

use crate::common::*;
use carelint::{Error, ErrorKind, Format, Linter, LinterBuilder, Speaker, Transcript};

fn fixture(name: &str) -> (String, String) {
    let path = root().join("fixtures/formats").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    (text, name.to_string())
}

/// Reads a fixture with `Format::Auto` and the default options; it must be one transcript.
fn one(name: &str) -> Transcript {
    one_with(name, Linter::builder())
}

/// Reads a fixture with the reader settings of `builder`.
fn one_with(name: &str, builder: LinterBuilder) -> Transcript {
    let (text, id) = fixture(name);
    let linter = builder.default_rules(false).build().unwrap();
    let mut ts = linter
        .parse(&text, Format::Auto, &id)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ts.len(), 1, "{name}");
    ts.remove(0)
}

fn speakers(t: &Transcript) -> Vec<String> {
    t.turns.iter().map(|t| t.speaker.to_string()).collect()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-6)
}

fn parse_err(e: Error) -> Error {
    assert_eq!(e.kind(), ErrorKind::Parse, "not a parse error: {e}");
    e
}

mod samples {
    use super::*;

    #[test]
    fn aws_transcribe_speaker_labels() {
        let t = one("aws_transcribe_speaker_labels.json");
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[0].text, "I've been on hold for an hour.");
        assert_eq!(t.turns[1].text, "Sorry about that.");
        // No greeting; spk_0 opens like a customer, so spk_1 is the agent.
        assert_eq!(speakers(&t), ["customer", "agent"]);
        assert!(close(t.turns[0].start, 4.87) && close(t.turns[0].end, 6.88));
        assert!(close(t.turns[1].start, 8.49) && close(t.turns[1].end, 9.24));
        assert_eq!(t.speakers.len(), 2);
        assert_eq!(t.speakers[0].label, "spk_0");
        assert!(t.speakers[1].how.contains("opens like a customer"));
        assert_eq!(t.metadata.extra["job_name"], "my-first-transcription-job");
        // The turn points at its first word's `content` in the JSON.
        assert_eq!(t.turns[0].position(0).0, 88);
    }

    #[test]
    fn aws_transcribe_channels() {
        let t = one("aws_transcribe_channel_identification.json");
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[0].text, "I've been on hold for an hour.");
        assert_eq!(t.turns[1].text, "Sorry about that.");
        assert_eq!(t.speakers[0].label, "ch_0");
        assert_eq!(speakers(&t), ["customer", "agent"]);
        assert!(close(t.turns[0].start, 4.86) && close(t.turns[1].end, 9.25));
        // Forced: the agent channel is ch_0 when configured by a speaker map.
        let o = Linter::builder().speaker_map("ch_0", Speaker::Agent);
        let t = one_with("aws_transcribe_channel_identification.json", o);
        assert_eq!(speakers(&t), ["agent", "customer"]);
        assert_eq!(t.speakers[0].how, "speaker-map");
    }

    #[test]
    fn aws_contact_lens_voice() {
        let t = one("aws_contact_lens_voice.json");
        assert_eq!(t.turns.len(), 10);
        assert_eq!(t.channel.as_deref(), Some("voice"));
        assert_eq!(t.metadata.locale.as_deref(), Some("en-US"));
        assert_eq!(t.turns[0].text, "Okay.");
        assert_eq!(t.turns[0].speaker, Speaker::Agent);
        assert_eq!(t.turns[1].speaker, Speaker::Customer);
        assert_eq!(t.turns[9].text, "Thank you. Sir. Have a nice evening.");
        assert!(close(t.turns[9].start, 30.58) && close(t.turns[9].end, 32.11));
        // The roles are explicit and the labels are the role names: nothing to record.
        assert!(t.speakers.is_empty());
        assert_eq!(t.turns[0].line, 115);
    }

    #[test]
    fn aws_contact_lens_chat() {
        let t = one("aws_contact_lens_chat.json");
        // 35 entries: 31 messages and 4 events (joined, joined, left, chat ended).
        assert_eq!(t.turns.len(), 31);
        assert_eq!(t.channel.as_deref(), Some("chat"));
        assert_eq!(t.metadata.agent.as_deref(), Some("Jane"));
        assert_eq!(t.metadata.customer_name.as_deref(), Some("John"));
        assert_eq!(
            speakers(&t)[..5],
            ["system", "system", "system", "agent", "customer"]
        );
        assert_eq!(
            t.turns[3].text,
            "Hello, thanks for reaching Example Corp. This is Jane. How may I help you?"
        );
        assert_eq!(t.turns[30].text, "Ok great! Have a great day.");
        assert_eq!(t.turns[30].speaker, Speaker::Agent);
        // Chat times are AbsoluteTime relative to the first entry (03:31:50.735).
        assert!(close(t.turns[0].start, 2.655), "{:?}", t.turns[0].start);
        assert!(close(t.turns[30].start, 170.713), "{:?}", t.turns[30].start);
        assert!(t
            .speakers
            .iter()
            .any(|s| s.how == "explicit: ParticipantRole AGENT (Jane)"));
    }

    #[test]
    fn aws_post_call_analytics() {
        let t = one("aws_pca_parsed_call.json");
        assert_eq!(t.turns.len(), 12);
        assert_eq!(t.turns[0].text, "MM.");
        assert_eq!(
            t.turns[11].text,
            "Do you want me to just tell you the meeting I'd be?"
        );
        // The file's SpeakerLabels say spk_0 is the agent: explicit roles win over the
        // greeting heuristic, --speaker-map wins over both.
        assert_eq!(t.turns[0].speaker, Speaker::Agent);
        assert!(t.speakers[0].how.starts_with("explicit"));
        assert!(close(t.turns[1].start, 0.64));
        let o = Linter::builder()
            .speaker_map("spk_1", Speaker::Agent)
            .speaker_map("spk_0", Speaker::Customer);
        let t = one_with("aws_pca_parsed_call.json", o);
        assert_eq!(t.turns[1].speaker, Speaker::Agent);
        assert_eq!(t.turns[0].speaker, Speaker::Customer);
    }

    #[test]
    fn deepgram_utterances() {
        let t = one("deepgram_diarized_utterances.json");
        // 22 utterances; consecutive ones of a speaker merge.
        assert_eq!(t.turns.len(), 8);
        assert_eq!(
            speakers(&t),
            [
                "agent",
                "customer",
                "agent",
                "customer",
                "speaker 2",
                "customer",
                "speaker 2",
                "customer"
            ]
        );
        assert!(t.turns[0]
            .text
            .starts_with("And, Jessica, Christina, we are so proud of you."));
        assert!(t.turns[7].text.ends_with("cover clothes. Copy."));
        assert!(close(t.turns[0].start, 3.04) && close(t.turns[7].end, 163.105));
        assert_eq!(t.speakers.len(), 3);
        assert!(t.speakers[2].how.contains("--speaker-map 2=agent"));
        assert_eq!(
            t.metadata.extra["request_id"],
            "e4ac910d-2bd6-4e54-b656-4cb971284bad"
        );
    }

    #[test]
    fn openai_diarized() {
        let t = one("openai_diarized_json.json");
        assert_eq!(speakers(&t), ["agent", "customer", "agent"]);
        assert_eq!(t.turns[0].text, "Thanks for calling OpenAI support.");
        assert_eq!(t.turns[2].text, "Happy to walk you through the steps.");
        assert!(close(t.turns[2].start, 12.1) && close(t.turns[2].end, 18.5));
        assert_eq!(t.speakers[1].label, "A");
        assert_eq!(t.speakers[1].how, "the other speaker");
        assert_eq!(t.turns[0].line, 11);
    }

    #[test]
    fn whisper_without_speakers() {
        let t = one("openai_whisper_verbose_json.json");
        assert_eq!(t.turns.len(), 1);
        assert_eq!(t.turns[0].speaker, Speaker::Other("speaker".into()));
        assert_eq!(
            t.turns[0].text,
            "The beach was a popular spot on a hot summer day."
        );
        assert!(close(t.turns[0].end, 3.319999933242798));
        assert_eq!(t.metadata.extra["language"], "english");
        assert!(t.speakers[0].how.contains("--speaker-map speaker=agent"));
        let o = Linter::builder().speaker_map("speaker", Speaker::Agent);
        let t = one_with("openai_whisper_verbose_json.json", o);
        assert_eq!(t.turns[0].speaker, Speaker::Agent);

        let t = one("whisper_timestamped_segments.json");
        assert_eq!(t.turns.len(), 1);
        assert!(t.turns[0]
            .text
            .starts_with("Yeah, as much as it's worth celebrating"));
        assert!(t.turns[0].text.ends_with("that we have today."));
        assert!(close(t.turns[0].start, 0.12));
        assert_eq!(t.metadata.locale.as_deref(), Some("en"));
    }

    #[test]
    fn webvtt_voice_spans() {
        let t = one("webvtt_voice_spans_w3c.vtt");
        assert_eq!(t.turns.len(), 5);
        assert_eq!(
            speakers(&t),
            ["agent", "customer", "agent", "customer", "agent"]
        );
        assert_eq!(t.speakers[0].label, "Roger Bingham");
        assert_eq!(t.speakers[0].how, "first speaker");
        assert!(t.turns[0]
            .text
            .starts_with("We are in New York City We're actually"));
        assert!(t.turns[0].text.ends_with("When we e-mailed—"));
        assert!(close(t.turns[0].start, 11.0) && close(t.turns[0].end, 31.5));
        assert_eq!(t.turns[3].text, "Laughs");
        assert_eq!(
            t.turns[4].text,
            "You know I'm so excited my glasses are falling off here."
        );
        // "Laughs" is after `<v Neil deGrasse Tyson><i>` on line 37.
        assert_eq!(t.turns[3].position(0), (37, 27));
    }

    #[test]
    fn webvtt_diarized_and_note() {
        let t = one("webvtt_deepgram_speakers.vtt");
        assert_eq!(speakers(&t), ["agent", "customer", "agent"]);
        assert_eq!(
            t.turns[0].text,
            "Yeah. As as much as, it's worth celebrating,"
        );
        assert_eq!(t.speakers[1].label, "Speaker 1");
        let t = one("webvtt_deepgram_note_header.vtt");
        assert_eq!(t.turns.len(), 1);
        assert!(t.turns[0]
            .text
            .starts_with("Yeah. As as much as, it's worth celebrating, the first"));
        assert!(t.turns[0].text.ends_with("have today."));
        assert_eq!(t.turns[0].line, 11);
        assert!(close(t.turns[0].start, 0.08) && close(t.turns[0].end, 25.439));
        // "have today." is the last cue, on line 38.
        let off = t.turns[0].text.rfind("have").unwrap();
        assert_eq!(t.turns[0].position(off), (38, 1));
    }

    #[test]
    fn srt() {
        let t = one("srt_deepgram_speakers.srt");
        assert_eq!(speakers(&t), ["agent", "customer", "agent"]);
        assert_eq!(
            t.turns[2].text,
            "I think many of us are looking forward to it"
        );
        assert!(close(t.turns[2].start, 8.475) && close(t.turns[2].end, 12.34));
        assert_eq!(t.speakers[0].label, "speaker 0");
        let t = one("srt_deepgram.srt");
        assert_eq!(t.turns.len(), 1);
        assert!(t.turns[0]
            .text
            .ends_with("same opportunities that we have today."));
        assert!(close(t.turns[0].end, 25.439));
    }

    /// The 1-based (line, column) of the first `needle` in a fixture.
    fn source_position(name: &str, needle: &str) -> (usize, usize) {
        let (text, _) = fixture(name);
        let at = text.find(needle).unwrap();
        let line = text[..at].matches('\n').count() + 1;
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        (line, text[line_start..at].chars().count() + 1)
    }

    #[test]
    fn intercom_conversation() {
        let name = "intercom_conversation.json";
        let t = one(name);
        // The source message and the one comment part have bodies; the custom-action and
        // attribute parts do not.
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[0].text, "this is the message body");
        assert_eq!(t.turns[1].text, "Okay!");
        assert_eq!(speakers(&t), ["agent", "agent"]);
        assert_eq!(t.speakers[0].label, "Ciaran176 Lee");
        assert_eq!(t.speakers[0].how, "explicit: author.type admin");
        // HTML removed, positions in the JSON: after `<p>`.
        assert_eq!(t.turns[0].position(0), source_position(name, "this is the"));
        assert_eq!(t.turns[1].position(0), source_position(name, "Okay!"));
        assert_eq!(t.id, "503");
        assert_eq!(t.channel.as_deref(), Some("chat"));
        // The assignee (991267715) wrote no message: its id, not a name.
        assert_eq!(t.metadata.agent.as_deref(), Some("991267715"));
        assert_eq!(t.metadata.team.as_deref(), Some("5017691"));
        assert_eq!(t.metadata.date.as_deref(), Some("2024-12-18T15:58:31Z"));
        assert_eq!(t.metadata.extra["state"], "closed");
        assert_eq!(t.metadata.extra["tags"][0], "Test tag");
    }

    #[test]
    fn google_ccai_insights() {
        let name = "google_ccai_insights_conversation.json";
        let t = one(name);
        assert_eq!(t.turns.len(), 14);
        assert_eq!(speakers(&t)[..3], ["agent", "customer", "agent"]);
        assert_eq!(t.turns[0].text, "Hi there, what can I help you with today?");
        assert!(t.turns[13].text.ends_with("the website or app itself."));
        assert!(close(t.turns[0].start, 0.0) && close(t.turns[13].start, 195.0));
        assert_eq!(t.turns[0].position(0), source_position(name, "Hi there"));
        assert_eq!(t.speakers[0].label, "2");
        assert_eq!(t.speakers[0].how, "explicit: role AGENT");
        assert_eq!(t.metadata.agent.as_deref(), Some("2"));
        assert_eq!(t.metadata.date.as_deref(), Some("2023-02-01T05:49:41Z"));
        assert_eq!(t.channel.as_deref(), Some("chat"));
        // A speaker map overrides the stated role by label.
        let o = Linter::builder().speaker_map("2", Speaker::Customer);
        assert_eq!(speakers(&one_with(name, o))[0], "customer");
    }

    #[test]
    fn zendesk_ticket_comments() {
        let name = "zendesk_ticket_comments_ours.json";
        let t = one(name);
        // Three public comments; the internal note is skipped.
        assert_eq!(speakers(&t), ["customer", "agent", "customer"]);
        assert!(t.turns[1].text.starts_with("Hello Priya,\n\nthank you"));
        // Only `html_body`: HTML removed, `&mdash;` decoded, positions into the HTML.
        assert_eq!(
            t.turns[2].text,
            "Thanks \u{2014} please send the tracking number."
        );
        let please = t.turns[2].text.find("please").unwrap();
        assert_eq!(t.turns[2].position(please), source_position(name, "please"));
        let send = t.turns[2].text.find("send").unwrap();
        assert_eq!(t.turns[2].position(send), source_position(name, "send the"));
        // The body with `\n` escapes: "thank" is on the JSON line, after the escapes.
        let thank = t.turns[1].text.find("thank you").unwrap();
        assert_eq!(
            t.turns[1].position(thank),
            source_position(name, "thank you")
        );
        assert_eq!(t.speakers[0].how, "explicit: the user's role is end-user");
        assert!(close(t.turns[1].start, 3069.0));
        assert_eq!(t.id, "35436");
        assert_eq!(t.channel.as_deref(), Some("email"));
        assert_eq!(t.metadata.agent.as_deref(), Some("Tomás Ruiz"));
        assert_eq!(t.metadata.team.as_deref(), Some("98738"));
        assert_eq!(t.metadata.date.as_deref(), Some("2024-05-02T08:14:03Z"));
        assert_eq!(t.metadata.customer_name.as_deref(), Some("Priya Natarajan"));
    }

    #[test]
    fn genesys_cloud_transcript() {
        let name = "genesys_cloud_transcript_ours.json";
        let t = one(name);
        assert_eq!(speakers(&t), ["agent", "customer", "agent"]);
        assert_eq!(
            t.turns[0].text,
            "Thank you for calling Northwind, this is Sam. How can I help?"
        );
        // Consecutive phrases of the customer merge; `text` when there is no decoratedText.
        assert_eq!(
            t.turns[1].text,
            "Hi, my router keeps dropping the connection. it happened three times today"
        );
        let it = t.turns[1].text.find("it happened").unwrap();
        assert_eq!(
            t.turns[1].position(it),
            source_position(name, "it happened")
        );
        assert!(close(t.turns[0].start, 12.0) && close(t.turns[0].end, 15.8));
        assert!(close(t.turns[1].start, 16.5) && close(t.turns[1].end, 21.3));
        assert!(t.speakers[0]
            .how
            .starts_with("explicit: participantPurpose internal"));
        assert_eq!(t.id, "8c259fea-8764-4a92-adc4-73572e9cf016");
        assert_eq!(t.channel.as_deref(), Some("voice"));
        assert_eq!(
            t.metadata.agent.as_deref(),
            Some("c7e1d2f3-4a5b-4c6d-8e7f-9a0b1c2d3e4f")
        );
        assert_eq!(
            t.metadata.team.as_deref(),
            Some("f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b")
        );
        assert_eq!(t.metadata.date.as_deref(), Some("2024-05-02T09:00:00Z"));
        assert_eq!(t.metadata.locale.as_deref(), Some("en-US"));
    }

    #[test]
    fn metadata_from_every_natural_place() {
        // Plain-text front matter, with aliases kept in `extra`.
        let t = &read(
            "---\nagent: Maria\nqueue: billing\ndate: 2024-05-01T10:00:00+02:00\n---\nAgent: Hi\n",
            Format::Plain,
            "a.txt",
        )
        .unwrap()[0];
        assert_eq!(t.metadata.agent.as_deref(), Some("Maria"));
        assert_eq!(t.metadata.team.as_deref(), Some("billing"));
        assert_eq!(
            t.metadata.date.as_deref(),
            Some("2024-05-01T10:00:00+02:00")
        );
        assert_eq!(t.metadata.extra["queue"], "billing");
        // Missing metadata is None.
        let t = &read("Agent: Hi\n", Format::Plain, "b.txt").unwrap()[0];
        assert_eq!(
            (&t.metadata.agent, &t.metadata.team, &t.metadata.date),
            (&None, &None, &None)
        );
        // carelint JSON `metadata`, numbers as ids; a date that is not ISO 8601 stays in extra.
        let t = &read(
            r#"{"metadata":{"agent_id":42,"team":"Tier 2","date":"yesterday"},"turns":[]}"#,
            Format::Json,
            "c.json",
        )
        .unwrap()[0];
        assert_eq!(t.metadata.agent.as_deref(), Some("42"));
        assert_eq!(t.metadata.team.as_deref(), Some("Tier 2"));
        assert_eq!(t.metadata.date, None);
        assert_eq!(t.metadata.extra["date"], "yesterday");
        // CSV columns; without a date column, the earliest ISO time dates the conversation.
        let t = &read(
            "call_id,speaker,text,agent_name,queue,start\nc1,agent,Hi,Maria,billing,2024-05-01T10:00:05Z\nc1,customer,Hello,,,2024-05-01T10:00:00Z\n",
            Format::Csv,
            "d.csv",
        )
        .unwrap()[0];
        assert_eq!(t.metadata.agent.as_deref(), Some("Maria"));
        assert_eq!(t.metadata.team.as_deref(), Some("billing"));
        assert_eq!(t.metadata.date.as_deref(), Some("2024-05-01T10:00:00Z"));
        assert!(close(t.turns[0].start, 5.0) && close(t.turns[1].start, 0.0));
        // Contact Lens chat: the agent's display name and the first AbsoluteTime.
        let t = one("aws_contact_lens_chat.json");
        assert_eq!(t.metadata.date.as_deref(), Some("2022-10-27T03:31:50.735Z"));
        // Post-Call Analytics: ConversationTime.
        let t = one("aws_pca_parsed_call.json");
        assert_eq!(
            t.metadata.date.as_deref(),
            Some("2021-11-25 13:35:14.215558")
        );
    }

    #[test]
    fn every_sample_is_detected_by_content_too() {
        let dir = root().join("fixtures/formats");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let by_path = Format::detect(Some(&path), &text).unwrap();
            let by_content = Format::detect(None, &text).unwrap();
            assert_eq!(by_path, by_content, "{}", path.display());
            assert_ne!(by_path, Format::Plain, "{}", path.display());
        }
    }
}

mod malformed {
    use super::*;

    fn err(text: &str, format: Format, id: &str) -> Error {
        parse_err(read(text, format, id).unwrap_err())
    }

    #[test]
    fn each_reader_reports_position_and_what_to_do() {
        let e = err(
            "{\"turns\": [{\"speaker\": \"agent\", \"text\": 5}]}",
            Format::Json,
            "a.json",
        );
        assert_eq!((e.line().unwrap_or(0), e.column().unwrap_or(0)), (1, 41));
        assert!(
            e.message()
                .contains("invalid type: integer `5`, expected a string"),
            "{}",
            e.message()
        );

        let e = err(
            "{\"speaker\":\"agent\"}\n{\"turns\":[]}\n",
            Format::Jsonl,
            "a.jsonl",
        );
        assert_eq!(e.line().unwrap_or(0), 1);
        assert!(
            e.message().contains("missing field `turns`"),
            "{}",
            e.message()
        );

        let e = err("id,who,words\n1,a,b\n", Format::Csv, "a.csv");
        assert!(e.message().contains("no text column"), "{}", e.message());
        assert!(
            e.message().contains("text, message, content"),
            "{}",
            e.message()
        );

        let e = err(
            "WEBVTT\n\n00:01.000 -> 00:02.000\nhi\n",
            Format::Vtt,
            "a.vtt",
        );
        assert_eq!(e.line().unwrap_or(0), 3);

        let e = err(
            "1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\nhello\n",
            Format::Srt,
            "a.srt",
        );
        assert_eq!(e.line().unwrap_or(0), 6);
        assert!(e.message().contains("no timing line"), "{}", e.message());

        let e = err(
            "{\"results\": {\"items\": 3}}",
            Format::AwsTranscribe,
            "a.json",
        );
        assert!(e.message().contains("invalid type"), "{}", e.message());

        let e = err("{\"Participants\": []}", Format::ContactLens, "a.json");
        assert!(
            e.message().contains("missing field `Transcript`"),
            "{}",
            e.message()
        );

        let e = err("{\"segments\": [{\"text\": 1}]}", Format::Whisper, "a.json");
        assert_eq!((e.line().unwrap_or(0), e.column().unwrap_or(0)), (1, 24));

        let e = err("{\"metadata\": {}}", Format::Deepgram, "a.json");
        assert!(
            e.message().contains("missing field `results`"),
            "{}",
            e.message()
        );

        // A JSON object that matches no dialect, with Format::Auto.
        let e = err("{\"conversation\": []}", Format::Auto, "x.json");
        assert!(
            e.message().contains("found top-level keys: conversation"),
            "{}",
            e.message()
        );
        assert!(
            e.message().contains("tried carelint JSON"),
            "{}",
            e.message()
        );

        // The wrong explicit format for a known dialect gives a hint.
        let (text, _) = fixture("deepgram_diarized_utterances.json");
        let e = err(&text, Format::Json, "d.json");
        assert!(
            e.message().contains("--input-format deepgram"),
            "{}",
            e.message()
        );
    }

    /// (line, column) and message of a parse error.
    fn at(text: &str, format: Format, id: &str) -> (usize, usize, String) {
        let e = err(text, format, id);
        (
            e.line().unwrap_or(0),
            e.column().unwrap_or(0),
            e.message().to_string(),
        )
    }

    #[test]
    fn impossible_times_are_positioned_errors() {
        // WebVTT and SRT: minutes and seconds of 60 or more, an end before the start.
        let (l, c, m) = at(
            "WEBVTT\n\n00:99:99.999 --> 01:00:00.000\nhi\n",
            Format::Vtt,
            "a.vtt",
        );
        assert_eq!((l, c), (3, 1), "{m}");
        assert!(m.contains("invalid start time"), "{m}");
        let (l, c, m) = at(
            "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nhi\n",
            Format::Vtt,
            "a.vtt",
        );
        assert_eq!((l, c), (3, 18), "{m}");
        assert!(m.contains("ends (1 s) before it starts (5 s)"), "{m}");
        let (l, _, m) = at(
            "1\n00:00:02,000 --> 00:00:01,000\nhi\n",
            Format::Srt,
            "a.srt",
        );
        assert_eq!(l, 2, "{m}");
        // carelint JSON: negative, huge, end before start.
        let (l, c, m) = at(
            "{\"turns\": [\n {\"speaker\": \"agent\", \"text\": \"hi\", \"start\": -1}]}",
            Format::Json,
            "a.json",
        );
        // serde points just after the value.
        assert_eq!((l, c), (2, 48), "{m}");
        assert!(m.contains("the time -1 is negative"), "{m}");
        let (_, _, m) = at(
            r#"{"turns": [{"speaker": "agent", "text": "hi", "end": 1e308}]}"#,
            Format::Json,
            "a.json",
        );
        assert!(m.contains("beyond the largest"), "{m}");
        let (l, c, m) = at(
            "{\"turns\": [{\"speaker\": \"agent\", \"text\": \"hi\", \"start\": 5, \"end\": 2}]}",
            Format::Json,
            "a.json",
        );
        assert_eq!((l, c), (1, 42), "{m}");
        assert!(
            m.contains("turn 1 ends (2 s) before it starts (5 s)"),
            "{m}"
        );
        let (l, _, m) = at(
            "{\"turns\":[{\"speaker\":\"agent\",\"text\":\"a\",\"start\":-3}]}\n",
            Format::Jsonl,
            "a.jsonl",
        );
        assert_eq!(l, 1, "{m}");
        // Whisper: a string that is no number, a negative time, an end before the start.
        let (l, c, m) = at(
            "{\"segments\": [\n{\"start\": \"start\", \"end\": 1, \"text\": \"hi\"}]}",
            Format::Whisper,
            "w.json",
        );
        assert_eq!((l, c), (2, 17), "{m}");
        assert!(m.contains("invalid value: string \"start\""), "{m}");
        let (_, _, m) = at(
            r#"{"segments": [{"start": -2, "end": 1, "text": "hi"}]}"#,
            Format::Whisper,
            "w.json",
        );
        assert!(m.contains("invalid time -2"), "{m}");
        let (l, c, m) = at(
            r#"{"segments": [{"start": 3, "end": 1, "text": "hi"}]}"#,
            Format::Whisper,
            "w.json",
        );
        assert_eq!((l, c), (1, 47), "{m}");
        assert!(m.contains("before it starts"), "{m}");
        // Numbers as strings stay fine where vendors write them (Transcribe).
        assert!(read(
            r#"{"results":{"items":[{"start_time":"1.5","end_time":"2.0","alternatives":[{"content":"hi"}],"type":"pronunciation"}]}}"#,
            Format::AwsTranscribe,
            "t.json"
        )
        .is_ok());
        // Contact Lens milliseconds out of range.
        let (_, _, m) = at(
            r#"{"Participants":[],"Transcript":[{"Content":"hi","BeginOffsetMillis":-5}]}"#,
            Format::ContactLens,
            "c.json",
        );
        assert!(m.contains("milliseconds"), "{m}");
        // CSV: a clock with 99 minutes, a negative number, an end before the start; a
        // value that is no time at all is still ignored.
        let (l, c, m) = at(
            "speaker,text,start\nagent,hi,00:99:99\n",
            Format::Csv,
            "a.csv",
        );
        assert_eq!((l, c), (2, 10), "{m}");
        let (_, _, m) = at("speaker,text,start\nagent,hi,-5\n", Format::Csv, "a.csv");
        assert!(m.contains("negative"), "{m}");
        let (l, c, m) = at(
            "speaker,text,start,end\nagent,hi,5,2\n",
            Format::Csv,
            "a.csv",
        );
        assert_eq!((l, c), (2, 12), "{m}");
        let t = &read(
            "speaker,text,start\nagent,hi,10:30 AM\n",
            Format::Csv,
            "a.csv",
        )
        .unwrap()[0];
        assert_eq!(t.turns[0].start, None);
        // Plain text: `[00:99:99]` and a range that ends before it starts.
        let (l, c, m) = at(
            "Agent: hi\n  [00:99:99] Customer: yo\n",
            Format::Plain,
            "a.txt",
        );
        assert_eq!((l, c), (2, 3), "{m}");
        assert!(m.contains("minutes and seconds must be below 60"), "{m}");
        let (_, _, m) = at("[00:00:09 - 00:00:04] Agent: hi\n", Format::Plain, "a.txt");
        assert!(m.contains("before it starts"), "{m}");
        // A bracket that is no timestamp of a label stays text.
        let t = &read("Agent: see [99:99] below\n", Format::Plain, "a.txt").unwrap()[0];
        assert_eq!(t.turns[0].text, "see [99:99] below");
    }

    #[test]
    fn front_matter_errors_give_one_position() {
        let long = format!("---\nid: x\nname: {}: y\n---\nAgent: hi\n", "a".repeat(250));
        let e = err(&long, Format::Plain, "x.txt");
        assert_eq!((e.line(), e.column()), (Some(3), Some(257)));
        assert!(!e.message().contains("at line"), "{e}");
        assert!(!e.to_string().contains("line 2"), "{e}");
        let e = err(
            "---\nid: 1\nkind: memo\n---\nAgent: hi\n",
            Format::Plain,
            "x.txt",
        );
        assert_eq!(e.line(), Some(3), "{e}");
    }

    /// Cuts `text` at many points; every cut that `is_invalid` says must fail does fail
    /// with a position inside the cut text.
    fn truncations(name: &str, format: Format, is_invalid: impl Fn(&str) -> bool) -> usize {
        let path = root().join("fixtures/same-conversation").join(name);
        let text = std::fs::read_to_string(path).unwrap();
        let mut failed = 0;
        // About 300 cuts per file, at odd steps so that every kind of position is hit.
        let step = (text.len() / 300).max(7) | 1;
        let cuts: Vec<usize> = (1..text.trim_end().len())
            .step_by(step)
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for cut in cuts {
            let part = &text[..cut];
            let result = read(part, format, name);
            if is_invalid(part) {
                let e = parse_err(result.expect_err(&format!("{name} cut at {cut} must fail")));
                let lines = part.split('\n').count();
                assert!(
                    e.line().unwrap_or(0) >= 1 && e.line().unwrap_or(0) <= lines,
                    "{name} cut at {cut}: {e}"
                );
                assert!(e.column().unwrap_or(0) >= 1, "{name} cut at {cut}: {e}");
                failed += 1;
            }
        }
        failed
    }

    #[test]
    fn truncated_json_and_jsonl() {
        // Any cut JSON document is invalid.
        assert!(truncations("conversation.json", Format::Json, |_| true) > 100);
        assert!(truncations("aws-transcribe.json", Format::AwsTranscribe, |_| true) > 250);
        assert!(truncations("contact-lens.json", Format::ContactLens, |_| true) > 50);
        assert!(truncations("whisper-diarized.json", Format::Whisper, |_| true) > 50);
        assert!(truncations("deepgram.json", Format::Deepgram, |_| true) > 50);
        // A cut JSON Lines record (not blank) is invalid.
        assert!(
            truncations("conversation.jsonl", Format::Jsonl, |p| !p
                .trim()
                .is_empty())
                > 50
        );
        let e = read(
            "{\"turns\":[]}\n{\"turns\":[{\"spea",
            Format::Jsonl,
            "t.jsonl",
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("t.jsonl:2:"), "{e}");
        assert!(e.contains("truncated"), "{e}");
    }

    #[test]
    fn truncated_captions_and_csv() {
        // A cut inside a timing line is invalid.
        let in_timing = |p: &str| {
            let last = p.rsplit('\n').next().unwrap_or("");
            last.contains("-->") && last.len() < "00:00:00.000 --> 00:00:00.000".len()
        };
        assert!(truncations("conversation.vtt", Format::Vtt, in_timing) > 3);
        assert!(truncations("conversation.srt", Format::Srt, in_timing) > 3);
        // A cut inside a quoted CSV field is invalid.
        let in_quotes = |p: &str| p.matches('"').count() % 2 == 1;
        assert!(truncations("conversation.csv", Format::Csv, in_quotes) > 3);
        let e = read(
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Agent>Hello\n\n00:00:03.0",
            Format::Vtt,
            "t.vtt",
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("t.vtt:6:1:"), "{e}");
    }
}

mod jsonl_stream {
    use super::*;

    #[test]
    fn reader_keeps_going_and_reports_lines() {
        let data = "\u{feff}{\"id\":\"a\",\"turns\":[{\"speaker\":\"agent\",\"text\":\"Hi\"}]}\n\n{\"id\":\"b\",\"turns\":[{\"speaker\":\"agent\",\"text\":1}]}\r\n{\"turns\":[{\"speaker\":\"spk_9\",\"text\":\"x\"}]}";
        let o = Linter::builder().default_rules(false).build().unwrap();
        let results: Vec<_> = o.read_jsonl(data.as_bytes(), "f.jsonl").collect();
        assert_eq!(results.len(), 3);
        assert_eq!(results[0].as_ref().unwrap().id, "a");
        let e = results[1].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("f.jsonl:3:46:"), "{e}");
        let c = results[2].as_ref().unwrap();
        assert_eq!(c.id, "f.jsonl:4");
        assert_eq!(c.turns[0].speaker, Speaker::Other("spk_9".into()));
        // Batches for parallel parsing.
        let mut r = o.read_jsonl(data.as_bytes(), "f.jsonl");
        let b1 = r.batch(2, usize::MAX).unwrap();
        assert_eq!(
            b1.iter()
                .map(|l| l.as_ref().unwrap().line)
                .collect::<Vec<_>>(),
            [1, 3]
        );
        let b2 = r.batch(2, usize::MAX).unwrap();
        assert_eq!(b2.len(), 1);
        assert!(r.batch(2, usize::MAX).unwrap().is_empty());
        let (report, errors) = o.lint_jsonl_batch("f.jsonl", &b2);
        assert_eq!((report.transcripts, errors.len()), (1, 0));
    }
}

mod schema {
    use super::*;

    fn validator() -> jsonschema::Validator {
        let text = std::fs::read_to_string(root().join("docs/transcript.schema.json")).unwrap();
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        jsonschema::validator_for(&schema).unwrap()
    }

    fn check(v: &jsonschema::Validator, doc: &serde_json::Value, what: &str) {
        let errors: Vec<String> = v.iter_errors(doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{what}: {errors:?}");
    }

    #[test]
    fn canonical_fixtures_validate_and_read() {
        let v = validator();
        let dir = root().join("fixtures/same-conversation");
        let json = std::fs::read_to_string(dir.join("conversation.json")).unwrap();
        check(
            &v,
            &serde_json::from_str(&json).unwrap(),
            "conversation.json",
        );
        for (i, line) in std::fs::read_to_string(dir.join("conversation.jsonl"))
            .unwrap()
            .lines()
            .enumerate()
        {
            check(
                &v,
                &serde_json::from_str(line).unwrap(),
                &format!("conversation.jsonl:{}", i + 1),
            );
        }
        // Invalid documents are rejected by both the schema and the reader.
        for bad in [
            r#"{"id": "x"}"#,
            r#"{"turns": [{"speaker": "agent"}]}"#,
            r#"{"turns": [{"speaker": "agent", "text": "hi", "start": "soon"}]}"#,
            r#"{"kind": "memo", "turns": []}"#,
        ] {
            let doc: serde_json::Value = serde_json::from_str(bad).unwrap();
            assert!(!v.is_valid(&doc), "schema accepts {bad}");
            assert!(
                read(bad, Format::Json, "b.json").is_err(),
                "reader accepts {bad}"
            );
        }
    }

    #[test]
    #[cfg_attr(not(carelint_corpus), ignore = "needs ../shared/corpus")]
    fn corpus_records_validate() {
        let v = validator();
        for path in corpus_files() {
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, line) in text.lines().take(50).enumerate() {
                check(
                    &v,
                    &serde_json::from_str(line).unwrap(),
                    &format!("{}:{}", path.display(), i + 1),
                );
            }
        }
    }
}

mod corpus {
    use super::*;
    use std::io::BufReader;

    /// Reads up to `limit` records of each corpus file; returns (records, turns).
    fn read_corpus(limit: usize) -> (usize, usize) {
        let files = corpus_files();
        assert_eq!(files.len(), 6);
        let o = Linter::builder().default_rules(false).build().unwrap();
        let (mut records, mut turns) = (0, 0);
        for path in files {
            let name = path.display().to_string();
            let file = std::fs::File::open(&path).unwrap();
            for result in o.read_jsonl(BufReader::new(file), &name).take(limit) {
                let t = result.unwrap_or_else(|e| panic!("{e}"));
                assert!(!t.turns.is_empty(), "{}", t.id);
                for turn in &t.turns {
                    assert!(matches!(
                        turn.speaker,
                        Speaker::Agent | Speaker::Customer | Speaker::System
                    ));
                    // Every turn points into its record's line.
                    let (line, col) = turn.position(0);
                    assert!(line >= 1 && col > 1, "{}", t.id);
                }
                records += 1;
                turns += t.turns.len();
            }
        }
        (records, turns)
    }

    #[test]
    #[cfg_attr(not(carelint_corpus), ignore = "needs ../shared/corpus")]
    fn first_records_of_every_file_read() {
        let (records, _) = read_corpus(400);
        assert!(records > 1000, "{records}");
    }

    /// The whole corpus (57 MB, 34,423 conversations); run with `--ignored` (in release:
    /// `cargo test --release -p carelint --test readers -- --ignored`).
    #[test]
    #[ignore = "reads all 57 MB of ../shared/corpus; run with --ignored"]
    fn whole_corpus_reads() {
        let (records, turns) = read_corpus(usize::MAX);
        assert_eq!(records, 34_423);
        assert_eq!(turns, 511_058);
    }

    #[test]
    #[cfg_attr(not(carelint_corpus), ignore = "needs ../shared/corpus")]
    fn metadata_and_ids_are_kept() {
        let dir = corpus_dir();
        let text = std::fs::read_to_string(dir.join("abcd_sample.jsonl")).unwrap();
        let ts = read(&text, Format::Auto, "abcd_sample.jsonl").unwrap();
        assert_eq!(ts.len(), 3);
        assert_eq!(ts[0].id, "abcd-3592");
        assert_eq!(ts[0].channel.as_deref(), Some("chat"));
        assert_eq!(ts[0].metadata.extra["source"], "abcd_sample");
        assert!(ts[0].metadata.extra.contains_key("meta"));
        assert_eq!(ts[0].turns[0].text, "Hi!");
        assert_eq!(ts[1].turns[0].line, 2);
    }
}
