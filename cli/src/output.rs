//! How answers are written: `json` (the answer, pretty), `ndjson` (one line per item of a list),
//! `table` (columns from the items' scalar fields, or `--fields`) and `csv`. A stream of items (`--all`)
//! is written item by item, so memory stays flat; a table and CSV take their columns from the first.

use std::io::{IsTerminal, Write};

use serde_json::Value;

use crate::Failure;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The answer as JSON.
    Json,
    /// One JSON line per item.
    Ndjson,
    /// Aligned columns.
    Table,
    /// Comma-separated values.
    Csv,
}

impl Format {
    /// The format asked for, or the default: a table on a terminal, JSON otherwise.
    pub fn choose(asked: Option<&str>) -> Result<Format, Failure> {
        match asked {
            None if std::io::stdout().is_terminal() => Ok(Format::Table),
            None | Some("json") => Ok(Format::Json),
            Some("ndjson") => Ok(Format::Ndjson),
            Some("table") => Ok(Format::Table),
            Some("csv") => Ok(Format::Csv),
            Some(other) => {
                Err(Failure { code: 2, message: format!("unknown output `{other}`: json, ndjson, table or csv") })
            }
        }
    }
}

/// The items of an answer: a list's, or the answer alone.
fn items(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

/// Writes a whole answer.
pub fn write(format: Format, fields: Option<&[String]>, value: &Value, out: &mut impl Write) -> std::io::Result<()> {
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(value).unwrap_or_default()),
        _ => {
            let mut w = Writer::new(format, fields.map(<[String]>::to_vec), out);
            for item in items(value) {
                w.item(item)?;
            }
            w.finish()
        }
    }
}

/// Writes items one by one.
pub struct Writer<'o, W: Write> {
    format: Format,
    columns: Option<Vec<String>>,
    rows: Vec<Vec<String>>,
    first: bool,
    out: &'o mut W,
}

/// A field's value as a cell: text bare, anything else as JSON, control characters out.
fn cell(value: Option<&Value>) -> String {
    let text = match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() }
}

impl<'o, W: Write> Writer<'o, W> {
    /// A writer of `format`, with these columns (or the first item's scalar fields).
    pub fn new(format: Format, columns: Option<Vec<String>>, out: &'o mut W) -> Self {
        Writer { format, columns, rows: Vec::new(), first: true, out }
    }

    /// Writes one item (a table keeps its rows to align them).
    pub fn item(&mut self, item: &Value) -> std::io::Result<()> {
        if self.columns.is_none() {
            self.columns = Some(match item {
                Value::Object(m) => {
                    m.iter().filter(|(_, v)| !v.is_object() && !v.is_array()).map(|(k, _)| k.clone()).collect()
                }
                _ => vec!["value".to_owned()],
            });
        }
        let columns = self.columns.clone().unwrap_or_default();
        let row: Vec<String> = match item {
            Value::Object(m) => columns.iter().map(|c| cell(m.get(c))).collect(),
            other => vec![cell(Some(other))],
        };
        match self.format {
            Format::Json => {
                let sep = if self.first { "[\n" } else { ",\n" };
                write!(self.out, "{sep}  {}", serde_json::to_string(item).unwrap_or_default())?;
            }
            Format::Ndjson => writeln!(self.out, "{}", serde_json::to_string(item).unwrap_or_default())?,
            Format::Csv => {
                if self.first {
                    writeln!(self.out, "{}", columns.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","))?;
                }
                writeln!(self.out, "{}", row.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","))?;
            }
            Format::Table => self.rows.push(row),
        }
        self.first = false;
        Ok(())
    }

    /// Ends the output (a table is written now, aligned).
    pub fn finish(self) -> std::io::Result<()> {
        match self.format {
            Format::Json => writeln!(self.out, "{}", if self.first { "[]" } else { "\n]" }),
            Format::Table => {
                let columns = self.columns.unwrap_or_default();
                let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
                for row in &self.rows {
                    for (w, c) in widths.iter_mut().zip(row) {
                        *w = (*w).max(c.chars().count()).min(60);
                    }
                }
                let line = |cells: &[String]| {
                    cells
                        .iter()
                        .zip(&widths)
                        .map(|(c, w)| {
                            let c: String = c.chars().take(*w).collect();
                            format!("{c:<w$}", w = *w)
                        })
                        .collect::<Vec<_>>()
                        .join("  ")
                        .trim_end()
                        .to_owned()
                };
                writeln!(self.out, "{}", line(&columns))?;
                for row in &self.rows {
                    writeln!(self.out, "{}", line(row))?;
                }
                Ok(())
            }
            Format::Ndjson | Format::Csv => self.out.flush(),
        }
    }
}
