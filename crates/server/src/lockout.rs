//! Lockout per client id, as the tenant's lockout settings say: failed `/oauth/token`
//! attempts are counted in memory per client id, and `maximumAttempts` of them within
//! `lockoutWindow` minutes lock the client id for `lockoutDuration` minutes after the
//! last one. While locked, attempts are refused without counting. Once a lock has been
//! served, the failures before it no longer count, so the next wrong attempt starts a
//! new count instead of locking again; a successful sign-in clears the count.
//!
//! The table is bounded, whatever client ids are sent: failures older than
//! [`HORIZON`] are forgotten, at most [`FAILURES_KEPT`] are kept per client id, and at
//! most `capacity` client ids are tracked. When a new client id finds the table full,
//! the entries with nothing left inside the horizon go first, then the unknown client
//! id (no personal access token has it) that failed longest ago. The client ids of real
//! tokens are never evicted (there are only as many as tokens); an unknown client id
//! that finds no room is not tracked.

use std::collections::HashMap;

use gatehouse_wire::settings::LockoutConfiguration;

/// How many client ids the table tracks before it evicts unknown ones.
pub const DEFAULT_CAPACITY: usize = 10_000;

/// Failures are forgotten after two hours (the longest lockout window is 60 minutes).
pub const HORIZON: i64 = 2 * 3600;

/// The newest failures kept per client id (more than the largest `maximumAttempts`, 15).
pub const FAILURES_KEPT: usize = 32;

/// The failed sign-ins of one client id.
#[derive(Debug, Clone, Default)]
pub struct ClientFailures {
    /// When each failure happened (Unix seconds), oldest first.
    pub times: Vec<i64>,
    /// Whether a personal access token has this client id.
    pub known: bool,
}

impl ClientFailures {
    fn last(&self) -> i64 {
        self.times.last().copied().unwrap_or(i64::MIN)
    }
}

/// Failed sign-ins by client id.
#[derive(Debug)]
pub struct FailedSignIns {
    pub by_client: HashMap<String, ClientFailures>,
    capacity: usize,
}

impl Default for FailedSignIns {
    fn default() -> Self {
        Self::with_capacity(DEFAULT_CAPACITY)
    }
}

impl FailedSignIns {
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            by_client: HashMap::new(),
            capacity,
        }
    }

    /// Until when (Unix seconds) a client id is locked at `now`, if it is. A lock found
    /// served forgets the failures that caused it.
    pub fn locked_until(&mut self, client_id: &str, now: i64, lockout: &LockoutConfiguration) -> Option<i64> {
        let entry = self.by_client.get(client_id)?;
        let window = lockout.lockout_window * 60;
        let recent: Vec<i64> = entry.times.iter().copied().filter(|t| now - t <= window).collect();
        if (recent.len() as i64) < lockout.maximum_attempts {
            return None;
        }
        let until = recent.last().copied().unwrap_or(now) + lockout.lockout_duration * 60;
        if until > now {
            return Some(until);
        }
        self.by_client.remove(client_id);
        None
    }

    /// Counts a failed attempt of a client id (`known` when a token has it).
    pub fn record(&mut self, client_id: &str, known: bool, now: i64) {
        if !self.by_client.contains_key(client_id) && !self.make_room(known, now) {
            return;
        }
        let entry = self.by_client.entry(client_id.to_string()).or_default();
        entry.known |= known;
        entry.times.retain(|t| now - t <= HORIZON);
        entry.times.push(now);
        let excess = entry.times.len().saturating_sub(FAILURES_KEPT);
        entry.times.drain(..excess);
    }

    /// A successful sign-in: the count starts again.
    pub fn clear(&mut self, client_id: &str) {
        self.by_client.remove(client_id);
    }

    /// Whether a new client id may be tracked, evicting what the module header says.
    fn make_room(&mut self, known: bool, now: i64) -> bool {
        if self.by_client.len() < self.capacity {
            return true;
        }
        self.by_client.retain(|_, e| now - e.last() <= HORIZON);
        if self.by_client.len() < self.capacity {
            return true;
        }
        let oldest_unknown = self
            .by_client
            .iter()
            .filter(|(_, e)| !e.known)
            .min_by_key(|(_, e)| e.last())
            .map(|(id, _)| id.clone());
        match oldest_unknown {
            Some(id) => {
                self.by_client.remove(&id);
                true
            }
            None => known,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lockout(attempts: i64, window: i64, duration: i64) -> LockoutConfiguration {
        LockoutConfiguration {
            maximum_attempts: attempts,
            lockout_duration: duration,
            lockout_window: window,
        }
    }

    #[test]
    fn a_served_lock_forgets_the_failures_before_it() {
        let cfg = lockout(2, 60, 5);
        let mut t = FailedSignIns::default();
        t.record("c", true, 1000);
        assert_eq!(t.locked_until("c", 1001, &cfg), None);
        t.record("c", true, 1001);
        assert_eq!(t.locked_until("c", 1002, &cfg), Some(1001 + 300));
        assert_eq!(t.locked_until("c", 1300, &cfg), Some(1301));
        // Served: both failures are still inside the 60-minute window, yet they no longer count.
        assert_eq!(t.locked_until("c", 1301, &cfg), None);
        t.record("c", true, 1302);
        assert_eq!(t.locked_until("c", 1303, &cfg), None, "one new failure does not lock");
        t.record("c", true, 1304);
        assert_eq!(t.locked_until("c", 1305, &cfg), Some(1604), "two new ones do");
        t.clear("c");
        assert_eq!(t.locked_until("c", 1305, &cfg), None);
    }

    #[test]
    fn failures_outside_the_window_do_not_lock() {
        let cfg = lockout(2, 5, 15);
        let mut t = FailedSignIns::default();
        t.record("c", false, 0);
        t.record("c", false, 301);
        assert_eq!(t.locked_until("c", 302, &cfg), None);
        t.record("c", false, 302);
        assert_eq!(t.locked_until("c", 303, &cfg), Some(302 + 900));
    }

    #[test]
    fn each_client_keeps_only_its_newest_failures() {
        let mut t = FailedSignIns::default();
        for i in 0..100 {
            t.record("c", true, i);
        }
        let times = &t.by_client["c"].times;
        assert_eq!(times.len(), FAILURES_KEPT);
        assert_eq!(times.last(), Some(&99));
        t.record("c", true, 99 + HORIZON + 1);
        assert_eq!(t.by_client["c"].times, vec![99 + HORIZON + 1], "older than the horizon");
    }

    #[test]
    fn a_full_table_evicts_stale_then_unknown_clients_never_known_ones() {
        let mut t = FailedSignIns::with_capacity(3);
        t.record("token-a", true, 0);
        t.record("stale", false, 1);
        t.record("token-b", true, 10_000);
        // Full: the stale entry (nothing inside the horizon at 10 001) makes room.
        t.record("guess-1", false, 10_001);
        assert!(!t.by_client.contains_key("stale") && !t.by_client.contains_key("token-a"));
        t.record("token-a", true, 10_002);
        assert_eq!(t.by_client.len(), 3);
        // Full of fresh entries: an unknown client id replaces the oldest unknown one.
        t.record("guess-2", false, 10_003);
        assert!(t.by_client.contains_key("guess-2") && !t.by_client.contains_key("guess-1"));
        for i in 0..1000 {
            t.record(&format!("spray-{i}"), false, 10_004 + i);
        }
        assert_eq!(t.by_client.len(), 3, "arbitrary client ids cannot grow the table");
        assert!(t.by_client.contains_key("token-a") && t.by_client.contains_key("token-b"));
        // A real token's client id always gets tracked; an unknown one finds no room then.
        t.record("token-c", true, 11_100);
        assert!(t.by_client.contains_key("token-c"));
        t.record("token-d", true, 11_101);
        assert!(t.by_client.contains_key("token-d"));
        t.record("guess-3", false, 11_102);
        assert!(!t.by_client.contains_key("guess-3"));
        assert_eq!(t.by_client.len(), 4);
        // An existing entry is counted without needing room.
        t.record("token-a", true, 11_103);
        assert_eq!(t.by_client["token-a"].times, vec![10_002, 11_103]);
    }
}
