//! A text file's bytes → text, keeping the way back: every byte offset in the text maps to the
//! file's own byte offset, so that a citation's span points at the file, whatever its encoding.
//!
//! UTF-8 is read as is. UTF-16 with a byte order mark is decoded. An invalid UTF-8 byte becomes one
//! U+FFFD (three bytes of text for one of the file: the map remembers where). A carriage return
//! alone ends a line as `\n` does, so it is read as `\n` (one byte for one byte).

use std::ops::Range;

/// How offsets in the decoded text relate to offsets in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Offsets {
    /// The same: UTF-8 text (or text that does not come from a file of its own).
    #[default]
    Same,
    /// UTF-8 where each listed text offset holds a U+FFFD standing for one invalid byte.
    Replaced(Vec<usize>),
    /// UTF-16 after a byte order mark of `bom` bytes: each UTF-16 unit is two bytes of the file.
    Utf16 {
        /// Length of the byte order mark.
        bom: usize,
    },
}

/// Decoded text and its offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Where its bytes are in the file.
    pub offsets: Offsets,
    /// What was repaired, in words (invalid UTF-8), if anything.
    pub warning: Option<String>,
}

/// Decodes a text file's bytes.
pub fn decode(bytes: Vec<u8>) -> Decoded {
    let (mut text, offsets, warning) = match bytes.as_slice() {
        [0xff, 0xfe, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xfe, 0xff, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => match String::from_utf8(bytes) {
            Ok(text) => (text, Offsets::Same, None),
            Err(err) => replace_invalid(err.as_bytes()),
        },
    };
    lone_carriage_returns_end_lines(&mut text);
    Decoded {
        text,
        offsets,
        warning,
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> (String, Offsets, Option<String>) {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    (text, Offsets::Utf16 { bom: 2 }, None)
}

fn replace_invalid(bytes: &[u8]) -> (String, Offsets, Option<String>) {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut replaced = Vec::new();
    let mut first = None;
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        at += chunk.valid().len();
        for _ in chunk.invalid() {
            first.get_or_insert(at);
            replaced.push(text.len());
            text.push(char::REPLACEMENT_CHARACTER);
            at += 1;
        }
    }
    let warning = first.map(|at| {
        format!("invalid UTF-8 (first at byte {at}): read with U+FFFD replacement characters")
    });
    (text, Offsets::Replaced(replaced), warning)
}

/// `\r` not followed by `\n` becomes `\n`: the same length, so offsets are unchanged.
fn lone_carriage_returns_end_lines(text: &mut String) {
    if !text.contains('\r') {
        return;
    }
    let bytes = text.as_bytes();
    let lone: Vec<usize> = (0..bytes.len())
        .filter(|&i| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .collect();
    if lone.is_empty() {
        return;
    }
    let mut bytes = std::mem::take(text).into_bytes();
    for i in lone {
        bytes[i] = b'\n';
    }
    *text = String::from_utf8(bytes).expect("an ASCII byte replaced by another stays UTF-8");
}

impl Offsets {
    /// The file offsets of `ranges` of `text`, in increasing order (as a document's passages
    /// are): one pass over the text for all of them.
    pub fn file_ranges(&self, text: &str, ranges: &[Range<usize>]) -> Vec<Range<u64>> {
        let mut walker = Walker::default();
        ranges
            .iter()
            .map(|r| walker.file_offset(self, text, r.start)..walker.file_offset(self, text, r.end))
            .collect()
    }

    /// The file offset of `at`, an offset in `text`.
    pub fn file_offset(&self, text: &str, at: usize) -> u64 {
        Walker::default().file_offset(self, text, at)
    }

    /// The offset in `text` of `at`, an offset in the file; `None` when it is not on a char of
    /// the text (inside a UTF-16 unit) or past its end.
    pub fn text_offset(&self, text: &str, at: u64) -> Option<usize> {
        let at = usize::try_from(at).ok()?;
        let text_at = match self {
            Offsets::Same => at,
            Offsets::Replaced(replaced) => {
                // Each replacement before the text offset adds two bytes to the text.
                let mut shift = 0;
                for &r in replaced {
                    if r < at + shift {
                        shift += 2;
                    } else {
                        break;
                    }
                }
                at + shift
            }
            Offsets::Utf16 { bom } => {
                let mut file = *bom;
                let mut found = None;
                for (i, c) in text.char_indices() {
                    if file >= at {
                        found = Some(i);
                        break;
                    }
                    file += 2 * c.len_utf16();
                }
                match found {
                    Some(i) if file == at => i,
                    Some(_) => return None,
                    None if file == at => text.len(),
                    None => return None,
                }
            }
        };
        (text_at <= text.len() && text.is_char_boundary(text_at)).then_some(text_at)
    }
}

/// Maps increasing text offsets to file offsets, walking the text once.
#[derive(Default)]
struct Walker {
    text_at: usize,
    file_at: u64,
    replaced_seen: usize,
}

impl Walker {
    fn file_offset(&mut self, offsets: &Offsets, text: &str, at: usize) -> u64 {
        if at < self.text_at {
            *self = Walker::default();
        }
        match offsets {
            Offsets::Same => at as u64,
            Offsets::Replaced(replaced) => {
                while replaced.get(self.replaced_seen).is_some_and(|&r| r < at) {
                    self.replaced_seen += 1;
                }
                self.text_at = at;
                (at - 2 * self.replaced_seen) as u64
            }
            Offsets::Utf16 { bom } => {
                if self.text_at == 0 {
                    self.file_at = *bom as u64;
                }
                let end = at.min(text.len());
                let units = text
                    .get(self.text_at..end)
                    .map_or(0, |t| t.encode_utf16().count());
                self.file_at += 2 * units as u64;
                self.text_at = end;
                self.file_at
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips(decoded: &Decoded, file: &[u8], word: &str, in_file: &[u8]) {
        let at = decoded.text.find(word).unwrap();
        let range = at..at + word.len();
        let offsets = &decoded.offsets;
        let mapped = offsets
            .file_ranges(&decoded.text, std::slice::from_ref(&range))
            .remove(0);
        assert_eq!(&file[mapped.start as usize..mapped.end as usize], in_file);
        assert_eq!(
            offsets.text_offset(&decoded.text, mapped.start),
            Some(range.start)
        );
        assert_eq!(
            offsets.text_offset(&decoded.text, mapped.end),
            Some(range.end)
        );
    }

    #[test]
    fn utf8_is_read_as_is() {
        let decoded = decode("Été\r\nok".as_bytes().to_vec());
        assert_eq!(decoded.text, "Été\r\nok");
        assert_eq!(decoded.offsets, Offsets::Same);
        assert_eq!(decoded.warning, None);
    }

    #[test]
    fn each_invalid_byte_is_one_replacement_and_spans_point_at_the_file() {
        let file = b"caf\xe9 \xff\xfe and \xe9clairs here".to_vec();
        let decoded = decode(file.clone());
        assert_eq!(
            decoded.text,
            "caf\u{fffd} \u{fffd}\u{fffd} and \u{fffd}clairs here"
        );
        assert!(decoded.warning.as_deref().unwrap().contains("byte 3"));
        round_trips(&decoded, &file, "here", b"here");
        round_trips(&decoded, &file, "\u{fffd}clairs", b"\xe9clairs");
        assert_eq!(
            decoded.offsets.text_offset(&decoded.text, 5),
            Some(7),
            "the \\xff"
        );
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded_both_ways_round() {
        let text = "Un café 😀 ici\r\nlà";
        for (bom, encode) in [
            ([0xff, 0xfe], u16::to_le_bytes as fn(u16) -> [u8; 2]),
            ([0xfe, 0xff], u16::to_be_bytes),
        ] {
            let mut file = bom.to_vec();
            file.extend(text.encode_utf16().flat_map(encode));
            let decoded = decode(file.clone());
            assert_eq!(decoded.text, text);
            let in_file: Vec<u8> = "ici".encode_utf16().flat_map(encode).collect();
            round_trips(&decoded, &file, "ici", &in_file);
            assert_eq!(
                decoded.offsets.text_offset(&decoded.text, 3),
                None,
                "inside a unit"
            );
        }
    }

    #[test]
    fn a_carriage_return_alone_ends_a_line() {
        let decoded = decode(b"one\rtwo\r\nthree\r".to_vec());
        assert_eq!(decoded.text, "one\ntwo\r\nthree\n");
        assert_eq!(decoded.offsets, Offsets::Same);
    }
}
