//! Writing results: to stdout, or atomically to a file.
//!
//! A file is written to a temporary sibling and renamed into place, so a crash, a full
//! disk or an interrupted run never leaves a half-written report where a user (or a
//! snapshot test) would take it for a whole one. `-` means stdout. A closed pipe
//! (`regsim compare | head`) ends the program quietly, as Unix tools do.

use std::io::Write;
use std::path::Path;

use crate::diagnostic::Diagnostic;

/// Writes `text` to `target` (a path, or `-` / none for stdout).
pub fn write(target: Option<&Path>, text: &str) -> Result<(), Diagnostic> {
    match target {
        None => write_stdout(text),
        Some(path) if path.as_os_str() == "-" => write_stdout(text),
        Some(path) if is_special(path) => write_directly(path, text.as_bytes()),
        Some(path) => write_atomically(path, text.as_bytes()),
    }
}

/// Whether `path` exists and is not a regular file (a device such as `/dev/null`, a FIFO):
/// such a target is written in place, since renaming a file over it would replace it.
pub fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|metadata| !metadata.is_file() && !metadata.is_dir())
}

fn write_directly(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let name = path.display().to_string();
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|mut file| file.write_all(bytes))
        .map_err(|error| Diagnostic::new(&name, format!("cannot write the output: {error}")))
}

fn write_stdout(text: &str) -> Result<(), Diagnostic> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(error) => Err(Diagnostic::new(
            "<stdout>",
            format!("cannot write: {error}"),
        )),
    }
}

/// Writes bytes to a temporary file beside `path`, then renames it over `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let name = path.display().to_string();
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let temporary = directory.join(format!(".{file_name}.regsim-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    result.map_err(|error| {
        let _ = std::fs::remove_file(&temporary);
        Diagnostic::new(&name, format!("cannot write the output file: {error}"))
            .fix("check that the directory exists and is writable")
    })
}

#[cfg(test)]
mod tests {
    use super::is_special;

    #[test]
    fn devices_are_written_in_place_not_replaced() {
        assert!(is_special(std::path::Path::new("/dev/null")));
        assert!(!is_special(std::path::Path::new("Cargo.toml")));
        assert!(!is_special(std::path::Path::new("no-such-file.json")));
    }
}
