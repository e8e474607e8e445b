//! What a sample holds, for people who write rules over it: each column's type, its commonest
//! values with their counts (or its range), and how many leads each scoring rule matches.
//!
//! A rule table is only trustworthy when its author can see the values a field takes and which
//! rules match nobody; this is that view, computed once per sample, never during a trial.

use serde::{Deserialize, Serialize};

use crate::conditions::{matches, Literal};
use crate::leads::{FieldKind, LeadTable, Value};
use crate::scoring::ScoringModel;

/// The most values listed for one column; the rest are counted in `ColumnProfile::distinct`.
pub const TOP_VALUES: usize = 40;

/// One column of a sample.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnProfile {
    pub name: String,
    pub kind: FieldKind,
    /// Leads with a value in this column (not empty).
    pub filled: usize,
    /// How many different values the column holds.
    pub distinct: usize,
    /// The commonest values, most frequent first (ties by value), at most [`TOP_VALUES`]:
    /// every value of a yes/no or text column, a number column's values when it has few.
    pub values: Vec<ValueCount>,
    /// The least and greatest value of a number or date column.
    pub range: Option<(f64, f64)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValueCount {
    pub value: Literal,
    pub leads: usize,
}

/// A number column with at most this many values lists them (a 1–5 rating, a yes/no as 0/1).
const FEW_NUMBERS: usize = 12;

/// Each column's profile, in the table's column order.
pub fn profile(table: &LeadTable) -> Vec<ColumnProfile> {
    (0..table.columns().len())
        .map(|c| column_profile(table, c))
        .collect()
}

fn column_profile(table: &LeadTable, c: usize) -> ColumnProfile {
    let col = &table.columns()[c];
    let mut counts: Vec<(Literal, usize)> = Vec::new();
    let mut numbers: Vec<f64> = Vec::new();
    let mut filled = 0;
    for row in table.rows() {
        let lit = match &row[c] {
            Value::Missing => continue,
            Value::Text(s) if s.trim().is_empty() => continue,
            Value::Text(s) => Literal::Text(s.trim().to_string()),
            Value::Bool(b) => Literal::Bool(*b),
            Value::Number(x) => {
                numbers.push(*x);
                Literal::Number(*x)
            }
        };
        filled += 1;
        // Text compares without regard to case, as conditions do: "SaaS" and "saas" are one value.
        match counts.iter_mut().find(|(l, _)| same(l, &lit)) {
            Some((_, n)) => *n += 1,
            None => counts.push((lit, 1)),
        }
    }
    let distinct = counts.len();
    let range = numbers
        .iter()
        .copied()
        .fold(None, |acc: Option<(f64, f64)>, x| match acc {
            None => Some((x, x)),
            Some((lo, hi)) => Some((lo.min(x), hi.max(x))),
        });
    let listed = match col.kind {
        FieldKind::Number | FieldKind::Time => distinct <= FEW_NUMBERS,
        FieldKind::Bool | FieldKind::Text => true,
    };
    let mut values: Vec<ValueCount> = if listed {
        counts
            .into_iter()
            .map(|(value, leads)| ValueCount { value, leads })
            .collect()
    } else {
        Vec::new()
    };
    values.sort_by(|a, b| {
        b.leads
            .cmp(&a.leads)
            .then_with(|| a.value.to_string().cmp(&b.value.to_string()))
    });
    values.truncate(TOP_VALUES);
    ColumnProfile {
        name: col.name.clone(),
        kind: col.kind,
        filled,
        distinct,
        values,
        range,
    }
}

fn same(a: &Literal, b: &Literal) -> bool {
    match (a, b) {
        (Literal::Text(x), Literal::Text(y)) => x.eq_ignore_ascii_case(y),
        (Literal::Number(x), Literal::Number(y)) => x == y,
        (Literal::Bool(x), Literal::Bool(y)) => x == y,
        _ => false,
    }
}

/// How many leads each rule's condition matches, in rule order; `None` for a rule whose field
/// the table does not have. Points, caps and decay play no part: this is who the rule is about.
pub fn rule_matches(model: &ScoringModel, table: &LeadTable) -> Vec<Option<usize>> {
    model
        .rules
        .iter()
        .map(|r| {
            let c = table.column_index(&r.field)?;
            Some(table.rows().filter(|row| matches(&r.when, &row[c])).count())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conditions::Condition;
    use crate::leads::Column;
    use crate::presets;
    use crate::sim::scenario_sample;

    fn table() -> LeadTable {
        let cols = vec![
            Column {
                name: "industry".into(),
                kind: FieldKind::Text,
            },
            Column {
                name: "employees".into(),
                kind: FieldKind::Number,
            },
            Column {
                name: "demo".into(),
                kind: FieldKind::Bool,
            },
        ];
        let rows = vec![
            vec![
                Value::Text("SaaS".into()),
                Value::Number(10.0),
                Value::Bool(true),
            ],
            vec![
                Value::Text("saas".into()),
                Value::Number(500.0),
                Value::Bool(false),
            ],
            vec![
                Value::Text("retail".into()),
                Value::Missing,
                Value::Bool(true),
            ],
            vec![Value::Missing, Value::Number(10.0), Value::Bool(true)],
        ];
        LeadTable::new(cols, rows, vec![0.0; 4]).unwrap()
    }

    #[test]
    fn columns_list_their_values_commonest_first() {
        let p = profile(&table());
        assert_eq!(p[0].name, "industry");
        assert_eq!(p[0].filled, 3);
        assert_eq!(p[0].distinct, 2, "case does not make a new value");
        assert_eq!(
            p[0].values,
            [
                ValueCount {
                    value: Literal::Text("SaaS".into()),
                    leads: 2
                },
                ValueCount {
                    value: Literal::Text("retail".into()),
                    leads: 1
                }
            ]
        );
        assert_eq!(p[1].range, Some((10.0, 500.0)));
        assert_eq!(p[1].values[0].leads, 2);
        assert_eq!(p[2].values[0].value, Literal::Bool(true));
        assert_eq!(p[2].values[0].leads, 3);
        assert_eq!(p[2].range, None);
    }

    #[test]
    fn rules_count_the_leads_they_match() {
        let mut model = presets::scoring_model();
        model.rules.truncate(1);
        model.rules[0].field = "industry".into();
        model.rules[0].when = Condition::Equals {
            value: Literal::Text("saas".into()),
        };
        let mut missing = model.rules[0].clone();
        missing.field = "no_such_field".into();
        let mut typo = model.rules[0].clone();
        typo.when = Condition::Equals {
            value: Literal::Text("sofware".into()),
        };
        model.rules.push(missing);
        model.rules.push(typo);
        assert_eq!(rule_matches(&model, &table()), [Some(2), None, Some(0)]);
    }

    #[test]
    fn the_default_sample_feeds_every_default_rule() {
        let s = presets::preset("default").unwrap();
        let sample = scenario_sample(&s).unwrap();
        let counts = rule_matches(&s.scoring, &sample.table);
        for (rule, n) in s.scoring.rules.iter().zip(&counts) {
            let n = n.unwrap_or_else(|| panic!("{} reads a missing field", rule.name));
            assert!(n > 0 && n < sample.table.len(), "{}: {n}", rule.name);
        }
        // Every text column of the generated sample lists all its values.
        for c in profile(&sample.table) {
            if c.kind == FieldKind::Text {
                assert_eq!(c.values.len(), c.distinct.min(TOP_VALUES), "{}", c.name);
                let total: usize = c.values.iter().map(|v| v.leads).sum();
                assert!(total <= c.filled);
            }
        }
    }
}
