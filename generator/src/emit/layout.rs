//! The line-breaking engine: text, breaks and boxes in, lines out, after the Oppen algorithm that rustc's
//! and prettyplease's printers use, with prettyplease's parameters (lines of 89 columns, at least 60 after
//! the indentation, boxes indented in steps of 4), so that generated code is laid out exactly as
//! prettyplease lays it out (`syntax.rs` builds the same boxes and breaks as prettyplease does for each
//! construct; a test checks the whole output against prettyplease).
//!
//! A *box* groups breaks: when its content up to the next break outside it fits on the line, none of its
//! breaks break; otherwise a *consistent* box breaks all of its breaks and an *inconsistent* one only
//! those whose following text does not fit. Widths are counted in bytes, as prettyplease counts them.
//!
//! Unlike prettyplease's streaming printer this one sees the whole document: sizes are computed in one
//! pass, the text printed in a second.

/// Target line width.
pub const MARGIN: isize = 89;
/// Every line gets at least this much room after its indentation.
const MIN_SPACE: isize = 60;
/// The indentation step.
pub const INDENT: isize = 4;
/// The width of a hard break: more than any line holds, so that every box around it breaks.
const INFINITY: isize = 0xffff;

/// A break: where a line may end. (Small, as documents hold many.)
#[derive(Debug, Clone, Copy, Default)]
pub struct Break {
    /// Indentation added to the box's when the break breaks.
    pub offset: i32,
    /// Spaces printed when it does not break.
    pub blank: u32,
    /// Printed before the line ends, when it breaks (a trailing comma).
    pub pre_break: Option<char>,
    /// Printed at the start of the new line, when it breaks.
    pub post_break: Option<char>,
    /// Printed instead of the spaces, when it does not break.
    pub no_break: Option<char>,
    /// Dropped when it is the last thing in its box.
    pub if_nonempty: bool,
    /// Never breaks.
    pub never: bool,
}

#[derive(Debug, Clone, Copy)]
enum Token {
    /// `text[start..end]`.
    Text(u32, u32),
    /// Nothing printed, but wider than any line: the enclosing boxes break.
    Infinite,
    Break(Break),
    Begin {
        offset: i32,
        consistent: bool,
    },
    End,
}

/// A document being built: call the methods in reading order, then [`Doc::print`].
#[derive(Debug, Default)]
pub struct Doc {
    text: String,
    tokens: Vec<Token>,
    /// Width so far and, per open box, the width where it began (for [`Doc::end_with_max_width`]).
    width: isize,
    open: Vec<isize>,
}

impl Doc {
    /// Text that never breaks.
    pub fn word(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(s);
        self.grow_text(start);
    }

    /// Text written by `write` straight into the document (no intermediate string).
    pub fn word_with(&mut self, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        if self.text.len() > start {
            self.grow_text(start);
        }
    }

    fn grow_text(&mut self, start: usize) {
        let end = self.text.len();
        self.width += (end - start) as isize;
        // Adjacent words are one token: only breaks and boxes matter to the layout.
        if let Some(Token::Text(_, last_end)) = self.tokens.last_mut()
            && *last_end as usize == start
        {
            *last_end = end as u32;
            return;
        }
        self.tokens.push(Token::Text(start as u32, end as u32));
    }

    /// Opens a box whose breaks break together; `offset` indents its broken lines.
    pub fn cbox(&mut self, offset: isize) {
        self.begin(offset, true);
    }

    /// Opens a box whose breaks break one by one, as needed.
    pub fn ibox(&mut self, offset: isize) {
        self.begin(offset, false);
    }

    fn begin(&mut self, offset: isize, consistent: bool) {
        self.open.push(self.width);
        self.tokens.push(Token::Begin { offset: offset as i32, consistent });
    }

    /// Closes the innermost box. A box holding only a break vanishes, and an `if_nonempty` break that
    /// ends a box is dropped.
    pub fn end(&mut self) {
        self.open.pop();
        if let Some(&Token::Break(b)) = self.tokens.last() {
            let len = self.tokens.len();
            if len >= 2 && matches!(self.tokens[len - 2], Token::Begin { .. }) {
                self.tokens.truncate(len - 2);
                self.width -= b.blank as isize;
                return;
            }
            if b.if_nonempty {
                self.tokens.pop();
                self.width -= b.blank as isize;
            }
        }
        self.tokens.push(Token::End);
    }

    /// Closes the innermost box, and makes it break when its content is wider than `max`.
    pub fn end_with_max_width(&mut self, max: isize) {
        if let Some(&start) = self.open.last()
            && self.width - start > max
        {
            self.tokens.push(Token::Infinite);
            self.width += INFINITY;
        }
        self.end();
    }

    /// A break.
    pub fn brk(&mut self, b: Break) {
        self.width += b.blank as isize;
        self.tokens.push(Token::Break(b));
    }

    /// A break that prints nothing when it does not break.
    pub fn zerobreak(&mut self) {
        self.brk(Break::default());
    }

    /// A break that prints a space when it does not break.
    pub fn space(&mut self) {
        self.brk(Break { blank: 1, ..Break::default() });
    }

    /// A space that never breaks.
    pub fn nbsp(&mut self) {
        self.word(" ");
    }

    /// A line end, always.
    pub fn hardbreak(&mut self) {
        self.brk(Break { blank: INFINITY as u32, ..Break::default() });
    }

    /// A line end, dropped when nothing follows it in its box.
    pub fn hardbreak_if_nonempty(&mut self) {
        self.brk(Break { blank: INFINITY as u32, if_nonempty: true, ..Break::default() });
    }

    /// A space dropped when it ends its box.
    pub fn space_if_nonempty(&mut self) {
        self.brk(Break { blank: 1, if_nonempty: true, ..Break::default() });
    }

    /// A break that never breaks (it only ends the size of what precedes it).
    pub fn neverbreak(&mut self) {
        self.brk(Break { never: true, ..Break::default() });
    }

    /// After the last item of a list: a comma when the list breaks, nothing otherwise. Before another
    /// item: a comma and a space that may break.
    pub fn trailing_comma(&mut self, is_last: bool) {
        if is_last {
            self.brk(Break { pre_break: Some(','), ..Break::default() });
        } else {
            self.word(",");
            self.space();
        }
    }

    /// As [`Doc::trailing_comma`], with a space when the last item does not break.
    pub fn trailing_comma_or_space(&mut self, is_last: bool) {
        if is_last {
            self.brk(Break { blank: 1, pre_break: Some(','), ..Break::default() });
        } else {
            self.word(",");
            self.space();
        }
    }

    /// Adds `offset` to the indentation of the break just written (nothing when the last token is not a
    /// break).
    pub fn offset(&mut self, offset: isize) {
        if let Some(Token::Break(b)) = self.tokens.last_mut() {
            b.offset += offset as i32;
        }
    }

    /// The laid-out text.
    pub fn print(self) -> String {
        let sizes = self.sizes();
        let mut p = Printer {
            out: String::with_capacity(self.text.len() + self.text.len() / 2),
            space: MARGIN,
            indent: 0,
            pending: 0,
            stack: Vec::new(),
        };
        for (token, size) in self.tokens.iter().zip(sizes) {
            match *token {
                Token::Text(start, end) => p.text(&self.text[start as usize..end as usize]),
                Token::Infinite => {}
                Token::Break(b) => p.brk(b, size),
                Token::Begin { offset, consistent } => p.begin(offset, consistent, size),
                Token::End => p.end(),
            }
        }
        p.out
    }

    /// The text with no break broken but the hard ones (for a type on one line, and for the tests, which
    /// give the whole file so to syn and prettyplease).
    pub fn print_flat(self) -> String {
        let mut out = String::with_capacity(self.text.len());
        for token in &self.tokens {
            match *token {
                Token::Text(start, end) => out.push_str(&self.text[start as usize..end as usize]),
                Token::Break(b) if b.blank as isize >= INFINITY => out.push('\n'),
                Token::Break(b) => match b.no_break {
                    Some(c) => out.push(c),
                    None => out.extend(std::iter::repeat_n(' ', b.blank as usize)),
                },
                Token::Infinite | Token::Begin { .. } | Token::End => {}
            }
        }
        out
    }

    /// The size of every box and break: the width from it to the next break at its level or outside it
    /// (for a break, its own spaces included), as prettyplease measures them.
    fn sizes(&self) -> Vec<isize> {
        let mut sizes = vec![0; self.tokens.len()];
        // Tokens whose size is not known yet: index, width before it, depth.
        let mut pending: Vec<(usize, isize, usize)> = Vec::new();
        let (mut width, mut depth) = (0isize, 0usize);
        for (i, token) in self.tokens.iter().enumerate() {
            match *token {
                Token::Text(start, end) => width += (end - start) as isize,
                Token::Infinite => width += INFINITY,
                Token::Begin { .. } => {
                    pending.push((i, width, depth));
                    depth += 1;
                }
                Token::End => depth = depth.saturating_sub(1),
                Token::Break(b) => {
                    // This break ends the size of the breaks of its box and of the boxes closed inside it.
                    while let Some(&(j, start, d)) = pending.last() {
                        if d < depth {
                            break;
                        }
                        sizes[j] = width - start;
                        pending.pop();
                    }
                    pending.push((i, width, depth));
                    width += b.blank as isize;
                }
            }
        }
        // At the end, what is still open ends with the document.
        for (j, start, _) in pending {
            sizes[j] = width - start;
        }
        sizes
    }
}

#[derive(Clone, Copy)]
enum Frame {
    Fits,
    Broken { indent: usize, consistent: bool },
}

struct Printer {
    out: String,
    /// Room left on the line.
    space: isize,
    indent: usize,
    /// Spaces owed before the next text (so that no line ends in spaces).
    pending: usize,
    stack: Vec<Frame>,
}

impl Printer {
    fn text(&mut self, s: &str) {
        self.flush_indent();
        self.out.push_str(s);
        self.space -= s.len() as isize;
    }

    fn flush_indent(&mut self) {
        self.out.extend(std::iter::repeat_n(' ', self.pending));
        self.pending = 0;
    }

    fn begin(&mut self, offset: i32, consistent: bool, size: isize) {
        if size > self.space {
            self.stack.push(Frame::Broken { indent: self.indent, consistent });
            self.indent = (self.indent as isize + offset as isize).max(0) as usize;
        } else {
            self.stack.push(Frame::Fits);
        }
    }

    fn end(&mut self) {
        if let Some(Frame::Broken { indent, .. }) = self.stack.pop() {
            self.indent = indent;
        }
    }

    fn brk(&mut self, b: Break, size: isize) {
        let fits = b.never
            || match self.stack.last() {
                Some(Frame::Fits) => true,
                Some(Frame::Broken { consistent: true, .. }) => false,
                Some(Frame::Broken { consistent: false, .. }) | None => size <= self.space,
            };
        if fits {
            self.pending += b.blank as usize;
            self.space -= b.blank as isize;
            if let Some(c) = b.no_break {
                self.out.push(c);
                self.space -= c.len_utf8() as isize;
            }
        } else {
            if let Some(c) = b.pre_break {
                self.flush_indent();
                self.out.push(c);
            }
            self.out.push('\n');
            let indent = self.indent as isize + b.offset as isize;
            self.pending = indent.max(0) as usize;
            self.space = (MARGIN - indent).max(MIN_SPACE);
            if let Some(c) = b.post_break {
                self.flush_indent();
                self.out.push(c);
                self.space -= c.len_utf8() as isize;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str], consistent: bool) -> String {
        let mut d = Doc::default();
        d.word("f(");
        d.begin(INDENT, consistent);
        d.zerobreak();
        for (i, item) in items.iter().enumerate() {
            d.word(item);
            d.trailing_comma(i + 1 == items.len());
        }
        d.offset(-INDENT);
        d.end();
        d.word(")");
        d.print()
    }

    #[test]
    fn a_list_that_fits_stays_on_one_line() {
        assert_eq!(list(&["a", "b"], true), "f(a, b)");
    }

    #[test]
    fn a_consistent_list_too_long_breaks_every_item_with_a_trailing_comma() {
        let long = "x".repeat(45);
        assert_eq!(list(&[&long, &long, "c"], true), format!("f(\n    {long},\n    {long},\n    c,\n)"));
    }

    #[test]
    fn an_inconsistent_list_breaks_only_where_needed() {
        let long = "x".repeat(40);
        assert_eq!(list(&[&long, &long, "c"], false), format!("f({long}, {long}, c)"));
        // Only the third item goes to a new line; the trailing comma's break then fits.
        assert_eq!(list(&[&long, &long, &long], false), format!("f({long}, {long},\n    {long})"));
    }

    #[test]
    fn an_empty_box_vanishes() {
        assert_eq!(list(&[], true), "f()");
    }
}
