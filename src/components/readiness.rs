//! The readiness checklist: five pass/fail checks of how ready marketing and sales are to work
//! leads together, with the share of the reported alignment effects they let through.
//!
//! The checklist is read from the scenario every render (`Checklist::of`), never kept beside
//! it. A toggle answers its check with an `Edit::Answer` (the reducer runs
//! `readiness::answer`), so the engine validates it like any other edit, it can be undone, and
//! the process editor shows what it set.

use funnel_engine::explore::CheckWorth;
use funnel_engine::readiness::{Checklist, CHECKS};
use yew::prelude::*;

use super::fields::FieldError;
use super::use_store;
use crate::explain;
use crate::state::{check_name as check_key, Action, At, Edit};

#[component]
pub fn ReadinessChecklist() -> Html {
    let store = use_store();
    let s = &store.scenario;
    let list = Checklist::of(s);
    let level = explain::alignment_level(&list, s.market.alignment.enabled);
    // What each check is worth, once the paired runs answered this very scenario.
    let worth = store
        .checklist
        .result
        .as_ref()
        .filter(|_| store.checklist.current(store.revision))
        .cloned();
    let rows = CHECKS.iter().zip(list.passed).map(|(check, passed)| {
        let check = *check;
        let key = check_key(check);
        let id = format!("check-{key}");
        let path = format!("readiness.{key}");
        let effect = explain::check_effect(check, s);
        let onchange = {
            let d = store.dispatcher();
            Callback::from(move |e: Event| {
                let pass = e
                    .target_unchecked_into::<web_sys::HtmlInputElement>()
                    .checked();
                d.dispatch(Action::Edit(Edit::Answer { check, pass }));
            })
        };
        html! {
            <li key={key.clone()} class={classes!("check", if passed { "pass" } else { "fail" })}
                data-testid="readiness-check" data-check={key.clone()}
                data-passed={passed.to_string()}>
                <input type="checkbox" role="switch" id={id.clone()} checked={passed}
                    aria-describedby={format!("{id}-sets")}
                    data-testid={format!("readiness-toggle-{key}")} {onchange} />
                <label for={id.clone()} class="check-title">{ check.title() }</label>
                <span class="check-badge" aria-hidden="true">{ if passed { "Pass" } else { "Fail" } }</span>
                <p class="check-sets" id={format!("{id}-sets")}>
                    { effect.sets }{ " " }<span class="check-now">{ effect.now }</span>
                </p>
                if let Some(w) = worth.as_ref().and_then(|ws| ws.iter().find(|w| w.check == check)) {
                    <p class="check-worth" data-testid="check-worth" data-sqls={w.sqls.diff.mean.to_string()}>
                        { worth_sentence(w) }
                    </p>
                }
                <FieldError at={At::field(path)} />
            </li>
        }
    });
    let run = &store.checklist;
    let start = {
        let d = store.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::StartChecklist))
    };
    html! {
        <section class="panel readiness" aria-labelledby="readiness-title" data-testid="readiness">
            <h2 id="readiness-title">{ "Readiness checklist" }
                <span class="subtle">{ " · tick what your teams do today" }</span></h2>
            <p class="readiness-level" data-testid="readiness-level"
                data-passed={list.passed_count().to_string()} data-level={list.level().to_string()}>
                <span class="level-meter" aria-hidden="true">
                    for passed in list.passed {
                        <span class={classes!("pip", passed.then_some("on"))}></span>
                    }
                </span>
                { level }
            </p>
            <ul class="checks">{ for rows }</ul>
            <div class="actions">
                <button type="button" class="btn" data-testid="checklist-worth-run" onclick={start}
                    disabled={run.running}>{ "What is each check worth?" }</button>
                if run.running {
                    <span class="run-text" role="status">{ format!("Running each check the other way… {:.0} %", if run.progress.1 > 0 { 100.0 * run.progress.0 as f64 / run.progress.1 as f64 } else { 0.0 }) }</span>
                }
                if let Some(e) = &run.error {
                    <span class="run-error" role="alert">{ e.clone() }</span>
                }
            </div>
        </section>
    }
}

/// A check's worth in words, from its paired runs: "Passing it: +38 SQLs and +$0.9M revenue
/// (9 runs in 10: +$0.4M to +$1.5M)"; for a passing check, what failing it would cost.
pub fn worth_sentence(w: &CheckWorth) -> String {
    use super::instruments::{signed_count, signed_money};
    let lead = if w.passes { "Failing it" } else { "Passing it" };
    format!(
        "{lead}: {} SQLs and {} revenue (9 runs in 10: {} to {}).",
        signed_count(w.sqls.diff.mean),
        signed_money(w.revenue.diff.mean),
        signed_money(w.revenue.diff.p05),
        signed_money(w.revenue.diff.p95),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state;
    use funnel_engine::presets;
    use funnel_engine::readiness::{self, Check};

    #[test]
    fn check_keys_are_the_engines() {
        let keys: Vec<String> = CHECKS.iter().map(|c| check_key(*c)).collect();
        assert_eq!(
            keys,
            [
                "agreed_definitions",
                "data_integration",
                "automated_routing",
                "follow_up_sla",
                "full_funnel_reporting"
            ]
        );
    }

    /// A toggle's edit, run through the reducer as the page runs it: the answer sticks, the
    /// scenario stays valid, and toggling back (from the default preset) restores it.
    #[test]
    fn toggles_go_through_the_reducer() {
        use std::rc::Rc;
        use yew::Reducible;
        let start = Rc::new(state::AppState::default());
        for check in CHECKS {
            let was = check.passes(&start.scenario);
            let toggled = start
                .clone()
                .reduce(Action::Edit(Edit::Answer { check, pass: !was }));
            assert_eq!(check.passes(&toggled.scenario), !was, "{check:?}");
            assert_eq!(toggled.revision, start.revision + 1, "{check:?}");
            assert!(
                toggled.field_errors.is_empty(),
                "{:?}",
                toggled.field_errors
            );
            let back = toggled.reduce(Action::Edit(Edit::Answer { check, pass: was }));
            assert_eq!(
                Checklist::of(&back.scenario),
                Checklist::of(&start.scenario)
            );
        }
        // The default preset's sync (2 min) is what passing sets, so failing and passing again
        // gives back the very same scenario: the same run, the same digest.
        let mut s = presets::preset("default").unwrap();
        readiness::answer(&mut s, Check::DataIntegration, false);
        readiness::answer(&mut s, Check::DataIntegration, true);
        assert_eq!(s, presets::preset("default").unwrap());
    }
}
