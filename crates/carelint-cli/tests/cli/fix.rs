//! `--fix`: what it writes, where, and what it refuses (issue 11, items 1–6).

use std::fs;
use std::path::Path;

use crate::common::*;

/// A template with two fixable findings of the built-in packs (FYI, SLA).
const TEMPLATE: &str = "Hi {{name}},\nFYI the SLA is five days.\n";
const FIXED: &str = "Hi {{name}},\nFor your information the service agreement is five days.\n";

#[cfg(unix)]
#[test]
fn non_utf8_file_names_are_written_under_their_real_name() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join(OsStr::from_bytes(b"caf\xe9.md"));
    // The name the first one is displayed as.
    let lossy = dir.path().join("caf\u{fffd}.md");
    fs::write(&latin1, TEMPLATE).unwrap();
    fs::write(&lossy, "Hi,\nthe other file: keep me.\n").unwrap();
    let o = carelint_in(dir.path(), &["check", ".", "--fix"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&latin1).unwrap(), FIXED);
    assert_eq!(
        fs::read_to_string(&lossy).unwrap(),
        "Hi,\nthe other file: keep me.\n",
        "the file with the display name is untouched"
    );
    assert!(
        stderr(&o).contains("2 findings fixed in 1 file"),
        "{}",
        stderr(&o)
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_the_tree_are_never_written_nor_walked_by_default() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    fs::write(&secret, TEMPLATE).unwrap();
    fs::write(outside.path().join("other.md"), TEMPLATE).unwrap();
    let tree = tempfile::tempdir().unwrap();
    let root = tree.path().join("root");
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(root.join("own.md"), TEMPLATE).unwrap();
    symlink(&secret, root.join("link.md")).unwrap();
    symlink(outside.path(), root.join("templates/outdir")).unwrap();
    // A link inside the tree to a file inside the tree.
    symlink(root.join("own.md"), root.join("alias.md")).unwrap();

    let o = carelint_in(
        tree.path(),
        &["check", "root", "--fix", "--format", "jsonl"],
    );
    let out = stdout(&o);
    assert!(
        !out.contains("secret") && !out.contains("other.md"),
        "{out}"
    );
    assert_eq!(fs::read_to_string(&secret).unwrap(), TEMPLATE);
    assert_eq!(fs::read_to_string(root.join("own.md")).unwrap(), FIXED);

    // -L walks the links (and lints what they point to), but --fix still writes only
    // inside the given root.
    fs::write(root.join("own.md"), TEMPLATE).unwrap();
    let o = carelint_in(tree.path(), &["check", "root", "-L", "--fix"]);
    let err = stderr(&o);
    assert_eq!(fs::read_to_string(&secret).unwrap(), TEMPLATE, "{err}");
    assert_eq!(
        fs::read_to_string(outside.path().join("other.md")).unwrap(),
        TEMPLATE
    );
    assert!(
        err.contains("root/link.md: not fixed: its real path")
            && err.contains("is outside the paths given on the command line"),
        "{err}"
    );
    assert!(
        err.contains("root/templates/outdir/other.md: not fixed"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(root.join("own.md")).unwrap(), FIXED);
    assert!(
        fs::symlink_metadata(root.join("alias.md"))
            .unwrap()
            .file_type()
            .is_symlink(),
        "a link inside the tree stays a link"
    );
    // (`alias.md` and `own.md` are one file: whichever is written second finds it
    // changed, or nothing left to fix, depending on when it was read.)
}

#[cfg(unix)]
#[test]
fn a_failed_write_exits_2_and_is_not_counted() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("reply.md"), TEMPLATE).unwrap();
    // No file may grow: every write fails (EFBIG), as on a full disk. Works as root too.
    let o = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 0; trap '' XFSZ; exec \"$0\" check reply.md --fix")
        .arg(env!("CARGO_BIN_EXE_carelint"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("reply.md: cannot write the fixed file:"),
        "{err}"
    );
    assert!(err.contains("0 findings fixed in 0 files"), "{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("reply.md")).unwrap(),
        TEMPLATE
    );
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file is left");
}

#[test]
fn a_very_long_file_name_can_be_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("{}.md", "a".repeat(240));
    fs::write(dir.path().join(&name), TEMPLATE).unwrap();
    let o = carelint_in(dir.path(), &["check", &name, "--fix"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(dir.path().join(&name)).unwrap(), FIXED);
}

/// A pack whose suggestion needs escaping in every structured format.
const QUOTING_PACK: &str = r#"
- id: acme-rma
  category: jargon
  severity: warning
  kind: phrases
  phrases: [RMA]
  suggest: "return \"authorisation\" (C:\\forms)\nform"
  message: "“{match}” is internal jargon"
  why: w
"#;

#[test]
fn fixed_structured_transcripts_stay_valid() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("p.yaml"), QUOTING_PACK).unwrap();
    fs::write(
        d.join("call.json"),
        r#"{"id": "c1", "turns": [{"speaker": "agent", "text": "Your RMA is ready."}]}"#,
    )
    .unwrap();
    fs::write(
        d.join("calls.csv"),
        "id,speaker,text\nc1,agent,Your RMA is ready.\n",
    )
    .unwrap();
    let args = [
        "check",
        "call.json",
        "calls.csv",
        "--fix",
        "--fix-transcripts",
        "--rules",
        "p.yaml",
        "--no-default-rules",
    ];
    let o = carelint_in(d, &args);
    assert!(
        stderr(&o).contains("1 finding fixed in 1 file"),
        "{}",
        stderr(&o)
    );
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.join("call.json")).unwrap()).unwrap();
    assert_eq!(
        v["turns"][0]["text"],
        "Your return \"authorisation\" (C:\\forms)\nform is ready."
    );
    assert_eq!(
        fs::read_to_string(d.join("calls.csv")).unwrap(),
        "id,speaker,text\nc1,agent,Your RMA is ready.\n",
        "an unquoted CSV field cannot take a quote or a line break: not fixed"
    );
    // Linting again: the JSON still parses, nothing is left to fix there.
    let o = carelint_in(d, &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0 findings fixed in 0 files"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn byte_order_marks_and_utf16_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bom = [&b"\xEF\xBB\xBF"[..], TEMPLATE.as_bytes()].concat();
    fs::write(d.join("bom.md"), &bom).unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(TEMPLATE.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    fs::write(d.join("wide.md"), &utf16).unwrap();
    let o = carelint_in(d, &["check", ".", "--fix"]);
    assert!(
        stderr(&o).contains("4 findings fixed in 2 files"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read(d.join("bom.md")).unwrap(),
        [&b"\xEF\xBB\xBF"[..], FIXED.as_bytes()].concat()
    );
    let wide: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(FIXED.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(fs::read(d.join("wide.md")).unwrap(), wide);
}

#[cfg(unix)]
#[test]
fn fixed_files_keep_their_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("private.md");
    fs::write(&p, TEMPLATE).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).unwrap();
    carelint_in(dir.path(), &["check", "private.md", "--fix"]);
    assert_eq!(fs::read_to_string(&p).unwrap(), FIXED);
    assert_eq!(
        fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[cfg(unix)]
#[test]
fn init_refuses_a_dangling_config_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("elsewhere/created.yaml");
    fs::create_dir(dir.path().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("carelint.yaml")).unwrap();
    for args in [&["init"][..], &["init", "--force"]] {
        let o = carelint_in(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("carelint.yaml is a symbolic link to a file that does not exist"),
            "{}",
            stderr(&o)
        );
        assert!(!target.exists(), "nothing is written through the link");
    }
    // An ordinary first run still works.
    let fresh = tempfile::tempdir().unwrap();
    let o = carelint_in(fresh.path(), &["init"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(Path::new(&fresh.path().join("carelint.yaml")).is_file());
}
