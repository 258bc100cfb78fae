//! How tracked time is counted when entries overlap: **every instant counts once, for the entry
//! that started most recently** (as if starting the later entry had switched the timer over;
//! entries that start together go to the one added last). So a total is the union of the
//! entries' time, and the parts of a report (per project, tag or day) add up to its total.
//!
//! Example: "Writing" 09:00–12:00 and "Call" 10:00–10:30 count 2 h 30 min for Writing
//! (09:00–10:00 and 10:30–12:00) and 30 min for Call: 3 h in all, not 3 h 30 min.
//!
//! The day list, today's and this week's totals, and `stint report` all count through
//! [`Sweep`]; entries are fed in start order, so it streams over any length of history and holds
//! only the entries still open at the current instant.

/// Hands out counted time, entry by entry, for entries fed in order of `(start, id)`.
pub struct Sweep<K> {
    /// Entries still open, earliest start at the bottom: the top owns the time.
    open: Vec<(i64, K)>,
    /// Time before this is handed out.
    cursor: i64,
    from: i64,
    to: i64,
}

impl<K> Sweep<K> {
    /// Counts only time inside `[from, to)`.
    pub fn new(from: i64, to: i64) -> Sweep<K> {
        Sweep {
            open: Vec::new(),
            cursor: i64::MIN,
            from,
            to,
        }
    }

    /// Feeds the entry `[start, stop)` (fed in order of start); `counted` is called with the key
    /// and each stretch of time it owns that is now settled.
    pub fn push(&mut self, start: i64, stop: i64, key: K, counted: &mut impl FnMut(&K, i64, i64)) {
        self.advance(start, counted);
        self.cursor = self.cursor.max(start);
        if stop > start {
            self.open.push((stop, key));
        }
    }

    /// Settles the rest.
    pub fn finish(mut self, counted: &mut impl FnMut(&K, i64, i64)) {
        self.advance(i64::MAX, counted);
    }

    /// The open entries, newest first, that the next entry fed at `start` would overlap.
    pub fn open_at(&self, start: i64) -> impl Iterator<Item = &K> {
        self.open
            .iter()
            .rev()
            .filter(move |(stop, _)| *stop > start)
            .map(|(_, key)| key)
    }

    fn advance(&mut self, until: i64, counted: &mut impl FnMut(&K, i64, i64)) {
        while let Some((stop, key)) = self.open.last() {
            let end = (*stop).min(until);
            if end > self.cursor {
                let (a, b) = (self.cursor.max(self.from), end.min(self.to));
                if b > a {
                    counted(key, a, b);
                }
                self.cursor = end;
            }
            if *stop <= until {
                self.open.pop();
            } else {
                break;
            }
        }
    }
}

/// The counted milliseconds of each of `spans` (`(start, stop)`, in order of start), by the rule
/// above, within `[from, to)`.
pub fn counted_ms(spans: &[(i64, i64)], from: i64, to: i64) -> Vec<i64> {
    let mut counted = vec![0; spans.len()];
    let mut sweep = Sweep::new(from, to);
    let mut add = |i: &usize, a: i64, b: i64| counted[*i] += b - a;
    for (i, (start, stop)) in spans.iter().enumerate() {
        sweep.push(*start, *stop, i, &mut add);
    }
    sweep.finish(&mut add);
    counted
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000;

    #[test]
    fn a_later_entry_takes_the_time_it_shares_and_the_earlier_one_resumes() {
        // Writing 9–12, Call 10–10:30.
        let counted = counted_ms(&[(9 * H, 12 * H), (10 * H, 10 * H + H / 2)], 0, 24 * H);
        assert_eq!(counted, vec![2 * H + H / 2, H / 2]);
    }

    #[test]
    fn chains_nests_and_ties() {
        // A 1–5, B 2–3, C 2–4 (same start as B: fed later, so it wins), D 6–7.
        let counted = counted_ms(
            &[(H, 5 * H), (2 * H, 3 * H), (2 * H, 4 * H), (6 * H, 7 * H)],
            0,
            10 * H,
        );
        assert_eq!(counted, vec![2 * H, 0, 2 * H, H]);
        assert_eq!(counted.iter().sum::<i64>(), 5 * H, "the union of the time");
    }

    #[test]
    fn only_time_inside_the_range_counts() {
        let counted = counted_ms(&[(0, 10 * H), (4 * H, 6 * H)], 5 * H, 8 * H);
        assert_eq!(counted, vec![2 * H, H]);
    }

    #[test]
    fn open_entries_are_the_ones_a_new_entry_overlaps() {
        let mut sweep = Sweep::new(0, 100);
        let mut ignore = |_: &&str, _, _| {};
        sweep.push(0, 10, "a", &mut ignore);
        sweep.push(5, 6, "b", &mut ignore);
        assert_eq!(sweep.open_at(8).collect::<Vec<_>>(), vec![&"a"]);
        assert_eq!(sweep.open_at(10).count(), 0);
    }
}
