//! The backtest against independent, brute-force computations.

use funnel_engine::backtest::{auc, backtest};
use funnel_engine::leads::{Column, FieldKind, LeadTable, Value};
use funnel_engine::presets;
use funnel_engine::rng::generator_rng;
use funnel_engine::scoring::score_all;
use rand::Rng;

/// Pairs (converter, non-converter) where the converter scores higher, ties counting half.
fn pairwise_auc(scores: &[f64], converted: &[bool]) -> f64 {
    let (mut wins, mut pairs) = (0.0, 0.0);
    for (i, &a) in scores.iter().enumerate() {
        for (j, &b) in scores.iter().enumerate() {
            if converted[i] && !converted[j] {
                pairs += 1.0;
                wins += if a > b {
                    1.0
                } else if a == b {
                    0.5
                } else {
                    0.0
                };
            }
        }
    }
    wins / pairs
}

#[test]
fn auc_equals_the_pairwise_count_with_many_ties() {
    let mut rng = generator_rng(5);
    for _ in 0..20 {
        let n = rng.random_range(2..300);
        let scores: Vec<f64> = (0..n)
            .map(|_| rng.random_range(0..8) as f64 * 5.0)
            .collect();
        let converted: Vec<bool> = scores
            .iter()
            .map(|s| rng.random::<f64>() < 0.1 + s / 100.0)
            .collect();
        let both = converted.iter().any(|c| *c) && converted.iter().any(|c| !*c);
        match auc(&scores, &converted) {
            Some(a) => {
                assert!(both);
                assert!((a - pairwise_auc(&scores, &converted)).abs() < 1e-12);
            }
            None => assert!(!both),
        }
    }
}

/// A table with one number column "x", scored by the default preset's rules (none fire):
/// the scores come from a model with one rule on x.
fn scored(xs: &[f64]) -> Vec<funnel_engine::scoring::Score> {
    let table = LeadTable::new(
        vec![Column {
            name: "x".into(),
            kind: FieldKind::Number,
        }],
        xs.iter().map(|x| vec![Value::Number(*x)]).collect(),
        vec![0.0; xs.len()],
    )
    .unwrap();
    let mut model = presets::preset("default").unwrap().scoring;
    model.decay = None;
    model.caps.clear();
    model.rules = (1..=9)
        .map(|k| funnel_engine::scoring::Rule {
            name: format!("x ≥ {k}"),
            kind: funnel_engine::scoring::ScoreKind::Fit,
            field: "x".into(),
            when: funnel_engine::scoring::Condition::Range {
                min: Some(k as f64),
                max: None,
            },
            points: 10.0,
            group: None,
        })
        .collect();
    score_all(&model, &table).0
}

#[test]
fn deciles_lift_and_thresholds_match_a_hand_count() {
    let mut rng = generator_rng(9);
    let xs: Vec<f64> = (0..1000).map(|_| rng.random_range(0..10) as f64).collect();
    let converted: Vec<bool> = xs
        .iter()
        .map(|x| rng.random::<f64>() < 0.02 + x * 0.03)
        .collect();
    let scores = scored(&xs);
    let b = backtest(&scores, &converted).unwrap();
    let total = converted.iter().filter(|c| **c).count();
    assert_eq!(b.converters, total);
    let base = total as f64 / 1000.0;

    // Deciles: sort by score, highest first, ties in file order; tenths of 100.
    let mut order: Vec<usize> = (0..1000).collect();
    order.sort_by(|&a, &b| scores[b].total.total_cmp(&scores[a].total).then(a.cmp(&b)));
    let mut caught = 0;
    for (d, tenth) in order.chunks(100).enumerate() {
        let conv = tenth.iter().filter(|&&i| converted[i]).count();
        caught += conv;
        let got = &b.deciles[d];
        assert_eq!((got.leads, got.converters), (100, conv), "decile {}", d + 1);
        assert!((got.lift - conv as f64 / 100.0 / base).abs() < 1e-12);
        assert!((got.cumulative_capture - caught as f64 / total as f64).abs() < 1e-12);
    }
    // Every threshold, counted directly.
    for row in &b.thresholds {
        let t = row.threshold.unwrap();
        let mqls = scores.iter().filter(|s| s.total >= t).count();
        let hits = (0..1000)
            .filter(|&i| scores[i].total >= t && converted[i])
            .count();
        assert_eq!((row.mqls, row.converters), (mqls, hits), "threshold {t}");
        assert!((row.recall - hits as f64 / total as f64).abs() < 1e-12);
    }
    // Higher x converts more, so the model ranks well and the top tenth lifts.
    assert!(b.auc > 0.65, "{}", b.auc);
    assert!(b.deciles[0].lift > 1.5);
    let totals: Vec<f64> = scores.iter().map(|s| s.total).collect();
    assert!((b.auc - pairwise_auc(&totals, &converted)).abs() < 1e-12);
}

#[test]
fn one_class_is_a_message_not_a_number() {
    let scores = scored(&[1.0, 2.0, 3.0]);
    let e = backtest(&scores, &[false, false, false]).unwrap_err();
    assert!(
        e.to_string().starts_with("none of the 3 leads converted"),
        "{e}"
    );
    let e = backtest(&scores, &[true, true, true]).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("every one of the 3 leads converted"),
        "{e}"
    );
}
