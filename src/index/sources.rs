//! The source cache: a small side file in the index directory recording each source file's size
//! and modification time, tied to the commit it describes, so that checking an unchanged corpus
//! needs only `stat` calls.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::SleuthIndex;
use crate::error::{Error, Result};
use crate::ingest::corpus::SourceFile;

/// File in the index directory that caches source file sizes and modification times.
pub(super) const SOURCE_CACHE_FILE: &str = "sleuth-sources.json";

/// What a source file looked like when it was last indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct SourceStamp {
    size: u64,
    modified_ns: u64,
}

impl From<&SourceFile> for SourceStamp {
    fn from(file: &SourceFile) -> Self {
        SourceStamp {
            size: file.size,
            modified_ns: file.modified_ns,
        }
    }
}

/// The side file: source stamps as of the commit with `opstamp`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct SourceCache {
    opstamp: u64,
    pub(super) sources: BTreeMap<PathBuf, SourceStamp>,
}

impl SleuthIndex {
    /// The side cache, if it describes the current commit.
    pub(super) fn source_cache(&self) -> Option<SourceCache> {
        let bytes = std::fs::read(self.dir.join(SOURCE_CACHE_FILE)).ok()?;
        let cache: SourceCache = serde_json::from_slice(&bytes).ok()?;
        (cache.opstamp == self.opstamp).then_some(cache)
    }

    pub(super) fn write_source_cache(&self, sources: &[SourceFile]) -> Result<()> {
        let cache = SourceCache {
            opstamp: self.opstamp,
            sources: sources
                .iter()
                .map(|s| (s.path.clone(), SourceStamp::from(s)))
                .collect(),
        };
        let path = self.dir.join(SOURCE_CACHE_FILE);
        let temp = self.dir.join(format!("{SOURCE_CACHE_FILE}.tmp"));
        let bytes = serde_json::to_vec(&cache).expect("the cache serializes");
        std::fs::write(&temp, bytes).map_err(|err| Error::io(&temp, err))?;
        std::fs::rename(&temp, &path).map_err(|err| Error::io(&path, err))
    }
}
