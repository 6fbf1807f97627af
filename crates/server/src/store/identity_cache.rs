//! What the identities API keeps in memory between requests, so that reads that repeat
//! do not go back to SQLite:
//!
//! - the serialized `Identity` documents by id (a get by id, and every row of a page);
//! - list totals by query (`count=true`, which the portal sends on every page);
//! - keyset anchors by query: the sort key of the row just before an offset, so the
//!   page at that offset starts with an index seek instead of walking `offset` entries
//!   (the API speaks offsets; paging through it, or opening the last page again, does
//!   not cost a deep `OFFSET`).
//!
//! Every write to the `identities` table goes through `store::identities`, which
//! invalidates here after it commits. A read that started before a write must not put
//! what it read back after the invalidation: each invalidation bumps a generation, and
//! a read stores what it found only when the generation it started with is still
//! current.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::value::RawValue;

/// At most this many documents are kept (about 1 KB each); when full, the cache starts over.
const MAX_DOCS: usize = 50_000;
/// At most this many queries keep anchors and totals.
const MAX_QUERIES: usize = 512;
/// At most this many anchors per query.
const MAX_ANCHORS: usize = 256;

/// The values of a page's sort columns (then `id`) for one row.
pub type SortKey = Vec<String>;

/// The in-memory side of the identities store (see the module docs).
#[derive(Default)]
pub struct IdentityCache {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    generation: u64,
    docs: HashMap<String, Arc<RawValue>>,
    queries: HashMap<String, QueryMemo>,
}

/// What is remembered about one list query (its filter, default filter and order).
#[derive(Default)]
struct QueryMemo {
    total: Option<i64>,
    /// offset → the sort key of the row at `offset - 1`.
    anchors: BTreeMap<i64, SortKey>,
}

/// Where a page read can start: at `offset` after `key`, or from the top.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    pub offset: i64,
    pub key: Option<SortKey>,
}

impl IdentityCache {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave the maps half-changed in a way
        // that matters (each operation is one insert or clear), so keep serving.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The generation a read starts with; pass it back to the `store_*` calls.
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// The cached documents of `ids`, in order (`None` where not cached).
    pub fn docs(&self, ids: &[String]) -> Vec<Option<Arc<RawValue>>> {
        let inner = self.lock();
        ids.iter().map(|id| inner.docs.get(id).cloned()).collect()
    }

    pub fn store_docs(&self, generation: u64, docs: impl IntoIterator<Item = (String, Arc<RawValue>)>) {
        let mut inner = self.lock();
        if inner.generation != generation {
            return;
        }
        for (id, doc) in docs {
            if inner.docs.len() >= MAX_DOCS {
                inner.docs.clear();
            }
            inner.docs.insert(id, doc);
        }
    }

    pub fn total(&self, query: &str) -> Option<i64> {
        self.lock().queries.get(query).and_then(|q| q.total)
    }

    pub fn store_total(&self, generation: u64, query: &str, total: i64) {
        if let Some(memo) = self.lock().memo(generation, query) {
            memo.total = Some(total);
        }
    }

    /// The nearest anchor at or before `offset` (offset 0 without a key when none).
    pub fn anchor(&self, query: &str, offset: i64) -> Anchor {
        self.lock()
            .queries
            .get(query)
            .and_then(|q| q.anchors.range(..=offset).next_back())
            .map(|(&offset, key)| Anchor {
                offset,
                key: Some(key.clone()),
            })
            .unwrap_or(Anchor { offset: 0, key: None })
    }

    /// Remembers that the row before `offset` has sort key `key`.
    pub fn store_anchor(&self, generation: u64, query: &str, offset: i64, key: SortKey) {
        if offset <= 0 {
            return;
        }
        if let Some(memo) = self.lock().memo(generation, query) {
            if memo.anchors.len() >= MAX_ANCHORS {
                memo.anchors.clear();
            }
            memo.anchors.insert(offset, key);
        }
    }

    /// One identity changed in a way that touches only its own document (and any
    /// total or order that depends on its columns).
    pub fn invalidate_one(&self, id: &str) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.docs.remove(id);
        inner.queries.clear();
    }

    /// Identities changed in ways that reach other documents (a deleted manager is no
    /// longer anyone's `managerRef`, nor a manager), or in bulk.
    pub fn invalidate_all(&self) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.docs.clear();
        inner.queries.clear();
    }
}

impl Inner {
    fn memo(&mut self, generation: u64, query: &str) -> Option<&mut QueryMemo> {
        if self.generation != generation {
            return None;
        }
        if !self.queries.contains_key(query) && self.queries.len() >= MAX_QUERIES {
            self.queries.clear();
        }
        Some(self.queries.entry(query.to_string()).or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Arc<RawValue> {
        Arc::from(RawValue::from_string(text.to_string()).unwrap())
    }

    #[test]
    fn documents_are_kept_until_their_identity_changes() {
        let cache = IdentityCache::default();
        let g = cache.generation();
        cache.store_docs(g, [("a".to_string(), doc("1")), ("b".to_string(), doc("2"))]);
        let ids = ["a".to_string(), "b".to_string(), "c".to_string()];
        let got: Vec<Option<String>> = cache
            .docs(&ids)
            .into_iter()
            .map(|d| d.map(|d| d.get().to_string()))
            .collect();
        assert_eq!(got, [Some("1".into()), Some("2".into()), None]);
        cache.invalidate_one("a");
        assert!(cache.docs(&ids)[0].is_none());
        assert!(cache.docs(&ids)[1].is_some());
        cache.invalidate_all();
        assert!(cache.docs(&ids).iter().all(Option::is_none));
    }

    #[test]
    fn a_read_that_began_before_a_write_stores_nothing() {
        let cache = IdentityCache::default();
        let before = cache.generation();
        cache.invalidate_one("a");
        cache.store_docs(before, [("a".to_string(), doc("\"stale\""))]);
        cache.store_total(before, "q", 7);
        cache.store_anchor(before, "q", 250, vec!["x".into()]);
        assert!(cache.docs(&["a".to_string()])[0].is_none());
        assert_eq!(cache.total("q"), None);
        assert_eq!(cache.anchor("q", 250), Anchor { offset: 0, key: None });
    }

    #[test]
    fn the_nearest_anchor_at_or_before_an_offset_is_found() {
        let cache = IdentityCache::default();
        let g = cache.generation();
        cache.store_anchor(g, "q", 250, vec!["m".into(), "id1".into()]);
        cache.store_anchor(g, "q", 500, vec!["t".into(), "id2".into()]);
        assert_eq!(cache.anchor("q", 100), Anchor { offset: 0, key: None });
        assert_eq!(cache.anchor("q", 250).offset, 250);
        assert_eq!(cache.anchor("q", 499).offset, 250);
        assert_eq!(
            cache.anchor("q", 900),
            Anchor {
                offset: 500,
                key: Some(vec!["t".into(), "id2".into()])
            }
        );
        assert_eq!(cache.anchor("other", 900).key, None);
        cache.store_total(g, "q", 1234);
        assert_eq!(cache.total("q"), Some(1234));
        cache.invalidate_one("someone");
        assert_eq!(cache.total("q"), None);
        assert_eq!(cache.anchor("q", 900).key, None);
    }
}
