//! Dates as people write them in English text: `28 April 2025`, `April 28, 2025`, `28th of April
//! 2025`, `28.04.2025`, `2025-04-28`, `April 2025`, each read as one calendar date.
//!
//! A date is found from its year (four digits, 1000 to 2999), then the day and month written
//! around it, so a scan costs one pass over the text's digits. Day-month orders that cannot be told
//! apart (`04/05/2025`) are not read as dates. [`Date::key`] is the form the index holds for every
//! way of writing the date, so that one written way finds the others.

use std::fmt;
use std::ops::Range;

/// A calendar date, or a month of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, 1000 to 2999.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31; `None` for a month (`April 2025`).
    pub day: Option<u8>,
}

impl Date {
    /// The date in ISO 8601 form, `2025-04-28` (or `2025-04` for a month): one key for every way of
    /// writing it. No word token of the text has this form (hyphens split words).
    pub fn key(&self) -> String {
        match self.day {
            Some(day) => format!("{:04}-{:02}-{day:02}", self.year, self.month),
            None => self.month_key(),
        }
    }

    /// The key of the date's month, `2025-04`.
    pub fn month_key(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let month = MONTHS[usize::from(self.month - 1)];
        let month = month[..1].to_uppercase() + &month[1..];
        match self.day {
            Some(day) => write!(f, "{day} {month} {}", self.year),
            None => write!(f, "{month} {}", self.year),
        }
    }
}

/// A date written in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// The bytes of the text that write the date (`April 28, 2025`).
    pub range: Range<usize>,
    /// The date they write.
    pub date: Date,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Every date written in `text`, in order.
pub fn find_dates(text: &str) -> Vec<DateMention> {
    let bytes = text.as_bytes();
    let mut dates = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if let Some(mention) = date_at_year(text, start..i) {
            if dates
                .last()
                .is_none_or(|last: &DateMention| last.range.end <= mention.range.start)
            {
                dates.push(mention);
            }
        }
    }
    dates
}

/// Reads `text` as one date and nothing else (`28 April 2025`, `2025-04-28`), for a query.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    match find_dates(text).as_slice() {
        [only] if only.range == (0..text.len()) => Some(only.date),
        _ => None,
    }
}

/// The dates written by runs of consecutive `words` (a query's words as typed: `28`, `April`,
/// `2025,`), each with the indices of the words that write it.
pub fn dates_in_words(words: &[&str]) -> Vec<(Range<usize>, Date)> {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(words.len());
    for word in words {
        if !text.is_empty() {
            text.push(' ');
        }
        starts.push(text.len());
        text.push_str(word);
    }
    find_dates(&text)
        .into_iter()
        .filter_map(|mention| {
            let first = starts.iter().position(|&s| s == mention.range.start)?;
            let last = starts.iter().rposition(|&s| s < mention.range.end)?;
            Some((first..last + 1, mention.date))
        })
        .collect()
}

/// The date written around the four digits at `year` in `text`, if they are a year.
fn date_at_year(text: &str, year: Range<usize>) -> Option<DateMention> {
    let bytes = text.as_bytes();
    if year.len() != 4 || !matches!(bytes[year.start], b'1' | b'2') {
        return None;
    }
    let before = year.start.checked_sub(1).map(|i| bytes[i]);
    let after = bytes.get(year.end).copied();
    if before.is_some_and(|b| b.is_ascii_alphabetic()) || after.is_some_and(is_word_byte) {
        return None;
    }
    let value: u16 = text[year.clone()].parse().ok()?;
    if let Some(mention) = iso_after(text, year.clone(), value) {
        return Some(mention);
    }
    if matches!(before, Some(b'.' | b'/' | b'-')) {
        return numeric_before(text, year.clone(), value);
    }
    words_before(text, year, value)
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// `2025-04-28` (or with `/`): the year, then the month, then the day.
fn iso_after(text: &str, year: Range<usize>, value: u16) -> Option<DateMention> {
    let bytes = text.as_bytes();
    let sep = *bytes.get(year.end)?;
    if !matches!(sep, b'-' | b'/') {
        return None;
    }
    let (month, after_month) = digits_from(bytes, year.end + 1, 2)?;
    if bytes.get(after_month) != Some(&sep) {
        return None;
    }
    let (day, end) = digits_from(bytes, after_month + 1, 2)?;
    if bytes.get(end).is_some_and(|&b| is_word_byte(b)) {
        return None;
    }
    let date = date(value, month, Some(day))?;
    Some(DateMention {
        range: year.start..end,
        date,
    })
}

/// `28.04.2025` or `28-04-2025` (day first), `28/04/2025` or `04/28/2025` (whichever order the
/// numbers allow; none when both do).
fn numeric_before(text: &str, year: Range<usize>, value: u16) -> Option<DateMention> {
    let bytes = text.as_bytes();
    let sep = bytes[year.start - 1];
    let (second, second_start) = digits_before(bytes, year.start - 1, 2)?;
    if second_start == 0 || bytes[second_start - 1] != sep {
        return None;
    }
    let (first, start) = digits_before(bytes, second_start - 1, 2)?;
    if start > 0 && is_word_byte(bytes[start - 1]) {
        return None;
    }
    let (day, month) = match sep {
        b'/' if first > 12 => (first, second),
        b'/' if second > 12 => (second, first),
        b'/' => return None,
        _ => (first, second),
    };
    let date = date(value, month, Some(day))?;
    Some(DateMention {
        range: start..year.end,
        date,
    })
}

/// `28 April 2025`, `28th of April, 2025`, `April 28, 2025`, `April 2025`, `Apr. 2025`.
fn words_before(text: &str, year: Range<usize>, value: u16) -> Option<DateMention> {
    let bytes = text.as_bytes();
    let mut at = skip_back_spaces(text, year.start);
    if at < year.start && at > 0 && bytes[at - 1] == b',' {
        at = skip_back_spaces(text, at - 1);
    } else if at == year.start {
        return None; // the year must follow a space or a comma and a space
    }
    if let Some((day, day_start)) = day_before(text, at) {
        // `April 28, 2025`
        let month_end = skip_back_spaces(text, day_start);
        if month_end < day_start {
            if let Some((month, month_start)) = month_before(text, month_end) {
                let date = date(value, month, Some(day))?;
                return Some(DateMention {
                    range: month_start..year.end,
                    date,
                });
            }
        }
        return None;
    }
    let (month, month_start) = month_before(text, at)?;
    // `28 April 2025`, `28th of April 2025`
    let mut day_end = skip_back_spaces(text, month_start);
    if day_end < month_start && text[..day_end].ends_with("of") {
        let before_of = skip_back_spaces(text, day_end - 2);
        if before_of < day_end - 2 {
            day_end = before_of;
        }
    }
    if day_end < month_start {
        if let Some((day, day_start)) = day_before(text, day_end) {
            return Some(DateMention {
                range: day_start..year.end,
                date: date(value, month, Some(day))?,
            });
        }
    }
    Some(DateMention {
        range: month_start..year.end,
        date: date(value, month, None)?,
    })
}

/// Where the spaces (any Unicode white space) ending at `end` begin.
fn skip_back_spaces(text: &str, end: usize) -> usize {
    text[..end].trim_end_matches(char::is_whitespace).len()
}

/// A day of the month (`28`, `28th`, `1st`) ending at `end`, after a space or the text's start.
fn day_before(text: &str, end: usize) -> Option<(u8, usize)> {
    let bytes = text.as_bytes();
    let head = &text[..end];
    let number_end = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| head.strip_suffix(suffix))
        .map_or(end, str::len);
    let (day, start) = digits_before(bytes, number_end, 2)?;
    if start > 0 && is_word_byte(bytes[start - 1]) {
        return None;
    }
    (1..=31).contains(&day).then_some((day, start))
}

/// A month name or abbreviation (`April`, `Apr`, `Apr.`, `Sept.`) ending at `end`: the month and
/// where its name starts. A lowercase `may` is the verb, not the month.
fn month_before(text: &str, end: usize) -> Option<(u8, usize)> {
    let head = text[..end].strip_suffix('.').unwrap_or(&text[..end]);
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphabetic())
        .last()
        .map(|(i, _)| i)?;
    if head[..start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let word = &head[start..];
    if word == "may" {
        return None;
    }
    Some((month_named(word)?, start))
}

/// The month (1 to 12) a word names, in any case: in full or abbreviated (`April`, `Apr`, `Apr.`,
/// `Sept.`). The one reading of month names, for the index's dates and for `check`'s facts.
pub fn month_named(word: &str) -> Option<u8> {
    let word = word.strip_suffix('.').unwrap_or(word);
    if word.len() < 3 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let month = MONTHS.iter().position(|name| {
        *name == lower
            || (lower.len() == 3 && name.starts_with(&lower))
            || lower == "sept" && *name == "september"
    })?;
    Some(month as u8 + 1)
}

/// The number of at most `most` ASCII digits starting at `from`, and where it ends.
fn digits_from(bytes: &[u8], from: usize, most: usize) -> Option<(u8, usize)> {
    let len = bytes[from.min(bytes.len())..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if len == 0 || len > most {
        return None;
    }
    let value = std::str::from_utf8(&bytes[from..from + len])
        .ok()?
        .parse()
        .ok()?;
    Some((value, from + len))
}

/// The number of at most `most` ASCII digits ending at `end`, and where it starts.
fn digits_before(bytes: &[u8], end: usize, most: usize) -> Option<(u8, usize)> {
    let len = bytes[..end]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if len == 0 || len > most {
        return None;
    }
    let value = std::str::from_utf8(&bytes[end - len..end])
        .ok()?
        .parse()
        .ok()?;
    Some((value, end - len))
}

/// The date, if it exists in the calendar (to the day: no 31 April).
fn date(year: u16, month: u8, day: Option<u8>) -> Option<Date> {
    if !(1..=12).contains(&month) {
        return None;
    }
    if let Some(day) = day {
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if !(1..=days).contains(&day) {
            return None;
        }
    }
    Some(Date { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str) -> Vec<(String, &str)> {
        find_dates(text)
            .into_iter()
            .map(|m| (m.date.key(), &text[m.range]))
            .collect()
    }

    #[test]
    fn every_common_english_form_reads_as_the_same_date() {
        for text in [
            "28 April 2025",
            "April 28, 2025",
            "April 28 2025",
            "28th of April 2025",
            "28 Apr. 2025",
            "Apr 28, 2025",
            "28.04.2025",
            "28-04-2025",
            "28/04/2025",
            "04/28/2025",
            "2025-04-28",
            "2025/04/28",
            "28\u{a0}April\u{a0}2025",
        ] {
            assert_eq!(
                parse_date(text).map(|d| d.key()),
                Some("2025-04-28".into()),
                "{text}"
            );
        }
        assert_eq!(
            parse_date("April 2025").map(|d| d.key()),
            Some("2025-04".into())
        );
        assert_eq!(
            parse_date("Sept. 2024").map(|d| d.key()),
            Some("2024-09".into())
        );
    }

    #[test]
    fn dates_are_found_in_running_text_with_the_bytes_that_write_them() {
        assert_eq!(
            dates("On April 28, 2025, Tehran said; by 29 April 2025 it had (May 2025)."),
            [
                ("2025-04-28".to_string(), "April 28, 2025"),
                ("2025-04-29".to_string(), "29 April 2025"),
                ("2025-05".to_string(), "May 2025"),
            ]
        );
        assert_eq!(
            dates("on 17 October 2022."),
            [("2022-10-17".to_string(), "17 October 2022")]
        );
    }

    #[test]
    fn numbers_that_are_not_dates_stay_numbers() {
        for text in [
            "2016-2020",
            "in 2020",
            "7,200 people",
            "you may 2025",
            "04/05/2025",
            "31 April 2025",
            "12345",
            "v2025",
            "2025-13-01",
            "Marchers 2025",
        ] {
            assert_eq!(dates(text), [], "{text}");
        }
    }

    #[test]
    fn dates_are_found_across_a_querys_words() {
        let words = [
            "visit", "on", "28", "April", "2025,", "and", "March", "2025",
        ];
        let found = dates_in_words(&words);
        assert_eq!(found.len(), 2);
        assert_eq!(
            (found[0].0.clone(), found[0].1.key()),
            (2..5, "2025-04-28".to_string())
        );
        assert_eq!(
            (found[1].0.clone(), found[1].1.key()),
            (6..8, "2025-03".to_string())
        );
        assert_eq!(dates_in_words(&["2016", "2020"]), []);
    }

    #[test]
    fn dates_print_as_people_read_them() {
        assert_eq!(
            parse_date("2025-04-28").unwrap().to_string(),
            "28 April 2025"
        );
        assert_eq!(parse_date("May 2025").unwrap().to_string(), "May 2025");
    }
}
