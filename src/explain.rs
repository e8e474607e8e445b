//! What each metric and each editable setting means, how the model uses it, and where its
//! definition or default comes from, as data for tooltips and the side panel.
//!
//! The texts follow `docs/model.md` (the engine is the reference) and the domain brief: figures
//! from publications name their source, everything else is called an assumption of the project.
//! Each field stays under [`MAX_CHARS`] characters so it fits a tooltip. The readiness
//! checklist's words ([`check_effect`], [`alignment_level`]) are built from the engine's own
//! constants, so they cannot drift from what `readiness::answer` does.

use funnel_engine::process::{ResponseBreach, RoutingMode};
use funnel_engine::readiness::{
    Check, Checklist, CHECKS, MANUAL_DELAY_WHEN_FAILED_HOURS, SLA_PASS_AT_MOST_MINUTES,
    SYNC_WHEN_FAILED_MINUTES, SYNC_WHEN_PASSED_MINUTES,
};
use funnel_engine::sim::FEEDBACK_REQUALIFY_FACTOR;
use funnel_engine::Scenario;

use crate::format;

/// The longest any field may be, in characters.
pub const MAX_CHARS: usize = 220;

/// One metric's or setting's explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// A short plain-language name.
    pub title: &'static str,
    /// How the model computes or uses it.
    pub formula: &'static str,
    /// Where its definition or default comes from.
    pub source: &'static str,
}

const fn x(title: &'static str, formula: &'static str, source: &'static str) -> Explanation {
    Explanation {
        title,
        formula,
        source,
    }
}

/// The explanation of a metric named as in `funnel_engine::sim::TrialMetrics::NAMES`.
pub fn metric(name: &str) -> Option<Explanation> {
    Some(match name {
        "leads" => x(
            "Leads",
            "Leads in the sample: generated (3,334 a month for 3 months = 10,002 by default) or \
             the rows of an imported CRM export. The same in every trial.",
            "Definition: DOMAIN funnel (a lead is an inquiry). Generator volume and mix: \
             assumption of the project.",
        ),
        "mqls" => x(
            "MQLs",
            "Leads whose score qualifies them: fit + engagement ≥ threshold, or a grade listed in \
             the grid. Scored once, so the same in every trial.",
            "Definition: DOMAIN funnel (meets the agreed fit + engagement threshold). Default \
             points and threshold 55: assumption of the project.",
        ),
        "requalified" => x(
            "Re-qualified after nurture",
            "Recycled leads that came back as MQLs after nurture, within the horizon: the \
             re-qualify share of them (1.5× with full-funnel reporting), once at most. They queue \
             again.",
            "Defaults 30 days of nurture, 20 % re-qualify, the 1.5× factor: assumptions of the \
             project.",
        ),
        "sals" => x(
            "SALs (sales accepted)",
            "MQLs a rep accepts at the first touch. Chance: accept base rate (drawn per trial) × \
             the lead's fit and intent odds, × 0.12 on the odds without agreed definitions.",
            "Definition: DOMAIN funnel. Base rate 0.7: assumption of the project; 0.12 \
             calibrated to 30–50 % siloed vs 80–90 % aligned acceptance (seed \"000\").",
        ),
        "sqls" => x(
            "SQLs (sales qualified)",
            "Accepted MQLs a rep reaches and qualifies. Both chances fall the longer the first \
             response takes (speed to lead), and rise with the lead's fit and intent.",
            "Definition: DOMAIN funnel (budget, authority, need, timeline). Base rate 0.235: \
             assumption of the project; speed to lead from Oldroyd 2007 and HBR 2011.",
        ),
        "opportunities" => x(
            "Opportunities created",
            "SQLs that become opportunities: opportunity base rate × the lead's odds. The \
             opportunity opens at the first touch.",
            "Definition: DOMAIN funnel. Base rate 0.6: assumption of the project.",
        ),
        "won" => x(
            "Deals won",
            "Opportunities that close within the horizon and are won: win base rate × the lead's \
             odds, raised by the alignment effects in proportion to the readiness checklist.",
            "Definition: DOMAIN funnel (closed won). Win base rate 0.11 and the 180-day horizon: \
             assumptions of the project.",
        ),
        "lost" => x(
            "Deals lost",
            "Opportunities that close within the horizon and are not won.",
            "Definition: DOMAIN funnel (closed lost). Horizon of 180 days: assumption of the \
             project.",
        ),
        "open_opportunities" => x(
            "Opportunities still open",
            "Opportunities whose drawn close falls after the horizon: counted in pipeline, \
             neither won nor lost.",
            "Follows from the horizon (180 days) and the segment cycle lengths, both assumptions \
             of the project (cycle medians inside vendor ranges).",
        ),
        "recycled" => x(
            "Recycled to nurture",
            "MQLs sent back to marketing's nurture: the recycle share of those sales does not \
             accept, plus leads returned untouched when the disposition SLA passed.",
            "Definition: DOMAIN funnel (leads not ready go back to nurture). Recycle share 0.5: \
             assumption of the project.",
        ),
        "returned" => x(
            "Returned to marketing",
            "MQLs still untouched when the disposition SLA passed, sent back to nurture because \
             the process says so (disposition breach: return to marketing). Also counted as \
             recycled.",
            "Readiness check 4, an enforced SLA (seed \"001\"). Default 48 h: the common SLA \
             per the domain brief.",
        ),
        "never_contacted" => x(
            "Never contacted",
            "MQLs no rep ever spoke to: gone cold in the queue, still waiting at the horizon's \
             end, returned to marketing, or accepted and called but never reached.",
            "Reaching a lead: 90 % within 5 min (assumption of the project), odds about 100× \
             lower at 30 min (Lead Response Management study, Oldroyd with InsideSales.com, \
             2007).",
        ),
        "went_cold" => x(
            "Went cold in the queue",
            "MQLs that waited longer than the queue's patience without a first touch: no rep \
             ever contacts them.",
            "Patience of 336 hours (14 days): assumption of the project.",
        ),
        "backlog" => x(
            "Still waiting at the end",
            "MQLs still waiting for a first touch when the horizon ends: the team had not got to \
             them yet.",
            "Follows from the reps' capacity and the 180-day horizon, both assumptions of the \
             project.",
        ),
        "reassigned" => x(
            "Reassigned",
            "MQLs whose response SLA passed while they waited: taken from their rep by a rep of \
             their pool with no lead of its own waiting, then, after a second SLA period, by \
             anyone free.",
            "Readiness check 4: a follow-up SLA that is enforced (seed \"001\"). On in the \
             aligned preset.",
        ),
        "revenue" => x(
            "Revenue won",
            "Sum of the deal sizes of deals won within the horizon. Deal = segment median × \
             e^(σ·Z), a lognormal draw per opportunity.",
            "Deal medians SMB $9k, mid-market $32k, enterprise $120k, and their spreads: \
             assumption of the project.",
        ),
        "pipeline" => x(
            "Pipeline created",
            "Sum of the deal sizes of all opportunities created: won, lost or still open.",
            "Deal sizes per segment: assumption of the project.",
        ),
        "mql_rate" => x(
            "MQL rate",
            "MQLs ÷ leads. One sample and deterministic scoring, so no spread across trials.",
            "Definition: DOMAIN metrics table. Published inquiry → MQL 10–25 % (demand-waterfall \
             ranges, secondary sources).",
        ),
        "acceptance_rate" => x(
            "Lead acceptance rate (MQL → SAL)",
            "SALs ÷ MQLs, per trial; a re-qualified lead counts as an MQL again.",
            "Definition: DOMAIN metrics table. Reported 30–50 % siloed vs 80–90 % aligned (seed \
             \"000\"); Gartner: 44 % of MQLs pass sales' fit check.",
        ),
        "mql_to_sql_rate" => x(
            "MQL → SQL rate",
            "SQLs ÷ MQLs, per trial; a re-qualified lead counts as an MQL again.",
            "Definition: DOMAIN metrics table. Typical ≈13 % (commonly quoted, secondary \
             sources); aligned teams 20–25 % (reported, seed \"000\").",
        ),
        "sal_to_sql_rate" => x(
            "SAL → SQL rate",
            "SQLs ÷ SALs, per trial: of the leads sales accepted, the share reps reached and \
             qualified. Where speed to lead acts.",
            "Definition: DOMAIN metrics table.",
        ),
        "win_rate" => x(
            "Win rate",
            "Won ÷ (won + lost), counting only deals closed within the horizon; undefined in a \
             trial where no deal closed.",
            "About 20–25 % median in B2B SaaS (Benchmarkit 2022, secondary). Aligned teams \
             report 38 % higher: reported, not established (Market tab).",
        ),
        "cycle_days" => x(
            "Sales cycle (median days)",
            "Median drawn cycle, opportunity to close, of deals closed within the horizon; \
             shortened by the alignment effects. Censored: cycles that close later are left out.",
            "Segment medians 21 / 55 / 130 days sit in vendor ranges SMB 14–30, mid-market \
             30–90, enterprise 90–180+ (unsourced). Aligned: 15–20 % shorter, reported.",
        ),
        "pipeline_velocity" => x(
            "Pipeline velocity",
            "Opportunities × win rate × average deal ÷ mean cycle days, over all opportunities \
             created in the window: money per day.",
            "Definition: DOMAIN metrics table, which counts open opportunities; the engine uses \
             all opportunities created.",
        ),
        "cac" => x(
            "Customer acquisition cost (CAC)",
            "(Marketing spend + sales cost) ÷ deals won. The costs are fixed inputs; undefined \
             when no deal is won or both costs are 0.",
            "Definition: DOMAIN metrics table. Default costs $600k marketing + $300k sales for \
             the quarter: assumption of the project.",
        ),
        "sla_compliance" => x(
            "Response SLA compliance",
            "Share of MQLs first touched within the response SLA, in wall-clock minutes from \
             arrival. Leads never touched count as missed.",
            "Definition: DOMAIN metrics table. Default SLA 24 h from the readiness checklist \
             (seed \"001\"); aligned 5 min from the Lead Response Management study (2007).",
        ),
        "disposition_compliance" => x(
            "Disposition within SLA",
            "Share of MQLs given a disposition (accept, reject, recycle) within the disposition \
             SLA. The rep decides at the first touch.",
            "Definition: DOMAIN funnel (every MQL gets a disposition in agreed time). Default \
             48 h: the common SLA per the domain brief.",
        ),
        "response_minutes" => x(
            "First response, median",
            "Median minutes from arrival to first touch: CRM sync + routing + waiting in the \
             queue for a free rep in working hours. Leads never touched are left out.",
            "Definition: DOMAIN speed to lead (median, P90). An output of the simulated queue, \
             not an input.",
        ),
        "response_p90_minutes" => x(
            "First response, P90",
            "90th percentile of minutes from arrival to first touch, per trial: nine touched \
             MQLs in ten were answered at least this fast.",
            "Definition: DOMAIN speed to lead (median, P90).",
        ),
        "response_mean_minutes" => x(
            "First response, mean",
            "Mean minutes from arrival to first touch over the MQLs touched, per trial.",
            "For comparison: HBR 2011 (Oldroyd, McElheran, Elkington) found a 42-hour average \
             among companies answering within 30 days.",
        ),
        _ => return None,
    })
}

/// The scenario paths [`setting`] explains, in the order of the editor.
pub const SETTINGS: &[&str] = &[
    "scoring.qualify.threshold",
    "scoring.decay.half_life_days",
    "process.sync_latency_minutes",
    "process.routing.mode",
    "process.routing.manual_delay_hours",
    "process.routing.balance",
    "process.reps",
    "process.hours",
    "process.queue.order",
    "process.queue.patience_hours",
    "process.response_sla_minutes",
    "process.on_response_breach",
    "process.disposition_sla_hours",
    "process.on_disposition_breach",
    "process.definitions_agreed",
    "process.full_funnel_reporting",
    "process.recycling",
    "process.speed_to_lead",
    "process.speed_to_lead.strength",
    "process.speed_to_lead.contact_rate",
    "process.speed_to_lead.spread",
    "market.stages.accept",
    "market.stages.qualify",
    "market.stages.opportunity",
    "market.stages.win",
    "market.acceptance_without_agreed_definitions",
    "market.alignment",
    "market.segments",
    "horizon.close_days",
    "costs",
];

fn setting_exact(path: &str) -> Option<Explanation> {
    Some(match path {
        "scoring.qualify.threshold" => x(
            "MQL threshold",
            "A lead is an MQL when fit + engagement points ≥ the threshold. It only decides which \
             leads reach the reps; buyers behave the same whatever the score.",
            "Default 55: assumption of the project. It qualifies 18.6 % of the default sample, \
             inside the published inquiry → MQL range of 10–25 % (secondary).",
        ),
        "scoring.decay.half_life_days" => x(
            "Engagement half-life",
            "Engagement × 2^(−days since last activity ÷ half-life), applied after the caps. Fit \
             never decays.",
            "Default 30 days: assumption of the project.",
        ),
        "process.sync_latency_minutes" => x(
            "CRM sync latency",
            "Mean of an exponential delay, in wall-clock minutes, before a new lead reaches the \
             CRM. No rep sees the lead before; it adds to every response time.",
            "Default 2 min (siloed 240, aligned 1): assumption of the project. Readiness check 2 \
             (seed \"001\") passes under 5 min.",
        ),
        "process.routing.mode" => x(
            "Routing",
            "Automatic: rules assign a lead the moment it lands in the CRM. Manual: a manager \
             assigns it after an exponential delay counted in working hours.",
            "Readiness check 3 (seed \"001\"): automated routing passes, assignment by a manager \
             fails. Defaults: assumption of the project.",
        ),
        "process.routing.manual_delay_hours" => x(
            "Manual routing delay",
            "Mean working hours a manager takes to assign a lead (exponential). Used only with \
             manual routing.",
            "Siloed 7.5 h: assumption of the project, tuned with the sync delay so the mean \
             response lands near the 42 hours of HBR 2011.",
        ),
        "process.routing.balance" => x(
            "Balance within a pool",
            "Round robin: the k-th MQL of a pool goes to rep k mod n, fixed for all trials. \
             First available: the pool shares one queue, and the first free rep takes the lead.",
            "Practices named in the domain brief. Default round robin, aligned first available: \
             assumption of the project.",
        ),
        "process.reps" => x(
            "Reps",
            "Who makes first touches: each rep's territories and touches per day. Handle time = \
             working-day minutes ÷ touches per day; utilization is the share of working time.",
            "Default 3 Americas, 2 EMEA, 1 APAC at 8 first touches a day (aligned 10): \
             assumption of the project.",
        ),
        "process.hours" => x(
            "Working hours",
            "Days and daily window in which reps touch leads and managers route them; one time \
             zone, no holidays. Leads arriving outside wait for the next opening.",
            "Default Mon–Fri 09–17 (aligned 07–20): assumption of the project.",
        ),
        "process.queue.order" => x(
            "Queue order",
            "Which waiting lead a free rep takes next: the oldest (first come, first served), \
             the newest (reps cherry-picking fresh leads), or the one with the highest score.",
            "Practices named in the domain brief. Default oldest first: assumption of the \
             project.",
        ),
        "process.queue.patience_hours" => x(
            "Patience",
            "Leads not touched within this many hours (wall-clock, from arrival) go cold: no rep \
             ever contacts them. They count as never contacted.",
            "Default 336 h (14 days): assumption of the project.",
        ),
        "process.response_sla_minutes" => x(
            "First-response SLA",
            "Target minutes from arrival to first touch. Setting it alone does not make reps \
             faster; what a breach does is chosen beside it: measure only, or reassign.",
            "Default 24 h: readiness checklist (seed \"001\"). Aligned 5 min: Lead Response \
             Management study (Oldroyd with InsideSales.com, 2007). Siloed 48 h: assumption.",
        ),
        "process.on_response_breach" => x(
            "When the response SLA passes",
            "Measure only: the breach is counted, nothing else. Reassign: the waiting lead goes \
             to the next rep of its pool with nothing of its own waiting, then, after a second \
             SLA period, to anyone free.",
            "Readiness check 4, an enforced SLA (seed \"001\"). Default measure only, aligned \
             reassign: assumption of the project.",
        ),
        "process.disposition_sla_hours" => x(
            "Disposition SLA",
            "Hours within which every MQL must be accepted, rejected or recycled; met when the \
             first touch comes in time.",
            "Default 48 h: the common SLA per the domain brief.",
        ),
        "process.on_disposition_breach" => x(
            "When the disposition SLA passes",
            "Measure only: the breach is counted. Return to marketing: a lead still untouched \
             when the SLA passes goes back to nurture, and may qualify again later.",
            "Readiness check 4 (seed \"001\"). Default measure only, aligned return to \
             marketing: assumption of the project.",
        ),
        "process.definitions_agreed" => x(
            "Agreed MQL and SQL definitions",
            "When off, every lead's acceptance odds are multiplied by the acceptance factor \
             without agreed definitions (0.12): sales rejects far more MQLs.",
            "Readiness check 1 (seed \"001\"). On in the default and aligned presets, off in \
             siloed.",
        ),
        "process.full_funnel_reporting" => x(
            "Full-funnel reporting",
            "One report from first touch to closed deal, so marketing sees what sales did with \
             its leads: recycled leads then re-qualify 1.5× as often.",
            "Readiness check 5 (seed \"001\"). The 1.5× factor: assumption of the project.",
        ),
        "process.recycling" => x(
            "Recycling",
            "Of the MQLs sales does not accept, the share sent to nurture (the rest are closed); \
             after the nurture days, the re-qualify share of them comes back as MQLs, once.",
            "Defaults 50 % recycled, 30 days of nurture, 20 % re-qualify: assumptions of the \
             project.",
        ),
        "process.speed_to_lead" => x(
            "Speed to lead",
            "The odds of reaching a lead, then of qualifying it, × the curve's multipliers at \
             the response time (log-log between points, flat beyond the ends).",
            "About 100× lower contact and 21× lower qualification odds at 30 than at 5 min \
             (Oldroyd with InsideSales.com, 2007); 1st hour ≈7× the 2nd, >60× 24 h (HBR 2011).",
        ),
        "process.speed_to_lead.strength" => x(
            "Strength of the effect",
            "Published: the studies' effect. Half: the square root of each multiplier (30 vs 5 \
             min: 2.5× fewer SQLs, not 18×, measured). None: response time changes nothing.",
            "Published curve calibrated to Oldroyd 2007 and HBR 2011; half and none: what-ifs of \
             the project, for readers who doubt how far the studies carry over.",
        ),
        "process.speed_to_lead.contact_rate" => x(
            "Reached when answered within 5 min",
            "Chance a rep reaches an accepted lead touched within the curve's first point; later \
             touches multiply its odds by the contact multiplier.",
            "Default 90 %: assumption of the project.",
        ),
        "process.speed_to_lead.spread" => x(
            "Uncertainty of the effect",
            "Standard deviation of the log of the effect's size, drawn once per trial: 0.07 \
             makes the ratios vary by about ±7 % from trial to trial.",
            "Default 0.07: assumption of the project.",
        ),
        "market.stages.accept" => x(
            "Acceptance base rate",
            "Chance a rep accepts an MQL of average fit and intent. Drawn per trial from a Beta \
             with this mean and sd, then combined with the lead's odds.",
            "Default mean 0.7, sd 0.06: assumption of the project, chosen so the presets land \
             in the published acceptance ranges.",
        ),
        "market.stages.qualify" => x(
            "Qualification base rate",
            "Chance an accepted average lead, reached within 5 min, qualifies (SAL → SQL). Beta \
             per trial, × the lead's odds and the speed-to-lead multiplier.",
            "Default mean 0.235, sd 0.05: assumption of the project.",
        ),
        "market.stages.opportunity" => x(
            "Opportunity base rate",
            "Chance an average SQL becomes an opportunity. Beta per trial, × the lead's odds.",
            "Default mean 0.6, sd 0.08: assumption of the project.",
        ),
        "market.stages.win" => x(
            "Win base rate",
            "Chance an average opportunity that closes within the horizon is won. Beta per \
             trial, × the lead's odds, raised by the alignment effects.",
            "Default mean 0.11, sd 0.025: assumption of the project; MQLs then win about \
             20–25 %, the B2B SaaS median (Benchmarkit 2022, secondary).",
        ),
        "market.acceptance_without_agreed_definitions" => x(
            "Acceptance without agreed definitions",
            "Multiplies every lead's acceptance odds when MQL and SQL definitions are not \
             agreed.",
            "Default 0.12, calibrated to 30–50 % siloed vs 80–90 % aligned acceptance (seed \
             \"000\"): odds of 40 % ÷ odds of 85 % ≈ 0.12.",
        ),
        "market.alignment" => x(
            "Alignment effects",
            "Win rate × (1 + level × uplift), cycle × (1 − level × reduction); level = share of \
             readiness checks passed; sizes drawn per trial. Off: no effect.",
            "Reported, not established: industry articles on sales–marketing alignment report \
             38 % higher win rates and 15–20 % shorter cycles; no controlled study.",
        ),
        "market.segments" => x(
            "Deal segments",
            "By company size (SMB < 100, mid-market < 1,000, enterprise). Each opportunity draws \
             a lognormal deal size and sales cycle from its segment.",
            "Deal sizes and spreads: assumption of the project. Cycle medians 21 / 55 / 130 days \
             sit in vendor ranges 14–30, 30–90, 90–180+ days (unsourced).",
        ),
        "horizon.close_days" => x(
            "Horizon",
            "Days from the horizon start within which a deal must close to count as won or \
             lost, and a lead must be touched to count at all; later closes stay open.",
            "Default 180 days: assumption of the project.",
        ),
        "costs" => x(
            "Costs",
            "Marketing spend + sales cost behind the sample's leads, used only for CAC = costs ÷ \
             deals won. Fixed: they do not follow team size or hours.",
            "Default $600k marketing (about $60 a lead) + $300k sales (six reps at $50k a \
             quarter): assumption of the project.",
        ),
        _ => return None,
    })
}

/// What a readiness check stands for in the scenario: what answering it sets, and where the
/// scenario stands now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckEffect {
    pub sets: String,
    pub now: String,
}

/// The words beside a readiness check, from the engine's own values (the ones
/// `readiness::answer` sets) and the scenario's.
pub fn check_effect(check: Check, s: &Scenario) -> CheckEffect {
    let p = &s.process;
    let (sets, now) = match check {
        Check::AgreedDefinitions => (
            format!(
                "Passing agrees one MQL and SQL definition; failing drops it, and every lead's \
                 acceptance odds are multiplied by {}.",
                s.market.acceptance_without_agreed_definitions
            ),
            if p.definitions_agreed {
                "Now: agreed.".to_string()
            } else {
                "Now: not agreed.".to_string()
            },
        ),
        Check::DataIntegration => (
            format!(
                "Passing sets CRM sync to {}; failing sets {} (a batch export).",
                format::setting_duration(SYNC_WHEN_PASSED_MINUTES),
                format::setting_duration(SYNC_WHEN_FAILED_MINUTES)
            ),
            format!("Now: {}.", format::setting_duration(p.sync_latency_minutes)),
        ),
        Check::AutomatedRouting => {
            let delay = if p.routing.manual_delay_hours == 0.0 {
                MANUAL_DELAY_WHEN_FAILED_HOURS
            } else {
                p.routing.manual_delay_hours
            };
            (
                format!(
                    "Passing routes leads by rules at once; failing has a manager assign them, \
                     {} working hours later on average.",
                    format::count(delay)
                ),
                match p.routing.mode {
                    RoutingMode::Automatic => "Now: automatic.".to_string(),
                    RoutingMode::Manual => format!(
                        "Now: by a manager, {} working hours.",
                        format::count(p.routing.manual_delay_hours)
                    ),
                },
            )
        }
        Check::FollowUpSla => (
            format!(
                "Passing caps the response SLA at {}, reassigns breached leads and returns \
                 undispositioned ones to marketing; failing only measures both SLAs.",
                format::setting_duration(SLA_PASS_AT_MOST_MINUTES)
            ),
            format!(
                "Now: {} response SLA, {}.",
                format::setting_duration(p.response_sla_minutes),
                match p.on_response_breach {
                    ResponseBreach::Measure => "breaches only measured",
                    ResponseBreach::Reassign => "breached leads reassigned",
                }
            ),
        ),
        Check::FullFunnelReporting => (
            format!(
                "Passing turns on one report from first touch to closed deal: recycled leads \
                 re-qualify {}× as often. Failing turns it off.",
                FEEDBACK_REQUALIFY_FACTOR
            ),
            if p.full_funnel_reporting {
                "Now: on.".to_string()
            } else {
                "Now: off.".to_string()
            },
        ),
    };
    CheckEffect { sets, now }
}

/// How much of the alignment effects the checklist lets through, in a sentence.
pub fn alignment_level(list: &Checklist, enabled: bool) -> String {
    let passed = list.passed_count();
    let of = CHECKS.len();
    let checks = if passed == 1 {
        "checks passes"
    } else {
        "checks pass"
    };
    if enabled {
        format!(
            "{passed} of {of} {checks}: {:.0} % of the reported alignment effects apply",
            list.level() * 100.0
        )
    } else {
        format!("{passed} of {of} {checks}; the alignment effects are switched off (Market tab)")
    }
}

/// The explanation of an editable setting by its scenario path. A deeper path falls back to its
/// nearest explained parent: "market.stages.accept.sd" → "market.stages.accept",
/// "process.reps.0.touches_per_day" → "process.reps".
pub fn setting(path: &str) -> Option<Explanation> {
    let mut p = path;
    loop {
        if let Some(e) = setting_exact(p) {
            return Some(e);
        }
        p = &p[..p.rfind('.')?];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_texts(what: &str, e: &Explanation) {
        for (field, text) in [
            ("title", e.title),
            ("formula", e.formula),
            ("source", e.source),
        ] {
            assert!(!text.trim().is_empty(), "{what}: empty {field}");
            let n = text.chars().count();
            assert!(n <= MAX_CHARS, "{what}: {field} has {n} characters");
            assert!(!text.contains("  "), "{what}: double space in {field}");
        }
    }

    #[test]
    fn every_metric_is_explained() {
        for name in funnel_engine::sim::TrialMetrics::NAMES {
            let e = metric(name).unwrap_or_else(|| panic!("no explanation for metric {name}"));
            check_texts(name, &e);
        }
        assert_eq!(metric("no_such_metric"), None);
    }

    #[test]
    fn every_setting_is_explained() {
        for path in SETTINGS {
            let e = setting(path).unwrap_or_else(|| panic!("no explanation for {path}"));
            check_texts(path, &e);
        }
        assert_eq!(setting("no.such.path"), None);
        assert_eq!(setting(""), None);
    }

    #[test]
    fn deeper_paths_fall_back_to_their_parent() {
        assert_eq!(
            setting("market.stages.accept.sd"),
            setting("market.stages.accept")
        );
        assert_eq!(
            setting("process.reps.0.touches_per_day"),
            setting("process.reps")
        );
        assert_eq!(setting("costs.sales_cost"), setting("costs"));
        assert_eq!(setting("scoring.qualify"), None);
    }

    #[test]
    fn explained_settings_exist_in_a_scenario() {
        let s = serde_json::to_value(funnel_engine::presets::preset("default").unwrap()).unwrap();
        for path in SETTINGS {
            let mut v = &s;
            for key in path.split('.') {
                v = v
                    .get(key)
                    .unwrap_or_else(|| panic!("{path}: the default scenario has no '{key}'"));
            }
        }
    }

    /// The words beside each check, for the default preset, whole: read them as a user would.
    #[test]
    fn checklist_words() {
        let s = funnel_engine::presets::preset("default").unwrap();
        let got: Vec<String> = CHECKS
            .iter()
            .map(|c| {
                let e = check_effect(*c, &s);
                format!("{}: {} {}", c.title(), e.sets, e.now)
            })
            .collect();
        let want = [
            "Lead definitions agreed: Passing agrees one MQL and SQL definition; failing drops \
             it, and every lead's acceptance odds are multiplied by 0.12. Now: agreed.",
            "CRM sync under 5 minutes: Passing sets CRM sync to 2 min; failing sets 4 h (a batch \
             export). Now: 2 min.",
            "Automated lead routing: Passing routes leads by rules at once; failing has a manager \
             assign them, 7.5 working hours later on average. Now: automatic.",
            "Follow-up SLA under 24 h, enforced: Passing caps the response SLA at 24 h, \
             reassigns breached leads and returns undispositioned ones to marketing; failing \
             only measures both SLAs. Now: 24 h response SLA, breaches only measured.",
            "Full-funnel reporting: Passing turns on one report from first touch to closed deal: \
             recycled leads re-qualify 1.5× as often. Failing turns it off. Now: off.",
        ];
        assert_eq!(got, want);
        let siloed = funnel_engine::presets::preset("siloed").unwrap();
        assert_eq!(
            check_effect(Check::AutomatedRouting, &siloed).now,
            "Now: by a manager, 7.5 working hours."
        );
        assert_eq!(
            check_effect(Check::DataIntegration, &siloed).now,
            "Now: 4 h."
        );
    }

    #[test]
    fn alignment_level_in_words() {
        let check = |passed: [bool; 5], enabled: bool, want: &str| {
            assert_eq!(alignment_level(&Checklist { passed }, enabled), want);
        };
        check(
            [true, true, true, false, false],
            true,
            "3 of 5 checks pass: 60 % of the reported alignment effects apply",
        );
        check(
            [false, false, true, false, false],
            true,
            "1 of 5 checks passes: 20 % of the reported alignment effects apply",
        );
        check(
            [false; 5],
            true,
            "0 of 5 checks pass: 0 % of the reported alignment effects apply",
        );
        check(
            [true; 5],
            false,
            "5 of 5 checks pass; the alignment effects are switched off (Market tab)",
        );
    }

    /// The defaults the texts quote are the presets' own: a changed preset fails here until
    /// its explanation says the new value.
    #[test]
    fn quoted_defaults_are_the_presets() {
        let d = funnel_engine::presets::preset("default").unwrap();
        let aligned = funnel_engine::presets::preset("aligned").unwrap();
        let siloed = funnel_engine::presets::preset("siloed").unwrap();
        let (st, p, a) = (&d.market.stages, &d.process, &d.market.alignment);
        let cases: Vec<(Explanation, String)> = vec![
            (
                setting("market.stages.accept").unwrap(),
                format!("mean {}, sd {}", st.accept.mean, st.accept.sd),
            ),
            (
                setting("market.stages.qualify").unwrap(),
                format!("mean {}, sd {}", st.qualify.mean, st.qualify.sd),
            ),
            (
                setting("market.stages.opportunity").unwrap(),
                format!("mean {}, sd {}", st.opportunity.mean, st.opportunity.sd),
            ),
            (
                setting("market.stages.win").unwrap(),
                format!("mean {}, sd {}", st.win.mean, st.win.sd),
            ),
            (
                metric("sals").unwrap(),
                format!("Base rate {}", st.accept.mean),
            ),
            (
                metric("sqls").unwrap(),
                format!("Base rate {}", st.qualify.mean),
            ),
            (
                metric("opportunities").unwrap(),
                format!("Base rate {}", st.opportunity.mean),
            ),
            (
                metric("won").unwrap(),
                format!("Win base rate {}", st.win.mean),
            ),
            (
                setting("process.sync_latency_minutes").unwrap(),
                format!(
                    "Default {} min (siloed {}, aligned {})",
                    p.sync_latency_minutes,
                    siloed.process.sync_latency_minutes,
                    aligned.process.sync_latency_minutes
                ),
            ),
            (
                setting("process.queue.patience_hours").unwrap(),
                format!("Default {} h", p.queue.patience_hours),
            ),
            (
                metric("went_cold").unwrap(),
                format!("Patience of {} hours", p.queue.patience_hours),
            ),
            (
                setting("process.recycling").unwrap(),
                format!(
                    "Defaults {} % recycled, {} days of nurture, {} % re-qualify",
                    p.recycling.share * 100.0,
                    p.recycling.nurture_days,
                    p.recycling.requalify_share * 100.0
                ),
            ),
            (
                setting("process.speed_to_lead.contact_rate").unwrap(),
                format!("Default {} %", p.speed_to_lead.contact_rate * 100.0),
            ),
            (
                setting("process.speed_to_lead.spread").unwrap(),
                format!("Default {}", p.speed_to_lead.spread),
            ),
            (
                setting("market.alignment").unwrap(),
                format!("{} % higher win rates", a.win_rate_uplift.mean * 100.0),
            ),
            (
                setting("market.acceptance_without_agreed_definitions").unwrap(),
                format!("Default {}", d.market.acceptance_without_agreed_definitions),
            ),
        ];
        for (e, quoted) in cases {
            let text = format!("{} {}", e.formula, e.source);
            assert!(
                text.contains(&quoted),
                "{}: says {text:?}, the preset says {quoted:?}",
                e.title
            );
        }
    }
}
