//! What one trial measures, and the names every front end uses for it.
//!
//! `sim` fills a [`TrialOutcome`] per trial; `report` summarizes them over the trials. Both
//! depend on this module and not on each other.

/// Response-time buckets of the speed-to-lead breakdown, as upper bounds in minutes; an MQL
/// answered after the last bound falls in the last-but-one bucket, and one never touched in the
/// last.
pub const SPEED_BUCKETS: [(&str, f64); 8] = [
    ("within 5 min", 5.0),
    ("5–30 min", 30.0),
    ("30–60 min", 60.0),
    ("1–2 h", 120.0),
    ("2–24 h", 1440.0),
    ("1–7 days", 10080.0),
    ("over 7 days", f64::INFINITY),
    ("never touched", f64::NAN),
];

/// The bucket of a response time; `None` (never touched) is the last.
pub fn speed_bucket(response: Option<f64>) -> usize {
    match response {
        None => SPEED_BUCKETS.len() - 1,
        Some(r) => SPEED_BUCKETS
            .iter()
            .position(|(_, hi)| r <= *hi)
            .unwrap_or(SPEED_BUCKETS.len() - 2),
    }
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
    /// Recycled leads that qualified again after nurture, within the horizon.
    requalified,
    /// MQLs sales accepted (the first MQLs and the re-qualified ones).
    sals,
    /// Accepted leads a rep reached and qualified.
    sqls,
    /// SQLs that became opportunities within the horizon.
    opportunities,
    /// Opportunities won and closed within the horizon.
    won,
    /// Opportunities lost within the horizon.
    lost,
    /// Opportunities still open at the end of the horizon.
    open_opportunities,
    /// MQLs sent back to nurture: not accepted and recycled, or returned undispositioned.
    recycled,
    /// MQLs returned to marketing because the disposition SLA passed before a first touch.
    returned,
    /// MQLs no rep ever reached: went cold in the queue, still waiting at the horizon's end,
    /// or accepted but never reached.
    never_contacted,
    /// MQLs that waited past the queue's patience and went cold untouched.
    went_cold,
    /// MQLs still waiting for a first touch when the horizon ends.
    backlog,
    /// MQLs taken from their rep when the response SLA passed and given to another.
    reassigned,
    /// Value of deals won within the horizon.
    revenue,
    /// Value of the opportunities created within the horizon.
    pipeline,
    /// MQLs / leads.
    mql_rate,
    /// SALs / MQLs (re-qualified leads count as MQLs again).
    acceptance_rate,
    /// SQLs / MQLs.
    mql_to_sql_rate,
    /// SQLs / SALs.
    sal_to_sql_rate,
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
    /// Median minutes from arrival to first touch, over MQLs touched within the horizon.
    response_minutes,
    /// 90th percentile of minutes from arrival to first touch.
    response_p90_minutes,
    /// Mean minutes from arrival to first touch.
    response_mean_minutes,
}

/// What one trial counts for one group of leads (a source channel, a company-size segment).
/// The group's leads and MQLs are the same in every trial: they are in [`GroupLabel`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GroupCounts {
    /// SQLs among the group's MQL entries (re-qualified leads count again, as in `sqls`).
    pub sqls: u32,
    /// Deals won within the horizon.
    pub won: u32,
    /// Value of those deals.
    pub revenue: f64,
}

/// One trial: its metrics, each rep's load, and the speed-to-lead breakdown.
#[derive(Clone, Debug, PartialEq)]
pub struct TrialOutcome {
    pub metrics: TrialMetrics,
    pub rep_touches: Vec<u32>,
    /// Share of each rep's working time spent on first touches, from the horizon start until
    /// the later of the lead window's end and the rep's last touch (never past the horizon).
    pub rep_utilization: Vec<f64>,
    /// Per response-time bucket ([`SPEED_BUCKETS`]): MQLs, and of them SQLs.
    pub speed: [[u32; 2]; SPEED_BUCKETS.len()],
    /// Per source channel, in the order of [`RunLabels::by_channel`]; empty when the leads have
    /// no channel column. The groups add up to the trial's `sqls`, `won` and `revenue`.
    pub by_channel: Vec<GroupCounts>,
    /// Per company-size segment, in the order of [`RunLabels::by_segment`] (the scenario's).
    pub by_segment: Vec<GroupCounts>,
}

/// One group of leads in a breakdown: what is the same in every trial.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupLabel {
    pub name: String,
    /// Leads of the sample in the group.
    pub leads: u32,
    /// Of them, MQLs (each lead once, as in `mqls`).
    pub mqls: u32,
    /// The marketing spend put on the group: the spend times the group's share of the
    /// sample's leads (the scenario has no spend per channel). `None` without a marketing spend.
    pub spend: Option<f64>,
}

/// The groups of one breakdown, and where they come from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BreakdownLabels {
    /// The lead field the groups are read from; `None` when the leads have none.
    pub field: Option<String>,
    /// What a reader must know about these groups: no such column, leads without a value.
    pub note: Option<String>,
    /// Every lead is in exactly one group, so the groups add up to the totals.
    pub groups: Vec<GroupLabel>,
}

/// What a report says about the run besides the trials' numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct RunLabels {
    pub scenario: String,
    pub rep_names: Vec<String>,
    pub warnings: Vec<String>,
    /// MQLs in the sample, for warnings about the queue.
    pub mqls: usize,
    /// The funnel by source channel and by company-size segment.
    pub by_channel: BreakdownLabels,
    pub by_segment: BreakdownLabels,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_by_response() {
        let cases = [
            (Some(0.0), 0),
            (Some(5.0), 0),
            (Some(5.5), 1),
            (Some(59.0), 2),
            (Some(90.0), 3),
            (Some(1440.0), 4),
            (Some(2000.0), 5),
            (Some(1e7), 6),
            (None, 7),
        ];
        for (r, want) in cases {
            assert_eq!(speed_bucket(r), want, "{r:?}");
        }
    }
}
