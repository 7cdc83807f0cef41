//! Bounds the text waiting in tantivy's indexing queue, whatever the size of the documents.
//!
//! tantivy's indexing threads take groups of records from a queue of up to 10,000 groups. sleuth
//! adds each document's records as one group (so that they stay together in one segment), so
//! the bytes queued would follow the size of the documents: 10,000 large documents could hold
//! gigabytes. Each group here carries a ticket for its text, returned when tantivy has indexed
//! the group's last record, and [`TextQueue::admit`] waits while [`QUEUED_TEXT_LIMIT`] bytes are
//! out.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use tantivy::schema::document::Document;
use tantivy::TantivyDocument;

/// Most bytes of text queued for indexing at once: plenty to keep the indexing threads busy.
pub const QUEUED_TEXT_LIMIT: usize = 32 << 20;

/// How long [`TextQueue::admit`] waits for tantivy to take text before it stops waiting (when
/// the indexing threads have failed, tantivy reports why on the next operation).
const STALL_TIMEOUT: Duration = Duration::from_secs(30);

/// Counts the bytes of text queued for indexing.
#[derive(Clone, Default)]
pub struct TextQueue {
    queued: Arc<(Mutex<usize>, Condvar)>,
}

impl TextQueue {
    /// Waits until `bytes` more may be queued (at once when nothing is, so that any document
    /// fits), then wraps `records` for tantivy, the last one holding the ticket for `bytes`.
    pub fn admit(&self, records: Vec<TantivyDocument>, bytes: usize) -> Vec<QueuedRecord> {
        let (count, returned) = &*self.queued;
        let mut queued = count.lock().unwrap_or_else(PoisonError::into_inner);
        while *queued > 0 && *queued + bytes > QUEUED_TEXT_LIMIT {
            let (guard, wait) = returned
                .wait_timeout(queued, STALL_TIMEOUT)
                .unwrap_or_else(PoisonError::into_inner);
            queued = guard;
            if wait.timed_out() {
                break;
            }
        }
        *queued += bytes;
        drop(queued);
        let last = records.len().saturating_sub(1);
        records
            .into_iter()
            .enumerate()
            .map(|(i, record)| QueuedRecord {
                record,
                _ticket: (i == last).then(|| Ticket {
                    bytes,
                    queue: self.clone(),
                }),
            })
            .collect()
    }

    /// Bytes queued now.
    pub fn queued(&self) -> usize {
        *self.queued.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Returns its bytes to the queue when dropped, that is when tantivy is done with its record.
struct Ticket {
    bytes: usize,
    queue: TextQueue,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let (count, returned) = &*self.queue.queued;
        let mut queued = count.lock().unwrap_or_else(PoisonError::into_inner);
        *queued = queued.saturating_sub(self.bytes);
        returned.notify_all();
    }
}

/// A record on its way to tantivy, with the ticket of its group's text if it is the group's last.
pub struct QueuedRecord {
    record: TantivyDocument,
    _ticket: Option<Ticket>,
}

impl Document for QueuedRecord {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.record.iter_fields_and_values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(n: usize) -> Vec<TantivyDocument> {
        (0..n).map(|_| TantivyDocument::default()).collect()
    }

    #[test]
    fn bytes_are_queued_until_the_groups_last_record_is_dropped() {
        let queue = TextQueue::default();
        let mut group = queue.admit(records(3), 1000);
        assert_eq!(queue.queued(), 1000);
        group.truncate(2); // the last record, with the ticket, is indexed
        assert_eq!(queue.queued(), 0);
        drop(group);
        assert_eq!(queue.queued(), 0);
    }

    #[test]
    fn a_full_queue_waits_for_tantivy_and_a_lone_large_document_passes() {
        let queue = TextQueue::default();
        let big = queue.admit(records(1), QUEUED_TEXT_LIMIT * 2);
        let waiting = {
            let queue = queue.clone();
            std::thread::spawn(move || queue.admit(records(1), 10))
        };
        std::thread::sleep(Duration::from_millis(50));
        assert!(!waiting.is_finished(), "admitted past the limit");
        drop(big);
        let admitted = waiting.join().unwrap();
        assert_eq!(queue.queued(), 10);
        drop(admitted);
        assert_eq!(queue.queued(), 0);
    }
}
