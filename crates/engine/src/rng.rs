//! Seeding: every random stream in a run is derived from `(seed, trial, lead)` alone.
//!
//! That is what makes a run reproducible whatever the number of workers the trials are split
//! over, and what lets two scenarios share random numbers lead by lead (common random numbers).
//! Generators are named, portable algorithms; never `StdRng`/`SmallRng`, whose algorithm may
//! change between releases.

use rand::SeedableRng;
pub use rand_xoshiro::{SplitMix64, Xoshiro256PlusPlus};

/// One round of the SplitMix64 output function: a bijective 64-bit mix with good avalanche.
pub const fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Domain tags keep streams that share `(seed, trial)` apart.
#[derive(Clone, Copy, Debug)]
#[repr(u64)]
pub enum Stream {
    /// Per-trial draws of uncertain assumptions (stage base rates).
    Trial = 1,
    /// Per-lead draws inside a trial (latencies, stage outcomes, deal size, cycle).
    Lead = 2,
    /// The lead generator.
    Generator = 3,
    /// Per-trial draws of uncertain market multipliers: a stream of their own, so that adding
    /// one leaves every other draw of the trial as it was.
    Market = 4,
}

fn key(seed: u64, stream: Stream, trial: u64, lead: u64) -> u64 {
    mix64(mix64(mix64(seed ^ (stream as u64).rotate_left(56)) ^ trial) ^ lead)
}

/// The stream of trial-level draws for trial `trial`.
pub fn trial_rng(seed: u64, trial: u32) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(key(seed, Stream::Trial, trial as u64, 0))
}

/// The stream of trial-level draws of the market multipliers' spreads for trial `trial`.
pub fn market_rng(seed: u64, trial: u32) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(key(seed, Stream::Market, trial as u64, 0))
}

/// The stream of draws for lead `lead` in trial `trial`. SplitMix64 because a lead needs only a
/// dozen draws and its state is one word: seeding it costs one mix instead of four.
pub fn lead_rng(seed: u64, trial: u32, lead: u32) -> SplitMix64 {
    SplitMix64::seed_from_u64(key(seed, Stream::Lead, trial as u64, lead as u64))
}

/// The stream the lead generator draws from.
pub fn generator_rng(seed: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(key(seed, Stream::Generator, 0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngCore;

    #[test]
    fn streams_are_pinned() {
        // Value stability: a change here changes every published result.
        assert_eq!(trial_rng(42, 0).next_u64(), trial_rng(42, 0).next_u64());
        let pinned = [
            trial_rng(1, 2).next_u64(),
            lead_rng(1, 2, 3).next_u64(),
            generator_rng(1).next_u64(),
        ];
        assert_eq!(
            pinned,
            [PINNED_TRIAL, PINNED_LEAD, PINNED_GENERATOR],
            "{pinned:#x?}"
        );
    }

    const PINNED_TRIAL: u64 = 0x1e6cf12f2f1dff0e;
    const PINNED_LEAD: u64 = 0x995c1f511bac7829;
    const PINNED_GENERATOR: u64 = 0x563fb53cf005bb55;

    #[test]
    fn streams_differ() {
        let a = lead_rng(7, 0, 0).next_u64();
        assert_ne!(a, lead_rng(7, 0, 1).next_u64());
        assert_ne!(a, lead_rng(7, 1, 0).next_u64());
        assert_ne!(a, lead_rng(8, 0, 0).next_u64());
        assert_ne!(trial_rng(7, 0).next_u64(), generator_rng(7).next_u64());
    }
}
