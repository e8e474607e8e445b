//! The team picker: which preset the scenario started from, whether it has been edited since,
//! and what the scenario on screen sets, in a few lines.

use funnel_engine::process::{DispositionBreach, ResponseBreach, RoutingMode};
use funnel_engine::readiness::Checklist;
use funnel_engine::scoring::Qualify;
use funnel_engine::Scenario;
use yew::prelude::*;

use super::fields::format_number;
use super::use_store;
use crate::format;
use crate::state::{preset_label, Action};

/// What a scenario sets, one line per part: the lines a preset is described by, and after
/// edits, what the edited scenario now says.
pub fn settings_summary(s: &Scenario) -> Vec<String> {
    let p = &s.process;
    let mql = match &s.scoring.qualify {
        Qualify::Score { threshold } => format!(
            "MQL at {} points or more, from {} scoring rules",
            format_number(*threshold),
            s.scoring.rules.len()
        ),
        Qualify::Grid { cells } => format!(
            "MQL when the grade is {}, from {} scoring rules",
            cells.join(", "),
            s.scoring.rules.len()
        ),
    };
    let routing = match p.routing.mode {
        RoutingMode::Automatic => "automatic routing".to_string(),
        RoutingMode::Manual => format!(
            "a manager routes leads by hand ({} working h)",
            format_number(p.routing.manual_delay_hours)
        ),
    };
    let touches: f64 = p.reps.iter().map(|r| r.touches_per_day).sum();
    let breach = match p.on_response_breach {
        ResponseBreach::Measure => "measured only",
        ResponseBreach::Reassign => "the lead is reassigned",
    };
    let disposition = match p.on_disposition_breach {
        DispositionBreach::Measure => "measured only",
        DispositionBreach::ReturnToMarketing => "the lead returns to marketing",
    };
    let checklist = Checklist::of(s);
    vec![
        mql,
        format!(
            "{} reps, {} first touches a working day; {routing}; CRM sync {}",
            p.reps.len(),
            format_number(touches),
            format::setting_duration(p.sync_latency_minutes)
        ),
        format!(
            "First response within {} (when missed: {breach}); disposition within {} (when missed: {disposition})",
            format::setting_duration(p.response_sla_minutes),
            format::setting_duration(p.disposition_sla_hours * 60.0)
        ),
        format!(
            "Readiness: {} of 5 checks pass; reported alignment effects {}",
            checklist.passed_count(),
            if s.market.alignment.enabled { "on" } else { "off" }
        ),
    ]
}

#[component]
pub fn PresetPicker() -> Html {
    let store = use_store();
    let edited = store.edited();
    let onchange = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            store.dispatch(Action::LoadPreset(select.value()));
        })
    };
    let options = funnel_engine::presets::NAMES.map(|name| {
        let current = store.preset == name;
        let label = if current && edited {
            format!("{} (edited)", preset_label(name))
        } else {
            preset_label(name).to_string()
        };
        html! { <option value={name} selected={current}>{ label }</option> }
    });
    let lines = settings_summary(&store.scenario);
    html! {
        <div class="preset">
            <label for="preset">{ "Team" }</label>
            <select id="preset" data-testid="preset-select" data-edited={edited.to_string()}
                aria-describedby="preset-note" {onchange}>{ for options }</select>
            <details class="preset-sets" data-testid="preset-sets">
                <summary id="preset-note">
                    { if edited { "Edited: what it sets now" } else { "What this team sets" } }
                </summary>
                <ul>
                    for line in lines {
                        <li>{ line }</li>
                    }
                </ul>
                <p class="help">{ "Choosing another team replaces every setting (Undo brings them back)." }</p>
            </details>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use funnel_engine::presets;

    #[test]
    fn each_preset_says_what_sets_it_apart() {
        let lines = |name: &str| settings_summary(&presets::preset(name).unwrap());
        let (default, aligned, siloed) = (lines("default"), lines("aligned"), lines("siloed"));
        assert_eq!(default.len(), 4);
        assert!(
            default[0].starts_with("MQL at 55 points or more"),
            "{}",
            default[0]
        );
        assert!(
            aligned[2].contains("First response within 5 min"),
            "{}",
            aligned[2]
        );
        assert!(aligned[2].contains("reassigned"), "{}", aligned[2]);
        assert!(aligned[3].contains("5 of 5"), "{}", aligned[3]);
        assert!(siloed[3].contains("0 of 5"), "{}", siloed[3]);
        assert!(siloed[1].contains("by hand"), "{}", siloed[1]);
        assert_ne!(default, aligned);
    }
}
