//! The funnel by source channel and by company-size segment: every lead in exactly one group,
//! so the groups add up to the run's counts in every trial; channels with no lead or no MQL
//! say so with explicit zeros; leads without a channel column say that too.

use funnel_engine::leads::{Column, FieldKind, LeadTable, Value};
use funnel_engine::report::Breakdown;
use funnel_engine::scenario::LeadsSource;
use funnel_engine::scoring::{Condition, Literal, Rule, ScoreKind};
use funnel_engine::sim::{run_trials, GroupCounts, TrialOutcome, MAX_CHANNELS, NO_CHANNEL_GIVEN};
use funnel_engine::{prepare, presets, Prepared, Report, Sample, Scenario};

use crate::common;
use crate::{prepared, Run};

const SEED: u64 = 11;
const TRIALS: u32 = 30;

/// The default preset over a smaller sample (2,100 leads).
fn small_default() -> Scenario {
    common::pinned_scenario()
}

/// Revenue adds up in another order in the groups than in the total: equal to rounding.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// A breakdown's groups against the trial's own counts.
fn check_trial(what: &str, t: usize, groups: &[GroupCounts], o: &TrialOutcome) {
    let m = &o.metrics;
    let sqls: u32 = groups.iter().map(|g| g.sqls).sum();
    let won: u32 = groups.iter().map(|g| g.won).sum();
    let revenue: f64 = groups.iter().map(|g| g.revenue).sum();
    assert_eq!(sqls as f64, m.sqls, "{what}, trial {t}: SQLs");
    assert_eq!(won as f64, m.won, "{what}, trial {t}: won");
    assert!(
        close(revenue, m.revenue),
        "{what}, trial {t}: revenue {revenue} against {}",
        m.revenue
    );
}

/// The report's group means against its overall means.
fn check_means(what: &str, b: &Breakdown, r: &Report) {
    for metric in ["leads", "mqls", "sqls", "won", "revenue"] {
        let sum: f64 = b
            .groups
            .iter()
            .map(|g| match metric {
                "leads" => g.leads.mean,
                "mqls" => g.mqls.mean,
                "sqls" => g.sqls.mean,
                "won" => g.won.mean,
                _ => g.revenue.mean,
            })
            .sum();
        let total = r.metrics.get(metric).unwrap().mean;
        assert!(close(sum, total), "{what}: {metric} {sum} against {total}");
    }
}

/// Every check that groups add up, for one prepared run.
fn check_adds_up(what: &str, p: &Prepared, trials: &[TrialOutcome]) {
    let labels = p.labels();
    for (name, b) in [
        ("channel", &labels.by_channel),
        ("segment", &labels.by_segment),
    ] {
        if b.groups.is_empty() {
            continue;
        }
        let leads: u32 = b.groups.iter().map(|g| g.leads).sum();
        let mqls: u32 = b.groups.iter().map(|g| g.mqls).sum();
        assert_eq!(leads as usize, p.leads, "{what} by {name}: leads");
        assert_eq!(mqls as usize, p.mql_count(), "{what} by {name}: MQLs");
    }
    for (t, o) in trials.iter().enumerate() {
        assert_eq!(o.by_channel.len(), labels.by_channel.groups.len());
        assert_eq!(o.by_segment.len(), labels.by_segment.groups.len());
        if !o.by_channel.is_empty() {
            check_trial(&format!("{what} by channel"), t, &o.by_channel, o);
        }
        check_trial(&format!("{what} by segment"), t, &o.by_segment, o);
    }
    let r = Report::new(&labels, SEED, trials);
    if !r.by_channel.groups.is_empty() {
        check_means(&format!("{what} by channel"), &r.by_channel, &r);
    }
    check_means(&format!("{what} by segment"), &r.by_segment, &r);
}

fn text(name: &str) -> Column {
    Column {
        name: name.into(),
        kind: FieldKind::Text,
    }
}

/// Imported leads, one an hour: `x` (present for an MQL, missing for a lead that fails the one
/// rule of the analytic scenario), a channel column named `channel_column`, and a company size.
fn imported(channel_column: &str, leads: &[(Option<f64>, Value, f64)]) -> Sample {
    let columns = vec![
        Column {
            name: "x".into(),
            kind: FieldKind::Number,
        },
        text(channel_column),
        Column {
            name: "company_size".into(),
            kind: FieldKind::Number,
        },
    ];
    let rows = leads
        .iter()
        .map(|(x, channel, size)| {
            vec![
                x.map_or(Value::Missing, Value::Number),
                channel.clone(),
                Value::Number(*size),
            ]
        })
        .collect();
    let arrivals = (0..leads.len()).map(|i| 60.0 * i as f64).collect();
    Sample::imported(LeadTable::new(columns, rows, arrivals).unwrap())
}

/// The analytic scenario with three size segments and a marketing spend.
fn analytic_with_segments() -> Scenario {
    let mut s = common::analytic_scenario(0.9, 0.6, 0.8, 0.5);
    let base = s.market.segments[0].clone();
    s.market.segments = ["small", "mid", "large"]
        .iter()
        .zip([Some(100.0), Some(1000.0), None])
        .map(|(name, below)| {
            let mut g = base.clone();
            g.name = (*name).into();
            g.below_employees = below;
            g
        })
        .collect();
    s.costs.marketing_spend = 12_000.0;
    s
}

#[test]
fn groups_add_up_to_the_totals_trial_by_trial() {
    for name in presets::NAMES {
        let mut s = presets::preset(name).unwrap();
        if let LeadsSource::Generated(g) = &mut s.leads {
            g.leads_per_month = 700.0;
        }
        let p = prepared(&s);
        assert_eq!(p.by_channel.field.as_deref(), Some("channel"), "{name}");
        assert_eq!(
            p.by_channel.groups.len(),
            8,
            "{name}: the eight channels of the mix"
        );
        assert_eq!(
            p.by_segment.field.as_deref(),
            Some("company_size"),
            "{name}"
        );
        assert_eq!(
            p.by_segment.note, None,
            "{name}: every generated lead has a size"
        );
        let trials = run_trials(&p, SEED, 0..TRIALS);
        check_adds_up(name, &p, &trials);
    }
    // Imported leads with a channel column, some leads without a channel or without an x.
    let channels = ["web", "events", "partner"];
    let leads: Vec<(Option<f64>, Value, f64)> = (0..300)
        .map(|i| {
            let channel = match i % 7 {
                6 => Value::Missing,
                k => Value::Text(channels[k % 3].into()),
            };
            (
                (i % 5 != 0).then_some(1.0),
                channel,
                [20.0, 400.0, 5000.0][i % 3],
            )
        })
        .collect();
    let s = analytic_with_segments();
    let p = prepare(&s, &imported("Lead Source", &leads)).unwrap();
    assert_eq!(p.by_channel.field.as_deref(), Some("Lead Source"));
    let trials = run_trials(&p, SEED, 0..TRIALS);
    check_adds_up("imported", &p, &trials);
}

#[test]
fn a_channel_with_no_leads_is_an_explicit_zero() {
    let mut s = small_default();
    let LeadsSource::Generated(g) = &mut s.leads else {
        panic!("the default preset generates its leads");
    };
    let gone = g.channels[2].channel.name();
    g.channels[2].share = 0.0;
    let run = Run::generated(&s, SEED, TRIALS);
    let groups = &run.report.by_channel.groups;
    assert_eq!(groups.len(), 8, "every channel of the mix is listed");
    let last = groups.last().unwrap();
    assert_eq!(
        last.name, gone,
        "the empty channel comes last (fewest leads)"
    );
    for stat in [
        &last.leads,
        &last.mqls,
        &last.sqls,
        &last.won,
        &last.revenue,
    ] {
        assert_eq!(
            (stat.mean, stat.max, stat.undefined),
            (0.0, 0.0, 0),
            "{stat:?}"
        );
    }
    // With no SQL there is no cost per SQL: undefined in every trial, not zero.
    let cost = last
        .cost_per_sql
        .as_ref()
        .expect("the preset has a marketing spend");
    assert_eq!(cost.undefined, TRIALS);
    assert!(cost.mean.is_nan());
    assert_eq!(last.spend, Some(0.0));
}

#[test]
fn leads_without_a_channel_column_say_so() {
    let s = common::analytic_scenario(0.9, 0.6, 0.8, 0.5);
    let sample = Sample::imported(common::leads_at(&[0.0, 60.0, 120.0], &["emea"]));
    let run = Run::over(&s, &sample, SEED, 5);
    let b = &run.report.by_channel;
    assert_eq!(b.field, None);
    assert!(b.groups.is_empty());
    let note = b
        .note
        .as_deref()
        .expect("a note saying why there is no breakdown");
    assert!(note.contains("no channel column"), "{note}");
    assert!(
        note.contains("lead_source"),
        "it names the columns looked for: {note}"
    );
    assert!(run.trials.iter().all(|t| t.by_channel.is_empty()));
    // The segments still add up: every lead counts in the only segment, and the note says why.
    let seg = &run.report.by_segment;
    assert_eq!(seg.groups.len(), 1);
    assert_eq!(seg.groups[0].leads.mean, 3.0);
    assert!(
        seg.note
            .as_deref()
            .unwrap()
            .contains("no 'company_size' field"),
        "{seg:?}"
    );
    let json = serde_json::to_value(&run.report).unwrap();
    assert_eq!(json["by_channel"]["field"], serde_json::Value::Null);
    assert_eq!(json["by_channel"]["note"], note);
}

#[test]
fn a_channel_whose_leads_all_fail_the_rule_has_no_mqls() {
    // Every lead with an `x` is an MQL; the events channel's leads have none.
    let leads: Vec<(Option<f64>, Value, f64)> = (0..240)
        .map(|i| {
            let channel = ["web", "events", "partner"][i % 3];
            let x = (channel != "events").then_some(1.0);
            (x, Value::Text(channel.into()), 50.0)
        })
        .collect();
    let s = analytic_with_segments();
    let run = Run::over(&s, &imported("channel", &leads), SEED, TRIALS);
    let groups = &run.report.by_channel.groups;
    let events = groups.iter().find(|g| g.name == "events").unwrap();
    assert_eq!(events.leads.mean, 80.0);
    for stat in [&events.mqls, &events.sqls, &events.won, &events.revenue] {
        assert_eq!((stat.mean, stat.max), (0.0, 0.0), "{stat:?}");
    }
    let web = groups.iter().find(|g| g.name == "web").unwrap();
    assert_eq!(web.mqls.mean, 80.0);
    assert!(web.sqls.mean > 10.0, "{:?}", web.sqls);
    // The same through a scoring rule on the generated sample: paid social loses 1,000 points.
    let mut s = small_default();
    s.scoring.rules.push(Rule {
        name: "No paid social".into(),
        kind: ScoreKind::Fit,
        field: "channel".into(),
        when: Condition::Equals {
            value: Literal::Text("paid_social".into()),
        },
        points: -1000.0,
        group: None,
    });
    let run = Run::generated(&s, SEED, TRIALS);
    let social = run
        .report
        .by_channel
        .groups
        .iter()
        .find(|g| g.name == "paid_social")
        .unwrap();
    assert!(social.leads.mean > 100.0);
    assert_eq!(
        (social.mqls.max, social.sqls.max, social.revenue.max),
        (0.0, 0.0, 0.0)
    );
    let p = prepared(&s);
    check_adds_up("no paid social", &p, &run.trials);
}

#[test]
fn channels_are_read_as_people_write_them() {
    // Case and surrounding spaces do not split a channel; the first spelling names it; empty
    // cells are a group of their own; more channels than a table can show are put together.
    let mut leads: Vec<(Option<f64>, Value, f64)> = vec![
        (Some(1.0), Value::Text("Webinar".into()), 10.0),
        (Some(1.0), Value::Text(" webinar ".into()), 10.0),
        (Some(1.0), Value::Text("WEBINAR".into()), 10.0),
        (Some(1.0), Value::Missing, 10.0),
        (Some(1.0), Value::Text("  ".into()), 10.0),
    ];
    let s = analytic_with_segments();
    let p = prepare(&s, &imported("Original Source", &leads)).unwrap();
    let names: Vec<(&str, u32)> = p
        .by_channel
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.leads))
        .collect();
    assert_eq!(names, [("Webinar", 3), (NO_CHANNEL_GIVEN, 2)]);
    let note = p.by_channel.note.as_deref().unwrap();
    assert!(
        note.contains("2 of 5 leads have no value in 'Original Source'"),
        "{note}"
    );

    // 40 campaigns, campaign k with k + 1 leads: the 19 largest are shown, the rest together.
    leads.clear();
    for k in 0..40 {
        for _ in 0..=k {
            leads.push((Some(1.0), Value::Text(format!("campaign {k}")), 10.0));
        }
    }
    let p = prepare(&s, &imported("source", &leads)).unwrap();
    let groups = &p.by_channel.groups;
    assert_eq!(groups.len(), MAX_CHANNELS);
    assert_eq!(groups[0].name, "campaign 39");
    assert_eq!(groups[0].leads, 40);
    let other = groups.last().unwrap();
    assert_eq!(other.name, "other channels");
    assert_eq!(other.leads, (1..=21).sum::<u32>(), "campaigns 0 to 20");
    assert!(p
        .by_channel
        .note
        .as_deref()
        .unwrap()
        .contains("holds 40 different values"));
    let trials = run_trials(&p, SEED, 0..10);
    check_adds_up("40 campaigns", &p, &trials);
}

#[test]
fn cost_per_sql_splits_the_marketing_spend_by_leads() {
    let leads: Vec<(Option<f64>, Value, f64)> = (0..400)
        .map(|i| {
            let channel = if i % 4 == 0 { "events" } else { "web" };
            (Some(1.0), Value::Text(channel.into()), [20.0, 400.0][i % 2])
        })
        .collect();
    let s = analytic_with_segments();
    let run = Run::over(&s, &imported("channel", &leads), SEED, TRIALS);
    for b in [&run.report.by_channel, &run.report.by_segment] {
        let spend: f64 = b.groups.iter().map(|g| g.spend.unwrap()).sum();
        assert!(close(spend, 12_000.0), "{spend}");
    }
    let web = &run.report.by_channel.groups[0];
    assert_eq!((web.name.as_str(), web.spend), ("web", Some(9_000.0)));
    // Trial by trial, the channel's spend over its SQLs.
    let per_trial: Vec<f64> = run
        .trials
        .iter()
        .map(|t| 9_000.0 / t.by_channel[0].sqls as f64)
        .collect();
    let cost = web.cost_per_sql.as_ref().unwrap();
    let mean = per_trial.iter().sum::<f64>() / per_trial.len() as f64;
    assert!(close(cost.mean, mean), "{} against {mean}", cost.mean);
    // Without a marketing spend there is no cost per SQL at all.
    let mut free = s.clone();
    free.costs.marketing_spend = 0.0;
    let run = Run::over(&free, &imported("channel", &leads), SEED, 3);
    let g = &run.report.by_channel.groups[0];
    assert_eq!((g.spend, g.cost_per_sql.is_none()), (None, true));
    let json = serde_json::to_value(g).unwrap();
    assert!(json.get("cost_per_sql").is_none(), "{json}");
}

#[test]
fn the_breakdowns_are_deterministic_and_split_like_the_run() {
    let s = small_default();
    let p = prepared(&s);
    let whole = run_trials(&p, SEED, 0..25);
    let again = run_trials(&prepared(&s), SEED, 0..25);
    let mut split = run_trials(&p, SEED, 0..7);
    split.extend(run_trials(&p, SEED, 7..25));
    let groups = |ts: &[TrialOutcome]| -> Vec<(Vec<GroupCounts>, Vec<GroupCounts>)> {
        ts.iter()
            .map(|t| (t.by_channel.clone(), t.by_segment.clone()))
            .collect()
    };
    assert_eq!(groups(&whole), groups(&again));
    assert_eq!(groups(&whole), groups(&split));
    let report = |ts: &[TrialOutcome]| {
        let r = Report::new(&p.labels(), SEED, ts);
        serde_json::to_string(&(r.by_channel, r.by_segment)).unwrap()
    };
    assert_eq!(report(&whole), report(&split));
    // The digest does not cover the breakdowns: the pinned run keeps its digest.
    let pinned = Report::new(
        &p.labels(),
        common::PINNED_SEED,
        &run_trials(&p, common::PINNED_SEED, 0..common::PINNED_TRIALS),
    );
    assert_eq!(pinned.digest, common::PINNED_DIGEST);
}
