//! A lead's journey through one trial (`trace_lead`, `trace_trial`): what the trial did to
//! each MQL, told lead by lead, must add up to the trial's own metrics.

use funnel_engine::process::{Balance, DispositionBreach, ResponseBreach};
use funnel_engine::scenario::LeadsSource;
use funnel_engine::sim::{
    run_trials, trace_lead, trace_trial, DealResult, Journey, Pass, TrialOutcome, UntouchedReason,
};
use funnel_engine::{presets, Prepared, Scenario};

use crate::capacity::one_slow_rep_and_idle_peers;
use crate::common;
use crate::prepared;

const SEED: u64 = common::PINNED_SEED;

/// The pinned scenario with too few touches for its MQLs, the disposition SLA returning
/// untouched leads to marketing, and nurture short and likely to re-qualify: returns, and
/// second passes.
fn overloaded_with_returns() -> Scenario {
    let mut s = common::pinned_scenario();
    for r in &mut s.process.reps {
        r.touches_per_day = 1.5;
    }
    s.process.queue.patience_hours = 100.0;
    s.process.on_disposition_breach = DispositionBreach::ReturnToMarketing;
    s.process.disposition_sla_hours = 30.0;
    s.process.recycling.requalify_share = 0.6;
    s.process.recycling.nurture_days = 5.0;
    s
}

/// The pinned scenario with too few touches, leads going cold after 100 hours, and a horizon
/// that ends while leads still arrive (a backlog).
fn overloaded_going_cold() -> Scenario {
    let mut s = common::pinned_scenario();
    for r in &mut s.process.reps {
        r.touches_per_day = 1.5;
    }
    s.process.queue.patience_hours = 100.0;
    s.horizon.close_days = 45.0;
    s
}

/// The aligned preset (first available routing, a 5-minute SLA whose breaches are
/// reassigned) over the pinned scenario's smaller sample.
fn aligned_small() -> Scenario {
    let mut s = presets::preset("aligned").unwrap();
    if let LeadsSource::Generated(g) = &mut s.leads {
        g.leads_per_month = 700.0;
    }
    s
}

/// One slow rep among idle peers, round robin, a 30-minute SLA reassigned.
fn slow_rep_reassigned() -> Scenario {
    let mut s = one_slow_rep_and_idle_peers();
    s.process.response_sla_minutes = 30.0;
    s.process.on_response_breach = ResponseBreach::Reassign;
    s
}

fn passes(journeys: &[Journey]) -> impl Iterator<Item = &Pass> {
    journeys
        .iter()
        .flat_map(|j| std::iter::once(&j.first).chain(&j.requalified))
}

fn count(journeys: &[Journey], f: impl Fn(&Pass) -> bool) -> f64 {
    passes(journeys).filter(|p| f(p)).count() as f64
}

fn untouched(p: &Pass, reason: UntouchedReason) -> bool {
    p.untouched.as_ref().is_some_and(|u| u.reason == reason)
}

fn result(p: &Pass, r: DealResult) -> bool {
    p.opportunity.as_ref().is_some_and(|o| o.result == r)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Checks one trial's journeys against its outcome, metric by metric.
fn check_agreement(s: &Scenario, p: &Prepared, t: u32, o: &TrialOutcome, journeys: &[Journey]) {
    let m = &o.metrics;
    let at = format!("{}, trial {t}", s.name);
    assert_eq!(journeys.len(), p.mql_count(), "{at}");
    assert!(journeys
        .iter()
        .all(|j| j.trial == t && p.scores[j.lead].mql));
    let counts = [
        ("mqls", journeys.len() as f64, m.mqls),
        (
            "requalified",
            journeys.iter().filter(|j| j.requalified.is_some()).count() as f64,
            m.requalified,
        ),
        ("sals", count(journeys, |p| p.accepted), m.sals),
        ("sqls", count(journeys, |p| p.sql), m.sqls),
        (
            "opportunities",
            count(journeys, |p| p.opportunity.is_some()),
            m.opportunities,
        ),
        (
            "won",
            count(journeys, |p| result(p, DealResult::Won)),
            m.won,
        ),
        (
            "lost",
            count(journeys, |p| result(p, DealResult::Lost)),
            m.lost,
        ),
        (
            "open_opportunities",
            count(journeys, |p| result(p, DealResult::Open)),
            m.open_opportunities,
        ),
        ("recycled", count(journeys, |p| p.recycled), m.recycled),
        (
            "returned",
            count(journeys, |p| {
                untouched(p, UntouchedReason::ReturnedToMarketing)
            }),
            m.returned,
        ),
        (
            "went_cold",
            count(journeys, |p| untouched(p, UntouchedReason::WentCold)),
            m.went_cold,
        ),
        (
            "backlog",
            count(journeys, |p| untouched(p, UntouchedReason::Backlog)),
            m.backlog,
        ),
        (
            "never_contacted",
            count(journeys, |p| {
                !p.contacted && (p.touch.is_none() || p.accepted)
            }),
            m.never_contacted,
        ),
        (
            "reassigned",
            count(journeys, |p| p.touch.as_ref().is_some_and(|t| t.reassigned)),
            m.reassigned,
        ),
    ];
    for (metric, traced, measured) in counts {
        assert_eq!(traced, measured, "{metric}: {at}");
    }
    let sum = |f: &dyn Fn(&Pass) -> Option<f64>| passes(journeys).filter_map(f).sum::<f64>();
    let won_deals = sum(&|p| {
        p.opportunity
            .as_ref()
            .filter(|o| o.result == DealResult::Won)
            .map(|o| o.deal_size)
    });
    assert!(
        close(won_deals, m.revenue),
        "revenue {won_deals} vs {}: {at}",
        m.revenue
    );
    let pipeline = sum(&|p| p.opportunity.as_ref().map(|o| o.deal_size));
    assert!(close(pipeline, m.pipeline), "pipeline: {at}");

    // Response times: compliance, the mean, the median (nearest rank, as the trial takes it).
    let entered = passes(journeys).count() as f64;
    let mut waits: Vec<f64> = passes(journeys)
        .filter_map(|p| p.touch.as_ref().map(|t| t.wait_minutes))
        .collect();
    let in_sla = count(journeys, |p| {
        p.touch.as_ref().is_some_and(|t| t.within_response_sla)
    });
    assert!(close(in_sla / entered, m.sla_compliance), "SLA: {at}");
    let in_disposition = count(journeys, |p| {
        p.touch.as_ref().is_some_and(|t| t.within_disposition_sla)
    });
    assert!(close(in_disposition / entered, m.disposition_compliance));
    if !waits.is_empty() {
        let mean = waits.iter().sum::<f64>() / waits.len() as f64;
        assert!(close(mean, m.response_mean_minutes), "mean response: {at}");
        waits.sort_by(f64::total_cmp);
        let k = (waits.len() as f64 * 0.5).ceil() as usize - 1;
        assert_eq!(waits[k], m.response_minutes, "median response: {at}");
    }
    // Sales cycles of the deals that closed within the horizon: their median.
    let mut cycles: Vec<f64> = passes(journeys)
        .filter_map(|p| p.opportunity.as_ref())
        .filter(|o| o.result != DealResult::Open)
        .map(|o| o.cycle_days)
        .collect();
    if !cycles.is_empty() {
        cycles.sort_by(f64::total_cmp);
        let k = (cycles.len() as f64 * 0.5).ceil() as usize - 1;
        assert_eq!(cycles[k], m.cycle_days, "median cycle: {at}");
    }
    // Each rep's first touches.
    for (r, name) in p.rep_names.iter().enumerate() {
        let touches = count(journeys, |p| {
            p.touch.as_ref().is_some_and(|t| t.rep == *name)
        });
        assert_eq!(touches, o.rep_touches[r] as f64, "{name}'s touches: {at}");
    }

    // Each pass is consistent in itself.
    let close_by = s.horizon.close_days * 1440.0;
    for j in journeys {
        for p in std::iter::once(&j.first).chain(&j.requalified) {
            assert!(p.ready_minutes >= p.arrived_minutes, "{j:?}");
            assert_eq!(p.touch.is_some(), p.untouched.is_none(), "{j:?}");
            assert!(!p.sql || (p.contacted && p.accepted), "{j:?}");
            assert!(p.opportunity.is_none() || p.sql, "{j:?}");
            assert!(!p.accepted || !p.recycled, "{j:?}");
            if let Some(t) = &p.touch {
                assert!(t.at_minutes >= p.ready_minutes && t.at_minutes <= close_by);
                assert!(t.wait_working_minutes >= 0.0 && t.wait_working_minutes <= t.wait_minutes);
                assert!(t.reassigned || j.routed_to.contains(&t.rep), "{j:?}");
            }
            if let Some(o) = &p.opportunity {
                assert!(o.deal_size > 0.0 && o.cycle_days > 0.0);
                assert_eq!(o.result == DealResult::Open, o.closes_minutes > close_by);
            }
        }
        if let Some(again) = &j.requalified {
            assert!(
                j.first.recycled,
                "only a recycled lead qualifies again: {j:?}"
            );
            assert!(again.arrived_minutes > j.first.arrived_minutes);
        }
    }
}

/// For many trials of the pinned scenario and of variants that exercise every fate, the
/// journeys of the trial's MQLs add up to the trial's metrics exactly: counts equal, sums of
/// deal sizes equal the revenue and the pipeline. The trials run in one `run_trials` call
/// (scratch reused from trial to trial) and are traced one at a time, so the trace is also the
/// same whether or not other trials ran before it.
#[test]
fn journeys_add_up_to_the_trials_metrics() {
    let cases = [
        ("pinned", common::pinned_scenario(), 8),
        ("overloaded with returns", overloaded_with_returns(), 4),
        ("overloaded going cold", overloaded_going_cold(), 3),
        ("aligned", aligned_small(), 4),
        ("slow rep reassigned", slow_rep_reassigned(), 3),
    ];
    let mut seen = std::collections::BTreeMap::<&str, f64>::new();
    for (name, mut s, trials) in cases {
        s.name = name.into();
        let p = prepared(&s);
        let outcomes = run_trials(&p, SEED, 0..trials);
        for (t, o) in outcomes.iter().enumerate() {
            let journeys = trace_trial(&p, SEED, t as u32);
            check_agreement(&s, &p, t as u32, o, &journeys);
            let m = &o.metrics;
            for (k, v) in [
                ("requalified", m.requalified),
                ("won", m.won),
                ("lost", m.lost),
                ("open", m.open_opportunities),
                ("returned", m.returned),
                ("went_cold", m.went_cold),
                ("backlog", m.backlog),
                ("reassigned", m.reassigned),
            ] {
                *seen.entry(k).or_default() += v;
            }
        }
    }
    // Every fate was met somewhere, so that every count above was checked on something.
    for (k, v) in &seen {
        assert!(*v > 0.0, "no trial had any {k}: {seen:?}");
    }
}

/// `trace_lead` is the lead's journey of `trace_trial`, for MQLs; `None` for a lead that is
/// not an MQL and for an index past the sample. Tracing twice gives the same journey, and
/// running other trials in between changes nothing.
#[test]
fn trace_lead_is_deterministic_and_none_for_non_mqls() {
    let p = prepared(&common::pinned_scenario());
    let trial = 3;
    let all = trace_trial(&p, SEED, trial);
    let (mut mqls, mut others) = (0, 0);
    for lead in (0..p.leads).step_by(53) {
        let j = trace_lead(&p, SEED, trial, lead);
        if p.scores[lead].mql {
            let j = j.expect("an MQL has a journey");
            assert_eq!(j.lead, lead);
            assert_eq!(Some(&j), all.iter().find(|x| x.lead == lead));
            mqls += 1;
        } else {
            assert_eq!(j, None, "lead {lead} is not an MQL");
            others += 1;
        }
    }
    assert!(mqls > 5 && others > 5, "{mqls} MQLs, {others} others");
    assert_eq!(trace_lead(&p, SEED, trial, p.leads), None);

    let lead = all[all.len() / 2].lead;
    let once = trace_lead(&p, SEED, trial, lead);
    let _ = run_trials(&p, SEED, 0..10);
    assert_eq!(once, trace_lead(&p, SEED, trial, lead));
    // Another trial or seed is another journey (the same lead, other draws).
    let differs = |other: Option<Journey>| other.map(|j| j.first) != once.clone().map(|j| j.first);
    assert!(
        differs(trace_lead(&p, SEED + 1, trial, lead))
            || differs(trace_lead(&p, SEED, trial + 1, lead))
    );
}

/// The journey as plain data: JSON and back gives the same value.
#[test]
fn journeys_round_trip_through_json() {
    let p = prepared(&overloaded_with_returns());
    let journeys = trace_trial(&p, SEED, 0);
    let rich = journeys
        .iter()
        .find(|j| j.requalified.as_ref().is_some_and(|p| p.touch.is_some()))
        .expect("a re-qualified lead touched again");
    for j in [rich, &journeys[0]] {
        let text = serde_json::to_string(j).unwrap();
        let back: Journey = serde_json::from_str(&text).unwrap();
        assert_eq!(&back, j, "{text}");
    }
    let v = serde_json::to_value(rich).unwrap();
    for key in [
        "lead",
        "trial",
        "score",
        "routed_to",
        "first",
        "requalified",
    ] {
        assert!(v.get(key).is_some(), "{key} in {v}");
    }
}

/// With the SLA reassigning, the slow rep's waiting leads are touched by its peers once the SLA
/// has passed, and the journey says so: touched by another rep than the one routed to, after
/// the SLA. Measuring only, every lead is touched by the rep it was routed to.
#[test]
fn reassignment_shows_in_the_journey() {
    let s = slow_rep_reassigned();
    assert_eq!(s.process.routing.balance, Balance::RoundRobin);
    let p = prepared(&s);
    let journeys = trace_trial(&p, SEED, 0);
    let reassigned: Vec<&Journey> = journeys
        .iter()
        .filter(|j| j.first.touch.as_ref().is_some_and(|t| t.reassigned))
        .collect();
    assert!(reassigned.len() > 10, "{} reassigned", reassigned.len());
    for j in &reassigned {
        let t = j.first.touch.as_ref().unwrap();
        assert!(
            t.wait_minutes >= 30.0,
            "reassigned once the SLA passed: {j:?}"
        );
    }
    // The slow rep's leads go to its idle peers. (A lead that breached overnight is taken at
    // the next opening by the pool's rep free longest, which may be the rep it was routed to:
    // the engine counts it as reassigned all the same, and so does the journey.)
    let to_peers = reassigned
        .iter()
        .filter(|j| {
            let t = j.first.touch.as_ref().unwrap();
            j.routed_to == ["rep 0"] && t.rep != "rep 0"
        })
        .count();
    assert!(
        to_peers > 10,
        "{to_peers} of {} reassigned leads went from the slow rep to a peer",
        reassigned.len()
    );

    let mut measured = s.clone();
    measured.process.on_response_breach = ResponseBreach::Measure;
    let p = prepared(&measured);
    for j in trace_trial(&p, SEED, 0) {
        for pass in std::iter::once(&j.first).chain(&j.requalified) {
            if let Some(t) = &pass.touch {
                assert!(!t.reassigned);
                assert_eq!(j.routed_to, std::slice::from_ref(&t.rep), "{j:?}");
            }
        }
    }
}
