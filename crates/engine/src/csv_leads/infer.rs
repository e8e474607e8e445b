//! Typing columns: each column becomes Number, Bool, Time or Text as a whole, from all its cells.
//!
//! A [`Census`] of each column is taken in one pass; the column's kind follows from it, and so
//! does the check that a column of numbers has no stray text (which would otherwise turn it into
//! text and drop it from scoring without a word). What this module must not do: guess at a cell
//! one way in one row and another way in the next; every cell of a column is read as its kind.

use super::records::RawTable;
use super::{shown, CsvError};
use crate::civil::parse_timestamp;
use crate::leads::{FieldKind, Value};

/// Spellings of "no value" that exports write instead of leaving the cell empty. `NA` and
/// `none` are not among them: in CRM data they are real values (North America, "no
/// competitor").
const MISSING_TOKENS: [&str; 4] = ["n/a", "#n/a", "null", "-"];

/// What one column's cells look like, gathered in a single pass before choosing its kind.
#[derive(Clone, Debug, Default)]
pub(super) struct Census {
    pub(super) present: usize,
    numbers: usize,
    bools: usize,
    times: usize,
    /// Row index of the first present cell that is not a number / not a date.
    first_non_number: Option<usize>,
    pub(super) first_non_time: Option<usize>,
}

/// One census per column, over every data row.
pub(super) fn take_census(raw: &RawTable) -> Vec<Census> {
    let mut census = vec![Census::default(); raw.header.len()];
    for (r, row) in raw.rows.iter().enumerate() {
        for (tally, cell) in census.iter_mut().zip(row) {
            tally.observe(r, cell);
        }
    }
    census
}

impl Census {
    fn observe(&mut self, row: usize, cell: &str) {
        if is_missing(cell) {
            return;
        }
        self.present += 1;
        // Numbers, booleans and dates never overlap, so the first match settles the cell.
        let is_time = if parse_number(cell).is_some() {
            self.numbers += 1;
            false
        } else {
            self.first_non_number.get_or_insert(row);
            if parse_bool(cell).is_some() {
                self.bools += 1;
                false
            } else {
                parse_timestamp(cell).is_some()
            }
        };
        if is_time {
            self.times += 1;
        } else {
            self.first_non_time.get_or_insert(row);
        }
    }

    pub(super) fn kind(&self) -> FieldKind {
        match self.present {
            0 => FieldKind::Text,
            p if self.numbers == p => FieldKind::Number,
            p if self.bools == p => FieldKind::Bool,
            p if self.times == p => FieldKind::Time,
            _ => FieldKind::Text,
        }
    }

    /// A column that is numbers but for a few cells most likely has typos in those cells, and
    /// reading it as text would quietly drop it from scoring.
    fn stray_number(&self) -> Option<usize> {
        let mostly_numbers = self.numbers >= 5 && self.numbers * 10 >= self.present * 9;
        if self.numbers < self.present && mostly_numbers {
            self.first_non_number
        } else {
            None
        }
    }

    /// The user chose the column's type: its stray cells are theirs to judge, not an error.
    pub(super) fn forgive_strays(&mut self) {
        self.first_non_number = None;
    }

    pub(super) fn mostly_times(&self) -> bool {
        self.times > 0 && self.times * 10 >= self.present * 9
    }
}

pub(super) fn is_missing(cell: &str) -> bool {
    cell.is_empty() || MISSING_TOKENS.iter().any(|t| cell.eq_ignore_ascii_case(t))
}

/// A number as exports write it: optional sign, optional currency symbol (`$`, `€`, `£`, on either
/// side of the sign), decimals, exponent, and a trailing `%` meaning hundredths. Thousands
/// separators are not accepted: in a semicolon file `1,5` is a European decimal, and guessing
/// wrong would be worse than keeping the text.
fn parse_number(cell: &str) -> Option<f64> {
    let (body, scale) = match cell.strip_suffix('%') {
        Some(body) => (body.trim_end(), 0.01),
        None => (cell, 1.0),
    };
    let (outer_sign, body) = split_sign(body);
    let (currency, body) = split_currency(body);
    let (inner_sign, body) = if currency && outer_sign.is_none() {
        split_sign(body)
    } else {
        (None, body)
    };
    if !is_plain_decimal(body.as_bytes()) {
        return None;
    }
    let magnitude: f64 = body.parse().ok()?;
    let negative = outer_sign.or(inner_sign) == Some(true);
    let x = if negative { -magnitude } else { magnitude } * scale;
    x.is_finite().then_some(x)
}

/// `Some(true)` for a leading minus, `Some(false)` for a plus.
fn split_sign(s: &str) -> (Option<bool>, &str) {
    if let Some(rest) = s.strip_prefix('-') {
        (Some(true), rest)
    } else if let Some(rest) = s.strip_prefix('+') {
        (Some(false), rest)
    } else {
        (None, s)
    }
}

fn split_currency(s: &str) -> (bool, &str) {
    match s.strip_prefix(['$', '€', '£']) {
        Some(rest) => (true, rest),
        None => (false, s),
    }
}

/// Digits with at most one decimal point and an optional exponent; checked by hand because
/// `f64::from_str` also takes `inf`, `NaN` and `infinity`, which no export means as a number.
fn is_plain_decimal(b: &[u8]) -> bool {
    let mut i = 0;
    let mut mantissa_digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        mantissa_digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            mantissa_digits += 1;
        }
    }
    if mantissa_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

/// Yes/no answers. `0` and `1` stay numbers: a column of them is as often a count as a flag, and
/// as a number it still scores the same.
fn parse_bool(cell: &str) -> Option<bool> {
    const TRUE: [&str; 3] = ["true", "yes", "y"];
    const FALSE: [&str; 3] = ["false", "no", "n"];
    if TRUE.iter().any(|t| cell.eq_ignore_ascii_case(t)) {
        Some(true)
    } else if FALSE.iter().any(|t| cell.eq_ignore_ascii_case(t)) {
        Some(false)
    } else {
        None
    }
}

/// A cell as a value of its column's kind.
pub(super) fn convert(cell: String, kind: FieldKind) -> Value {
    if is_missing(&cell) {
        return Value::Missing;
    }
    // The census already checked every present cell parses as `kind`; falling back to text
    // keeps a disagreement visible instead of panicking.
    let parsed = match kind {
        FieldKind::Number => parse_number(&cell).map(Value::Number),
        FieldKind::Bool => parse_bool(&cell).map(Value::Bool),
        FieldKind::Time => parse_timestamp(&cell).map(|m| Value::Number(m as f64)),
        FieldKind::Text => None,
    };
    parsed.unwrap_or(Value::Text(cell))
}

/// Refuses a column that is numbers but for a few cells, naming the first such cell.
pub(super) fn reject_stray_numbers(
    raw: &RawTable,
    census: &[Census],
    arrival: Option<usize>,
) -> Result<(), CsvError> {
    // Of all columns with a stray cell, report the one earliest in the file: that is where a
    // user reading top to bottom would look first.
    let first = census
        .iter()
        .enumerate()
        .filter(|(c, _)| Some(*c) != arrival)
        .filter_map(|(c, tally)| tally.stray_number().map(|r| (r, c)))
        .min();
    match first {
        None => Ok(()),
        Some((r, c)) => Err(CsvError::NotANumber {
            line: raw.lines.get(r).copied().unwrap_or(0),
            column: raw.header.get(c).cloned().unwrap_or_default(),
            value: raw
                .rows
                .get(r)
                .and_then(|row| row.get(c))
                .map_or_else(String::new, |cell| shown(cell)),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{kind, parse, parse_ok, t, values, B, M, N};
    use crate::civil::parse_timestamp;
    use crate::csv_leads::CsvLeads;
    use crate::leads::{FieldKind, Value};

    fn minutes(s: &str) -> i64 {
        parse_timestamp(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    /// One two-column file per case: an `id` column (so no cell is a blank line) and `x`.
    fn column_x(cells: &[&str]) -> CsvLeads {
        let mut text = String::from("id,x\n");
        for (i, cell) in cells.iter().enumerate() {
            text.push_str(&format!("{i},{cell}\n"));
        }
        parse_ok(&text)
    }

    #[test]
    fn infers_each_kind() {
        let cases: Vec<(&[&str], FieldKind, Vec<Value>)> = vec![
            (
                &["1", "2.5", "-3", "+4", "1e3", ".5", "5.", "0"],
                FieldKind::Number,
                vec![
                    N(1.0),
                    N(2.5),
                    N(-3.0),
                    N(4.0),
                    N(1000.0),
                    N(0.5),
                    N(5.0),
                    N(0.0),
                ],
            ),
            (
                &["12%", "$5", "€1.5", "£-2", "-$3", "+£4"],
                FieldKind::Number,
                vec![N(0.12), N(5.0), N(1.5), N(-2.0), N(-3.0), N(4.0)],
            ),
            (
                &["0", "1", "1"],
                FieldKind::Number,
                vec![N(0.0), N(1.0), N(1.0)],
            ),
            (
                &["1", "N/A", "2", "null"],
                FieldKind::Number,
                vec![N(1.0), M, N(2.0), M],
            ),
            (
                &["yes", "No", "TRUE", "false", "y", "N"],
                FieldKind::Bool,
                vec![B(true), B(false), B(true), B(false), B(true), B(false)],
            ),
            (
                &["2024-01-01", "2024/01/02 10:00", "2024-01-01T00:30:00Z"],
                FieldKind::Time,
                vec![
                    N(minutes("2024-01-01") as f64),
                    N(minutes("2024-01-02 10:00") as f64),
                    N(minutes("2024-01-01 00:30") as f64),
                ],
            ),
            (
                &["a", "1", " b "],
                FieldKind::Text,
                vec![t("a"), t("1"), t("b")],
            ),
            (&["yes", "1"], FieldKind::Text, vec![t("yes"), t("1")]),
            (
                &["inf", "NaN", "1e999"],
                FieldKind::Text,
                vec![t("inf"), t("NaN"), t("1e999")],
            ),
            // Fewer than five numbers: a text column that happens to hold some numbers.
            (
                &["1", "2", "3", "abc"],
                FieldKind::Text,
                vec![t("1"), t("2"), t("3"), t("abc")],
            ),
            (
                &["", "N/A", "n/a", "#N/A", "null", "NULL", "-"],
                FieldKind::Text,
                vec![M; 7],
            ),
            // A region code, not a missing value.
            (
                &["NA", "emea", "none"],
                FieldKind::Text,
                vec![t("NA"), t("emea"), t("none")],
            ),
        ];
        for (cells, want_kind, want_values) in cases {
            let leads = column_x(cells);
            assert_eq!(kind(&leads, "x"), want_kind, "{cells:?}");
            assert_eq!(values(&leads, "x"), want_values, "{cells:?}");
        }
    }

    #[test]
    fn mostly_numeric_column_below_ninety_percent_is_text() {
        let mut cells = vec!["7"; 8];
        cells.extend(["big", "small"]);
        assert_eq!(kind(&column_x(&cells), "x"), FieldKind::Text);
    }

    #[test]
    fn empty_column_is_text_with_a_warning() {
        let leads = parse_ok("id,notes\n1,\n2,N/A\n");
        assert_eq!(kind(&leads, "notes"), FieldKind::Text);
        assert!(leads
            .warnings
            .iter()
            .any(|w| w.contains("column notes is empty")));
    }

    #[test]
    fn the_earliest_stray_number_is_reported_and_long_cells_are_shortened() {
        let long = "x".repeat(500);
        let mut text = String::from("a,b\n");
        for i in 0..10 {
            let a = if i == 7 { "oops" } else { "1" };
            let b = if i == 3 { long.as_str() } else { "2" };
            text.push_str(&format!("{a},{b}\n"));
        }
        let message = parse(&text, None).unwrap_err().to_string();
        assert!(message.starts_with("line 5, column b: 'xxx"), "{message}");
        assert!(message.contains("…'"), "{message}");
        assert!(message.len() < 250, "{message}");
    }
}
