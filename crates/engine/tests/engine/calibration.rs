//! Calibration: the published response-time effects, measured through the simulation the way
//! the studies measured them. `cargo test -p funnel-engine calibration -- --nocapture` prints
//! the tables docs/model.md shows.

use funnel_engine::calendar::{Weekday, WorkingHours};
use funnel_engine::leads::MINUTES_PER_DAY;
use funnel_engine::process::{Balance, Rep, Strength};
use funnel_engine::scenario::LeadsSource;
use funnel_engine::{prepare, presets, simulate, Sample, Scenario};

use crate::common;

/// The first touch of every lead: Monday 09:00 of the second week. The reps work only Mondays
/// 09:00–09:30, so a lead arriving `r` minutes earlier (for any `r` below a week less half an
/// hour) is answered after exactly `r` minutes: the controlled comparison of the 2007 study.
const TOUCH_AT: f64 = 7.0 * MINUTES_PER_DAY + 9.0 * 60.0;
pub const LONGEST_RESPONSE: f64 = 7.0 * MINUTES_PER_DAY - 30.0;

/// The default market and speed to lead, with every lead an MQL answered after `responses`
/// by a team that is never busy, and nothing recycled.
pub fn controlled(responses: &[f64], strength: Strength) -> (Scenario, Sample) {
    let mut s = common::analytic_scenario(0.5, 0.5, 0.5, 0.5);
    let default = presets::preset("default").unwrap();
    s.market.stages = default.market.stages.clone();
    s.process.speed_to_lead = default.process.speed_to_lead.clone();
    s.process.speed_to_lead.strength = strength;
    s.process.routing.balance = Balance::FirstAvailable;
    s.process.reps = (0..50)
        .map(|i| Rep {
            name: format!("rep {i}"),
            territories: vec![],
            touches_per_day: 1e4,
        })
        .collect();
    s.process.hours = WorkingHours {
        days: vec![Weekday::Mon],
        start_hour: 9.0,
        end_hour: 9.5,
    };
    s.process.queue.patience_hours = 8760.0;
    s.process.recycling.share = 0.0;
    s.leads = LeadsSource::Imported {
        arrival_column: None,
    };
    let arrivals: Vec<f64> = responses.iter().map(|r| TOUCH_AT - r).collect();
    (s, Sample::imported(common::leads_at(&arrivals, &["x"])))
}

/// Pooled over trials: the share of MQLs that became SQLs, and the share of accepted leads the
/// rep reached.
pub fn measure(responses: &[f64], strength: Strength, trials: u32) -> (f64, f64) {
    let (s, sample) = controlled(responses, strength);
    let p = prepare(&s, &sample).unwrap();
    let r = simulate(&p, 2007, trials);
    let m = &r.metrics;
    let sql = m.sqls.mean / m.mqls.mean;
    let contact = 1.0 - m.never_contacted.mean / m.sals.mean;
    // Every lead is answered at its stated time: nothing waits, nothing goes cold.
    assert_eq!(m.went_cold.max, 0.0);
    assert!(
        (m.response_minutes.p50 - median(responses)).abs() < 0.5,
        "{} vs {}",
        m.response_minutes.p50,
        median(responses)
    );
    (sql, contact)
}

fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    v[(v.len() - 1) / 2]
}

fn odds(p: f64) -> f64 {
    p / (1.0 - p)
}

/// `n` response times spread evenly over `(lo, hi]`.
fn spread(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    (1..=n)
        .map(|i| lo + (hi - lo) * i as f64 / n as f64)
        .collect()
}

#[test]
fn speed_to_lead_reproduces_the_studies() {
    let n = 2000;
    let trials = 150;
    let at = |r: f64| measure(&vec![r; n], Strength::Published, trials);
    let (q5, c5) = at(5.0);
    let (q30, c30) = at(30.0);
    let (q_day, _) = at(1440.0);
    let (q_week, _) = at(LONGEST_RESPONSE);
    let (q_h1, _) = measure(&spread(0.0, 60.0, n), Strength::Published, trials);
    let (q_h2, _) = measure(&spread(60.0, 120.0, n), Strength::Published, trials);
    let (q_late, _) = measure(
        &spread(1440.0, LONGEST_RESPONSE, n),
        Strength::Published,
        trials,
    );

    let contact_or = odds(c5) / odds(c30);
    let qualify_or = odds(q5) / odds(q30);
    let hour = q_h1 / q_h2;
    let late = q_h1 / q_late;
    let mut t = String::new();
    t.push_str("| comparison | published | measured through the engine |\n|---|---|---|\n");
    t.push_str(&format!("| contact odds, 5 vs 30 min | about 100× (2007) | {contact_or:.0}× (reached {:.1} % vs {:.1} %) |\n", c5 * 100.0, c30 * 100.0));
    t.push_str(&format!("| qualification odds, 5 vs 30 min | about 21× (2007) | {qualify_or:.1}× (SQL {:.1} % vs {:.2} %) |\n", q5 * 100.0, q30 * 100.0));
    t.push_str(&format!("| qualified, first hour vs second hour | nearly 7× (HBR 2011) | {hour:.1}× ({:.2} % vs {:.2} %) |\n", q_h1 * 100.0, q_h2 * 100.0));
    t.push_str(&format!("| qualified, first hour vs 24 h or later | more than 60× (HBR 2011) | {late:.0}× ({:.2} % vs {:.3} %) |\n", q_h1 * 100.0, q_late * 100.0));
    t.push_str(&format!("| qualified, 1 day vs about a week | keeps falling (no published figure) | {:.1}× ({:.3} % vs {:.3} %) |\n", q_day / q_week, q_day * 100.0, q_week * 100.0));
    println!("{t}");
    check_doc_block("calibration", &t);
    assert!(
        (60.0..=160.0).contains(&contact_or),
        "contact odds ratio {contact_or}"
    );
    assert!(
        (15.0..=30.0).contains(&qualify_or),
        "qualification odds ratio {qualify_or}"
    );
    assert!((5.0..=9.5).contains(&hour), "first vs second hour {hour}");
    assert!(late >= 30.0, "first hour vs a day or more {late}");
    assert!(q_week < q_day, "a week {q_week} vs a day {q_day}");
}

/// The strength control: half the effect on the log-odds scale is about the square root of the
/// ratio; none removes it.
#[test]
fn strength_scales_the_effect() {
    let n = 2000;
    let ratio = |strength| {
        let (q5, _) = measure(&vec![5.0; n], strength, 100);
        let (q30, _) = measure(&vec![30.0; n], strength, 100);
        q5 / q30
    };
    let full = ratio(Strength::Published);
    let half = ratio(Strength::Half);
    let none = ratio(Strength::None);
    println!("5 vs 30 min, SQL ratio: published {full:.1}, half {half:.1}, none {none:.2}");
    assert!(half > 1.5 && half < full / 2.0, "half {half}, full {full}");
    assert!((none - 1.0).abs() < 0.05, "none {none}");
}

/// Compares `text` with the block between `<!-- NAME:begin -->` and `<!-- NAME:end -->` in
/// docs/model.md; with `UPDATE_DOCS` set, writes it there instead.
pub fn check_doc_block(name: &str, text: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/model.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (begin, end) = (
        format!("<!-- {name}:begin -->\n"),
        format!("<!-- {name}:end -->"),
    );
    let start = doc
        .find(&begin)
        .unwrap_or_else(|| panic!("docs/model.md has no {begin:?}"))
        + begin.len();
    let stop = start
        + doc[start..]
            .find(&end)
            .unwrap_or_else(|| panic!("docs/model.md has no {end:?}"));
    if std::env::var_os("UPDATE_DOCS").is_some() {
        let updated = format!("{}{text}{}", &doc[..start], &doc[stop..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        &doc[start..stop],
        text,
        "docs/model.md's {name} table is out of date: run UPDATE_DOCS=1 cargo test -p funnel-engine --test engine {name}"
    );
}
