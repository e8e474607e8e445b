//! What each metric and each editable setting means, how the model uses it, and where its
//! definition or default comes from, as data for tooltips and the side panel.
//!
//! The texts follow `docs/model.md` (the engine is the reference) and the domain brief: figures
//! from publications name their source, everything else is called a project assumption. Each
//! field stays under [`MAX_CHARS`] characters so it fits a tooltip.

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
            "Definition: DOMAIN funnel (a lead is an inquiry). Generator volume and mix: project \
             assumption.",
        ),
        "mqls" => x(
            "MQLs",
            "Leads whose score qualifies them: fit + engagement ≥ threshold, or a grade listed in \
             the grid. Scored once, so the same in every trial.",
            "Definition: DOMAIN funnel (meets the agreed fit + engagement threshold). Default \
             points and threshold 55: project assumption.",
        ),
        "sals" => x(
            "SALs (sales accepted)",
            "MQLs a rep accepts. Chance: accept base rate (drawn per trial) × the lead's fit and \
             intent odds, × 0.12 on the odds without agreed definitions.",
            "Definition: DOMAIN funnel. Base rate 0.70: project assumption; 0.12 calibrated to \
             30–50 % siloed vs 80–90 % aligned acceptance (seed \"000\").",
        ),
        "sqls" => x(
            "SQLs (sales qualified)",
            "Accepted MQLs that qualify. Chance: qualify base rate × the lead's odds, lowered by \
             the response-time decay for the sensitive share of leads.",
            "Definition: DOMAIN funnel (budget, authority, need, timeline). Base rate 0.30: \
             project assumption; decay from Oldroyd 2007 and HBR 2011.",
        ),
        "opportunities" => x(
            "Opportunities created",
            "SQLs that become opportunities: opportunity base rate × the lead's odds. The \
             opportunity opens at the first touch.",
            "Definition: DOMAIN funnel. Base rate 0.60: project assumption.",
        ),
        "won" => x(
            "Deals won",
            "Opportunities that close within the horizon (arrival + response + drawn cycle ≤ \
             close days) and are won: win base rate × the lead's odds.",
            "Definition: DOMAIN funnel (closed won). Win base rate 0.13 and the 180-day horizon: \
             project assumption.",
        ),
        "lost" => x(
            "Deals lost",
            "Opportunities that close within the horizon and are not won.",
            "Definition: DOMAIN funnel (closed lost). Horizon of 180 days: project assumption.",
        ),
        "open_opportunities" => x(
            "Opportunities still open",
            "Opportunities whose drawn close falls after the horizon: counted in pipeline, \
             neither won nor lost.",
            "Follows from the horizon (180 days) and the segment cycle lengths, both project \
             assumptions (cycle medians inside vendor ranges).",
        ),
        "recycled" => x(
            "Recycled to nurture",
            "MQLs not accepted that go back to nurture, each with chance recycle share; the rest \
             are rejected. They do not come back within the horizon.",
            "Definition: DOMAIN funnel (leads not ready go back to nurture). Recycle share 0.5: \
             project assumption.",
        ),
        "revenue" => x(
            "Revenue won",
            "Sum of the deal sizes of deals won within the horizon. Deal = segment median × \
             e^(σ·Z), a lognormal draw per opportunity.",
            "Deal medians SMB $9k, mid-market $32k, enterprise $120k, and their spreads: project \
             assumption.",
        ),
        "pipeline" => x(
            "Pipeline created",
            "Sum of the deal sizes of all opportunities created: won, lost or still open.",
            "Deal sizes per segment: project assumption.",
        ),
        "mql_rate" => x(
            "MQL rate",
            "MQLs ÷ leads. One sample and deterministic scoring, so no spread across trials.",
            "Definition: DOMAIN metrics table. Published inquiry → MQL 10–25 % (demand-waterfall \
             ranges, secondary sources).",
        ),
        "acceptance_rate" => x(
            "Lead acceptance rate (MQL → SAL)",
            "SALs ÷ MQLs, per trial.",
            "Definition: DOMAIN metrics table. Reported 30–50 % siloed vs 80–90 % aligned (seed \
             \"000\"); Gartner: 44 % of MQLs pass sales' fit check.",
        ),
        "mql_to_sql_rate" => x(
            "MQL → SQL rate",
            "SQLs ÷ MQLs, per trial.",
            "Definition: DOMAIN metrics table. Typical ≈13 % (commonly quoted, secondary \
             sources); aligned teams 20–25 % (reported, seed \"000\").",
        ),
        "win_rate" => x(
            "Win rate",
            "Won ÷ (won + lost), counting only deals closed within the horizon; undefined in a \
             trial where no deal closed.",
            "Definition: DOMAIN metrics table. About 20–25 % median in B2B SaaS (Benchmarkit \
             2022, secondary); aligned teams report 38 % higher (not modelled).",
        ),
        "cycle_days" => x(
            "Sales cycle (median days)",
            "Median drawn cycle, opportunity creation to close, of deals closed within the \
             horizon. Censored: long cycles that close later are left out.",
            "Definition: DOMAIN metrics table. Segment medians 21 / 55 / 130 days sit in vendor \
             ranges SMB 14–30, mid-market 30–90, enterprise 90–180+ (unsourced).",
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
             the quarter: project assumption.",
        ),
        "sla_compliance" => x(
            "Response SLA compliance",
            "Share of MQLs first touched within the response SLA, in wall-clock minutes from \
             arrival.",
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
            "Median of minutes from arrival to first touch: CRM sync + routing delay + waiting \
             for a free rep within working hours.",
            "Definition: DOMAIN speed to lead (median, P90). An output of the simulated queue, \
             not an input.",
        ),
        "response_p90_minutes" => x(
            "First response, P90",
            "90th percentile of minutes from arrival to first touch, per trial: nine MQLs in ten \
             were answered at least this fast.",
            "Definition: DOMAIN speed to lead (median, P90).",
        ),
        "response_mean_minutes" => x(
            "First response, mean",
            "Mean minutes from arrival to first touch over all MQLs, per trial.",
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
    "process.response_sla_minutes",
    "process.disposition_sla_hours",
    "process.recycle_share",
    "process.definitions_agreed",
    "process.response_decay",
    "market.stages.accept",
    "market.stages.qualify",
    "market.stages.opportunity",
    "market.stages.win",
    "market.acceptance_without_agreed_definitions",
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
            "Default 55: project assumption. It qualifies 18.6 % of the default sample, inside \
             the published inquiry → MQL range of 10–25 % (secondary).",
        ),
        "scoring.decay.half_life_days" => x(
            "Engagement half-life",
            "Engagement × 2^(−days since last activity ÷ half-life), applied after the caps. Fit \
             never decays.",
            "Default 30 days: project assumption.",
        ),
        "process.sync_latency_minutes" => x(
            "CRM sync latency",
            "Mean of an exponential delay, in wall-clock minutes, before a new lead reaches the \
             CRM. It adds to every response time.",
            "Default 30 min (siloed 240, aligned 1): project assumption. The readiness checklist \
             (seed \"001\") passes under 5 min and fails above 1 h.",
        ),
        "process.routing.mode" => x(
            "Routing",
            "Automatic: rules assign a lead the moment it lands in the CRM. Manual: a manager \
             assigns it after an exponential delay counted in working hours.",
            "Readiness checklist item 3 (seed \"001\"): automated routing passes, assignment by \
             a manager fails. Defaults: project assumption.",
        ),
        "process.routing.manual_delay_hours" => x(
            "Manual routing delay",
            "Mean working hours a manager takes to assign a lead (exponential). Used only with \
             manual routing.",
            "Siloed 7.5 h: project assumption, tuned with the sync delay so the mean response \
             lands near the 42 hours of HBR 2011.",
        ),
        "process.routing.balance" => x(
            "Balance within a pool",
            "Round robin: the k-th MQL of a pool goes to rep k mod n, fixed for all trials. \
             First available: the pool's rep whose queue clears first.",
            "Practices named in the domain brief. Default round robin, aligned first available: \
             project assumption.",
        ),
        "process.reps" => x(
            "Reps",
            "Who makes first touches: each rep's territories and touches per day. Handle time = \
             working-day minutes ÷ touches per day.",
            "Default 3 Americas, 2 EMEA, 1 APAC at 8 first touches a day (aligned 10): project \
             assumption.",
        ),
        "process.hours" => x(
            "Working hours",
            "Days and daily window in which reps touch leads and managers route them; one time \
             zone, no holidays. Leads arriving outside wait for the next opening.",
            "Default Mon–Fri 09–17 (aligned 07–20): project assumption.",
        ),
        "process.response_sla_minutes" => x(
            "First-response SLA",
            "Target minutes from arrival to first touch. Measured only (SLA compliance): setting \
             it does not make reps answer faster.",
            "Default 24 h: readiness checklist (seed \"001\"). Aligned 5 min: Lead Response \
             Management study (Oldroyd with InsideSales.com, 2007). Siloed 48 h: assumption.",
        ),
        "process.disposition_sla_hours" => x(
            "Disposition SLA",
            "Hours within which every MQL must be accepted, rejected or recycled; met when the \
             first touch comes in time. Measured only.",
            "Default 48 h: the common SLA per the domain brief.",
        ),
        "process.recycle_share" => x(
            "Recycle share",
            "Of the MQLs sales does not accept, the share sent back to nurture; the rest are \
             rejected. Recycled leads do not return within the horizon.",
            "Default 0.5: project assumption.",
        ),
        "process.definitions_agreed" => x(
            "Agreed MQL and SQL definitions",
            "When off, every lead's acceptance odds are multiplied by the acceptance factor \
             without agreed definitions (0.12).",
            "Readiness checklist item 1 (seed \"001\"). On in the default and aligned presets, \
             off in siloed.",
        ),
        "process.response_decay" => x(
            "Response-time decay",
            "Odds multiplier for qualifying: 1 at 5 min, 1/21 at 30, 0.043 at 90, 0.005 from \
             24 h (log-log between points), for the sensitive share of leads only.",
            "21×: Lead Response Management study (Oldroyd, 2007); 7× and 60×: HBR 2011. \
             Within-hour level 0.3 and sensitive share 0.5: project assumptions.",
        ),
        "market.stages.accept" => x(
            "Acceptance base rate",
            "Chance a rep accepts an MQL of average fit and intent. Drawn per trial from a Beta \
             with this mean and sd, then combined with the lead's odds.",
            "Default mean 0.70, sd 0.06: project assumption, chosen so the presets land in the \
             published acceptance ranges.",
        ),
        "market.stages.qualify" => x(
            "Qualification base rate",
            "Chance an accepted average lead, answered within 5 min, qualifies (SAL → SQL). Beta \
             per trial, × the lead's odds and the response decay.",
            "Default mean 0.30, sd 0.06: project assumption. Aligned MQL → SQL comes out above \
             the reported 20–25 %.",
        ),
        "market.stages.opportunity" => x(
            "Opportunity base rate",
            "Chance an average SQL becomes an opportunity. Beta per trial, × the lead's odds.",
            "Default mean 0.60, sd 0.08: project assumption.",
        ),
        "market.stages.win" => x(
            "Win base rate",
            "Chance an average opportunity that closes within the horizon is won. Beta per \
             trial, × the lead's odds.",
            "Default mean 0.13, sd 0.03: project assumption; MQLs then win about 20–25 %, the \
             B2B SaaS median (Benchmarkit 2022, secondary).",
        ),
        "market.acceptance_without_agreed_definitions" => x(
            "Acceptance without agreed definitions",
            "Multiplies every lead's acceptance odds when MQL and SQL definitions are not \
             agreed.",
            "Default 0.12, calibrated to 30–50 % siloed vs 80–90 % aligned acceptance (seed \
             \"000\"): odds of 40 % ÷ odds of 85 % ≈ 0.12.",
        ),
        "market.segments" => x(
            "Deal segments",
            "By company size (SMB < 100, mid-market < 1,000, enterprise). Each opportunity draws \
             a lognormal deal size and sales cycle from its segment.",
            "Deal sizes and spreads: project assumption. Cycle medians 21 / 55 / 130 days sit in \
             vendor ranges 14–30, 30–90, 90–180+ days (unsourced).",
        ),
        "horizon.close_days" => x(
            "Horizon",
            "Days from the horizon start within which a deal must close to count as won or \
             lost; later closes stay open.",
            "Default 180 days: project assumption.",
        ),
        "costs" => x(
            "Costs",
            "Marketing spend + sales cost behind the sample's leads, used only for CAC = costs ÷ \
             deals won. Fixed: they do not follow team size or hours.",
            "Default $600k marketing (about $60 a lead) + $300k sales (six reps at $50k a \
             quarter): project assumption.",
        ),
        _ => return None,
    })
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
}
