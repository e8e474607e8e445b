//! Throughput of the simulation: lead-trials per second for the default preset.
//!
//! A lead-trial is one lead of the sample through one trial (MQL or not), so the figure compares
//! directly with the target: 10,000 leads × 1,000 trials in under a second on one core.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use funnel_engine::sim::{run_trial, Scratch};
use funnel_engine::{prepare, presets, scenario_sample, Report};

fn trials(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulate");
    for name in presets::NAMES {
        let s = presets::preset(name).unwrap();
        let sample = scenario_sample(&s).unwrap();
        let p = prepare(&s, &sample).unwrap();
        group.throughput(Throughput::Elements(p.leads as u64));
        group.bench_function(BenchmarkId::new("trial", name), |b| {
            let mut scratch = Scratch::default();
            let mut t = 0u32;
            b.iter(|| {
                t = t.wrapping_add(1);
                run_trial(&p, 1, t, &mut scratch)
            })
        });
    }
    group.finish();

    // The whole run as the CLI does it on one thread: 1,000 trials and the report.
    let s = presets::preset("default").unwrap();
    let p = prepare(&s, &scenario_sample(&s).unwrap()).unwrap();
    let mut whole = c.benchmark_group("default preset, 1000 trials");
    whole.sample_size(10);
    whole.throughput(Throughput::Elements(p.leads as u64 * 1000));
    whole.bench_function("one core", |b| {
        b.iter(|| {
            let outcomes = funnel_engine::run_trials(&p, 1, 0..1000);
            Report::new(&p.labels(), 1, &outcomes)
        })
    });
    whole.finish();

    let mut setup = c.benchmark_group("prepare");
    setup.sample_size(10);
    setup.bench_function("generate, score and prepare the default preset", |b| {
        b.iter(|| prepare(&s, &scenario_sample(&s).unwrap()).unwrap())
    });
    setup.finish();
}

criterion_group!(benches, trials);
criterion_main!(benches);
