//! Bringing scenario files written by earlier versions of Funnel Lab up to the current format.
//!
//! Migration works on the JSON value before it is deserialized, one version step at a time.
//! It keeps every value the user set that still means the same thing, fills what the older
//! format lacked with values that keep the old file's meaning where one existed (SLAs that only
//! measure, no alignment effects), and says in a note each thing it changed.

use serde_json::{json, Value};

use crate::presets;
use crate::scenario::SCHEMA;

/// Version 1 (no `schema` field: files written before speed to lead had contact, queues had an
/// order and patience, and SLAs could act) → version 2.
pub fn from_v1(v: &mut Value) -> Vec<String> {
    let mut notes = Vec::new();
    let Some(root) = v.as_object_mut() else {
        return notes;
    };
    root.insert("schema".into(), json!(SCHEMA));
    notes.push(format!(
        "this file is in the first scenario format; it was read as format {SCHEMA}"
    ));
    let defaults = presets::preset("default").expect("the default preset exists");

    if let Some(process) = root.get_mut("process").and_then(Value::as_object_mut) {
        if let Some(share) = process.remove("recycle_share") {
            let mut recycling =
                serde_json::to_value(&defaults.process.recycling).expect("recycling serializes");
            recycling["share"] = share;
            process.insert("recycling".into(), recycling);
            notes.push(format!(
                "process.recycle_share became process.recycling.share; recycled leads now come back: \
                 after {} days of nurture, {:.0} % of them qualify again",
                defaults.process.recycling.nurture_days,
                defaults.process.recycling.requalify_share * 100.0
            ));
        }
        if process.remove("response_decay").is_some() {
            process.insert(
                "speed_to_lead".into(),
                serde_json::to_value(&defaults.process.speed_to_lead)
                    .expect("speed to lead serializes"),
            );
            notes.push(
                "process.response_decay (one curve acting on half of the leads) was replaced by \
                 process.speed_to_lead, the calibrated contact and qualification curves; an edited \
                 curve must be set again"
                    .into(),
            );
        }
        let mut fill = |key: &str, value: Value, note: &str| {
            if !process.contains_key(key) {
                process.insert(key.into(), value);
                notes.push(note.into());
            }
        };
        fill(
            "queue",
            serde_json::to_value(&defaults.process.queue).expect("queue serializes"),
            &format!(
                "process.queue added: reps work the oldest lead first, and a lead not touched within \
                 {} hours goes cold",
                defaults.process.queue.patience_hours
            ),
        );
        fill(
            "on_response_breach",
            json!("measure"),
            "process.on_response_breach added as \"measure\": as before, the response SLA is only measured",
        );
        fill(
            "on_disposition_breach",
            json!("measure"),
            "process.on_disposition_breach added as \"measure\": as before, the disposition SLA is only measured",
        );
        fill(
            "full_funnel_reporting",
            json!(false),
            "process.full_funnel_reporting added as false (readiness check 5)",
        );
    }
    if let Some(market) = root.get_mut("market").and_then(Value::as_object_mut) {
        if !market.contains_key("alignment") {
            let mut a =
                serde_json::to_value(&defaults.market.alignment).expect("alignment serializes");
            a["enabled"] = json!(false);
            market.insert("alignment".into(), a);
            notes.push(
                "market.alignment added, switched off: as before, alignment does not act on win \
                 rate or cycle length"
                    .into(),
            );
        }
    }
    notes
}
