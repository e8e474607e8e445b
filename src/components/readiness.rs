//! The readiness checklist: five pass/fail checks of how ready marketing and sales are to work
//! leads together, with the share of the reported alignment effects they let through.
//!
//! The checklist is read from the scenario every render (`Checklist::of`), never kept beside
//! it. A toggle answers its check with an `Edit::Answer` (the reducer runs
//! `readiness::answer`), so the engine validates it like any other edit, it can be undone, and
//! the process editor shows what it set.

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
                <FieldError at={At::field(path)} />
            </li>
        }
    });
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
        </section>
    }
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
