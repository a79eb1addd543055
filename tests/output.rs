//! Where output goes and where input comes from: `-o` never replaces an input, writes
//! through symbolic links and atomically, a killed run's temporary file is cleaned up, a
//! closed stdout is an error, and a blocking input (a FIFO, an idle pipe) is refused
//! rather than waited on.

mod common;

use std::path::PathBuf;

use common::regsim_in;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("regsim-output-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The bytes of a file, to show that a refused run left it exactly as it was.
fn bytes(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn an_output_onto_an_input_is_refused_and_the_input_kept() {
    let dir = scratch("output-onto-input");
    let case = dir.join("case.json");
    std::fs::copy(common::root().join("scenarios/respublica.json"), &case).unwrap();
    let study = dir.join("study.json");
    std::fs::copy(
        common::root().join("scenarios/studies/fast-path-current-vs-simplified.json"),
        &study,
    )
    .unwrap();
    let reform = dir.join("reform.json");
    std::fs::copy(
        common::root().join("scenarios/rules/kz-reform-cure-period.json"),
        &reform,
    )
    .unwrap();
    std::os::unix::fs::symlink("case.json", dir.join("link-to-case.json")).unwrap();
    std::fs::hard_link(&case, dir.join("hard-link-to-case.json")).unwrap();
    std::fs::create_dir(dir.join("cases")).unwrap();
    let in_directory = dir.join("cases/one.json");
    std::fs::copy(&case, &in_directory).unwrap();
    let before = [
        bytes(&case),
        bytes(&study),
        bytes(&reform),
        bytes(&in_directory),
    ];
    let runs: &[&[&str]] = &[
        &["replay", "case.json", "-o", "case.json"],
        &[
            "replay",
            "case.json",
            "--under",
            "kz-simplified",
            "-o",
            "./case.json",
        ],
        &["replay", "case.json", "-o", "link-to-case.json"],
        &["replay", "case.json", "-o", "hard-link-to-case.json"],
        &["compare", "case.json", "-o", "case.json"],
        &[
            "compare",
            "cases",
            "--format",
            "csv",
            "-o",
            "cases/one.json",
        ],
        &["simulate", "study.json", "--runs", "50", "-o", "study.json"],
        &[
            "--rules-file",
            "reform.json",
            "rules",
            "show",
            "kz-reform-cure-period",
            "-o",
            "reform.json",
        ],
        &[
            "--rules-file",
            "reform.json",
            "graph",
            "--rules",
            "kz-2022",
            "-o",
            "reform.json",
        ],
    ];
    for args in runs {
        let run = regsim_in(&dir, args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("is an input of the run"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(
            [
                bytes(&case),
                bytes(&study),
                bytes(&reform),
                bytes(&in_directory)
            ],
            before,
            "{args:?} changed an input"
        );
    }
    assert!(
        std::fs::symlink_metadata(dir.join("link-to-case.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_symbolic_link_as_output_is_written_through_and_stays_a_link() {
    let dir = scratch("output-symlink");
    std::fs::create_dir(dir.join("reports")).unwrap();
    std::fs::write(dir.join("reports/old.txt"), "old report").unwrap();
    std::os::unix::fs::symlink("reports/old.txt", dir.join("latest.txt")).unwrap();
    std::os::unix::fs::symlink("reports/new.txt", dir.join("dangling.txt")).unwrap();
    let case = common::root().join("scenarios/respublica.json");
    let case = case.to_str().unwrap();
    for link in ["latest.txt", "dangling.txt"] {
        let run = regsim_in(&dir, &["replay", case, "-o", link]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let metadata = std::fs::symlink_metadata(dir.join(link)).unwrap();
        assert!(metadata.file_type().is_symlink(), "{link} is still a link");
    }
    for target in ["reports/old.txt", "reports/new.txt"] {
        let written = std::fs::read_to_string(dir.join(target)).unwrap();
        assert!(written.contains("Respublica"), "{target}: {written}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn blocking_inputs_are_refused_not_waited_on() {
    let dir = scratch("fifo");
    let fifo = dir.join("case.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for args in [
        &["replay", "case.json"][..],
        &["validate", "case.json"],
        &["compare", "case.json"],
        &["simulate", "case.json"],
        &["--rules-file", "case.json", "rules", "list"],
    ] {
        let started = std::time::Instant::now();
        let run = regsim_in(&dir, args);
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(run.stderr.contains("case.json"), "{}", run.stderr);
        assert!(
            run.stderr.contains("not a regular file"),
            "{args:?}: {}",
            run.stderr
        );
    }
    // `/dev/stdin` on a pipe that stays open with no data: refused, not waited on.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_regsim"))
        .args(["replay", "/dev/stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("regsim replay /dev/stdin waited on an idle pipe");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    assert_eq!(status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_regular_file_on_stdin_is_read() {
    let case = std::fs::File::open(common::root().join("scenarios/respublica.json")).unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_regsim"))
        .args(["replay", "/dev/stdin"])
        .stdin(case)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stdout).contains("Respublica"));
}

#[test]
fn a_closed_stdout_is_an_error_but_dev_null_is_not() {
    let shell = |redirect: &str| {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("exec \"$0\" compare {redirect}"))
            .arg(env!("CARGO_BIN_EXE_regsim"))
            .current_dir(common::root())
            .output()
            .unwrap()
    };
    let closed = shell(">&-");
    assert_eq!(closed.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&closed.stderr);
    assert!(stderr.contains("standard output is closed"), "{stderr}");
    let discarded = shell(">/dev/null");
    assert_eq!(
        discarded.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&discarded.stderr)
    );
}

#[test]
fn temporary_files_of_killed_runs_are_removed() {
    let dir = scratch("leftovers");
    // 4,294,967 is above Linux's largest process id (4,194,304), so no such run is alive.
    let dead = dir.join(".out.txt.regsim-4294967.tmp");
    std::fs::write(&dead, "half a report").unwrap();
    // A run that is alive (this test) keeps its temporary file.
    let alive = dir.join(format!(".out.txt.regsim-{}.tmp", std::process::id()));
    std::fs::write(&alive, "being written").unwrap();
    let unrelated = dir.join(".other.txt.regsim-4294967.tmp");
    std::fs::write(&unrelated, "another output's").unwrap();
    let case = common::root().join("scenarios/respublica.json");
    let run = regsim_in(&dir, &["replay", case.to_str().unwrap(), "-o", "out.txt"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!dead.exists(), "the dead run's temporary file was removed");
    assert!(alive.exists(), "a live run's temporary file was kept");
    assert!(
        unrelated.exists(),
        "only temporary files of this output are touched"
    );
    assert!(dir.join("out.txt").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_atomic_write_is_never_seen_half_done() {
    // A reader polling the file while it is rewritten many times must only ever see one
    // whole version or the other, never a prefix; and the file is replaced (a new inode),
    // not truncated and rewritten in place.
    use std::os::unix::fs::MetadataExt;
    let dir = scratch("atomic");
    let path = dir.join("report.txt");
    let versions = [
        "a".repeat(2 * 1024 * 1024) + "\nend of A\n",
        "b".repeat(3 * 1024 * 1024 + 7) + "\nend of B\n",
    ];
    regsim::output::write(Some(&path), &versions[0]).unwrap();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (path, done, versions) = (path.clone(), done.clone(), versions.clone());
        std::thread::spawn(move || {
            let mut reads = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let seen = std::fs::read_to_string(&path).unwrap();
                assert!(
                    seen == versions[0] || seen == versions[1],
                    "a reader saw a partial file of {} bytes",
                    seen.len()
                );
                reads += 1;
            }
            reads
        })
    };
    for round in 0..40 {
        let inode_before = std::fs::metadata(&path).unwrap().ino();
        regsim::output::write(Some(&path), &versions[round % 2]).unwrap();
        let inode_after = std::fs::metadata(&path).unwrap().ino();
        assert_ne!(
            inode_before, inode_after,
            "the file was replaced, not rewritten"
        );
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(reader.join().unwrap() > 0);
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 1, "only the report remains, no temporary file");
    let _ = std::fs::remove_dir_all(&dir);
}
