//! Reading records: CSV text into a header and rows of trimmed cells, before any typing.
//!
//! This is where the file's shape is checked (a named, distinct header; every row as wide as the
//! header; quotes closed), with each problem reported on the line a text editor shows. What this
//! module must not do: interpret a cell (that is [`infer`](super::infer)'s job) or drop a row
//! without counting it, so the caller can say what was skipped.

use std::collections::HashMap;

use super::CsvError;

/// Records between two calls of a reading's progress callback.
pub(super) const PROGRESS_EVERY: usize = 5_000;

/// The header and data rows as trimmed text, before any typing.
pub(super) struct RawTable {
    pub(super) header: Vec<String>,
    pub(super) header_line: u64,
    pub(super) rows: Vec<Vec<String>>,
    /// The line each row starts on, for error messages.
    pub(super) lines: Vec<u64>,
    /// Rows holding only separators, which were left out of `rows`.
    pub(super) skipped_empty: usize,
    pub(super) first_skipped_line: u64,
}

/// Picks the delimiter from the header line: whichever of comma, semicolon and tab occurs most
/// often outside quotes (comma on a tie). Lines holding only separators and whitespace are not
/// the header, matching how [`read_records`] skips them.
pub(super) fn detect_delimiter(text: &str) -> u8 {
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

/// Splits the text into the header (the first line with a value) and data rows. Blank lines are
/// dropped; rows of bare separators after the header are dropped too, and counted.
/// `progress` hears the number of bytes read so far every [`PROGRESS_EVERY`] records.
pub(super) fn read_records(
    text: &str,
    delimiter: u8,
    progress: &mut dyn FnMut(usize),
) -> Result<RawTable, CsvError> {
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
        if rows.len() % PROGRESS_EVERY == PROGRESS_EVERY - 1 {
            progress(start);
        }
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

#[cfg(test)]
mod tests {
    use super::super::tests::{kind, parse, parse_ok, t, values, N};
    use crate::leads::FieldKind;

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
}
