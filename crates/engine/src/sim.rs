//! The Monte Carlo simulation: a scenario over a sample of leads, trial by trial.
//!
//! [`prepare`] does once what does not change between trials: scoring, the MQL list in arrival
//! order, each MQL's odds multipliers, segment, routing pool and queue. [`run_trial`] then
//! replays the quarter: each MQL's draws, the reps' queue (in `queue`: who is touched when, who
//! goes cold, is reassigned or comes back after nurture), then each MQL's way down the funnel.
//!
//! Every draw comes from streams keyed by `(seed, trial)` and `(seed, trial, lead)`, so a trial's
//! result does not depend on which worker runs it, and a lead meets the same random numbers in
//! two scenarios that both make it an MQL.
//!
//! [`trace_lead`] tells one lead's [`Journey`] through a trial: the same trial run with a watch
//! on each entry, which `run_trial` runs with a watch that compiles to nothing.

use crate::calendar::Calendar;
use crate::dist::{beta, exponential, lognormal_from, normal_pair};
use crate::generator::{generate, GeneratedLeads};
use crate::leads::{FieldKind, LeadTable, Value, MINUTES_PER_DAY};
use crate::market::{odds, prob, Uncertain, STAGES};
use crate::metrics::{speed_bucket, BreakdownLabels, GroupLabel, RunLabels, SPEED_BUCKETS};
pub use crate::metrics::{GroupCounts, TrialMetrics, TrialOutcome};
use crate::process::{
    Balance, DispositionBreach, QueueOrder, ResponseBreach, RoutingMode, SpeedCurve,
};
use crate::queue::{self, Entry, QueueScratch, State};
use crate::readiness::Checklist;
use crate::rng::{lead_rng, market_rng, trial_rng};
use crate::scenario::{LeadsSource, Scenario};
use crate::scoring::{Score, Scorer};
use crate::validate::Invalid;
use serde::{Deserialize, Serialize};

/// The leads a scenario runs over, with the market's hidden truth where the generator made them.
#[derive(Clone, Debug)]
pub struct Sample {
    pub table: LeadTable,
    /// Standardized hidden (fit, intent) per lead; `None` for imported leads.
    pub truth: Option<Vec<[f64; 2]>>,
}

impl Sample {
    pub fn imported(table: LeadTable) -> Sample {
        Sample { table, truth: None }
    }
}

impl From<GeneratedLeads> for Sample {
    fn from(g: GeneratedLeads) -> Sample {
        Sample {
            table: g.table,
            truth: Some(g.truth),
        }
    }
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PrepareError {
    #[error("scenario field {0}")]
    Invalid(Invalid),
    #[error("scenario '{0}' takes its leads from a CSV file, and none was given")]
    NoLeads(String),
    #[error("the leads file holds no leads")]
    Empty,
}

/// The scenario's own sample when it generates one; `None` when it expects imported leads.
pub fn scenario_sample(s: &Scenario) -> Option<Sample> {
    match &s.leads {
        LeadsSource::Generated(cfg) => Some(generate(cfg).into()),
        LeadsSource::Imported { .. } => None,
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Mql {
    /// Index of the lead in the sample: keys its random stream.
    pub(crate) lead: u32,
    pub(crate) arrival: f64,
    /// Odds multipliers per stage.
    pub(crate) odds: [f64; 4],
    pub(crate) segment: u16,
    /// The lead's source channel, an index into `Prepared::by_channel`; [`NO_CHANNEL`] when
    /// the leads have no channel column.
    pub(crate) channel: u16,
    pub(crate) pool: u16,
    /// The queue the lead waits in: its round-robin rep's, or its pool's.
    pub(crate) queue: u32,
    /// The lead's score, for reps who work the highest score first.
    pub(crate) score: f64,
}

#[derive(Clone, Copy, Debug)]
struct SegmentParams {
    deal_median: f64,
    deal_sigma: f64,
    cycle_median: f64,
    cycle_sigma: f64,
}

/// A scenario bound to a sample, ready for trials.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub name: String,
    pub leads: usize,
    pub scores: Vec<Score>,
    pub rep_names: Vec<String>,
    pub segment_names: Vec<String>,
    pub warnings: Vec<String>,
    /// The sample by source channel and by company-size segment: each group's leads, MQLs and
    /// share of the marketing spend, the same in every trial.
    pub by_channel: BreakdownLabels,
    pub by_segment: BreakdownLabels,
    pub(crate) mqls: Vec<Mql>,
    /// The market multipliers drawn per trial: each one's stage and spread (sd of the log),
    /// and, for MQL `i`, the ones it matches: `spread_hits[spread_start[i]..spread_start[i + 1]]`.
    /// All empty when every multiplier is fixed.
    spreads: Vec<(usize, f64)>,
    spread_start: Vec<u32>,
    spread_hits: Vec<u32>,
    pub(crate) handle_minutes: Vec<f64>,
    /// Members of each routing pool, in the order reps are listed.
    pub(crate) pools: Vec<Vec<u32>>,
    /// Queues each rep works, and the reps working each queue.
    pub(crate) rep_queues: Vec<Vec<u32>>,
    pub(crate) queue_reps: Vec<Vec<u32>>,
    /// For reassignment: the queues of the rep's pool peers (round robin only), and every
    /// queue the rep does not work (the overflow).
    pub(crate) peer_queues: Vec<Vec<u32>>,
    pub(crate) overflow_queues: Vec<Vec<u32>>,
    pub(crate) calendar: Calendar,
    rates: [Uncertain; 4],
    accept_factor: f64,
    curve: SpeedCurve,
    contact_odds: f64,
    speed_exponent: f64,
    speed_spread: f64,
    sync_mean: f64,
    manual_delay_mean: Option<f64>,
    pub(crate) order: QueueOrder,
    /// Minutes after arrival at which a waiting lead leaves the queue, and whether it goes back
    /// to marketing (the disposition SLA) rather than cold (the queue's patience).
    pub(crate) timeout: f64,
    pub(crate) timeout_returns: bool,
    pub(crate) response_sla: f64,
    pub(crate) reassign: bool,
    disposition_sla: f64,
    pub(crate) recycle_share: f64,
    pub(crate) nurture_minutes: f64,
    pub(crate) requalify_share: f64,
    alignment_level: f64,
    win_uplift: Option<(f64, f64)>,
    cycle_reduction: Option<(f64, f64)>,
    pub(crate) close_by: f64,
    total_cost: f64,
    segments: Vec<SegmentParams>,
    /// End of the lead window (minutes): utilization is measured at least until here.
    window_end: f64,
    /// Whether the queue can run as one pass in ready order (oldest first, no reassignment)
    /// rather than as the event simulation; both give the same results for those settings.
    pub(crate) fifo_shortcut: bool,
}

impl Prepared {
    /// MQL `mql`'s odds multipliers in a trial whose drawn ones `trial_odds` holds (empty when
    /// every multiplier is fixed).
    #[inline]
    pub(crate) fn odds_of(&self, mql: u32, trial_odds: &[[f64; 4]]) -> [f64; 4] {
        match trial_odds.get(mql as usize) {
            Some(o) => *o,
            None => self.mqls[mql as usize].odds,
        }
    }

    /// Draws the trial's uncertain multipliers (one lognormal factor each, from the market's
    /// own stream) and applies them to the MQLs that match; leaves `out` empty when there are
    /// none, so a scenario without them draws and costs nothing more.
    fn draw_market(&self, seed: u64, trial: u32, out: &mut Vec<[f64; 4]>) {
        out.clear();
        if self.spreads.is_empty() {
            return;
        }
        let mut rng = market_rng(seed, trial);
        let mut factors = Vec::with_capacity(self.spreads.len());
        while factors.len() < self.spreads.len() {
            let (a, b) = normal_pair(&mut rng);
            factors.extend([a, b]);
        }
        factors.truncate(self.spreads.len());
        for (f, &(_, sd)) in factors.iter_mut().zip(&self.spreads) {
            *f = libm::exp(sd * *f);
        }
        out.extend(self.mqls.iter().enumerate().map(|(i, m)| {
            let mut o = m.odds;
            let hits = self.spread_start[i] as usize..self.spread_start[i + 1] as usize;
            for &h in &self.spread_hits[hits] {
                o[self.spreads[h as usize].0] *= factors[h as usize];
            }
            o
        }));
    }

    pub fn mql_count(&self) -> usize {
        self.mqls.len()
    }

    /// Working days in the lead window, by the team's calendar (a day is the team's hours).
    pub fn working_days(&self) -> f64 {
        let per_day = self.calendar.minutes_per_day();
        if per_day > 0.0 {
            self.calendar.working_minutes_before(self.window_end) / per_day
        } else {
            0.0
        }
    }

    /// The labels a report of this run carries.
    pub fn labels(&self) -> RunLabels {
        RunLabels {
            scenario: self.name.clone(),
            rep_names: self.rep_names.clone(),
            warnings: self.warnings.clone(),
            mqls: self.mqls.len(),
            by_channel: self.by_channel.clone(),
            by_segment: self.by_segment.clone(),
        }
    }
}

/// Binds a scenario to a sample. Validates the scenario first: nothing past here can fail.
pub fn prepare(s: &Scenario, sample: &Sample) -> Result<Prepared, PrepareError> {
    s.validate().map_err(PrepareError::Invalid)?;
    let table = &sample.table;
    if table.is_empty() {
        return Err(PrepareError::Empty);
    }
    let scorer = Scorer::new(&s.scoring, table);
    let mut warnings = scorer.warnings().to_vec();
    let scores: Vec<Score> = table.rows().map(|r| scorer.score(r)).collect();
    let (mult_cols, w) = s.market.bind(table);
    warnings.extend(w);
    if sample.truth.is_none() && s.market.multipliers.is_empty() {
        warnings.push(
            "imported leads and no market multipliers: every MQL has the same chances at each \
             stage, so the score changes only how many leads are worked, not how good they are \
             (market.multipliers say which leads buy more)"
                .into(),
        );
    }
    let size_col = table.column_index(&s.market.size_field);
    if size_col.is_none() {
        warnings.push(format!(
            "the leads have no '{}' field: every lead counts as {} for deal size and cycle",
            s.market.size_field, s.market.segments[0].name
        ));
    }
    // The breakdowns' groups, once: each lead's channel and segment as a small index, so that
    // trials count into arrays without reading a field.
    let (mut by_channel, lead_channel) = channel_groups(s, table, &scores);
    let (mut by_segment, lead_segment) = segment_groups(s, table, size_col, &scores);
    for b in [&mut by_channel, &mut by_segment] {
        attribute_spend(b, s.costs.marketing_spend, table.len());
    }

    let p = &s.process;
    // Routing pools: reps grouped by the territories they cover. A lead whose territory no rep
    // covers goes to the reps without territories, or to everyone if all reps have territories.
    let territory_col = p.routing.territory_field.as_ref().and_then(|f| {
        let c = table.column_index(f);
        if c.is_none() {
            warnings.push(format!(
                "routing by '{f}' is not possible: the leads have no such field; every rep takes every lead"
            ));
        }
        c
    });
    let all: Vec<u32> = (0..p.reps.len() as u32).collect();
    let catch_all: Vec<u32> = {
        let free: Vec<u32> = all
            .iter()
            .copied()
            .filter(|r| p.reps[*r as usize].territories.is_empty())
            .collect();
        if free.is_empty() {
            all.clone()
        } else {
            free
        }
    };
    let mut pools: Vec<Vec<u32>> = vec![catch_all];
    let mut pool_keys: Vec<String> = vec![String::new()];
    let mut turn: Vec<usize> = vec![0];

    let mut order: Vec<u32> = (0..table.len() as u32)
        .filter(|i| scores[*i as usize].mql)
        .collect();
    order.sort_by(|a, b| {
        table
            .arrival(*a as usize)
            .total_cmp(&table.arrival(*b as usize))
    });
    let mut mqls = Vec::with_capacity(order.len());
    let spreads: Vec<(usize, f64)> = s
        .market
        .multipliers
        .iter()
        .filter(|m| m.odds_sd > 0.0)
        .map(|m| (m.stage as usize, m.odds_sd))
        .collect();
    // Index of each multiplier among those drawn per trial.
    let spread_index: Vec<u32> = s
        .market
        .multipliers
        .iter()
        .scan(0u32, |k, m| {
            let j = *k;
            *k += u32::from(m.odds_sd > 0.0);
            Some(j)
        })
        .collect();
    let (mut spread_start, mut spread_hits) = (Vec::new(), Vec::new());
    for i in order {
        let row = table.row(i as usize);
        let truth = sample.truth.as_ref().map(|t| t[i as usize]);
        let lead_odds = s.market.lead_odds(row, truth, &mult_cols);
        if !spreads.is_empty() {
            spread_start.push(spread_hits.len() as u32);
            spread_hits.extend(
                s.market
                    .spread_hits(row, &mult_cols)
                    .map(|j| spread_index[j]),
            );
        }
        let segment = lead_segment[i as usize];
        let channel = lead_channel.get(i as usize).copied().unwrap_or(NO_CHANNEL);
        let pool = match territory_col.map(|c| row[c].to_string().trim().to_ascii_lowercase()) {
            Some(key) if !key.is_empty() => match pool_keys.iter().position(|k| *k == key) {
                Some(j) => j,
                None => {
                    let members: Vec<u32> = all
                        .iter()
                        .copied()
                        .filter(|r| {
                            p.reps[*r as usize]
                                .territories
                                .iter()
                                .any(|t| t.trim().eq_ignore_ascii_case(&key))
                        })
                        .collect();
                    pools.push(if members.is_empty() {
                        pools[0].clone()
                    } else {
                        members
                    });
                    pool_keys.push(key);
                    turn.push(0);
                    pools.len() - 1
                }
            },
            _ => 0,
        };
        let rep = pools[pool][turn[pool] % pools[pool].len()];
        turn[pool] += 1;
        mqls.push(Mql {
            lead: i,
            arrival: table.arrival(i as usize),
            odds: lead_odds,
            segment,
            channel,
            pool: pool as u16,
            queue: match p.routing.balance {
                Balance::RoundRobin => rep,
                Balance::FirstAvailable => pool as u32,
            },
            score: scores[i as usize].total,
        });
    }

    if !spreads.is_empty() {
        spread_start.push(spread_hits.len() as u32);
    }
    let close_by = s.horizon.close_days * MINUTES_PER_DAY;
    if mqls.is_empty() {
        warnings.push(format!(
            "no lead qualifies as an MQL ({} leads scored): every count below is zero; lower the \
             threshold or check the rules",
            table.len()
        ));
    }
    let late = table.arrivals().iter().filter(|a| **a > close_by).count();
    if late > 0 {
        warnings.push(format!(
            "{late} of {} leads arrive after the horizon ends (day {}): they are in the sample \
             but cannot be worked; lengthen horizon.close_days to include them",
            table.len(),
            s.horizon.close_days
        ));
    }

    let reps = p.reps.len();
    let mut rep_pools: Vec<Vec<u32>> = vec![Vec::new(); reps];
    for (k, pool) in pools.iter().enumerate() {
        for r in pool {
            rep_pools[*r as usize].push(k as u32);
        }
    }
    let (rep_queues, queue_reps, peer_queues) = match p.routing.balance {
        Balance::RoundRobin => {
            let peers = (0..reps)
                .map(|r| {
                    let mut q: Vec<u32> = rep_pools[r]
                        .iter()
                        .flat_map(|k| pools[*k as usize].iter().copied())
                        .filter(|m| *m as usize != r)
                        .collect();
                    q.sort_unstable();
                    q.dedup();
                    q
                })
                .collect();
            (
                (0..reps as u32).map(|r| vec![r]).collect(),
                (0..reps as u32).map(|r| vec![r]).collect(),
                peers,
            )
        }
        Balance::FirstAvailable => (rep_pools, pools.clone(), vec![Vec::new(); reps]),
    };

    let overflow_queues = rep_queues
        .iter()
        .map(|own: &Vec<u32>| {
            (0..queue_reps.len() as u32)
                .filter(|q| !own.contains(q))
                .collect()
        })
        .collect();

    let calendar = Calendar::new(&p.hours);
    let handle_minutes = p
        .reps
        .iter()
        .map(|r| calendar.minutes_per_day() / r.touches_per_day)
        .collect();
    let last_arrival = table.arrivals().iter().copied().fold(0.0, f64::max);
    let window_end = libm::ceil((last_arrival + 1.0) / MINUTES_PER_DAY) * MINUTES_PER_DAY;
    let patience = p.queue.patience_hours * 60.0;
    let disposition_sla = p.disposition_sla_hours * 60.0;
    let returns = p.on_disposition_breach == DispositionBreach::ReturnToMarketing
        && disposition_sla < patience;
    let st = &p.speed_to_lead;
    let alignment = &s.market.alignment;
    let level = Checklist::of(s).level();
    let feedback = if p.full_funnel_reporting {
        FEEDBACK_REQUALIFY_FACTOR
    } else {
        1.0
    };
    Ok(Prepared {
        name: s.name.clone(),
        leads: table.len(),
        scores,
        rep_names: p.reps.iter().map(|r| r.name.clone()).collect(),
        segment_names: s.market.segments.iter().map(|g| g.name.clone()).collect(),
        warnings,
        by_channel,
        by_segment,
        mqls,
        spreads,
        spread_start,
        spread_hits,
        handle_minutes,
        pools,
        rep_queues,
        queue_reps,
        peer_queues,
        overflow_queues,
        calendar,
        rates: STAGES.map(|st| s.market.stages.get(st)),
        accept_factor: if p.definitions_agreed {
            1.0
        } else {
            s.market.acceptance_without_agreed_definitions
        },
        curve: SpeedCurve::new(&st.points),
        contact_odds: odds(st.contact_rate),
        speed_exponent: st.strength.exponent(),
        speed_spread: st.spread,
        sync_mean: p.sync_latency_minutes,
        manual_delay_mean: (p.routing.mode == RoutingMode::Manual)
            .then_some(p.routing.manual_delay_hours * 60.0),
        order: p.queue.order,
        timeout: if returns { disposition_sla } else { patience },
        timeout_returns: returns,
        response_sla: p.response_sla_minutes,
        reassign: p.on_response_breach == ResponseBreach::Reassign,
        disposition_sla,
        recycle_share: p.recycling.share,
        nurture_minutes: p.recycling.nurture_days * MINUTES_PER_DAY,
        requalify_share: (p.recycling.requalify_share * feedback).min(1.0),
        alignment_level: level,
        win_uplift: (alignment.enabled && level > 0.0)
            .then_some((alignment.win_rate_uplift.mean, alignment.win_rate_uplift.sd)),
        cycle_reduction: (alignment.enabled && level > 0.0)
            .then_some((alignment.cycle_reduction.mean, alignment.cycle_reduction.sd)),
        close_by,
        total_cost: s.costs.total(s.process.reps.len()),
        segments: s
            .market
            .segments
            .iter()
            .map(|g| SegmentParams {
                deal_median: g.deal_median,
                deal_sigma: g.deal_sigma,
                cycle_median: g.cycle_median_days,
                cycle_sigma: g.cycle_sigma,
            })
            .collect(),
        window_end: window_end.min(close_by),
        fifo_shortcut: p.queue.order == QueueOrder::OldestFirst
            && p.on_response_breach == ResponseBreach::Measure,
    })
}

/// With a full-funnel report, marketing nurtures recycled leads knowing why sales sent them
/// back: their re-qualification share is multiplied by this (an assumption of the project).
pub const FEEDBACK_REQUALIFY_FACTOR: f64 = 1.5;

/// The names of a lead's source channel column, in order of preference, compared in lower
/// case with spaces and hyphens read as underscores ("Lead Source" is `lead_source`). The
/// generator writes `channel`; CRMs export `Lead Source` (Salesforce) or `Original Source`
/// (HubSpot).
pub const CHANNEL_COLUMNS: [&str; 8] = [
    "channel",
    "lead_channel",
    "source_channel",
    "marketing_channel",
    "lead_source",
    "leadsource",
    "original_source",
    "source",
];

/// The most channels a breakdown lists: beyond it the smallest are counted together, so that
/// a column of campaign names does not become thousands of rows (and counts per trial).
pub const MAX_CHANNELS: usize = 20;

/// The group of leads whose channel cell is empty.
pub const NO_CHANNEL_GIVEN: &str = "no channel given";

/// The group of the smallest channels beyond [`MAX_CHANNELS`].
pub const OTHER_CHANNELS: &str = "other channels";

/// An MQL's channel when the leads have no channel column.
const NO_CHANNEL: u16 = u16::MAX;

/// The sample's leads by source channel: the groups, and each lead's group (empty when the
/// leads have no channel column). Groups go by leads, most first; a generated sample lists
/// every channel of its mix, one with no lead as an explicit zero.
fn channel_groups(
    s: &Scenario,
    table: &LeadTable,
    scores: &[Score],
) -> (BreakdownLabels, Vec<u16>) {
    let normalized = |name: &str| name.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    let found = CHANNEL_COLUMNS.iter().find_map(|want| {
        table
            .columns()
            .iter()
            .position(|c| c.kind != FieldKind::Time && normalized(&c.name) == *want)
    });
    let Some(col) = found else {
        let note = format!(
            "the leads have no channel column (one named {}): there is no breakdown by channel",
            CHANNEL_COLUMNS.join(", ")
        );
        return (
            BreakdownLabels {
                field: None,
                note: Some(note),
                groups: Vec::new(),
            },
            Vec::new(),
        );
    };
    let field = table.columns()[col].name.clone();
    // Channels by their name ignoring case and surrounding spaces, in order of first
    // appearance; the first spelling met names the group.
    let mut channels = Interner::default();
    if let LeadsSource::Generated(cfg) = &s.leads {
        if field == "channel" {
            for c in &cfg.channels {
                channels.id(c.channel.name());
            }
        }
    }
    let mut without = 0u32;
    let raw: Vec<u32> = table
        .rows()
        .map(|row| match &row[col] {
            Value::Text(t) if !t.trim().is_empty() => channels.id(t.trim()),
            Value::Missing | Value::Text(_) => {
                without += 1;
                channels.id(NO_CHANNEL_GIVEN)
            }
            v => channels.id(&v.to_string()),
        })
        .collect();
    let mut names = channels.names;
    let mut leads = vec![0u32; names.len()];
    let mut mqls = vec![0u32; names.len()];
    for (i, g) in raw.iter().enumerate() {
        leads[*g as usize] += 1;
        mqls[*g as usize] += scores[i].mql as u32;
    }
    // Most leads first; ties keep their first appearance (the generator's mix order).
    let mut order: Vec<u32> = (0..names.len() as u32).collect();
    order.sort_by_key(|g| std::cmp::Reverse(leads[*g as usize]));
    let mut notes = Vec::new();
    if without > 0 {
        notes.push(format!(
            "{without} of {} leads have no value in '{field}': they are counted as '{NO_CHANNEL_GIVEN}'",
            table.len()
        ));
    }
    let shown = if order.len() > MAX_CHANNELS {
        let rest = order.len() - (MAX_CHANNELS - 1);
        notes.push(format!(
            "'{field}' holds {} different values: the {} with the most leads are shown, the \
             other {rest} together as '{OTHER_CHANNELS}'",
            order.len(),
            MAX_CHANNELS - 1
        ));
        MAX_CHANNELS - 1
    } else {
        order.len()
    };
    let mut group_of = vec![0u16; names.len()];
    let mut groups: Vec<GroupLabel> = Vec::with_capacity(shown + 1);
    for (k, g) in order.iter().enumerate() {
        let g = *g as usize;
        if k < shown {
            group_of[g] = k as u16;
            groups.push(GroupLabel {
                name: std::mem::take(&mut names[g]),
                leads: leads[g],
                mqls: mqls[g],
                spend: None,
            });
        } else {
            if k == shown {
                groups.push(GroupLabel {
                    name: OTHER_CHANNELS.into(),
                    leads: 0,
                    mqls: 0,
                    spend: None,
                });
            }
            group_of[g] = shown as u16;
            groups[shown].leads += leads[g];
            groups[shown].mqls += mqls[g];
        }
    }
    let labels = BreakdownLabels {
        field: Some(field),
        note: (!notes.is_empty()).then(|| notes.join("; ")),
        groups,
    };
    (labels, raw.iter().map(|g| group_of[*g as usize]).collect())
}

/// Names met so far, found ignoring ASCII case: a scan while they are few (the usual handful of
/// channels), a map of lower-case names beyond.
#[derive(Default)]
struct Interner {
    names: Vec<String>,
    index: std::collections::HashMap<String, u32>,
}

impl Interner {
    const SCAN: usize = 32;

    fn id(&mut self, name: &str) -> u32 {
        // Exports usually spell a channel the same way every time: exact bytes first.
        let few = &self.names[..self.names.len().min(Self::SCAN)];
        if let Some(i) = few.iter().position(|n| n == name) {
            return i as u32;
        }
        if let Some(i) = few.iter().position(|n| n.eq_ignore_ascii_case(name)) {
            return i as u32;
        }
        let id = self.names.len() as u32;
        if self.names.len() >= Self::SCAN {
            match self.index.entry(name.to_ascii_lowercase()) {
                std::collections::hash_map::Entry::Occupied(e) => return *e.get(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(id);
                }
            }
        }
        self.names.push(name.to_string());
        id
    }
}

/// The sample's leads by company-size segment, in the scenario's order (a segment without a
/// lead is an explicit zero), and each lead's segment: the one that sets its deal size and
/// cycle (§4.5 of docs/model.md).
fn segment_groups(
    s: &Scenario,
    table: &LeadTable,
    size_col: Option<usize>,
    scores: &[Score],
) -> (BreakdownLabels, Vec<u16>) {
    let m = &s.market;
    let mut groups: Vec<GroupLabel> = m
        .segments
        .iter()
        .map(|g| GroupLabel {
            name: g.name.clone(),
            leads: 0,
            mqls: 0,
            spend: None,
        })
        .collect();
    let mut without = 0usize;
    let lead_segment: Vec<u16> = table
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let size = size_col.and_then(|c| row[c].as_number());
            without += size.is_none() as usize;
            let g = m.segment_of(size);
            groups[g].leads += 1;
            groups[g].mqls += scores[i].mql as u32;
            g as u16
        })
        .collect();
    let first = &m.segments[0].name;
    let note = if size_col.is_none() {
        Some(format!(
            "the leads have no '{}' field: every lead counts as {first}",
            m.size_field
        ))
    } else {
        (without > 0).then(|| {
            format!(
                "{without} of {} leads have no number in '{}': they count as {first}",
                table.len(),
                m.size_field
            )
        })
    };
    let labels = BreakdownLabels {
        field: Some(size_col.map_or(m.size_field.clone(), |c| table.columns()[c].name.clone())),
        note,
        groups,
    };
    (labels, lead_segment)
}

/// Puts the marketing spend on each group by its share of the sample's leads.
fn attribute_spend(b: &mut BreakdownLabels, marketing_spend: f64, leads: usize) {
    if marketing_spend > 0.0 && leads > 0 {
        for g in &mut b.groups {
            g.spend = Some(marketing_spend * g.leads as f64 / leads as f64);
        }
    }
}

/// Buffers reused from trial to trial.
#[derive(Default)]
pub struct Scratch {
    entries: Vec<Entry>,
    /// Each MQL's odds multipliers in this trial, when some multiplier is drawn per trial;
    /// empty otherwise (then `Mql::odds` holds).
    odds: Vec<[f64; 4]>,
    ready_order: Vec<(f64, u32)>,
    queue: QueueScratch,
    responses: Vec<f64>,
    cycles: Vec<f64>,
}

fn draw_rate<R: rand::RngCore>(rng: &mut R, u: &Uncertain) -> f64 {
    match u.beta_params() {
        None => u.mean,
        Some((a, b)) => beta(rng, a, b),
    }
}

/// Nearest-rank order statistic without sorting the whole slice.
fn order_stat(xs: &mut [f64], q: f64) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let k = ((q * xs.len() as f64).ceil() as usize).clamp(1, xs.len()) - 1;
    *xs.select_nth_unstable_by(k, f64::total_cmp).1
}

/// Runs trial `trial` of a prepared scenario.
pub fn run_trial(p: &Prepared, seed: u64, trial: u32, scratch: &mut Scratch) -> TrialOutcome {
    run_watched(p, seed, trial, scratch, &mut ())
}

/// How far down the funnel pass 3 took one entry of a trial (for [`trace_lead`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum Reached {
    /// No rep touched it (the entry's state says why).
    #[default]
    Untouched,
    NotAccepted {
        recycled: bool,
    },
    NotContacted,
    NotQualified,
    /// An SQL that did not become an opportunity.
    Sql,
    Opportunity {
        deal: f64,
        cycle: f64,
        result: DealResult,
    },
}

impl Reached {
    fn opportunity(deal: f64, cycle: f64, result: DealResult) -> Reached {
        Reached::Opportunity {
            deal,
            cycle,
            result,
        }
    }
}

/// What a trial tells about each entry it takes down the funnel. `()` is told nothing and
/// compiles to nothing, so that [`run_trial`] pays nothing for tracing.
trait Watch {
    fn reached(&mut self, entry: usize, how: Reached);
}

impl Watch for () {
    #[inline(always)]
    fn reached(&mut self, _: usize, _: Reached) {}
}

/// The trace: what became of each entry, by entry.
impl Watch for Vec<Reached> {
    fn reached(&mut self, entry: usize, how: Reached) {
        if self.len() <= entry {
            self.resize(entry + 1, Reached::Untouched);
        }
        self[entry] = how;
    }
}

/// [`run_trial`], telling `watch` what became of each entry.
fn run_watched<W: Watch>(
    p: &Prepared,
    seed: u64,
    trial: u32,
    scratch: &mut Scratch,
    watch: &mut W,
) -> TrialOutcome {
    let mut trng = trial_rng(seed, trial);
    // Uncertain assumptions, drawn once per trial in a fixed order: the four stage base rates,
    // the size of the speed-to-lead effect, the alignment effects.
    let mut base: [f64; 4] = p.rates.map(|u| draw_rate(&mut trng, &u));
    let (z_speed, z_win) = normal_pair(&mut trng);
    let (z_cycle, _) = normal_pair(&mut trng);
    let speed = p.speed_exponent * libm::exp(p.speed_spread * z_speed);
    if let Some((mean, sd)) = p.win_uplift {
        if base[3] < 1.0 {
            base[3] =
                (base[3] * (1.0 + p.alignment_level * (mean + sd * z_win).max(0.0))).min(0.999);
        }
    }
    let cycle_factor = match p.cycle_reduction {
        Some((mean, sd)) => 1.0 - p.alignment_level * (mean + sd * z_cycle).clamp(0.0, 0.9),
        None => 1.0,
    };
    let base_odds = base.map(|b| if b >= 1.0 { f64::INFINITY } else { odds(b) });
    let accept_odds = base_odds[0] * p.accept_factor;
    p.draw_market(seed, trial, &mut scratch.odds);

    // Pass 1: each MQL's draws, in a fixed order per lead so that two scenarios share random
    // numbers lead by lead, and the moment it is ready for a rep (synced, and routed).
    let entries = &mut scratch.entries;
    entries.clear();
    for (i, m) in p.mqls.iter().enumerate() {
        let mut rng = lead_rng(seed, trial, m.lead);
        let sync = exponential(&mut rng, p.sync_mean);
        let routing_delay = exponential(&mut rng, p.manual_delay_mean.unwrap_or(0.0));
        let mut ready = m.arrival + sync;
        if p.manual_delay_mean.is_some() {
            ready = p.calendar.add_working(ready, routing_delay);
        }
        let ready = p.calendar.next_working(ready);
        entries.push(Entry::new(i as u32, m.arrival, ready, false, rng));
    }
    scratch.ready_order.clear();
    scratch
        .ready_order
        .extend(entries.iter().enumerate().map(|(i, e)| (e.ready, i as u32)));
    if !scratch.ready_order.is_sorted_by(|a, b| a.0 <= b.0) {
        // Ready times are never negative, so their bits sort as the numbers do; the stable sort
        // is quick on what is already nearly in arrival order.
        scratch.ready_order.sort_by_key(|&(t, i)| (t.to_bits(), i));
    }

    // Pass 2: the queue (queue.rs): each MQL's first touch, or what became of it untouched.
    let mut rep_touches = vec![0u32; p.handle_minutes.len()];
    queue::run(
        p,
        (seed, trial),
        (accept_odds, &scratch.odds),
        entries,
        &scratch.ready_order,
        &mut scratch.queue,
        &mut rep_touches,
    );
    let rep = &scratch.queue.reps;

    // Pass 3: each MQL's way down the funnel, counted per channel and per segment too.
    let mut by_channel = vec![GroupCounts::default(); p.by_channel.groups.len()];
    let mut by_segment = vec![GroupCounts::default(); p.by_segment.groups.len()];
    let mut c = Counts::default();
    let mut speed_rows = [[0u32; 2]; SPEED_BUCKETS.len()];
    let (mut revenue, mut pipeline, mut cycle_sum, mut response_sum) = (0.0, 0.0, 0.0, 0.0);
    scratch.cycles.clear();
    scratch.responses.clear();
    let trial_odds = &scratch.odds;
    for (i, e) in entries.iter_mut().enumerate() {
        let m = &p.mqls[e.mql as usize];
        let lead_odds = p.odds_of(e.mql, trial_odds);
        c.requalified += e.reentry as u32;
        let response = match e.state {
            State::Touched => e.touch - e.arrival,
            State::Cold => {
                c.went_cold += 1;
                c.never_contacted += 1;
                speed_rows[speed_bucket(None)][0] += 1;
                continue;
            }
            State::Returned => {
                c.returned += 1;
                c.recycled += 1;
                c.never_contacted += 1;
                speed_rows[speed_bucket(None)][0] += 1;
                continue;
            }
            State::Backlog | State::Waiting | State::Pending => {
                c.backlog += 1;
                c.never_contacted += 1;
                speed_rows[speed_bucket(None)][0] += 1;
                continue;
            }
        };
        let bucket = speed_bucket(Some(response));
        speed_rows[bucket][0] += 1;
        scratch.responses.push(response);
        response_sum += response;
        c.in_sla += (response <= p.response_sla) as u32;
        // The rep gives the disposition at the first touch.
        c.in_disposition += (response <= p.disposition_sla) as u32;
        c.reassigned += e.reassigned as u32;

        if e.u_accept >= prob(accept_odds * lead_odds[0]) {
            let recycled = e.u_recycle < p.recycle_share;
            c.recycled += recycled as u32;
            watch.reached(i, Reached::NotAccepted { recycled });
            continue;
        }
        c.sals += 1;
        let (ln_contact, ln_qualify) = p.curve.ln_multipliers(response);
        if e.u_contact >= prob(p.contact_odds * libm::exp(speed * ln_contact)) {
            c.never_contacted += 1;
            watch.reached(i, Reached::NotContacted);
            continue;
        }
        if e.u_qualify >= prob(base_odds[1] * lead_odds[1] * libm::exp(speed * ln_qualify)) {
            watch.reached(i, Reached::NotQualified);
            continue;
        }
        c.sqls += 1;
        speed_rows[bucket][1] += 1;
        by_segment[m.segment as usize].sqls += 1;
        if m.channel != NO_CHANNEL {
            by_channel[m.channel as usize].sqls += 1;
        }
        if e.u_opportunity >= prob(base_odds[2] * lead_odds[2]) {
            watch.reached(i, Reached::Sql);
            continue;
        }
        c.opps += 1;
        let seg = p.segments[m.segment as usize];
        let (z_cycle, z_deal) = normal_pair(&mut e.rng);
        let cycle = lognormal_from(seg.cycle_median, seg.cycle_sigma, z_cycle) * cycle_factor;
        let deal = lognormal_from(seg.deal_median, seg.deal_sigma, z_deal);
        pipeline += deal;
        cycle_sum += cycle;
        // The opportunity opens at the first touch (inside the horizon) and closes a cycle later.
        if e.touch + cycle * MINUTES_PER_DAY > p.close_by {
            c.open += 1;
            watch.reached(i, Reached::opportunity(deal, cycle, DealResult::Open));
            continue;
        }
        scratch.cycles.push(cycle);
        if e.u_win < prob(base_odds[3] * lead_odds[3]) {
            watch.reached(i, Reached::opportunity(deal, cycle, DealResult::Won));
            c.won += 1;
            revenue += deal;
            let g = &mut by_segment[m.segment as usize];
            g.won += 1;
            g.revenue += deal;
            if m.channel != NO_CHANNEL {
                let g = &mut by_channel[m.channel as usize];
                g.won += 1;
                g.revenue += deal;
            }
        } else {
            watch.reached(i, Reached::opportunity(deal, cycle, DealResult::Lost));
            c.lost += 1;
        }
    }

    let n = p.mqls.len() as f64;
    let entered = entries.len() as f64;
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
    let win_rate = ratio(c.won as f64, (c.won + c.lost) as f64);
    let rep_utilization = rep
        .iter()
        .map(|r| {
            let until = p.window_end.max(r.last_end).min(p.close_by);
            ratio(r.busy_minutes, p.calendar.working_minutes_before(until))
        })
        .collect();
    let touched = scratch.responses.len();
    let metrics = TrialMetrics {
        leads: p.leads as f64,
        mqls: n,
        requalified: c.requalified as f64,
        sals: c.sals as f64,
        sqls: c.sqls as f64,
        opportunities: c.opps as f64,
        won: c.won as f64,
        lost: c.lost as f64,
        open_opportunities: c.open as f64,
        recycled: c.recycled as f64,
        returned: c.returned as f64,
        never_contacted: c.never_contacted as f64,
        went_cold: c.went_cold as f64,
        backlog: c.backlog as f64,
        reassigned: c.reassigned as f64,
        revenue,
        pipeline,
        mql_rate: ratio(n, p.leads as f64),
        acceptance_rate: ratio(c.sals as f64, entered),
        mql_to_sql_rate: ratio(c.sqls as f64, entered),
        sal_to_sql_rate: ratio(c.sqls as f64, c.sals as f64),
        win_rate,
        cycle_days: order_stat(&mut scratch.cycles, 0.5),
        pipeline_velocity: ratio(
            c.opps as f64 * win_rate * ratio(pipeline, c.opps as f64),
            ratio(cycle_sum, c.opps as f64),
        ),
        cac: if p.total_cost > 0.0 {
            ratio(p.total_cost, c.won as f64)
        } else {
            f64::NAN
        },
        sla_compliance: ratio(c.in_sla as f64, entered),
        disposition_compliance: ratio(c.in_disposition as f64, entered),
        response_minutes: order_stat(&mut scratch.responses, 0.5),
        response_p90_minutes: order_stat(&mut scratch.responses, 0.9),
        response_mean_minutes: ratio(response_sum, touched as f64),
    };
    TrialOutcome {
        metrics,
        rep_touches,
        rep_utilization,
        speed: speed_rows,
        by_channel,
        by_segment,
    }
}

#[derive(Default)]
struct Counts {
    requalified: u32,
    sals: u32,
    sqls: u32,
    opps: u32,
    won: u32,
    lost: u32,
    open: u32,
    recycled: u32,
    returned: u32,
    never_contacted: u32,
    went_cold: u32,
    backlog: u32,
    reassigned: u32,
    in_sla: u32,
    in_disposition: u32,
}

/// Runs trials `range` in order. Splitting a run into ranges (across workers) and concatenating
/// the outcomes gives exactly the outcomes of one call over the whole run.
pub fn run_trials(p: &Prepared, seed: u64, range: std::ops::Range<u32>) -> Vec<TrialOutcome> {
    let mut scratch = Scratch::default();
    range.map(|t| run_trial(p, seed, t, &mut scratch)).collect()
}

/// One lead's way through one trial, exactly as [`run_trial`] takes it (the same random
/// numbers): who it was routed to, when a rep touched it and after how long, and how far down
/// the funnel it went; a second pass when it was recycled and qualified again. Times are
/// minutes from the horizon start (a Monday 00:00).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Journey {
    /// The lead's index in the sample (as [`Prepared::scores`] is indexed).
    pub lead: usize,
    pub trial: u32,
    pub score: f64,
    /// The reps the lead was routed to: its round-robin rep, or its pool's reps with first
    /// available routing (whichever is free first takes it).
    pub routed_to: Vec<String>,
    /// Its pass as an MQL.
    pub first: Pass,
    /// Its second pass when it was recycled and qualified again within the horizon (§5.6).
    pub requalified: Option<Pass>,
}

/// One pass of a lead through a trial's queue and funnel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pass {
    /// When it became an MQL (for a re-qualified pass: when nurture ended).
    pub arrived_minutes: f64,
    /// When it was ready for a rep: synced, routed, at a working minute.
    pub ready_minutes: f64,
    /// Its first touch; `None` when no rep touched it.
    pub touch: Option<Touch>,
    /// Why no rep touched it; `None` when one did.
    pub untouched: Option<Untouched>,
    /// Sales accepted it at the first touch.
    pub accepted: bool,
    /// Sent back to nurture: not accepted and recycled, or returned to marketing.
    pub recycled: bool,
    /// Accepted and reached by the rep.
    pub contacted: bool,
    pub sql: bool,
    /// The opportunity it became, if it became one.
    pub opportunity: Option<Opportunity>,
}

/// A lead's first touch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Touch {
    /// The rep who touched it.
    pub rep: String,
    pub at_minutes: f64,
    /// From arrival to the touch in wall-clock minutes: the response time the metrics use.
    pub wait_minutes: f64,
    /// The same wait in the team's working minutes only.
    pub wait_working_minutes: f64,
    /// Taken by another rep after its response SLA was breached (§5.5).
    pub reassigned: bool,
    pub within_response_sla: bool,
    pub within_disposition_sla: bool,
}

/// Why no rep touched a lead, and since when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Untouched {
    pub reason: UntouchedReason,
    /// When it went cold or back to marketing; `None` for the backlog.
    pub at_minutes: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UntouchedReason {
    /// Waited past the queue's patience.
    WentCold,
    /// Waited past the disposition SLA and went back to marketing's nurture.
    ReturnedToMarketing,
    /// Still waiting, or not yet ready, when the horizon ended.
    Backlog,
}

/// An opportunity a lead became: its deal size and sales cycle, and how it ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Opportunity {
    pub deal_size: f64,
    pub cycle_days: f64,
    /// When it closes (or would close): the first touch plus the cycle.
    pub closes_minutes: f64,
    pub result: DealResult,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DealResult {
    Won,
    Lost,
    /// Still open when the horizon ends: pipeline, not revenue.
    Open,
}

/// The journey of lead `lead` (its index in the sample) in trial `trial`: what
/// `run_trial(p, seed, trial, …)` does to it. `None` when the lead is not an MQL in this
/// scenario (or there is no such lead).
pub fn trace_lead(p: &Prepared, seed: u64, trial: u32, lead: usize) -> Option<Journey> {
    if !p.scores.get(lead)?.mql {
        return None;
    }
    let mql = p.mqls.iter().position(|m| m.lead as usize == lead)?;
    let (scratch, reached) = traced(p, seed, trial);
    Some(journey(p, trial, &scratch.entries, &reached, mql))
}

/// The journeys of every MQL in trial `trial`, in arrival order: one run of the trial.
pub fn trace_trial(p: &Prepared, seed: u64, trial: u32) -> Vec<Journey> {
    let (scratch, reached) = traced(p, seed, trial);
    (0..p.mqls.len())
        .map(|mql| journey(p, trial, &scratch.entries, &reached, mql))
        .collect()
}

/// Runs the trial, keeping its entries and what became of each.
fn traced(p: &Prepared, seed: u64, trial: u32) -> (Scratch, Vec<Reached>) {
    let mut scratch = Scratch::default();
    let mut reached = Vec::new();
    run_watched(p, seed, trial, &mut scratch, &mut reached);
    reached.resize(scratch.entries.len(), Reached::Untouched);
    (scratch, reached)
}

/// The journey of MQL `mql` from a trial's entries: the first passes in MQL order, then the
/// re-qualified ones in MQL order.
fn journey(
    p: &Prepared,
    trial: u32,
    entries: &[Entry],
    reached: &[Reached],
    mql: usize,
) -> Journey {
    let m = &p.mqls[mql];
    let first_pass = p.mqls.len();
    let again = entries[first_pass..]
        .binary_search_by_key(&(mql as u32), |e| e.mql)
        .ok()
        .map(|k| first_pass + k);
    Journey {
        lead: m.lead as usize,
        trial,
        score: m.score,
        routed_to: p.queue_reps[m.queue as usize]
            .iter()
            .map(|r| p.rep_names[*r as usize].clone())
            .collect(),
        first: pass(p, &entries[mql], reached[mql]),
        requalified: again.map(|k| pass(p, &entries[k], reached[k])),
    }
}

fn pass(p: &Prepared, e: &Entry, how: Reached) -> Pass {
    let deadline = e.arrival + p.timeout;
    let untouched = |reason, at_minutes| Some(Untouched { reason, at_minutes });
    let (touch, untouched) = match e.state {
        State::Touched => {
            let response = e.touch - e.arrival;
            let touch = Touch {
                rep: p.rep_names[e.rep as usize].clone(),
                at_minutes: e.touch,
                wait_minutes: response,
                wait_working_minutes: p.calendar.working_minutes_before(e.touch)
                    - p.calendar.working_minutes_before(e.arrival),
                reassigned: e.reassigned,
                within_response_sla: response <= p.response_sla,
                within_disposition_sla: response <= p.disposition_sla,
            };
            (Some(touch), None)
        }
        State::Cold => (None, untouched(UntouchedReason::WentCold, Some(deadline))),
        // As the queue returns it: never before it reached the queue.
        State::Returned => (
            None,
            untouched(
                UntouchedReason::ReturnedToMarketing,
                Some(deadline.max(e.ready)),
            ),
        ),
        State::Backlog | State::Waiting | State::Pending => {
            (None, untouched(UntouchedReason::Backlog, None))
        }
    };
    let opportunity = match how {
        Reached::Opportunity {
            deal,
            cycle,
            result,
        } => Some(Opportunity {
            deal_size: deal,
            cycle_days: cycle,
            closes_minutes: e.touch + cycle * MINUTES_PER_DAY,
            result,
        }),
        _ => None,
    };
    Pass {
        arrived_minutes: e.arrival,
        ready_minutes: e.ready,
        touch,
        untouched,
        accepted: !matches!(how, Reached::Untouched | Reached::NotAccepted { .. }),
        recycled: matches!(how, Reached::NotAccepted { recycled: true })
            || e.state == State::Returned,
        contacted: matches!(
            how,
            Reached::NotQualified | Reached::Sql | Reached::Opportunity { .. }
        ),
        sql: matches!(how, Reached::Sql | Reached::Opportunity { .. }),
        opportunity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    /// The one-pass queue and the event simulation agree wherever the shortcut is taken.
    #[test]
    fn fifo_shortcut_matches_the_event_simulation() {
        let mut cases = Vec::new();
        for name in presets::NAMES {
            let mut s = presets::preset(name).unwrap();
            s.process.on_response_breach = ResponseBreach::Measure;
            if let LeadsSource::Generated(g) = &mut s.leads {
                g.leads_per_month = 600.0;
            }
            cases.push(s.clone());
            // Overloaded, with returns to marketing and re-qualification.
            for r in &mut s.process.reps {
                r.touches_per_day = 1.5;
            }
            s.process.queue.patience_hours = 100.0;
            s.process.on_disposition_breach = DispositionBreach::ReturnToMarketing;
            s.process.disposition_sla_hours = 30.0;
            s.process.recycling.requalify_share = 0.6;
            s.process.recycling.nurture_days = 5.0;
            cases.push(s);
        }
        for s in cases {
            let sample = scenario_sample(&s).unwrap();
            let fast = prepare(&s, &sample).unwrap();
            assert!(fast.fifo_shortcut);
            let mut events = fast.clone();
            events.fifo_shortcut = false;
            let a = run_trials(&fast, 3, 0..6);
            let b = run_trials(&events, 3, 0..6);
            for (t, (x, y)) in a.iter().zip(&b).enumerate() {
                // Bits, not ==: undefined rates are NaN in both.
                let bits = |o: &TrialOutcome| {
                    let mut v: Vec<u64> = o.metrics.values().iter().map(|x| x.to_bits()).collect();
                    v.extend(o.rep_utilization.iter().map(|x| x.to_bits()));
                    (v, o.rep_touches.clone(), o.speed)
                };
                assert_eq!(
                    bits(x),
                    bits(y),
                    "{} {:?}, trial {t}",
                    s.name,
                    s.process.routing.balance
                );
            }
        }
    }
}
