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

use std::collections::HashMap;

use crate::leads::{Column, FieldKind, LeadTable, ShapeError, Value, MINUTES_PER_DAY};

/// Choices the user can make about how an export is read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// The column holding each lead's creation time; `None` picks one automatically.
    pub arrival_column: Option<String>,
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
         column {column} are; correct or clear that cell"
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

/// Column names (lower case, spaces and hyphens as underscores) that CRMs use for a lead's
/// creation time; HubSpot's "Create Date" and Salesforce's "Created Date" normalise into this list.
const ARRIVAL_NAMES: [&str; 12] = [
    "created_at",
    "createdate",
    "create_date",
    "created_date",
    "created",
    "arrival",
    "arrival_time",
    "date_created",
    "lead_created",
    "timestamp",
    "submitted_at",
    "date",
];

/// Spellings of "no value" that exports write instead of leaving the cell empty. `NA` and
/// `none` are not among them: in CRM data they are real values (North America, "no
/// competitor").
const MISSING_TOKENS: [&str; 4] = ["n/a", "#n/a", "null", "-"];

/// Working time used when the file has no dates: Mon–Fri 09:00–17:00 for 13 weeks.
const SPREAD_WEEKS: i64 = 13;
const WORKDAY_START: i64 = 9 * 60;
const WORKDAY_MINUTES: i64 = 8 * 60;
const MINUTES_PER_DAY_I: i64 = MINUTES_PER_DAY as i64;

/// Horizon start for files without dates. Any Monday would do; a recent one reads more naturally
/// in reports than 1970.
const UNDATED_HORIZON_START: i64 = days_from_civil(2024, 1, 1) * MINUTES_PER_DAY_I;

/// Longest cell text quoted back in an error message; a runaway quoted field can be megabytes.
const SHOWN_CHARS: usize = 60;

/// Reads a CRM export into a lead table.
///
/// The first non-blank line is the header. The delimiter is a comma unless the header has more
/// semicolons or tabs. Every cell is trimmed, and the spellings of "no value" (empty, `N/A`,
/// `#N/A`, `null`, `-`) become [`Value::Missing`]. Each column becomes Number, Bool, Time
/// or Text as a whole. Arrivals come from `options.arrival_column`, else from a date column named
/// like a creation date, else from the first date column, else they are spread over 13 weeks of
/// working hours. The first problem found is returned as the error.
pub fn parse_csv(text: &str, options: &CsvOptions) -> Result<CsvLeads, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw = read_records(text, detect_delimiter(text))?;
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

    let mut census = vec![Census::default(); raw.header.len()];
    for (r, row) in raw.rows.iter().enumerate() {
        for (tally, cell) in census.iter_mut().zip(row) {
            tally.observe(r, cell);
        }
    }

    let arrival = choose_arrival(&raw, &census, options)?;
    reject_stray_numbers(&raw, &census, arrival)?;

    let kinds: Vec<FieldKind> = census
        .iter()
        .enumerate()
        .map(|(c, tally)| {
            if Some(c) == arrival {
                FieldKind::Time
            } else {
                tally.kind()
            }
        })
        .collect();
    for (name, tally) in raw.header.iter().zip(&census) {
        if tally.present == 0 {
            warnings.push(format!("column {name} is empty in every row"));
        }
    }

    let n = raw.rows.len();
    let mut arrival_cells: Vec<Option<i64>> = Vec::with_capacity(n);
    let mut rows = Vec::with_capacity(n);
    for row in raw.rows {
        let mut values = Vec::with_capacity(kinds.len());
        for (c, (cell, kind)) in row.into_iter().zip(&kinds).enumerate() {
            if Some(c) == arrival {
                arrival_cells.push(if is_missing(&cell) {
                    None
                } else {
                    parse_timestamp(&cell)
                });
            }
            values.push(convert(cell, *kind));
        }
        rows.push(values);
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

    let (horizon_start, arrivals, arrival_column) = match arrival {
        Some(c) => {
            let name = raw.header.get(c).cloned().unwrap_or_default();
            let (start, arrivals, filled) =
                dated_arrivals(&arrival_cells).ok_or_else(|| CsvError::NoArrivalDates {
                    column: name.clone(),
                })?;
            if filled > 0 {
                warnings.push(format!(
                    "{} no {name} value; each was given the arrival time of the row above it \
                     (or of the first dated row)",
                    if filled == 1 {
                        "1 row has".to_string()
                    } else {
                        format!("{filled} rows have")
                    }
                ));
            }
            (start, arrivals, Some(name))
        }
        None => {
            warnings.push(format!(
                "no column holds dates, so the {} spread evenly over the working hours \
                 (Monday to Friday, 09:00 to 17:00) of {SPREAD_WEEKS} weeks in file order",
                if n == 1 {
                    "1 lead was".to_string()
                } else {
                    format!("{n} leads were")
                }
            ));
            (UNDATED_HORIZON_START, spread_arrivals(n), None)
        }
    };

    Ok(CsvLeads {
        table: LeadTable::new(columns, rows, arrivals)?,
        warnings,
        horizon_start,
        arrival_column,
    })
}

/// Reads a date or date-time as minutes since 1970-01-01 00:00.
///
/// Accepted: `YYYY-MM-DD` or `YYYY/MM/DD`, optionally followed by a space or `T` and `HH:MM`,
/// `HH:MM:SS` or `HH:MM:SS.fff`, then optionally `Z` or an offset `+HH:MM`, `-HH:MM`, `+HHMM`,
/// `+HH` (the result is then UTC). Seconds are dropped. Month, day and hour may have one digit.
/// Anything else, including impossible dates such as 2023-02-29, gives `None`.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let mut cur = Cursor::new(s.trim());
    let year = cur.digits(4, 4)?;
    let sep = cur.one_of(b"-/")?;
    let month = cur.digits(1, 2)?;
    cur.expect(sep)?;
    let day = cur.digits(1, 2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut minutes = days_from_civil(year, month, day) * MINUTES_PER_DAY_I;
    if cur.at_end() {
        return Some(minutes);
    }

    cur.one_of(b"Tt ")?;
    let hour = cur.digits(1, 2)?;
    cur.expect(b':')?;
    let minute = cur.digits(2, 2)?;
    // A leap second (":60") is real in some logs; the minute is all we keep anyway.
    let mut second = 0;
    if cur.eat(b':') {
        second = cur.digits(2, 2)?;
        if cur.eat(b'.') || cur.eat(b',') {
            cur.digits(1, usize::MAX)?;
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    minutes += hour * 60 + minute;

    match cur.peek() {
        None => {}
        Some(b'Z' | b'z') => cur.bump(),
        Some(sign @ (b'+' | b'-')) => {
            cur.bump();
            let off_hour = cur.digits(2, 2)?;
            let colon = cur.eat(b':');
            let off_minute = if colon || !cur.at_end() {
                cur.digits(2, 2)?
            } else {
                0
            };
            if off_hour > 23 || off_minute > 59 {
                return None;
            }
            let offset = off_hour * 60 + off_minute;
            // The text is local time at `offset` from UTC; UTC is local minus the offset.
            minutes += if sign == b'+' { -offset } else { offset };
        }
        Some(_) => return None,
    }
    cur.at_end().then_some(minutes)
}

/// Writes minutes since 1970-01-01 00:00 as `YYYY-MM-DD HH:MM`.
pub fn format_timestamp(minutes: i64) -> String {
    let days = minutes.div_euclid(MINUTES_PER_DAY_I);
    let in_day = minutes.rem_euclid(MINUTES_PER_DAY_I);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", in_day / 60, in_day % 60)
}

// ---------------------------------------------------------------------------------------------
// Reading records

/// The header and data rows as trimmed text, before any typing.
struct RawTable {
    header: Vec<String>,
    header_line: u64,
    rows: Vec<Vec<String>>,
    /// The line each row starts on, for error messages.
    lines: Vec<u64>,
    skipped_empty: usize,
    first_skipped_line: u64,
}

/// Picks the delimiter from the header line: whichever of comma, semicolon and tab occurs most
/// often outside quotes (comma on a tie). Lines holding only separators and whitespace are not
/// the header, matching how [`read_records`] skips them.
fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3]; // comma, semicolon, tab
    let mut in_quotes = false;
    let mut has_text = false;
    for b in text.bytes() {
        match b {
            b'"' => {
                in_quotes = !in_quotes;
                has_text = true;
            }
            _ if in_quotes => {}
            b'\n' | b'\r' => {
                if has_text {
                    break;
                }
                counts = [0; 3];
            }
            b',' => counts[0] += 1,
            b';' => counts[1] += 1,
            b'\t' => counts[2] += 1,
            b' ' => {}
            _ => has_text = true,
        }
    }
    let [comma, semicolon, tab] = counts;
    if tab > comma && tab > semicolon {
        b'\t'
    } else if semicolon > comma {
        b';'
    } else {
        b','
    }
}

fn read_records(text: &str, delimiter: u8) -> Result<RawTable, CsvError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let bytes = text.as_bytes();
    let mut record = csv::StringRecord::new();
    let mut header: Option<(Vec<String>, u64)> = None;
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut skipped_empty = 0;
    let mut first_skipped_line = 0;
    let mut last_start = (0, 0);

    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| CsvError::Malformed {
                line: e.position().map_or(0, |p| p.line()),
                message: e.to_string(),
            })?;
        if !more {
            break;
        }
        let (line, start) = record_start(bytes, record.position());
        last_start = (line, start);
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().all(|c| c.is_empty()) {
            // A lone whitespace field is a blank line; several empty fields are a spreadsheet's
            // leftover row, worth a mention because it may hide a real mistake.
            if cells.len() > 1 && header.is_some() {
                if skipped_empty == 0 {
                    first_skipped_line = line;
                }
                skipped_empty += 1;
            }
            continue;
        }
        match &header {
            None => {
                check_header(&cells, line)?;
                header = Some((cells, line));
            }
            Some((names, _)) => {
                if cells.len() != names.len() {
                    // A quote left open merges the rest of the file into this row; say that
                    // rather than blame the field count.
                    let rest = bytes.get(start..).unwrap_or_default();
                    if let Some(line) = unclosed_quote(rest, line, delimiter) {
                        return Err(CsvError::UnclosedQuote { line });
                    }
                    return Err(CsvError::RaggedRow {
                        line,
                        found: cells.len(),
                        expected: names.len(),
                    });
                }
                rows.push(cells);
                lines.push(line);
            }
        }
    }

    let (line, start) = last_start;
    if let Some(line) = unclosed_quote(bytes.get(start..).unwrap_or_default(), line, delimiter) {
        return Err(CsvError::UnclosedQuote { line });
    }
    let (header, header_line) = header.ok_or(CsvError::Empty)?;
    Ok(RawTable {
        header,
        header_line,
        rows,
        lines,
        skipped_empty,
        first_skipped_line,
    })
}

/// The line and byte offset a record starts on. The csv crate reports where it began looking,
/// which is before any blank lines it skipped, so those are counted here.
fn record_start(bytes: &[u8], position: Option<&csv::Position>) -> (u64, usize) {
    let Some(pos) = position else { return (0, 0) };
    let from = usize::try_from(pos.byte()).unwrap_or(usize::MAX);
    let blank = bytes
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| matches!(b, b'\n' | b'\r'));
    let (mut skipped, mut newlines) = (0, 0);
    for b in blank {
        skipped += 1;
        newlines += u64::from(*b == b'\n');
    }
    (pos.line() + newlines, from.saturating_add(skipped))
}

/// The line of a quote that opens a field and is never closed, in the record starting at `line`
/// on `record`. The csv crate silently reads such a field to the end of the file, swallowing
/// every row after it, so the last record is rechecked with the same rules the crate follows: a
/// quote only opens a field at its start, and inside it `""` is a literal quote.
fn unclosed_quote(record: &[u8], line: u64, delimiter: u8) -> Option<u64> {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        AfterQuote,
    }
    let mut state = State::FieldStart;
    let mut opened_at = 0;
    for (i, &b) in record.iter().enumerate() {
        let ends_record = b == b'\n' || b == b'\r';
        state = match state {
            State::Quoted if b == b'"' => State::AfterQuote,
            State::Quoted => State::Quoted,
            _ if ends_record => return None,
            _ if b == delimiter => State::FieldStart,
            State::FieldStart if b == b'"' => {
                opened_at = i;
                State::Quoted
            }
            State::AfterQuote if b == b'"' => State::Quoted,
            _ => State::Unquoted,
        };
    }
    let newlines_before = record
        .get(..opened_at)
        .unwrap_or_default()
        .iter()
        .filter(|b| **b == b'\n')
        .count();
    (state == State::Quoted).then_some(line + newlines_before as u64)
}

fn check_header(names: &[String], line: u64) -> Result<(), CsvError> {
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() {
            return Err(CsvError::EmptyColumnName {
                line,
                position: i + 1,
            });
        }
        // Columns are looked up ignoring case, so names differing only in case would collide.
        if let Some(first) = seen.insert(name.to_lowercase(), i + 1) {
            return Err(CsvError::DuplicateColumn {
                line,
                name: name.clone(),
                first,
                second: i + 1,
            });
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Typing columns

/// What one column's cells look like, gathered in a single pass before choosing its kind.
#[derive(Clone, Debug, Default)]
struct Census {
    present: usize,
    numbers: usize,
    bools: usize,
    times: usize,
    /// Row index of the first present cell that is not a number / not a date.
    first_non_number: Option<usize>,
    first_non_time: Option<usize>,
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

    fn kind(&self) -> FieldKind {
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

    fn mostly_times(&self) -> bool {
        self.times > 0 && self.times * 10 >= self.present * 9
    }
}

fn is_missing(cell: &str) -> bool {
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

fn convert(cell: String, kind: FieldKind) -> Value {
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

fn reject_stray_numbers(
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

// ---------------------------------------------------------------------------------------------
// Arrivals

fn normalised_name(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The column to read arrivals from, or `None` to spread them.
///
/// A column the user named, or one whose name says it is the creation date and that is nearly
/// all dates, must be entirely dates: a stray cell there is a typo to report, not a reason to
/// fall back to made-up arrival times.
fn choose_arrival(
    raw: &RawTable,
    census: &[Census],
    options: &CsvOptions,
) -> Result<Option<usize>, CsvError> {
    let requested = options
        .arrival_column
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let chosen = match requested {
        Some(wanted) => {
            let found = raw
                .header
                .iter()
                .position(|name| name.eq_ignore_ascii_case(wanted));
            let Some(c) = found else {
                return Err(CsvError::UnknownArrivalColumn {
                    requested: wanted.to_string(),
                    available: raw.header.clone(),
                });
            };
            c
        }
        None => {
            let by_name = raw.header.iter().zip(census).position(|(name, tally)| {
                ARRIVAL_NAMES.contains(&normalised_name(name).as_str()) && tally.mostly_times()
            });
            match by_name {
                Some(c) => c,
                None => {
                    return Ok(census.iter().position(|t| t.kind() == FieldKind::Time));
                }
            }
        }
    };

    let column = raw.header.get(chosen).cloned().unwrap_or_default();
    let tally = census.get(chosen).cloned().unwrap_or_default();
    if tally.present == 0 {
        return Err(CsvError::NoArrivalDates { column });
    }
    if let Some(r) = tally.first_non_time {
        return Err(CsvError::NotADate {
            line: raw.lines.get(r).copied().unwrap_or(0),
            value: raw
                .rows
                .get(r)
                .and_then(|row| row.get(chosen))
                .map_or_else(String::new, |cell| shown(cell)),
            column,
        });
    }
    Ok(Some(chosen))
}

/// Turns each row's arrival date (if any) into minutes from the horizon start. Rows without one
/// inherit the previous row's, so a gap does not move a lead to the start of the horizon.
/// Returns the horizon start, the arrivals and how many rows were filled in; `None` if no row has
/// a date.
fn dated_arrivals(cells: &[Option<i64>]) -> Option<(i64, Vec<f64>, usize)> {
    let first = cells.iter().flatten().next().copied()?;
    let earliest = cells.iter().flatten().min().copied()?;
    let start = monday_on_or_before(earliest);
    let mut previous = first;
    let mut filled = 0;
    let arrivals = cells
        .iter()
        .map(|cell| {
            let t = match cell {
                Some(t) => *t,
                None => {
                    filled += 1;
                    previous
                }
            };
            previous = t;
            (t - start) as f64
        })
        .collect();
    Some((start, arrivals, filled))
}

/// Evenly spaced arrivals over the working hours of the spread horizon, in file order, for files
/// that carry no dates.
fn spread_arrivals(n: usize) -> Vec<f64> {
    let working_minutes = (SPREAD_WEEKS * 5 * WORKDAY_MINUTES) as f64;
    (0..n)
        .map(|i| {
            let w = i as f64 * working_minutes / n as f64;
            let workday = (w / WORKDAY_MINUTES as f64).floor() as i64;
            let into_day = w - (workday * WORKDAY_MINUTES) as f64;
            let day = (workday / 5) * 7 + workday % 5;
            (day * MINUTES_PER_DAY_I + WORKDAY_START) as f64 + into_day
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic

/// Monday 00:00 of the week holding `minutes` (both minutes since 1970-01-01 00:00).
fn monday_on_or_before(minutes: i64) -> i64 {
    let day = minutes.div_euclid(MINUTES_PER_DAY_I);
    (day - weekday(day)) * MINUTES_PER_DAY_I
}

/// Day of the week counted from Monday = 0, for a count of days since 1970-01-01 (a Thursday).
fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
///
/// The trick is to start each year on 1 March, which puts the leap day last: the days before a
/// month are then a fixed linear formula, and a 400-year cycle always has 146 097 days, so years
/// split into whole cycles plus a year-of-cycle without any table.
const fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let cycle = year.div_euclid(400);
    let year_of_cycle = year - cycle * 400; // 0..=399
    let march_based_month = (month + 9) % 12; // March = 0 .. February = 11
    let day_of_year = (153 * march_based_month + 2) / 5 + day - 1;
    let day_of_cycle = year_of_cycle * 365 + year_of_cycle / 4 - year_of_cycle / 100 + day_of_year;
    // 719 468 days separate 0000-03-01, where cycle 0 starts, from 1970-01-01.
    cycle * 146_097 + day_of_cycle - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month, day).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let cycle = shifted.div_euclid(146_097);
    let day_of_cycle = shifted - cycle * 146_097; // 0..=146_096

    // Drop the leap days accumulated so far to count plain 365-day years.
    let year_of_cycle =
        (day_of_cycle - day_of_cycle / 1460 + day_of_cycle / 36_524 - day_of_cycle / 146_096) / 365;
    let day_of_year =
        day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
    let march_based_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * march_based_month + 2) / 5 + 1;
    let month = if march_based_month < 10 {
        march_based_month + 3
    } else {
        march_based_month - 9
    };
    let year = year_of_cycle + cycle * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

/// A read position over ASCII text, for the timestamp grammar.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor {
            bytes: s.as_bytes(),
            at: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn bump(&mut self) {
        self.at += 1;
    }

    fn at_end(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        if hit {
            self.bump();
        }
        hit
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        self.eat(b).then_some(())
    }

    fn one_of(&mut self, set: &[u8]) -> Option<u8> {
        let b = self.peek().filter(|b| set.contains(b))?;
        self.bump();
        Some(b)
    }

    /// Between `min` and `max` ASCII digits as a number. Digits past the 18th are still consumed
    /// but not added, so a long fraction of a second cannot overflow.
    fn digits(&mut self, min: usize, max: usize) -> Option<i64> {
        let mut value: i64 = 0;
        let mut count = 0;
        while count < max {
            let Some(b) = self.peek().filter(u8::is_ascii_digit) else {
                break;
            };
            if count < 18 {
                value = value * 10 + i64::from(b - b'0');
            }
            self.bump();
            count += 1;
        }
        (count >= min).then_some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, arrival: Option<&str>) -> Result<CsvLeads, CsvError> {
        let options = CsvOptions {
            arrival_column: arrival.map(str::to_string),
        };
        parse_csv(text, &options)
    }

    fn parse_ok(text: &str) -> CsvLeads {
        parse(text, None).unwrap_or_else(|e| panic!("{e}\n--- input ---\n{text}"))
    }

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

    fn values(leads: &CsvLeads, column: &str) -> Vec<Value> {
        let c = leads.table.column_index(column).expect("column exists");
        leads.table.rows().map(|r| r[c].clone()).collect()
    }

    fn kind(leads: &CsvLeads, column: &str) -> FieldKind {
        let c = leads.table.column_index(column).expect("column exists");
        leads.table.columns()[c].kind
    }

    use Value::{Bool as B, Missing as M, Number as N};
    fn t(s: &str) -> Value {
        Value::Text(s.into())
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
    fn quoted_fields_keep_delimiters_quotes_and_newlines() {
        let text = "name,notes,size\n\"Smith, J\",\"said \"\"hi\"\"\nthen left\",3\n\"Lee\",x,4\n";
        let leads = parse_ok(text);
        assert_eq!(values(&leads, "name"), vec![t("Smith, J"), t("Lee")]);
        assert_eq!(
            values(&leads, "notes"),
            vec![t("said \"hi\"\nthen left"), t("x")]
        );
        assert_eq!(values(&leads, "size"), vec![N(3.0), N(4.0)]);
        // The two-line record pushes the next row's line numbers down by one.
        let err = parse(&format!("{text}5,6\n"), None).unwrap_err();
        assert!(err.to_string().starts_with("line 5 has 2 fields"), "{err}");
    }

    #[test]
    fn semicolon_and_tab_delimiters_are_detected() {
        for text in [
            "name;size;paid\nAcme, Inc;12;yes\nB;1,5;no\n",
            "name\tsize\tpaid\nAcme, Inc\t12\tyes\nB\t1,5\tno\n",
            ";;\nname;size;paid\nAcme, Inc;12;yes\nB;1,5;no\n",
        ] {
            let leads = parse_ok(text);
            assert_eq!(leads.table.columns().len(), 3, "{text:?}");
            assert_eq!(values(&leads, "name"), vec![t("Acme, Inc"), t("B")]);
            // A decimal comma is not guessed at: the column stays text.
            assert_eq!(values(&leads, "size"), vec![t("12"), t("1,5")]);
            assert_eq!(kind(&leads, "paid"), FieldKind::Bool);
        }
        // A quote inside an unquoted cell is literal and does not open anything.
        let inch = parse_ok("id,screen\n1,15\" wide\n2,x\"\"\n");
        assert_eq!(values(&inch, "screen"), vec![t("15\" wide"), t("x\"\"")]);
        let header_commas_in_quotes = parse_ok("\"a,b\";\"c,d\"\n1;2\n");
        assert_eq!(header_commas_in_quotes.table.columns()[0].name, "a,b");
    }

    #[test]
    fn byte_order_mark_and_crlf_are_handled() {
        let leads = parse_ok("\u{feff}id,created_at\r\n1,2024-01-01\r\n\r\n2,2024-01-02\r\n");
        assert_eq!(leads.table.columns()[0].name, "id");
        assert_eq!(leads.table.len(), 2);
        assert_eq!(leads.arrival_column.as_deref(), Some("created_at"));
    }

    #[test]
    fn rows_of_bare_separators_are_skipped_with_a_warning() {
        let leads = parse_ok("a,b\n1,2\n,,\n   \n3,4\n , \n");
        assert_eq!(leads.table.len(), 2);
        assert!(
            leads
                .warnings
                .iter()
                .any(|w| w.contains("2 rows") && w.contains("line 3")),
            "{:?}",
            leads.warnings
        );
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

    #[test]
    fn timestamps() {
        let good = [
            ("1970-01-01", "1970-01-01 00:00"),
            ("2024-02-29", "2024-02-29 00:00"),
            ("2000-02-29 23:59", "2000-02-29 23:59"),
            ("2024/3/5", "2024-03-05 00:00"),
            ("2024-03-05 7:05", "2024-03-05 07:05"),
            ("2024-03-05T10:15", "2024-03-05 10:15"),
            ("2024-03-05t10:15:59", "2024-03-05 10:15"),
            (
                "2024-03-05T10:15:30.123456789012345678901Z",
                "2024-03-05 10:15",
            ),
            ("2024-03-05 10:15:30,5", "2024-03-05 10:15"),
            ("2024-03-05T10:15:00+02:00", "2024-03-05 08:15"),
            ("2024-03-05T10:15:00-05:30", "2024-03-05 15:45"),
            ("2024-03-05T01:00+0230", "2024-03-04 22:30"),
            ("2024-03-05T23:00-03", "2024-03-06 02:00"),
            ("2024-12-31T23:59:60Z", "2024-12-31 23:59"),
            ("  2024-03-05  ", "2024-03-05 00:00"),
            ("1969-12-31 23:59", "1969-12-31 23:59"),
            ("0000-01-01", "0000-01-01 00:00"),
            ("9999-12-31 23:59", "9999-12-31 23:59"),
        ];
        for (input, want) in good {
            let got = parse_timestamp(input).map(format_timestamp);
            assert_eq!(got.as_deref(), Some(want), "{input}");
        }
        let bad = [
            "",
            "2024",
            "24-01-01",
            "2024-1",
            "2024-01-",
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "2024-00-10",
            "2024-13-01",
            "2024-01-00",
            "2024-01-32",
            "2024-01/01",
            "2024-01-01 24:00",
            "2024-01-01 10:60",
            "2024-01-01 10:00:61",
            "2024-01-01 10",
            "2024-01-01 10:5",
            "2024-01-01T",
            "2024-01-01 10:00:00.",
            "2024-01-01 10:00+24:00",
            "2024-01-01 10:00+01:60",
            "2024-01-01 10:00+1",
            "2024-01-01 10:00 UTC",
            "2024-01-01Z",
            "2024-01-01 10:00Zx",
            "31/12/2024",
            "12/31/2024",
            "20240101",
            "2024-01-01x",
            "２０２４-01-01",
            "2024-01-01 10:00:00+",
        ];
        for input in bad {
            assert_eq!(parse_timestamp(input), None, "{input} should be rejected");
        }
    }

    #[test]
    fn civil_dates_match_known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(weekday(0), 3, "1970-01-01 was a Thursday");
        assert_eq!(weekday(days_from_civil(2026, 11, 22)), 6, "a Sunday");
        assert_eq!(weekday(days_from_civil(2024, 1, 1)), 0, "a Monday");
        assert_eq!(weekday(UNDATED_HORIZON_START / MINUTES_PER_DAY_I), 0);
        for days in (-800_000..800_000).step_by(37) {
            let (y, m, d) = civil_from_days(days);
            assert!((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m));
            assert_eq!(days_from_civil(y, m, d), days);
        }
        // Consecutive days step through the calendar without gaps across leap years.
        let mut previous = civil_from_days(days_from_civil(1999, 12, 31));
        for days in days_from_civil(2000, 1, 1)..days_from_civil(2101, 1, 1) {
            let now = civil_from_days(days);
            let expected = if previous.2 < days_in_month(previous.0, previous.1) {
                (previous.0, previous.1, previous.2 + 1)
            } else if previous.1 < 12 {
                (previous.0, previous.1 + 1, 1)
            } else {
                (previous.0 + 1, 1, 1)
            };
            assert_eq!(now, expected);
            previous = now;
        }
    }

    #[test]
    fn horizon_starts_on_the_monday_before_the_earliest_arrival() {
        // 2024-01-03 is a Wednesday; the later row comes first in the file.
        let leads = parse_ok("id,created_at\n1,2024-01-09 08:00\n2,2024-01-03 10:30\n");
        assert_eq!(format_timestamp(leads.horizon_start), "2024-01-01 00:00");
        let wednesday = 2.0 * MINUTES_PER_DAY + 10.0 * 60.0 + 30.0;
        assert_eq!(
            leads.table.arrivals(),
            &[wednesday + 6.0 * MINUTES_PER_DAY - 150.0, wednesday]
        );
        assert_eq!(kind(&leads, "created_at"), FieldKind::Time);

        // An offset can move the arrival into the previous week (Sunday 23:00 UTC).
        let leads = parse_ok("id,created_at\n1,2024-01-08T01:00+02:00\n");
        assert_eq!(format_timestamp(leads.horizon_start), "2024-01-01 00:00");
        assert_eq!(
            leads.table.arrivals(),
            &[6.0 * MINUTES_PER_DAY + 23.0 * 60.0]
        );

        let monday = parse_ok("id,created_at\n1,2024-01-08\n");
        assert_eq!(format_timestamp(monday.horizon_start), "2024-01-08 00:00");
        assert_eq!(monday.table.arrivals(), &[0.0]);
    }

    #[test]
    fn arrival_column_choice() {
        let text = "id,updated_at,Create Date,first_touch\n\
                    1,2024-02-01,2024-01-10,2024-01-01\n";
        let cases = [
            (text, None, Some("Create Date")),
            (text, Some("first_touch"), Some("first_touch")),
            (text, Some(" UPDATED_AT "), Some("updated_at")),
            (text, Some("  "), Some("Create Date")),
            (
                "id,first_touch,seen\n1,2024-01-01,2024-01-02\n",
                None,
                Some("first_touch"),
            ),
            // A preferred name that is not a date column does not count.
            ("id,date,seen\n1,soon,2024-01-02\n", None, Some("seen")),
            ("id,name\n1,x\n", None, None),
        ];
        for (text, requested, want) in cases {
            let leads = parse(text, requested).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                leads.arrival_column.as_deref(),
                want,
                "{text:?} {requested:?}"
            );
        }
    }

    #[test]
    fn missing_arrivals_take_the_previous_row() {
        let leads =
            parse_ok("id,created_at\n1,\n2,2024-01-02 09:00\n3,N/A\n4,2024-01-01 09:00\n5,\n");
        let tue = MINUTES_PER_DAY + 540.0;
        let mon = 540.0;
        assert_eq!(leads.table.arrivals(), &[tue, tue, tue, mon, mon]);
        assert_eq!(values(&leads, "created_at")[0], M);
        assert!(
            leads
                .warnings
                .iter()
                .any(|w| w.starts_with("3 rows have no created_at value")),
            "{:?}",
            leads.warnings
        );
    }

    #[test]
    fn without_dates_arrivals_are_spread_over_working_hours() {
        let mut text = String::from("id,name\n");
        let n = 1000;
        for i in 0..n {
            text.push_str(&format!("{i},lead {i}\n"));
        }
        let leads = parse_ok(&text);
        assert_eq!(leads.arrival_column, None);
        assert_eq!(leads.horizon_start, UNDATED_HORIZON_START);
        assert!(leads
            .warnings
            .iter()
            .any(|w| w.contains("1000 leads") && w.contains("13 weeks")));
        let arrivals = leads.table.arrivals();
        assert_eq!(arrivals[0], 9.0 * 60.0);
        assert!(arrivals.windows(2).all(|w| w[0] < w[1]));
        for &a in arrivals {
            let day = (a / MINUTES_PER_DAY).floor();
            let in_day = a - day * MINUTES_PER_DAY;
            assert!(day % 7.0 < 5.0, "{a} is on a weekend");
            assert!(
                (540.0..1020.0).contains(&in_day),
                "{a} is outside 09:00-17:00"
            );
            assert!(a < 13.0 * 7.0 * MINUTES_PER_DAY);
        }
        // The last lead lands in the last working day, so the spread covers all 13 weeks.
        let last_day = (arrivals[n - 1] / MINUTES_PER_DAY).floor();
        assert_eq!(last_day, 12.0 * 7.0 + 4.0);
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
        for extreme in [i64::MIN, i64::MAX, 0, -1] {
            let _ = format_timestamp(extreme);
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
