//! Word boundaries: UAX #29 word segments, with a hand-written fast path for ASCII runs that
//! follows the same rules (a property test checks it against `unicode-segmentation`).

use std::ops::Range;

use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

/// UAX #29 word segments of a text as byte ranges, with a fast path for ASCII.
///
/// Invariant: when `unicode` is set, its next segment starts at `pos`. The fast path drops it, and
/// it is recreated at the next non-ASCII segment; UAX #29 lets segmentation restart at any boundary.
pub(super) struct Segments<'a> {
    text: &'a str,
    pos: usize,
    unicode: Option<(usize, UWordBoundIndices<'a>)>,
}

impl<'a> Segments<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Segments {
            text,
            pos: 0,
            unicode: None,
        }
    }

    /// Drops the segments that start before `end`.
    pub(super) fn skip_to(&mut self, end: usize) {
        while self.pos < end && self.next().is_some() {}
    }

    fn unicode_segment_end(&mut self) -> Option<usize> {
        if self.unicode.is_none() {
            let rest = self.text.get(self.pos..)?;
            self.unicode = Some((self.pos, rest.split_word_bound_indices()));
        }
        let (base, words) = self.unicode.as_mut()?;
        let (offset, word) = words.next()?;
        Some(*base + offset + word.len())
    }
}

impl Iterator for Segments<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let start = self.pos;
        if start >= self.text.len() {
            return None;
        }
        let end = match ascii_segment_end(self.text.as_bytes(), start) {
            Some(end) => {
                self.unicode = None;
                end
            }
            None => self.unicode_segment_end()?,
        };
        self.pos = end;
        Some(start..end)
    }
}

/// UAX #29 word classes of the ASCII chars.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum AsciiClass {
    Letter,
    Digit,
    /// `_` (ExtendNumLet): glues letters and digits, as in `snake_case`.
    Underscore,
    /// `:` joins letters only.
    MidLetter,
    /// `,` and `;` join digits only.
    MidNum,
    /// `.` and `'` join letters or digits.
    MidNumLet,
    CarriageReturn,
    LineBreak,
    Space,
    Other,
}

/// The class of every byte value (non-ASCII bytes are `Other`), computed at compile time:
/// classifying bytes is the tokenizer's innermost loop.
static ASCII_CLASSES: [AsciiClass; 256] = {
    let mut table = [AsciiClass::Other; 256];
    let mut byte = 0;
    while byte < table.len() {
        table[byte] = classify(byte as u8);
        byte += 1;
    }
    table
};

const fn classify(byte: u8) -> AsciiClass {
    match byte {
        b'a'..=b'z' | b'A'..=b'Z' => AsciiClass::Letter,
        b'0'..=b'9' => AsciiClass::Digit,
        b'_' => AsciiClass::Underscore,
        b':' => AsciiClass::MidLetter,
        b',' | b';' => AsciiClass::MidNum,
        b'.' | b'\'' => AsciiClass::MidNumLet,
        b'\r' => AsciiClass::CarriageReturn,
        b'\n' | 0x0B | 0x0C => AsciiClass::LineBreak,
        b' ' => AsciiClass::Space,
        _ => AsciiClass::Other,
    }
}

#[inline]
fn ascii_class(byte: u8) -> AsciiClass {
    ASCII_CLASSES[usize::from(byte)]
}

/// End of the segment starting at `start` by the ASCII rules, or `None` when deciding it needs a
/// non-ASCII char (then the UAX #29 implementation decides).
pub(super) fn ascii_segment_end(text: &[u8], start: usize) -> Option<usize> {
    let first = *text.get(start)?;
    if !first.is_ascii() {
        return None;
    }
    let end = match ascii_class(first) {
        AsciiClass::Letter | AsciiClass::Digit | AsciiClass::Underscore => {
            ascii_word_end(text, start)?
        }
        AsciiClass::CarriageReturn if text.get(start + 1) == Some(&b'\n') => start + 2,
        AsciiClass::Space => {
            let rest = text.get(start..)?;
            start + rest.iter().take_while(|&&b| b == b' ').count()
        }
        _ => start + 1,
    };
    // A following combining mark or format char would join this segment (WB4), so only an ASCII
    // successor proves that the segment ends here.
    match text.get(end) {
        Some(next) if !next.is_ascii() => None,
        _ => Some(end),
    }
}

/// End of a word (letters, digits, `_` and the punctuation that joins them) starting at `start`.
fn ascii_word_end(text: &[u8], start: usize) -> Option<usize> {
    let mut last = ascii_class(*text.get(start)?);
    let mut i = start + 1;
    while let Some(&byte) = text.get(i) {
        let class = ascii_class(byte);
        match class {
            AsciiClass::Letter | AsciiClass::Digit | AsciiClass::Underscore => {
                last = class;
                i += 1;
            }
            AsciiClass::MidLetter | AsciiClass::MidNum | AsciiClass::MidNumLet => {
                let Some(&after) = text.get(i + 1) else {
                    break;
                };
                if !after.is_ascii() {
                    return None;
                }
                let after = ascii_class(after);
                if !joins_across(last, class, after) {
                    break;
                }
                last = after;
                i += 2;
            }
            _ => break,
        }
    }
    Some(i)
}

/// Whether `mid` keeps `before` and `after` in one word (UAX #29 rules WB6, WB7, WB11, WB12).
fn joins_across(before: AsciiClass, mid: AsciiClass, after: AsciiClass) -> bool {
    match (before, after) {
        (AsciiClass::Letter, AsciiClass::Letter) => {
            matches!(mid, AsciiClass::MidLetter | AsciiClass::MidNumLet)
        }
        (AsciiClass::Digit, AsciiClass::Digit) => {
            matches!(mid, AsciiClass::MidNum | AsciiClass::MidNumLet)
        }
        _ => false,
    }
}
