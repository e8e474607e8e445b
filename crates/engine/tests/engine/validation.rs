//! The presets against the published figures, measured through the simulation. The tables
//! this test builds are the ones in docs/model.md §9; the test fails when the page and the
//! engine disagree (`UPDATE_DOCS=1 cargo test -p funnel-engine --test engine validation`
//! rewrites them).

use funnel_engine::metrics::SPEED_BUCKETS;
use funnel_engine::{prepare, presets, scenario_sample, simulate, Report, Scenario};

use crate::calibration::check_doc_block;

const TRIALS: u32 = 1000;
const SEED: u64 = 1;

fn run(s: &Scenario) -> Report {
    simulate(
        &prepare(s, &scenario_sample(s).unwrap()).unwrap(),
        SEED,
        TRIALS,
    )
}

fn pct(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

fn count(x: f64) -> String {
    let r = x.round() as i64;
    if r.abs() >= 1000 {
        format!("{},{:03}", r / 1000, (r % 1000).abs())
    } else if x.abs() < 10.0 && x.fract() != 0.0 {
        format!("{x:.1}")
    } else {
        format!("{r}")
    }
}

fn money(x: f64) -> String {
    if x.abs() >= 1e6 {
        format!("{:.2} M", x / 1e6)
    } else if x.abs() >= 1e3 {
        format!("{:.1} k", x / 1e3)
    } else {
        format!("{x:.0}")
    }
}

fn minutes(x: f64) -> String {
    if x < 60.0 {
        format!("{x:.1} min")
    } else {
        format!("{:.1} h", x / 60.0)
    }
}

/// Won / (won + lost) pooled over the trials: the win rate of all deals closed in the run, which
/// stays defined when single trials close none.
fn pooled_win_rate(r: &Report) -> f64 {
    let m = &r.metrics;
    m.won.mean / (m.won.mean + m.lost.mean)
}

/// Shares of MQLs by response time, as HBR 2011 grouped companies: within 1 h, 1–24 h, later,
/// never.
fn response_groups(r: &Report) -> [f64; 4] {
    let total: f64 = r.speed_to_lead.iter().map(|b| b.mqls).sum();
    let within = |lo: usize, hi: usize| -> f64 {
        r.speed_to_lead[lo..hi].iter().map(|b| b.mqls).sum::<f64>() / total
    };
    let n = SPEED_BUCKETS.len();
    [
        within(0, 3),
        within(3, 5),
        within(5, n - 1),
        within(n - 1, n),
    ]
}

/// How a number is written in the tables.
type Format = dyn Fn(f64) -> String;

struct Row {
    figure: &'static str,
    published: &'static str,
    model: String,
    inside: Option<bool>,
    note: &'static str,
}

#[test]
fn presets_against_published_figures() {
    let names = presets::NAMES;
    let reports: Vec<Report> = names
        .iter()
        .map(|n| run(&presets::preset(n).unwrap()))
        .collect();
    let [default, siloed, aligned] = [&reports[0], &reports[1], &reports[2]];

    // §9.2: every preset's headline results.
    let mut t = String::new();
    t.push_str("| metric | default | siloed | aligned |\n|---|---|---|---|\n");
    let band = |r: &Report, name: &str, f: &Format| {
        let s = r.metrics.get(name).unwrap();
        format!("{} ({}–{})", f(s.mean), f(s.p05), f(s.p95))
    };
    let rows: [(&str, &str, &Format); 22] = [
        ("MQLs", "mqls", &count),
        ("re-qualified after nurture", "requalified", &count),
        ("SALs", "sals", &count),
        ("SQLs", "sqls", &count),
        ("opportunities", "opportunities", &count),
        ("won", "won", &count),
        ("never contacted", "never_contacted", &count),
        ("went cold in the queue", "went_cold", &count),
        ("reassigned (SLA breached)", "reassigned", &count),
        ("returned to marketing", "returned", &count),
        ("recycled", "recycled", &count),
        ("acceptance rate", "acceptance_rate", &pct),
        ("MQL → SQL", "mql_to_sql_rate", &pct),
        ("SAL → SQL", "sal_to_sql_rate", &pct),
        ("win rate", "win_rate", &pct),
        ("cycle (median days)", "cycle_days", &|x| format!("{x:.1}")),
        ("revenue", "revenue", &money),
        ("pipeline velocity (per day)", "pipeline_velocity", &money),
        ("response, median", "response_minutes", &minutes),
        ("response, mean", "response_mean_minutes", &minutes),
        ("SLA compliance", "sla_compliance", &pct),
        ("CAC", "cac", &money),
    ];
    for (label, name, f) in rows {
        t.push_str(&format!(
            "| {label} | {} | {} | {} |\n",
            band(default, name, f),
            band(siloed, name, f),
            band(aligned, name, f)
        ));
    }
    let util = |r: &Report| {
        let u: Vec<f64> = r.reps.iter().map(|x| x.utilization.mean).collect();
        format!(
            "{:.2}–{:.2}",
            u.iter().copied().fold(f64::INFINITY, f64::min),
            u.iter().copied().fold(0.0, f64::max)
        )
    };
    t.push_str(&format!(
        "| rep utilization (mean, lowest–highest rep) | {} | {} | {} |\n",
        util(default),
        util(siloed),
        util(aligned)
    ));
    t.push_str(&format!(
        "| digest | `{}` | `{}` | `{}` |\n",
        default.digest, siloed.digest, aligned.digest
    ));
    println!("{t}");
    check_doc_block("presets", &t);

    // §9.3: against the published figures, with the verdict computed from the range.
    let m = |r: &Report, name: &str| r.metrics.get(name).unwrap().mean;
    let within = |x: f64, lo: f64, hi: f64| Some(x >= lo && x <= hi);
    let win_ratio = pooled_win_rate(aligned) / pooled_win_rate(siloed);
    let cycle_ratio = m(aligned, "cycle_days") / m(siloed, "cycle_days");
    let mut no_effects = presets::preset("aligned").unwrap();
    no_effects.market.alignment.enabled = false;
    let plain = run(&no_effects);
    let win_effect = pooled_win_rate(aligned) / pooled_win_rate(&plain);
    let cycle_effect = m(aligned, "cycle_days") / m(&plain, "cycle_days");
    let groups = response_groups(default);
    let table = [
        Row {
            figure: "MQL rate",
            published: "inquiry → MQL 10–25 % (demand waterfall, secondary)",
            model: pct(m(default, "mql_rate")),
            inside: within(m(default, "mql_rate"), 0.10, 0.25),
            note: "same sample and scoring in all presets",
        },
        Row {
            figure: "Acceptance, siloed",
            published: "30–50 % (industry articles); Gartner: 44 % pass sales' fit check",
            model: pct(m(siloed, "acceptance_rate")),
            inside: within(m(siloed, "acceptance_rate"), 0.30, 0.50),
            note: "calibrated: the no-definition factor was set from this range",
        },
        Row {
            figure: "Acceptance, aligned",
            published: "80–90 % (industry articles)",
            model: pct(m(aligned, "acceptance_rate")),
            inside: within(m(aligned, "acceptance_rate"), 0.80, 0.90),
            note: "",
        },
        Row {
            figure: "MQL → SQL, typical team",
            published: "about 13 % (commonly quoted, secondary)",
            model: pct(m(default, "mql_to_sql_rate")),
            inside: within(m(default, "mql_to_sql_rate"), 0.11, 0.15),
            note: "default preset; base rates calibrated to it",
        },
        Row {
            figure: "MQL → SQL, aligned",
            published: "20–25 % (industry articles)",
            model: pct(m(aligned, "mql_to_sql_rate")),
            inside: within(m(aligned, "mql_to_sql_rate"), 0.20, 0.25),
            note: "",
        },
        Row {
            figure: "SAL → SQL",
            published: "50–70 % (demand waterfall, secondary)",
            model: format!(
                "default {}, siloed {}, aligned {}",
                pct(m(default, "sal_to_sql_rate")),
                pct(m(siloed, "sal_to_sql_rate")),
                pct(m(aligned, "sal_to_sql_rate"))
            ),
            inside: within(m(aligned, "sal_to_sql_rate"), 0.50, 0.70),
            note: "cannot hold with the two rows above: 20–25 % of MQLs as SQLs with 80–90 % accepted is 22–31 % of SALs",
        },
        Row {
            figure: "Win rate, typical",
            published: "about 20–25 % median in B2B SaaS (Benchmarkit 2022, secondary)",
            model: pct(m(default, "win_rate")),
            inside: within(m(default, "win_rate"), 0.20, 0.25),
            note: "",
        },
        Row {
            figure: "Win rate, aligned vs siloed",
            published: "38 % higher (industry articles; reported, not established)",
            model: format!("{:+.0} % (deals closed over all trials)", (win_ratio - 1.0) * 100.0),
            inside: within(win_ratio, 1.25, 1.50),
            note: "the siloed team closes few deals: a wide band",
        },
        Row {
            figure: "Win rate, alignment effects on vs off (aligned preset)",
            published: "38 % higher",
            model: format!("{:+.0} %", (win_effect - 1.0) * 100.0),
            inside: within(win_effect, 1.30, 1.45),
            note: "the effect as the model applies it",
        },
        Row {
            figure: "Sales cycle, aligned vs siloed",
            published: "15–20 % shorter (industry articles; reported, not established)",
            model: format!("{:.0} % shorter (median of closed deals)", (1.0 - cycle_ratio) * 100.0),
            inside: within(1.0 - cycle_ratio, 0.10, 0.25),
            note: "the siloed team closes about one deal per trial: its cycle is mostly noise and selection",
        },
        Row {
            figure: "Sales cycle, alignment effects on vs off (aligned preset)",
            published: "15–20 % shorter",
            model: format!("{:.0} % shorter", (1.0 - cycle_effect) * 100.0),
            inside: within(1.0 - cycle_effect, 0.10, 0.25),
            note: "17.5 % applied to every deal; closed deals only, and shorter cycles let more long deals close within the horizon",
        },
        Row {
            figure: "Average response, siloed",
            published: "42 hours (HBR 2011, companies answering within 30 days)",
            model: minutes(m(siloed, "response_mean_minutes")),
            inside: within(m(siloed, "response_mean_minutes") / 60.0, 36.0, 48.0),
            note: "calibrated: sync and manual routing delays were tuned to it",
        },
        Row {
            figure: "When MQLs are answered, typical team",
            published: "within 1 h 37 %, 1–24 h 16 %, later 24 %, never 23 % (HBR 2011, share of companies)",
            model: format!(
                "within 1 h {}, 1–24 h {}, later {}, never {}",
                pct(groups[0]),
                pct(groups[1]),
                pct(groups[2]),
                pct(groups[3])
            ),
            inside: None,
            note: "shares of one team's leads, not of companies: for orientation",
        },
    ];
    let mut v = String::new();
    v.push_str("| figure | published | model | verdict | note |\n|---|---|---|---|---|\n");
    for r in &table {
        let verdict = match r.inside {
            Some(true) => "inside",
            Some(false) => "**outside**",
            None => "–",
        };
        v.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            r.figure, r.published, r.model, verdict, r.note
        ));
    }
    println!("{v}");
    check_doc_block("validation", &v);

    // What must hold whatever the calibration: the presets inside the ranges the issue named.
    for r in &table {
        let soft = [
            "SAL → SQL",
            "Win rate, aligned vs siloed",
            "Sales cycle, aligned vs siloed",
        ];
        if !soft.contains(&r.figure) {
            assert_ne!(r.inside, Some(false), "{}: {}", r.figure, r.model);
        }
    }
}
