//! Citations: where a passage is, precisely enough to check it by hand.
//!
//! The citation string starts with `path:LINES` (the form editors and grep use), then the paragraph
//! number, section and title: `seeds/a.txt:12-15, paragraph 7, section "Intro", in "Title"`.
//! A JSON-lines document's path is `file.jsonl#ID` and its lines count within the `text` value.

use std::fmt;

/// Where a passage is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// File path as the user would open it (`file.jsonl#ID` for JSON-lines documents).
    pub path: String,
    /// 1-based paragraph (passage) number in the document.
    pub paragraph: u64,
    /// First line, 1-based.
    pub line_start: u64,
    /// Last line, 1-based, inclusive.
    pub line_end: u64,
    /// Section heading, if any.
    pub section: Option<String>,
    /// Document title.
    pub title: String,
}

impl Citation {
    /// `12` for one line, `12-15` for several.
    pub fn lines(&self) -> String {
        if self.line_start == self.line_end {
            self.line_start.to_string()
        } else {
            format!("{}-{}", self.line_start, self.line_end)
        }
    }

    /// `path:LINES`, the part of the citation that locates the text.
    pub fn location(&self) -> String {
        format!("{}:{}", self.path, self.lines())
    }
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, paragraph {}", self.location(), self.paragraph)?;
        if let Some(section) = &self.section {
            write!(f, ", section \"{section}\"")?;
        }
        write!(f, ", in \"{}\"", self.title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citation(line_end: u64, section: Option<&str>) -> Citation {
        Citation {
            path: "seeds/a.txt".into(),
            paragraph: 7,
            line_start: 12,
            line_end,
            section: section.map(str::to_string),
            title: "A Title".into(),
        }
    }

    #[test]
    fn the_citation_names_lines_paragraph_section_and_title() {
        assert_eq!(
            citation(15, Some("Intro")).to_string(),
            "seeds/a.txt:12-15, paragraph 7, section \"Intro\", in \"A Title\""
        );
    }

    #[test]
    fn one_line_and_no_section_read_simply() {
        assert_eq!(
            citation(12, None).to_string(),
            "seeds/a.txt:12, paragraph 7, in \"A Title\""
        );
    }
}
