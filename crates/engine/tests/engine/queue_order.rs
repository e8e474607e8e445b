//! Queue order: which waiting lead an overloaded rep takes next decides who is answered, how
//! fast, and how many go cold. Checked on constructed queues whose answer can be worked out by
//! hand.

use funnel_engine::market::{Multiplier, Stage};
use funnel_engine::process::QueueOrder;
use funnel_engine::scoring::{Condition, Literal, Rule, ScoreKind};
use funnel_engine::{prepare, Sample, Scenario};

use crate::common;
use crate::Run;

const DAY: f64 = 1440.0;

/// One rep who works round the clock and makes one first touch an hour, a patience of 24 hours,
/// nothing recycled (so the queue draws nothing at random and every trial is the same queue).
fn one_rep_an_hour(order: QueueOrder) -> Scenario {
    let mut s = common::analytic_scenario(0.5, 0.5, 0.5, 0.5);
    s.process.reps[0].touches_per_day = 24.0;
    s.process.queue.patience_hours = 24.0;
    s.process.queue.order = order;
    s.process.recycling.share = 0.0;
    s
}

/// Five bursts: a lead every 20 minutes for a day, then two days without leads.
fn bursts() -> Vec<f64> {
    (0..5)
        .flat_map(|b| (0..72).map(move |i| b as f64 * 3.0 * DAY + i as f64 * 20.0))
        .collect()
}

/// Oldest first against newest first, worked out by hand for one burst of 72 leads (lead `i`
/// at 20·i minutes, touches on the hour, a lead expires once it has waited more than 24 h):
///
/// - oldest first touches lead k at hour k while its wait 40·k min is within the patience
///   (k ≤ 36), then lead 3(k − 24) at hour k ≤ 47, each after exactly 24 h: 48 touched, 24
///   cold, and over five bursts the median wait is the 120th of the sorted waits, 40 · 23 = 920
///   minutes;
/// - newest first touches the lead that has just arrived at each hour of the burst (24, at
///   once), then works back through the 48 left, newest first, and reaches only 16 of them
///   before the rest expire: 40 touched, 32 cold, median wait 0.
///
/// Why newest first must lose more leads: with one patience for all, the oldest waiting lead is
/// the one closest to going cold, so oldest first always saves the lead that would be lost
/// first (earliest deadline first, which loses the fewest leads of any order that never idles:
/// Panwar, Towsley and Wolf, JACM 1988) and keeps the freshest leads, who can wait, for the
/// lull after the burst. Newest first spends the burst on leads that could have waited and
/// leaves for the lull the leads about to expire, so the rep runs out of work while leads are
/// still arriving at their deadlines.
#[test]
fn newest_first_answers_faster_but_loses_more_leads() {
    let arrivals = bursts();
    let sample = Sample::imported(common::leads_at(&arrivals, &["x"]));
    // (order, touched, went cold, median minutes to the first touch)
    let cases = [
        (QueueOrder::OldestFirst, 240, 120.0, 920.0),
        (QueueOrder::NewestFirst, 200, 160.0, 0.0),
    ];
    for (order, touched, cold, median) in cases {
        let run = Run::over(&one_rep_an_hour(order), &sample, 3, 3);
        for t in &run.trials {
            let m = &t.metrics;
            assert_eq!(t.rep_touches, [touched], "{order:?}");
            assert_eq!(m.went_cold, cold, "{order:?}");
            assert_eq!(m.response_minutes, median, "{order:?}");
            assert_eq!(m.backlog, 0.0, "{order:?}");
        }
    }
}

/// Highest score first against oldest first, for an overloaded rep whose leads differ in score:
/// a quarter of them "hot" (60 points), the rest 10. 720 leads arrive every 20 minutes for ten
/// days and the rep touches one an hour: 240 touches while leads arrive, and 24 more in the
/// day after, before the last leads go cold. Oldest first works leads in arrival order, a
/// sample of the queue that is a quarter hot. Highest score first takes a hot lead whenever one
/// waits, and one always does when the rep is free but once in four hours (three hot leads
/// arrive in four hours), so it touches all 180 hot leads: 180 of its 264 touches.
///
/// The queue keeps no list of who was touched, so the market says it: a hot lead is accepted
/// with odds 10⁴ (99.99 %), any other with odds 10⁻⁴, and accepted leads (SALs) are the hot
/// leads touched, but for about one lead in ten thousand.
#[test]
fn highest_score_first_touches_better_leads() {
    let is = |v: &str| Condition::Equals {
        value: Literal::Text(v.into()),
    };
    let arrivals: Vec<f64> = (0..720).map(|i| i as f64 * 20.0).collect();
    let sample = Sample::imported(common::leads_at(
        &arrivals,
        &["hot", "cold", "cold", "cold"],
    ));
    let mean_touched_score = |order: QueueOrder| {
        let mut s = one_rep_an_hour(order);
        s.scoring.rules.push(Rule {
            name: "hot".into(),
            kind: ScoreKind::Fit,
            field: "region".into(),
            when: is("hot"),
            points: 50.0,
            group: None,
        });
        s.market.multipliers = vec![
            Multiplier {
                field: "region".into(),
                when: is("hot"),
                stage: Stage::Accept,
                odds: 1e4,
                odds_sd: 0.0,
            },
            Multiplier {
                field: "region".into(),
                when: is("cold"),
                stage: Stage::Accept,
                odds: 1e-4,
                odds_sd: 0.0,
            },
        ];
        let p = prepare(&s, &sample).unwrap();
        let (hot, cold) = (p.scores[0].total, p.scores[1].total);
        assert_eq!((hot, cold), (60.0, 10.0));
        let run = Run::over(&s, &sample, 3, 10);
        let touched: f64 = run.trials.iter().map(|t| t.rep_touches[0] as f64).sum();
        let hot_touched: f64 = run.trials.iter().map(|t| t.metrics.sals).sum();
        let share = hot_touched / touched;
        (hot * share + cold * (1.0 - share), share)
    };
    let (oldest, oldest_hot) = mean_touched_score(QueueOrder::OldestFirst);
    let (highest, highest_hot) = mean_touched_score(QueueOrder::HighestScore);
    assert!(
        (oldest_hot - 0.25).abs() < 0.05,
        "oldest first: {oldest_hot} of touched leads hot"
    );
    assert!(
        (highest_hot - 180.0 / 264.0).abs() < 0.01,
        "highest score first: {highest_hot} of touched leads hot"
    );
    assert!(
        highest > oldest + 15.0,
        "mean score of touched leads: highest score first {highest}, oldest first {oldest}"
    );
}
