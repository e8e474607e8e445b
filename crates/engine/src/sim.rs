//! The Monte Carlo simulation: a scenario over a sample of leads, trial by trial.
//!
//! [`prepare`] does once what does not change between trials: scoring, the MQL list in arrival
//! order, each MQL's odds multipliers, segment, routing pool and queue. [`run_trial`] then
//! replays the quarter: MQLs wait in queues that reps work in the scenario's order (a
//! discrete-event simulation), leads go cold or are reassigned as the process says, the first
//! response time comes out of the queue, and each MQL's way down the funnel is drawn.
//!
//! Every draw comes from streams keyed by `(seed, trial)` and `(seed, trial, lead)`, so a trial's
//! result does not depend on which worker runs it, and a lead meets the same random numbers in
//! two scenarios that both make it an MQL.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::calendar::Calendar;
use crate::dist::{beta, exponential, lognormal_from, normal_pair, uniform};
use crate::generator::{generate, GeneratedLeads};
use crate::leads::{LeadTable, MINUTES_PER_DAY};
use crate::market::{odds, prob, Uncertain, STAGES};
use crate::metrics::{speed_bucket, RunLabels, SPEED_BUCKETS};
pub use crate::metrics::{TrialMetrics, TrialOutcome};
use crate::process::{
    Balance, DispositionBreach, QueueOrder, ResponseBreach, RoutingMode, SpeedCurve,
};
use crate::readiness::Checklist;
use crate::rng::{lead_rng, trial_rng, SplitMix64};
use crate::scenario::{LeadsSource, Scenario};
use crate::scoring::{Score, Scorer};
use crate::validate::Invalid;
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
struct Mql {
    /// Index of the lead in the sample: keys its random stream.
    lead: u32,
    arrival: f64,
    /// Odds multipliers per stage.
    odds: [f64; 4],
    segment: u16,
    pool: u16,
    /// The queue the lead waits in: its round-robin rep's, or its pool's.
    queue: u32,
    /// The lead's score, for reps who work the highest score first.
    score: f64,
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
    mqls: Vec<Mql>,
    handle_minutes: Vec<f64>,
    /// Members of each routing pool, in the order reps are listed.
    pools: Vec<Vec<u32>>,
    /// Queues each rep works, and the reps working each queue.
    rep_queues: Vec<Vec<u32>>,
    queue_reps: Vec<Vec<u32>>,
    /// For reassignment: the queues of the rep's pool peers (round robin only), and every
    /// queue the rep does not work (the overflow).
    peer_queues: Vec<Vec<u32>>,
    overflow_queues: Vec<Vec<u32>>,
    calendar: Calendar,
    rates: [Uncertain; 4],
    accept_factor: f64,
    curve: SpeedCurve,
    contact_odds: f64,
    speed_exponent: f64,
    speed_spread: f64,
    sync_mean: f64,
    manual_delay_mean: Option<f64>,
    order: QueueOrder,
    /// Minutes after arrival at which a waiting lead leaves the queue, and whether it goes back
    /// to marketing (the disposition SLA) rather than cold (the queue's patience).
    timeout: f64,
    timeout_returns: bool,
    response_sla: f64,
    reassign: bool,
    disposition_sla: f64,
    recycle_share: f64,
    nurture_minutes: f64,
    requalify_share: f64,
    alignment_level: f64,
    win_uplift: Option<(f64, f64)>,
    cycle_reduction: Option<(f64, f64)>,
    close_by: f64,
    total_cost: f64,
    segments: Vec<SegmentParams>,
    /// End of the lead window (minutes): utilization is measured at least until here.
    window_end: f64,
    /// Whether the queue can run as one pass in ready order (oldest first, no reassignment)
    /// rather than as the event simulation; both give the same results for those settings.
    fifo_shortcut: bool,
}

impl Prepared {
    pub fn mql_count(&self) -> usize {
        self.mqls.len()
    }

    /// The labels a report of this run carries.
    pub fn labels(&self) -> RunLabels {
        RunLabels {
            scenario: self.name.clone(),
            rep_names: self.rep_names.clone(),
            warnings: self.warnings.clone(),
            mqls: self.mqls.len(),
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
    for i in order {
        let row = table.row(i as usize);
        let truth = sample.truth.as_ref().map(|t| t[i as usize]);
        let lead_odds = s.market.lead_odds(row, truth, &mult_cols);
        let size = size_col.and_then(|c| row[c].as_number());
        let segment = s.market.segment_of(size) as u16;
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
            pool: pool as u16,
            queue: match p.routing.balance {
                Balance::RoundRobin => rep,
                Balance::FirstAvailable => pool as u32,
            },
            score: scores[i as usize].total,
        });
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
        mqls,
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
        total_cost: s.costs.marketing_spend + s.costs.sales_cost,
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

/// Where an MQL stands in a trial's queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Not yet ready for a rep (syncing, being routed, or in nurture).
    Pending,
    Waiting,
    Touched,
    /// Waited past the queue's patience.
    Cold,
    /// Waited past the disposition SLA and went back to marketing.
    Returned,
    /// Still waiting (or not yet ready) when the horizon ends.
    Backlog,
}

/// One pass of an MQL through a trial: a first MQL, or a recycled lead that qualified again.
#[derive(Clone)]
struct Entry {
    /// Index into `Prepared::mqls`.
    mql: u32,
    arrival: f64,
    /// The first working minute at which a rep may touch it.
    ready: f64,
    state: State,
    touch: f64,
    reentry: bool,
    reassigned: bool,
    u_accept: f64,
    u_recycle: f64,
    u_requalify: f64,
    u_contact: f64,
    u_qualify: f64,
    u_opportunity: f64,
    u_win: f64,
    /// The lead's stream, kept for the draws only some leads need (deal size, cycle).
    rng: SplitMix64,
}

/// Keys a re-qualified lead's stream apart from its first pass.
const REENTRY_STREAM: u32 = 1 << 31;

impl Entry {
    fn new(mql: u32, arrival: f64, ready: f64, reentry: bool, mut rng: SplitMix64) -> Entry {
        Entry {
            mql,
            arrival,
            ready,
            state: State::Pending,
            touch: f64::NAN,
            reentry,
            reassigned: false,
            u_accept: uniform(&mut rng),
            u_recycle: uniform(&mut rng),
            u_requalify: uniform(&mut rng),
            u_contact: uniform(&mut rng),
            u_qualify: uniform(&mut rng),
            u_opportunity: uniform(&mut rng),
            u_win: uniform(&mut rng),
            rng,
        }
    }
}

/// Leads waiting for one rep (round robin) or one pool (first available), in the order they
/// became ready. Entries that left (touched elsewhere, cold) stay until an end reaches them.
#[derive(Default)]
struct WaitQueue {
    items: Vec<u32>,
    head: usize,
    /// By score, for reps who work the highest score first.
    by_score: BinaryHeap<(u64, Reverse<u32>, u32)>,
}

/// An order-preserving map of a finite f64 onto u64.
fn order_key(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | (1 << 63)
    }
}

/// The trial's mutable state while the queue runs.
struct Queues<'a> {
    p: &'a Prepared,
    seed: u64,
    trial: u32,
    accept_odds: f64,
    entries: &'a mut Vec<Entry>,
    queues: &'a mut Vec<WaitQueue>,
    /// Recycled leads that will qualify again: (the moment they are ready, the lead, the entry).
    /// Ties go by the lead, not the entry, whose number depends on the order of recycling.
    reentries: BinaryHeap<Reverse<(u64, u32, u32)>>,
}

impl Queues<'_> {
    fn accepted(&self, e: &Entry) -> bool {
        e.u_accept < prob(self.accept_odds * self.p.mqls[e.mql as usize].odds[0])
    }

    /// A recycled lead back in nurture at `t` qualifies again later, if its draw says so and
    /// it has not been recycled before. `now` is the queue's clock: nothing is scheduled
    /// before it.
    fn recycle(&mut self, e: u32, t: f64, now: f64) {
        let p = self.p;
        let entry = &self.entries[e as usize];
        if entry.reentry || entry.u_requalify >= p.requalify_share {
            return;
        }
        let arrival = t + p.nurture_minutes;
        if arrival > p.close_by {
            return;
        }
        let mql = entry.mql;
        let rng = lead_rng(
            self.seed,
            self.trial,
            p.mqls[mql as usize].lead | REENTRY_STREAM,
        );
        let ready = p.calendar.next_working(arrival).max(now);
        let id = self.entries.len() as u32;
        self.entries
            .push(Entry::new(mql, arrival, ready, true, rng));
        self.reentries.push(Reverse((ready.to_bits(), mql, id)));
    }

    /// Marks `e` as left untouched if it has waited past the timeout by `t`.
    fn expire(&mut self, e: u32, t: f64) -> bool {
        let p = self.p;
        let entry = &mut self.entries[e as usize];
        let deadline = entry.arrival + p.timeout;
        if t <= deadline {
            return false;
        }
        if p.timeout_returns {
            entry.state = State::Returned;
            // A lead cannot go back to marketing before it reached the queue.
            let returned = deadline.max(entry.ready);
            self.recycle(e, returned, t);
        } else {
            entry.state = State::Cold;
        }
        true
    }

    /// The oldest lead still waiting in queue `q` at `t`.
    fn oldest(&mut self, q: usize, t: f64) -> Option<u32> {
        loop {
            let e = *self.queues[q].items.get(self.queues[q].head)?;
            if self.entries[e as usize].state == State::Waiting && !self.expire(e, t) {
                return Some(e);
            }
            self.queues[q].head += 1;
        }
    }

    /// The lead queue `q` would give a rep at `t`, in the scenario's order, without taking it.
    fn peek(&mut self, q: usize, t: f64) -> Option<u32> {
        match self.p.order {
            QueueOrder::OldestFirst => self.oldest(q, t),
            QueueOrder::NewestFirst => loop {
                let wq = &self.queues[q];
                if wq.items.len() <= wq.head {
                    return None;
                }
                let e = *wq.items.last()?;
                if self.entries[e as usize].state == State::Waiting && !self.expire(e, t) {
                    return Some(e);
                }
                self.queues[q].items.pop();
            },
            QueueOrder::HighestScore => loop {
                let &(_, _, e) = self.queues[q].by_score.peek()?;
                if self.entries[e as usize].state == State::Waiting && !self.expire(e, t) {
                    return Some(e);
                }
                self.queues[q].by_score.pop();
            },
        }
    }

    fn push(&mut self, q: usize, e: u32) {
        self.entries[e as usize].state = State::Waiting;
        let wq = &mut self.queues[q];
        wq.items.push(e);
        if self.p.order == QueueOrder::HighestScore {
            let score = self.p.mqls[self.entries[e as usize].mql as usize].score;
            let key = (self.entries[e as usize].mql << 1) | self.entries[e as usize].reentry as u32;
            wq.by_score.push((order_key(score), Reverse(key), e));
        }
    }

    /// Whether `a` comes before `b` in the scenario's order.
    fn before(&self, a: u32, b: u32) -> bool {
        let (ea, eb) = (&self.entries[a as usize], &self.entries[b as usize]);
        // Ties go by the lead, then first pass before re-qualified: never by entry numbers.
        let (ka, kb) = (
            (ea.ready, ea.mql, ea.reentry),
            (eb.ready, eb.mql, eb.reentry),
        );
        match self.p.order {
            QueueOrder::OldestFirst => ka < kb,
            QueueOrder::NewestFirst => ka > kb,
            QueueOrder::HighestScore => {
                let (sa, sb) = (
                    self.p.mqls[ea.mql as usize].score,
                    self.p.mqls[eb.mql as usize].score,
                );
                sa > sb || (sa == sb && (ea.mql, ea.reentry) < (eb.mql, eb.reentry))
            }
        }
    }

    /// The oldest lead in `queues` whose SLA breach (`arrival + after`) has passed by `t`;
    /// with `rep`, only leads of a pool that rep belongs to.
    fn breached(&mut self, queues: &[u32], t: f64, after: f64, rep: Option<u32>) -> Option<u32> {
        let mut best: Option<u32> = None;
        for &q in queues {
            let Some(e) = self.oldest(q as usize, t) else {
                continue;
            };
            let entry = &self.entries[e as usize];
            if entry.arrival + after > t {
                continue;
            }
            if let Some(r) = rep {
                let pool = self.p.mqls[entry.mql as usize].pool as usize;
                if self.p.pools[pool].binary_search(&r).is_err() {
                    continue;
                }
            }
            if best.is_none_or(|b| entry.arrival < self.entries[b as usize].arrival) {
                best = Some(e);
            }
        }
        best
    }

    /// The lead rep `r` works next at `t`: the best of its own queues; with nothing of its own
    /// to do and reassignment on, a breached lead of its pool peers, then one breached twice
    /// over anywhere in the team. A rep takes reassigned leads only with time it would
    /// otherwise spend idle: the next free rep, as routing tools reassign.
    fn next_for(&mut self, r: usize, t: f64) -> Option<(u32, bool)> {
        let p = self.p;
        let mut best: Option<u32> = None;
        for &q in &p.rep_queues[r] {
            if let Some(e) = self.peek(q as usize, t) {
                if best.is_none_or(|b| self.before(e, b)) {
                    best = Some(e);
                }
            }
        }
        if let Some(e) = best {
            return Some((e, false));
        }
        if p.reassign {
            if let Some(e) = self.breached(&p.peer_queues[r], t, p.response_sla, Some(r as u32)) {
                return Some((e, true));
            }
            if let Some(e) = self.breached(&p.overflow_queues[r], t, 2.0 * p.response_sla, None) {
                return Some((e, true));
            }
        }
        None
    }
}

/// Buffers reused from trial to trial.
#[derive(Default)]
pub struct Scratch {
    entries: Vec<Entry>,
    queues: Vec<WaitQueue>,
    ready_order: Vec<(f64, u32)>,
    reps: Vec<RepState>,
    busy: BinaryHeap<Reverse<(u64, u32)>>,
    reentries: BinaryHeap<Reverse<(u64, u32, u32)>>,
    candidates: Vec<u32>,
    touched_queues: Vec<u32>,
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

/// A rep's state while the queue runs.
#[derive(Clone, Copy)]
struct RepState {
    /// The first working minute the rep is free again.
    free: f64,
    idle: bool,
    busy_minutes: f64,
    last_end: f64,
}

/// Runs trial `trial` of a prepared scenario.
pub fn run_trial(p: &Prepared, seed: u64, trial: u32, scratch: &mut Scratch) -> TrialOutcome {
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
    let first_pass = entries.len();
    scratch.ready_order.clear();
    scratch
        .ready_order
        .extend(entries.iter().enumerate().map(|(i, e)| (e.ready, i as u32)));
    if !scratch.ready_order.is_sorted_by(|a, b| a.0 <= b.0) {
        // Ready times are never negative, so their bits sort as the numbers do; the stable sort
        // is quick on what is already nearly in arrival order.
        scratch.ready_order.sort_by_key(|&(t, i)| (t.to_bits(), i));
    }

    // Pass 2: the queue, as a discrete-event simulation in time order. At each moment: leads
    // that became ready join their queue, breached leads go to an idle rep, reps that finished
    // a touch become idle, and every idle rep takes the next lead its queues give it.
    let queue_count = p.queue_reps.len();
    scratch.queues.resize_with(queue_count, WaitQueue::default);
    for q in scratch.queues.iter_mut() {
        q.items.clear();
        q.head = 0;
        q.by_score.clear();
    }
    let reps = p.handle_minutes.len();
    let rep = &mut scratch.reps;
    rep.clear();
    rep.resize(
        reps,
        RepState {
            free: 0.0,
            idle: true,
            busy_minutes: 0.0,
            last_end: 0.0,
        },
    );
    let mut idle_count = reps;
    let mut rep_touches = vec![0u32; reps];
    let busy = &mut scratch.busy;
    busy.clear();
    let candidates = &mut scratch.candidates;
    let touched_queues = &mut scratch.touched_queues;
    scratch.reentries.clear();
    let mut next_ready = 0usize;
    let (mut breach_next, mut overflow_next) = (0usize, 0usize);
    let mut qs = Queues {
        p,
        seed,
        trial,
        accept_odds,
        entries,
        queues: &mut scratch.queues,
        reentries: std::mem::take(&mut scratch.reentries),
    };
    if p.fifo_shortcut {
        fifo_queue(&mut qs, rep, &scratch.ready_order, &mut rep_touches);
    } else {
        let breach_at = |qs: &Queues, i: usize, after: f64| -> f64 {
            p.calendar.next_working(qs.entries[i].arrival + after)
        };
        loop {
            let t_ready = scratch
                .ready_order
                .get(next_ready)
                .map_or(f64::INFINITY, |r| r.0);
            let t_reentry = qs
                .reentries
                .peek()
                .map_or(f64::INFINITY, |Reverse((t, _, _))| f64::from_bits(*t));
            let t_free = busy
                .peek()
                .map_or(f64::INFINITY, |Reverse((t, _))| f64::from_bits(*t));
            let (mut t_breach, mut t_overflow) = (f64::INFINITY, f64::INFINITY);
            if p.reassign && idle_count > 0 {
                while breach_next < first_pass
                    && qs.entries[breach_next].state != State::Waiting
                    && qs.entries[breach_next].state != State::Pending
                {
                    breach_next += 1;
                }
                if breach_next < first_pass {
                    t_breach = breach_at(&qs, breach_next, p.response_sla);
                }
                while overflow_next < first_pass
                    && qs.entries[overflow_next].state != State::Waiting
                    && qs.entries[overflow_next].state != State::Pending
                {
                    overflow_next += 1;
                }
                if overflow_next < first_pass {
                    t_overflow = breach_at(&qs, overflow_next, 2.0 * p.response_sla);
                }
            }
            let t = t_ready
                .min(t_reentry)
                .min(t_free)
                .min(t_breach)
                .min(t_overflow);
            if t > p.close_by {
                break;
            }

            while next_ready < scratch.ready_order.len() && scratch.ready_order[next_ready].0 <= t {
                let e = scratch.ready_order[next_ready].1;
                let q = p.mqls[qs.entries[e as usize].mql as usize].queue;
                qs.push(q as usize, e);
                touched_queues.push(q);
                next_ready += 1;
            }
            while let Some(&Reverse((tr, _, e))) = qs.reentries.peek() {
                if f64::from_bits(tr) > t {
                    break;
                }
                qs.reentries.pop();
                let q = p.mqls[qs.entries[e as usize].mql as usize].queue;
                qs.push(q as usize, e);
                touched_queues.push(q);
            }
            // Breaches: a waiting lead whose SLA has passed goes to an idle rep of its pool, and once
            // a second SLA period has passed, to any idle rep.
            if p.reassign {
                while breach_next < first_pass && breach_at(&qs, breach_next, p.response_sla) <= t {
                    let e = breach_next as u32;
                    breach_next += 1;
                    if qs.entries[e as usize].state != State::Waiting || qs.expire(e, t) {
                        continue;
                    }
                    let pool = p.mqls[qs.entries[e as usize].mql as usize].pool as usize;
                    if let Some(r) = first_idle(rep, p.pools[pool].iter().copied()) {
                        serve(&mut qs, &mut rep[r], r, e, t, true);
                        busy.push(Reverse((rep[r].free.to_bits(), r as u32)));
                        rep_touches[r] += 1;
                        idle_count -= 1;
                    }
                }
                while overflow_next < first_pass
                    && breach_at(&qs, overflow_next, 2.0 * p.response_sla) <= t
                {
                    let e = overflow_next as u32;
                    overflow_next += 1;
                    if idle_count == 0
                        || qs.entries[e as usize].state != State::Waiting
                        || qs.expire(e, t)
                    {
                        continue;
                    }
                    if let Some(r) = first_idle(rep, 0..reps as u32) {
                        serve(&mut qs, &mut rep[r], r, e, t, true);
                        busy.push(Reverse((rep[r].free.to_bits(), r as u32)));
                        rep_touches[r] += 1;
                        idle_count -= 1;
                    }
                }
            }
            while let Some(&Reverse((tf, r))) = busy.peek() {
                if f64::from_bits(tf) > t {
                    break;
                }
                busy.pop();
                rep[r as usize].idle = true;
                idle_count += 1;
                candidates.push(r);
            }
            for q in touched_queues.drain(..) {
                candidates.extend(
                    p.queue_reps[q as usize]
                        .iter()
                        .copied()
                        .filter(|r| rep[*r as usize].idle),
                );
            }
            if candidates.len() > 1 {
                candidates.sort_unstable_by_key(|r| (rep[*r as usize].free.to_bits(), *r));
                candidates.dedup();
            }
            for r in candidates.drain(..) {
                let r = r as usize;
                if !rep[r].idle {
                    continue;
                }
                if let Some((e, reassigned)) = qs.next_for(r, t) {
                    serve(&mut qs, &mut rep[r], r, e, t, reassigned);
                    busy.push(Reverse((rep[r].free.to_bits(), r as u32)));
                    rep_touches[r] += 1;
                    idle_count -= 1;
                }
            }
        }
    }
    scratch.reentries = std::mem::take(&mut qs.reentries);
    let entries = qs.entries;
    // Re-qualified leads were appended as they were recycled, an order that depends on how the
    // queue ran; put them in lead order so that sums over entries do not.
    entries[first_pass..].sort_unstable_by_key(|e| e.mql);
    for e in entries.iter_mut() {
        if matches!(e.state, State::Waiting | State::Pending) {
            let deadline = e.arrival + p.timeout;
            e.state = if deadline > p.close_by {
                State::Backlog
            } else if p.timeout_returns {
                State::Returned
            } else {
                State::Cold
            };
        }
    }

    // Pass 3: each MQL's way down the funnel.
    let mut c = Counts::default();
    let mut speed_rows = [[0u32; 2]; SPEED_BUCKETS.len()];
    let (mut revenue, mut pipeline, mut cycle_sum, mut response_sum) = (0.0, 0.0, 0.0, 0.0);
    scratch.cycles.clear();
    scratch.responses.clear();
    for e in entries.iter_mut() {
        let m = &p.mqls[e.mql as usize];
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

        if e.u_accept >= prob(accept_odds * m.odds[0]) {
            c.recycled += (e.u_recycle < p.recycle_share) as u32;
            continue;
        }
        c.sals += 1;
        let (ln_contact, ln_qualify) = p.curve.ln_multipliers(response);
        if e.u_contact >= prob(p.contact_odds * libm::exp(speed * ln_contact)) {
            c.never_contacted += 1;
            continue;
        }
        if e.u_qualify >= prob(base_odds[1] * m.odds[1] * libm::exp(speed * ln_qualify)) {
            continue;
        }
        c.sqls += 1;
        speed_rows[bucket][1] += 1;
        if e.u_opportunity >= prob(base_odds[2] * m.odds[2]) {
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
            continue;
        }
        scratch.cycles.push(cycle);
        if e.u_win < prob(base_odds[3] * m.odds[3]) {
            c.won += 1;
            revenue += deal;
        } else {
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

/// The queue when reps work the oldest lead first and nothing is reassigned: each lead, in the
/// order leads become ready, goes to the rep of its queue that is free first. For these
/// settings this gives exactly what the event simulation gives (a test checks it), in a single
/// pass without events.
fn fifo_queue(
    qs: &mut Queues,
    rep: &mut [RepState],
    ready_order: &[(f64, u32)],
    rep_touches: &mut [u32],
) {
    let p = qs.p;
    let mut next = 0usize;
    loop {
        let first = ready_order.get(next).copied();
        let again = qs
            .reentries
            .peek()
            .map(|Reverse((t, _, e))| (f64::from_bits(*t), *e));
        let (ready, e) = match (first, again) {
            (Some(a), Some(b)) if b.0 < a.0 => {
                qs.reentries.pop();
                b
            }
            (Some(a), _) => {
                next += 1;
                a
            }
            (None, Some(b)) => {
                qs.reentries.pop();
                b
            }
            (None, None) => break,
        };
        if ready > p.close_by {
            break;
        }
        qs.entries[e as usize].state = State::Waiting;
        let q = p.mqls[qs.entries[e as usize].mql as usize].queue as usize;
        let r = match p.queue_reps[q].as_slice() {
            [only] => *only as usize,
            members => {
                let mut best = members[0] as usize;
                for m in &members[1..] {
                    if rep[*m as usize].free < rep[best].free {
                        best = *m as usize;
                    }
                }
                best
            }
        };
        let touch = ready.max(rep[r].free);
        if touch > p.close_by || qs.expire(e, touch) {
            continue;
        }
        serve(qs, &mut rep[r], r, e, touch, false);
        rep_touches[r] += 1;
    }
}

/// The idle rep among `reps` that has been free longest (ties: the first listed).
fn first_idle(rep: &[RepState], reps: impl Iterator<Item = u32>) -> Option<usize> {
    let mut best: Option<usize> = None;
    for r in reps {
        let r = r as usize;
        if rep[r].idle && best.is_none_or(|b| rep[r].free < rep[b].free) {
            best = Some(r);
        }
    }
    best
}

/// Rep `r` makes its first touch of lead `e` at `t`.
fn serve(qs: &mut Queues, rs: &mut RepState, r: usize, e: u32, t: f64, reassigned: bool) {
    let p = qs.p;
    let entry = &mut qs.entries[e as usize];
    entry.state = State::Touched;
    entry.touch = t;
    entry.reassigned = reassigned;
    let end = p.calendar.add_working(t, p.handle_minutes[r]);
    rs.busy_minutes += if end <= p.close_by {
        p.handle_minutes[r]
    } else {
        p.calendar.working_minutes_before(p.close_by) - p.calendar.working_minutes_before(t)
    };
    rs.last_end = end;
    rs.free = p.calendar.next_working(end);
    rs.idle = false;
    // A lead sales does not accept may go back to nurture, and qualify again later.
    let entry = &qs.entries[e as usize];
    if !qs.accepted(entry) && entry.u_recycle < p.recycle_share {
        qs.recycle(e, t, t);
    }
}

/// Runs trials `range` in order. Splitting a run into ranges (across workers) and concatenating
/// the outcomes gives exactly the outcomes of one call over the whole run.
pub fn run_trials(p: &Prepared, seed: u64, range: std::ops::Range<u32>) -> Vec<TrialOutcome> {
    let mut scratch = Scratch::default();
    range.map(|t| run_trial(p, seed, t, &mut scratch)).collect()
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
