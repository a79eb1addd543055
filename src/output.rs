//! Writing results: to stdout, or atomically to a file.
//!
//! A file is written to a temporary sibling and renamed into place, so a crash, a full
//! disk or an interrupted run never leaves a half-written report where a user (or a
//! snapshot test) would take it for a whole one. A temporary file left by a run that was
//! killed (it carries the dead run's process id) is removed by the next run that writes
//! beside it. `-` means stdout. A closed pipe (`regsim compare | head`) ends the program
//! quietly, as Unix tools do; a stdout that was closed before the run (`>&-`) is an
//! error, since the report would be lost.
//!
//! An output never replaces a file the run read (`regsim replay case.json -o case.json`
//! is refused). A symbolic link as the output is written through: the file it points to
//! is replaced (atomically, by a temporary file beside that file) and the link stays.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::input;

/// Writes `text` to `target` (a path, or `-` / none for stdout).
pub fn write(target: Option<&Path>, text: &str) -> Result<(), Diagnostic> {
    match target {
        None => write_stdout(text),
        Some(path) if path.as_os_str() == "-" => write_stdout(text),
        Some(path) => {
            refuse_an_input(path)?;
            let path = through_links(path)?;
            if is_special(&path) {
                write_directly(&path, text.as_bytes())
            } else {
                write_atomically(&path, text.as_bytes())
            }
        }
    }
}

/// Refuses an output path that names (or links to) a file this run read.
fn refuse_an_input(path: &Path) -> Result<(), Diagnostic> {
    if input::was_read(path) {
        return Err(Diagnostic::new(
            path.display().to_string(),
            "this is an input of the run: writing the output there would destroy it (nothing was written)",
        )
        .fix("name another output file (for -o or --report), or leave the flag out to print to stdout"));
    }
    Ok(())
}

/// The file a path finally names once symbolic links are followed (the link's target is
/// replaced, never the link itself); a path that is not a link is returned as it is.
fn through_links(path: &Path) -> Result<PathBuf, Diagnostic> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let target = std::fs::read_link(&current).map_err(|error| {
                    Diagnostic::new(
                        path.display().to_string(),
                        format!("cannot follow the symbolic link: {error}"),
                    )
                })?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(Diagnostic::new(
        path.display().to_string(),
        "the output path is a chain of more than 40 symbolic links (a loop?)",
    )
    .fix("name the file itself"))
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
    if stdout_was_closed() {
        return Err(Diagnostic::new(
            "<stdout>",
            "standard output is closed, so the report would be lost",
        )
        .fix("redirect the output to a file (or to /dev/null to discard it), or use -o FILE"));
    }
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

/// Whether the process started with its stdout closed (`regsim compare >&-`).
///
/// The Rust runtime opens `/dev/null` read-write on a standard descriptor it finds closed
/// at start-up, so writes would succeed and vanish. A shell's `>/dev/null` opens it
/// write-only, so only the runtime's stand-in is /dev/null opened for reading and writing
/// (Linux: `/proc/self/fd/1` and the access mode in `/proc/self/fdinfo/1`). Elsewhere the
/// check finds nothing.
fn stdout_was_closed() -> bool {
    let is_dev_null =
        std::fs::read_link("/proc/self/fd/1").is_ok_and(|target| target == Path::new("/dev/null"));
    if !is_dev_null {
        return false;
    }
    let Ok(info) = std::fs::read_to_string("/proc/self/fdinfo/1") else {
        return false;
    };
    info.lines()
        .find_map(|line| line.strip_prefix("flags:"))
        .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok())
        .is_some_and(|flags| flags & 0o3 == 0o2)
}

/// The name of the temporary file a run with process id `pid` writes beside `file_name`.
fn temporary_name(file_name: &str, pid: u32) -> String {
    format!(".{file_name}.regsim-{pid}.tmp")
}

/// Removes temporary files beside `file_name` in `directory` left by runs that died
/// (killed while writing): those whose process id is no longer running, or, where the
/// system cannot tell, those older than a day.
fn remove_leftovers(directory: &Path, file_name: &str) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    let prefix = format!(".{file_name}.regsim-");
    let processes_visible = Path::new("/proc/self").exists();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() {
            continue;
        }
        let dead = if processes_visible {
            !Path::new("/proc").join(pid.to_string()).exists()
        } else {
            entry
                .metadata()
                .and_then(|metadata| metadata.modified())
                .ok()
                .and_then(|modified| modified.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 24 * 60 * 60)
        };
        if dead {
            let _ = std::fs::remove_file(entry.path());
        }
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
    remove_leftovers(&directory, &file_name);
    let temporary = directory.join(temporary_name(&file_name, std::process::id()));
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
