//! The funnel by source channel and by company size: which channels and which sizes of company
//! feed the pipeline, the closed-loop view marketing asks sales for. Two tables of the run's
//! means (leads, MQLs, SQLs, won, revenue, and the cost per SQL when the scenario has a
//! marketing spend) and a sentence naming the channel whose leads become SQLs most often.

use funnel_engine::report::{Breakdown, GroupReport};
use funnel_engine::sim::{NO_CHANNEL_GIVEN, OTHER_CHANNELS};
use yew::prelude::*;

use super::use_store;
use crate::format;

/// A channel needs at least this share of the leads to be named as the best feeder: a channel
/// of three leads and one lucky SQL says nothing.
const MIN_SHARE_TO_NAME: f64 = 0.02;

/// A group's name for people: the generator's `organic_search` reads "Organic search"; a name
/// from an export ("Paid Search") keeps its spelling.
pub fn group_label(name: &str) -> String {
    format::capitalized(&name.replace('_', " "))
}

/// SQLs per lead of a group, over the runs' means; `None` for a group without leads.
fn sqls_per_lead(g: &GroupReport) -> Option<f64> {
    (g.leads.mean > 0.0 && g.sqls.mean.is_finite()).then(|| g.sqls.mean / g.leads.mean)
}

/// Whether a group is a real channel that could be named (not the leads without a value, not
/// the small channels put together).
fn nameable(g: &GroupReport) -> bool {
    g.name != NO_CHANNEL_GIVEN && g.name != OTHER_CHANNELS
}

/// The sentence over the table by channel: the channel that feeds the most pipeline per lead
/// (SQLs per 100 leads, among channels with at least 2 % of the leads), against all channels,
/// with its share of the leads and of the SQLs; and the channel that brings the most SQLs when
/// that is another one. `None` when there is no channel to speak of.
pub fn channel_takeaway(b: &Breakdown) -> Option<String> {
    let leads: f64 = b.groups.iter().map(|g| g.leads.mean).sum();
    let sqls: f64 = b.groups.iter().map(|g| g.sqls.mean).sum();
    let channels: Vec<&GroupReport> = b
        .groups
        .iter()
        .filter(|g| nameable(g) && g.leads.mean > 0.0)
        .collect();
    if channels.is_empty() || leads.is_nan() || leads <= 0.0 || !sqls.is_finite() {
        return None;
    }
    if sqls == 0.0 {
        return Some("No channel's leads became SQLs in these runs.".into());
    }
    let per_100 = |x: f64| format::count(100.0 * x);
    let big_enough: Vec<&GroupReport> = channels
        .iter()
        .copied()
        .filter(|g| g.leads.mean >= MIN_SHARE_TO_NAME * leads)
        .collect();
    let pool = if big_enough.is_empty() {
        &channels
    } else {
        &big_enough
    };
    // The first of equals: groups come with the most leads first.
    let best = pool.iter().copied().fold(None::<&GroupReport>, |acc, g| {
        match (acc.and_then(sqls_per_lead), sqls_per_lead(g)) {
            (Some(a), Some(x)) if x <= a => acc,
            (_, Some(_)) => Some(g),
            _ => acc,
        }
    })?;
    let rate = sqls_per_lead(best)?;
    let mut out = if channels.len() == 1 {
        format!(
            "{} is the only channel: {} of the leads, {} SQLs per 100 of them.",
            group_label(&best.name),
            format::percent(best.leads.mean / leads),
            per_100(rate)
        )
    } else {
        format!(
            "{} feeds the most pipeline per lead: {} SQLs per 100 leads, against {} for all \
             leads; it brings {} of the leads and {} of the SQLs.",
            group_label(&best.name),
            per_100(rate),
            per_100(sqls / leads),
            format::percent(best.leads.mean / leads),
            format::percent(best.sqls.mean / sqls)
        )
    };
    let most = channels
        .iter()
        .copied()
        .fold(None::<&GroupReport>, |acc, g| match acc {
            Some(a) if g.sqls.mean <= a.sqls.mean => Some(a),
            _ => Some(g),
        })?;
    if most.name != best.name {
        out.push_str(&format!(
            " {} brings the most SQLs: {} a run.",
            group_label(&most.name),
            format::count(most.sqls.mean)
        ));
    }
    Some(out)
}

/// What "cost per SQL" means here, under the tables.
pub const COST_NOTE: &str = "Cost per SQL: the marketing spend split by each group's share of \
    the leads (the scenario has no spend per channel), divided by the group's SQLs in each run. \
    It assumes every lead costs the same, so it differs between groups only by how many of their \
    leads become SQLs.";

/// Which breakdown a table shows: its row's test id and data attribute.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Channel,
    Segment,
}

fn table(kind: Kind, caption: &str, b: &Breakdown) -> Html {
    let costs = b.groups.iter().any(|g| g.cost_per_sql.is_some());
    let head = match kind {
        Kind::Channel => "Channel",
        Kind::Segment => "Company size",
    };
    let rows = b.groups.iter().map(|g| {
        let cost = g
            .cost_per_sql
            .as_ref()
            .map(|c| format::money(c.mean))
            .unwrap_or_default();
        let rate = sqls_per_lead(g).map_or_else(|| format::UNDEFINED.to_string(), format::percent);
        let sqls = g.sqls.mean.to_string();
        let (testid, channel, segment) = match kind {
            Kind::Channel => ("channel-row", Some(g.name.clone()), None),
            Kind::Segment => ("segment-row", None, Some(g.name.clone())),
        };
        html! {
            <tr data-testid={testid} data-channel={channel} data-segment={segment} data-sqls={sqls}>
                <th scope="row">{ group_label(&g.name) }</th>
                <td class="num">{ format::count(g.leads.mean) }</td>
                <td class="num">{ format::count(g.mqls.mean) }</td>
                <td class="num">{ format::count(g.sqls.mean) }</td>
                <td class="num">{ rate }</td>
                <td class="num">{ format::count(g.won.mean) }</td>
                <td class="num">{ format::money(g.revenue.mean) }</td>
                if costs {
                    <td class="num">{ cost }</td>
                }
            </tr>
        }
    });
    html! {
        <div class="table-wrap">
            <table class="breakdown-table">
                <caption>{ caption }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ head }</th>
                        <th scope="col" class="num">{ "Leads" }</th>
                        <th scope="col" class="num">{ "MQLs" }</th>
                        <th scope="col" class="num">{ "SQLs" }</th>
                        <th scope="col" class="num">{ "Leads → SQL" }</th>
                        <th scope="col" class="num">{ "Won" }</th>
                        <th scope="col" class="num">{ "Revenue" }</th>
                        if costs {
                            <th scope="col" class="num">{ "Cost per SQL" }</th>
                        }
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

/// A breakdown's note (no channel column, leads without a value), as a sentence.
fn note(b: &Breakdown, testid: &'static str) -> Html {
    match &b.note {
        Some(n) => {
            html! { <p class="help" data-testid={testid}>{ format!("{}.", format::capitalized(n)) }</p> }
        }
        None => html! {},
    }
}

#[component]
pub fn BreakdownPanel() -> Html {
    let store = use_store();
    let Some(results) = store.results.clone() else {
        return html! {};
    };
    let r = &results.report;
    let costs = r
        .by_channel
        .groups
        .iter()
        .chain(&r.by_segment.groups)
        .any(|g| g.cost_per_sql.is_some());
    html! {
        <section class={classes!("panel", "breakdown-panel", (!store.results_current).then_some("stale"))}
            data-testid="breakdown" aria-labelledby="breakdown-title">
            <h2 id="breakdown-title">{ "Where the pipeline comes from" }
                <span class="subtle">{ format!(" · by channel and by company size, mean of {} runs", format::count(r.trials as f64)) }</span>
            </h2>
            if let Some(t) = channel_takeaway(&r.by_channel) {
                <p class="takeaway" data-testid="breakdown-takeaway">{ t }</p>
            }
            if r.by_channel.groups.is_empty() {
                { note(&r.by_channel, "breakdown-no-channel") }
            } else {
                { table(Kind::Channel, "By source channel, most leads first", &r.by_channel) }
                { note(&r.by_channel, "breakdown-channel-note") }
            }
            { table(Kind::Segment, "By company size", &r.by_segment) }
            { note(&r.by_segment, "breakdown-segment-note") }
            if costs {
                <p class="source">{ COST_NOTE }</p>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use funnel_engine::report::Summary;

    /// A group whose every run had these leads and SQLs.
    fn group(name: &str, leads: f64, sqls: f64) -> GroupReport {
        let same = |x: f64| Summary::of([x, x].into_iter());
        GroupReport {
            name: name.into(),
            leads: same(leads),
            mqls: same(leads / 5.0),
            sqls: same(sqls),
            won: same(sqls / 5.0),
            revenue: same(sqls * 1000.0),
            spend: None,
            cost_per_sql: None,
        }
    }

    fn breakdown(groups: Vec<GroupReport>) -> Breakdown {
        Breakdown {
            field: Some("channel".into()),
            note: None,
            groups,
        }
    }

    #[test]
    fn labels_read_as_words() {
        assert_eq!(group_label("organic_search"), "Organic search");
        assert_eq!(group_label("Paid Search"), "Paid Search");
        assert_eq!(group_label("SMB"), "SMB");
        assert_eq!(group_label(""), "");
    }

    #[test]
    fn the_takeaway_names_the_best_feeder_per_lead() {
        let b = breakdown(vec![
            group("organic_search", 2500.0, 60.0),
            group("paid_social", 1500.0, 18.0),
            group("referral", 700.0, 37.0),
        ]);
        assert_eq!(
            channel_takeaway(&b).unwrap(),
            "Referral feeds the most pipeline per lead: 5.3 SQLs per 100 leads, against 2.4 for \
             all leads; it brings 14.9 % of the leads and 32.2 % of the SQLs. Organic search \
             brings the most SQLs: 60 a run."
        );
        // When the best per lead also brings the most, one sentence says it.
        let b = breakdown(vec![
            group("events", 800.0, 40.0),
            group("email", 1000.0, 20.0),
        ]);
        assert_eq!(
            channel_takeaway(&b).unwrap(),
            "Events feeds the most pipeline per lead: 5 SQLs per 100 leads, against 3.3 for all \
             leads; it brings 44.4 % of the leads and 66.7 % of the SQLs."
        );
    }

    #[test]
    fn the_takeaway_passes_over_tiny_and_catch_all_groups() {
        // 3 leads of 1,000 (0.3 %) with one SQL, the leads without a channel and the small
        // channels put together all convert better than web, and none of them is named; events
        // has enough leads to be named, but converts worse.
        let b = breakdown(vec![
            group("web", 700.0, 14.0),
            group(NO_CHANNEL_GIVEN, 150.0, 15.0),
            group(OTHER_CHANNELS, 100.0, 20.0),
            group("events", 47.0, 0.5),
            group("podcast", 3.0, 1.0),
        ]);
        let t = channel_takeaway(&b).unwrap();
        assert!(
            t.starts_with("Web feeds the most pipeline per lead: 2 SQLs per 100"),
            "{t}"
        );
        assert!(
            !t.contains("Podcast") && !t.contains("Other") && !t.contains("given"),
            "{t}"
        );
    }

    #[test]
    fn the_takeaway_without_sqls_or_channels() {
        let none = breakdown(vec![group("web", 100.0, 0.0), group("events", 50.0, 0.0)]);
        assert_eq!(
            channel_takeaway(&none).unwrap(),
            "No channel's leads became SQLs in these runs."
        );
        assert_eq!(channel_takeaway(&breakdown(vec![])), None);
        let only_missing = breakdown(vec![group(NO_CHANNEL_GIVEN, 20.0, 2.0)]);
        assert_eq!(channel_takeaway(&only_missing), None);
        let empty = breakdown(vec![group("web", 0.0, 0.0)]);
        assert_eq!(channel_takeaway(&empty), None);
        let one = breakdown(vec![
            group("web", 90.0, 9.0),
            group(NO_CHANNEL_GIVEN, 10.0, 0.0),
        ]);
        assert_eq!(
            channel_takeaway(&one).unwrap(),
            "Web is the only channel: 90.0 % of the leads, 10 SQLs per 100 of them."
        );
    }

    /// The default preset's own breakdown: a sentence that names one of its channels.
    #[test]
    fn the_default_preset_has_a_takeaway() {
        let s = funnel_engine::presets::preset("default").unwrap();
        let sample = funnel_engine::scenario_sample(&s).unwrap();
        let p = funnel_engine::prepare(&s, &sample).unwrap();
        let r = funnel_engine::simulate(&p, 1, 20);
        let t = channel_takeaway(&r.by_channel).unwrap();
        assert!(t.contains("feeds the most pipeline per lead"), "{t}");
        assert!(
            r.by_channel
                .groups
                .iter()
                .any(|g| t.starts_with(&group_label(&g.name))),
            "{t}"
        );
    }
}
