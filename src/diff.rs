//! What changed between two scenarios, in words a room can check: "MQL threshold: 55 → 40",
//! "rule “Decision maker”: points 15 → 30", "rule “Webinar” removed".
//!
//! The scenarios are compared in their file form, so every setting the file has is covered
//! without a list to keep up to date. Lists of named things (rules, reps, segments, caps) are
//! matched by name, not by place, so that removing one row is one change, not a cascade.

use funnel_engine::Scenario;
use serde_json::Value;

use crate::explain;

/// The settings that differ from `a` to `b`, one line each, in the file's order.
pub fn scenario_diff(a: &Scenario, b: &Scenario) -> Vec<String> {
    let (Ok(va), Ok(vb)) = (serde_json::to_value(a), serde_json::to_value(b)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk("", &va, &vb, ": ", &mut out);
    out
}

/// What a list's rows are called, and the field that names each.
fn named_list(path: &str) -> Option<(&'static str, &'static str)> {
    Some(match path {
        "scoring.rules" => ("rule", "name"),
        "process.reps" => ("rep", "name"),
        "market.segments" => ("segment", "name"),
        "scoring.caps" => ("cap on", "group"),
        _ => return None,
    })
}

/// A setting's name for people: its explanation's title, else its last words.
fn label(path: &str) -> String {
    if let Some(e) = explain::setting(path) {
        return e.title.to_string();
    }
    let words: Vec<&str> = path.rsplit('.').take(2).collect();
    words
        .iter()
        .rev()
        .map(|w| w.replace('_', " "))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A value of the setting at `path` as it reads in a sentence, in the setting's unit where its
/// name says it: minutes, hours and days as durations, shares and rates in percent.
fn show_at(path: &str, v: &Value) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    let share = matches!(
        last,
        "mean" | "sd" | "share" | "requalify_share" | "contact_rate"
    ) && !path.contains("truth");
    match v.as_f64() {
        Some(x) if last.ends_with("_minutes") => crate::format::setting_duration(x),
        Some(x) if last.ends_with("_hours") => crate::format::setting_duration(x * 60.0),
        Some(x) if last.ends_with("_days") => crate::format::days(x),
        Some(x) if share => crate::format::percent(x),
        _ => show(v),
    }
}

/// A value as it reads in a sentence.
fn show(v: &Value) -> String {
    match v {
        Value::Null => "none".into(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Number(n) => n
            .as_f64()
            .map(crate::components::format_number)
            .unwrap_or_else(|| n.to_string()),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(show).collect::<Vec<_>>().join(", "),
        Value::Object(_) => "…".into(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `sep` goes between a setting and its values: ": " at the top, " " inside a row.
fn walk(path: &str, a: &Value, b: &Value, sep: &str, out: &mut Vec<String>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(ma), Value::Object(mb)) => {
            for (k, va) in ma {
                if path.is_empty() && matches!(k.as_str(), "name" | "description") {
                    continue;
                }
                let vb = mb.get(k).unwrap_or(&Value::Null);
                walk(&join(path, k), va, vb, sep, out);
            }
            for (k, vb) in mb.iter().filter(|(k, _)| !ma.contains_key(*k)) {
                walk(&join(path, k), &Value::Null, vb, sep, out);
            }
        }
        (Value::Array(la), Value::Array(lb)) if named_list(path).is_some() => {
            let (noun, key) = named_list(path).expect("checked above");
            let name = |v: &Value| v.get(key).map(show).unwrap_or_default();
            for va in la {
                match lb.iter().find(|vb| name(vb) == name(va)) {
                    None => out.push(format!("{noun} “{}” removed", name(va))),
                    Some(vb) => {
                        let mut inner = Vec::new();
                        walk("", va, vb, " ", &mut inner);
                        out.extend(
                            inner
                                .into_iter()
                                .map(|line| format!("{noun} “{}”: {line}", name(va))),
                        );
                    }
                }
            }
            for vb in lb
                .iter()
                .filter(|vb| !la.iter().any(|va| name(va) == name(vb)))
            {
                out.push(format!("{noun} “{}” added", name(vb)));
            }
        }
        // A value replaced: a number, a text, a condition, a list of days.
        // Inside a row, the path is the row's own ("points", "when").
        _ => out.push(format!(
            "{}{sep}{} → {}",
            label(path),
            show_at(path, a),
            show_at(path, b)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use funnel_engine::presets;
    use funnel_engine::scoring::Qualify;

    #[test]
    fn the_same_scenario_has_no_changes() {
        let s = presets::preset("default").unwrap();
        assert!(scenario_diff(&s, &s).is_empty());
    }

    #[test]
    fn changes_read_as_sentences() {
        let a = presets::preset("default").unwrap();
        let mut b = a.clone();
        b.scoring.qualify = Qualify::Score { threshold: 40.0 };
        b.scoring.rules[4].points += 15.0;
        let gone = b.scoring.rules.remove(1).name;
        b.process.response_sla_minutes = 30.0;
        let d = scenario_diff(&a, &b);
        let name = &a.scoring.rules[4].name;
        assert!(d.iter().any(|l| l.ends_with("55 → 40")), "{d:#?}");
        assert!(
            d.contains(&format!(
                "rule “{name}”: points {} → {}",
                a.scoring.rules[4].points, b.scoring.rules[3].points
            )),
            "{d:#?}"
        );
        assert!(d.contains(&format!("rule “{gone}” removed")), "{d:#?}");
        assert!(d.iter().any(|l| l.ends_with("24 h → 30 min")), "{d:#?}");
        assert_eq!(d.len(), 4, "{d:#?}");
    }

    #[test]
    fn presets_differ_where_their_descriptions_say() {
        let d = scenario_diff(
            &presets::preset("default").unwrap(),
            &presets::preset("siloed").unwrap(),
        );
        assert!(d.iter().any(|l| l.contains("manual")), "{d:#?}");
        assert!(d.iter().all(|l| !l.contains("description")), "{d:#?}");
    }
}
