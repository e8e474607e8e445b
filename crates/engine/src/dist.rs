//! The probability distributions the engine samples, written over `libm`.
//!
//! Why not `rand_distr`: its samplers reach `ln`/`exp` through `num-traits`, which switches to
//! std's maths as soon as any crate in the build enables `num-traits/std` (criterion does), and
//! std's `ln`/`exp` differ from wasm32's in the last bits. Results must be bit-identical natively
//! and in the browser, so every transcendental call here goes through `libm`.

use rand::RngCore;

/// Uniform on [0, 1) with 53 random bits.
#[inline]
pub fn uniform<R: RngCore>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Uniform on the open interval (0, 1): safe to take the logarithm of.
#[inline]
pub fn open_uniform<R: RngCore>(rng: &mut R) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

#[inline]
pub fn bernoulli<R: RngCore>(rng: &mut R, p: f64) -> bool {
    uniform(rng) < p
}

/// Exponential with the given mean.
#[inline]
pub fn exponential<R: RngCore>(rng: &mut R, mean: f64) -> f64 {
    -mean * libm::log(open_uniform(rng))
}

/// Two independent standard normals (Marsaglia's polar method: no trigonometry, one log).
#[inline]
pub fn normal_pair<R: RngCore>(rng: &mut R) -> (f64, f64) {
    loop {
        let u = 2.0 * uniform(rng) - 1.0;
        let v = 2.0 * uniform(rng) - 1.0;
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            let f = libm::sqrt(-2.0 * libm::log(s) / s);
            return (u * f, v * f);
        }
    }
}

#[inline]
pub fn standard_normal<R: RngCore>(rng: &mut R) -> f64 {
    normal_pair(rng).0
}

/// A lognormal given its median and log-scale spread, from a standard normal `z`.
#[inline]
pub fn lognormal_from(median: f64, sigma: f64, z: f64) -> f64 {
    median * libm::exp(sigma * z)
}

/// Gamma(shape, 1) by Marsaglia and Tsang's squeeze method; shapes below 1 use the
/// `Gamma(a + 1) · U^(1/a)` boost.
pub fn gamma<R: RngCore>(rng: &mut R, shape: f64) -> f64 {
    if shape < 1.0 {
        let boost = libm::pow(open_uniform(rng), 1.0 / shape);
        return gamma(rng, shape + 1.0) * boost;
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / libm::sqrt(9.0 * d);
    loop {
        let z = standard_normal(rng);
        let v = 1.0 + c * z;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u = open_uniform(rng);
        if u < 1.0 - 0.0331 * z * z * z * z
            || libm::log(u) < 0.5 * z * z + d * (1.0 - v + libm::log(v))
        {
            return d * v;
        }
    }
}

/// Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
pub fn beta<R: RngCore>(rng: &mut R, a: f64, b: f64) -> f64 {
    let x = gamma(rng, a);
    let y = gamma(rng, b);
    if x + y > 0.0 {
        x / (x + y)
    } else {
        a / (a + b)
    }
}

/// Poisson(λ), exactly at every λ: multiplication of uniforms below [`POISSON_PTRS_FROM`]
/// (expected λ + 1 uniforms), Hörmann's transformed rejection with squeeze (PTRS) from there
/// (about 1.1 pairs of uniforms whatever λ).
///
/// Hörmann, "The transformed rejection method for generating Poisson random variables",
/// Insurance: Mathematics and Economics 12 (1993) 39–45.
pub fn poisson<R: RngCore>(rng: &mut R, lambda: f64) -> u32 {
    if lambda <= 0.0 || lambda.is_nan() {
        return 0;
    }
    if lambda < POISSON_PTRS_FROM {
        let limit = libm::exp(-lambda);
        let mut k = 0u32;
        let mut p = uniform(rng);
        while p > limit {
            k += 1;
            p *= uniform(rng);
        }
        return k;
    }
    // Counts beyond u32 are not a lead's clicks; the cap keeps the cast defined.
    let lambda = lambda.min(1e9);
    let sqrt_lambda = libm::sqrt(lambda);
    let log_lambda = libm::log(lambda);
    let b = 0.931 + 2.53 * sqrt_lambda;
    let a = -0.059 + 0.02483 * b;
    let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    let v_r = 0.9277 - 3.6224 / (b - 2.0);
    loop {
        let u = uniform(rng) - 0.5;
        let v = uniform(rng);
        let us = 0.5 - u.abs();
        let k = libm::floor((2.0 * a / us + b) * u + lambda + 0.43);
        // The squeeze: most pairs land in the box under the hat where the density surely is.
        if us >= 0.07 && v <= v_r {
            return k as u32;
        }
        if k < 0.0 || (us < 0.013 && v > us) {
            continue;
        }
        let log_hat = libm::log(v) + libm::log(inv_alpha) - libm::log(a / (us * us) + b);
        if log_hat <= -lambda + k * log_lambda - libm::lgamma(k + 1.0) {
            return k as u32;
        }
    }
}

/// Where [`poisson`] changes method: PTRS holds from λ = 10; multiplication stays exact and
/// cheap enough below 30, and keeps the generated samples of earlier versions.
pub const POISSON_PTRS_FROM: f64 = 30.0;

/// Logistic function, 1 / (1 + e^-x).
#[inline]
pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + libm::exp(-x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{SplitMix64, Xoshiro256PlusPlus};
    use rand::SeedableRng;

    fn rng() -> Xoshiro256PlusPlus {
        Xoshiro256PlusPlus::seed_from_u64(20261122)
    }

    /// Sample mean and its standard error.
    fn mean_se(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let m = xs.iter().sum::<f64>() / n;
        let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0);
        (m, (v / n).sqrt())
    }

    /// Checks that a sampler's mean lies within 4 standard errors of the analytic mean.
    fn check_mean(name: &str, xs: Vec<f64>, expected: f64) {
        let (m, se) = mean_se(&xs);
        assert!(
            (m - expected).abs() < 4.0 * se,
            "{name}: mean {m} vs analytic {expected} (se {se})"
        );
    }

    const N: usize = 200_000;

    #[test]
    fn means_match_analytic_values() {
        let mut r = rng();
        check_mean("uniform", (0..N).map(|_| uniform(&mut r)).collect(), 0.5);
        check_mean(
            "exponential",
            (0..N).map(|_| exponential(&mut r, 3.0)).collect(),
            3.0,
        );
        check_mean(
            "normal",
            (0..N).map(|_| standard_normal(&mut r)).collect(),
            0.0,
        );
        check_mean(
            "normal²",
            (0..N).map(|_| standard_normal(&mut r).powi(2)).collect(),
            1.0,
        );
        // E[lognormal] = median · e^(σ²/2)
        check_mean(
            "lognormal",
            (0..N)
                .map(|_| lognormal_from(10.0, 0.5, standard_normal(&mut r)))
                .collect(),
            10.0 * (0.125f64).exp(),
        );
        for shape in [0.3, 1.0, 2.5, 40.0] {
            check_mean(
                &format!("gamma({shape})"),
                (0..N).map(|_| gamma(&mut r, shape)).collect(),
                shape,
            );
        }
        for (a, b) in [(2.0, 8.0), (0.5, 0.5), (130.0, 870.0)] {
            check_mean(
                &format!("beta({a},{b})"),
                (0..N).map(|_| beta(&mut r, a, b)).collect(),
                a / (a + b),
            );
        }
        for lambda in [0.2, 3.0, 29.0, 80.0] {
            check_mean(
                &format!("poisson({lambda})"),
                (0..N).map(|_| poisson(&mut r, lambda) as f64).collect(),
                lambda,
            );
        }
        check_mean(
            "bernoulli",
            (0..N)
                .map(|_| bernoulli(&mut r, 0.13) as u8 as f64)
                .collect(),
            0.13,
        );
    }

    #[test]
    fn beta_variance_matches() {
        // Var[Beta(a,b)] = ab / ((a+b)²(a+b+1)); the bands depend on it, not only on the mean.
        let (a, b) = (3.0, 12.0);
        let mut r = rng();
        let xs: Vec<f64> = (0..N).map(|_| beta(&mut r, a, b)).collect();
        let m = xs.iter().sum::<f64>() / N as f64;
        let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (N as f64 - 1.0);
        let expected = a * b / ((a + b).powi(2) * (a + b + 1.0));
        assert!(
            (v / expected - 1.0).abs() < 0.02,
            "variance {v} vs {expected}"
        );
    }

    #[test]
    fn samplers_are_pinned() {
        // Value stability: the same seed must give the same bits on every target.
        let mut r = SplitMix64::seed_from_u64(5);
        let got = [
            uniform(&mut r),
            exponential(&mut r, 1.0),
            standard_normal(&mut r),
            gamma(&mut r, 2.0),
            beta(&mut r, 2.0, 5.0),
            poisson(&mut r, 4.0) as f64,
        ];
        assert_eq!(got.map(f64::to_bits), PINNED, "{got:?}");
    }

    const PINNED: [u64; 6] = [
        4600639013628994160,
        4598798711795753667,
        13820275635699288565,
        4612265191105135725,
        4598033722240888671,
        4616189618054758400,
    ];

    #[test]
    fn ranges() {
        let mut r = rng();
        for _ in 0..10_000 {
            let u = open_uniform(&mut r);
            assert!(u > 0.0 && u < 1.0);
            let b = beta(&mut r, 0.05, 0.05);
            assert!((0.0..=1.0).contains(&b));
        }
        assert_eq!(poisson(&mut r, 0.0), 0);
        assert_eq!(poisson(&mut r, -1.0), 0);
    }
}
