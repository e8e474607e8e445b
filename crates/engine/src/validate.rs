//! Validation of scenario values, done once at the edge.
//!
//! Each section of a scenario checks itself and names the offending field by its path in the
//! scenario file (`process.reps[2].touches_per_day`), with what is allowed. Code past the edge
//! may then rely on the invariants checked here instead of re-checking them.

use std::fmt;

/// A value that is out of its allowed range, with its path in the scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Invalid {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

pub type Checked = Result<(), Invalid>;

pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Invalid {
    Invalid {
        path: path.into(),
        message: message.into(),
    }
}

/// `path` must be a finite number within `[lo, hi]`.
pub fn in_range(path: &str, value: f64, lo: f64, hi: f64, what: &str) -> Checked {
    if value.is_finite() && value >= lo && value <= hi {
        Ok(())
    } else {
        Err(invalid(
            path,
            format!("{what} must be between {lo} and {hi}, got {value}"),
        ))
    }
}

/// `path` must be a finite number strictly above `lo` and at most `hi`.
pub fn above(path: &str, value: f64, lo: f64, hi: f64, what: &str) -> Checked {
    if value.is_finite() && value > lo && value <= hi {
        Ok(())
    } else {
        Err(invalid(
            path,
            format!("{what} must be more than {lo} and at most {hi}, got {value}"),
        ))
    }
}

pub fn probability(path: &str, value: f64) -> Checked {
    in_range(path, value, 0.0, 1.0, "a probability")
}

pub fn not_blank(path: &str, value: &str, what: &str) -> Checked {
    if value.trim().is_empty() {
        Err(invalid(path, format!("{what} must not be empty")))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_field_and_the_range() {
        let e = in_range("process.sync_latency_minutes", -3.0, 0.0, 1e4, "a latency").unwrap_err();
        assert_eq!(
            e.to_string(),
            "process.sync_latency_minutes: a latency must be between 0 and 10000, got -3"
        );
        assert!(in_range("x", f64::NAN, 0.0, 1.0, "v").is_err());
        assert!(above("x", 0.0, 0.0, 1.0, "v").is_err());
        assert!(above("x", 1.0, 0.0, 1.0, "v").is_ok());
        assert!(probability("x", 1.01).is_err());
        assert!(not_blank("x", "  ", "a name").is_err());
    }
}
