//! One table of the marks that text from the web and from PDFs writes in many ways: quotation
//! marks, apostrophes, dashes, invisible characters, list bullets and footnote markers.
//!
//! The tokenizer, the quote normalizer, the segmenter and the query lexer all ask this module, so
//! that a mark means the same thing at every stage: `«a b»` is a quotation to `sleuth search` as
//! it is to `sleuth verify`, and `[a]` is a footnote marker to the segmenter, the index and
//! verification alike.

/// Whether `c` is a double quotation mark: straight, typographic (`“ ” „ ‟`), guillemets
/// (`« »`), the double prime that OCR and PDF extraction make of `"`, or its fullwidth form.
/// Any of them opens and closes a quoted phrase.
pub fn is_double_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{201F}'
            | '«'
            | '»'
            | '\u{2033}'
            | '\u{FF02}'
    )
}

/// Whether `c` is an apostrophe or a single quotation mark written as one (`’ ‘ ʼ ′ ＇`): all
/// fold to `'`.
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '\u{FF07}'
    )
}

/// Whether `c` is a hyphen, a dash or a minus sign (`- ‐ ‑ ‒ – — ― ⁃ −` and their small and
/// fullwidth forms).
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            ..='\u{2015}' | '\u{2043}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}'
    )
}

/// Whether `c` is an invisible format character (soft hyphen, zero-width spaces and joiners,
/// bidi marks, variation selectors, tags): text that reads the same with or without it.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Whether `c` is a glyph used only as a list bullet (`•`, `◦`, `▪`, `►`…): layout, not a word.
pub fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '◦' | '▪' | '▫' | '‣' | '⁃' | '●' | '○' | '■' | '□' | '➢' | '►' | '▸'
    )
}

/// Whether `c` is a superscript digit (`¹ ² ³ ⁰ ⁴`…`⁹`), a footnote marker when it follows a word.
pub fn is_superscript_digit(c: char) -> bool {
    matches!(c, '¹' | '²' | '³' | '\u{2070}' | '\u{2074}'..='\u{2079}')
}

/// The byte length of the footnote marker at the start of `text`, if one starts there: `[`, then
/// 1 to 3 ASCII digits or one ASCII letter, then `]` (`[12]`, Wikipedia's `[a]`; not `[2020]`, a
/// year, nor `[sic]`), or a run of superscript digits.
pub fn footnote_marker_len(text: &str) -> Option<usize> {
    if let Some(inner) = text.strip_prefix('[') {
        return bracket_marker_inner_len(inner.as_bytes()).map(|len| len + 2);
    }
    let len: usize = text
        .chars()
        .take_while(|&c| is_superscript_digit(c))
        .map(char::len_utf8)
        .sum();
    (len > 0).then_some(len)
}

/// The byte length of the footnote marker that ends `text`, if one does (see
/// [`footnote_marker_len`]).
pub fn footnote_marker_len_before(text: &str) -> Option<usize> {
    if let Some(without_close) = text.strip_suffix(']') {
        let bytes = without_close.as_bytes();
        // The longest inner part is 3 bytes: look for the `[` within 4.
        let open = bytes.iter().rev().take(4).position(|&b| b == b'[')?;
        let inner = &bytes[bytes.len() - open..];
        return (bracket_marker_inner_len(&[inner, b"]"].concat()) == Some(inner.len()))
            .then_some(inner.len() + 2);
    }
    let len: usize = text
        .chars()
        .rev()
        .take_while(|&c| is_superscript_digit(c))
        .map(char::len_utf8)
        .sum();
    (len > 0).then_some(len)
}

/// For the text after a `[`: the length of a marker's inside when `]` follows it.
fn bracket_marker_inner_len(after_open: &[u8]) -> Option<usize> {
    // Looking at 4 bytes is enough to reject 4-digit numbers such as `[2020]`.
    let digits = after_open
        .iter()
        .take(4)
        .take_while(|b| b.is_ascii_digit())
        .count();
    let inner = if digits > 0 {
        digits
    } else if after_open.first().is_some_and(u8::is_ascii_alphabetic) {
        1
    } else {
        0
    };
    ((1..=3).contains(&inner) && after_open.get(inner) == Some(&b']')).then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnote_markers_are_short_numbers_single_letters_and_superscripts() {
        for marker in ["[1]", "[12]", "[123]", "[a]", "[Z]", "¹", "²³"] {
            assert_eq!(footnote_marker_len(marker), Some(marker.len()), "{marker}");
            assert_eq!(
                footnote_marker_len_before(marker),
                Some(marker.len()),
                "{marker}"
            );
        }
        for text in [
            "[2020]", "[sic]", "[ab]", "[1 ]", "[x1]", "[]", "[", "a[1]", "1",
        ] {
            assert_eq!(footnote_marker_len(text), None, "{text}");
        }
        assert_eq!(footnote_marker_len("[3], has"), Some(3));
        assert_eq!(footnote_marker_len_before("said.[3]"), Some(3));
        assert_eq!(footnote_marker_len_before("in 2020]"), None);
        assert_eq!(footnote_marker_len_before("[2020]"), None);
    }

    #[test]
    fn every_kind_of_double_quote_is_one() {
        for c in ['"', '“', '”', '„', '‟', '«', '»', '″', '＂'] {
            assert!(is_double_quote(c), "{c}");
        }
        assert!(!is_double_quote('\''));
    }
}
