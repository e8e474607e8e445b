//! Suggested weights on leads with a known signal, judged on held-out leads only.

use funnel_engine::backtest::auc;
use funnel_engine::fit::{fit, held_out, FitOptions};
use funnel_engine::leads::{Column, FieldKind, LeadTable, Value};
use funnel_engine::rng::generator_rng;
use funnel_engine::scoring::score_all;
use rand::Rng;

/// 4,000 leads: "Demo Requested" (strong), "Industry" (one value at 3× the odds), a noise
/// column, an id; the outcome drawn from that logistic model. Returns the table, the outcome
/// and each lead's true probability.
fn leads() -> (LeadTable, Vec<bool>, Vec<f64>) {
    let mut rng = generator_rng(42);
    let industries = ["Software", "Retail", "Banking", "Education"];
    let (mut rows, mut converted, mut truth) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..4000 {
        let demo = rng.random::<f64>() < 0.2;
        let industry = industries[rng.random_range(0..4)];
        let noise = ["a", "b", "c"][rng.random_range(0..3)];
        let logit =
            -2.5 + if demo { 2.0 } else { 0.0 } + if industry == "Software" { 1.1 } else { 0.0 };
        let p = 1.0 / (1.0 + (-logit as f64).exp());
        truth.push(p);
        converted.push(rng.random::<f64>() < p);
        rows.push(vec![
            Value::Text(format!("id-{i}")),
            Value::Bool(demo),
            Value::Text(industry.into()),
            Value::Text(noise.into()),
        ]);
    }
    let col = |name: &str, kind| Column {
        name: name.into(),
        kind,
    };
    let table = LeadTable::new(
        vec![
            col("Record ID", FieldKind::Text),
            col("Demo Requested", FieldKind::Bool),
            col("Industry", FieldKind::Text),
            col("Noise", FieldKind::Text),
        ],
        rows,
        vec![0.0; 4000],
    )
    .unwrap();
    (table, converted, truth)
}

#[test]
fn the_strong_signal_gets_the_most_points_and_is_judged_on_held_out_leads() {
    let (table, converted, truth) = leads();
    let options = FitOptions::default();
    let f = fit(&table, &converted, &options).unwrap();
    assert_eq!(f.rules[0].field, "Demo Requested");
    assert!(f.rules[0].points > 0.0);
    // 10 points per doubling: a log-odds of 2.0 is about 29 points.
    assert!(
        (f.rules[0].points - 29.0).abs() <= 6.0,
        "{}",
        f.rules[0].points
    );
    let software = f
        .rules
        .iter()
        .find(|r| r.name == "Industry is Software")
        .unwrap();
    assert!(software.points > 8.0, "{}", software.points);
    for r in f.rules.iter().filter(|r| r.field == "Noise") {
        assert!(r.points.abs() <= 3.0, "{}: {}", r.name, r.points);
    }
    assert!(
        f.warnings.iter().any(|w| w.contains("Record ID")),
        "{:?}",
        f.warnings
    );

    let held = held_out(table.len(), &options);
    assert_eq!(f.train_leads + f.held_out_leads, table.len());
    assert_eq!(held.iter().filter(|h| **h).count(), f.held_out_leads);
    let b = f.held_out.as_ref().unwrap();
    assert_eq!(b.leads, f.held_out_leads);
    // The oracle: the true probabilities ranked on the same held-out leads.
    let idx: Vec<usize> = (0..table.len()).filter(|i| held[*i]).collect();
    let p: Vec<f64> = idx.iter().map(|&i| truth[i]).collect();
    let y: Vec<bool> = idx.iter().map(|&i| converted[i]).collect();
    let oracle = auc(&p, &y).unwrap();
    println!("held-out AUC {:.3}, oracle {:.3}", b.auc, oracle);
    assert!((b.auc - oracle).abs() < 0.03, "{} vs {oracle}", b.auc);

    // The scoring model validates and scores each lead as the sum of its rules' points.
    let model = f.scoring_model();
    model.validate("scoring").unwrap();
    let (scores, _) = score_all(&model, &table);
    let row = table.row(0);
    let expected: f64 = f
        .rules
        .iter()
        .filter(|r| {
            let c = table.column_index(&r.field).unwrap();
            funnel_engine::conditions::matches(&r.when, &row[c])
        })
        .map(|r| r.points)
        .sum();
    assert_eq!(scores[0].total, expected);
    assert_eq!(
        fit(&table, &converted, &options).unwrap(),
        f,
        "deterministic"
    );
}

#[test]
fn a_leaking_column_is_named_and_can_be_excluded() {
    let (table, converted, _) = leads();
    let mut rows: Vec<Vec<Value>> = table.rows().map(|r| r.to_vec()).collect();
    for (r, c) in rows.iter_mut().zip(&converted) {
        r.push(Value::Text(if *c { "customer" } else { "lead" }.into()));
    }
    let mut cols = table.columns().to_vec();
    cols.push(Column {
        name: "Lifecycle Stage".into(),
        kind: FieldKind::Text,
    });
    let leaky = LeadTable::new(cols, rows, vec![0.0; table.len()]).unwrap();
    let f = fit(&leaky, &converted, &FitOptions::default()).unwrap();
    assert!(
        f.warnings
            .iter()
            .any(|w| w.starts_with("column Lifecycle Stage predicts")),
        "{:?}",
        f.warnings
    );
    let options = FitOptions {
        exclude: vec!["lifecycle stage".into()],
        ..FitOptions::default()
    };
    let f = fit(&leaky, &converted, &options).unwrap();
    assert!(!f.warnings.iter().any(|w| w.contains("Lifecycle Stage")));
    assert!(f.rules.iter().all(|r| r.field != "Lifecycle Stage"));
}
