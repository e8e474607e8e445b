//! What each metric and each editable setting means, how the model uses it, and where its
//! definition or default comes from, as data for tooltips and the side panel.
//!
//! The texts are written for a sales or RevOps lead, not a developer. They follow
//! `docs/model.md` (the engine is the reference): a figure from a publication names it as a
//! reader can find it (study authors and year; industry blog posts as such, their figures as
//! "reported"), everything else is called an assumption of Funnel Lab. Each formula opens with
//! a plain sentence before any arithmetic, shares are in percent as the page's fields show
//! them, and each field stays under [`MAX_CHARS`] characters so it fits a tooltip. The readiness
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
            "Every lead the simulation works through. Either generated (3,334 a month for 3 \
             months = 10,002 by default) or the rows of an imported CRM export; the same in \
             every simulated run.",
            "Definition: a lead is an inquiry, the first stage of the usual lead lifecycle. \
             Generated volume and mix: an assumption of Funnel Lab.",
        ),
        "mqls" => x(
            "MQLs",
            "Leads your scoring passes to sales. A lead is an MQL when its fit + engagement \
             points reach the threshold, or its grade is one the grid accepts. Scored once: the \
             same in every run.",
            "Definition: the usual lifecycle stage (meets the agreed fit + engagement \
             threshold). Default points and the threshold of 55: an assumption of Funnel Lab.",
        ),
        "requalified" => x(
            "Re-qualified after nurture",
            "Recycled leads that came back to sales as MQLs after nurture, within the horizon. \
             The re-qualify share of them returns (1.5× as many with full-funnel reporting), \
             once at most, and queues again.",
            "Defaults 30 days of nurture, 20 % re-qualify and the 1.5× factor: assumptions of \
             Funnel Lab.",
        ),
        "sals" => x(
            "SALs (sales accepted)",
            "MQLs a rep accepts on first look. The chance starts from the acceptance base rate \
             (it varies from run to run) and is adjusted for the lead's fit and intent; without \
             agreed definitions its odds are × 0.12.",
            "Base rate 70 %: an assumption of Funnel Lab. The 0.12 factor fits acceptance of \
             30–50 % siloed vs 80–90 % aligned, reported in industry blog posts on \
             sales–marketing alignment.",
        ),
        "sqls" => x(
            "SQLs (sales qualified)",
            "Accepted MQLs a rep reaches and confirms as buyers: budget, authority, need, \
             timeline. Both chances fall the longer the first response takes (speed to lead) and \
             rise with the lead's fit and intent.",
            "Base rate 23.5 %: an assumption of Funnel Lab. Speed to lead: Lead Response \
             Management study (Oldroyd with InsideSales.com, 2007); Oldroyd, McElheran, \
             Elkington (Harvard Business Review, 2011).",
        ),
        "opportunities" => x(
            "Opportunities created",
            "SQLs that become opportunities in the pipeline. The chance is the opportunity base \
             rate adjusted for the lead's fit and intent; the opportunity opens at the first \
             touch.",
            "Definition: the usual lifecycle stage. Base rate 60 %: an assumption of Funnel \
             Lab.",
        ),
        "won" => x(
            "Deals won",
            "Opportunities that close as won within the horizon. The chance is the win base \
             rate adjusted for the lead's fit and intent, raised by the alignment effects as far \
             as the readiness checklist allows.",
            "Definition: the usual lifecycle stage (closed won). Win base rate 11 % and the \
             180-day horizon: assumptions of Funnel Lab.",
        ),
        "lost" => x(
            "Deals lost",
            "Opportunities that close within the horizon and are not won.",
            "Definition: the usual lifecycle stage (closed lost). Horizon of 180 days: an \
             assumption of Funnel Lab.",
        ),
        "open_opportunities" => x(
            "Opportunities still open",
            "Opportunities still open when the horizon ends. Their simulated close date falls \
             later, so they count in pipeline but neither as won nor as lost.",
            "Follows from the 180-day horizon and each segment's typical cycle, both \
             assumptions of Funnel Lab (the cycles sit inside ranges vendors quote).",
        ),
        "recycled" => x(
            "Recycled to nurture",
            "MQLs handed back to marketing's nurture: the recycle share of those sales does not \
             accept, plus leads returned untouched when the disposition SLA passed.",
            "Definition: the usual lifecycle (leads not ready go back to nurture). Recycle share \
             50 %: an assumption of Funnel Lab.",
        ),
        "returned" => x(
            "Returned to marketing",
            "MQLs sent back to marketing because no rep had touched them when the disposition \
             SLA passed (with the setting \"return to marketing\"). They also count as \
             recycled.",
            "Readiness check 4, an enforced follow-up SLA, from a checklist in an industry blog \
             post on sales–marketing alignment. Default 48 h: a common industry convention.",
        ),
        "never_contacted" => x(
            "Never contacted",
            "MQLs no rep ever spoke to: they went cold in the queue, were still waiting at the \
             end, were returned to marketing, or were accepted and called but never reached.",
            "Reaching a lead: 90 % within 5 min (assumption of Funnel Lab); odds about 100× \
             lower at 30 min (Lead Response Management study, Oldroyd with InsideSales.com, \
             2007).",
        ),
        "went_cold" => x(
            "Went cold in the queue",
            "MQLs that waited longer than the queue's patience without a first touch. No rep \
             ever contacts them.",
            "Patience of 336 hours (14 days): an assumption of Funnel Lab.",
        ),
        "backlog" => x(
            "Still waiting at the end",
            "MQLs still waiting for a first touch when the horizon ends: the team had not got to \
             them yet.",
            "Follows from the reps' capacity and the 180-day horizon, both assumptions of \
             Funnel Lab.",
        ),
        "reassigned" => x(
            "Reassigned",
            "MQLs taken from their rep because the response SLA passed while they waited. A rep \
             of the same pool with nothing of their own waiting takes them; after a second SLA \
             period, anyone free.",
            "Readiness check 4 (an enforced follow-up SLA), from a checklist in an industry blog \
             post on sales–marketing alignment. On in the aligned preset.",
        ),
        "revenue" => x(
            "Revenue won",
            "The total value of deals won within the horizon. Each deal's size is drawn at \
             random around its segment's typical (median) size, skewed so a few deals are much \
             larger (a lognormal draw).",
            "Typical deal sizes SMB $9k, mid-market $32k, enterprise $120k, and how widely they \
             vary: assumptions of Funnel Lab.",
        ),
        "pipeline" => x(
            "Pipeline created",
            "The total value of all opportunities created: won, lost or still open.",
            "Deal sizes per segment: an assumption of Funnel Lab.",
        ),
        "mql_rate" => x(
            "MQL rate",
            "The share of leads that become MQLs: MQLs ÷ leads. The leads and their scores are \
             fixed, so it does not vary between runs.",
            "Standard funnel metric. Published inquiry → MQL rates: 10–25 % (demand-waterfall \
             ranges quoted in secondary sources).",
        ),
        "acceptance_rate" => x(
            "Lead acceptance rate (MQL → SAL)",
            "The share of MQLs sales accepts: SALs ÷ MQLs, per run. A re-qualified lead counts \
             as an MQL again.",
            "Reported: 30–50 % in siloed vs 80–90 % in aligned teams (industry blog posts on \
             sales–marketing alignment). Gartner reports 44 % of MQLs pass sales' fit check.",
        ),
        "mql_to_sql_rate" => x(
            "MQL → SQL rate",
            "The share of MQLs that become sales qualified: SQLs ÷ MQLs, per run. A \
             re-qualified lead counts as an MQL again.",
            "Commonly quoted: about 13 % (secondary sources). Aligned teams: 20–25 %, reported \
             in industry blog posts on sales–marketing alignment.",
        ),
        "sal_to_sql_rate" => x(
            "SAL → SQL rate",
            "Of the leads sales accepted, the share reps reached and qualified: SQLs ÷ SALs, per \
             run. This is where speed to lead acts.",
            "Standard funnel metric. Published SAL → SQL rates: 50–70 % (demand-waterfall \
             ranges quoted in secondary sources).",
        ),
        "win_rate" => x(
            "Win rate",
            "The share of closed deals that were won: won ÷ (won + lost), counting deals closed \
             within the horizon. Undefined in a run where no deal closed.",
            "About 20–25 % median in B2B SaaS (Benchmarkit 2022, via secondary sources). \
             Aligned teams 38 % higher: reported in industry blog posts, not established \
             (Market tab).",
        ),
        "cycle_days" => x(
            "Sales cycle (median days)",
            "How long deals take from opportunity to close: the median over deals closed within \
             the horizon, shortened by the alignment effects. Deals closing later are left out, \
             so long cycles count less.",
            "Typical cycles 21 / 55 / 130 days (SMB / mid-market / enterprise) sit in \
             vendor-quoted ranges 14–30, 30–90, 90–180+ (unsourced). Aligned: 15–20 % shorter, \
             reported.",
        ),
        "pipeline_velocity" => x(
            "Pipeline velocity",
            "How much won revenue the pipeline produces per day: opportunities × win rate × \
             average deal ÷ average cycle in days, over all opportunities created.",
            "Standard definition, which counts open opportunities; Funnel Lab uses all \
             opportunities created in the window.",
        ),
        "cac" => x(
            "Customer acquisition cost (CAC)",
            "What it costs to win one customer: (marketing spend + sales cost + cost per rep × \
             reps) ÷ deals won, so it follows the team's size; undefined when no deal is won or \
             every cost is 0.",
            "Standard definition. Default costs $600k marketing + $50k per rep for the quarter: \
             an assumption of Funnel Lab.",
        ),
        "sla_compliance" => x(
            "Response SLA compliance",
            "The share of MQLs first touched within the response SLA, in clock time from \
             arrival (nights and weekends count). Leads never touched count as missed.",
            "Default 24 h: readiness checklist from an industry blog post on sales–marketing \
             alignment. Aligned 5 min: Lead Response Management study (Oldroyd with \
             InsideSales.com, 2007).",
        ),
        "disposition_compliance" => x(
            "Disposition within SLA",
            "The share of MQLs given a decision (accept, reject or recycle) within the \
             disposition SLA. The rep decides at the first touch.",
            "Common practice: every MQL gets a decision within an agreed time. Default 48 h: a \
             common industry convention.",
        ),
        "response_minutes" => x(
            "First response, median",
            "The typical wait for a first touch: median minutes from arrival, through CRM sync, \
             routing and the queue for a free rep in working hours. Leads never touched are \
             left out.",
            "Speed to lead is usually reported as a median and a 90th percentile. Here it is an \
             outcome of the simulated queue, not an input.",
        ),
        "response_p90_minutes" => x(
            "First response, P90",
            "The slow end of first responses: 9 in 10 touched MQLs were answered at least this \
             fast (the 90th percentile, P90), per run.",
            "Speed to lead is usually reported as a median and a 90th percentile (P90).",
        ),
        "response_mean_minutes" => x(
            "First response, mean",
            "The average wait for a first touch: mean minutes from arrival, over the MQLs \
             touched, per run.",
            "For comparison: Oldroyd, McElheran, Elkington, \"The Short Life of Online Sales \
             Leads\" (Harvard Business Review, 2011) found a 42-hour average among companies \
             answering within 30 days.",
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
            "The score a lead needs to be passed to sales as an MQL: fit + engagement points ≥ \
             threshold. It only decides which leads reach the reps; buyers behave the same \
             whatever their score.",
            "Default 55: an assumption of Funnel Lab. It qualifies 18.6 % of the default \
             sample, inside the published inquiry → MQL range of 10–25 % (secondary sources).",
        ),
        "scoring.decay.half_life_days" => x(
            "Engagement half-life",
            "How fast engagement points fade once a lead goes quiet: they halve with every \
             half-life since the last activity (points × 2^(−days ÷ half-life)), after the \
             caps. Fit points never fade.",
            "Default 30 days: an assumption of Funnel Lab.",
        ),
        "process.sync_latency_minutes" => x(
            "CRM sync latency",
            "How long a new lead takes to reach the CRM, where reps can see it. An average in \
             clock minutes; each lead's delay varies at random around it. It adds to every \
             response time.",
            "Default 2 min (siloed 240, aligned 1): assumption of Funnel Lab. Readiness check 2 \
             passes under 5 min (checklist from an industry blog post on sales–marketing \
             alignment).",
        ),
        "process.routing.mode" => x(
            "Routing",
            "How a lead gets to a rep. Automatic: rules assign it the moment it lands in the \
             CRM. Manual: a manager assigns it after a delay, in working hours, that varies at \
             random.",
            "Readiness check 3 (checklist from an industry blog post on sales–marketing \
             alignment): automated routing passes, a manager assigning by hand fails. Defaults: \
             assumption of Funnel Lab.",
        ),
        "process.routing.manual_delay_hours" => x(
            "Manual routing delay",
            "How long a manager takes on average to assign a lead by hand, in working hours; \
             each lead's delay varies at random around it. Used only with manual routing.",
            "Siloed 7.5 h: an assumption of Funnel Lab, tuned with the sync delay so the average \
             response lands near the 42 hours found by Oldroyd, McElheran, Elkington (Harvard \
             Business Review, 2011).",
        ),
        "process.routing.balance" => x(
            "Balance within a pool",
            "How leads are shared among a pool's reps. Round robin: reps take turns (with 3 \
             reps, rep 1 gets leads 1, 4, 7, …), the same in every run. First available: one \
             shared queue; the first free rep takes the lead.",
            "Common routing practices (round robin, first available). Default round robin, \
             aligned first available: assumption of Funnel Lab.",
        ),
        "process.reps" => x(
            "Reps",
            "The people who make first touches: each rep's territories and first touches a day. \
             Time per touch = working-day minutes ÷ touches a day; utilization is the share of \
             working time spent on touches.",
            "Default 3 Americas, 2 EMEA, 1 APAC at 8 first touches a day (aligned 10): \
             assumption of Funnel Lab.",
        ),
        "process.hours" => x(
            "Working hours",
            "When the team works: the days and daily window in which reps touch leads and \
             managers route them, in one time zone, no holidays. Leads arriving outside wait for \
             the next opening.",
            "Default Mon–Fri 09–17 (aligned 07–20): assumption of Funnel Lab.",
        ),
        "process.queue.order" => x(
            "Queue order",
            "Which waiting lead a free rep takes next: the oldest (first come, first served), \
             the newest (reps cherry-picking fresh leads), or the one with the highest score.",
            "Common queue practices. Default oldest first: assumption of Funnel Lab.",
        ),
        "process.queue.patience_hours" => x(
            "Patience",
            "How long leads can wait before they go cold. A lead not touched within this many \
             hours (clock time, from arrival) is never contacted by any rep.",
            "Default 336 h (14 days): an assumption of Funnel Lab.",
        ),
        "process.response_sla_minutes" => x(
            "First-response SLA",
            "The agreed longest time from a lead's arrival to its first touch. Setting it alone \
             does not make reps faster; what a breach does is chosen beside it: measure only, or \
             reassign.",
            "Default 24 h: readiness checklist (industry blog post on sales–marketing \
             alignment). Aligned 5 min: Lead Response Management study (Oldroyd with \
             InsideSales.com, 2007). Siloed 48 h: assumption.",
        ),
        "process.on_response_breach" => x(
            "When the response SLA passes",
            "What happens when a lead waits past the response SLA. Measure only: the breach is \
             counted. Reassign: the next free rep of its pool takes it, then, after a second SLA \
             period, anyone free.",
            "Readiness check 4, an enforced follow-up SLA (checklist from an industry blog post \
             on sales–marketing alignment). Default measure only, aligned reassign: assumption \
             of Funnel Lab.",
        ),
        "process.disposition_sla_hours" => x(
            "Disposition SLA",
            "The agreed time within which every MQL must be accepted, rejected or recycled. It \
             is met when the first touch comes in time, since the rep decides then.",
            "Default 48 h: a common industry convention.",
        ),
        "process.on_disposition_breach" => x(
            "When the disposition SLA passes",
            "What happens to an MQL still untouched when the disposition SLA passes. Measure \
             only: the breach is counted. Return to marketing: it goes back to nurture and may \
             qualify again later.",
            "Readiness check 4 (checklist from an industry blog post on sales–marketing \
             alignment). Default measure only, aligned return to marketing: assumption of \
             Funnel Lab.",
        ),
        "process.definitions_agreed" => x(
            "Agreed MQL and SQL definitions",
            "Whether marketing and sales work from one written MQL and SQL definition. When \
             off, every lead's odds of being accepted are × 0.12 (about an eighth): sales \
             rejects far more MQLs.",
            "Readiness check 1 (checklist from an industry blog post on sales–marketing \
             alignment). On in the default and aligned presets, off in siloed.",
        ),
        "process.full_funnel_reporting" => x(
            "Full-funnel reporting",
            "One report from first touch to closed deal, so marketing sees what sales did with \
             its leads. With it, recycled leads re-qualify 1.5× as often.",
            "Readiness check 5 (checklist from an industry blog post on sales–marketing \
             alignment). The 1.5× factor: assumption of Funnel Lab.",
        ),
        "process.recycling" => x(
            "Recycling",
            "What happens to MQLs sales does not accept. The recycled share goes to nurture \
             (the rest are closed); after the nurture days, the re-qualify share of them comes \
             back as MQLs, once.",
            "Defaults 50 % recycled, 30 days of nurture, 20 % re-qualify: assumptions of Funnel \
             Lab.",
        ),
        "process.speed_to_lead" => x(
            "Speed to lead",
            "How much a slow first response costs. The odds of reaching a lead, then of \
             qualifying it, are multiplied by the curve's value at the response time (smooth \
             between points, flat past the ends).",
            "Odds of contact about 100× and of qualifying about 21× lower at 30 than at 5 min \
             (Oldroyd with InsideSales.com, 2007); first hour vs 24 h+: over 60× (Harvard \
             Business Review, 2011).",
        ),
        "process.speed_to_lead.strength" => x(
            "Strength of the effect",
            "How much response time is allowed to matter. Published: the studies' effect. Half: \
             a milder curve (30 vs 5 min: 2.5× fewer SQLs, not 18×, measured). None: response \
             time changes nothing.",
            "Published: calibrated to Oldroyd with InsideSales.com (2007) and Harvard Business \
             Review (2011). Half and none: what-ifs of Funnel Lab, for readers who doubt how far \
             the studies carry over.",
        ),
        "process.speed_to_lead.contact_rate" => x(
            "Reached when answered within 5 min",
            "How often a rep reaches an accepted lead answered within 5 minutes, the curve's \
             first point. Later touches lower its odds by the curve's contact multiplier.",
            "Default 90 %: an assumption of Funnel Lab.",
        ),
        "process.speed_to_lead.spread" => x(
            "Uncertainty of the effect",
            "How unsure the size of the speed-to-lead effect is. Each run draws its strength \
             with this spread on a log scale: 0.07 varies it by about ±7 %, so the 21× at 30 \
             min spans roughly 15–30×.",
            "Default 0.07: an assumption of Funnel Lab.",
        ),
        "market.stages.accept" => x(
            "Acceptance base rate",
            "The chance a rep accepts an MQL of average fit and intent. Each run draws it at \
             random around the mean, as far as the spread (sd) says, then adjusts it for each \
             lead's fit and intent.",
            "Default mean 70 %, sd 6 %: an assumption of Funnel Lab, chosen so the presets land \
             in the published acceptance ranges.",
        ),
        "market.stages.qualify" => x(
            "Qualification base rate",
            "The chance an accepted lead of average fit and intent, reached within 5 min, \
             qualifies (SAL → SQL). Drawn per run around the mean with the spread (sd), then \
             adjusted for the lead and response time.",
            "Default mean 23.5 %, sd 5 %: an assumption of Funnel Lab.",
        ),
        "market.stages.opportunity" => x(
            "Opportunity base rate",
            "The chance an SQL of average fit and intent becomes an opportunity. Drawn per run \
             around the mean with the spread (sd), then adjusted for the lead's fit and intent.",
            "Default mean 60 %, sd 8 %: an assumption of Funnel Lab.",
        ),
        "market.stages.win" => x(
            "Win base rate",
            "The chance an average opportunity closing within the horizon is won. Drawn per run \
             around the mean with the spread (sd), adjusted for the lead, raised by the \
             alignment effects.",
            "Default mean 11 %, sd 2.5 %: an assumption of Funnel Lab; the win rate then comes \
             out near 20–25 %, the B2B SaaS median (Benchmarkit 2022, via secondary sources).",
        ),
        "market.acceptance_without_agreed_definitions" => x(
            "Acceptance without agreed definitions",
            "How much less sales accepts without an agreed MQL definition. When MQL and SQL \
             definitions are not agreed, every lead's acceptance odds are multiplied by this \
             factor.",
            "Default 0.12: it turns 85 % acceptance into 40 %, the middles of 80–90 % aligned \
             and 30–50 % siloed, reported in industry blog posts on sales–marketing alignment.",
        ),
        "market.alignment" => x(
            "Alignment effects",
            "Higher win rates and shorter cycles for aligned teams, in proportion to the share \
             of readiness checks passed: win rate × (1 + share × uplift), cycle × (1 − share × \
             reduction). Off: no effect.",
            "Reported, not established: industry blog posts on sales–marketing alignment \
             (e.g. \"The Revenue Impact of Alignment\") report 38 % higher win rates and 15–20 % \
             shorter cycles; no controlled study.",
        ),
        "market.segments" => x(
            "Deal segments",
            "How deal size and sales cycle depend on company size: SMB under 100 staff, \
             mid-market under 1,000, enterprise above. Each opportunity draws both at random \
             around its segment's typical value, some much larger (lognormal).",
            "Deal sizes and their spreads: assumption of Funnel Lab. Typical cycles 21 / 55 / \
             130 days sit in vendor-quoted ranges 14–30, 30–90, 90–180+ days (unsourced).",
        ),
        "horizon.close_days" => x(
            "Horizon",
            "How far ahead the simulation looks: days from the start within which a deal must \
             close to count as won or lost, and a lead must be touched to count at all. Later \
             closes stay open.",
            "Default 180 days: an assumption of Funnel Lab.",
        ),
        "costs" => x(
            "Costs",
            "What the sample's leads cost: marketing spend + fixed sales cost + cost per rep × \
             reps, used only for CAC = costs ÷ deals won. Adding a rep adds its cost.",
            "Default $600k marketing (about $60 a lead) + $50k a rep for the quarter (six reps: \
             $300k): assumption of Funnel Lab.",
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

    /// A share as the page's percent fields show it: 0.235 → "23.5 %".
    fn pct(x: f64) -> String {
        format!("{} %", (x * 1e4).round() / 100.0)
    }

    /// Every text a reader can see: the explanations, and the checklist's words for each preset.
    fn all_texts() -> Vec<(String, String)> {
        let mut out = Vec::new();
        let explained = funnel_engine::sim::TrialMetrics::NAMES
            .iter()
            .map(|n| (n.to_string(), metric(n).unwrap()))
            .chain(
                SETTINGS
                    .iter()
                    .map(|p| (p.to_string(), setting(p).unwrap())),
            );
        for (what, e) in explained {
            out.push((format!("{what} title"), e.title.to_string()));
            out.push((format!("{what} formula"), e.formula.to_string()));
            out.push((format!("{what} source"), e.source.to_string()));
        }
        for name in funnel_engine::presets::NAMES {
            let s = funnel_engine::presets::preset(name).unwrap();
            for check in CHECKS {
                let e = check_effect(check, &s);
                out.push((
                    format!("{name}: {}", check.title()),
                    format!("{} {}", e.sets, e.now),
                ));
            }
            let list = Checklist::of(&s);
            out.push((format!("{name}: level"), alignment_level(&list, true)));
        }
        out
    }

    /// Decimals below 1 written as such ("0.7"), with their digits.
    fn bare_fractions(text: &str) -> Vec<&str> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        for i in 0..b.len() {
            let starts = b[i] == b'0'
                && b.get(i + 1) == Some(&b'.')
                && b.get(i + 2).is_some_and(u8::is_ascii_digit)
                && (i == 0 || !(b[i - 1].is_ascii_digit() || b[i - 1] == b'.'));
            if starts {
                let end = (i + 2..b.len())
                    .find(|&j| !b[j].is_ascii_digit())
                    .unwrap_or(b.len());
                out.push(&text[i..end]);
            }
        }
        out
    }

    /// The texts are for a sales or RevOps lead: no internal labels of the project's notes or
    /// bare statistical jargon, and shares in percent as the page's fields show them.
    #[test]
    fn texts_speak_to_the_reader() {
        const BANNED: [&str; 13] = [
            "DOMAIN",
            "domain brief",
            "seed \"",
            "seeds \"",
            "seed 0",
            "000\"",
            "001\"",
            "k mod n",
            "log sigma",
            "odds ratio per sd",
            "Beta",
            "σ",
            "e^(",
        ];
        // The only decimals below 1 that are not shares: a multiplier on the odds and a spread
        // on a log scale, both shown as plain numbers in their fields.
        let d = funnel_engine::presets::preset("default").unwrap();
        let not_shares = [
            d.market.acceptance_without_agreed_definitions.to_string(),
            d.process.speed_to_lead.spread.to_string(),
        ];
        for (what, text) in all_texts() {
            for banned in BANNED {
                assert!(!text.contains(banned), "{what}: says {banned:?}: {text}");
            }
            for f in bare_fractions(&text) {
                assert!(
                    not_shares.iter().any(|n| n == f),
                    "{what}: {f} looks like a share; write it in percent: {text}"
                );
            }
        }
        assert_eq!(
            bare_fractions("0.70 of 10.5, 0.1× and 30.05"),
            ["0.70", "0.1"]
        );
    }

    /// Each formula opens with a plain sentence (up to its first full stop or colon) saying
    /// what the thing is, before any arithmetic.
    #[test]
    fn formulas_open_in_words() {
        let explained = funnel_engine::sim::TrialMetrics::NAMES
            .iter()
            .map(|n| (n.to_string(), metric(n).unwrap()))
            .chain(
                SETTINGS
                    .iter()
                    .map(|p| (p.to_string(), setting(p).unwrap())),
            );
        for (what, e) in explained {
            let opening = e.formula.split([':', '.']).next().unwrap_or_default();
            assert!(
                opening.split_whitespace().count() >= 4,
                "{what}: opens with {opening:?}"
            );
            for symbol in ['×', '÷', '=', '≥', '^', '+'] {
                assert!(
                    !opening.contains(symbol),
                    "{what}: the opening {opening:?} has {symbol:?}"
                );
            }
        }
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
                format!("mean {}, sd {}", pct(st.accept.mean), pct(st.accept.sd)),
            ),
            (
                setting("market.stages.qualify").unwrap(),
                format!("mean {}, sd {}", pct(st.qualify.mean), pct(st.qualify.sd)),
            ),
            (
                setting("market.stages.opportunity").unwrap(),
                format!(
                    "mean {}, sd {}",
                    pct(st.opportunity.mean),
                    pct(st.opportunity.sd)
                ),
            ),
            (
                setting("market.stages.win").unwrap(),
                format!("mean {}, sd {}", pct(st.win.mean), pct(st.win.sd)),
            ),
            (
                metric("sals").unwrap(),
                format!("Base rate {}", pct(st.accept.mean)),
            ),
            (
                metric("sqls").unwrap(),
                format!("Base rate {}", pct(st.qualify.mean)),
            ),
            (
                metric("opportunities").unwrap(),
                format!("Base rate {}", pct(st.opportunity.mean)),
            ),
            (
                metric("won").unwrap(),
                format!("Win base rate {}", pct(st.win.mean)),
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
                    "Defaults {} recycled, {} days of nurture, {} re-qualify",
                    pct(p.recycling.share),
                    p.recycling.nurture_days,
                    pct(p.recycling.requalify_share)
                ),
            ),
            (
                setting("process.speed_to_lead.contact_rate").unwrap(),
                format!("Default {}", pct(p.speed_to_lead.contact_rate)),
            ),
            (
                setting("process.speed_to_lead.spread").unwrap(),
                format!("Default {}", p.speed_to_lead.spread),
            ),
            (
                setting("market.alignment").unwrap(),
                format!("{} higher win rates", pct(a.win_rate_uplift.mean)),
            ),
            (
                setting("market.acceptance_without_agreed_definitions").unwrap(),
                format!("Default {}", d.market.acceptance_without_agreed_definitions),
            ),
            (
                metric("sals").unwrap(),
                format!(
                    "odds are × {}",
                    d.market.acceptance_without_agreed_definitions
                ),
            ),
            (
                setting("process.definitions_agreed").unwrap(),
                format!(
                    "accepted are × {}",
                    d.market.acceptance_without_agreed_definitions
                ),
            ),
            (
                metric("recycled").unwrap(),
                format!("Recycle share {}", pct(p.recycling.share)),
            ),
            (
                metric("never_contacted").unwrap(),
                format!("{} within 5 min", pct(p.speed_to_lead.contact_rate)),
            ),
            (
                setting("process.speed_to_lead.spread").unwrap(),
                format!(
                    "{} varies it by about ±{}",
                    p.speed_to_lead.spread,
                    pct(p.speed_to_lead.spread)
                ),
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
