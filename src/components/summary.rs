//! What the room looks at: the headline results in a bar that stays in view while the rules,
//! the reps or the SLAs are edited, each with its change against the run before; the one
//! sentence that says what the projection means; undo and redo.

use funnel_engine::metrics::MetricSummaries;
use funnel_engine::report::Summary;
use yew::prelude::*;

use super::results::RunStatus;
use super::use_store;
use crate::format;
use crate::state::Action;

/// The headline numbers, in the order the room decides on them.
pub const HEADLINES: [(&str, &str); 5] = [
    ("revenue", "Revenue won"),
    ("won", "Deals won"),
    ("sqls", "SQLs"),
    ("mqls", "MQLs"),
    ("response_minutes", "First response"),
];

/// Whether more of a metric is better for the business; `None` where more is neither good
/// nor bad in itself (more MQLs can flood the reps).
pub fn higher_is_better(name: &str) -> Option<bool> {
    if matches!(name, "leads" | "mqls") {
        return None;
    }
    Some(!matches!(
        name,
        "response_minutes"
            | "response_p90_minutes"
            | "response_mean_minutes"
            | "cycle_days"
            | "cac"
            | "went_cold"
            | "never_contacted"
            | "backlog"
    ))
}

/// A change between two runs, as shown beside a headline.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// "+12", "−$0.3M", "−1 h 5 min", "+1.2 pts".
    pub text: String,
    /// Whether the change is good news, bad news or none.
    pub trend: Trend,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    Better,
    Worse,
    /// It moved, and whether that is good depends on the rest.
    Moved,
    Same,
}

/// How a metric moved from `before` to `now` (means), in its own units.
pub fn change(name: &str, now: f64, before: f64) -> Option<Change> {
    if !now.is_finite() || !before.is_finite() {
        return None;
    }
    let d = now - before;
    let scale = now.abs().max(before.abs()).max(1e-12);
    if d.abs() <= scale * 1e-9 {
        return Some(Change {
            text: "no change".into(),
            trend: Trend::Same,
        });
    }
    let sign = if d > 0.0 { "+" } else { "−" };
    let size = d.abs();
    let text = match format::unit_of(name) {
        Some(format::Unit::Percent) => format!("{sign}{:.1} pts", size * 100.0),
        Some(unit) => format!("{sign}{}", unit.format(size)),
        None => format!("{sign}{}", format::count(size)),
    };
    let trend = match higher_is_better(name) {
        None => Trend::Moved,
        Some(up) if (d > 0.0) == up => Trend::Better,
        Some(_) => Trend::Worse,
    };
    Some(Change { text, trend })
}

/// A change beside a number: arrow, amount, and whether it is good news (in words for screen
/// readers, in colour for the rest).
pub fn delta_chip(c: &Change) -> Html {
    let class = match c.trend {
        Trend::Better => "better",
        Trend::Worse => "worse",
        Trend::Moved => "moved",
        Trend::Same => "same",
    };
    html! {
        <span class={classes!("delta", class)} data-testid="delta" title="Change since the run before">
            <span aria-hidden="true">{ arrow(c) }</span>
            { c.text.clone() }
            <span class="sr-only">{ match c.trend { Trend::Better => " (better)", Trend::Worse => " (worse)", _ => "" } }</span>
        </span>
    }
}

/// ▲ for a rise, ▼ for a fall, nothing for no change.
fn arrow(c: &Change) -> &'static str {
    match (c.trend, c.text.starts_with('+')) {
        (Trend::Same, _) => "",
        (_, true) => "▲ ",
        (_, false) => "▼ ",
    }
}

/// How long the horizon is, as people say it: "the quarter" for about 90 days.
fn horizon_words(close_days: f64) -> String {
    if (80.0..=100.0).contains(&close_days) {
        "in the quarter".into()
    } else {
        format!("within {}", format::days(close_days))
    }
}

/// The projection in one sentence: "With these rules and this team: about 72 deals and $4.4M
/// in the quarter; 9 runs in 10 fall between 58 and 86 deals, $3.5M and $5.3M."
pub fn takeaway(m: &MetricSummaries, close_days: f64) -> Option<String> {
    let (mqls, won, revenue) = (m.get("mqls")?, m.get("won")?, m.get("revenue")?);
    let when = horizon_words(close_days);
    if mqls.mean <= 0.0 {
        return Some(
            "No lead qualifies as an MQL with these rules and this threshold, so nothing reaches \
             sales: lower the threshold or check the rules."
                .into(),
        );
    }
    if won.p95 <= 0.0 {
        return Some(format!(
            "With these rules and this team, no deal closes {when} in any run: look at what \
             happens to the MQLs below."
        ));
    }
    let deals = |x: f64| match format::count(x).as_str() {
        "1" => "1 deal".to_string(),
        n => format!("{n} deals"),
    };
    Some(format!(
        "With these rules and this team: about {} and {} {when}; 9 runs in 10 fall between {} \
         and {}, {} and {}.",
        deals(won.mean),
        format::money(revenue.mean),
        format::count(won.p05),
        deals(won.p95),
        format::money(revenue.p05),
        format::money(revenue.p95),
    ))
}

#[component]
pub fn SummaryBar() -> Html {
    let store = use_store();
    let stale = !store.results_current;
    let now = store.results.as_ref().map(|r| &r.report.metrics);
    let before = store.previous.as_ref().map(|r| &r.report.metrics);
    let items = HEADLINES.iter().map(|(name, label)| {
        let s: Option<&Summary> = now.and_then(|m| m.get(name));
        let value = s.map_or_else(|| "…".to_string(), |s| format::for_metric(name, s.mean));
        let band = s.map(|s| {
            if s.p05 == s.p95 {
                "the same in every run".to_string()
            } else {
                format!(
                    "{} – {}",
                    format::for_metric(name, s.p05),
                    format::for_metric(name, s.p95)
                )
            }
        });
        let delta = match (s, before.and_then(|m| m.get(name))) {
            (Some(s), Some(b)) if !stale => change(name, s.mean, b.mean),
            _ => None,
        };
        let note = (*name == "response_minutes")
            .then(|| now.and_then(|m| m.get("sla_compliance")))
            .flatten()
            .map(|c| {
                (
                    format!(
                        "{} within the {} SLA",
                        format::percent(c.mean),
                        format::setting_duration(store.scenario.process.response_sla_minutes)
                    ),
                    c.mean,
                )
            });
        html! {
            <div class={classes!("summary-item", stale.then_some("stale"))}
                data-testid={format!("metric-{name}")}
                data-mean={s.map(|s| s.mean.to_string())}>
                <span class="summary-label">{ *label }</span>
                <span class="summary-value">{ value }</span>
                if let Some(band) = band {
                    <span class="summary-band" title="9 runs in 10 fall in this range (P5–P95)">{ band }</span>
                }
                if let Some((note, mean)) = note {
                    <span class="summary-note" data-testid="metric-sla_compliance"
                        data-mean={mean.to_string()}>{ note }</span>
                }
                if let Some(c) = delta {
                    { delta_chip(&c) }
                }
            </div>
        }
    });
    let broken = store
        .results
        .as_ref()
        .map_or(0, |r| r.examples.iter().filter(|c| !c.holds).count());
    let last = match (&store.last_change, before.is_some() && !stale) {
        (Some(what), true) => Some(format!("Last change: {what}")),
        _ => None,
    };
    html! {
        <section class="summary-bar" id="summary" aria-label="Headline results" data-testid="summary">
            <div class="summary-items">{ for items }</div>
            <div class="summary-side">
                <UndoRedo />
                <RunStatus />
                if let Some(last) = last {
                    <p class="summary-last" data-testid="last-change">{ last }</p>
                }
                if broken > 0 {
                    <a class="summary-broken" href="#examples" data-testid="examples-broken">
                        { match broken { 1 => "1 agreed example breaks".to_string(), n => format!("{n} agreed examples break") } }
                    </a>
                }
            </div>
        </section>
    }
}

/// The sentence under the bar.
#[component]
pub fn Takeaway() -> Html {
    let store = use_store();
    // Before the first run the sentence's place is held, so that nothing below it jumps.
    let text = store
        .results
        .as_ref()
        .and_then(|r| takeaway(&r.report.metrics, store.scenario.horizon.close_days))
        .unwrap_or_else(|| "Simulating the first projection of this team…".into());
    html! {
        <section class="headline-sentence" aria-label="The projection in one sentence">
            <p class={classes!((!store.results_current).then_some("stale"))}
                data-testid="takeaway">{ text }</p>
        </section>
    }
}

#[component]
pub fn UndoRedo() -> Html {
    let store = use_store();
    let undo_label = store.history.undo_label().map(|w| format!("Undo: {w}"));
    let redo_label = store.history.redo_label().map(|w| format!("Redo: {w}"));
    let (no_undo, no_redo) = (undo_label.is_none(), redo_label.is_none());
    let undo = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Action::Undo))
    };
    let redo = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Action::Redo))
    };
    html! {
        <div class="undo-redo" role="group" aria-label="History">
            <button type="button" class="btn btn-small" data-testid="undo" onclick={undo}
                disabled={no_undo}
                title={undo_label.clone().map(|l| format!("{l} (Ctrl+Z)")).unwrap_or_else(|| "Nothing to undo".into())}
                aria-label={undo_label.unwrap_or_else(|| "Undo".into())}>
                <span aria-hidden="true">{ "↶ " }</span>{ "Undo" }
            </button>
            <button type="button" class="btn btn-small" data-testid="redo" onclick={redo}
                disabled={no_redo}
                title={redo_label.clone().map(|l| format!("{l} (Ctrl+Shift+Z)")).unwrap_or_else(|| "Nothing to redo".into())}
                aria-label={redo_label.unwrap_or_else(|| "Redo".into())}>
                { "Redo" }<span aria-hidden="true">{ " ↷" }</span>
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(values: &[f64]) -> Summary {
        Summary::of(values.iter().copied())
    }

    #[test]
    fn changes_say_which_way_is_good() {
        assert_eq!(change("mqls", 3073.0, 1857.0).unwrap().trend, Trend::Moved);
        let c = change("won", 76.0, 72.0).unwrap();
        assert_eq!(
            c,
            Change {
                text: "+4".into(),
                trend: Trend::Better
            }
        );
        let c = change("response_minutes", 90.0, 30.0).unwrap();
        assert_eq!(c.trend, Trend::Worse);
        assert_eq!(c.text, "+1 h");
        let c = change("response_minutes", 30.0, 90.0).unwrap();
        assert_eq!(c.trend, Trend::Better);
        assert!(c.text.starts_with('−'), "{}", c.text);
        let c = change("sla_compliance", 0.015, 0.886).unwrap();
        assert_eq!(c.text, "−87.1 pts");
        assert_eq!(c.trend, Trend::Worse);
        assert_eq!(change("sqls", 10.0, 10.0).unwrap().trend, Trend::Same);
        assert_eq!(change("sqls", f64::NAN, 10.0), None);
        assert!(change("revenue", 4.4e6, 4.1e6)
            .unwrap()
            .text
            .starts_with("+$"));
    }

    #[test]
    fn the_sentence_reads_the_bands() {
        let mut m = crate::worker::Results::run_here(
            &funnel_engine::presets::preset("default").unwrap(),
            30,
        )
        .unwrap()
        .report
        .metrics;
        m.won = summary(&[60.0, 72.0, 85.0]);
        m.revenue = summary(&[3.5e6, 4.4e6, 5.3e6]);
        let t = takeaway(&m, 90.0).unwrap();
        assert!(
            t.starts_with(
                "With these rules and this team: about 72 deals and $4.4M in the quarter"
            ),
            "{t}"
        );
        assert!(t.contains("9 runs in 10"), "{t}");
        assert!(takeaway(&m, 180.0).unwrap().contains("within 180 days"));
        m.won = summary(&[0.0, 0.0]);
        assert!(takeaway(&m, 90.0).unwrap().contains("no deal closes"));
        m.mqls = summary(&[0.0]);
        assert!(takeaway(&m, 90.0).unwrap().starts_with("No lead qualifies"));
    }
}
