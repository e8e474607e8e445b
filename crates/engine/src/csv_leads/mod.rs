//! Reading a CRM export (HubSpot, Salesforce, Marketo and the like) from CSV text into a
//! [`LeadTable`].
//!
//! The export can have any columns. Each column's type is inferred once from all of its cells,
//! one date column is chosen as the leads' arrival times, and the horizon is anchored to the
//! Monday 00:00 of the week of the earliest arrival, as the rest of the engine expects.
//!
//! What this module must not do: touch the file system, the clock or the network (the caller
//! hands over the text, and the engine also runs as WebAssembly); panic on any input, however
//! malformed; or guess silently. Whatever it cannot read is a [`CsvError`] naming the line and
//! column, and whatever it had to make up (such as arrival times) is listed in
//! [`CsvLeads::warnings`].
//!
//! The reading goes in three steps, one module each: `records` splits the text into a header
//! and rows of trimmed cells, `infer` gives each column its kind, and `arrival` picks the
//! arrival column and places the horizon. Dates are read by [`crate::civil`].

mod arrival;
mod infer;
mod records;

pub use crate::civil::{format_timestamp, parse_timestamp};

use crate::leads::{Column, FieldKind, LeadTable, ShapeError, Value};

/// Choices the user can make about how an export is read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// The column holding each lead's creation time; `None` picks one automatically.
    pub arrival_column: Option<String>,
    /// Columns to read as a type of the user's choosing rather than the inferred one (text,
    /// number or yes/no), by header, ignoring case. A cell that is not of that type counts as
    /// empty, and a warning says how many there were and where the first was.
    pub types: Vec<(String, FieldKind)>,
}

/// An export read into a lead table, with everything the reader had to work around.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvLeads {
    pub table: LeadTable,
    /// Problems that did not stop the reading, one sentence each.
    pub warnings: Vec<String>,
    /// The Monday 00:00 that starts the horizon, in minutes since 1970-01-01 00:00; the table's
    /// arrivals count from here.
    pub horizon_start: i64,
    /// The column the arrivals were read from, as spelled in the header; `None` when the file had
    /// no dates and arrivals were spread over the horizon instead.
    pub arrival_column: Option<String>,
}

/// Why an export could not be read. Each message is one sentence naming the line (as a text
/// editor numbers it, the header being line 1) and the column where that applies.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CsvError {
    #[error("the file is empty; it needs a header row naming the columns, then one row per lead")]
    Empty,
    #[error(
        "line {line}: column {position} of the header has no name; name it or delete that column"
    )]
    EmptyColumnName { line: u64, position: usize },
    #[error(
        "line {line}: columns {first} and {second} of the header are both named '{name}' \
         (names are compared ignoring case); rename one of them"
    )]
    DuplicateColumn {
        line: u64,
        name: String,
        first: usize,
        second: usize,
    },
    #[error(
        "line {line} has {found} {} but the header has {expected}; look on that line for an \
         unquoted separator or a missing value",
        fields_word(*.found)
    )]
    RaggedRow {
        line: u64,
        found: usize,
        expected: usize,
    },
    #[error("the file has a header on line {header_line} but no data rows; add at least one lead")]
    NoRows { header_line: u64 },
    #[error(
        "line {line}, column {column}: '{value}' is not a date; use YYYY-MM-DD or \
         YYYY-MM-DD HH:MM[:SS]"
    )]
    NotADate {
        line: u64,
        column: String,
        value: String,
    },
    #[error(
        "column {column} is empty in every row, so it cannot give the leads' arrival times; \
         choose a column with dates"
    )]
    NoArrivalDates { column: String },
    #[error(
        "there is no column named '{requested}' to read arrival times from; the columns are: {}",
        .available.join(", ")
    )]
    UnknownArrivalColumn {
        requested: String,
        available: Vec<String>,
    },
    #[error(
        "line {line}, column {column}: '{value}' is not a number, but the other values in \
         column {column} are; correct or clear that cell, or choose the column's type"
    )]
    NotANumber {
        line: u64,
        column: String,
        value: String,
    },
    #[error(
        "line {line}: a quoted value starts here but its closing quote is missing, so the rest \
         of the file would be read as one cell; add the closing \""
    )]
    UnclosedQuote { line: u64 },
    #[error("line {line} could not be read as CSV ({message}); check its quotes")]
    Malformed { line: u64, message: String },
    #[error("the leads read from the file do not fit together, which is a bug in Funnel Lab: {0}")]
    Inconsistent(#[from] ShapeError),
}

/// Text as it may go into a CSV a spreadsheet will open: a cell that starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return would run as a formula there (`=HYPERLINK(…)` from an
/// export), so it gets a leading apostrophe, which spreadsheets show as text. Numbers are not
/// text and never pass through here.
pub fn spreadsheet_safe(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// Longest cell text quoted back in an error message; a runaway quoted field can be megabytes.
const SHOWN_CHARS: usize = 60;

/// Reads a CRM export into a lead table.
///
/// The first non-blank line is the header. The delimiter is a comma unless the header has more
/// semicolons or tabs. Every cell is trimmed, and the spellings of "no value" (empty, `N/A`,
/// `#N/A`, `null`, `-`) become [`Value::Missing`](crate::leads::Value::Missing). Each column
/// becomes Number, Bool, Time or Text as a whole. Arrivals come from `options.arrival_column`,
/// else from a date column named like a creation date, else from the first date column, else
/// they are spread over 13 weeks of working hours. The first problem found is returned as the
/// error.
pub fn parse_csv(text: &str, options: &CsvOptions) -> Result<CsvLeads, CsvError> {
    parse_csv_with_progress(text, options, &mut |_| {})
}

/// [`parse_csv`], telling `progress` the share of the text read so far (0 to 1) every few
/// thousand rows: a large export takes seconds, and the page shows how far it got.
pub fn parse_csv_with_progress(
    text: &str,
    options: &CsvOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<CsvLeads, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let total = text.len().max(1) as f64;
    let raw = records::read_records(text, records::detect_delimiter(text), &mut |at| {
        progress(at as f64 / total)
    })?;
    let mut warnings = Vec::new();
    if raw.skipped_empty > 0 {
        warnings.push(format!(
            "{} with separators but no values (the first on line {}) {} skipped",
            plural(raw.skipped_empty, "row", "rows"),
            raw.first_skipped_line,
            if raw.skipped_empty == 1 {
                "was"
            } else {
                "were"
            }
        ));
    }
    if raw.rows.is_empty() {
        return Err(CsvError::NoRows {
            header_line: raw.header_line,
        });
    }

    let mut census = infer::take_census(&raw);
    let arrival = arrival::choose_arrival(&raw, &census, options)?;
    let chosen: Vec<Option<FieldKind>> = raw
        .header
        .iter()
        .map(|h| {
            options
                .types
                .iter()
                .find(|(c, _)| c.trim().eq_ignore_ascii_case(h.trim()))
                .map(|(_, k)| *k)
                .filter(|k| *k != FieldKind::Time)
        })
        .collect();
    // A column whose type the user chose is read as that type, stray cells and all.
    for (tally, kind) in census.iter_mut().zip(&chosen) {
        if kind.is_some() {
            tally.forgive_strays();
        }
    }
    infer::reject_stray_numbers(&raw, &census, arrival)?;

    let kinds: Vec<FieldKind> = census
        .iter()
        .enumerate()
        .map(|(c, tally)| {
            if Some(c) == arrival {
                FieldKind::Time
            } else {
                chosen[c].unwrap_or_else(|| tally.kind())
            }
        })
        .collect();
    // Cells that are not of a chosen type: how many, and the first, per column.
    let mut unreadable: Vec<(usize, Option<(u64, String)>)> = vec![(0, None); kinds.len()];
    for (name, tally) in raw.header.iter().zip(&census) {
        if tally.present == 0 {
            warnings.push(format!("column {name} is empty in every row"));
        }
    }

    let n = raw.rows.len();
    let mut arrival_cells: Vec<Option<i64>> = Vec::with_capacity(n);
    let mut rows = Vec::with_capacity(n);
    for (r, row) in raw.rows.into_iter().enumerate() {
        let mut values = Vec::with_capacity(kinds.len());
        for (c, (cell, kind)) in row.into_iter().zip(&kinds).enumerate() {
            if Some(c) == arrival {
                arrival_cells.push(if infer::is_missing(&cell) {
                    None
                } else {
                    parse_timestamp(&cell)
                });
            }
            let mut value = infer::convert(cell, *kind);
            if chosen[c].is_some() && *kind != FieldKind::Text {
                if let Value::Text(t) = &value {
                    let u = &mut unreadable[c];
                    u.0 += 1;
                    if u.1.is_none() {
                        u.1 = Some((raw.lines.get(r).copied().unwrap_or(0), shown(t)));
                    }
                    value = Value::Missing;
                }
            }
            values.push(value);
        }
        rows.push(values);
    }
    for ((name, kind), (count, first)) in raw.header.iter().zip(&kinds).zip(&unreadable) {
        if let (true, Some((line, cell))) = (*count > 0, first) {
            let what = match kind {
                FieldKind::Bool => "yes or no",
                _ => "numbers",
            };
            warnings.push(format!(
                "column {name} is read as {what}, as chosen: {count} cells are not and count as \
                 empty (the first on line {line}: '{cell}')"
            ));
        }
    }

    let columns: Vec<Column> = raw
        .header
        .iter()
        .zip(&kinds)
        .map(|(name, kind)| Column {
            name: name.clone(),
            kind: *kind,
        })
        .collect();

    let arrival_name = arrival.map(|c| raw.header.get(c).cloned().unwrap_or_default());
    let arrivals = arrival::place_arrivals(arrival_name, &arrival_cells, n, &mut warnings)?;
    Ok(CsvLeads {
        table: LeadTable::new(columns, rows, arrivals.times)?,
        warnings,
        horizon_start: arrivals.horizon_start,
        arrival_column: arrivals.column,
    })
}

/// A cell as quoted back in a message: at most [`SHOWN_CHARS`] characters, control characters
/// (a newline inside quotes) as spaces, so the message stays one line.
fn shown(cell: &str) -> String {
    let mut out: String = cell
        .chars()
        .take(SHOWN_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if cell.chars().nth(SHOWN_CHARS).is_some() {
        out.push('…');
    }
    out
}

fn fields_word(n: usize) -> &'static str {
    if n == 1 {
        "field"
    } else {
        "fields"
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    //! Helpers shared by the tests of every step, and the tests of the whole reading.

    use super::*;
    use crate::leads::Value;

    pub(super) fn parse(text: &str, arrival: Option<&str>) -> Result<CsvLeads, CsvError> {
        let options = CsvOptions {
            arrival_column: arrival.map(str::to_string),
            ..CsvOptions::default()
        };
        parse_csv(text, &options)
    }

    fn typed(text: &str, types: &[(&str, FieldKind)]) -> Result<CsvLeads, CsvError> {
        let options = CsvOptions {
            types: types.iter().map(|(c, k)| (c.to_string(), *k)).collect(),
            ..CsvOptions::default()
        };
        parse_csv(text, &options)
    }

    #[test]
    fn a_chosen_type_reads_the_column_as_that_type() {
        // Zip codes read as text keep their leading zeros.
        let text = "zip,score\n02134,10\n10001,20\n00501,30\n";
        assert_eq!(kind(&parse_ok(text), "zip"), FieldKind::Number);
        let leads = typed(text, &[("ZIP", FieldKind::Text)]).unwrap();
        assert_eq!(kind(&leads, "zip"), FieldKind::Text);
        assert_eq!(values(&leads, "zip"), [t("02134"), t("10001"), t("00501")]);
        assert_eq!(values(&leads, "score"), [N(10.0), N(20.0), N(30.0)]);
    }

    #[test]
    fn a_column_chosen_as_numbers_says_which_cells_are_not() {
        // Mostly numbers with a stray word: an error as read, numbers with a warning as chosen.
        let text = "visits\n1\n2\n3\n4\nlots\n6\n7\n8\n9\n10\n11\n";
        assert!(matches!(
            parse(text, None),
            Err(CsvError::NotANumber { line: 6, .. })
        ));
        let leads = typed(text, &[("visits", FieldKind::Number)]).unwrap();
        assert_eq!(kind(&leads, "visits"), FieldKind::Number);
        assert_eq!(values(&leads, "visits")[4], M);
        let w = leads
            .warnings
            .iter()
            .find(|w| w.contains("visits"))
            .expect("a warning");
        assert!(
            w.contains("1 cells") && w.contains("line 6") && w.contains("'lots'"),
            "{w}"
        );
        // Yes or no, chosen for a column of words: every cell that is neither is empty.
        let leads = typed("flag\nyes\nmaybe\nno\n", &[("flag", FieldKind::Bool)]).unwrap();
        assert_eq!(values(&leads, "flag"), [B(true), M, B(false)]);
        assert!(leads
            .warnings
            .iter()
            .any(|w| w.contains("read as yes or no")));
    }

    pub(super) fn parse_ok(text: &str) -> CsvLeads {
        parse(text, None).unwrap_or_else(|e| panic!("{e}\n--- input ---\n{text}"))
    }

    pub(super) fn values(leads: &CsvLeads, column: &str) -> Vec<Value> {
        let c = leads.table.column_index(column).expect("column exists");
        leads.table.rows().map(|r| r[c].clone()).collect()
    }

    pub(super) fn kind(leads: &CsvLeads, column: &str) -> FieldKind {
        let c = leads.table.column_index(column).expect("column exists");
        leads.table.columns()[c].kind
    }

    pub(super) use Value::{Bool as B, Missing as M, Number as N};
    pub(super) fn t(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn each_error_names_its_line_and_column() {
        let dates_with_typo = {
            let mut s = String::from("id,Created Date\n");
            for i in 1..=10 {
                s.push_str(&format!("{i},2024-03-{i:02}\n"));
            }
            s.push_str("11,2024-13-01\n");
            s
        };
        let numbers_with_typo =
            "id,company_size\n1,10\n2,20\n3,abc\n4,40\n5,50\n6,60\n7,70\n8,80\n9,90\n10,1\n";
        let cases: Vec<(&str, Option<&str>, &str, Vec<&str>)> = vec![
            ("", None, "Empty", vec!["empty"]),
            ("\u{feff}\n  \n\n", None, "Empty", vec!["empty"]),
            (
                "a,,c\n1,2,3\n",
                None,
                "EmptyColumnName",
                vec!["line 1", "column 2"],
            ),
            (
                "\nid,Email,x,email\n1,2,3,4\n",
                None,
                "DuplicateColumn",
                vec!["line 2", "columns 2 and 4", "'email'"],
            ),
            (
                "a,b\n1,2\n1,2,3\n",
                None,
                "RaggedRow",
                vec!["line 3 has 3 fields but the header has 2"],
            ),
            (
                "a,b\n\n1,2\n\n\n3\n",
                None,
                "RaggedRow",
                vec!["line 6 has 1 field but the header has 2"],
            ),
            ("a,b\n\n", None, "NoRows", vec!["line 1", "no data rows"]),
            (
                "id,notes\n1,\"fine\"\n2,\"says \"\"hi\n3,x\n4,y\n",
                None,
                "UnclosedQuote",
                vec!["line 3:", "closing quote"],
            ),
            (
                "id,notes\n1,x\n2,\"a\nb\",\"open\n\n3,y",
                None,
                "UnclosedQuote",
                vec!["line 4:"],
            ),
            (
                "id,created_at\n1,2024-01-01\n2,2024-01-02\n3,31/31/2024\n",
                Some("created_at"),
                "NotADate",
                vec![
                    "line 4, column created_at: '31/31/2024' is not a date; use YYYY-MM-DD or \
                     YYYY-MM-DD HH:MM[:SS]",
                ],
            ),
            (
                &dates_with_typo,
                None,
                "NotADate",
                vec!["line 12, column Created Date: '2024-13-01'"],
            ),
            (
                "id,signup\n1,\n2,N/A\n",
                Some("SIGNUP"),
                "NoArrivalDates",
                vec!["column signup"],
            ),
            (
                "id,created_at\n1,2024-01-01\n",
                Some("signup"),
                "UnknownArrivalColumn",
                vec!["'signup'", "id, created_at"],
            ),
            (
                numbers_with_typo,
                None,
                "NotANumber",
                vec![
                    "line 4, column company_size: 'abc' is not a number, but the other values in \
                     column company_size are",
                ],
            ),
        ];
        for (text, arrival, variant, fragments) in cases {
            let err = match parse(text, arrival) {
                Ok(_) => panic!("{text:?} should fail with {variant}"),
                Err(e) => e,
            };
            assert!(
                format!("{err:?}").starts_with(variant),
                "{text:?}: wanted {variant}, got {err:?}"
            );
            let message = err.to_string();
            for fragment in fragments {
                assert!(message.contains(fragment), "{message:?} lacks {fragment:?}");
            }
            assert!(!message.contains('\n'), "{message:?}");
        }
    }

    #[test]
    fn garbage_never_panics() {
        // xorshift64*: deterministic, good enough to wander through odd inputs.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_F491_4F6C_DD1D)
        };
        let alphabet: Vec<char> =
            ",,,;;\t\"\"\n\n\r 0123456789-:/.T+Z%$€ayesNAnull\u{feff}é日\u{0}"
                .chars()
                .collect();
        let headers = ["", "id,created_at,size\n", "a;b\n", "date\n"];
        for round in 0..3000 {
            let len = (next() % 80) as usize;
            let mut text = String::from(headers[round % headers.len()]);
            for _ in 0..len {
                text.push(alphabet[(next() % alphabet.len() as u64) as usize]);
            }
            for arrival in [None, Some("created_at"), Some("a")] {
                if let Ok(leads) = parse(&text, arrival) {
                    assert_eq!(leads.table.arrivals().len(), leads.table.len());
                    assert!(leads
                        .table
                        .arrivals()
                        .iter()
                        .all(|a| a.is_finite() && *a >= 0.0));
                }
            }
            let _ = parse_timestamp(&text);
            let _ = format_timestamp(next() as i64);
        }
    }

    #[test]
    fn large_file_round_trip() {
        let mut text = String::from("id,created_at,company_size,paid,region\n");
        let rows = 20_000;
        for i in 0..rows {
            text.push_str(&format!(
                "{i},2024-01-{:02} {:02}:{:02},{},{},\"r, {}\"\n",
                1 + i % 28,
                i % 24,
                i % 60,
                i % 500,
                if i % 2 == 0 { "yes" } else { "no" },
                i % 7
            ));
        }
        let leads = parse_ok(&text);
        assert_eq!(leads.table.len(), rows);
        assert_eq!(kind(&leads, "company_size"), FieldKind::Number);
        assert_eq!(kind(&leads, "paid"), FieldKind::Bool);
        assert_eq!(kind(&leads, "region"), FieldKind::Text);
        assert!(leads.warnings.is_empty(), "{:?}", leads.warnings);
    }
}
