//! Example leads as tests: examples hold or break against the default model, an example captured
//! from a sample lead scores exactly as the lead does there (also through its file form, and with
//! decay over a date column), fields the model reads but an example lacks are said, validation
//! names the path, and examples leave files and the pinned run as they were.

use funnel_engine::csv_leads::{parse_csv, CsvOptions};
use funnel_engine::examples::{
    check, example_from_lead, explain_lead, field_problems, Example, Expect, FieldValue, Fields,
    Misfit, MAX_EXAMPLES,
};
use funnel_engine::scoring::{score_all, Decay, Qualify, Source};
use funnel_engine::{presets, scenario_sample, simulate, Scenario};

use super::common::{pinned_scenario, PINNED_DIGEST, PINNED_SEED, PINNED_TRIALS};
use super::prepared;

fn text(s: &str) -> FieldValue {
    FieldValue::Text(s.into())
}

fn num(x: f64) -> FieldValue {
    FieldValue::Number(x)
}

fn yes_no(b: bool) -> FieldValue {
    FieldValue::Bool(b)
}

/// A lead of the default sample's shape, with every field the default model reads.
#[allow(clippy::too_many_arguments)]
fn lead(
    industry: &str,
    size: f64,
    seniority: &str,
    region: &str,
    email: &str,
    competitor: bool,
    demo: bool,
    pricing: f64,
    days: f64,
) -> Fields {
    [
        ("industry", text(industry)),
        ("company_size", num(size)),
        ("seniority", text(seniority)),
        ("region", text(region)),
        ("email_domain", text(email)),
        ("is_competitor", yes_no(competitor)),
        ("demo_requested", yes_no(demo)),
        ("pricing_page_visits", num(pricing)),
        ("web_visits", num(2.0)),
        ("webinar_attended", yes_no(false)),
        ("content_downloads", num(0.0)),
        ("email_clicks", num(0.0)),
        ("days_since_last_activity", num(days)),
    ]
    .into_iter()
    .collect()
}

fn with(name: &str, value: FieldValue, mut fields: Fields) -> Fields {
    fields.insert(name, value);
    fields
}

fn example(name: &str, fields: Fields, expect: Expect) -> Example {
    Example {
        name: name.into(),
        fields,
        expect,
        note: None,
        as_of: None,
    }
}

/// The workshop's examples: three that the default model gets right, two it gets wrong.
fn workshop() -> Vec<Example> {
    vec![
        example(
            "VP at a 500-person fintech who asked for a demo",
            lead(
                "financial_services",
                500.0,
                "vp",
                "north_america",
                "business",
                false,
                true,
                0.0,
                0.0,
            ),
            Expect::Mql,
        ),
        example(
            "Student who downloaded a whitepaper",
            lead(
                "education",
                5.0,
                "student",
                "emea",
                "edu",
                false,
                false,
                0.0,
                3.0,
            ),
            Expect::NotMql,
        ),
        example(
            "Director at a software firm, pricing page two months ago",
            lead(
                "software", 300.0, "director", "emea", "business", false, false, 2.0, 60.0,
            ),
            Expect::Mql,
        ),
        example(
            "Competitor who asked for a demo",
            with(
                "web_visits",
                num(6.0),
                lead(
                    "software",
                    2000.0,
                    "vp",
                    "north_america",
                    "business",
                    true,
                    true,
                    5.0,
                    0.0,
                ),
            ),
            Expect::NotMql,
        ),
        example(
            "Analyst at a big software firm who asked for a demo",
            lead(
                "software",
                2000.0,
                "individual",
                "north_america",
                "business",
                false,
                true,
                0.0,
                0.0,
            ),
            Expect::NotMql,
        ),
    ]
}

#[test]
fn examples_hold_or_break_against_the_default_model() {
    let model = presets::scoring_model();
    let results = check(&model, &workshop());
    let got: Vec<(bool, f64, &str, &str)> = results
        .iter()
        .map(|r| {
            (
                r.holds,
                r.explanation.total,
                r.explanation.grade.as_str(),
                r.summary.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // Fit 20 + 10 + 15 + 5, engagement 30 for the demo.
            (
                true,
                80.0,
                "A2",
                "is an MQL, as agreed: scores 80 (threshold 55)"
            ),
            // −10 small, −30 student, +5 core region, −10 edu address.
            (
                true,
                -45.0,
                "D4",
                "is not an MQL, as agreed: scores −45 (threshold 55)"
            ),
            // Fit 50; the pricing page's 10 quartered by 60 days of silence (half-life 30).
            (
                false,
                52.5,
                "A4",
                "must be an MQL but scores 52.5 (threshold 55)"
            ),
            // The competitor's −100 keeps out even 50 points of engagement (the web group's
            // 25 capped to 20).
            (
                true,
                10.0,
                "D1",
                "is not an MQL, as agreed: scores 10 (threshold 55)"
            ),
            // Fit 20 + 20 + 5 for industry, size and region, 30 for the demo.
            (
                false,
                75.0,
                "A2",
                "must not be an MQL but scores 75 (threshold 55)"
            ),
        ]
    );
    for r in &results {
        assert_eq!(
            r.explanation.missing_fields,
            [] as [String; 0],
            "{}",
            r.name
        );
        assert_eq!(r.explanation.mql == r.expect.is_mql(), r.holds);
        // The lines add up to the total.
        let sum: f64 = r.explanation.lines.iter().map(|l| l.points).sum();
        assert!((sum - r.explanation.total).abs() < 1e-9, "{}", r.name);
    }
    // The lines say what fired: the competitor's rule by its index, the binding web cap, decay.
    let competitor = &results[3].explanation.lines;
    let index = model
        .rules
        .iter()
        .position(|r| r.name == "Competitor")
        .unwrap();
    assert!(competitor
        .iter()
        .any(|l| l.source == Source::Rule { index } && l.points == -100.0));
    assert!(competitor.iter().any(|l| l.source
        == Source::Cap {
            group: "web".into()
        }
        && l.points == -5.0));
    assert!(results[2]
        .explanation
        .lines
        .iter()
        .any(|l| l.source == Source::Decay && l.points == -7.5));
}

#[test]
fn a_grid_model_says_the_grade_that_decides() {
    let mut model = presets::scoring_model();
    model.qualify = Qualify::Grid {
        cells: vec!["A1".into(), "a2".into(), "B1".into()],
    };
    let r = check(&model, &workshop());
    assert_eq!(
        r[2].summary,
        "must be an MQL but is graded A4 (MQL grades: A1, A2, B1)"
    );
    assert_eq!(
        r[0].summary,
        "is an MQL, as agreed: is graded A2 (MQL grades: A1, A2, B1)"
    );
}

#[test]
fn fields_the_model_reads_but_an_example_lacks_are_said() {
    let model = presets::scoring_model();
    let fields: Fields = [
        ("Industry", text("software")),
        ("company_size", num(1500.0)),
        ("seniority", text("c_level")),
        // Given as empty on purpose: not missing.
        ("demo_requested", FieldValue::Empty),
    ]
    .into_iter()
    .collect();
    let r = &check(&model, &[example("CEO", fields, Expect::Mql)])[0];
    assert_eq!(
        r.explanation.missing_fields,
        [
            "region",
            "email_domain",
            "is_competitor",
            "pricing_page_visits",
            "web_visits",
            "webinar_attended",
            "content_downloads",
            "email_clicks",
            "days_since_last_activity",
        ]
    );
    // Field names match ignoring case, as columns do: 20 + 20 + 15.
    assert_eq!(r.explanation.fit, 55.0);
    assert_eq!(r.explanation.engagement, 0.0);
    assert!(r.holds);
}

/// Every lead of `table` captured as an example scores, line for line, as it does in the table.
fn captured_leads_score_as_in_their_sample(
    model: &funnel_engine::scoring::ScoringModel,
    table: &funnel_engine::leads::LeadTable,
    rows: impl Iterator<Item = usize>,
) -> usize {
    let (scores, _) = score_all(model, table);
    let mut checked = 0;
    let mut mqls = 0;
    let examples: Vec<(usize, Example)> = rows
        .map(|i| {
            let expect = Expect::of(i % 2 == 0);
            let e = example_from_lead(table, i, &format!("lead {}", i + 1), expect).unwrap();
            (i, e)
        })
        .collect();
    // Through the file form too: what the page saves and the CLI reads.
    let mut s = presets::preset("default").unwrap();
    s.scoring = model.clone();
    s.examples = examples.iter().map(|(_, e)| e.clone()).collect();
    let back = Scenario::from_json(&s.to_json()).unwrap();
    assert_eq!(back.examples, s.examples);
    let results = check(model, &back.examples);
    for ((i, e), r) in examples.iter().zip(&results) {
        let want = scores[*i];
        let x = &r.explanation;
        assert_eq!(
            (x.fit, x.engagement, x.total, x.mql),
            (want.fit, want.engagement, want.total, want.mql),
            "lead {i}"
        );
        assert_eq!(x.grade, want.grade.to_string(), "lead {i}");
        assert_eq!(r.holds, want.mql == e.expect.is_mql());
        assert!(r.notes.is_empty(), "{:?}", r.notes);
        let inspected = explain_lead(model, table, *i).unwrap();
        assert_eq!(inspected.explanation, *x, "lead {i}");
        assert_eq!(inspected.fields, e.fields);
        checked += 1;
        mqls += usize::from(want.mql);
    }
    assert!(mqls > 0 && mqls < checked, "{mqls} MQLs of {checked}");
    checked
}

#[test]
fn an_example_captured_from_a_sample_lead_scores_as_that_lead() {
    let s = presets::preset("default").unwrap();
    let sample = scenario_sample(&s).unwrap();
    let n = captured_leads_score_as_in_their_sample(
        &s.scoring,
        &sample.table,
        (0..sample.table.len()).step_by(51),
    );
    assert_eq!(n, 197);
    assert!(explain_lead(&s.scoring, &sample.table, sample.table.len()).is_none());
    assert!(example_from_lead(&sample.table, sample.table.len(), "x", Expect::Mql).is_none());
}

const DATED_CSV: &str = "\
Create Date,Industry,Employees,Demo,Notes,Last Activity Date
2026-01-05,software,500,true,,2026-03-01
2026-01-06,retail,20,false,called twice,2026-03-31
2026-01-07,healthcare,1200,true,,2026-02-14 12:30
2026-01-08,software,5,false,,
2026-01-09,software,300,true,\"a \"\"long\"\" note, with a comma\",2026-01-20
";

#[test]
fn decay_over_a_date_counts_to_the_sample_s_day_in_a_captured_example() {
    let table = parse_csv(DATED_CSV, &CsvOptions::default()).unwrap().table;
    let mut model = presets::scoring_model();
    for r in &mut model.rules {
        r.field = match r.field.as_str() {
            "industry" => "industry".into(),
            "company_size" => "Employees".into(),
            "demo_requested" => "demo".into(),
            other => other.into(),
        };
    }
    model.decay = Some(Decay {
        field: "Last Activity Date".into(),
        half_life_days: 30.0,
    });
    model.qualify = Qualify::Score { threshold: 40.0 };
    captured_leads_score_as_in_their_sample(&model, &table, 0..table.len());

    let e = example_from_lead(&table, 0, "Software, 500 staff, demo", Expect::Mql).unwrap();
    assert_eq!(e.as_of.as_deref(), Some("2026-03-31"));
    assert_eq!(
        e.fields.get("last activity date"),
        Some(&FieldValue::Date("2026-03-01".into()))
    );
    assert_eq!(e.fields.get("notes"), Some(&FieldValue::Empty));
    // 30 days before the export: half the demo's 30 points.
    let r = &check(&model, std::slice::from_ref(&e))[0];
    assert_eq!(r.explanation.engagement, 15.0);
    // Without the day of the export, the example's own newest date counts, and a note says so.
    let alone = Example { as_of: None, ..e };
    let r = &check(&model, &[alone])[0];
    assert_eq!(r.explanation.engagement, 30.0);
    assert_eq!(
        r.notes,
        [
            "decay reads 'Last Activity Date', a date: its days are counted to 2026-03-01, the \
          newest date in this example; set the example's as_of to the day its leads were \
          exported to count them as there"
        ]
    );
}

#[test]
fn fields_that_do_not_fit_the_leads_are_named() {
    let table = parse_csv(DATED_CSV, &CsvOptions::default()).unwrap().table;
    let fields: Fields = [
        ("Industy", text("software")),
        ("employees", text("500")),
        ("Demo", yes_no(true)),
        ("Last Activity Date", text("2026-03-01")),
        ("Notes", num(3.0)),
        ("Create Date", FieldValue::Empty),
        ("seniority", text("vp")),
    ]
    .into_iter()
    .collect();
    // In the order of the names (capitals first), as an example keeps its fields.
    let got: Vec<(String, Misfit, String)> =
        field_problems(&example("typos", fields, Expect::Mql), &table)
            .into_iter()
            .map(|p| (p.field, p.misfit, p.message))
            .collect();
    use funnel_engine::leads::FieldKind::*;
    assert_eq!(
        got,
        [
            (
                "Industy".to_string(),
                Misfit::NoSuchColumn {
                    suggestion: Some("Industry".into())
                },
                "field 'Industy' is not a column of the leads (did you mean 'Industry'?)"
                    .to_string()
            ),
            (
                "Last Activity Date".to_string(),
                Misfit::OtherKind {
                    example: Text,
                    leads: Time
                },
                "field 'Last Activity Date' is text in the example, but a date column in the \
                 leads: write it as a date, {\"date\": \"2026-03-01\"}"
                    .to_string()
            ),
            (
                "Notes".to_string(),
                Misfit::OtherKind {
                    example: Number,
                    leads: Text
                },
                "field 'Notes' is a number in the example, but a text column in the leads"
                    .to_string()
            ),
            (
                "employees".to_string(),
                Misfit::OtherKind {
                    example: Text,
                    leads: Number
                },
                "field 'employees' is text in the example, but a number column in the leads"
                    .to_string()
            ),
            (
                "seniority".to_string(),
                Misfit::NoSuchColumn { suggestion: None },
                "field 'seniority' is not a column of the leads".to_string()
            ),
        ]
    );
}

/// A change to a scenario's JSON form.
type Edit = dyn Fn(&mut serde_json::Value);

/// The message for the default preset with `edit` applied to its JSON form.
fn refusal(edit: impl Fn(&mut serde_json::Value)) -> String {
    let mut v = serde_json::to_value(presets::preset("default").unwrap()).unwrap();
    v["examples"] = serde_json::to_value(workshop()).unwrap();
    edit(&mut v);
    Scenario::from_json(&v.to_string()).unwrap_err().to_string()
}

#[test]
fn validation_names_the_example_and_the_field() {
    let long = "x".repeat(2001);
    let cases: Vec<(Box<Edit>, &str)> = vec![
        (
            Box::new(|v| v["examples"][1]["name"] = " ".into()),
            "scenario field examples[1].name: example 2 has no name: enter what the room calls \
             it, such as \"VP at a 500-person fintech who asked for a demo\"",
        ),
        (
            Box::new(|v| v["examples"][1]["name"] = "x".repeat(201).into()),
            "scenario field examples[1].name: the name of example 2 is 201 characters long: \
             keep it to at most 200",
        ),
        (
            Box::new(|v| v["examples"][3]["name"] = " student who downloaded a whitepaper".into()),
            "scenario field examples[3].name: examples 2 and 4 are both called 'student who \
             downloaded a whitepaper': give each example its own name",
        ),
        (
            Box::new(|v| v["examples"][0]["fields"] = serde_json::json!({})),
            "scenario field examples[0].fields: example 'VP at a 500-person fintech who asked \
             for a demo' has no fields: give the lead's fields (such as industry or \
             company_size), so that the model has something to score",
        ),
        (
            Box::new(|v| v["examples"][1]["fields"][" "] = "x".into()),
            "scenario field examples[1].fields: example 'Student who downloaded a whitepaper' \
             has a field with no name: name each field as the leads' column is named",
        ),
        (
            Box::new(|v| v["examples"][1]["fields"]["Industry"] = "x".into()),
            "scenario field examples[1].fields.industry: example 'Student who downloaded a \
             whitepaper' gives field 'industry' twice (as 'Industry' and as 'industry'; field \
             names are matched ignoring case): keep one",
        ),
        (
            Box::new(move |v| v["examples"][1]["fields"]["notes"] = long.clone().into()),
            "scenario field examples[1].fields.notes: the text of field 'notes' of example \
             'Student who downloaded a whitepaper' is 2,001 characters long: keep it to at most \
             2,000",
        ),
        (
            Box::new(|v| v["examples"][1]["fields"]["company_size"] = 1e16.into()),
            "scenario field examples[1].fields.company_size: the value of field 'company_size' \
             of example 'Student who downloaded a whitepaper' must be between −1e15 and 1e15, \
             not 1e16",
        ),
        (
            Box::new(|v| {
                v["examples"][1]["fields"]["Last Activity"] =
                    serde_json::json!({"date": "2026-02-30"})
            }),
            "scenario field examples[1].fields.Last Activity: field 'Last Activity' of example \
             'Student who downloaded a whitepaper' holds the date '2026-02-30', which is not \
             one: write it as YYYY-MM-DD, with the time after a space if it matters (2026-03-01 \
             09:15)",
        ),
        (
            Box::new(|v| v["examples"][0]["as_of"] = "last Tuesday".into()),
            "scenario field examples[0].as_of: the day the dates of example 'VP at a \
             500-person fintech who asked for a demo' are counted to is 'last Tuesday', which \
             is not a date: write it as YYYY-MM-DD (2026-03-31), or leave it out",
        ),
        (
            Box::new(|v| v["examples"][2]["note"] = "y".repeat(2001).into()),
            "scenario field examples[2].note: the note of example 'Director at a software \
             firm, pricing page two months ago' is 2,001 characters long: keep it to at most \
             2,000",
        ),
        (
            Box::new(|v| {
                let many: Vec<Example> = (0..=MAX_EXAMPLES)
                    .map(|i| {
                        example(
                            &format!("lead {i}"),
                            [("industry", text("software"))].into_iter().collect(),
                            Expect::Mql,
                        )
                    })
                    .collect();
                v["examples"] = serde_json::to_value(many).unwrap();
            }),
            "scenario field examples: the scenario holds 201 examples, and at most 200 are \
             kept: remove the ones the room no longer needs",
        ),
        // Shape errors name the path too.
        (
            Box::new(|v| v["examples"][0]["expect"] = "yes".into()),
            "scenario field examples[0].expect: unknown variant `yes`, expected `mql` or \
             `not_mql`",
        ),
        (
            Box::new(|v| v["examples"][1]["fields"]["industry"] = serde_json::json!([1])),
            "scenario field examples[1].fields.industry: invalid type: sequence, expected \
             text, a number, true or false, null for an empty field, or {\"date\": \
             \"YYYY-MM-DD\"}",
        ),
        (
            Box::new(|v| {
                v["examples"][1]["fields"]["seen"] = serde_json::json!({"when": "2026-01-01"})
            }),
            "scenario field examples[1].fields.seen: an object as a field's value must be a \
             date: {\"date\": \"YYYY-MM-DD\"}",
        ),
        (
            Box::new(|v| v["examples"][0]["why"] = "because".into()),
            "scenario field examples[0].why: unknown field `why`, expected one of `name`, \
             `fields`, `expect`, `note`, `as_of`",
        ),
    ];
    for (edit, want) in cases {
        let got = refusal(edit);
        assert!(got.starts_with(want), "\n got: {got}\nwant: {want}");
    }
}

#[test]
fn a_scenario_with_examples_round_trips_and_files_without_stay_as_they_were() {
    let mut s = presets::preset("default").unwrap();
    let text = s.to_json();
    assert!(!text.contains("\"examples\""), "no examples, no key");
    s.examples = workshop();
    s.examples[0].note = Some("the room's textbook MQL".into());
    s.examples[1].fields.insert(
        "Last Activity Date",
        FieldValue::Date("2026-03-01 09:15".into()),
    );
    s.examples[1].as_of = Some("2026-03-31".into());
    let json = s.to_json();
    let back = Scenario::from_json(&json).unwrap();
    assert_eq!(back, s);
    assert_eq!(back.to_json(), json);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["examples"][0]["fields"]["demo_requested"],
        serde_json::json!(true)
    );
    assert_eq!(v["examples"][0]["expect"], "mql");
    assert_eq!(v["examples"][1]["expect"], "not_mql");
    assert_eq!(
        v["examples"][1]["fields"]["Last Activity Date"],
        serde_json::json!({"date": "2026-03-01 09:15"})
    );
    // Fields are kept in the order of their names, as the file reads them back.
    let names: Vec<&str> = back.examples[1].fields.iter().map(|(n, _)| n).collect();
    assert_eq!(
        names[..3],
        ["Last Activity Date", "company_size", "content_downloads"]
    );
}

#[test]
fn examples_leave_the_pinned_run_as_it_was() {
    let mut s = pinned_scenario();
    s.examples = workshop();
    let r = simulate(&prepared(&s), PINNED_SEED, PINNED_TRIALS);
    assert_eq!(r.digest, PINNED_DIGEST);
}
