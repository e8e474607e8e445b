//! The Monte Carlo simulation: a scenario over a sample of leads, trial by trial.
//!
//! [`prepare`] does once what does not change between trials: scoring, the MQL list in arrival
//! order, each MQL's odds multipliers, segment and routing pool. [`run_trial`] then replays the
//! quarter: MQLs queue for reps (a discrete-event simulation in arrival order), the first
//! response time comes out of the queue, and each MQL's way down the funnel is drawn.
//!
//! Every draw comes from streams keyed by `(seed, trial)` and `(seed, trial, lead)`, so a trial's
//! result does not depend on which worker runs it, and a lead meets the same random numbers in
//! two scenarios that both make it an MQL.

use crate::calendar::Calendar;
use crate::dist::{beta, exponential, lognormal_from, normal_pair, uniform};
use crate::generator::{generate, GeneratedLeads};
use crate::leads::{LeadTable, MINUTES_PER_DAY};
use crate::market::{odds, prob, Uncertain, STAGES};
use crate::process::{Balance, DecayCurve, RoutingMode};
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
    /// The rep a strict round robin gives this lead.
    round_robin_rep: u32,
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
    pools: Vec<Vec<u32>>,
    calendar: Calendar,
    rates: [Uncertain; 4],
    accept_factor: f64,
    curve: DecayCurve,
    sensitive_share: f64,
    sync_mean: f64,
    manual_delay_mean: Option<f64>,
    balance: Balance,
    response_sla: f64,
    disposition_sla: f64,
    recycle_share: f64,
    close_by: f64,
    total_cost: f64,
    segments: Vec<SegmentParams>,
    working_minutes: f64,
}

impl Prepared {
    pub fn mql_count(&self) -> usize {
        self.mqls.len()
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
        let round_robin_rep = pools[pool][turn[pool] % pools[pool].len()];
        turn[pool] += 1;
        mqls.push(Mql {
            lead: i,
            arrival: table.arrival(i as usize),
            odds: lead_odds,
            segment,
            pool: pool as u16,
            round_robin_rep,
        });
    }

    let calendar = Calendar::new(&p.hours);
    let handle_minutes = p
        .reps
        .iter()
        .map(|r| calendar.minutes_per_day() / r.touches_per_day)
        .collect();
    // Utilization is measured over the working time up to the end of the last arrival's day.
    let last_arrival = table.arrivals().iter().copied().fold(0.0, f64::max);
    let window_end = libm::ceil((last_arrival + 1.0) / MINUTES_PER_DAY) * MINUTES_PER_DAY;
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
        working_minutes: calendar.working_minutes_before(window_end).max(1.0),
        calendar,
        rates: STAGES.map(|st| s.market.stages.get(st)),
        accept_factor: if p.definitions_agreed {
            1.0
        } else {
            s.market.acceptance_without_agreed_definitions
        },
        curve: DecayCurve::new(&p.response_decay.points),
        sensitive_share: p.response_decay.sensitive_share,
        sync_mean: p.sync_latency_minutes,
        manual_delay_mean: (p.routing.mode == RoutingMode::Manual)
            .then_some(p.routing.manual_delay_hours * 60.0),
        balance: p.routing.balance,
        response_sla: p.response_sla_minutes,
        disposition_sla: p.disposition_sla_hours * 60.0,
        recycle_share: p.recycle_share,
        close_by: s.horizon.close_days * MINUTES_PER_DAY,
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
    })
}

macro_rules! metrics {
    ($( $(#[$doc:meta])* $name:ident ),* $(,)?) => {
        /// One trial's results. Counts are whole numbers held as `f64`; rates are in [0, 1]
        /// (NaN when undefined, e.g. a win rate with no closed deal).
        #[derive(Clone, Copy, Debug, Default, PartialEq)]
        pub struct TrialMetrics { $( $(#[$doc])* pub $name: f64, )* }

        impl TrialMetrics {
            pub const NAMES: &'static [&'static str] = &[$( stringify!($name) ),*];
            pub fn values(&self) -> Vec<f64> { vec![$( self.$name ),*] }
        }

        /// Every metric's distribution over the trials, in funnel order.
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct MetricSummaries { $( $(#[$doc])* pub $name: crate::report::Summary, )* }

        impl MetricSummaries {
            pub fn from_trials(trials: &[TrialOutcome]) -> MetricSummaries {
                MetricSummaries { $( $name: crate::report::Summary::of(trials.iter().map(|t| t.metrics.$name)), )* }
            }
            pub fn get(&self, name: &str) -> Option<&crate::report::Summary> {
                match name { $( stringify!($name) => Some(&self.$name), )* _ => None }
            }
        }
    };
}

metrics! {
    /// Leads in the sample.
    leads,
    /// Leads whose score qualifies them.
    mqls,
    /// MQLs sales accepted.
    sals,
    /// Accepted leads that qualified.
    sqls,
    /// SQLs that became opportunities.
    opportunities,
    /// Opportunities won and closed within the horizon.
    won,
    /// Opportunities lost within the horizon.
    lost,
    /// Opportunities still open at the end of the horizon.
    open_opportunities,
    /// MQLs sent back to nurture.
    recycled,
    /// Value of deals won within the horizon.
    revenue,
    /// Value of all opportunities created.
    pipeline,
    /// MQLs / leads.
    mql_rate,
    /// SALs / MQLs.
    acceptance_rate,
    /// SQLs / MQLs.
    mql_to_sql_rate,
    /// Won / (won + lost) within the horizon.
    win_rate,
    /// Median days from opportunity to close, over deals closed within the horizon.
    cycle_days,
    /// Opportunities × win rate × average deal / average cycle days: money per day.
    pipeline_velocity,
    /// (Marketing spend + sales cost) / deals won.
    cac,
    /// Share of MQLs first touched within the response SLA.
    sla_compliance,
    /// Share of MQLs given a disposition within the disposition SLA.
    disposition_compliance,
    /// Median minutes from arrival to first touch.
    response_minutes,
    /// 90th percentile of minutes from arrival to first touch.
    response_p90_minutes,
    /// Mean minutes from arrival to first touch.
    response_mean_minutes,
}

/// One trial: its metrics and the first touches each rep made.
#[derive(Clone, Debug, PartialEq)]
pub struct TrialOutcome {
    pub metrics: TrialMetrics,
    pub rep_touches: Vec<u32>,
}

/// Buffers reused from trial to trial.
#[derive(Default)]
pub struct Scratch {
    rep_free: Vec<f64>,
    draws: Vec<LeadDraws>,
    queue_order: Vec<(f64, u32)>,
    responses: Vec<f64>,
    sorted_responses: Vec<f64>,
    cycles: Vec<f64>,
}

/// One MQL's draws for a trial, made before the queue so that the queue can serve leads in the
/// order they become ready rather than the order they arrived.
#[derive(Clone)]
struct LeadDraws {
    ready: f64,
    u_accept: f64,
    u_recycle: f64,
    u_qualify: f64,
    u_opportunity: f64,
    u_win: f64,
    /// The lead's stream, kept for the draws only some leads need (deal size, cycle).
    rng: SplitMix64,
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
    let mut trng = trial_rng(seed, trial);
    // Uncertain base rates: one draw per stage per trial, turned into odds once.
    let base: [f64; 4] = p.rates.map(|u| draw_rate(&mut trng, &u));
    let base_odds = base.map(|b| if b >= 1.0 { f64::INFINITY } else { odds(b) });
    let accept_odds = base_odds[0] * p.accept_factor;

    // Pass 1: each MQL's draws, in a fixed order per lead so that two scenarios share random
    // numbers lead by lead, and the moment it is ready for a rep (synced, and routed).
    scratch.draws.clear();
    for m in &p.mqls {
        let mut rng = lead_rng(seed, trial, m.lead);
        let sync = exponential(&mut rng, p.sync_mean);
        let routing_delay = exponential(&mut rng, p.manual_delay_mean.unwrap_or(0.0));
        let mut ready = m.arrival + sync;
        if p.manual_delay_mean.is_some() {
            ready = p.calendar.add_working(ready, routing_delay);
        }
        scratch.draws.push(LeadDraws {
            ready,
            u_accept: uniform(&mut rng),
            u_recycle: uniform(&mut rng),
            u_qualify: uniform(&mut rng),
            u_opportunity: uniform(&mut rng),
            u_win: uniform(&mut rng),
            rng,
        });
    }

    // Pass 2: the queue. Reps serve leads first come, first served by the time they are ready.
    scratch.queue_order.clear();
    scratch.queue_order.extend(
        scratch
            .draws
            .iter()
            .enumerate()
            .map(|(i, d)| (d.ready, i as u32)),
    );
    if !scratch.queue_order.is_sorted_by(|a, b| a.0 <= b.0) {
        scratch
            .queue_order
            .sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    }
    scratch.rep_free.clear();
    scratch.rep_free.resize(p.handle_minutes.len(), 0.0);
    scratch.responses.clear();
    scratch.responses.resize(p.mqls.len(), 0.0);
    let mut rep_touches = vec![0u32; p.handle_minutes.len()];
    for &(ready, i) in &scratch.queue_order {
        let m = &p.mqls[i as usize];
        let rep = match p.balance {
            Balance::RoundRobin => m.round_robin_rep as usize,
            Balance::FirstAvailable => {
                let pool = &p.pools[m.pool as usize];
                let mut best = pool[0] as usize;
                for r in pool.iter().skip(1) {
                    if scratch.rep_free[*r as usize] < scratch.rep_free[best] {
                        best = *r as usize;
                    }
                }
                best
            }
        };
        let touch = p.calendar.next_working(ready.max(scratch.rep_free[rep]));
        scratch.rep_free[rep] = p.calendar.add_working(touch, p.handle_minutes[rep]);
        rep_touches[rep] += 1;
        scratch.responses[i as usize] = touch - m.arrival;
    }

    // Pass 3: each MQL's way down the funnel.
    let (mut sals, mut sqls, mut opps, mut won, mut lost, mut open, mut recycled) =
        (0u32, 0u32, 0u32, 0u32, 0u32, 0u32, 0u32);
    let (mut revenue, mut pipeline, mut cycle_sum, mut response_sum) = (0.0, 0.0, 0.0, 0.0);
    let (mut in_sla, mut in_disposition) = (0u32, 0u32);
    scratch.cycles.clear();
    for (i, m) in p.mqls.iter().enumerate() {
        let d = &mut scratch.draws[i];
        let response = scratch.responses[i];
        response_sum += response;
        in_sla += (response <= p.response_sla) as u32;
        // The rep gives the disposition at the first touch.
        in_disposition += (response <= p.disposition_sla) as u32;

        if d.u_accept >= prob(accept_odds * m.odds[0]) {
            recycled += (d.u_recycle < p.recycle_share) as u32;
            continue;
        }
        sals += 1;

        let o = base_odds[1] * m.odds[1];
        let prompt = prob(o);
        let late = prob(o * p.curve.multiplier(response));
        let p_qualify = (1.0 - p.sensitive_share) * prompt + p.sensitive_share * late;
        if d.u_qualify >= p_qualify {
            continue;
        }
        sqls += 1;
        if d.u_opportunity >= prob(base_odds[2] * m.odds[2]) {
            continue;
        }
        opps += 1;
        let seg = p.segments[m.segment as usize];
        let (z_cycle, z_deal) = normal_pair(&mut d.rng);
        let cycle = lognormal_from(seg.cycle_median, seg.cycle_sigma, z_cycle);
        let deal = lognormal_from(seg.deal_median, seg.deal_sigma, z_deal);
        pipeline += deal;
        cycle_sum += cycle;
        // The opportunity opens at the first touch and closes a cycle later.
        if m.arrival + response + cycle * MINUTES_PER_DAY > p.close_by {
            open += 1;
            continue;
        }
        scratch.cycles.push(cycle);
        if d.u_win < prob(base_odds[3] * m.odds[3]) {
            won += 1;
            revenue += deal;
        } else {
            lost += 1;
        }
    }

    let n = p.mqls.len() as f64;
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
    let win_rate = ratio(won as f64, (won + lost) as f64);
    scratch.sorted_responses.clear();
    scratch
        .sorted_responses
        .extend_from_slice(&scratch.responses);
    let metrics = TrialMetrics {
        leads: p.leads as f64,
        mqls: n,
        sals: sals as f64,
        sqls: sqls as f64,
        opportunities: opps as f64,
        won: won as f64,
        lost: lost as f64,
        open_opportunities: open as f64,
        recycled: recycled as f64,
        revenue,
        pipeline,
        mql_rate: ratio(n, p.leads as f64),
        acceptance_rate: ratio(sals as f64, n),
        mql_to_sql_rate: ratio(sqls as f64, n),
        win_rate,
        cycle_days: order_stat(&mut scratch.cycles, 0.5),
        pipeline_velocity: ratio(
            opps as f64 * win_rate * ratio(pipeline, opps as f64),
            ratio(cycle_sum, opps as f64),
        ),
        cac: if p.total_cost > 0.0 {
            ratio(p.total_cost, won as f64)
        } else {
            f64::NAN
        },
        sla_compliance: ratio(in_sla as f64, n),
        disposition_compliance: ratio(in_disposition as f64, n),
        response_minutes: order_stat(&mut scratch.sorted_responses, 0.5),
        response_p90_minutes: order_stat(&mut scratch.sorted_responses, 0.9),
        response_mean_minutes: ratio(response_sum, n),
    };
    TrialOutcome {
        metrics,
        rep_touches,
    }
}

/// Runs trials `range` in order. Splitting a run into ranges (across workers) and concatenating
/// the outcomes gives exactly the outcomes of one call over the whole run.
pub fn run_trials(p: &Prepared, seed: u64, range: std::ops::Range<u32>) -> Vec<TrialOutcome> {
    let mut scratch = Scratch::default();
    range.map(|t| run_trial(p, seed, t, &mut scratch)).collect()
}

/// Share of the working time in the lead window each rep spent on first touches, per trial.
pub fn utilization(p: &Prepared, rep: usize, touches: u32) -> f64 {
    touches as f64 * p.handle_minutes[rep] / p.working_minutes
}
