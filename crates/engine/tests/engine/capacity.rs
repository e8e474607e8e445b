//! Overload costs: the same leads and the same seed, with ever fewer first touches a day. What a
//! team cannot answer in time it loses; what happens after the horizon does not count; and the
//! ladders of the MQL threshold and of the response SLA go the way the queue says they must.

use funnel_engine::process::{Rep, ResponseBreach, Strength};
use funnel_engine::scoring::Qualify;
use funnel_engine::{Sample, Scenario};

use crate::common;
use crate::{check_ladder, Depth, Run, Trend};

use Depth::{EveryTrial, Mean};
use Trend::{NeverFalls, NeverRises};

const SEED: u64 = 7;
const TRIALS: u32 = 20;

/// First touches a day for every rep, from a team that is never busy to one that is never free.
const CAPACITY: [f64; 7] = [1000.0, 30.0, 8.0, 3.0, 1.0, 0.1, 0.01];

fn with_capacity(base: &Scenario, touches_per_day: f64) -> Scenario {
    let mut s = base.clone();
    for r in &mut s.process.reps {
        r.touches_per_day = touches_per_day;
    }
    s
}

fn capacity_ladder(base: &Scenario) -> Vec<(f64, Run)> {
    CAPACITY
        .iter()
        .map(|&c| (c, Run::generated(&with_capacity(base, c), SEED, TRIALS)))
        .collect()
}

/// The pinned sample with the default process, and a 100-day horizon: the lead window is 91
/// days and the patience 14, so leads still waiting at the end count as backlog rather than
/// going cold first.
fn overload_base() -> Scenario {
    let mut s = common::pinned_scenario();
    s.horizon.close_days = 100.0;
    s
}

#[test]
fn less_capacity_never_brings_more() {
    let rungs = capacity_ladder(&overload_base());
    // On the mean only: leads that go cold free their rep for the next one, and recycled leads
    // come back at times that follow the first touches, so one lead may be answered sooner with
    // less capacity and a single trial may gain. Pipeline velocity divides by the average cycle
    // of the opportunities, so it can rise within a trial that loses a long deal; the report
    // leaves out trials without a closed deal, as its mean does here.
    check_ladder(
        "touches per day",
        &rungs,
        &[
            ("sqls", NeverRises, Mean),
            ("opportunities", NeverRises, Mean),
            ("pipeline", NeverRises, Mean),
            ("revenue", NeverRises, Mean),
            ("pipeline_velocity", NeverRises, Mean),
            ("never_contacted", NeverFalls, Mean),
            ("went_cold", NeverFalls, Mean),
            ("backlog", NeverFalls, Mean),
        ],
    );
    let (top, bottom) = (&rungs[0].1, &rungs[rungs.len() - 1].1);
    assert!(
        bottom.mean("sqls") < 0.1 * top.mean("sqls"),
        "a team of 0.01 touches a day keeps {} of {} SQLs",
        bottom.mean("sqls"),
        top.mean("sqls")
    );
}

/// Where the model guarantees it, trial by trial: each rep works its own queue oldest first
/// (round robin), no lead goes cold (patience beyond the horizon) and nothing is recycled. A
/// lead's first touch is then the later of its ready time and the end of the touch before it
/// (Lindley's recursion), which fewer touches a day can only delay. With common random numbers
/// each lead keeps its draws, and its chances to be reached and qualified only fall with the
/// wait, and its deal closes within the horizon only if it did with the earlier touch.
#[test]
fn with_first_come_first_served_queues_every_trial_loses() {
    let mut base = common::pinned_scenario();
    base.process.queue.patience_hours = 8760.0;
    base.process.recycling.share = 0.0;
    let rungs = capacity_ladder(&base);
    check_ladder(
        "touches per day",
        &rungs,
        &[
            ("sqls", NeverRises, EveryTrial),
            ("opportunities", NeverRises, EveryTrial),
            ("pipeline", NeverRises, EveryTrial),
            ("won", NeverRises, EveryTrial),
            ("revenue", NeverRises, EveryTrial),
            ("never_contacted", NeverFalls, EveryTrial),
            ("backlog", NeverFalls, EveryTrial),
        ],
    );
}

#[test]
fn utilization_is_a_share_of_working_time() {
    let rungs = capacity_ladder(&overload_base());
    for (c, run) in &rungs {
        for (t, trial) in run.trials.iter().enumerate() {
            for (r, u) in trial.rep_utilization.iter().enumerate() {
                assert!(
                    (0.0..=1.0).contains(u),
                    "{c} touches a day, trial {t}, rep {r}: utilization {u}"
                );
            }
        }
        for rep in &run.report.reps {
            let u = &rep.utilization;
            assert!(u.min >= 0.0 && u.max <= 1.0, "{c}, {}: {u:?}", rep.name);
        }
    }
    // The bounds are reached, not only respected: an idle team is at about 0, a flooded one
    // works all of its time but the wait for its first lead.
    let busiest = |run: &Run| {
        run.report
            .reps
            .iter()
            .map(|r| r.utilization.mean)
            .fold(0.0, f64::max)
    };
    assert!(busiest(&rungs[0].1) < 0.01, "{}", busiest(&rungs[0].1));
    let flooded = &rungs[rungs.len() - 1].1;
    assert!(busiest(flooded) > 0.95, "{}", busiest(flooded));
}

/// Nothing that happens after the horizon counts: an opportunity opens at the first touch, and
/// no rep touches a lead after the horizon ends.
#[test]
fn nothing_after_the_horizon_counts() {
    // Every stage certain: any lead worked in time would be an SQL and an opportunity.
    let mut s = common::analytic_scenario(1.0, 1.0, 1.0, 1.0);
    s.horizon.close_days = 10.0;
    let day = 1440.0;
    let early: Vec<f64> = (0..40).map(|i| i as f64 * 0.2 * day).collect();
    let late: Vec<f64> = (0..50).map(|i| (11.0 + i as f64 * 0.1) * day).collect();

    let only_late = Run::over(&s, &Sample::imported(common::leads_at(&late, &["x"])), 5, 4);
    for t in &only_late.trials {
        let m = &t.metrics;
        assert_eq!(
            (m.sqls, m.opportunities, m.pipeline, m.revenue, m.backlog),
            (0.0, 0.0, 0.0, 0.0, 50.0),
            "{m:?}"
        );
        assert_eq!(t.rep_touches, [0]);
    }
    assert_eq!(
        only_late.report.warnings,
        [
            "imported leads and no market multipliers: every MQL has the same chances at each \
             stage, so the score changes only how many leads are worked, not how good they are \
             (market.multipliers say which leads buy more)",
            "the leads have no 'company_size' field: every lead counts as all for deal size and \
             cycle",
            "50 of 50 leads arrive after the horizon ends (day 10): they are in the sample but \
             cannot be worked; lengthen horizon.close_days to include them",
            "the reps' queue is still growing when the horizon ends: on average 50 MQLs \
             (100.0 %) are still waiting for a first touch; add reps or first touches per day, \
             raise the threshold, or lengthen the horizon",
        ]
    );

    // The late leads come after the early ones, so the early leads keep their random numbers:
    // adding the late leads changes nothing but the backlog, trial by trial.
    let mut both = early.clone();
    both.extend(&late);
    let a = Run::over(
        &s,
        &Sample::imported(common::leads_at(&early, &["x"])),
        5,
        4,
    );
    let b = Run::over(&s, &Sample::imported(common::leads_at(&both, &["x"])), 5, 4);
    for (x, y) in a.trials.iter().zip(&b.trials) {
        let (x, y) = (&x.metrics, &y.metrics);
        assert!(x.pipeline > 0.0, "the early leads open opportunities");
        for (name, u, v) in [
            ("sqls", x.sqls, y.sqls),
            ("opportunities", x.opportunities, y.opportunities),
            ("pipeline", x.pipeline, y.pipeline),
            (
                "open_opportunities",
                x.open_opportunities,
                y.open_opportunities,
            ),
            ("revenue", x.revenue, y.revenue),
        ] {
            assert_eq!(u, v, "{name}");
        }
        assert_eq!(y.backlog, x.backlog + 50.0);
    }
}

/// The MQL threshold with a flooded team: while the reps cannot keep up (the report says MQLs
/// go cold), they make as many first touches as their capacity allows whatever the threshold,
/// and a higher threshold only takes the weakest MQLs out of the pool those touches draw from,
/// and shortens the wait: SQLs do not fall. Once the team keeps up, a higher threshold drops
/// leads that would have been worked and SQLs do fall, so the ladder as a whole is not monotone;
/// the test checks that too, so that the flooded steps are the ones that carry the property.
///
/// Two rows: without the speed-to-lead effect, what moves SQLs is the selection alone; with the
/// published effect, a flooded oldest-first queue answers after about the patience, SQLs are
/// few, and the rise comes mostly from the queue draining.
#[test]
fn with_a_flooded_team_a_higher_threshold_does_not_lower_sqls() {
    let rows = [
        (
            Strength::None,
            0.5,
            &[0.0, 20.0, 40.0, 55.0, 60.0, 70.0, 100.0][..],
        ),
        (
            Strength::Published,
            1.0,
            &[0.0, 30.0, 40.0, 50.0, 55.0, 70.0, 100.0][..],
        ),
    ];
    for (strength, touches, thresholds) in rows {
        let mut base = with_capacity(&common::pinned_scenario(), touches);
        base.process.speed_to_lead.strength = strength;
        let rungs: Vec<(f64, Run)> = thresholds
            .iter()
            .map(|&th| {
                let mut s = base.clone();
                s.scoring.qualify = Qualify::Score { threshold: th };
                (th, Run::generated(&s, SEED, 30))
            })
            .collect();
        let flooded = |r: &Run| {
            r.report
                .warnings
                .iter()
                .any(|w| w.contains("cannot keep up"))
        };
        let mut flooded_steps = 0;
        for w in rungs.windows(2) {
            let ((lo, a), (hi, b)) = (&w[0], &w[1]);
            if !flooded(b) {
                continue;
            }
            flooded_steps += 1;
            assert!(
                b.mean("sqls") >= a.mean("sqls"),
                "{strength:?}, {touches} touches a day: threshold {lo} → {hi} lowers SQLs {} → {} \
                 with the team flooded",
                a.mean("sqls"),
                b.mean("sqls")
            );
        }
        assert!(
            flooded_steps >= 3,
            "{strength:?}: {flooded_steps} flooded steps"
        );
        let best = rungs
            .iter()
            .map(|(_, r)| r.mean("sqls"))
            .fold(0.0, f64::max);
        let (top, last) = &rungs[rungs.len() - 1];
        assert!(!flooded(last), "{strength:?}: still flooded at {top}");
        assert!(
            last.mean("sqls") < 0.8 * best,
            "{strength:?}: SQLs at threshold {top} {} vs the best {best}",
            last.mean("sqls")
        );
    }
}

/// The response SLA with reassignment: one rep of a round-robin pool makes one first touch a
/// day, its three peers are never busy. A breach hands the waiting lead to an idle peer, who
/// answers at once, so a shorter SLA brings every breached lead's first touch forward: more
/// leads reassigned, a shorter median response, more SQLs. On the mean: recycled leads come
/// back at times that follow the first touches, so single trials may differ.
#[test]
fn a_shorter_enforced_sla_with_idle_peers_never_costs_sqls() {
    let rungs: Vec<(f64, Run)> = [5.0, 30.0, 480.0, 1440.0, 10080.0]
        .iter()
        .map(|&sla| {
            let mut s = one_slow_rep_and_idle_peers();
            s.process.on_response_breach = ResponseBreach::Reassign;
            s.process.response_sla_minutes = sla;
            (sla, Run::generated(&s, SEED, TRIALS))
        })
        .collect();
    check_ladder(
        "response SLA minutes",
        &rungs,
        &[
            ("sqls", NeverRises, Mean),
            ("reassigned", NeverRises, Mean),
            ("response_minutes", NeverFalls, Mean),
        ],
    );
}

/// The pinned sample, one pool of four reps in round robin: the first makes one first touch a
/// day, the others a thousand.
pub fn one_slow_rep_and_idle_peers() -> Scenario {
    let mut s = common::pinned_scenario();
    s.process.routing.territory_field = None;
    s.process.reps = (0..4)
        .map(|i| Rep {
            name: format!("rep {i}"),
            territories: vec![],
            touches_per_day: if i == 0 { 1.0 } else { 1000.0 },
        })
        .collect();
    s
}
