//! Work done ahead on other threads and handed back in order: extraction of PDFs and other
//! formats runs on every core while the indexer takes the results one by one.
//!
//! At most `ahead` items are started beyond the one the consumer waits for, so memory stays bounded
//! however long the list; dropping the [`Prefetch`] stops the workers after their current item.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::Scope;

struct State<R> {
    /// The next item a worker may start.
    next_start: usize,
    /// The next item the consumer takes.
    next_take: usize,
    done: HashMap<usize, R>,
    stopped: bool,
}

struct Shared<R> {
    state: Mutex<State<R>>,
    changed: Condvar,
}

/// Results of `work` on a list of items, computed ahead on worker threads, taken in list order.
pub struct Prefetch<R> {
    shared: Arc<Shared<R>>,
    len: usize,
}

impl<R: Send> Prefetch<R> {
    /// Starts `threads` workers in `scope` running `work` on `items`, at most `ahead` items beyond
    /// the one being taken.
    pub fn start<'scope, 'env, T, F>(
        scope: &'scope Scope<'scope, 'env>,
        items: &'env [T],
        threads: usize,
        ahead: usize,
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
                done: HashMap::new(),
                stopped: false,
            }),
            changed: Condvar::new(),
        });
        let work = Arc::new(work);
        let ahead = ahead.max(1);
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
                        if state.next_start < state.next_take + ahead {
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

    #[test]
    fn results_come_back_in_order_whatever_order_they_finish_in() {
        let items: Vec<u64> = (0..40).collect();
        let results: Vec<u64> = std::thread::scope(|scope| {
            Prefetch::start(scope, &items, 4, 3, |&n| {
                std::thread::sleep(std::time::Duration::from_millis((40 - n) % 7));
                n * 2
            })
            .collect()
        });
        assert_eq!(results, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn workers_stay_within_the_window_and_stop_when_dropped() {
        let items: Vec<usize> = (0..100).collect();
        let started = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            let mut prefetch = Prefetch::start(scope, &items, 2, 4, |&n| {
                started.fetch_add(1, Ordering::SeqCst);
                n
            });
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
        let got: Vec<u8> =
            std::thread::scope(|scope| Prefetch::start(scope, &items, 2, 2, |&n| n).collect());
        assert!(got.is_empty());
    }
}
