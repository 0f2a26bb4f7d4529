//! The recording clock: one monotonic timeline for audio and video, starting
//! when the countdown ends, with paused spans subtracted.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Shared by every stage of one recording. Cheap to clone.
#[derive(Debug, Clone)]
pub(crate) struct Clock {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Debug)]
struct Inner {
    /// Media time zero: the end of the countdown, or (gated) the first sound
    /// after it.
    start: Instant,
    /// While waiting for the microphone's first sound: the end of the
    /// countdown (`start` is then the latest the recording may begin).
    gate: Option<Instant>,
    /// The first sound (or a pause) fixed `start`.
    decided: bool,
    /// Finished pauses, oldest first.
    pauses: Vec<(Instant, Instant)>,
    /// When the current pause began.
    paused_since: Option<Instant>,
    /// Set when capture stops; data after it is discarded.
    stopped_at: Option<Instant>,
}

impl Clock {
    /// A clock whose media time zero is `start` (which may be in the future:
    /// the countdown runs while sources warm up, and their data is discarded).
    pub(crate) fn starting_at(start: Instant) -> Self {
        Self::with(start, None)
    }

    /// A clock that starts at the first sound captured at or after `earliest`
    /// (the end of the countdown), or at `earliest + limit` if none comes:
    /// a sound server that has just started takes ~2 s to deliver a new
    /// stream's first buffer, and a recording that began before it would
    /// open with silence where the person was already talking.
    pub(crate) fn gated(earliest: Instant, limit: Duration) -> Self {
        Self::with(earliest + limit, Some(earliest))
    }

    fn with(start: Instant, gate: Option<Instant>) -> Self {
        let inner = Inner { start, gate, decided: false, pauses: Vec::new(), paused_since: None, stopped_at: None };
        Self { inner: Arc::new(Mutex::new(inner)) }
    }

    /// Moves a start that has not been decided yet `by` later (a gated
    /// clock whose gate has opened keeps its start: the sound is there).
    pub(crate) fn postpone(&self, by: Duration) {
        let mut g = self.lock();
        if !g.decided {
            g.gate = g.gate.map(|earliest| earliest + by);
            g.start += by;
        }
    }

    /// The microphone delivered sound captured at `at`: a gated clock starts
    /// there (or at the end of the countdown, if that is later).
    pub(crate) fn sound_arrived(&self, at: Instant) {
        let mut g = self.lock();
        if let Some(earliest) = g.gate.take() {
            g.start = g.start.min(at.max(earliest));
            g.decided = true;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Media time of an instant, or `None` when it falls before the start,
    /// inside a pause, or after stop (such data is not part of the recording).
    pub(crate) fn media_time(&self, at: Instant) -> Option<Duration> {
        let g = self.lock();
        if at < g.start || g.stopped_at.is_some_and(|s| at > s) {
            return None;
        }
        if g.paused_since.is_some_and(|p| at >= p) || g.pauses.iter().any(|&(a, b)| at >= a && at < b) {
            return None;
        }
        // Data stamped before a pause ended but delivered later still lands
        // where it was captured: only pauses that ended before `at` count.
        let paused: Duration = g.pauses.iter().filter(|&&(_, b)| b <= at).map(|&(a, b)| b - a).sum();
        Some(at.duration_since(g.start).saturating_sub(paused))
    }

    /// Media time now, clamped to the pause point while paused.
    pub(crate) fn elapsed(&self) -> Duration {
        let g = self.lock();
        let now = g.stopped_at.or(g.paused_since).unwrap_or_else(Instant::now);
        let paused: Duration = g.pauses.iter().map(|&(a, b)| b - a).sum();
        now.saturating_duration_since(g.start).saturating_sub(paused)
    }

    /// True once the countdown is over.
    pub(crate) fn started(&self) -> bool {
        Instant::now() >= self.lock().start
    }

    /// Time left of the countdown (not of waiting for the first sound).
    pub(crate) fn countdown_left(&self) -> Duration {
        let g = self.lock();
        g.gate.unwrap_or(g.start).saturating_duration_since(Instant::now())
    }

    pub(crate) fn is_paused(&self) -> bool {
        self.lock().paused_since.is_some()
    }

    /// True while the countdown runs (not while waiting for the first sound).
    pub(crate) fn counting_down(&self) -> bool {
        let g = self.lock();
        Instant::now() < g.gate.unwrap_or(g.start)
    }

    /// Pauses the timeline. Waiting for the first sound ends here: a person
    /// who pauses means the recording has begun.
    pub(crate) fn pause(&self) {
        let mut g = self.lock();
        let now = Instant::now();
        if let Some(earliest) = g.gate.take() {
            g.start = g.start.min(now.max(earliest));
            g.decided = true;
        }
        if g.paused_since.is_none() {
            g.paused_since = Some(now);
        }
    }

    pub(crate) fn resume(&self) {
        let mut g = self.lock();
        if let Some(p) = g.paused_since.take() {
            g.pauses.push((p, Instant::now()));
        }
    }

    pub(crate) fn stop(&self) {
        let mut g = self.lock();
        let now = Instant::now();
        if let Some(p) = g.paused_since.take() {
            g.pauses.push((p, now));
        }
        g.stopped_at.get_or_insert(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paused_span_is_subtracted_and_data_inside_it_dropped() {
        let t0 = Instant::now();
        let clock = Clock::starting_at(t0);
        clock.pause();
        let inside = Instant::now();
        std::thread::sleep(Duration::from_millis(30));
        clock.resume();
        let after = Instant::now();
        assert_eq!(clock.media_time(inside), None);
        let m = clock.media_time(after).expect("after resume is recorded");
        assert!(m < after.duration_since(t0) - Duration::from_millis(25));
    }

    #[test]
    fn a_gated_clock_starts_at_the_first_sound_after_the_countdown() {
        let t0 = Instant::now();
        let clock = Clock::gated(t0, Duration::from_secs(3));
        assert!(!clock.started() && clock.countdown_left() == Duration::ZERO, "waiting, no countdown left");
        let late = t0 + Duration::from_millis(1_900);
        clock.sound_arrived(late);
        assert_eq!(clock.media_time(late), Some(Duration::ZERO), "the first sound is media time zero");
        assert_eq!(clock.media_time(t0 + Duration::from_millis(1_000)), None, "nothing before it is recorded");
        clock.sound_arrived(t0 + Duration::from_secs(2));
        assert_eq!(clock.media_time(late), Some(Duration::ZERO), "only the first sound opens the gate");

        let counting = Clock::gated(t0 + Duration::from_secs(3), Duration::from_secs(3));
        counting.sound_arrived(t0);
        assert_eq!(
            counting.media_time(t0 + Duration::from_secs(3)),
            Some(Duration::ZERO),
            "sound during the countdown"
        );

        let paused = Clock::gated(t0, Duration::from_secs(3));
        assert!(!paused.counting_down(), "waiting for sound is not a countdown");
        paused.pause();
        assert!(paused.started() && paused.is_paused(), "pausing starts the recording, paused");

        let silent = Clock::gated(t0, Duration::from_secs(3));
        assert_eq!(silent.media_time(t0 + Duration::from_secs(3)), Some(Duration::ZERO), "no sound: it starts anyway");
    }

    #[test]
    fn data_before_the_countdown_ends_is_dropped() {
        let clock = Clock::starting_at(Instant::now() + Duration::from_secs(5));
        assert_eq!(clock.media_time(Instant::now()), None);
        assert!(!clock.started());
    }
}
