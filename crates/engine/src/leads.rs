//! Lead records: a table of named, typed fields plus each lead's arrival time.
//!
//! Both lead sources (the built-in generator and a CRM export read from CSV) produce a
//! [`LeadTable`]; everything downstream (scoring, the market model, the simulation) reads leads
//! only through it, by column name resolved once to an index.

use serde::{Deserialize, Serialize};

/// Minutes in a day; times in the engine are minutes from the start of the horizon, which is
/// always a Monday 00:00.
pub const MINUTES_PER_DAY: f64 = 1440.0;

/// The type of a column, inferred once for the whole column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Number,
    Bool,
    Text,
    /// A date or date-time, stored as minutes since 1970-01-01 00:00 (UTC, or whatever zone the
    /// export was written in: the engine never converts zones).
    Time,
}

/// One cell. `Missing` is an empty cell (or `N/A`, `#N/A`, `null`, `-`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Missing,
    Number(f64),
    Bool(bool),
    Text(String),
}

impl Value {
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(x) => Some(*x),
            Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
            _ => None,
        }
    }

    pub fn is_present(&self) -> bool {
        match self {
            Value::Missing => false,
            Value::Text(s) => !s.trim().is_empty(),
            Value::Bool(b) => *b,
            Value::Number(_) => true,
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Missing => Ok(()),
            Value::Number(x) => write!(f, "{x}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Text(s) => f.write_str(s),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Column {
    pub name: String,
    pub kind: FieldKind,
}

/// A set of leads: columns, one row of values per lead, and each lead's arrival in minutes from
/// the start of the horizon (a Monday 00:00).
///
/// Invariant: every row has exactly one value per column, and `arrivals.len() == rows.len()`.
#[derive(Clone, Debug, PartialEq)]
pub struct LeadTable {
    columns: Vec<Column>,
    rows: Vec<Vec<Value>>,
    arrivals: Vec<f64>,
}

/// A row whose width does not match the columns, or arrivals that do not match the rows.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("lead table is inconsistent: {0}")]
pub struct ShapeError(String);

impl LeadTable {
    pub fn new(
        columns: Vec<Column>,
        rows: Vec<Vec<Value>>,
        arrivals: Vec<f64>,
    ) -> Result<Self, ShapeError> {
        if arrivals.len() != rows.len() {
            return Err(ShapeError(format!(
                "{} rows but {} arrival times",
                rows.len(),
                arrivals.len()
            )));
        }
        if let Some((i, row)) = rows
            .iter()
            .enumerate()
            .find(|(_, r)| r.len() != columns.len())
        {
            return Err(ShapeError(format!(
                "row {i} has {} values for {} columns",
                row.len(),
                columns.len()
            )));
        }
        if let Some(i) = arrivals.iter().position(|a| !a.is_finite() || *a < 0.0) {
            return Err(ShapeError(format!("row {i} has an invalid arrival time")));
        }
        Ok(LeadTable {
            columns,
            rows,
            arrivals,
        })
    }

    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name.trim()))
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn row(&self, i: usize) -> &[Value] {
        &self.rows[i]
    }

    pub fn rows(&self) -> impl Iterator<Item = &[Value]> {
        self.rows.iter().map(|r| r.as_slice())
    }

    /// Arrival of lead `i`, minutes from the start of the horizon.
    pub fn arrival(&self, i: usize) -> f64 {
        self.arrivals[i]
    }

    pub fn arrivals(&self) -> &[f64] {
        &self.arrivals
    }

    /// The values of column `c`, lead by lead.
    pub fn column_values(&self, c: usize) -> impl Iterator<Item = &Value> {
        self.rows.iter().map(move |r| &r[c])
    }

    /// Puts a column in the table: in place of the column of the same name (ignoring case), else
    /// after the last one. `values` holds one value per lead.
    pub fn set_column(&mut self, column: Column, values: Vec<Value>) -> Result<(), ShapeError> {
        if values.len() != self.rows.len() {
            return Err(ShapeError(format!(
                "column {} has {} values for {} rows",
                column.name,
                values.len(),
                self.rows.len()
            )));
        }
        match self.column_index(&column.name) {
            Some(c) => {
                for (row, v) in self.rows.iter_mut().zip(values) {
                    row[c] = v;
                }
                self.columns[c] = column;
            }
            None => {
                for (row, v) in self.rows.iter_mut().zip(values) {
                    row.push(v);
                }
                self.columns.push(column);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(name: &str, kind: FieldKind) -> Column {
        Column {
            name: name.into(),
            kind,
        }
    }

    #[test]
    fn shape_is_checked() {
        let cols = vec![col("a", FieldKind::Number), col("b", FieldKind::Text)];
        let ok = LeadTable::new(
            cols.clone(),
            vec![vec![Value::Number(1.0), Value::Text("x".into())]],
            vec![0.0],
        );
        assert!(ok.is_ok());
        let short = LeadTable::new(cols.clone(), vec![vec![Value::Number(1.0)]], vec![0.0]);
        assert!(short
            .unwrap_err()
            .to_string()
            .contains("row 0 has 1 values"));
        let no_arrival = LeadTable::new(cols.clone(), vec![], vec![1.0]);
        assert!(no_arrival.is_err());
        let bad_arrival = LeadTable::new(
            cols,
            vec![vec![Value::Missing, Value::Missing]],
            vec![f64::NAN],
        );
        assert!(bad_arrival.is_err());
    }

    #[test]
    fn columns_are_found_without_regard_to_case() {
        let t =
            LeadTable::new(vec![col("Company_Size", FieldKind::Number)], vec![], vec![]).unwrap();
        assert_eq!(t.column_index("company_size"), Some(0));
        assert_eq!(t.column_index(" COMPANY_SIZE "), Some(0));
        assert_eq!(t.column_index("region"), None);
    }

    #[test]
    fn a_set_column_replaces_its_namesake_or_comes_last() {
        let mut t = LeadTable::new(
            vec![col("Industry", FieldKind::Text)],
            vec![vec![Value::Text("Banking".into())]],
            vec![0.0],
        )
        .unwrap();
        t.set_column(
            col("industry", FieldKind::Text),
            vec![Value::Text("fin".into())],
        )
        .unwrap();
        assert_eq!(t.columns().len(), 1);
        assert_eq!(t.row(0), &[Value::Text("fin".into())]);
        t.set_column(col("size", FieldKind::Number), vec![Value::Number(5.0)])
            .unwrap();
        assert_eq!(t.column_index("size"), Some(1));
        assert!(t.set_column(col("x", FieldKind::Number), vec![]).is_err());
    }

    #[test]
    fn presence() {
        assert!(!Value::Missing.is_present());
        assert!(!Value::Text("  ".into()).is_present());
        assert!(Value::Text("x".into()).is_present());
        assert!(!Value::Bool(false).is_present());
        assert!(Value::Number(0.0).is_present());
    }
}
