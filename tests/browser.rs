//! The HTML reports in a real browser: `regsim compare --format html -o report.html` and
//! `regsim simulate STUDY --format html` opened in headless Chromium load with no console
//! message, keep their charts in the rendered document, and paint a page that is not
//! blank, with the charts' colours on it.
//!
//! Without Chromium the test is skipped with a message on a developer's machine and
//! fails under CI (`.ci/run` installs Debian's `chromium`). `REGSIM_CHROMIUM` names
//! another browser binary.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The browser, if one is installed.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("REGSIM_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// What a headless run of the browser printed.
struct BrowserRun {
    stdout: String,
    stderr: String,
}

/// Runs the browser headless on `page` with `extra` flags, in a fresh profile, killed
/// after 90 s. The flags keep it from reaching any network (this machine has none).
fn browse(browser: &Path, work: &Path, page: &Path, extra: &[&str]) -> BrowserRun {
    let profile = work.join(format!(
        "profile-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    std::fs::create_dir_all(&profile).unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the browser starts");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut text);
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("the browser hung on {}", page.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = std::fs::remove_dir_all(&profile);
    BrowserRun {
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// The console messages a page logged (errors and warnings included).
fn console_messages(run: &BrowserRun) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|line| line.contains(":CONSOLE"))
        .collect()
}

/// The pixels of a PNG screenshot, as RGB.
fn pixels(png_file: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_file).expect("the screenshot exists"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buffer = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buffer).expect("a frame");
    let channels = info.color_type.samples();
    assert!(
        info.bit_depth == png::BitDepth::Eight && channels >= 3,
        "{info:?}"
    );
    let rgb = buffer[..info.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, rgb)
}

fn colour(hex: &str) -> [u8; 3] {
    let byte = |i: usize| u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap();
    [byte(0), byte(1), byte(2)]
}

/// Opens `page` (written by regsim into `work`) and checks it as a reader would see it:
/// no console message, every chart of the file still in the rendered document, and a
/// screenshot that is not blank and shows `chart_colour` over at least `min_pixels`.
fn check_page(
    browser: &Path,
    work: &Path,
    page: &Path,
    height: u32,
    (chart_colour, min_pixels): (&str, usize),
) {
    let source = std::fs::read_to_string(page).unwrap();
    let charts = source.matches("<svg").count();
    assert!(charts > 0, "{}: no chart in the file", page.display());
    let dom = browse(browser, work, page, &["--dump-dom"]);
    assert_eq!(
        console_messages(&dom),
        Vec::<&str>::new(),
        "{}: console messages",
        page.display()
    );
    assert_eq!(
        dom.stdout.matches("<svg").count(),
        charts,
        "{}: the rendered document lost charts",
        page.display()
    );
    assert!(dom.stdout.contains("<table"), "{}", page.display());
    assert!(
        !dom.stdout.contains("parsererror"),
        "{}: the browser could not parse an SVG",
        page.display()
    );
    let screenshot = work.join(format!(
        "{}.png",
        page.file_stem().unwrap().to_string_lossy()
    ));
    let shot = browse(
        browser,
        work,
        page,
        &[
            &format!("--screenshot={}", screenshot.display()),
            &format!("--window-size=1280,{height}"),
        ],
    );
    assert_eq!(console_messages(&shot), Vec::<&str>::new());
    let (width, rendered_height, rgb) = pixels(&screenshot);
    assert_eq!((width, rendered_height), (1280, height));
    let white = rgb.iter().filter(|p| **p == [255, 255, 255]).count();
    let mut distinct: Vec<[u8; 3]> = rgb.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert!(
        white < rgb.len() * 97 / 100 && distinct.len() > 50,
        "{}: the screenshot is (nearly) blank: {white} of {} pixels white, {} colours",
        page.display(),
        rgb.len(),
        distinct.len()
    );
    let target = colour(chart_colour);
    let painted = rgb.iter().filter(|p| **p == target).count();
    assert!(
        painted >= min_pixels,
        "{}: only {painted} pixels of the chart colour {chart_colour}: the charts were not painted",
        page.display()
    );
}

#[test]
fn html_reports_render_in_headless_chromium() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is not on PATH under CI: install the chromium package"
        );
        eprintln!("skipped: Chromium is not on PATH (apt-get install chromium)");
        return;
    };
    let work = std::env::temp_dir().join(format!("regsim-browser-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    // The check itself must see a console message when there is one.
    let faulty = work.join("faulty.html");
    std::fs::write(
        &faulty,
        "<!DOCTYPE html><html><body><script>console.error('seen')</script></body></html>",
    )
    .unwrap();
    let run = browse(&browser, &work, &faulty, &["--dump-dom"]);
    assert_eq!(
        console_messages(&run).len(),
        1,
        "the console check does not see console messages: {}",
        run.stderr
    );

    let compare = common::regsim_in(&work, &["compare", "--format", "html", "-o", "report.html"]);
    assert_eq!(compare.code, Some(0), "{}", compare.stderr);
    // The bars of the reformed rules are drawn in the series' second colour.
    check_page(
        &browser,
        &work,
        &work.join("report.html"),
        2200,
        ("#c24e00", 2_000),
    );

    let simulate = common::regsim_in(
        &work,
        &[
            "simulate",
            "opposition-current-vs-simplified",
            "--runs",
            "2000",
            "--format",
            "html",
            "-o",
            "simulation.html",
        ],
    );
    assert_eq!(simulate.code, Some(0), "{}", simulate.stderr);
    // The baseline's histograms are drawn in the series' first colour.
    check_page(
        &browser,
        &work,
        &work.join("simulation.html"),
        4200,
        ("#5f6b7a", 2_000),
    );
    let _ = std::fs::remove_dir_all(&work);
}
