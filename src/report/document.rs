//! A small report document rendered two ways: aligned text for a terminal, and Markdown.
//!
//! The `paths` and `rules diff` reports build one [`Document`] of headings, paragraphs,
//! lists and tables, and render it as either format, so the two never drift apart. Text
//! tables use [`super::table::Table`]; Markdown tables escape the characters that would
//! break a pipe table.

use super::table::Table;

/// One block of a report.
#[derive(Clone, Debug)]
enum Block {
    Heading(u8, String),
    Paragraph(String),
    List(Vec<String>),
    Outline(Vec<(String, Vec<String>)>),
    Table(Vec<String>, Vec<Vec<String>>),
}

/// A report as a sequence of blocks.
#[derive(Clone, Debug, Default)]
pub struct Document {
    blocks: Vec<Block>,
}

impl Document {
    /// An empty document.
    pub fn new() -> Document {
        Document::default()
    }

    /// A heading: level 1 for the title, 2 for sections, 3 for subsections.
    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(Block::Heading(level, text.into()));
    }

    /// A paragraph.
    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(text.into()));
    }

    /// A bulleted list (nothing when empty).
    pub fn list(&mut self, items: Vec<String>) {
        if !items.is_empty() {
            self.blocks.push(Block::List(items));
        }
    }

    /// A list whose items each have indented detail lines (nothing when empty).
    pub fn outline(&mut self, items: Vec<(String, Vec<String>)>) {
        if !items.is_empty() {
            self.blocks.push(Block::Outline(items));
        }
    }

    /// A table with a header row (nothing when it has no rows).
    pub fn table<S: Into<String>>(
        &mut self,
        header: impl IntoIterator<Item = S>,
        rows: Vec<Vec<String>>,
    ) {
        if !rows.is_empty() {
            let header = header.into_iter().map(Into::into).collect();
            self.blocks.push(Block::Table(header, rows));
        }
    }

    /// Aligned plain text.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut after_rows = false;
        for block in &self.blocks {
            // A blank line between a table or list and the paragraph that follows it.
            if after_rows && matches!(block, Block::Paragraph(_)) {
                out.push('\n');
            }
            after_rows = matches!(block, Block::List(_) | Block::Outline(_) | Block::Table(..));
            match block {
                Block::Heading(level, text) => {
                    if !out.is_empty() {
                        out.push('\n');
                    }
                    out.push_str(text);
                    out.push('\n');
                    let rule = match level {
                        1 => Some('='),
                        2 => Some('-'),
                        _ => None,
                    };
                    if let Some(rule) = rule {
                        out.extend(std::iter::repeat_n(rule, text.chars().count()));
                        out.push('\n');
                    }
                }
                Block::Paragraph(text) => {
                    out.push_str(text);
                    out.push('\n');
                }
                Block::List(items) => {
                    for item in items {
                        out.push_str("  - ");
                        out.push_str(item);
                        out.push('\n');
                    }
                }
                Block::Outline(items) => {
                    for (item, details) in items {
                        out.push_str("  - ");
                        out.push_str(item);
                        out.push('\n');
                        for detail in details {
                            out.push_str("      ");
                            out.push_str(detail);
                            out.push('\n');
                        }
                    }
                }
                Block::Table(header, rows) => {
                    let mut table = Table::new(header.clone());
                    for row in rows {
                        table.row(row.clone());
                    }
                    out.push_str(&table.render("  "));
                }
            }
        }
        out
    }

    /// GitHub-flavoured Markdown.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            if !out.is_empty() {
                out.push('\n');
            }
            match block {
                Block::Heading(level, text) => {
                    out.extend(std::iter::repeat_n('#', (*level).clamp(1, 6) as usize));
                    out.push(' ');
                    out.push_str(&inline(text));
                    out.push('\n');
                }
                Block::Paragraph(text) => {
                    out.push_str(&inline(text));
                    out.push('\n');
                }
                Block::List(items) => {
                    for item in items {
                        out.push_str("- ");
                        out.push_str(&inline(item));
                        out.push('\n');
                    }
                }
                Block::Outline(items) => {
                    for (item, details) in items {
                        out.push_str("- ");
                        out.push_str(&inline(item));
                        out.push('\n');
                        for detail in details {
                            out.push_str("  - ");
                            out.push_str(&inline(detail));
                            out.push('\n');
                        }
                    }
                }
                Block::Table(header, rows) => {
                    let line = |cells: &[String]| {
                        let cells: Vec<String> = cells.iter().map(|cell| cell_text(cell)).collect();
                        format!("| {} |\n", cells.join(" | "))
                    };
                    out.push_str(&line(header));
                    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
                    for row in rows {
                        out.push_str(&line(row));
                    }
                }
            }
        }
        out
    }
}

/// Text safe to place in a Markdown paragraph or heading: no raw HTML, no line breaks.
fn inline(text: &str) -> String {
    text.replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', " ")
}

/// Text safe inside a Markdown table cell.
fn cell_text(text: &str) -> String {
    let text = inline(text).replace('|', "\\|");
    if text.is_empty() { " ".into() } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_tables_escape_pipes_and_html() {
        let mut document = Document::new();
        document.heading(2, "Changes");
        document.table(["a", "b"], vec![vec!["x | y".into(), "<b>".into()]]);
        assert_eq!(
            document.to_markdown(),
            "## Changes\n\n| a | b |\n|---|---|\n| x \\| y | &lt;b&gt; |\n"
        );
    }

    #[test]
    fn text_underlines_headings_and_aligns_tables() {
        let mut document = Document::new();
        document.heading(1, "Title");
        document.table(["a", "bb"], vec![vec!["ccc".into(), "d".into()]]);
        assert_eq!(document.to_text(), "Title\n=====\n  a    bb\n  ccc  d\n");
    }
}
