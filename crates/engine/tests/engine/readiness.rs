//! The readiness checklist as the simulation sees it: each check stands for inputs that cost
//! SQLs or revenue when the check fails, and the share of checks passed scales the alignment
//! effects (win rate, cycle length), which act on nothing else.

use funnel_engine::market::Spread;
use funnel_engine::readiness::{answer, Check, Checklist, CHECKS};
use funnel_engine::scenario::LeadsSource;
use funnel_engine::{presets, Sample, Scenario};

use crate::common;
use crate::Run;

const SEED: u64 = 5;
const TRIALS: u32 = 30;

/// The aligned preset (every check passed) over a smaller sample.
fn aligned() -> Scenario {
    let mut s = presets::preset("aligned").unwrap();
    if let LeadsSource::Generated(g) = &mut s.leads {
        g.leads_per_month = 700.0;
    }
    s
}

/// Failing any one check of the aligned team costs revenue: each failure takes a fifth off the
/// alignment level, and most also slow or thin the funnel. The checks that stand for the funnel
/// itself (definitions, sync, routing) cost SQLs as well, by at least a third.
#[test]
fn failing_a_check_costs_revenue() {
    let base = Run::generated(&aligned(), SEED, TRIALS);
    // (check, whether failing it must cost at least a third of the SQLs)
    let cases = [
        (Check::AgreedDefinitions, true),
        (Check::DataIntegration, true),
        (Check::AutomatedRouting, true),
        (Check::FollowUpSla, false),
        (Check::FullFunnelReporting, false),
    ];
    assert_eq!(cases.map(|c| c.0), CHECKS, "every check, in order");
    for (check, costs_sqls) in cases {
        let mut s = aligned();
        answer(&mut s, check, false);
        let passed = Checklist::of(&s).passed;
        for (c, p) in CHECKS.iter().zip(passed) {
            assert_eq!(p, *c != check, "failing {check:?} leaves {c:?} as it was");
        }
        let failed = Run::generated(&s, SEED, TRIALS);
        let (a, b) = (base.mean("revenue"), failed.mean("revenue"));
        assert!(b < a, "{check:?} failed: revenue {b} vs {a}");
        if costs_sqls {
            let (a, b) = (base.mean("sqls"), failed.mean("sqls"));
            assert!(b < a * 2.0 / 3.0, "{check:?} failed: SQLs {b} vs {a}");
        }
    }
}

/// The alignment effects on the aligned preset (level 1), on against off. They act on the win
/// rate and the cycle only, so everything before the win is the same, trial by trial; with the
/// same draws, a deal won without them is won with them (the uplift is never negative) and
/// closes no later, so deals won and revenue never fall in any trial.
///
/// The win rate rises by less than the stated 0.38: the uplift multiplies the base win rate
/// (the rate of a lead with neutral odds, 0.11), and each lead's chance is its odds times that
/// base. For a lead that wins with probability p the same rise in the base moves the odds by
/// 1.38 · 0.89 / 0.85 = 1.45 and the chance by 1.45 / (1 + 0.45 p): 1.38 at p = 0.11, 1.30 at
/// 0.25 (about the aligned MQLs' win rate), 1.23 at 0.40. Hence the band 0.25–0.40; the draw
/// of the uplift per trial (sd 0.12) moves the mean of 30 trials by about ±0.02.
///
/// Every cycle is 17.5 % shorter; the median of the deals closed is shortened by less, since
/// deals that close within the horizon only because they got shorter join the closed ones.
#[test]
fn alignment_effects_raise_the_win_rate_and_shorten_cycles() {
    let on = Run::generated(&aligned(), SEED, TRIALS);
    let mut s = aligned();
    s.market.alignment.enabled = false;
    let off = Run::generated(&s, SEED, TRIALS);
    assert_eq!(Checklist::of(&s).level(), 1.0);
    for metric in [
        "mqls",
        "sals",
        "sqls",
        "opportunities",
        "pipeline",
        "reassigned",
        "response_minutes",
    ] {
        assert_eq!(on.each(metric), off.each(metric), "{metric}");
    }
    for metric in ["won", "revenue"] {
        for (t, (a, b)) in off.each(metric).iter().zip(on.each(metric)).enumerate() {
            assert!(b >= *a, "{metric}, trial {t}: {a} → {b}");
        }
    }
    let pooled = |r: &Run| {
        let won: f64 = r.each("won").iter().sum();
        let lost: f64 = r.each("lost").iter().sum();
        won / (won + lost)
    };
    let uplift = pooled(&on) / pooled(&off) - 1.0;
    assert!(
        (0.25..=0.40).contains(&uplift),
        "win rate {} → {}: uplift {uplift}",
        pooled(&off),
        pooled(&on)
    );
    let shorter = 1.0 - on.mean("cycle_days") / off.mean("cycle_days");
    assert!(
        (0.05..=0.175).contains(&shorter),
        "median cycle of closed deals {} → {} days: {shorter} shorter",
        off.mean("cycle_days"),
        on.mean("cycle_days")
    );
}

/// The level scales the effects exactly. Over leads with neutral odds, a fixed win rate and
/// every deal closed within the horizon, with the effects' spreads set to 0: each cycle is
/// multiplied by 1 − level · 0.175, so the median cycle of the same closed deals is too, trial
/// by trial; the win rate is 0.25 · (1 + level · 0.38) up to binomial noise. At level 0 the
/// effects vanish: the run is the run with them switched off, bit for bit.
#[test]
fn the_checklist_level_scales_the_alignment_effects() {
    let arrivals: Vec<f64> = (0..400).map(|i| i as f64 * 97.0).collect();
    let sample = Sample::imported(common::leads_at(&arrivals, &["x"]));
    let w = 0.25;
    // (checks failed or passed from the analytic scenario's three of five, level)
    let cases: [(&[(Check, bool)], f64); 4] = [
        (&[], 0.6),
        (&[(Check::FullFunnelReporting, true)], 0.8),
        (
            &[
                (Check::FullFunnelReporting, true),
                (Check::FollowUpSla, true),
            ],
            1.0,
        ),
        (
            &[
                (Check::AgreedDefinitions, false),
                (Check::DataIntegration, false),
                (Check::AutomatedRouting, false),
            ],
            0.0,
        ),
    ];
    for (answers, level) in cases {
        let mut s = common::analytic_scenario(1.0, 1.0, 1.0, w);
        for &(check, pass) in answers {
            answer(&mut s, check, pass);
        }
        assert_eq!(Checklist::of(&s).level(), level);
        s.market.alignment.enabled = true;
        s.market.alignment.win_rate_uplift = Spread {
            mean: 0.38,
            sd: 0.0,
        };
        s.market.alignment.cycle_reduction = Spread {
            mean: 0.175,
            sd: 0.0,
        };
        let on = Run::over(&s, &sample, SEED, TRIALS);
        s.market.alignment.enabled = false;
        let off = Run::over(&s, &sample, SEED, TRIALS);
        if level == 0.0 {
            assert_eq!(on.report.digest, off.report.digest, "level 0");
            continue;
        }
        let factor = 1.0 - level * 0.175;
        for (a, b) in off.each("cycle_days").iter().zip(on.each("cycle_days")) {
            assert!(
                (b - a * factor).abs() < 1e-9 * a,
                "level {level}: {a} → {b}"
            );
        }
        let won: f64 = on.each("won").iter().sum();
        let closed = won + on.each("lost").iter().sum::<f64>();
        let rate = won / closed;
        let want = w * (1.0 + level * 0.38);
        let se = (want * (1.0 - want) / closed).sqrt();
        assert!(
            (rate - want).abs() < 4.0 * se,
            "level {level}: win rate {rate}, expected {want} (se {se})"
        );
    }
}

/// The switch: a team that passes no check (the siloed preset) gets nothing from the alignment
/// effects, switched on or off, bit for bit. The siloed team answers so late that almost no
/// lead qualifies, which would make the comparison empty: without the speed-to-lead effect it
/// wins deals for the effects to act on.
#[test]
fn at_level_zero_the_switch_changes_nothing() {
    let mut s = presets::preset("siloed").unwrap();
    if let LeadsSource::Generated(g) = &mut s.leads {
        g.leads_per_month = 700.0;
    }
    s.process.speed_to_lead.strength = funnel_engine::process::Strength::None;
    assert_eq!(Checklist::of(&s).level(), 0.0);
    assert!(s.market.alignment.enabled);
    let on = Run::generated(&s, SEED, 10);
    assert!(on.mean("won") >= 5.0, "{} deals won", on.mean("won"));
    s.market.alignment.enabled = false;
    let off = Run::generated(&s, SEED, 10);
    assert_eq!(on.report.digest, off.report.digest);
}
