//! The one-line summary of an indexing run.

use crate::embed::sync::EmbedReport;
use crate::index::SyncReport;
use crate::ingest::walk::file_type;

/// `5 documents (5 added, 0 updated, 0 removed, 0 unchanged, 0 skipped): 118 passages, 41.2 KB in 0.12 s (0.3 MB/s)`
pub fn summary(report: &SyncReport) -> String {
    let megabytes = report.bytes as f64 / 1e6;
    let rate = if report.seconds > 0.0 {
        megabytes / report.seconds
    } else {
        0.0
    };
    format!(
        "{} documents ({} added, {} updated, {} removed, {} unchanged, {} skipped): {} passages, {} in {:.2} s ({:.1} MB/s)",
        report.documents(),
        report.added,
        report.updated,
        report.removed,
        report.unchanged,
        report.skipped,
        report.passages,
        human_bytes(report.bytes),
        report.seconds,
        rate,
    )
}

/// `14 files of other types not indexed: 9 .png, 5 .xlsx` (most common type first), when a
/// directory of the corpus held files sleuth does not read.
pub fn others(report: &SyncReport) -> Option<String> {
    if report.others.is_empty() {
        return None;
    }
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for path in &report.others {
        *counts.entry(file_type(path)).or_default() += 1;
    }
    let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let types: Vec<String> = counts.iter().map(|(t, n)| format!("{n} {t}")).collect();
    let files = if report.others.len() == 1 {
        "file"
    } else {
        "files"
    };
    let kinds = if report.others.len() == 1 {
        "another type"
    } else {
        "other types"
    };
    Some(format!(
        "{} {files} of {kinds} not indexed: {} (--verbose lists them)",
        report.others.len(),
        types.join(", ")
    ))
}

/// Bytes in B, KB, MB or GB (decimal units).
pub fn human_bytes(bytes: u64) -> String {
    let b = bytes as f64;
    match bytes {
        0..=999 => format!("{bytes} B"),
        1_000..=999_999 => format!("{:.1} KB", b / 1e3),
        1_000_000..=999_999_999 => format!("{:.1} MB", b / 1e6),
        _ => format!("{:.2} GB", b / 1e9),
    }
}

/// One line on what an embedding run did: passages embedded and kept, and the speed.
pub fn vectors(report: &EmbedReport) -> String {
    let seconds = report.elapsed.as_secs_f64();
    let mut line = format!(
        "vectors: {} passages embedded, {} unchanged",
        report.embedded,
        report.current + report.reused
    );
    if report.embedded > 0 && seconds > 0.0 {
        line.push_str(&format!(
            " ({:.1} s, {:.0} passages/s, {:.0} tokens/s)",
            seconds,
            report.embedded as f64 / seconds,
            report.tokens as f64 / seconds
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_other_types_are_counted_by_type() {
        let report = SyncReport {
            others: ["a.png", "b.xlsx", "c.PNG", "d"]
                .iter()
                .map(Into::into)
                .collect(),
            ..SyncReport::default()
        };
        assert_eq!(
            others(&report).unwrap(),
            "4 files of other types not indexed: 2 .png, 1 .xlsx, 1 no extension (--verbose lists them)"
        );
        assert_eq!(others(&SyncReport::default()), None);
    }

    #[test]
    fn the_summary_counts_every_outcome() {
        let report = SyncReport {
            added: 2,
            updated: 1,
            removed: 3,
            unchanged: 4,
            skipped: 1,
            passages: 20,
            bytes: 41_200,
            seconds: 0.5,
            problems: vec![],
            ..SyncReport::default()
        };
        assert_eq!(
            summary(&report),
            "7 documents (2 added, 1 updated, 3 removed, 4 unchanged, 1 skipped): 20 passages, 41.2 KB in 0.50 s (0.1 MB/s)"
        );
    }
}
