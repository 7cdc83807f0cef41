//! Printers: turn search (and evaluation) results into text for people or JSON for tools.
//!
//! Printers write into any `io::Write` and decide nothing about the terminal themselves: the
//! caller says whether to use colour.

pub mod eval;
pub mod json;
pub mod report;
pub mod text;

use std::borrow::Cow;

/// Makes corpus text safe to print on a terminal: control characters and bidirectional overrides
/// (which could hide or reorder what is shown) are written as `\u{…}` escapes.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(sanitize("a\u{1b}[31mb\u{202e}c"), "a\\u{1b}[31mb\\u{202e}c");
        assert!(matches!(sanitize("plain “text”"), Cow::Borrowed(_)));
    }
}
