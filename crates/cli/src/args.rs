//! The command line's grammar: every command with the operands and flags it takes.
//!
//! Two levels. [`COMMANDS`] is the definition: each command's operands and flags, from which
//! both the parser and the usage text are made, so they cannot disagree. [`parse`] reads the
//! raw words into typed values and checks them against the command's definition: a flag the
//! command does not take is an error, as is one it needs and did not get.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::PathBuf;

use funnel_engine::scenario::MAX_TRIALS;

/// Every flag of every command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flag {
    Leads,
    Trials,
    Seed,
    Threads,
    From,
    To,
    Step,
    Outcome,
    Success,
    For,
    Format,
    Base,
    Revenue,
    Pipeline,
}

impl Flag {
    const ALL: [Flag; 14] = [
        Flag::Leads,
        Flag::Trials,
        Flag::Seed,
        Flag::Threads,
        Flag::From,
        Flag::To,
        Flag::Step,
        Flag::Outcome,
        Flag::Success,
        Flag::For,
        Flag::Format,
        Flag::Base,
        Flag::Revenue,
        Flag::Pipeline,
    ];

    /// The flag as typed, without its dashes.
    fn name(self) -> &'static str {
        match self {
            Flag::Leads => "leads",
            Flag::Trials => "trials",
            Flag::Seed => "seed",
            Flag::Threads => "threads",
            Flag::From => "from",
            Flag::To => "to",
            Flag::Step => "step",
            Flag::Outcome => "outcome",
            Flag::Success => "success",
            Flag::For => "for",
            Flag::Format => "format",
            Flag::Base => "base",
            Flag::Revenue => "revenue",
            Flag::Pipeline => "pipeline",
        }
    }

    /// What its value is, in the usage text.
    fn placeholder(self) -> &'static str {
        match self {
            Flag::Leads => "FILE.csv",
            Flag::Trials => "N",
            Flag::Seed => "S",
            Flag::Threads => "T",
            Flag::From => "A",
            Flag::To => "B",
            Flag::Step => "S",
            Flag::Outcome => "COLUMN",
            Flag::Success => "VALUE",
            Flag::For => "TOOL",
            Flag::Format => "text|csv|json",
            Flag::Base => "URL",
            Flag::Revenue | Flag::Pipeline => "AMOUNT",
        }
    }

    fn from_name(name: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl std::fmt::Display for Flag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "--{}", self.name())
    }
}

/// How a command takes a flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Take {
    /// At most once.
    Optional,
    /// Exactly once.
    Required,
    /// Any number of times.
    Repeated,
}

/// One command's definition.
pub(crate) struct Spec {
    pub(crate) name: &'static str,
    /// The operands as the usage shows them.
    operands: &'static str,
    /// How many operands it takes, at least and at most.
    min_operands: usize,
    max_operands: usize,
    flags: &'static [(Flag, Take)],
    /// What it does, one line per usage line (indented when printed).
    about: &'static str,
}

use Flag::*;
use Take::*;

const RUN: [(Flag, Take); 4] = [
    (Leads, Optional),
    (Trials, Optional),
    (Seed, Optional),
    (Threads, Optional),
];

/// Every command, in the order the usage lists them.
pub(crate) const COMMANDS: &[Spec] = &[
    Spec {
        name: "preset",
        operands: "NAME",
        min_operands: 0,
        max_operands: 1,
        flags: &[],
        about: "print a complete scenario as JSON (NAME: default, siloed, aligned)",
    },
    Spec {
        name: "simulate",
        operands: "SCENARIO.json",
        min_operands: 0,
        max_operands: 1,
        flags: &RUN,
        about: "run the Monte Carlo simulation and print a JSON report",
    },
    Spec {
        name: "score",
        operands: "SCENARIO.json",
        min_operands: 0,
        max_operands: 1,
        flags: &[(Leads, Required)],
        about: "\
print the leads as CSV with fit, engagement, score, grade, mql and the rules that fired
(an export's columns are mapped onto the model's fields by the scenario's mapping, or by
the one Funnel Lab suggests for HubSpot and Salesforce headers when it has none)",
    },
    Spec {
        name: "leads",
        operands: "SCENARIO.json",
        min_operands: 0,
        max_operands: 1,
        flags: &[],
        about: "print the scenario's generated sample leads as CSV",
    },
    Spec {
        name: "backtest",
        operands: "SCENARIO.json",
        min_operands: 0,
        max_operands: 1,
        flags: &[(Leads, Required), (Outcome, Optional), (Success, Repeated)],
        about: "\
score a CRM export's past leads with the scenario's model and judge it against what
happened to them: AUC, lift and capture by score decile, precision, recall and MQL
volume at every threshold, conversion by grade (JSON). The outcome is the scenario's
mapping's unless given; without --success a yes/no column means yes, a date column
filled in, a lifecycle stage SQL or later",
    },
    Spec {
        name: "fit",
        operands: "",
        min_operands: 0,
        max_operands: 0,
        flags: &[
            (Leads, Required),
            (Outcome, Required),
            (Success, Repeated),
            (Seed, Optional),
        ],
        about: "\
learn points per field value from the export's outcomes (L2-regularised logistic
regression, 10 points per doubling of the odds), and print a complete scenario with
those rules and the mapping that `score`, `simulate` and `backtest` take as they are;
each rule's evidence and the held-out backtest (30 % of the leads, never fitted on)
go to stderr",
    },
    Spec {
        name: "trials",
        operands: "SCENARIO.json",
        min_operands: 0,
        max_operands: 1,
        flags: &RUN,
        about: "\
run the simulation and print every trial's metrics as CSV (seed, trial, then each
metric in full precision; empty where a trial cannot define it): the audit trail
behind every band, rerunnable from the scenario and the seed",
    },
    Spec {
        name: "points",
        operands: "SCENARIO.json",
        min_operands: 0,
        max_operands: 1,
        flags: &[(For, Required), (Leads, Optional), (Format, Optional)],
        about: "\
the scoring model as a points table to enter into a CRM or marketing automation tool
(TOOL: hubspot, marketo, account-engagement, mautic), in that tool's terms: the
export's own columns and values (through the scenario's mapping, or the one an export
given with --leads suggests), whole points where the tool needs them, and notes for
what the tool cannot express (caps, decay, the MQL threshold)",
    },
    Spec {
        name: "sweep",
        operands: "SCENARIO.json",
        min_operands: 0,
        max_operands: 1,
        flags: &[
            (From, Required),
            (To, Required),
            (Step, Required),
            (Leads, Optional),
            (Trials, Optional),
            (Seed, Optional),
            (Threads, Optional),
        ],
        about: "\
run every MQL threshold from A to B on the same random numbers; one JSON row per
threshold (MQLs, acceptance, MQL -> SQL, rep load, SLA compliance, never contacted,
SQLs, won, revenue, each with P5-P95), then the revenue-best threshold",
    },
    Spec {
        name: "sensitivity",
        operands: "SCENARIO.json",
        min_operands: 0,
        max_operands: 1,
        flags: &RUN,
        about: "\
move each lever over its range (threshold +/-10 points, SLA half and double, capacity
+/-25 %, one rep fewer or more, CRM sync, queue order, speed-to-lead strength, each
stage's base rate +/-20 %, each rule's points +/-50 %) and print what it does to SQLs
and revenue, biggest swing first (200 trials per end unless --trials)",
    },
    Spec {
        name: "checklist",
        operands: "SCENARIO.json",
        min_operands: 0,
        max_operands: 1,
        flags: &RUN,
        about: "\
what each readiness check is worth: the scenario with the check answered the other way,
paired run for run (SQLs and revenue, B - A with P5-P95 and the chance it is higher)",
    },
    Spec {
        name: "target",
        operands: "SCENARIO.json",
        min_operands: 0,
        max_operands: 1,
        flags: &[
            (Revenue, Optional),
            (Pipeline, Optional),
            (Leads, Optional),
            (Trials, Optional),
            (Seed, Optional),
            (Threads, Optional),
        ],
        about: "\
the chance of reaching a closed-won revenue and/or pipeline target (1.5M, 600k, 1500000)
and the reverse funnel: the leads, MQLs, SQLs and deals the revenue target would take",
    },
    Spec {
        name: "compare",
        operands: "A.json B.json [MORE.json ...]",
        min_operands: 0,
        max_operands: usize::MAX,
        flags: &[(Trials, Optional), (Seed, Optional), (Threads, Optional)],
        about: "\
run the scenarios on the same random numbers and print each one's report and every
metric's difference from the first (B - A, with P5-P95 and the chance B is higher)",
    },
    Spec {
        name: "link",
        operands: "SCENARIO.json",
        min_operands: 0,
        max_operands: 1,
        flags: &[(Base, Optional)],
        about: "\
print a share link that opens the scenario in the page: URL#scenario=TOKEN, the
scenario compressed into the link (never any leads); without --base, only the
fragment. Every command that takes SCENARIO.json also takes such a link (quoted)",
    },
    Spec {
        name: "check",
        operands: "SCENARIO.json",
        min_operands: 0,
        max_operands: 1,
        flags: &[(Leads, Optional)],
        about: "\
check the scenario's example leads (those the room agreed must or must not be MQLs)
against its scoring model: print a JSON summary (each example's expected and actual
verdict, score, grade and the rules that fired) and list each broken example on stderr.
With --leads, also count the file's MQLs and check that every example's fields are
columns of the file, holding the same kind of value. Exit 0 when every example holds,
1 when one is broken or (with --leads) names a field the file lacks, 2 on bad input and
when the scenario has no examples: a check of nothing is not a pass",
    },
];

impl Spec {
    fn find(name: &str) -> Option<&'static Spec> {
        COMMANDS.iter().find(|c| c.name == name)
    }

    fn take(&self, flag: Flag) -> Option<Take> {
        self.flags.iter().find(|(f, _)| *f == flag).map(|(_, t)| *t)
    }

    /// `funnel-lab NAME OPERANDS [--flag V]...`
    pub(crate) fn synopsis(&self) -> String {
        let mut s = format!("funnel-lab {}", self.name);
        if !self.operands.is_empty() {
            write!(s, " {}", self.operands).unwrap();
        }
        for (flag, take) in self.flags {
            let (flag, v) = (flag, flag.placeholder());
            match take {
                Required => write!(s, " {flag} {v}"),
                Optional => write!(s, " [{flag} {v}]"),
                Repeated => write!(s, " [{flag} {v}]..."),
            }
            .unwrap();
        }
        s
    }

    /// The synopsis and what the command does.
    pub(crate) fn usage(&self) -> String {
        let mut s = format!("  {}\n", self.synopsis());
        for line in self.about.lines() {
            writeln!(s, "      {line}").unwrap();
        }
        s
    }
}

/// The whole usage text, made from [`COMMANDS`].
pub(crate) fn usage() -> String {
    let mut s = String::from(
        "funnel-lab: project a sales funnel from a lead-scoring model, an SLA and a team\n\nusage:\n",
    );
    for c in COMMANDS {
        s.push_str(&c.usage());
    }
    s.push_str(
        "  funnel-lab help [COMMAND]\n      this text, or one command's\n\n\
         The same scenario and seed always give the same report, whatever the number of threads.\n\
         Exit codes: 0 success, 2 bad input (arguments, files, an unwritable standard output), 1 anything else.",
    );
    s
}

/// What the command line asked for.
pub(crate) enum Request {
    Run(Box<Args>),
    /// `--help`, `help`, `help COMMAND`, `COMMAND --help`: print this text.
    Help(String),
    Version,
}

/// The command and its typed arguments. A field is set only when the command takes it.
#[derive(Debug, Default)]
pub(crate) struct Args {
    pub(crate) command: String,
    /// The first operand: a scenario file or link, or the preset's name.
    pub(crate) target: Option<String>,
    /// Operands after the first (`compare`).
    pub(crate) more: Vec<String>,
    pub(crate) revenue: Option<f64>,
    pub(crate) pipeline: Option<f64>,
    pub(crate) from: Option<f64>,
    pub(crate) to: Option<f64>,
    pub(crate) step: Option<f64>,
    pub(crate) leads: Option<PathBuf>,
    /// `backtest`, `fit`: the column that says a lead converted, and the values meaning yes.
    pub(crate) outcome: Option<String>,
    pub(crate) success: Vec<String>,
    /// `points`: the tool the table is for, and the output format.
    pub(crate) tool: Option<String>,
    pub(crate) format: Option<String>,
    /// `link`: the page's address the link starts with.
    pub(crate) base: Option<String>,
    pub(crate) trials: Option<u32>,
    pub(crate) seed: Option<u64>,
    pub(crate) threads: Option<usize>,
}

/// Reads the words after the program's name. An error is a message for the user.
pub(crate) fn parse(words: impl IntoIterator<Item = OsString>) -> Result<Request, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(words);
    let mut operands: Vec<String> = Vec::new();
    let mut flags: Vec<(Flag, String)> = Vec::new();
    let mut help = false;
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => help = true,
            Long("version") | Short('V') => return Ok(Request::Version),
            Long(name) => {
                let Some(flag) = Flag::from_name(name) else {
                    return Err(format!(
                        "unknown flag '--{name}'\n\n{}",
                        hint(operands.first())
                    ));
                };
                let value = p.value().map_err(|e| e.to_string())?;
                let value = value
                    .into_string()
                    .map_err(|v| format!("{flag}: '{}' is not valid UTF-8", v.to_string_lossy()))?;
                flags.push((flag, value));
            }
            Value(v) => operands.push(
                v.into_string()
                    .map_err(|v| format!("'{}' is not valid UTF-8", v.to_string_lossy()))?,
            ),
            other => {
                return Err(format!(
                    "{}\n\n{}",
                    other.unexpected(),
                    hint(operands.first())
                ))
            }
        }
    }
    let mut operands = operands.into_iter();
    let Some(command) = operands.next() else {
        return if help {
            Ok(Request::Help(usage()))
        } else {
            Err(format!("no command given\n\n{}", usage()))
        };
    };
    if command == "help" {
        return match operands.next() {
            None => Ok(Request::Help(usage())),
            Some(name) => Spec::find(&name)
                .map(|c| Request::Help(format!("usage:\n{}", c.usage())))
                .ok_or_else(|| unknown_command(&name)),
        };
    }
    let spec = Spec::find(&command).ok_or_else(|| unknown_command(&command))?;
    if help {
        return Ok(Request::Help(format!("usage:\n{}", spec.usage())));
    }
    let operands: Vec<String> = operands.collect();
    if operands.len() > spec.max_operands {
        let extra = &operands[spec.max_operands];
        return Err(format!(
            "unexpected argument '{extra}': `{}` takes {}\n\nusage: {}",
            spec.name,
            match spec.max_operands {
                0 => "no file or name, only flags".to_string(),
                _ => spec.operands.to_string(),
            },
            spec.synopsis()
        ));
    }
    let mut args = Args {
        command: spec.name.to_string(),
        ..Args::default()
    };
    let mut operands = operands.into_iter();
    args.target = operands.next();
    args.more = operands.collect();
    let mut seen: Vec<Flag> = Vec::new();
    for (flag, value) in flags {
        let Some(take) = spec.take(flag) else {
            return Err(not_taken(spec, flag));
        };
        if take != Repeated && seen.contains(&flag) {
            return Err(format!(
                "{flag} is given twice; `{}` takes it once",
                spec.name
            ));
        }
        seen.push(flag);
        set(&mut args, flag, value)?;
    }
    if args.operand_count() < spec.min_operands {
        return Err(format!("`{}` needs {}", spec.name, spec.operands));
    }
    let missing: Vec<String> = spec
        .flags
        .iter()
        .filter(|(f, t)| *t == Required && !seen.contains(f))
        .map(|(f, _)| format!("{f} {}", f.placeholder()))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "`{}` needs {}\n\nusage:\n{}",
            spec.name,
            missing.join(", "),
            spec.usage()
        ));
    }
    if !args.success.is_empty() && args.outcome.is_none() {
        return Err(
            "--success names the values of the outcome column: give the column with --outcome"
                .into(),
        );
    }
    Ok(Request::Run(Box::new(args)))
}

impl Args {
    fn operand_count(&self) -> usize {
        self.target.iter().count() + self.more.len()
    }
}

fn unknown_command(name: &str) -> String {
    let names: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
    format!(
        "unknown command '{name}'; the commands are: {}\n(`funnel-lab help` shows what each does)",
        names.join(", ")
    )
}

/// After an unknown flag: the command's own usage when it is known, else the whole text.
fn hint(command: Option<&String>) -> String {
    match command.and_then(|c| Spec::find(c)) {
        Some(spec) => format!("usage: {}", spec.synopsis()),
        None => usage(),
    }
}

fn not_taken(spec: &Spec, flag: Flag) -> String {
    let takes: Vec<String> = spec.flags.iter().map(|(f, _)| f.to_string()).collect();
    let takes = if takes.is_empty() {
        "no flags".to_string()
    } else {
        takes.join(", ")
    };
    let also: Vec<&str> = COMMANDS
        .iter()
        .filter(|c| c.take(flag).is_some())
        .map(|c| c.name)
        .collect();
    format!(
        "{flag} does not apply to `{}`, which takes {takes} (it belongs to {})\n\nusage: {}",
        spec.name,
        also.iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", "),
        spec.synopsis()
    )
}

/// The most threads `--threads` asks for.
const MAX_THREADS: u64 = 1024;

/// Reads one flag's value into its typed field.
fn set(args: &mut Args, flag: Flag, value: String) -> Result<(), String> {
    match flag {
        Leads => args.leads = Some(value.into()),
        Trials => {
            let n = whole(&value, flag)?;
            if n == 0 || n > u64::from(MAX_TRIALS) {
                return Err(format!(
                    "{flag} must be between 1 and {MAX_TRIALS}, got {}",
                    shown(&value)
                ));
            }
            args.trials = Some(n as u32);
        }
        Seed => args.seed = Some(whole(&value, flag)?),
        Threads => {
            let n = whole(&value, flag)?;
            if n == 0 || n > MAX_THREADS {
                return Err(format!(
                    "{flag} must be between 1 and {MAX_THREADS}, got {}",
                    shown(&value)
                ));
            }
            args.threads = Some(n as usize);
        }
        From => args.from = Some(real(&value, flag)?),
        To => args.to = Some(real(&value, flag)?),
        Step => args.step = Some(real(&value, flag)?),
        Outcome => args.outcome = Some(value),
        Success => args.success.push(value),
        For => args.tool = Some(value),
        Format => args.format = Some(value),
        Base => args.base = Some(value),
        Revenue => args.revenue = Some(money(&value, flag)?),
        Pipeline => args.pipeline = Some(money(&value, flag)?),
    }
    Ok(())
}

/// A value as quoted in a message: at most 40 characters, so a pasted novel stays readable.
fn shown(value: &str) -> String {
    const MAX: usize = 40;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        let head: String = value.chars().take(MAX).collect();
        format!("{head}… ({} characters)", value.chars().count())
    }
}

fn whole(value: &str, flag: Flag) -> Result<u64, String> {
    value
        .trim()
        .parse::<u64>()
        .map_err(|_| format!("{flag} takes a whole number, got '{}'", shown(value)))
}

fn real(value: &str, flag: Flag) -> Result<f64, String> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && x.abs() <= 1e12)
        .ok_or_else(|| format!("{flag} takes a number, got '{}'", shown(value)))
}

/// The largest amount a target may be.
const MAX_AMOUNT: f64 = 1e13;

/// An amount of money: `1500000`, `1,500,000`, `$1.5M`, `600k`.
fn money(value: &str, flag: Flag) -> Result<f64, String> {
    let t = value.trim().trim_start_matches('$').to_lowercase();
    let (num, factor) = match t.chars().last() {
        Some('k') => (&t[..t.len() - 1], 1e3),
        Some('m') => (&t[..t.len() - 1], 1e6),
        Some('b') => (&t[..t.len() - 1], 1e9),
        _ => (t.as_str(), 1.0),
    };
    num.replace(',', "")
        .parse::<f64>()
        .ok()
        .map(|x| x * factor)
        .filter(|x| x.is_finite() && *x > 0.0 && *x <= MAX_AMOUNT)
        .ok_or_else(|| {
            format!(
                "{flag} takes an amount above 0 and at most 10 trillion, such as 1500000, 1.5M or 600k, got '{}'",
                shown(value)
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<OsString> {
        line.split_whitespace().map(OsString::from).collect()
    }

    fn args(line: &str) -> Args {
        match parse(words(line)) {
            Ok(Request::Run(a)) => *a,
            Ok(_) => panic!("'{line}' asked for help or the version"),
            Err(e) => panic!("'{line}' was refused: {e}"),
        }
    }

    fn refused(line: &str) -> String {
        match parse(words(line)) {
            Err(e) => e,
            Ok(_) => panic!("'{line}' was accepted"),
        }
    }

    #[test]
    fn every_flag_a_command_takes_is_parsed_into_its_field() {
        let a = args("simulate s.json --leads l.csv --trials 7 --seed 9 --threads 2");
        assert_eq!(a.command, "simulate");
        assert_eq!(a.target.as_deref(), Some("s.json"));
        assert_eq!(a.leads, Some(PathBuf::from("l.csv")));
        assert_eq!((a.trials, a.seed, a.threads), (Some(7), Some(9), Some(2)));
        let a = args("sweep s.json --from 20 --to 90 --step 5");
        assert_eq!((a.from, a.to, a.step), (Some(20.0), Some(90.0), Some(5.0)));
        let a = args("target s.json --revenue 1.5M --pipeline $600k");
        assert_eq!((a.revenue, a.pipeline), (Some(1.5e6), Some(6e5)));
        let a = args("backtest s.json --leads l.csv --outcome Won --success yes --success Y");
        assert_eq!(a.outcome.as_deref(), Some("Won"));
        assert_eq!(a.success, ["yes", "Y"]);
        let a = args("compare a.json b.json c.json");
        assert_eq!(a.more, ["b.json", "c.json"]);
    }

    #[test]
    fn a_flag_that_does_not_apply_is_an_error_naming_the_command_and_its_flags() {
        let e = refused("link s.json --trials 5");
        assert!(e.contains("--trials does not apply to `link`"), "{e}");
        assert!(e.contains("which takes --base"), "{e}");
        assert!(
            e.contains("usage: funnel-lab link SCENARIO.json [--base URL]"),
            "{e}"
        );
        let e = refused("preset default --seed 1");
        assert!(e.contains("`preset`, which takes no flags"), "{e}");
        for line in [
            "compare a.json b.json --leads l.csv",
            "score s.json --leads l.csv --trials 3",
            "leads s.json --threads 2",
            "fit --leads l.csv --outcome Won --trials 9",
            "check s.json --format csv",
            "simulate s.json --from 1",
        ] {
            assert!(refused(line).contains("does not apply to"), "{line}");
        }
    }

    #[test]
    fn every_flag_applies_to_some_command() {
        for flag in Flag::ALL {
            assert!(
                COMMANDS.iter().any(|c| c.take(flag).is_some()),
                "{flag} belongs to no command"
            );
        }
    }

    #[test]
    fn required_flags_and_operand_counts_are_checked() {
        let e = refused("sweep s.json --from 20");
        assert!(e.contains("`sweep` needs --to B, --step S"), "{e}");
        assert!(refused("score s.json").contains("needs --leads FILE.csv"));
        assert!(refused("fit --leads l.csv").contains("needs --outcome COLUMN"));
        let e = refused("simulate a.json b.json");
        assert!(e.contains("unexpected argument 'b.json'"), "{e}");
        let e = refused("fit s.json --leads l.csv --outcome Won");
        assert!(e.contains("takes no file or name"), "{e}");
        assert!(refused("simulate s.json --seed 1 --seed 2").contains("given twice"));
        assert!(refused("backtest s.json --leads l.csv --success yes").contains("--outcome"));
    }

    #[test]
    fn values_are_typed_and_bounded() {
        assert!(refused("simulate s.json --trials 0").contains("between 1 and"));
        assert!(refused("simulate s.json --trials 1000001").contains("between 1 and"));
        assert!(refused("simulate s.json --trials -3").contains("whole number"));
        assert!(refused("simulate s.json --threads 5000").contains("between 1 and 1024"));
        assert!(refused("sweep s.json --from x --to 2 --step 1").contains("--from takes a number"));
        assert!(refused("sweep s.json --from NaN --to 2 --step 1").contains("takes a number"));
        assert!(refused("target s.json --revenue -5").contains("takes an amount"));
        // A 309-digit number is quoted shortened, not in full.
        let e = refused(&format!("simulate s.json --seed {}", "9".repeat(309)));
        assert!(e.contains("(309 characters)") && e.len() < 200, "{e}");
    }

    #[test]
    fn unknown_commands_and_flags_list_what_there_is() {
        let e = refused("simulat s.json");
        assert!(e.contains("unknown command 'simulat'") && e.contains("simulate, score"));
        let e = refused("simulate s.json --trails 5");
        assert!(e.contains("unknown flag '--trails'"), "{e}");
        assert!(e.contains("usage: funnel-lab simulate"), "{e}");
    }

    #[test]
    fn help_comes_from_the_same_definitions() {
        let Ok(Request::Help(all)) = parse(words("--help")) else {
            panic!("--help is help")
        };
        for c in COMMANDS {
            assert!(all.contains(&c.synopsis()), "{} missing from usage", c.name);
        }
        assert!(all.contains(
            "funnel-lab sweep SCENARIO.json --from A --to B --step S [--leads FILE.csv]"
        ));
        let Ok(Request::Help(one)) = parse(words("help sweep")) else {
            panic!("help sweep is help")
        };
        assert!(one.contains("funnel-lab sweep") && !one.contains("funnel-lab simulate"));
        let Ok(Request::Help(same)) = parse(words("sweep --help")) else {
            panic!("sweep --help is help")
        };
        assert_eq!(one, same);
    }
}
