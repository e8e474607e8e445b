//! The reps' queue in one trial: who is touched when, and what becomes of the MQLs no rep
//! touches.
//!
//! MQLs wait in queues (one per rep with round robin, one per pool with first available) that
//! reps work in the scenario's order; a lead that waits past the patience goes cold, a breached
//! response SLA hands it to an idle rep, a breached disposition SLA returns it to marketing, and
//! recycled leads come back after nurture. Two implementations with one meaning: the event
//! simulation ([`run`] in general) and, when reps work the oldest lead first and nothing is
//! reassigned, one pass in ready order ([`fifo_queue`]), which a test checks gives the same bits.
//!
//! The queue decides only timing and fate; the funnel's outcomes are drawn in `sim`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::dist::uniform;
use crate::market::prob;
use crate::process::QueueOrder;
use crate::rng::{lead_rng, SplitMix64};
use crate::sim::Prepared;

/// Where an MQL stands in a trial's queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum State {
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
pub(crate) struct Entry {
    /// Index into `Prepared::mqls`.
    pub(crate) mql: u32,
    pub(crate) arrival: f64,
    /// The first working minute at which a rep may touch it.
    pub(crate) ready: f64,
    pub(crate) state: State,
    pub(crate) touch: f64,
    /// The rep who made the first touch ([`NO_REP`] until one does).
    pub(crate) rep: u32,
    pub(crate) reentry: bool,
    pub(crate) reassigned: bool,
    pub(crate) u_accept: f64,
    pub(crate) u_recycle: f64,
    pub(crate) u_requalify: f64,
    pub(crate) u_contact: f64,
    pub(crate) u_qualify: f64,
    pub(crate) u_opportunity: f64,
    pub(crate) u_win: f64,
    /// The lead's stream, kept for the draws only some leads need (deal size, cycle).
    pub(crate) rng: SplitMix64,
}

/// An entry's rep before any rep touched it.
pub(crate) const NO_REP: u32 = u32::MAX;

/// Keys a re-qualified lead's stream apart from its first pass.
const REENTRY_STREAM: u32 = 1 << 31;

impl Entry {
    pub(crate) fn new(
        mql: u32,
        arrival: f64,
        ready: f64,
        reentry: bool,
        mut rng: SplitMix64,
    ) -> Entry {
        Entry {
            mql,
            arrival,
            ready,
            state: State::Pending,
            touch: f64::NAN,
            rep: NO_REP,
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
pub(crate) struct WaitQueue {
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
    /// The MQLs' odds multipliers drawn for this trial (see `Prepared::odds_of`).
    trial_odds: &'a [[f64; 4]],
    entries: &'a mut Vec<Entry>,
    queues: &'a mut Vec<WaitQueue>,
    /// Recycled leads that will qualify again: (the moment they are ready, the lead, the entry).
    /// Ties go by the lead, not the entry, whose number depends on the order of recycling.
    reentries: BinaryHeap<Reverse<(u64, u32, u32)>>,
}

impl Queues<'_> {
    fn accepted(&self, e: &Entry) -> bool {
        e.u_accept < prob(self.accept_odds * self.p.odds_of(e.mql, self.trial_odds)[0])
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

/// A rep's state while the queue runs.
#[derive(Clone, Copy)]
pub(crate) struct RepState {
    /// The first working minute the rep is free again.
    pub(crate) free: f64,
    pub(crate) idle: bool,
    pub(crate) busy_minutes: f64,
    pub(crate) last_end: f64,
}

/// Buffers the queue reuses from trial to trial.
#[derive(Default)]
pub(crate) struct QueueScratch {
    queues: Vec<WaitQueue>,
    /// Each rep's state; after [`run`], its load over the trial.
    pub(crate) reps: Vec<RepState>,
    busy: BinaryHeap<Reverse<(u64, u32)>>,
    reentries: BinaryHeap<Reverse<(u64, u32, u32)>>,
    candidates: Vec<u32>,
    touched_queues: Vec<u32>,
}

/// Runs the queue of one trial over `entries`, the trial's MQLs in MQL order, whose ready times
/// `ready_order` lists sorted. Afterwards every entry is touched, cold, returned or in the
/// backlog; re-qualified leads are appended in lead order; `scratch.reps` holds each rep's load
/// and `rep_touches` its first touches.
pub(crate) fn run(
    p: &Prepared,
    (seed, trial): (u64, u32),
    (accept_odds, trial_odds): (f64, &[[f64; 4]]),
    entries: &mut Vec<Entry>,
    ready_order: &[(f64, u32)],
    scratch: &mut QueueScratch,
    rep_touches: &mut [u32],
) {
    let first_pass = entries.len();
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
        trial_odds,
        entries,
        queues: &mut scratch.queues,
        reentries: std::mem::take(&mut scratch.reentries),
    };
    if p.fifo_shortcut {
        fifo_queue(&mut qs, rep, ready_order, rep_touches);
    } else {
        let breach_at = |qs: &Queues, i: usize, after: f64| -> f64 {
            p.calendar.next_working(qs.entries[i].arrival + after)
        };
        loop {
            let t_ready = ready_order.get(next_ready).map_or(f64::INFINITY, |r| r.0);
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

            while next_ready < ready_order.len() && ready_order[next_ready].0 <= t {
                let e = ready_order[next_ready].1;
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
    entry.rep = r as u32;
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
