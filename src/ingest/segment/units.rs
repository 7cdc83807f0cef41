//! Units (runs of lines that read as one paragraph, list item or heading) and their roles:
//! title, heading or body.

use super::cues::{
    bullet_marker_len, continues_previous, ends_clause, ends_sentence, ends_with_connector,
    ends_with_hyphenation, final_char, is_date_or_byline, is_heading_like, is_period_heading_like,
    is_title_like,
};
use super::joining::Joined;
use super::lines::{find_blocks, find_furniture, Line};
use super::{FULL_LINE_QUARTERS, HARD_WRAP_WIDTHS};

/// A run of lines read as one paragraph, list item or heading, with its joined text.
pub(super) struct Unit {
    /// Index of the block the unit belongs to.
    block: usize,
    /// Whether the unit is its block's only unit (a paragraph set off by blank lines).
    alone_in_block: bool,
    /// Whether the unit starts with a bullet marker (left out of its text).
    pub(super) bullet: bool,
    pub(super) joined: Joined,
}

pub(super) fn find_units(lines: &[Line<'_>]) -> Vec<Unit> {
    let blocks = find_blocks(lines);
    let furniture = find_furniture(lines, &blocks);
    let mut units = Vec::new();
    for (block_index, (block, is_furniture)) in blocks.iter().zip(furniture).enumerate() {
        let Some(block_lines) = lines.get(block.clone()) else {
            continue;
        };
        if is_furniture {
            continue;
        }
        let shape = BlockShape::of(block_lines);
        let mut starts: Vec<usize> = vec![0];
        starts.extend((1..block_lines.len()).filter(|&i| starts_new_unit(&shape, block_lines, i)));
        let alone = starts.len() == 1;
        for (k, &first) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(block_lines.len());
            let Some(unit_lines) = block_lines.get(first..end) else {
                continue;
            };
            let marker = unit_lines.first().and_then(|l| bullet_marker_len(l.text));
            units.push(Unit {
                block: block_index,
                alone_in_block: alone,
                bullet: marker.is_some(),
                joined: Joined::of(unit_lines, marker.unwrap_or(0)),
            });
        }
    }
    units
}

/// What a block's lines say about how to read it.
pub(super) struct BlockShape {
    /// Lines were wrapped by a layout at a fixed width (PDF text): join them into paragraphs.
    hard_wrapped: bool,
    /// Length in chars from which a line counts as filled to the wrap width.
    full_chars: usize,
    /// Several lines end in `;`: the block holds a list whose items end there.
    semicolon_list: bool,
}

impl BlockShape {
    pub(super) fn of(block_lines: &[Line<'_>]) -> Self {
        let width = block_lines.iter().map(|line| line.chars).max().unwrap_or(0);
        let semicolons = block_lines
            .iter()
            .filter(|line| final_char(line.text) == Some(';'))
            .count();
        BlockShape {
            hard_wrapped: block_lines.len() >= 2 && HARD_WRAP_WIDTHS.contains(&width),
            full_chars: width * FULL_LINE_QUARTERS / 4,
            semicolon_list: semicolons >= 2,
        }
    }

    fn is_full(&self, line: &Line<'_>) -> bool {
        self.hard_wrapped && line.chars >= self.full_chars
    }
}

/// Whether line `i` of a block starts a new unit rather than continuing line `i - 1`.
fn starts_new_unit(shape: &BlockShape, block_lines: &[Line<'_>], i: usize) -> bool {
    let (Some(prev), Some(next)) = (block_lines.get(i.wrapping_sub(1)), block_lines.get(i)) else {
        return true;
    };
    if bullet_marker_len(next.text).is_some() {
        return true;
    }
    if shape.semicolon_list && final_char(prev.text) == Some(';') {
        return true;
    }
    if ends_with_hyphenation(prev.text) || continues_previous(prev.text, next.text) {
        return false;
    }
    if is_date_or_byline(prev.text) || is_date_or_byline(next.text) {
        return true;
    }
    if !ends_sentence(prev.text) {
        if ends_clause(prev.text) || ends_with_connector(prev.text) {
            return false;
        }
        if stands_alone_as_heading(shape, block_lines, i - 1) {
            return true;
        }
        // A wrapped line may stop anywhere; in one-paragraph-per-line text a line that stops
        // without punctuation is still a paragraph of its own.
        return !shape.hard_wrapped;
    }
    let wrapped_here = shape.is_full(prev) || (shape.hard_wrapped && prev.trailing_space);
    !wrapped_here || stands_alone_as_heading(shape, block_lines, i)
}

/// Whether line `j` of a block looks like a heading in its place: heading-like, not a line filled
/// to the wrap width, and not continued by the next line.
fn stands_alone_as_heading(shape: &BlockShape, block_lines: &[Line<'_>], j: usize) -> bool {
    let Some(line) = block_lines.get(j) else {
        return false;
    };
    is_heading_like(line.text)
        && !shape.is_full(line)
        && block_lines
            .get(j + 1)
            .is_none_or(|next| !continues_previous(line.text, next.text))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Title,
    Heading,
    Body,
}

pub(super) fn assign_roles(units: &[Unit]) -> Vec<Role> {
    let mut roles = vec![Role::Body; units.len()];
    let plain: Vec<bool> = units
        .iter()
        .map(|u| !u.bullet && is_heading_like(&u.joined.text))
        .collect();
    let period: Vec<bool> = units
        .iter()
        .map(|u| !u.bullet && u.alone_in_block && is_period_heading_like(&u.joined.text))
        .collect();
    // A document keeps to one heading style. Period-terminated headings are a Wikipedia
    // convention: where they prevail, an unpunctuated short line is a sentence cut before a
    // dropped formula or table and must stay a passage; elsewhere a short line ending in a period
    // is a sentence, not a heading.
    let period_count = period.iter().filter(|&&p| p).count();
    let plain_count = plain.iter().filter(|&&p| p).count();
    let period_style = period_count >= 2 && 2 * period_count >= plain_count;
    let mut candidate = if period_style { period } else { plain };

    // The title: the first line that is not a date or byline, when it reads as a heading and more
    // text follows.
    if let Some(first) = units
        .iter()
        .position(|u| !is_date_or_byline(&u.joined.text))
    {
        let unit = &units[first];
        if !unit.bullet && is_title_like(&unit.joined.text) && first + 1 < units.len() {
            roles[first] = Role::Title;
            candidate[first] = false;
        }
    }

    // Heading-like lines in a row within one block are a list (place names, menu entries), not
    // headings: keeping them as passages keeps their text searchable.
    let mut i = 0;
    while i < units.len() {
        let run_end = (i..units.len())
            .find(|&j| !candidate[j] || units[j].block != units[i].block)
            .unwrap_or(units.len());
        if run_end - i >= 2 {
            candidate[i..run_end].iter_mut().for_each(|c| *c = false);
        }
        i = run_end.max(i + 1);
    }

    // A heading introduces body text: one with nothing after it (a byline, "You've reached the
    // end") is a passage.
    let mut body_follows = false;
    for (index, role) in roles.iter_mut().enumerate().rev() {
        if *role == Role::Title {
            continue;
        }
        if candidate[index] && body_follows {
            *role = Role::Heading;
        } else {
            body_follows = true;
        }
    }
    roles
}
