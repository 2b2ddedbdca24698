//! Generation speed: the real spec, synthetic specs of 100, 1,000 and 3,000 operations, and the
//! stages of the largest. Run with `cargo bench -p tests --bench generate`; figures and the
//! machine are in BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// The allocator `cargo xtask` uses, so these figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn real_spec(c: &mut Criterion) {
    let root = xtask::codegen::workspace_root();
    let text = std::fs::read_to_string(root.join(xtask::codegen::SPEC)).unwrap();
    c.bench_function("generate/oauth.yaml", |b| {
        b.iter(|| generator::generate("spec/oauth.yaml", black_box(&text)).unwrap())
    });
}

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate/synthetic");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for operations in [100, 1_000, 3_000] {
        let text = xtask::synthetic::spec(operations);
        group.throughput(Throughput::Elements(operations as u64));
        group.bench_with_input(BenchmarkId::from_parameter(operations), &text, |b, text| {
            b.iter(|| generator::generate("synthetic.yaml", black_box(text)).unwrap())
        });
    }
    group.finish();
}

/// Where the time of the largest case goes, stage by stage.
fn stages(c: &mut Criterion) {
    use generator::stages;
    let text = xtask::synthetic::spec(3_000);
    let spec = stages::load(&text).unwrap();
    let api = stages::lower(&spec).unwrap();
    let rendered = stages::templates(&api).unwrap();
    let rust: Vec<&str> = rendered
        .iter()
        .filter(|r| r.kind == stages::Kind::Rust)
        .flat_map(|r| stages::pieces(&r.source))
        .map(|(_, piece)| piece)
        .collect();
    let parsed: Vec<syn::File> = rust
        .iter()
        .map(|s| stages::parse_rust(s).unwrap())
        .collect();

    let mut group = c.benchmark_group("stages/3000");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("1 load (YAML -> OpenAPI)", |b| {
        b.iter(|| stages::load(black_box(&text)).unwrap())
    });
    group.bench_function("2 validate and lower (-> IR)", |b| {
        b.iter(|| stages::lower(black_box(&spec)).unwrap())
    });
    group.bench_function("3 render templates", |b| {
        b.iter(|| stages::templates(black_box(&api)).unwrap())
    });
    group.bench_function("4 syn parse", |b| {
        b.iter(|| {
            rust.iter()
                .map(|s| stages::parse_rust(black_box(s)).unwrap().items.len())
                .sum::<usize>()
        })
    });
    group.bench_function("5 prettyplease", |b| {
        b.iter(|| {
            parsed
                .iter()
                .map(|f| stages::pretty_print(black_box(f)).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

/// What the fake server costs at 3,000 operations: the whole pipeline, against the same without
/// the fake's lowering and its files (`src/testing/`), in one run. Issue 20 asks that the first
/// take at most 1.3 times the second.
fn fake_cost(c: &mut Criterion) {
    let text = xtask::synthetic::spec(3_000);
    let run = |with_fake: bool| xtask::bench::generate_with(&text, with_fake).unwrap();
    let mut group = c.benchmark_group("fake/3000");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("with the fake", |b| b.iter(|| run(black_box(true))));
    group.bench_function("without the fake", |b| b.iter(|| run(black_box(false))));
    group.finish();
}

criterion_group!(benches, real_spec, scaling, stages, fake_cost);
criterion_main!(benches);
