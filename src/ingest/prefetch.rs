//! Work done ahead on other threads and handed back in order: extraction of PDFs and other
//! formats runs on every core while the indexer takes the results one by one.
//!
//! Workers run ahead of the consumer within a [`Window`] of items and of input bytes, so memory stays
//! bounded however long the list; dropping the [`Prefetch`] stops the workers after their current
//! item. The window is wide because results are taken in order: one slow item (a 500-page manual)
//! at the head must not leave the other cores idle until it is done.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::Scope;

/// How far workers may run ahead of the item the consumer waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// At most this many items started and not yet taken.
    pub items: usize,
    /// At most this many bytes of input (by the items' sizes) started and not yet taken; the item
    /// the consumer waits for is started whatever its size.
    pub bytes: u64,
}

struct State<R> {
    /// The next item a worker may start.
    next_start: usize,
    /// The next item the consumer takes.
    next_take: usize,
    /// Input bytes of the items started and not yet taken.
    pending_bytes: u64,
    done: HashMap<usize, R>,
    stopped: bool,
}

impl<R> State<R> {
    /// Whether item `next_start`, of `size` bytes, fits in `window`.
    fn may_start(&self, window: Window, size: u64) -> bool {
        self.next_start == self.next_take
            || (self.next_start < self.next_take + window.items
                && self.pending_bytes.saturating_add(size) <= window.bytes)
    }
}

struct Shared<R> {
    state: Mutex<State<R>>,
    changed: Condvar,
    /// Each item's input size in bytes.
    sizes: Vec<u64>,
}

/// Results of `work` on a list of items, computed ahead on worker threads, taken in list order.
pub struct Prefetch<R> {
    shared: Arc<Shared<R>>,
    len: usize,
}

impl<R: Send> Prefetch<R> {
    /// Starts `threads` workers in `scope` running `work` on `items` (of input sizes `size`), at most
    /// `window` ahead of the one being taken.
    pub fn start<'scope, 'env, T, F>(
        scope: &'scope Scope<'scope, 'env>,
        items: &'env [T],
        threads: usize,
        window: Window,
        size: impl Fn(&T) -> u64,
        work: F,
    ) -> Prefetch<R>
    where
        T: Sync,
        R: 'scope,
        F: Fn(&T) -> R + Send + Sync + 'scope,
    {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                next_start: 0,
                next_take: 0,
                pending_bytes: 0,
                done: HashMap::new(),
                stopped: false,
            }),
            changed: Condvar::new(),
            sizes: items.iter().map(size).collect(),
        });
        let work = Arc::new(work);
        for _ in 0..threads.max(1).min(items.len()) {
            let shared = Arc::clone(&shared);
            let work = Arc::clone(&work);
            scope.spawn(move || loop {
                let item = {
                    let mut state = shared.state.lock().expect("no worker panics holding it");
                    loop {
                        if state.stopped || state.next_start >= items.len() {
                            return;
                        }
                        let size = shared.sizes[state.next_start];
                        if state.may_start(window, size) {
                            state.pending_bytes += size;
                            break;
                        }
                        state = shared.changed.wait(state).expect("not poisoned");
                    }
                    state.next_start += 1;
                    state.next_start - 1
                };
                let result = work(&items[item]);
                let mut state = shared.state.lock().expect("not poisoned");
                state.done.insert(item, result);
                shared.changed.notify_all();
            });
        }
        Prefetch {
            shared,
            len: items.len(),
        }
    }
}

impl<R> Iterator for Prefetch<R> {
    type Item = R;

    /// The next item's result, waiting for it if needed.
    fn next(&mut self) -> Option<R> {
        let mut state = self.shared.state.lock().expect("not poisoned");
        if state.next_take >= self.len {
            return None;
        }
        loop {
            let take = state.next_take;
            if let Some(result) = state.done.remove(&take) {
                state.next_take += 1;
                state.pending_bytes -= self.shared.sizes[take];
                self.shared.changed.notify_all();
                return Some(result);
            }
            state = self.shared.changed.wait(state).expect("not poisoned");
        }
    }
}

impl<R> Drop for Prefetch<R> {
    fn drop(&mut self) {
        if let Ok(mut state) = self.shared.state.lock() {
            state.stopped = true;
        }
        self.shared.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A window of `items` items, with no limit on bytes.
    fn items_window(items: usize) -> Window {
        Window {
            items,
            bytes: u64::MAX,
        }
    }

    #[test]
    fn results_come_back_in_order_whatever_order_they_finish_in() {
        let items: Vec<u64> = (0..40).collect();
        let results: Vec<u64> = std::thread::scope(|scope| {
            Prefetch::start(
                scope,
                &items,
                4,
                items_window(3),
                |_| 1,
                |&n| {
                    std::thread::sleep(std::time::Duration::from_millis((40 - n) % 7));
                    n * 2
                },
            )
            .collect()
        });
        assert_eq!(results, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn workers_stay_within_the_window_and_stop_when_dropped() {
        let items: Vec<usize> = (0..100).collect();
        let started = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            let mut prefetch = Prefetch::start(
                scope,
                &items,
                2,
                items_window(4),
                |_| 1,
                |&n| {
                    started.fetch_add(1, Ordering::SeqCst);
                    n
                },
            );
            assert_eq!(prefetch.next(), Some(0));
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert!(
                started.load(Ordering::SeqCst) <= 5,
                "{}",
                started.load(Ordering::SeqCst)
            );
            drop(prefetch);
        });
        assert!(started.load(Ordering::SeqCst) <= 6);
    }

    #[test]
    fn an_empty_list_yields_nothing() {
        let items: Vec<u8> = Vec::new();
        let got: Vec<u8> = std::thread::scope(|scope| {
            Prefetch::start(scope, &items, 2, items_window(2), |_| 1, |&n| n).collect()
        });
        assert!(got.is_empty());
    }

    #[test]
    fn workers_stay_within_the_bytes_of_the_window_but_always_start_the_awaited_item() {
        // Two items of 10 bytes fit in a window of 25 bytes, three do not; the 100-byte item is
        // over the window alone and still runs when it is the one awaited.
        let items: Vec<u64> = vec![10, 10, 10, 100, 10];
        let started = AtomicUsize::new(0);
        let window = Window {
            items: 10,
            bytes: 25,
        };
        std::thread::scope(|scope| {
            let prefetch = Prefetch::start(
                scope,
                &items,
                3,
                window,
                |&n| n,
                |&n| {
                    started.fetch_add(1, Ordering::SeqCst);
                    n
                },
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert!(started.load(Ordering::SeqCst) <= 2);
            assert_eq!(prefetch.collect::<Vec<_>>(), items);
        });
    }
}
