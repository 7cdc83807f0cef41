//! The index as the server sees it: the latest commit, swapped in without stopping anyone.
//!
//! Each request takes the current snapshot (an `Arc`) and keeps it until it is answered. When
//! `sleuth index` commits, tantivy rewrites `meta.json` (atomically); [`Live::refresh`] notices
//! the change, opens the new commit and warms its reader *before* swapping it in, so no request
//! waits for the opening and none fails during the swap: requests already running finish on the
//! old snapshot, whose files stay mapped until the last of them drops it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use arc_swap::ArcSwap;

use crate::engine::Engine;
use crate::error::Result;

/// One opened commit of the index.
pub struct Snapshot {
    /// The index at that commit.
    pub engine: Engine,
    /// When the commit was written (the modification time of `meta.json`).
    pub committed: Option<SystemTime>,
    stamp: Option<Stamp>,
}

/// What identifies a commit on disk without reading it: `meta.json`'s size, time and file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

impl Stamp {
    fn of(dir: &Path) -> Option<Stamp> {
        let metadata = std::fs::metadata(dir.join("meta.json")).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&metadata);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            inode,
        })
    }
}

impl Snapshot {
    /// Opens the index in `dir` and its reader, ready to answer.
    fn open(dir: &Path) -> Result<Snapshot> {
        // Stamp first: a commit landing while we open is then seen as a change next time.
        let stamp = Stamp::of(dir);
        let engine = Engine::open(dir)?;
        // Counting opens the reader, so the first request does not wait for it.
        engine.size()?;
        Ok(Snapshot {
            engine,
            committed: stamp.and_then(|s| s.modified),
            stamp,
        })
    }
}

/// The index directory and its current snapshot.
pub struct Live {
    dir: PathBuf,
    current: ArcSwap<Snapshot>,
}

impl Live {
    /// Opens the index in `dir`.
    pub fn open(dir: &Path) -> Result<Live> {
        Ok(Live {
            dir: dir.to_path_buf(),
            current: ArcSwap::from_pointee(Snapshot::open(dir)?),
        })
    }

    /// The snapshot to answer a request from.
    pub fn current(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    /// Opens the latest commit if it is not the current one, and swaps it in. Returns whether it
    /// did. On an error (say, the index being rebuilt) the current snapshot stays.
    pub fn refresh(&self) -> Result<bool> {
        let stamp = Stamp::of(&self.dir);
        if stamp.is_none() || stamp == self.current.load().stamp {
            return Ok(false);
        }
        self.current.store(Arc::new(Snapshot::open(&self.dir)?));
        Ok(true)
    }
}
