//! The command line: raw flags (clap) and the commands they run.
//!
//! Each command reads its inputs, runs the engine and writes one report. Errors in input
//! come back as diagnostics and exit code 2; `validate` exits 1 when it found problems
//! it was asked to look for. `src/main.rs` only calls [`run`] and sets the exit code.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::case_check;
use crate::compare;
use crate::counterfactual::{self, AuthorityModel};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::export::{self, Format as ExportFormat};
use crate::input;
use crate::output;
use crate::replay;
use crate::report::rules_text;
use crate::rules::{Catalog, RuleSet, RuleSetFile};
use crate::scenario::Scenario;

/// regsim — replay, compare and simulate legal registration procedures.
#[derive(Debug, Parser)]
#[command(name = "regsim", version, about, long_about = None)]
pub struct Cli {
    /// Extra rule-set files (bases or reforms) to use beside the bundled ones.
    #[arg(long = "rules-file", global = true, value_name = "FILE")]
    pub rules_files: Vec<PathBuf>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text for a terminal.
    Text,
    /// Deterministic JSON.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario and rule-set files and report every problem found.
    Validate {
        /// Files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Replay a case under its rule set: timeline, findings, outcome.
    Replay {
        /// The case file.
        file: PathBuf,
        /// Evaluate the outcome on this date (YYYY-MM-DD) instead of the last event's.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
        /// Replay the same facts under these rules (counterfactual replay): a rule-set
        /// expression; a reform named alone is applied to the case's own rules.
        #[arg(long, value_name = "RULES")]
        under: Option<String>,
        /// How the authority behaves in a counterfactual.
        #[arg(long, value_enum, default_value_t = AuthorityModel::Replicate)]
        authority: AuthorityModel,
        /// Named assumption: the group takes each step (congress, filing) as soon as the
        /// other rules allow, not on its real date; the real act is shown beside it.
        #[arg(long, requires = "under")]
        act_earlier: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Text)]
        format: ExportFormat,
        /// Write to this file (atomically) instead of stdout; `-` is stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Compare cases under several rule sets, with deltas against a baseline.
    Compare {
        /// Case files or directories of them; none means the bundled real cases.
        paths: Vec<PathBuf>,
        /// A rule set to compare (repeat the flag); default kz-2022 and kz-simplified.
        #[arg(long = "rules", value_name = "RULESET")]
        rules: Vec<String>,
        /// The rule set the deltas are measured from; default the first --rules.
        #[arg(long)]
        baseline: Option<String>,
        /// How the authority behaves in the counterfactuals.
        #[arg(long, value_enum, default_value_t = AuthorityModel::Replicate)]
        authority: AuthorityModel,
        /// Explain, for every outcome that differs from the baseline, the rules that made the difference.
        #[arg(long)]
        explain: bool,
        /// Include hypothetical cases when no paths are given.
        #[arg(long)]
        all: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Text)]
        format: ExportFormat,
        /// Write to this file (atomically) instead of stdout; `-` is stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Draw a rule set's procedure: stages, transitions, actors, time limits, citations.
    Graph(crate::graph_cli::GraphArgs),
    /// Every path through a rule set's procedure with its worst-case duration, and its loops.
    Paths(crate::graph_cli::PathsArgs),
    /// List, show or compare rule sets.
    Rules {
        /// What to do.
        #[command(subcommand)]
        action: RulesAction,
    },
    /// Simulate many applications under several rule sets and compare them (Monte Carlo).
    Simulate(crate::sim::command::SimulateArgs),
    /// The statutory calendar working-day limits count by: days off and worked weekend days.
    Calendar(crate::calendar_cli::CalendarArgs),
}

/// `regsim rules …`
#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// List the rule sets.
    List,
    /// Show a resolved rule set with every value's status and citation.
    Show {
        /// Rule-set id.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Write to this file instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// What changes from one rule set to another: values, procedure, paths, worst case.
    Diff(crate::graph_cli::DiffArgs),
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|error| error.to_string())
}

/// How a command ended, other than success.
#[derive(Debug)]
pub enum Failure {
    /// The run worked and found what the user asked to be told about (exit 1).
    Found,
    /// Bad usage or unusable input (exit 2).
    Input(Diagnostics),
}

impl From<Diagnostic> for Failure {
    fn from(diagnostic: Diagnostic) -> Self {
        Failure::Input(diagnostic.into())
    }
}

impl From<Diagnostics> for Failure {
    fn from(diagnostics: Diagnostics) -> Self {
        Failure::Input(diagnostics)
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), Failure> {
    input::forget_files_read();
    match cli.command {
        Command::Validate { files } => validate(&cli.rules_files, &files),
        Command::Replay {
            file,
            as_of,
            under,
            authority,
            act_earlier,
            format,
            output,
        } => {
            let catalog = catalog(&cli.rules_files)?;
            let (name, scenario, rules) = load_case(&file, &catalog)?;
            let exporter = export::exporter(format);
            let text = match under {
                None => exporter.replay(&replay::replay(&name, &scenario, &rules, as_of)?),
                Some(other) => {
                    let other = resolve_under(&catalog, &other, &name, &rules)?;
                    let mut cf = counterfactual::counterfactual_with(
                        &name,
                        &scenario,
                        (&rules, &other),
                        authority,
                        as_of,
                        act_earlier,
                    )?;
                    counterfactual::regime::annotate(&mut cf, &other, &catalog);
                    exporter.counterfactual(&cf)
                }
            };
            output::write(output.as_deref(), &text)?;
            Ok(())
        }
        Command::Compare {
            paths,
            rules,
            baseline,
            authority,
            explain,
            all,
            format,
            output,
        } => {
            let catalog = catalog(&cli.rules_files)?;
            let text = compare_command(
                &catalog, &paths, &rules, baseline, authority, explain, all, format,
            )?;
            output::write(output.as_deref(), &text)?;
            Ok(())
        }
        Command::Simulate(args) => Ok(crate::sim::command::run(&cli.rules_files, &args)?),
        Command::Calendar(args) => crate::calendar_cli::run(&args),
        Command::Graph(args) => crate::graph_cli::graph(&cli.rules_files, args),
        Command::Paths(args) => crate::graph_cli::paths(&cli.rules_files, args),
        Command::Rules { action } => {
            let catalog = catalog(&cli.rules_files)?;
            match action {
                RulesAction::List => output::write(None, &rules_text::render_list(&catalog))?,
                RulesAction::Diff(args) => crate::graph_cli::diff(&catalog, args)?,
                RulesAction::Show { id, format, output } => {
                    let rules = resolve(&catalog, &id)?;
                    let text = match format {
                        Format::Text => rules_text::render_show(&rules),
                        Format::Json => to_json(&rules),
                    };
                    output::write(output.as_deref(), &text)?;
                }
            }
            Ok(())
        }
    }
}

pub use crate::export::json::to_json;

/// The bundled rule sets plus the user's.
pub fn catalog(extra: &[PathBuf]) -> Result<Catalog, Diagnostics> {
    let mut catalog = Catalog::bundled();
    let mut problems = Vec::new();
    let mut added = Vec::new();
    for path in extra {
        match catalog.add_path(path) {
            Ok(id) => added.push(id),
            Err(problem) => problems.push(problem),
        }
    }
    // A rule-set file the user names must resolve, as `validate` requires, whether or not
    // this command goes on to use it.
    if problems.is_empty() {
        for id in added {
            if let Err(found) = catalog.resolve(&id) {
                problems.extend(found.0);
            }
        }
    }
    if problems.is_empty() {
        Ok(catalog)
    } else {
        Err(Diagnostics(problems))
    }
}

/// Resolves a rule set by id, with a helpful error for an unknown one.
pub fn resolve(catalog: &Catalog, id: &str) -> Result<RuleSet, Diagnostics> {
    catalog.resolve(id)
}

/// The rule set a counterfactual of a case runs under. A reform named alone is applied to
/// the case's own rules (`kz-simplified` means `own+kz-simplified`); a rule set for
/// another entity kind is refused, naming the reforms that would apply.
pub fn resolve_under(
    catalog: &Catalog,
    expression: &str,
    case: &str,
    own: &RuleSet,
) -> Result<RuleSet, Diagnostics> {
    let expression = expression.trim();
    let expression = if !expression.contains('+')
        && expression != crate::rules::OWN
        && catalog.is_reform(expression)
    {
        format!("{}+{expression}", crate::rules::OWN)
    } else {
        expression.to_string()
    };
    let entity_error = |what: String| {
        let fitting = catalog.reforms_for(own.entity);
        Diagnostic::new(
            case,
            format!(
                "{what}; the case is a {} case under `{}`: a counterfactual across entity kinds would produce numbers that mean nothing",
                own.entity, own.id
            ),
        )
        .fix(format!(
            "use a rule set or reform for {} cases: {}",
            own.entity,
            fitting
                .iter()
                .map(|id| format!("own+{id}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    };
    // A reform that cannot patch a rule set of the case's entity is an entity mismatch.
    for term in expression.split('+').map(str::trim).skip(1) {
        if catalog.is_reform(term) && !catalog.reforms_for(own.entity).contains(&term) {
            return Err(entity_error(format!(
                "`{term}` is a reform for another kind of organization"
            ))
            .into());
        }
    }
    let other = resolve_own(catalog, &expression, own)?;
    if other.entity != own.entity {
        return Err(entity_error(format!(
            "`{}` is a rule set for {} cases",
            other.id, other.entity
        ))
        .into());
    }
    Ok(other)
}

/// Resolves an expression in which `own` is the case's own rules. A case judged under
/// the regimes in force by date gets the same expression applied to each regime, on the
/// same dates (`kz-2020+kz-simplified` until the 2022 amendments, then
/// `kz-2022+kz-simplified`).
fn resolve_own(catalog: &Catalog, expression: &str, own: &RuleSet) -> Result<RuleSet, Diagnostics> {
    let mentions_own = expression
        .split('+')
        .any(|term| term.trim() == crate::rules::OWN);
    if !mentions_own || !own.spans_regimes() {
        return catalog.resolve_for_case(expression, Some(&own.id));
    }
    if expression.trim() == crate::rules::OWN {
        return Ok(own.clone());
    }
    let mut timeline: Option<RuleSet> = None;
    for (from, regime) in own.regimes() {
        let regime_id = regime.id.split('→').next().unwrap_or(&regime.id);
        let rules = catalog.resolve_for_case(expression, Some(regime_id))?;
        timeline = Some(match (timeline, from) {
            (Some(before), Some(from)) => before
                .followed_by(from, rules)
                .map_err(|why| Diagnostic::new(crate::diagnostic::COMMAND_LINE, why))?,
            _ => rules,
        });
    }
    Ok(timeline.expect("a timeline has a first regime"))
}

/// Reads, parses and checks a case file and resolves its rule set.
pub fn load_case(
    path: &Path,
    catalog: &Catalog,
) -> Result<(String, Scenario, RuleSet), Diagnostics> {
    let name = path.display().to_string();
    let bytes = input::read_bytes(path)?;
    let kind = input::parse_value(&name, &bytes).and_then(|value| file_kind(&name, &value))?;
    let not_a_case = |what: &str, fix: &str| {
        Err(
            Diagnostic::new(&name, format!("this is a {what} file, not a case"))
                .fix(fix)
                .into(),
        )
    };
    match kind {
        FileKind::Case => {}
        FileKind::RuleSet => {
            return not_a_case(
                "rule-set",
                "pass it with --rules-file and name its id, or see it with `regsim rules show`",
            );
        }
        FileKind::Profile => {
            return not_a_case(
                "behaviour-profile",
                "name it in a study's `profile`, or pass it to `regsim simulate --profile`",
            );
        }
        FileKind::Study => return not_a_case("study", "run it with `regsim simulate`"),
    }
    let scenario: Scenario = input::parse(&name, &bytes)?;
    let rules = check_case(&name, &scenario, catalog).map_err(Diagnostics)?;
    Ok((name, scenario, rules))
}

/// The checks `validate` makes on a parsed case, which every command that reads a case
/// makes too: its rule set resolves and fits, its meaning is sound, and it replays.
/// Returns the case's rule set.
pub fn check_case(
    name: &str,
    scenario: &Scenario,
    catalog: &Catalog,
) -> Result<RuleSet, Vec<Diagnostic>> {
    let rules = case_check::rules_for(name, scenario, catalog);
    let mut problems = case_check::check(name, scenario, rules.as_ref().ok());
    match rules {
        Err(rule_problems) => {
            problems.extend(rule_problems);
            Err(problems)
        }
        Ok(_) if !problems.is_empty() => Err(problems),
        Ok(rules) => match replay::replay(name, scenario, &rules, None) {
            Ok(_) => Ok(rules),
            Err(problem) => Err(vec![problem]),
        },
    }
}

/// What a JSON file holds, judged by its top-level keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileKind {
    Case,
    RuleSet,
    Profile,
    Study,
}

fn file_kind(name: &str, value: &serde_json::Value) -> Result<FileKind, Diagnostic> {
    let Some(object) = value.as_object() else {
        return Err(input::not_an_object(name));
    };
    if object.contains_key("events") {
        Ok(FileKind::Case)
    } else if object.contains_key("procedure")
        || object.contains_key("changes")
        || object.contains_key("extends")
    {
        Ok(FileKind::RuleSet)
    } else if object.contains_key("horizon_days") || object.contains_key("profile") {
        Ok(FileKind::Study)
    } else if object.contains_key("authority")
        || object.contains_key("applicant") && object.contains_key("court")
    {
        Ok(FileKind::Profile)
    } else {
        Err(Diagnostic::new(name, "cannot tell what this file is: it has no `events` (case), `procedure`, `changes` or `extends` (rule set), `authority` (behaviour profile) nor `horizon_days` (study)")
            .fix("see README.md for the file formats"))
    }
}

/// What `regsim validate` found, before it is printed.
#[derive(Debug, Default)]
pub struct Validation {
    /// One `ok` line per valid file.
    pub report: String,
    /// Files that could not be read (exit 2).
    pub unreadable: Vec<Diagnostic>,
    /// Problems in files that were read (exit 1).
    pub invalid: Vec<Diagnostic>,
}

fn validate(rules_files: &[PathBuf], files: &[PathBuf]) -> Result<(), Failure> {
    let Validation {
        report,
        unreadable,
        invalid,
    } = validate_files(rules_files, files)?;
    output::write(None, &report)?;
    let mut all = unreadable.clone();
    all.extend(invalid.iter().cloned());
    if !all.is_empty() {
        eprintln!("{}", Diagnostics(all));
    }
    if !unreadable.is_empty() {
        Err(Failure::Input(Diagnostics::default()))
    } else if !invalid.is_empty() {
        Err(Failure::Found)
    } else {
        Ok(())
    }
}

/// The checks of `regsim validate` on `files`, with the user's rule sets beside the
/// bundled ones; an unusable `--rules-file` is an error of its own.
pub fn validate_files(rules_files: &[PathBuf], files: &[PathBuf]) -> Result<Validation, Failure> {
    let mut catalog = catalog(rules_files)?;
    let mut unreadable = Vec::new();
    let mut invalid = Vec::new();
    let mut parsed = Vec::new();
    for path in files {
        let name = path.display().to_string();
        let bytes = match input::read_bytes(path) {
            Ok(bytes) => bytes,
            Err(problem) => {
                unreadable.push(problem);
                continue;
            }
        };
        let kind =
            match input::parse_value(&name, &bytes).and_then(|value| file_kind(&name, &value)) {
                Ok(kind) => kind,
                Err(problem) => {
                    invalid.push(problem);
                    continue;
                }
            };
        match kind {
            FileKind::RuleSet => match input::parse::<RuleSetFile>(&name, &bytes) {
                Ok(file) => match catalog.add(name.clone(), file) {
                    Ok(id) => parsed.push((name, FileKind::RuleSet, id, bytes)),
                    Err(problem) => invalid.push(problem),
                },
                Err(problem) => invalid.push(problem),
            },
            other => parsed.push((name, other, String::new(), bytes)),
        }
    }
    let mut report = String::new();
    for (name, kind, id, bytes) in &parsed {
        match kind {
            FileKind::RuleSet => match catalog.resolve(id) {
                Ok(_) => report.push_str(&format!("ok  {name} (rule set {id})\n")),
                Err(problems) => invalid.extend(problems.0),
            },
            FileKind::Profile => match crate::sim::profile::Profile::parse(name, bytes) {
                Ok(profile) => {
                    report.push_str(&format!("ok  {name} (behaviour profile {})\n", profile.id))
                }
                Err(problems) => invalid.extend(problems.0),
            },
            FileKind::Study => {
                let overrides = crate::sim::study::Overrides::default();
                match crate::sim::study::Study::load(name, &overrides, &catalog) {
                    Ok(_) => report.push_str(&format!("ok  {name} (study)\n")),
                    Err(problems) => invalid.extend(problems.0),
                }
            }
            FileKind::Case => {
                let scenario: Scenario = match input::parse(name, bytes) {
                    Ok(scenario) => scenario,
                    Err(problem) => {
                        invalid.push(problem);
                        continue;
                    }
                };
                match check_case(name, &scenario, &catalog) {
                    Ok(rules) => report.push_str(&format!(
                        "ok  {name} (case {}, {} events, rules {})\n",
                        scenario.id,
                        scenario.events.len(),
                        rules.id
                    )),
                    Err(problems) => invalid.extend(problems),
                }
            }
        }
    }
    Ok(Validation {
        report,
        unreadable,
        invalid,
    })
}

/// The label of `regsim compare`'s default counterfactual: each case's own rules with the
/// simplified reform for its entity kind.
pub const DEFAULT_REFORM_LABEL: &str = "own+simplified";

/// The stacked simplified reform for an entity kind.
pub fn simplified_reform_for(entity: crate::rules::EntityKind) -> &'static str {
    match entity {
        crate::rules::EntityKind::Party => "kz-simplified",
        crate::rules::EntityKind::PublicAssociation => "kz-pa-simplified",
    }
}

/// A short reason for a comparison row that does not apply.
fn compare_reason(problems: &Diagnostics, own: &RuleSet) -> String {
    problems.0.first().map_or_else(
        || format!("does not apply to this {} case", own.entity),
        |problem| {
            problem
                .message
                .split(';')
                .next()
                .unwrap_or(&problem.message)
                .to_string()
        },
    )
}

/// Loads the cases `compare` works on: the given files and directories, else the bundled ones.
pub fn load_cases(
    catalog: &Catalog,
    paths: &[PathBuf],
    include_hypothetical: bool,
) -> Result<Vec<(String, Scenario, RuleSet)>, Diagnostics> {
    let mut cases = Vec::new();
    let mut problems = Vec::new();
    if paths.is_empty() {
        for (file_name, text) in crate::cases::CASES {
            let name = format!("<bundled>/scenarios/{file_name}");
            let loaded = input::parse::<Scenario>(&name, text.as_bytes())
                .map_err(Diagnostics::from)
                .and_then(|scenario| {
                    let rules =
                        case_check::rules_for(&name, &scenario, catalog).map_err(Diagnostics)?;
                    Ok((name.clone(), scenario, rules))
                });
            match loaded {
                Ok(case)
                    if include_hypothetical || case.1.kind == crate::scenario::CaseKind::Real =>
                {
                    cases.push(case)
                }
                Ok(_) => {}
                Err(error) => problems.extend(error.0),
            }
        }
    } else {
        let mut files = Vec::new();
        for path in paths {
            if path.is_dir() {
                let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                    .map_err(|error| {
                        Diagnostic::new(
                            path.display().to_string(),
                            format!("cannot list the directory: {error}"),
                        )
                    })?
                    .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                    .filter(|file| {
                        file.is_file() && file.extension().is_some_and(|ext| ext == "json")
                    })
                    .collect();
                inside.sort();
                files.extend(inside);
            } else {
                files.push(path.clone());
            }
        }
        for file in files {
            match load_case(&file, catalog) {
                Ok(case) => cases.push(case),
                Err(error) => problems.extend(error.0),
            }
        }
    }
    if problems.is_empty() {
        Ok(cases)
    } else {
        Err(Diagnostics(problems))
    }
}

#[allow(clippy::too_many_arguments)]
fn compare_command(
    catalog: &Catalog,
    paths: &[PathBuf],
    rules: &[String],
    baseline: Option<String>,
    authority: AuthorityModel,
    explain: bool,
    all: bool,
    format: ExportFormat,
) -> Result<String, Failure> {
    let cases = load_cases(catalog, paths, all)?;
    if cases.is_empty() {
        return Err(Diagnostic::new("compare", "no cases to compare")
            .fix("name case files or a directory holding them")
            .into());
    }
    // With no --rules: each case under its own rules (the baseline, a factual replay) and
    // under its own rules with the simplified reform for its entity kind.
    let labels: Vec<String> = if rules.is_empty() {
        vec![
            crate::rules::OWN.to_string(),
            DEFAULT_REFORM_LABEL.to_string(),
        ]
    } else {
        rules.to_vec()
    };
    let baseline = baseline.unwrap_or_else(|| labels[0].clone());
    let Some(baseline_index) = labels.iter().position(|label| *label == baseline) else {
        return Err(Diagnostic::new(
            "--baseline",
            format!(
                "the baseline `{baseline}` is not among the rule sets compared ({})",
                labels.join(", ")
            ),
        )
        .fix("name one of the --rules, or add it with another --rules")
        .into());
    };
    let mut inputs: Vec<compare::CaseInput> = Vec::new();
    for (file, scenario, own_rules) in &cases {
        let mut rule_sets = Vec::new();
        for label in &labels {
            let expression = if label == DEFAULT_REFORM_LABEL {
                format!("own+{}", simplified_reform_for(own_rules.entity))
            } else {
                label.clone()
            };
            let resolved = if expression
                .split('+')
                .any(|term| term.trim() == crate::rules::OWN)
            {
                match resolve_under(catalog, &expression, file, own_rules) {
                    Ok(rules) => Ok(rules),
                    Err(problems) => Err(compare_reason(&problems, own_rules)),
                }
            } else {
                Ok(resolve(catalog, &expression)?)
            };
            rule_sets.push(resolved);
        }
        inputs.push(compare::CaseInput {
            file: file.clone(),
            scenario,
            own_rules,
            rule_sets,
        });
    }
    let comparison = compare::compare(
        &inputs,
        &labels,
        baseline_index,
        authority,
        explain,
        Some(catalog),
    )?;
    Ok(export::exporter(format).comparison(&comparison))
}
