//! `carelint init`: a commented starter `carelint.yaml`.

use std::path::Path;

use crate::args::InitArgs;
use crate::Status;

/// Writes the starter config in the current folder.
///
/// A `carelint.yaml` that is a link to nowhere is refused even with `--force`: writing
/// through it would create a file wherever it points.
pub fn run(args: InitArgs) -> anyhow::Result<Status> {
    let path = Path::new(carelint::config::CONFIG_FILE);
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() && std::fs::metadata(path).is_err() => {
            anyhow::bail!(
                "{} is a symbolic link to a file that does not exist; remove it first",
                path.display()
            );
        }
        Ok(_) if !args.force => {
            anyhow::bail!(
                "{} already exists; use --force to overwrite it",
                path.display()
            );
        }
        Ok(_) => crate::atomic::write_atomic(path, STARTER)?,
        Err(_) => {
            // `create_new` never follows a link: a link made since the check fails here.
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)?;
            std::io::Write::write_all(&mut f, STARTER.as_bytes())?;
        }
    }
    println!("wrote {}", path.display());
    Ok(Status::Clean)
}

/// A commented starter config.
const STARTER: &str = r#"# carelint configuration. carelint reads the carelint.yaml in the current folder or the
# nearest parent folder (or the file given with --config).

# Extra rule packs: YAML files or folders of them, relative to this file.
# rules:
#   - team-rules/

# Switch rules off (or on again) by id or by category
# (jargon, over-promising, empathy, clarity, idiom, time-zone, expectation, blame,
#  personalization, closing, hedging, placeholder). `carelint rules` lists the ids.
# disable:
#   - hedging
# enable:
#   - hedging-not-sure

# Change severities (info, warning, error) by rule id or category.
# severity:
#   idiom: info

# Terms your customers know: jargon and idiom findings inside them are not reported.
# vocabulary:
#   - SKU
#   - Wi-Fi

# Map speaker labels to roles (agent, customer, system): plain-text labels and the
# diarised labels of speech-to-text exports alike.
# speakers:
#   maria: agent
#   virtual assistant: system
#   spk_0: agent

# CSV/TSV exports whose columns have unusual names.
# csv-columns: id=call_id,speaker=participant,text=utterance,start=offset

# The severity that makes `carelint check` exit with 1 (info, warning, error, never).
fail-on: warning

# Stricter or looser settings for some paths (globs relative to this file); later entries win.
# overrides:
#   - paths: ["templates/**"]
#     severity:
#       hedging: warning
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_parses() {
        let c = carelint::Config::parse(STARTER, Path::new("carelint.yaml")).unwrap();
        assert_eq!(
            c.fail_level().unwrap(),
            Some(carelint::FailLevel::At(carelint::Severity::Warning))
        );
    }
}
