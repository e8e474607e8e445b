//! The built-in sample: a realistic B2B lead population from a seed and a few knobs.
//!
//! Each lead has two hidden traits: fit (how well the company matches the ideal customer
//! profile) and intent (how close it is to buying). Firmographics are drawn from fit and
//! engagement from intent, so that a scoring model has something real to recover, and the
//! market model's truth for these leads is those same hidden traits. The hidden traits never
//! appear among the lead's fields.

use serde::{Deserialize, Serialize};

use crate::dist::{bernoulli, exponential, logistic, poisson, standard_normal, uniform};
use crate::leads::{Column, FieldKind, LeadTable, Value, MINUTES_PER_DAY};
use crate::rng::generator_rng;
use crate::validate::{above, in_range, invalid, probability, show, Checked, Unit};

/// Where generated leads' horizon starts: Monday 2026-01-05 00:00, in minutes since 1970.
pub const GENERATED_HORIZON_START: i64 = 20458 * 1440;

/// Average days in a month (365.25 / 12).
pub const DAYS_PER_MONTH: f64 = 30.4375;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    OrganicSearch,
    PaidSearch,
    PaidSocial,
    Email,
    Events,
    Referral,
    ContentSyndication,
    Partner,
}

impl Channel {
    pub fn name(self) -> &'static str {
        match self {
            Channel::OrganicSearch => "organic_search",
            Channel::PaidSearch => "paid_search",
            Channel::PaidSocial => "paid_social",
            Channel::Email => "email",
            Channel::Events => "events",
            Channel::Referral => "referral",
            Channel::ContentSyndication => "content_syndication",
            Channel::Partner => "partner",
        }
    }

    /// How a channel shifts hidden (fit, intent), in standard deviations. Assumptions of the
    /// project, not published figures: referrals and partners bring warmer, better-fitting
    /// leads; syndicated content and paid social bring colder ones.
    fn shift(self) -> (f64, f64) {
        match self {
            Channel::OrganicSearch => (0.0, 0.1),
            Channel::PaidSearch => (-0.1, 0.0),
            Channel::PaidSocial => (-0.3, -0.4),
            Channel::Email => (0.1, 0.0),
            Channel::Events => (0.3, 0.2),
            Channel::Referral => (0.4, 0.6),
            Channel::ContentSyndication => (0.0, -0.7),
            Channel::Partner => (0.3, 0.3),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelShare {
    pub channel: Channel,
    pub share: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeneratorConfig {
    /// The sample's own seed: the same seed gives the same leads (trials have their own seed).
    pub seed: u64,
    pub leads_per_month: f64,
    pub months: f64,
    /// Share of leads from companies in the ideal customer profile.
    pub icp_share: f64,
    /// Channel mix; shares are relative weights.
    pub channels: Vec<ChannelShare>,
}

/// The most leads one sample may hold: ten times a large team's year, small enough for a tab.
pub const MAX_LEADS: f64 = 1_000_000.0;

impl GeneratorConfig {
    pub fn lead_count(&self) -> usize {
        libm::round(self.leads_per_month * self.months).max(0.0) as usize
    }

    pub fn validate(&self, path: &str) -> Checked {
        above(
            &format!("{path}.months"),
            self.months,
            0.0,
            60.0,
            "the months of generated leads",
            Unit::Of("month", "months"),
        )?;
        above(
            &format!("{path}.leads_per_month"),
            self.leads_per_month,
            0.0,
            MAX_LEADS,
            "the generated leads per month",
            Unit::Number,
        )?;
        let leads = Unit::Of("lead", "leads");
        let per_month = Unit::Of("lead a month", "leads a month");
        let months = Unit::Of("month", "months");
        let total = self.leads_per_month * self.months;
        if total > MAX_LEADS {
            return Err(invalid(
                format!("{path}.leads_per_month"),
                format!(
                    "the sample may hold at most {}, not {} ({} for {}): lower the leads per \
                     month or the months",
                    show(MAX_LEADS, leads),
                    show(total, leads),
                    show(self.leads_per_month, per_month),
                    show(self.months, months)
                ),
            ));
        }
        if self.lead_count() == 0 {
            return Err(invalid(
                path,
                format!(
                    "the sample would hold no lead: {} for {} make {}, and it takes at \
                     least 0.5 to make one; raise the leads per month or the months",
                    show(self.leads_per_month, per_month),
                    show(self.months, months),
                    show(total, leads)
                ),
            ));
        }
        probability(
            &format!("{path}.icp_share"),
            self.icp_share,
            "the share of leads in the ideal customer profile",
        )?;
        if self.channels.is_empty() {
            return Err(invalid(
                format!("{path}.channels"),
                "the channel mix is empty: add at least one channel",
            ));
        }
        for (i, c) in self.channels.iter().enumerate() {
            in_range(
                &format!("{path}.channels[{i}].share"),
                c.share,
                0.0,
                1e6,
                &format!(
                    "the share of the {} channel (a relative weight)",
                    c.channel.name().replace('_', " ")
                ),
                Unit::Number,
            )?;
        }
        if self.channels.iter().map(|c| c.share).sum::<f64>() <= 0.0 {
            return Err(invalid(
                format!("{path}.channels"),
                "every channel's share is 0: give at least one channel a share above 0",
            ));
        }
        Ok(())
    }
}

impl Default for GeneratorConfig {
    fn default() -> Self {
        use Channel::*;
        let mix = [
            (OrganicSearch, 0.25),
            (PaidSearch, 0.20),
            (PaidSocial, 0.15),
            (Email, 0.10),
            (Events, 0.08),
            (Referral, 0.07),
            (ContentSyndication, 0.10),
            (Partner, 0.05),
        ];
        GeneratorConfig {
            seed: 2026,
            leads_per_month: 3334.0,
            months: 3.0,
            icp_share: 0.3,
            channels: mix
                .iter()
                .map(|(channel, share)| ChannelShare {
                    channel: *channel,
                    share: *share,
                })
                .collect(),
        }
    }
}

/// Generated leads: the table, and each lead's hidden standardized (fit, intent).
#[derive(Clone, Debug)]
pub struct GeneratedLeads {
    pub table: LeadTable,
    pub truth: Vec<[f64; 2]>,
}

pub const COLUMNS: [(&str, FieldKind); 16] = [
    ("id", FieldKind::Text),
    ("created_at", FieldKind::Time),
    ("channel", FieldKind::Text),
    ("industry", FieldKind::Text),
    ("company_size", FieldKind::Number),
    ("region", FieldKind::Text),
    ("seniority", FieldKind::Text),
    ("email_domain", FieldKind::Text),
    ("is_competitor", FieldKind::Bool),
    ("email_clicks", FieldKind::Number),
    ("web_visits", FieldKind::Number),
    ("pricing_page_visits", FieldKind::Number),
    ("content_downloads", FieldKind::Number),
    ("webinar_attended", FieldKind::Bool),
    ("demo_requested", FieldKind::Bool),
    ("days_since_last_activity", FieldKind::Number),
];

const ICP_INDUSTRIES: [&str; 3] = ["software", "financial_services", "healthcare"];
const OTHER_INDUSTRIES: [&str; 5] = [
    "manufacturing",
    "retail",
    "education",
    "government",
    "other",
];
const REGIONS: [(&str, f64); 4] = [
    ("north_america", 0.50),
    ("emea", 0.30),
    ("apac", 0.15),
    ("latam", 0.05),
];
/// (title, lower bound on the seniority draw). For a draw of mean 0 and sd 1 these bounds give
/// 5 % C-level, 10 % VP, 15 % director, 25 % manager, 40 % individual contributor, 5 % student;
/// fit shifts the draw, so the sample has somewhat more senior titles than that.
const SENIORITY: [(&str, f64); 6] = [
    ("c_level", 1.645),
    ("vp", 1.036),
    ("director", 0.524),
    ("manager", -0.253),
    ("individual", -1.645),
    ("student", f64::NEG_INFINITY),
];

fn pick<'a>(u: f64, weighted: &[(&'a str, f64)]) -> &'a str {
    let total: f64 = weighted.iter().map(|w| w.1).sum();
    let mut acc = 0.0;
    for (name, w) in weighted {
        acc += w / total;
        if u < acc {
            return name;
        }
    }
    weighted[weighted.len() - 1].0
}

/// Generates the sample. Leads come out in arrival order.
pub fn generate(cfg: &GeneratorConfig) -> GeneratedLeads {
    let mut rng = generator_rng(cfg.seed);
    let n = cfg.lead_count();
    // Whole days, so that every arrival falls inside the window.
    let days = libm::floor(cfg.months * DAYS_PER_MONTH).max(1.0);
    let channel_total: f64 = cfg.channels.iter().map(|c| c.share).sum();

    // Arrivals first, sorted, so that ids follow arrival order.
    let mut arrivals: Vec<f64> = (0..n)
        .map(|_| {
            // Weekends get 30 % of a weekday's leads; 80 % of leads land between 08:00 and 19:00.
            let day = loop {
                let d = libm::floor(uniform(&mut rng) * days);
                let weekday = (d as i64).rem_euclid(7);
                if weekday < 5 || uniform(&mut rng) < 0.3 {
                    break d;
                }
            };
            let hour = if bernoulli(&mut rng, 0.8) {
                8.0 + 11.0 * uniform(&mut rng)
            } else {
                24.0 * uniform(&mut rng)
            };
            day * MINUTES_PER_DAY + libm::floor(hour * 60.0)
        })
        .collect();
    arrivals.sort_by(f64::total_cmp);

    let mut rows = Vec::with_capacity(n);
    let mut raw_truth = Vec::with_capacity(n);
    for (i, arrival) in arrivals.iter().enumerate() {
        let cu = uniform(&mut rng) * channel_total;
        let mut acc = 0.0;
        let mut channel = cfg.channels[cfg.channels.len() - 1].channel;
        for c in &cfg.channels {
            acc += c.share;
            if cu < acc {
                channel = c.channel;
                break;
            }
        }
        let (fit_shift, intent_shift) = channel.shift();
        let icp = bernoulli(&mut rng, cfg.icp_share);
        let competitor = bernoulli(&mut rng, 0.005);
        let mut fit = standard_normal(&mut rng) + if icp { 1.6 } else { 0.0 } + fit_shift;
        if competitor {
            fit = -2.5;
        }
        let intent = 0.3 * fit + 0.95 * standard_normal(&mut rng) + intent_shift;

        let industry = if bernoulli(&mut rng, logistic(-0.8 + 1.3 * fit)) {
            ICP_INDUSTRIES[(uniform(&mut rng) * 3.0) as usize % 3]
        } else {
            OTHER_INDUSTRIES[(uniform(&mut rng) * 5.0) as usize % 5]
        };
        let employees = libm::round(libm::exp(
            libm::log(60.0) + 0.9 * fit + 1.1 * standard_normal(&mut rng),
        ))
        .clamp(1.0, 200_000.0);
        let region = pick(uniform(&mut rng), &REGIONS);
        let s = 0.6 * fit.clamp(-3.0, 3.0) / 1.3 + 0.8 * standard_normal(&mut rng);
        let seniority = SENIORITY
            .iter()
            .find(|(_, lo)| s >= *lo)
            .map_or("student", |x| x.0);
        let email_domain = if seniority == "student" {
            "edu"
        } else if bernoulli(&mut rng, logistic(-1.6 - 0.9 * fit)) {
            "personal"
        } else {
            "business"
        };

        let email_clicks = poisson(&mut rng, 1.2 * libm::exp(0.5 * intent));
        let web_visits = poisson(&mut rng, 2.5 * libm::exp(0.6 * intent));
        let pricing = poisson(&mut rng, 0.25 * libm::exp(1.1 * intent));
        let downloads = poisson(&mut rng, 0.7 * libm::exp(0.4 * intent));
        let webinar = bernoulli(&mut rng, logistic(-2.0 + 0.9 * intent));
        let demo = bernoulli(&mut rng, logistic(-3.2 + 1.4 * intent));
        let idle = libm::round(exponential(&mut rng, 25.0 * libm::exp(-0.6 * intent))).min(365.0);

        rows.push(vec![
            Value::Text(format!("L{:06}", i + 1)),
            Value::Number((GENERATED_HORIZON_START as f64) + arrival),
            Value::Text(channel.name().into()),
            Value::Text(industry.into()),
            Value::Number(employees),
            Value::Text(region.into()),
            Value::Text(seniority.into()),
            Value::Text(email_domain.into()),
            Value::Bool(competitor),
            Value::Number(email_clicks as f64),
            Value::Number(web_visits as f64),
            Value::Number(pricing as f64),
            Value::Number(downloads as f64),
            Value::Bool(webinar),
            Value::Bool(demo),
            Value::Number(idle),
        ]);
        raw_truth.push([fit, intent]);
    }

    let truth = standardize(&raw_truth);
    let columns = COLUMNS
        .iter()
        .map(|(name, kind)| Column {
            name: (*name).into(),
            kind: *kind,
        })
        .collect();
    let table = LeadTable::new(columns, rows, arrivals).expect("generator rows match its columns");
    GeneratedLeads { table, truth }
}

/// Rescales each hidden trait to mean 0 and standard deviation 1 over the sample, so that the
/// market model's odds ratios are "per standard deviation" whatever the knobs.
fn standardize(raw: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let n = raw.len().max(1) as f64;
    let mut out = raw.to_vec();
    for k in 0..2 {
        let mean = raw.iter().map(|r| r[k]).sum::<f64>() / n;
        let var = raw
            .iter()
            .map(|r| (r[k] - mean) * (r[k] - mean))
            .sum::<f64>()
            / n;
        let sd = if var > 0.0 { libm::sqrt(var) } else { 1.0 };
        for r in out.iter_mut() {
            r[k] = (r[k] - mean) / sd;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(n_per_month: f64, seed: u64) -> GeneratedLeads {
        generate(&GeneratorConfig {
            leads_per_month: n_per_month,
            seed,
            ..GeneratorConfig::default()
        })
    }

    fn col(g: &GeneratedLeads, name: &str) -> Vec<Value> {
        let c = g.table.column_index(name).unwrap();
        g.table.rows().map(|r| r[c].clone()).collect()
    }

    fn share(g: &GeneratedLeads, name: &str, pred: impl Fn(&Value) -> bool) -> f64 {
        let v = col(g, name);
        v.iter().filter(|x| pred(x)).count() as f64 / v.len() as f64
    }

    #[test]
    fn same_seed_same_leads_other_seed_other_leads() {
        let a = sample(500.0, 1);
        let b = sample(500.0, 1);
        let c = sample(500.0, 2);
        assert_eq!(a.table, b.table);
        assert_eq!(a.truth, b.truth);
        assert_ne!(a.table, c.table);
    }

    #[test]
    fn volume_and_arrivals() {
        let g = sample(3334.0, 3);
        assert_eq!(g.table.len(), 10_002);
        let a = g.table.arrivals();
        assert!(a.windows(2).all(|w| w[0] <= w[1]), "arrival order");
        assert!(a[a.len() - 1] < 3.0 * DAYS_PER_MONTH * MINUTES_PER_DAY);
        // Weekends carry 2 × 0.3 / (5 + 2 × 0.3) ≈ 10.7 % of arrivals.
        let weekend = a
            .iter()
            .filter(|t| ((**t / MINUTES_PER_DAY) as i64).rem_euclid(7) >= 5)
            .count() as f64
            / a.len() as f64;
        assert!((weekend - 0.107).abs() < 0.015, "weekend share {weekend}");
        let office = a
            .iter()
            .filter(|t| (8.0 * 60.0..19.0 * 60.0).contains(&(*t % MINUTES_PER_DAY)))
            .count() as f64
            / a.len() as f64;
        // 80 % drawn in office hours, plus 11/24 of the other 20 %.
        assert!(
            (office - (0.8 + 0.2 * 11.0 / 24.0)).abs() < 0.015,
            "office share {office}"
        );
    }

    #[test]
    fn mix_matches_the_knobs() {
        let g = sample(3334.0, 4);
        let referral = share(&g, "channel", |v| v == &Value::Text("referral".into()));
        assert!((referral - 0.07).abs() < 0.01, "{referral}");
        let na = share(&g, "region", |v| v == &Value::Text("north_america".into()));
        assert!((na - 0.5).abs() < 0.02, "{na}");
        let students = share(&g, "seniority", |v| v == &Value::Text("student".into()));
        assert!(students > 0.02 && students < 0.08, "{students}");
    }

    #[test]
    fn hidden_traits_drive_the_fields() {
        // A scoring model can only work if fields carry the hidden traits: check that
        // engagement tracks intent and firmographics track fit.
        let g = sample(3334.0, 5);
        let corr = |field: &str, k: usize| {
            let c = g.table.column_index(field).unwrap();
            let xs: Vec<f64> = g.table.rows().map(|r| r[c].as_number().unwrap()).collect();
            let ys: Vec<f64> = g.truth.iter().map(|t| t[k]).collect();
            let n = xs.len() as f64;
            let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
            let cov: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
            let vx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
            let vy: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
            cov / (vx * vy).sqrt()
        };
        assert!(corr("web_visits", 1) > 0.3);
        assert!(corr("pricing_page_visits", 1) > 0.3);
        assert!(corr("demo_requested", 1) > 0.2);
        assert!(corr("days_since_last_activity", 1) < -0.15);
        let size_c = g.table.column_index("company_size").unwrap();
        let ln_size: Vec<f64> = g
            .table
            .rows()
            .map(|r| r[size_c].as_number().unwrap().ln())
            .collect();
        let fit: Vec<f64> = g.truth.iter().map(|t| t[0]).collect();
        let top = |xs: &[f64], keys: &[f64]| {
            let mut idx: Vec<usize> = (0..xs.len()).collect();
            idx.sort_by(|a, b| keys[*b].total_cmp(&keys[*a]));
            let k = idx.len() / 5;
            idx[..k].iter().map(|i| xs[*i]).sum::<f64>() / k as f64
        };
        let mean_ln: f64 = ln_size.iter().sum::<f64>() / ln_size.len() as f64;
        assert!(
            top(&ln_size, &fit) > mean_ln + 0.5,
            "fit should mean bigger companies"
        );
        // Standardized.
        for k in 0..2 {
            let m: f64 = g.truth.iter().map(|t| t[k]).sum::<f64>() / g.truth.len() as f64;
            assert!(m.abs() < 1e-9);
        }
    }

    #[test]
    fn knobs_are_validated() {
        let mut c = GeneratorConfig::default();
        assert!(c.validate("leads").is_ok());
        c.leads_per_month = -1.0;
        assert_eq!(
            c.validate("leads").unwrap_err().path,
            "leads.leads_per_month"
        );
        let c = GeneratorConfig {
            leads_per_month: 1e9,
            ..GeneratorConfig::default()
        };
        assert!(c.validate("leads").is_err());
        let mut c = GeneratorConfig::default();
        c.channels.iter_mut().for_each(|s| s.share = 0.0);
        assert_eq!(c.validate("leads").unwrap_err().path, "leads.channels");
    }
}
