//! Old scenario files keep working: the three presets as the previous release wrote them
//! (tests/fixtures/v1, from `funnel-lab preset NAME` at the commit before schema 2) load,
//! keep every value the user set, gain the new sections as their notes say, and run. Files
//! that claim a newer format, or mix the formats, are refused with the field's path.

use funnel_engine::process::{DispositionBreach, ResponseBreach};
use funnel_engine::{prepare, presets, scenario_sample, simulate, Scenario};
use serde_json::Value;

const FIXTURES: [(&str, &str); 3] = [
    ("default", include_str!("../fixtures/v1/default.json")),
    ("siloed", include_str!("../fixtures/v1/siloed.json")),
    ("aligned", include_str!("../fixtures/v1/aligned.json")),
];

/// What a user is told when loading the previous release's default preset, word for word.
const DEFAULT_NOTES: &str = "\
this file is in the first scenario format; it was read as format 2
process.recycle_share became process.recycling.share; recycled leads now come back: after 30 days of nurture, 20 % of them qualify again
process.response_decay (one curve acting on half of the leads) was replaced by process.speed_to_lead, the calibrated contact and qualification curves; an edited curve must be set again
process.queue added: reps work the oldest lead first, and a lead not touched within 336 hours goes cold
process.on_response_breach added as \"measure\": as before, the response SLA is only measured
process.on_disposition_breach added as \"measure\": as before, the disposition SLA is only measured
process.full_funnel_reporting added as false (readiness check 5)
market.alignment added, switched off: as before, alignment does not act on win rate or cycle length";

/// Every leaf of `old` (a value and its JSON pointer), for comparison with the migrated file.
fn leaves(v: &Value, path: String, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                leaves(x, format!("{path}/{k}"), out);
            }
        }
        Value::Array(xs) if !xs.is_empty() => {
            for (i, x) in xs.iter().enumerate() {
                leaves(x, format!("{path}/{i}"), out);
            }
        }
        _ => out.push((path, v.clone())),
    }
}

/// The fields the first format had and the second does not; their values move (recycle_share)
/// or are replaced (response_decay), as the notes say.
const RETIRED: [&str; 2] = ["/process/recycle_share", "/process/response_decay"];

#[test]
fn first_format_files_load_and_keep_the_users_values() {
    let defaults = presets::preset("default").unwrap();
    for (name, text) in FIXTURES {
        let old: Value = serde_json::from_str(text).unwrap();
        assert!(old.get("schema").is_none(), "{name}: a first-format file");
        let loaded = Scenario::load(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let s = &loaded.scenario;
        s.validate().unwrap();
        assert_eq!(s.schema, 2, "{name}");

        // Every value the file held is still there, at the same path.
        let new = serde_json::to_value(s).unwrap();
        let mut kept = Vec::new();
        leaves(&old, String::new(), &mut kept);
        assert!(kept.len() > 100, "{name}: {} values", kept.len());
        for (path, value) in kept {
            if RETIRED.iter().any(|r| path.starts_with(r)) {
                continue;
            }
            let now = new.pointer(&path);
            let same = match (now, &value) {
                (Some(Value::Number(a)), Value::Number(b)) => a.as_f64() == b.as_f64(),
                (Some(a), b) => a == b,
                (None, _) => false,
            };
            assert!(same, "{name}: {path} was {value}, is now {now:?}");
        }
        // Named, the values a user is most likely to have set.
        assert_eq!(s.name, name);
        assert_eq!(
            s.process.reps.len(),
            old["process"]["reps"].as_array().unwrap().len()
        );
        for (rep, was) in s
            .process
            .reps
            .iter()
            .zip(old["process"]["reps"].as_array().unwrap())
        {
            assert_eq!(rep.name, was["name"].as_str().unwrap());
            assert_eq!(Some(rep.touches_per_day), was["touches_per_day"].as_f64());
        }
        let threshold = match s.scoring.qualify {
            funnel_engine::scoring::Qualify::Score { threshold } => threshold,
            ref q => panic!("{name}: {q:?}"),
        };
        assert_eq!(
            Some(threshold),
            old["scoring"]["qualify"]["threshold"].as_f64()
        );
        assert_eq!(
            Some(s.process.recycling.share),
            old["process"]["recycle_share"].as_f64()
        );
        let stages = serde_json::to_value(&s.market.stages).unwrap();
        assert_eq!(stages, old["market"]["stages"], "{name}");
        // The previous release's rates, not today's defaults: the file's own numbers won.
        assert_ne!(s.market.stages, defaults.market.stages, "{name}");

        // The new sections, filled as the notes say.
        let p = &s.process;
        assert_eq!(p.queue, defaults.process.queue, "{name}");
        assert_eq!(p.on_response_breach, ResponseBreach::Measure, "{name}");
        assert_eq!(
            p.on_disposition_breach,
            DispositionBreach::Measure,
            "{name}"
        );
        assert!(!p.full_funnel_reporting, "{name}");
        assert_eq!(p.speed_to_lead, defaults.process.speed_to_lead, "{name}");
        assert_eq!(
            (p.recycling.nurture_days, p.recycling.requalify_share),
            (
                defaults.process.recycling.nurture_days,
                defaults.process.recycling.requalify_share
            ),
            "{name}"
        );
        let mut alignment = defaults.market.alignment.clone();
        alignment.enabled = false;
        assert_eq!(s.market.alignment, alignment, "{name}");

        // The three presets had the same fields, so each gets the same notes.
        assert_eq!(loaded.notes.join("\n"), DEFAULT_NOTES, "{name}");

        // And it runs.
        let prepared = prepare(s, &scenario_sample(s).unwrap()).unwrap();
        let report = simulate(&prepared, s.seed, 2);
        assert_eq!(report.trials, 2);
        assert!(report.metrics.mqls.mean > 0.0, "{name}");
    }
}

/// A user's own first-format file, edited away from every default the migration could fall
/// back on: its values win over the defaults the new sections are filled from.
#[test]
fn an_edited_first_format_file_keeps_its_edits() {
    let mut v: Value = serde_json::from_str(FIXTURES[0].1).unwrap();
    v["name"] = "our team".into();
    v["process"]["recycle_share"] = 0.35.into();
    v["process"]["reps"][1]["touches_per_day"] = 5.5.into();
    v["process"]["response_sla_minutes"] = 90.0.into();
    v["scoring"]["qualify"]["threshold"] = 62.0.into();
    v["market"]["stages"]["win"] = serde_json::json!({"mean": 0.2, "sd": 0.04});
    let loaded = Scenario::load(&v.to_string()).unwrap();
    let s = &loaded.scenario;
    assert_eq!(s.name, "our team");
    assert_eq!(s.process.recycling.share, 0.35);
    assert_eq!(s.process.reps[1].touches_per_day, 5.5);
    assert_eq!(s.process.response_sla_minutes, 90.0);
    assert_eq!(
        s.scoring.qualify,
        funnel_engine::scoring::Qualify::Score { threshold: 62.0 }
    );
    assert_eq!(
        (s.market.stages.win.mean, s.market.stages.win.sd),
        (0.2, 0.04)
    );
    assert_eq!(loaded.notes.join("\n"), DEFAULT_NOTES);
}

/// A first-format file that says so ("schema": 1) is migrated the same way as one that says
/// nothing.
#[test]
fn an_explicit_first_format_is_migrated() {
    let mut v: Value = serde_json::from_str(FIXTURES[0].1).unwrap();
    let silent = Scenario::load(&v.to_string()).unwrap();
    v["schema"] = 1.into();
    let explicit = Scenario::load(&v.to_string()).unwrap();
    assert_eq!(explicit, silent);
}

/// A current file loads with no notes at all.
#[test]
fn current_files_have_no_notes() {
    for name in presets::NAMES {
        let loaded = Scenario::load(&presets::preset(name).unwrap().to_json()).unwrap();
        assert!(loaded.notes.is_empty(), "{name}: {:?}", loaded.notes);
    }
}

/// Refusals, word for word: one message, naming the field.
#[test]
fn newer_or_mixed_formats_are_refused_at_the_field() {
    let v1: Value = serde_json::from_str(FIXTURES[0].1).unwrap();
    let current = serde_json::to_value(presets::preset("default").unwrap()).unwrap();
    let check = |file: Value, expected: &str| {
        let e = Scenario::load(&file.to_string()).unwrap_err();
        assert_eq!(e.to_string(), expected);
    };

    let mut newer = v1.clone();
    newer["schema"] = 3.into();
    check(
        newer,
        "scenario field schema: this file is scenario format 3, written by a newer Funnel Lab; \
         this version reads formats 1 to 2",
    );
    let mut newer = current.clone();
    newer["schema"] = 3.into();
    check(
        newer,
        "scenario field schema: this file is scenario format 3, written by a newer Funnel Lab; \
         this version reads formats 1 to 2",
    );

    // A format-2 file that still carries a format-1 field: not migrated (it says it is
    // format 2), refused at the old field's path.
    let mut mixed = current;
    mixed["process"]["recycle_share"] = 0.5.into();
    check(
        mixed,
        "scenario field process.recycle_share: unknown field `recycle_share`, expected one of \
         `routing`, `sync_latency_minutes`, `reps`, `hours`, `queue`, `response_sla_minutes`, \
         `on_response_breach`, `disposition_sla_hours`, `on_disposition_breach`, `recycling`, \
         `definitions_agreed`, `full_funnel_reporting`, `speed_to_lead`",
    );
}

/// A link made before schema 2 (its token says format 1) opens as the file does: migrated,
/// with the same notes, to the same scenario.
#[test]
fn an_old_link_opens_migrated_like_an_old_file() {
    use base64::Engine as _;
    for (name, text) in FIXTURES {
        let compact = serde_json::to_string(&serde_json::from_str::<Value>(text).unwrap()).unwrap();
        let packed = miniz_oxide::deflate::compress_to_vec(compact.as_bytes(), 9);
        let token = format!(
            "z1.{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
        );
        let from_link = funnel_engine::link::decode(&token).unwrap();
        let from_file = Scenario::load(text).unwrap();
        assert_eq!(from_link, from_file, "{name}");
        assert!(
            !from_link.notes.is_empty(),
            "{name}: the user is told what changed"
        );
    }
}
