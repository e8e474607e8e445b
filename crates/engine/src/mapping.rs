//! How a CRM export's columns and values become the fields the model knows, and which of its
//! columns says whether a lead converted.
//!
//! The scoring model and the market model name fields by the generator's vocabulary
//! (`industry` = `software`, `seniority` = `vp`, `region` = `emea`); an export says "Industry" =
//! "Computer Software", "Job Title" = "VP, Sales", "Country/Region" = "Germany". A [`Mapping`]
//! is part of the scenario: each [`FieldMap`] fills a model field from an export column,
//! translating values on the way, so that the same rules score generated and imported leads.
//! [`suggest`] recognises the usual HubSpot and Salesforce headers and values; the user edits the
//! rest.
//!
//! What this module must not do: guess silently. A mapped column the file lacks is an error
//! naming the columns it has; a field whose values all fell through the translation, or whose
//! column is empty, is a warning; an outcome that nobody reached is the caller's to report.

use serde::{Deserialize, Serialize};

use crate::conditions::{matches, Condition, Literal};
use crate::csv_leads::{parse_csv, CsvError, CsvLeads, CsvOptions};
use crate::leads::{Column, FieldKind, LeadTable, Value};
use crate::validate::{invalid, not_blank, words_to_look_for, Checked};

/// The export's columns as the model's fields, and the outcome to backtest against. Empty for
/// generated leads, and then not written to scenario files.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldMap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Columns read as another type than the reader infers (a zip code as text, a score
    /// exported with stray words as a number).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<ColumnType>,
}

/// One export column and the type it is read as.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnType {
    pub column: String,
    pub kind: FieldKind,
}

/// One model field filled from one export column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldMap {
    /// The field the model's rules name (`industry`, `company_size`, `seniority`…).
    pub field: String,
    /// The export's column, as its header spells it (compared ignoring case).
    pub column: String,
    /// Translations tried in order, the first that matches wins. Empty: values are copied.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<ValueMap>,
    /// What a value no translation matches becomes; `None` keeps it as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<String>,
}

impl FieldMap {
    /// The model value an exported value translates to: the first matching translation's, else
    /// `otherwise`; `None` when the value stays as exported.
    pub fn translate(&self, v: &Value) -> Option<&str> {
        self.values
            .iter()
            .find(|m| matches(&m.when, v))
            .map(|m| m.to.trim())
            .or(self.otherwise.as_deref().map(str::trim))
    }
}

/// "Computer Software" or "Information Technology and Services" → `software`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueMap {
    pub when: Condition,
    pub to: String,
}

/// Which leads converted: those whose `column` meets `when` (a lifecycle stage of SQL or
/// later, a "Became a Customer Date" filled in, "Converted" true).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub column: String,
    pub when: Condition,
}

/// The outcome read from a table: one flag per lead.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcomes {
    pub column: String,
    pub converted: Vec<bool>,
}

impl Outcomes {
    pub fn successes(&self) -> usize {
        self.converted.iter().filter(|c| **c).count()
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MappingError {
    #[error(
        "the mapping reads column '{column}' for {what}, but the file has no column of that \
         name; its columns are: {available}"
    )]
    NoSuchColumn {
        column: String,
        what: String,
        available: String,
    },
    #[error(
        "say which values of column '{column}' mean a lead converted (--success VALUE); it holds \
         {holds}"
    )]
    SuccessUnknown { column: String, holds: String },
}

/// An export read and mapped: the leads with their model fields, what the reading and the
/// mapping had to say, and the outcome where the mapping names one.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub leads: CsvLeads,
    /// The mapping used: the scenario's, or the suggested one when the scenario maps no field.
    pub mapping: Mapping,
    /// Whether `mapping` was suggested rather than the scenario's own.
    pub suggested: bool,
    /// How each mapped field's values translated, one sentence each.
    pub notes: Vec<String>,
    pub outcomes: Option<Outcomes>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Csv(#[from] CsvError),
    #[error(transparent)]
    Mapping(#[from] MappingError),
}

/// Reads an export and fills the model's fields. A scenario mapping no field gets the
/// suggested mapping (its outcome kept when it names one), so that a HubSpot or Salesforce
/// export scores with the default rules at once; `Imported::suggested` says so.
pub fn import(
    text: &str,
    options: &CsvOptions,
    mapping: &Mapping,
) -> Result<Imported, ImportError> {
    let options = CsvOptions {
        types: mapping.csv_types(),
        ..options.clone()
    };
    let mut leads = parse_csv(text, &options)?;
    let (mapping, suggested) = if mapping.fields.is_empty() {
        let mut m = suggest(&leads.table);
        if mapping.outcome.is_some() {
            m.outcome = mapping.outcome.clone();
        }
        m.types = mapping.types.clone();
        (m, true)
    } else {
        (mapping.clone(), false)
    };
    let outcomes = mapping.outcomes(&leads.table)?;
    let notes = mapping.apply(&mut leads.table)?;
    Ok(Imported {
        leads,
        mapping,
        suggested,
        notes,
        outcomes,
    })
}

impl Mapping {
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.outcome.is_none() && self.types.is_empty()
    }

    /// The column types to read an export with, as the CSV reader takes them.
    pub fn csv_types(&self) -> Vec<(String, FieldKind)> {
        self.types
            .iter()
            .map(|t| (t.column.clone(), t.kind))
            .collect()
    }

    pub fn validate(&self, path: &str) -> Checked {
        for (i, t) in self.types.iter().enumerate() {
            let p = format!("{path}.types[{i}]");
            not_blank(
                &format!("{p}.column"),
                &t.column,
                &format!(
                    "column type {} names no column: pick the export's column",
                    i + 1
                ),
            )?;
            if t.kind == FieldKind::Time {
                return Err(invalid(
                    format!("{p}.kind"),
                    format!(
                        "column {} cannot be made a date: dates are recognised as they are \
                         read; choose it as the arrival column instead, or read it as text",
                        t.column.trim()
                    ),
                ));
            }
        }
        for (i, f) in self.fields.iter().enumerate() {
            let p = format!("{path}.fields[{i}]");
            not_blank(
                &format!("{p}.field"),
                &f.field,
                &format!("mapping {} fills no field: enter the model's field", i + 1),
            )?;
            not_blank(
                &format!("{p}.column"),
                &f.column,
                &format!(
                    "the mapping for {} reads no column: pick the export's column",
                    f.field.trim()
                ),
            )?;
            if let Some(j) = self.fields[..i]
                .iter()
                .position(|g| g.field.trim().eq_ignore_ascii_case(f.field.trim()))
            {
                return Err(invalid(
                    format!("{p}.field"),
                    format!(
                        "field {} is filled twice, by mappings {} and {}; delete one",
                        f.field.trim(),
                        j + 1,
                        i + 1
                    ),
                ));
            }
            for (k, v) in f.values.iter().enumerate() {
                let what = format!("translation {} of {}", k + 1, f.field.trim());
                not_blank(
                    &format!("{p}.values[{k}].to"),
                    &v.to,
                    &format!("{what} gives no value: enter what the matching values become"),
                )?;
                check_condition(&format!("{p}.values[{k}].when"), &v.when, &what)?;
            }
        }
        if let Some(o) = &self.outcome {
            not_blank(
                &format!("{path}.outcome.column"),
                &o.column,
                "the outcome reads no column: pick the column that says a lead converted",
            )?;
            check_condition(&format!("{path}.outcome.when"), &o.when, "the outcome")?;
        }
        Ok(())
    }

    /// Fills the mapped fields in `table` (a mapped field takes the place of a column of its
    /// name, or comes last), and says for each field how its values translated.
    pub fn apply(&self, table: &mut LeadTable) -> Result<Vec<String>, MappingError> {
        let mut notes = Vec::new();
        // Every source column is read from the table as the file gave it, before any mapped
        // field replaces one: "Industry" → industry reads the export's own Industry.
        let sources: Vec<usize> = self
            .fields
            .iter()
            .map(|f| find_column(table, &f.column, &format!("field {}", f.field.trim())))
            .collect::<Result<_, _>>()?;
        let filled: Vec<(Column, Vec<Value>)> = self
            .fields
            .iter()
            .zip(&sources)
            .map(|(f, &c)| {
                let (column, values, note) = translate(f, table, c);
                notes.extend(note);
                (column, values)
            })
            .collect();
        for (column, values) in filled {
            table
                .set_column(column, values)
                .expect("a translated column has one value per lead");
        }
        Ok(notes)
    }

    /// The outcome of every lead, when the mapping names one.
    pub fn outcomes(&self, table: &LeadTable) -> Result<Option<Outcomes>, MappingError> {
        let Some(o) = &self.outcome else {
            return Ok(None);
        };
        let c = find_column(table, &o.column, "the outcome")?;
        Ok(Some(Outcomes {
            column: table.columns()[c].name.clone(),
            converted: table
                .column_values(c)
                .map(|v| matches(&o.when, v))
                .collect(),
        }))
    }

    /// Columns a model learnt from outcomes must not read: the outcome's own, columns an export
    /// fills in only once a lead has moved on (a stage, a status, a conversion or close date),
    /// and the export columns a mapping already turned into model fields (the field stands for
    /// them; learning from both would count the same evidence twice).
    pub fn not_predictors(&self, table: &LeadTable) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mapped: Vec<&str> = self.fields.iter().map(|f| f.field.trim()).collect();
        for col in table.columns() {
            let n = normalised(&col.name);
            let after_outcome = AFTER_OUTCOME.contains(&n.as_str())
                || n.starts_with("became a")
                || n.ends_with("converted date")
                || n.ends_with("close date");
            let is_outcome = self
                .outcome
                .as_ref()
                .is_some_and(|o| o.column.trim().eq_ignore_ascii_case(col.name.trim()));
            let is_source = self.fields.iter().any(|f| {
                f.column.trim().eq_ignore_ascii_case(col.name.trim())
                    && !mapped
                        .iter()
                        .any(|m| m.eq_ignore_ascii_case(col.name.trim()))
            });
            if after_outcome || is_outcome || is_source {
                out.push(col.name.clone());
            }
        }
        out
    }
}

fn check_condition(path: &str, when: &Condition, what: &str) -> Checked {
    match when {
        Condition::Contains { words } => words_to_look_for(&format!("{path}.words"), words, what),
        Condition::OneOf { values } if values.is_empty() => Err(invalid(
            format!("{path}.values"),
            format!("{what} lists no value to match: enter at least one"),
        )),
        _ => Ok(()),
    }
}

/// Column names compared as people write them: lower case, punctuation as single spaces
/// ("Country/Region" → "country region").
pub fn normalised(name: &str) -> String {
    crate::conditions::words_of(name).join(" ")
}

/// Columns that record what happened after a lead converted, by normalised name.
const AFTER_OUTCOME: [&str; 12] = [
    "lifecycle stage",
    "lifecyclestage",
    "lead status",
    "status",
    "converted",
    "is converted",
    "isconverted",
    "stage",
    "deal stage",
    "opportunity stage",
    "converted opportunity",
    "lead stage",
];

fn find_column(table: &LeadTable, name: &str, what: &str) -> Result<usize, MappingError> {
    table
        .column_index(name)
        .ok_or_else(|| MappingError::NoSuchColumn {
            column: name.trim().to_string(),
            what: what.to_string(),
            available: column_list(table),
        })
}

/// The table's columns for a message: the first dozen, then how many more.
fn column_list(table: &LeadTable) -> String {
    let names: Vec<&str> = table.columns().iter().map(|c| c.name.as_str()).collect();
    let shown = names
        .iter()
        .take(12)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    match names.len() {
        0 => "none".into(),
        n if n > 12 => format!("{shown} and {} more", n - 12),
        _ => shown,
    }
}

/// One field's column, translated, with a note on how the values fell.
fn translate(f: &FieldMap, table: &LeadTable, c: usize) -> (Column, Vec<Value>, Option<String>) {
    let source = &table.columns()[c];
    let field = f.field.trim().to_string();
    if f.values.is_empty() {
        let values: Vec<Value> = table.column_values(c).cloned().collect();
        let present = values
            .iter()
            .filter(|v| !matches!(v, Value::Missing))
            .count();
        let note = (present == 0).then(|| {
            format!(
                "{field} is empty for every lead: column {} has no values",
                source.name
            )
        });
        let column = Column {
            name: field,
            kind: source.kind,
        };
        return (column, values, note);
    }
    let (mut translated, mut fell_through, mut empty) = (0usize, 0usize, 0usize);
    let values: Vec<Value> = table
        .column_values(c)
        .map(|v| {
            if matches!(v, Value::Missing) {
                empty += 1;
                return Value::Missing;
            }
            if f.values.iter().any(|m| matches(&m.when, v)) {
                translated += 1;
            } else {
                fell_through += 1;
            }
            Value::Text(f.translate(v).map_or_else(|| v.to_string(), str::to_string))
        })
        .collect();
    let leads = table.len();
    let note = if translated + fell_through == 0 {
        Some(format!(
            "{field} is empty for every lead: column {} has no values",
            source.name
        ))
    } else if translated == 0 {
        Some(format!(
            "no value of column {} matched a translation for {field}, so every lead's {field} is {}; \
             add translations for its values",
            source.name,
            f.otherwise
                .as_deref()
                .map_or("its value as exported".to_string(), |o| format!("'{}'", o.trim()))
        ))
    } else {
        Some(format!(
            "{field} from column {}: {translated} of {leads} leads translated{}{}",
            source.name,
            match (fell_through, &f.otherwise) {
                (0, _) => String::new(),
                (n, Some(o)) => format!(", {n} became '{}'", o.trim()),
                (n, None) => format!(", {n} kept as exported"),
            },
            if empty > 0 {
                format!(", {empty} empty")
            } else {
                String::new()
            }
        ))
    };
    // Translated values are words, whatever the column held before.
    let column = Column {
        name: field,
        kind: FieldKind::Text,
    };
    (column, values, note)
}

/// The outcome a CLI user names: a column, and the values that mean success. Without values,
/// a yes/no or 0/1 column succeeds on yes, a date column when filled in, and a text column on a
/// value that plainly means it (Closed Won, Converted, customer); otherwise the user must say.
pub fn outcome_from(
    table: &LeadTable,
    column: &str,
    success: &[String],
) -> Result<Outcome, MappingError> {
    let c = find_column(table, column, "the outcome")?;
    let name = table.columns()[c].name.clone();
    if !success.is_empty() {
        return Ok(Outcome {
            column: name,
            when: Condition::OneOf {
                values: success.iter().map(|s| Literal::Text(s.clone())).collect(),
            },
        });
    }
    let when = match table.columns()[c].kind {
        FieldKind::Bool | FieldKind::Number => Condition::Equals {
            value: Literal::Bool(true),
        },
        FieldKind::Time => Condition::Present,
        FieldKind::Text => {
            // A column the exports use for outcomes reads as they mean it (SQL or later).
            if let Some(o) = suggest_outcome(table).filter(|o| o.column == name) {
                return Ok(o);
            }
            let held = distinct_texts(table, c);
            let plain: Vec<Literal> = held
                .iter()
                .filter(|(v, _)| PLAIN_SUCCESS.contains(&normalised(v).as_str()))
                .map(|(v, _)| Literal::Text(v.clone()))
                .collect();
            if plain.is_empty() {
                let holds = held
                    .iter()
                    .take(8)
                    .map(|(v, n)| format!("'{v}' ({n})"))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(MappingError::SuccessUnknown {
                    column: name,
                    holds: if held.is_empty() {
                        "no values".into()
                    } else {
                        holds
                    },
                });
            }
            Condition::OneOf { values: plain }
        }
    };
    Ok(Outcome { column: name, when })
}

/// Values that mean a lead converted whatever the export, by normalised spelling.
const PLAIN_SUCCESS: [&str; 10] = [
    "closed won",
    "closedwon",
    "won",
    "closed converted",
    "converted",
    "customer",
    "yes",
    "true",
    "qualified",
    "sql",
];

/// A text column's values with their counts, most frequent first (ties by first spelling).
fn distinct_texts(table: &LeadTable, c: usize) -> Vec<(String, usize)> {
    let mut seen: Vec<(String, usize)> = Vec::new();
    for v in table.column_values(c) {
        if let Value::Text(s) = v {
            let s = s.trim();
            match seen.iter_mut().find(|(t, _)| t.eq_ignore_ascii_case(s)) {
                Some((_, n)) => *n += 1,
                None => seen.push((s.to_string(), 1)),
            }
        }
    }
    seen.sort_by_key(|s| std::cmp::Reverse(s.1));
    seen
}

// ---------------------------------------------------------------------------------------------
// Built-in mappings for the usual exports.

/// The mapping Funnel Lab proposes for an export: each model field the table lacks, filled from
/// the first column whose header is one of the usual names for it (HubSpot's and Salesforce's
/// among them), with the usual values translated; and the outcome, from a lifecycle stage of
/// SQL or later, a conversion flag, a customer date or a won stage, in that order.
pub fn suggest(table: &LeadTable) -> Mapping {
    let mut fields = Vec::new();
    for role in &ROLES {
        let has_field = table.column_index(role.field).is_some_and(|c| {
            // A column of the field's own name is the field already, unless its values need
            // translating ("Industry" = "Computer Software").
            role.values.is_none() || already_translated(table, c, role)
        });
        if has_field {
            continue;
        }
        let Some(c) = table.columns().iter().position(|col| {
            role.headers.contains(&normalised(&col.name).as_str()) && fits(role, col.kind)
        }) else {
            continue;
        };
        fields.push(FieldMap {
            field: role.field.to_string(),
            column: table.columns()[c].name.clone(),
            values: role.values.map(|v| v()).unwrap_or_default(),
            otherwise: role.otherwise.map(str::to_string),
        });
    }
    Mapping {
        types: Vec::new(),
        fields,
        outcome: suggest_outcome(table),
    }
}

fn fits(role: &Role, kind: FieldKind) -> bool {
    match role.kind {
        FieldKind::Number => kind == FieldKind::Number,
        FieldKind::Bool => matches!(kind, FieldKind::Bool | FieldKind::Number),
        FieldKind::Time => matches!(kind, FieldKind::Time | FieldKind::Number),
        FieldKind::Text => kind == FieldKind::Text,
    }
}

/// Whether a column named like the field already holds the model's values (the generator's own
/// sample written out and read back): most of its values are among the translations' targets.
fn already_translated(table: &LeadTable, c: usize, role: &Role) -> bool {
    let Some(values) = role.values else {
        return true;
    };
    let targets: Vec<String> = values().into_iter().map(|v| v.to).collect();
    let (mut present, mut known) = (0usize, 0usize);
    for v in table.column_values(c) {
        if let Value::Text(s) = v {
            present += 1;
            known += usize::from(targets.iter().any(|t| t.eq_ignore_ascii_case(s.trim())));
        }
    }
    present > 0 && known * 10 >= present * 9
}

/// The outcome an export most likely records, if any (see [`suggest`]).
pub fn suggest_outcome(table: &LeadTable) -> Option<Outcome> {
    let find = |names: &[&str]| {
        table
            .columns()
            .iter()
            .find(|col| names.contains(&normalised(&col.name).as_str()))
    };
    let texts = |values: &[&str]| Condition::OneOf {
        values: values
            .iter()
            .map(|v| Literal::Text(v.to_string()))
            .collect(),
    };
    if let Some(col) = find(&["lifecycle stage", "lifecyclestage"]) {
        return Some(Outcome {
            column: col.name.clone(),
            when: texts(&[
                "salesqualifiedlead",
                "sales qualified lead",
                "opportunity",
                "customer",
                "evangelist",
            ]),
        });
    }
    if let Some(col) = find(&[
        "converted",
        "is converted",
        "isconverted",
        "became a customer",
    ]) {
        return Some(Outcome {
            column: col.name.clone(),
            when: match col.kind {
                FieldKind::Time => Condition::Present,
                FieldKind::Text => texts(&["true", "yes", "1", "converted"]),
                FieldKind::Bool | FieldKind::Number => Condition::Equals {
                    value: Literal::Bool(true),
                },
            },
        });
    }
    if let Some(col) = find(&["became a customer date", "converted date"]) {
        return Some(Outcome {
            column: col.name.clone(),
            when: Condition::Present,
        });
    }
    if let Some(col) = find(&["lead status", "status"]) {
        return Some(Outcome {
            column: col.name.clone(),
            when: texts(&["Closed - Converted", "Converted", "Qualified"]),
        });
    }
    find(&["stage", "deal stage", "opportunity stage"]).map(|col| Outcome {
        column: col.name.clone(),
        when: texts(&["Closed Won", "closedwon", "Won"]),
    })
}

/// A field the model knows, the headers exports give it, and how their values translate.
struct Role {
    field: &'static str,
    kind: FieldKind,
    /// Normalised header names, most specific first.
    headers: &'static [&'static str],
    values: Option<fn() -> Vec<ValueMap>>,
    otherwise: Option<&'static str>,
}

/// The model's fields in the generator's vocabulary (see `generator.rs`).
const ROLES: [Role; 12] = [
    Role {
        field: "industry",
        kind: FieldKind::Text,
        headers: &["industry", "company industry", "account industry"],
        values: Some(industry_values),
        otherwise: Some("other"),
    },
    Role {
        field: "company_size",
        kind: FieldKind::Number,
        headers: &[
            "number of employees",
            "employees",
            "company size",
            "employee count",
            "no of employees",
            "numberofemployees",
            "company employees",
        ],
        values: None,
        otherwise: None,
    },
    Role {
        field: "seniority",
        kind: FieldKind::Text,
        headers: &[
            "job title",
            "title",
            "jobtitle",
            "job level",
            "seniority level",
        ],
        values: Some(seniority_values),
        otherwise: Some("individual"),
    },
    Role {
        field: "region",
        kind: FieldKind::Text,
        headers: &[
            "country region",
            "country",
            "country name",
            "billing country",
            "ip country",
            "region",
        ],
        values: Some(region_values),
        otherwise: None,
    },
    Role {
        field: "channel",
        kind: FieldKind::Text,
        headers: &[
            "original source",
            "lead source",
            "source",
            "original source type",
        ],
        values: Some(channel_values),
        otherwise: None,
    },
    Role {
        field: "days_since_last_activity",
        kind: FieldKind::Time,
        headers: &[
            "last activity date",
            "last activity",
            "last engagement date",
            "last activity at",
            "days since last activity",
        ],
        values: None,
        otherwise: None,
    },
    Role {
        field: "email_clicks",
        kind: FieldKind::Number,
        headers: &["marketing emails clicked", "email clicks", "emails clicked"],
        values: None,
        otherwise: None,
    },
    Role {
        field: "web_visits",
        kind: FieldKind::Number,
        headers: &[
            "number of sessions",
            "sessions",
            "web visits",
            "website visits",
        ],
        values: None,
        otherwise: None,
    },
    Role {
        field: "pricing_page_visits",
        kind: FieldKind::Number,
        headers: &["pricing page visits", "pricing page views"],
        values: None,
        otherwise: None,
    },
    Role {
        field: "content_downloads",
        kind: FieldKind::Number,
        headers: &[
            "content downloads",
            "number of form submissions",
            "form submissions",
        ],
        values: None,
        otherwise: None,
    },
    Role {
        field: "webinar_attended",
        kind: FieldKind::Bool,
        headers: &["webinar attended", "attended webinar"],
        values: None,
        otherwise: None,
    },
    Role {
        field: "demo_requested",
        kind: FieldKind::Bool,
        headers: &["demo requested", "requested demo"],
        values: None,
        otherwise: None,
    },
];

/// The names exports give a field's roles, for the page's column picker.
pub fn model_fields() -> impl Iterator<Item = (&'static str, FieldKind)> {
    ROLES.iter().map(|r| (r.field, r.kind))
}

fn one_of(to: &str, values: &[&str]) -> ValueMap {
    ValueMap {
        when: Condition::OneOf {
            values: values
                .iter()
                .map(|v| Literal::Text(v.to_string()))
                .collect(),
        },
        to: to.into(),
    }
}

fn contains(to: &str, words: &[&str]) -> ValueMap {
    ValueMap {
        when: Condition::Contains {
            words: words.iter().map(|w| w.to_string()).collect(),
        },
        to: to.into(),
    }
}

/// HubSpot's industry list and Salesforce's picklist, onto the generator's industries.
fn industry_values() -> Vec<ValueMap> {
    vec![
        one_of(
            "software",
            &[
                "software",
                "Computer Software",
                "Information Technology and Services",
                "Internet",
                "Technology",
                "Computer & Network Security",
                "Computer Networking",
            ],
        ),
        one_of(
            "financial_services",
            &[
                "financial_services",
                "Financial Services",
                "Finance",
                "Banking",
                "Insurance",
                "Investment Management",
                "Accounting",
            ],
        ),
        one_of(
            "healthcare",
            &[
                "healthcare",
                "Hospital & Health Care",
                "Healthcare",
                "Medical Devices",
                "Pharmaceuticals",
                "Health, Wellness and Fitness",
                "Biotechnology",
            ],
        ),
        one_of(
            "manufacturing",
            &[
                "manufacturing",
                "Mechanical or Industrial Engineering",
                "Machinery",
                "Industrial Automation",
                "Automotive",
                "Electrical/Electronic Manufacturing",
                "Electronics",
                "Engineering",
                "Chemicals",
            ],
        ),
        one_of(
            "retail",
            &["retail", "Consumer Goods", "Apparel & Fashion", "Apparel"],
        ),
        one_of(
            "education",
            &[
                "education",
                "Higher Education",
                "Education Management",
                "E-Learning",
                "Primary/Secondary Education",
            ],
        ),
        one_of(
            "government",
            &["government", "Government Administration", "Public Policy"],
        ),
    ]
}

/// Job titles onto seniority, by their words; the first match wins, so "Vice President" is a VP
/// before "President" makes it C-level.
fn seniority_values() -> Vec<ValueMap> {
    vec![
        contains("student", &["student", "intern", "trainee"]),
        contains(
            "vp",
            &[
                "vp",
                "svp",
                "evp",
                "avp",
                "vice president",
                "head of",
                "head",
            ],
        ),
        contains(
            "c_level",
            &[
                "c level",
                "chief",
                "ceo",
                "cto",
                "cfo",
                "coo",
                "cmo",
                "cio",
                "cro",
                "founder",
                "cofounder",
                "owner",
                "president",
                "partner",
            ],
        ),
        contains("director", &["director"]),
        contains("manager", &["manager", "lead", "supervisor"]),
        contains("individual", &["individual"]),
    ]
}

/// Countries onto the generator's regions.
fn region_values() -> Vec<ValueMap> {
    vec![
        one_of(
            "north_america",
            &[
                "north_america",
                "United States",
                "USA",
                "US",
                "United States of America",
                "Canada",
            ],
        ),
        one_of(
            "emea",
            &[
                "emea",
                "United Kingdom",
                "UK",
                "Germany",
                "France",
                "Netherlands",
                "Spain",
                "Italy",
                "Sweden",
                "Ireland",
                "Switzerland",
                "Belgium",
                "Denmark",
                "Norway",
                "Finland",
                "Poland",
                "Austria",
                "Portugal",
                "Israel",
                "United Arab Emirates",
                "South Africa",
            ],
        ),
        one_of(
            "apac",
            &[
                "apac",
                "Australia",
                "Singapore",
                "Japan",
                "India",
                "China",
                "Hong Kong",
                "South Korea",
                "New Zealand",
                "Indonesia",
                "Philippines",
                "Malaysia",
            ],
        ),
        one_of(
            "latam",
            &[
                "latam",
                "Brazil",
                "Mexico",
                "Argentina",
                "Chile",
                "Colombia",
                "Peru",
            ],
        ),
    ]
}

/// HubSpot's original sources and Salesforce's lead sources onto the generator's channels.
fn channel_values() -> Vec<ValueMap> {
    vec![
        one_of(
            "organic_search",
            &["organic_search", "Organic Search", "Web"],
        ),
        one_of(
            "paid_search",
            &["paid_search", "Paid Search", "Advertisement"],
        ),
        one_of("paid_social", &["paid_social", "Paid Social"]),
        one_of("email", &["email", "Email Marketing"]),
        one_of(
            "events",
            &[
                "events",
                "Offline Sources",
                "Trade Show",
                "Webinar",
                "Seminar - Internal",
                "Seminar - Partner",
            ],
        ),
        one_of(
            "referral",
            &[
                "referral",
                "Referrals",
                "Employee Referral",
                "External Referral",
                "Word of mouth",
            ],
        ),
        one_of("partner", &["partner", "Partner Referral", "Partner"]),
        one_of(
            "content_syndication",
            &["content_syndication", "Purchased List"],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    const HUBSPOT: &str = "\u{feff}\"Record ID\",\"Job Title\",\"Industry\",\"Number of Employees\",\"Country/Region\",\"Create Date\",\"Lifecycle Stage\"\n\
        \"1\",\"VP, Sales\",\"Computer Software\",\"250\",\"Germany\",\"2026-01-05 10:00\",\"customer\"\n\
        \"2\",\"Vice President of Marketing\",\"Banking\",\"40\",\"United States\",\"2026-01-06 11:00\",\"lead\"\n\
        \"3\",\"Software Engineer\",\"Farming\",\"\",\"Narnia\",\"2026-01-07 09:30\",\"salesqualifiedlead\"\n\
        \"4\",\"\",\"\",\"12\",\"Japan\",\"2026-01-08 09:30\",\"subscriber\"\n";

    fn text(t: &LeadTable, field: &str) -> Vec<String> {
        let c = t.column_index(field).unwrap();
        t.column_values(c).map(|v| v.to_string()).collect()
    }

    #[test]
    fn a_hubspot_export_maps_onto_the_model_fields() {
        let imported = import(HUBSPOT, &CsvOptions::default(), &Mapping::default()).unwrap();
        assert!(imported.suggested);
        let fields: Vec<(&str, &str)> = imported
            .mapping
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.column.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("industry", "Industry"),
                ("company_size", "Number of Employees"),
                ("seniority", "Job Title"),
                ("region", "Country/Region"),
            ]
        );
        let t = &imported.leads.table;
        assert_eq!(
            text(t, "industry"),
            ["software", "financial_services", "other", ""]
        );
        assert_eq!(text(t, "seniority"), ["vp", "vp", "individual", ""]);
        assert_eq!(
            text(t, "region"),
            ["emea", "north_america", "Narnia", "apac"]
        );
        assert_eq!(text(t, "company_size"), ["250", "40", "", "12"]);
        // The export's own columns stay for rules that name them.
        assert!(t.column_index("Job Title").is_some());
        let outcomes = imported.outcomes.unwrap();
        assert_eq!(outcomes.column, "Lifecycle Stage");
        assert_eq!(outcomes.converted, [true, false, true, false]);
        assert!(imported.notes.iter().any(|n| {
            n == "industry from column Industry: 2 of 4 leads translated, 1 became 'other', 1 empty"
        }));
    }

    /// A Salesforce Leads report as "Details Only" CSV: no BOM, quotes only where needed, the
    /// standard picklists' values, "Converted" as 1/0.
    const SALESFORCE: &str = "Lead ID,Title,Company / Account,Industry,No. of Employees,Country,Lead Source,Lead Status,Converted,Create Date\n\
        00Q1,\"VP, Sales\",\"Smith, Barney & Co.\",Biotechnology,250,Germany,External Referral,Closed - Converted,1,2026-01-05 10:00\n\
        00Q2,Managing Director,Globex,Apparel,40,United States,Seminar - Partner,Working - Contacted,0,2026-01-06 11:00\n\
        00Q3,Team Lead,Initech,Electronics,,Brazil,Phone Inquiry,Closed - Not Converted,0,2026-01-07 09:30\n\
        00Q4,,Hooli,Not For Profit,12,,Word of mouth,Closed - Converted,1,2026-01-08 09:30\n";

    #[test]
    fn a_salesforce_export_maps_onto_the_model_fields() {
        let imported = import(SALESFORCE, &CsvOptions::default(), &Mapping::default()).unwrap();
        let fields: Vec<(&str, &str)> = imported
            .mapping
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.column.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("industry", "Industry"),
                ("company_size", "No. of Employees"),
                ("seniority", "Title"),
                ("region", "Country"),
                ("channel", "Lead Source"),
            ]
        );
        let t = &imported.leads.table;
        assert_eq!(
            text(t, "industry"),
            ["healthcare", "retail", "manufacturing", "other"]
        );
        // "Managing Director" reads as a director: the words cannot tell the head of a firm.
        assert_eq!(text(t, "seniority"), ["vp", "director", "manager", ""]);
        assert_eq!(text(t, "region"), ["emea", "north_america", "latam", ""]);
        // A source with no channel of the generator's stays as exported.
        assert_eq!(
            text(t, "channel"),
            ["referral", "events", "Phone Inquiry", "referral"]
        );
        let outcomes = imported.outcomes.unwrap();
        assert_eq!(outcomes.column, "Converted");
        assert_eq!(outcomes.converted, [true, false, false, true]);
        // The status column says the same when named on the command line.
        let leads = parse_csv(SALESFORCE, &CsvOptions::default()).unwrap().table;
        let by_status = Mapping {
            types: Vec::new(),
            fields: vec![],
            outcome: Some(outcome_from(&leads, "Lead Status", &[]).unwrap()),
        };
        assert_eq!(
            by_status.outcomes(&leads).unwrap().unwrap().converted,
            outcomes.converted
        );
        // Without a Converted column the status is the outcome: the same file, each line's
        // next-to-last cell (the flag) dropped.
        let no_flag = SALESFORCE
            .lines()
            .map(|l| l.rsplitn(3, ',').collect::<Vec<_>>())
            .map(|p| format!("{},{}\n", p[2], p[0]))
            .collect::<String>();
        let leads = parse_csv(&no_flag, &CsvOptions::default()).unwrap().table;
        let o = suggest_outcome(&leads).unwrap();
        assert_eq!(o.column, "Lead Status");
        let m = Mapping {
            types: Vec::new(),
            fields: vec![],
            outcome: Some(o),
        };
        assert_eq!(
            m.outcomes(&leads).unwrap().unwrap().converted,
            [true, false, false, true]
        );
    }

    #[test]
    fn a_mapping_reads_the_columns_as_exported() {
        // "Industry" → industry replaces the column of that name (names ignore case), yet it is
        // read before it is replaced.
        let mapping = Mapping {
            types: Vec::new(),
            fields: vec![FieldMap {
                field: "industry".into(),
                column: "industry".into(),
                values: vec![one_of("fin", &["banking"])],
                otherwise: None,
            }],
            outcome: None,
        };
        let imported = import(HUBSPOT, &CsvOptions::default(), &mapping).unwrap();
        assert!(!imported.suggested);
        let t = &imported.leads.table;
        assert_eq!(
            text(t, "Industry"),
            ["Computer Software", "fin", "Farming", ""]
        );
        assert_eq!(t.columns().len(), 7);
    }

    #[test]
    fn problems_are_named() {
        let mapping = Mapping {
            types: Vec::new(),
            fields: vec![FieldMap {
                field: "seniority".into(),
                column: "Title".into(),
                values: vec![],
                otherwise: None,
            }],
            outcome: None,
        };
        let e = import(HUBSPOT, &CsvOptions::default(), &mapping).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the mapping reads column 'Title' for field seniority, but the file has no column \
             of that name; its columns are: Record ID, Job Title, Industry, Number of \
             Employees, Country/Region, Create Date, Lifecycle Stage"
        );
        let nothing = Mapping {
            types: Vec::new(),
            fields: vec![FieldMap {
                field: "industry".into(),
                column: "Industry".into(),
                values: vec![one_of("x", &["nothing like it"])],
                otherwise: Some("other".into()),
            }],
            outcome: None,
        };
        let imported = import(HUBSPOT, &CsvOptions::default(), &nothing).unwrap();
        assert_eq!(
            imported.notes,
            [
                "no value of column Industry matched a translation for industry, so every lead's \
              industry is 'other'; add translations for its values"
            ]
        );
    }

    #[test]
    fn outcomes_named_on_the_command_line() {
        let leads = parse_csv(HUBSPOT, &CsvOptions::default()).unwrap().table;
        let sql_or_later = outcome_from(&leads, "lifecycle stage", &[]).unwrap();
        assert_eq!(Some(&sql_or_later), suggest(&leads).outcome.as_ref());
        let o = outcome_from(&leads, "Job Title", &[]).unwrap_err();
        assert_eq!(
            o.to_string(),
            "say which values of column 'Job Title' mean a lead converted (--success VALUE); it \
             holds 'VP, Sales' (1), 'Vice President of Marketing' (1), 'Software Engineer' (1)"
        );
        let o = outcome_from(&leads, "Lifecycle Stage", &["Customer".into()]).unwrap();
        let m = Mapping {
            types: Vec::new(),
            fields: vec![],
            outcome: Some(o),
        };
        assert_eq!(
            m.outcomes(&leads).unwrap().unwrap().converted,
            [true, false, false, false]
        );
        let o = outcome_from(&leads, "Create Date", &[]).unwrap();
        assert_eq!(o.when, Condition::Present);
    }

    #[test]
    fn columns_filled_after_the_outcome_are_not_predictors() {
        let leads = parse_csv(HUBSPOT, &CsvOptions::default()).unwrap().table;
        let m = suggest(&leads);
        assert_eq!(
            m.not_predictors(&leads),
            [
                "Job Title",
                "Number of Employees",
                "Country/Region",
                "Lifecycle Stage"
            ]
        );
    }

    #[test]
    fn validation_names_the_mapping() {
        let mut m = Mapping {
            types: Vec::new(),
            fields: vec![
                FieldMap {
                    field: "industry".into(),
                    column: "Industry".into(),
                    values: vec![],
                    otherwise: None,
                },
                FieldMap {
                    field: "Industry".into(),
                    column: "Sector".into(),
                    values: vec![],
                    otherwise: None,
                },
            ],
            outcome: None,
        };
        let e = m.validate("mapping").unwrap_err();
        assert_eq!(e.path, "mapping.fields[1].field");
        m.fields.pop();
        m.fields[0].values = vec![contains("x", &["  "])];
        let e = m.validate("mapping").unwrap_err();
        assert_eq!(e.path, "mapping.fields[0].values[0].when.words[0]");
    }

    #[test]
    fn the_mapping_says_how_a_column_is_read_and_keeps_saying_it() {
        let text = "Zip,Industry\n02134,Computer Software\n10001,Banking\n";
        let mapping = Mapping {
            types: vec![ColumnType {
                column: "zip".into(),
                kind: FieldKind::Text,
            }],
            ..Mapping::default()
        };
        let imported = import(text, &CsvOptions::default(), &mapping).unwrap();
        let t = &imported.leads.table;
        let zip = t.column_index("Zip").unwrap();
        assert_eq!(t.columns()[zip].kind, FieldKind::Text);
        assert_eq!(t.row(0)[zip], Value::Text("02134".into()));
        // The suggested mapping it fell back on keeps the choice, and so does the scenario.
        assert!(imported.suggested);
        assert_eq!(imported.mapping.types, mapping.types);
        // A date cannot be chosen: dates are recognised as they are read.
        let dated = Mapping {
            types: vec![ColumnType {
                column: "Zip".into(),
                kind: FieldKind::Time,
            }],
            ..Mapping::default()
        };
        let e = dated.validate("mapping").unwrap_err();
        assert_eq!(e.path, "mapping.types[0].kind");
    }
}
