//! Numbers as people read them in reports and messages: thousands separated by commas.
//!
//! One helper for every place that prints a head count or a threshold, so "5,000" reads
//! the same in a diagram, a counterfactual's reasons and a simulation report.

/// A whole number with thousands separators: `5000` → `5,000`.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A value as a person reads it: a whole number with thousands separators (`5,000`,
/// `-1,200`), any other number as written (`0.6667`).
pub fn readable(value: f64) -> String {
    if value.fract() != 0.0 || value.abs() >= 1e15 {
        return value.to_string();
    }
    let whole = thousands(value.abs() as u64);
    if value < 0.0 {
        format!("-{whole}")
    } else {
        whole
    }
}

/// "1 day", "2 days", "-1 day": a count with the word that agrees with it.
pub fn plural(count: i64, one: &str, many: &str) -> String {
    if count.abs() == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_thousands_and_keeps_fractions() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(5000), "5,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(readable(-1200.0), "-1,200");
        assert_eq!(readable(0.6667), "0.6667");
    }
}
