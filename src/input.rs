//! Reading JSON input files safely: bounded size, syntax and type errors located by
//! line, column and JSON path.
//!
//! serde_json rejects nesting deeper than 128 levels, so hostile input cannot overflow
//! the stack; files larger than [`MAX_INPUT_BYTES`] are refused before they are read
//! into memory, so no input can exhaust it. Only regular files are read: a FIFO with no
//! writer, a terminal or `/dev/stdin` on an idle pipe would block a run forever, so they
//! are refused with a message instead. Every file read is remembered ([`was_read`]), so
//! the output can refuse to overwrite an input (`regsim replay case.json -o case.json`).

use std::cell::RefCell;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Location};

/// The largest input file regsim reads (a case with tens of thousands of events fits easily).
pub const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;

/// What names a file whatever path reaches it (through a symbolic or hard link): its
/// device and inode on Unix, its canonical path elsewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileIdentity {
    #[cfg(unix)]
    device_and_inode: (u64, u64),
    #[cfg(not(unix))]
    canonical: std::path::PathBuf,
}

impl FileIdentity {
    /// The identity of the file `path` names (following links), if it exists.
    pub fn of(path: &Path) -> Option<FileIdentity> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let metadata = std::fs::metadata(path).ok()?;
            Some(FileIdentity {
                device_and_inode: (metadata.dev(), metadata.ino()),
            })
        }
        #[cfg(not(unix))]
        {
            Some(FileIdentity {
                canonical: std::fs::canonicalize(path).ok()?,
            })
        }
    }
}

thread_local! {
    /// The files the current command has read (a command reads its inputs on one
    /// thread), so its output never replaces one of them.
    static FILES_READ: RefCell<Vec<FileIdentity>> = const { RefCell::new(Vec::new()) };
}

/// Forgets the files read so far: a new command starts (a library user may run many in
/// one process, while files are deleted and their inodes reused).
pub fn forget_files_read() {
    FILES_READ.with_borrow_mut(Vec::clear);
}

/// Counts the file `path` names, if it exists, among the files the current command has
/// read, so no output replaces it (the copy of a bundled file in the checkout the command
/// runs in: its text was read from the binary, but it is the same input).
pub fn count_as_read(path: &Path) {
    if let Some(identity) = FileIdentity::of(path) {
        FILES_READ.with_borrow_mut(|files| {
            if !files.contains(&identity) {
                files.push(identity);
            }
        });
    }
}

/// Whether the current command has read the file `path` names (by any path or link to it).
pub fn was_read(path: &Path) -> bool {
    let Some(identity) = FileIdentity::of(path) else {
        return false;
    };
    FILES_READ.with_borrow(|files| files.contains(&identity))
}

/// Reads a file's bytes, refusing missing, unreadable, non-regular, empty or oversized files.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let name = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|error| {
        Diagnostic::new(&name, format!("cannot read the file: {error}"))
            .fix("check the path; regsim reads JSON files")
    })?;
    if metadata.is_dir() {
        return Err(Diagnostic::new(&name, "this is a directory, not a file")
            .fix("name a .json file inside it"));
    }
    if !metadata.is_file() {
        return Err(not_regular(&name));
    }
    if metadata.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic::new(
            &name,
            format!(
                "the file is {} bytes, more than the {MAX_INPUT_BYTES}-byte limit",
                metadata.len()
            ),
        )
        .fix("split the case into smaller files; no real case needs that much"));
    }
    let cannot_read =
        |error: std::io::Error| Diagnostic::new(&name, format!("cannot read the file: {error}"));
    let mut file = std::fs::File::open(path).map_err(cannot_read)?;
    // The path may have been replaced between the two looks; judge the file opened.
    if !file.metadata().map_err(cannot_read)?.is_file() {
        return Err(not_regular(&name));
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&mut file, MAX_INPUT_BYTES + 1),
        &mut bytes,
    )
    .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Diagnostic::new(
            &name,
            format!("the file grew past the {MAX_INPUT_BYTES}-byte limit while it was read"),
        ));
    }
    count_as_read(path);
    Ok(bytes)
}

fn not_regular(name: &str) -> Diagnostic {
    Diagnostic::new(
        name,
        "this is not a regular file (a pipe, FIFO, terminal, socket or device): regsim reads only files, so a run can never wait for input that does not come",
    )
    .fix("save the input to a file first and name that file (`cat > case.json`, then `regsim replay case.json`)")
}

fn refuse_empty(file: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Diagnostic::new(file, "the file is empty")
            .fix("write a JSON object; see README.md for the file formats"));
    }
    Ok(())
}

/// Parses JSON text into `T`, with the error located by line, column and JSON path.
///
/// Every regsim file is a JSON object; serde would also read a struct from an array of
/// its fields in order, which `validate` rejects, so any other top-level value is refused
/// here, for every command alike.
pub fn parse<T: DeserializeOwned>(file: &str, bytes: &[u8]) -> Result<T, Diagnostic> {
    refuse_empty(file, bytes)?;
    if bytes.iter().find(|byte| !byte.is_ascii_whitespace()) != Some(&b'{') {
        parse_value(file, bytes)?;
        return Err(not_an_object(file));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| located(file, error))?;
    deserializer.end().map_err(|error| syntax(file, &error))?;
    Ok(value)
}

/// Parses JSON text into an untyped value (syntax errors only).
pub fn parse_value(file: &str, bytes: &[u8]) -> Result<serde_json::Value, Diagnostic> {
    refuse_empty(file, bytes)?;
    serde_json::from_slice(bytes).map_err(|error| syntax(file, &error))
}

/// The error for a file holding valid JSON that is not an object.
pub fn not_an_object(file: &str) -> Diagnostic {
    Diagnostic::new(file, "the file holds JSON but not an object")
        .fix("a regsim file is a JSON object: see README.md for the formats")
}

fn syntax(file: &str, error: &serde_json::Error) -> Diagnostic {
    let message = strip_position(&error.to_string())
        .replace("EOF while parsing", "the file ends in the middle of")
        .replace("a list", "a list (`[`)")
        .replace("an object", "an object (`{`)");
    // serde_json gives column 0 at the very start of a line (an end of file after a
    // newline); columns are counted from 1.
    let diagnostic = Diagnostic::new(file, message).located(Location::LineColumn {
        line: error.line(),
        column: error.column().max(1),
    });
    if error.is_syntax() || error.is_eof() {
        if error.to_string().contains("recursion limit") {
            diagnostic
                .fix("the JSON nests more than 128 levels deep; no regsim file needs more than 5")
        } else {
            diagnostic.fix("fix the JSON syntax at that place (a missing comma, quote or bracket?)")
        }
    } else {
        diagnostic
    }
}

fn located(file: &str, error: serde_path_to_error::Error<serde_json::Error>) -> Diagnostic {
    let inside = error.path().to_string();
    // serde_path_to_error writes the whole document as `.`, an unknown step as `?`.
    let path = match inside.as_str() {
        "" | "." | "?" => "$".to_string(),
        _ => format!("$.{inside}").replace("$.?", "$").replace(".[", "["),
    };
    let inner = error.inner();
    if inner.is_syntax() || inner.is_eof() || inner.is_io() {
        return syntax(file, inner);
    }
    let message = plain_words(&strip_position(&inner.to_string()));
    let fix = advice(&message);
    let diagnostic = Diagnostic::new(file, message).located(Location::PathAt {
        path,
        line: inner.line(),
        column: inner.column().max(1),
    });
    match fix {
        Some(fix) => diagnostic.fix(fix),
        None => diagnostic,
    }
}

/// serde's message in the words of the file formats: its names for Rust types
/// (`struct RuleSetFile with 14 elements`, `map`, `sequence`, `u32`) become the JSON a
/// user writes (an object, a list, a whole number).
fn plain_words(message: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut tokens = message.split(' ').peekable();
    while let Some(token) = tokens.next() {
        let (word, tail) = match token.find([',', ';']) {
            Some(at) => (&token[..at], &token[at..]),
            None => (token, ""),
        };
        let plain = match word {
            // `struct Name`, `struct Name with N elements`, `enum Name`, `tagged enum Name`,
            // `newtype struct Name`: the name is an internal type; say what JSON is meant.
            "struct" | "enum" => {
                let mut name = tokens.next().unwrap_or_default().to_string();
                if tokens.peek() == Some(&"with") {
                    tokens.next();
                    tokens.next();
                    name = tokens.next().unwrap_or_default().to_string();
                }
                let tail = name.find([',', ';']).map_or("", |at| &name[at..]);
                let kind = if word == "struct" {
                    "an object"
                } else {
                    "one of the names README.md lists"
                };
                if matches!(
                    words.last().map(String::as_str),
                    Some("internally" | "tagged")
                ) {
                    while matches!(
                        words.last().map(String::as_str),
                        Some("internally" | "tagged")
                    ) {
                        words.pop();
                    }
                    words.push(format!("an object naming its kind{tail}"));
                } else if words.last().map(String::as_str) == Some("newtype") {
                    words.pop();
                    words.push(format!("a value{tail}"));
                } else {
                    words.push(format!("{kind}{tail}"));
                }
                continue;
            }
            "map" => "an object",
            "sequence" => "list",
            "u8" => "a whole number from 0 to 255",
            "u16" => "a whole number from 0 to 65,535",
            "u32" => "a whole number from 0 to 4,294,967,295",
            "u64" | "usize" => "a whole number from 0",
            "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
            "f32" | "f64" => "a number",
            other => other,
        };
        // serde writes "expected a map": the plain words bring their own article.
        if (plain.starts_with("a ") || plain.starts_with("an "))
            && matches!(words.last().map(String::as_str), Some("a" | "an"))
        {
            words.pop();
        }
        words.push(format!("{plain}{tail}"));
    }
    words.join(" ")
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

fn advice(message: &str) -> Option<String> {
    if message.starts_with("unknown variant") {
        Some("use one of the names listed above (README.md documents each)".into())
    } else if message.starts_with("unknown field") {
        Some("remove the field or correct its spelling to one of the expected fields".into())
    } else if message.starts_with("missing field") {
        Some("add the field; README.md shows a complete example".into())
    } else if message.starts_with("invalid type") {
        Some("give the value the type shown as expected".into())
    } else if message.contains("is not a month of the calendar") {
        Some("write the month as YYYY-MM with a month from 01 to 12".into())
    } else if message.contains("not a day of the calendar") {
        Some("check that the day exists in that month".into())
    } else if message.contains("ends on or before it begins") {
        Some(
            "write the period as FIRST/LAST, the earlier day first, e.g. 2022-03-01/2022-04-18"
                .into(),
        )
    } else if message.contains("is not a date") || message.contains("outside the years") {
        Some("write dates as YYYY-MM-DD with a year from 1900 to 2200 (an event known only to the month or year: YYYY-MM or YYYY; some day in a period: FIRST/LAST)".into())
    } else if message.starts_with("invalid value") {
        Some("give a value of the expected kind and range (counts are whole numbers from 0)".into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    #[test]
    fn a_type_error_names_path_line_and_column() {
        let text = br#"{"id": "x", "title": "t", "kind": "real", "applicant": "a",
  "entity": "party", "rules": "kz-2022",
  "events": [{"date": "2022-05-04", "event": "notification_filed"},
             {"date": "2022-13-04", "event": "notification_returned"}]}"#;
        let error = parse::<Scenario>("case.json", text).unwrap_err();
        let shown = error.to_string();
        assert!(shown.starts_with("case.json:4:"), "{shown}");
        assert!(shown.contains("$.events[1].date"), "{shown}");
        assert!(shown.contains("not a day of the calendar"), "{shown}");
    }

    #[test]
    fn serde_type_names_become_the_words_of_the_file_formats() {
        for (serde, plain) in [
            (
                "invalid length 0, expected struct StudyFile with 11 elements",
                "invalid length 0, expected an object",
            ),
            (
                "invalid type: map, expected a sequence",
                "invalid type: an object, expected a list",
            ),
            (
                "invalid type: sequence, expected a map",
                "invalid type: list, expected an object",
            ),
            (
                "invalid type: string \"x\", expected struct Citation",
                "invalid type: string \"x\", expected an object",
            ),
            (
                "invalid type: floating point `1.5`, expected u32",
                "invalid type: floating point `1.5`, expected a whole number from 0 to 4,294,967,295",
            ),
            (
                "invalid type: string \"a\", expected internally tagged enum Guard",
                "invalid type: string \"a\", expected an object naming its kind",
            ),
        ] {
            assert_eq!(plain_words(serde), plain);
        }
    }

    #[test]
    fn a_whole_document_error_is_at_the_root() {
        let error = parse::<Scenario>("case.json", b"{}").unwrap_err();
        let shown = error.to_string();
        assert!(
            shown.starts_with("case.json:1:2 ($): error: missing field"),
            "{shown}"
        );
    }

    #[test]
    fn a_syntax_error_names_line_and_column() {
        let error = parse::<Scenario>("case.json", b"{\n  \"id\": \"x\",,\n}").unwrap_err();
        assert_eq!(
            error.location,
            Some(Location::LineColumn {
                line: 2,
                column: 13
            })
        );
    }
}
