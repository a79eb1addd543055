//! CSV tables as spreadsheets and pandas read them (RFC 4180): a header row, CRLF line
//! ends, fields holding a comma, quote or line break quoted, quotes doubled.
//!
//! Every CSV regsim writes goes through [`table`], so they all end lines the same way.
//! Each column holds one kind of value (a count, a number, a date, a word), never a mix,
//! so a column reads as one type; an empty field means "none".

/// A CSV field: quoted when it holds a separator, a quote or a line break.
pub fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A header row and data rows, each line ended by CRLF.
pub fn table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = header
        .iter()
        .map(|name| field(name))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    for row in rows {
        debug_assert_eq!(
            row.len(),
            header.len(),
            "a CSV row has one field per column"
        );
        let fields: Vec<String> = row.iter().map(|cell| field(cell)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_separators_are_quoted() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn lines_end_in_crlf() {
        let csv = table(&["a", "b"], [vec!["1".into(), "x, y".into()]]);
        assert_eq!(csv, "a,b\r\n1,\"x, y\"\r\n");
    }
}
