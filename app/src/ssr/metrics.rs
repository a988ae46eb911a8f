//! The process's metrics, in Prometheus's text format: counters and histograms with labels,
//! kept in memory and read by `/metrics` on the metrics listener (`server/src/metrics.rs`).
//! Anything in the server may count: requests by route and status with their latency, the
//! roll-ups' compute time, failed sign-ins, imports; the database pool's use is read when
//! scraped.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

/// The upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

type Labels = Vec<(&'static str, String)>;

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Registry {
    counters: BTreeMap<(&'static str, Labels), u64>,
    histograms: BTreeMap<(&'static str, Labels), Histogram>,
}

static REGISTRY: LazyLock<Mutex<Registry>> = LazyLock::new(Mutex::default);

/// What each metric is, for its `# HELP` line.
const HELP: [(&str, &str); 6] = [
    (
        "innocities_http_requests_total",
        "HTTP requests answered, by route and status",
    ),
    (
        "innocities_http_request_duration_seconds",
        "Time to answer an HTTP request, by route",
    ),
    (
        "innocities_rollup_compute_seconds",
        "Time to compute a roll-up, by kind",
    ),
    (
        "innocities_sign_in_failures_total",
        "Failed and throttled sign-ins",
    ),
    ("innocities_imports_total", "Imports committed, by kind"),
    (
        "innocities_database_unavailable_total",
        "Times the database was found not answering",
    ),
];

fn labels(pairs: &[(&'static str, &str)]) -> Labels {
    pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
}

/// Adds one to counter `name` with `pairs` as its labels.
pub fn count(name: &'static str, pairs: &[(&'static str, &str)]) {
    let mut registry = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    *registry.counters.entry((name, labels(pairs))).or_default() += 1;
}

/// Records `took` in histogram `name` with `pairs` as its labels.
pub fn observe(name: &'static str, pairs: &[(&'static str, &str)], took: Duration) {
    let seconds = took.as_secs_f64();
    let mut registry = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    let histogram = registry
        .histograms
        .entry((name, labels(pairs)))
        .or_default();
    for (bound, count) in BUCKETS.iter().zip(histogram.counts.iter_mut()) {
        if seconds <= *bound {
            *count += 1;
        }
    }
    histogram.count += 1;
    histogram.sum += seconds;
}

/// A label value as Prometheus's text format writes it.
fn escaped(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn label_text(labels: &Labels, extra: Option<(&str, String)>) -> String {
    let mut parts: Vec<String> = labels
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", escaped(v)))
        .collect();
    if let Some((k, v)) = extra {
        parts.push(format!("{k}=\"{v}\""));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("{{{}}}", parts.join(","))
    }
}

/// Every metric kept, and `gauges` (name, help, value) read now, in the text format.
pub fn render(gauges: &[(&str, &str, f64)]) -> String {
    let registry = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    let mut out = String::new();
    let help = |out: &mut String, name: &str, kind: &str| {
        let text = HELP
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, h)| *h);
        let _ = writeln!(out, "# HELP {name} {text}\n# TYPE {name} {kind}");
    };
    let mut last = "";
    for ((name, labels), value) in &registry.counters {
        if *name != last {
            help(&mut out, name, "counter");
            last = name;
        }
        let _ = writeln!(out, "{name}{} {value}", label_text(labels, None));
    }
    last = "";
    for ((name, labels), h) in &registry.histograms {
        if *name != last {
            help(&mut out, name, "histogram");
            last = name;
        }
        for (bound, count) in BUCKETS.iter().zip(h.counts.iter()) {
            let le = Some(("le", bound.to_string()));
            let _ = writeln!(out, "{name}_bucket{} {count}", label_text(labels, le));
        }
        let inf = Some(("le", "+Inf".to_owned()));
        let _ = writeln!(out, "{name}_bucket{} {}", label_text(labels, inf), h.count);
        let _ = writeln!(out, "{name}_sum{} {}", label_text(labels, None), h.sum);
        let _ = writeln!(out, "{name}_count{} {}", label_text(labels, None), h.count);
    }
    for (name, text, value) in gauges {
        let _ = writeln!(
            out,
            "# HELP {name} {text}\n# TYPE {name} gauge\n{name} {value}"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_and_histograms_are_written_in_the_text_format() {
        count("innocities_imports_total", &[("kind", "packages")]);
        count("innocities_imports_total", &[("kind", "packages")]);
        observe(
            "innocities_http_request_duration_seconds",
            &[("route", "/projects/{id}")],
            Duration::from_millis(30),
        );
        let text = render(&[("innocities_db_pool_in_use", "Connections in use", 2.0)]);
        assert!(text.contains("# TYPE innocities_imports_total counter"));
        assert!(text.contains("innocities_imports_total{kind=\"packages\"} 2"));
        assert!(text.contains(
            "innocities_http_request_duration_seconds_bucket{route=\"/projects/{id}\",le=\"0.025\"} 0"
        ));
        assert!(text.contains(
            "innocities_http_request_duration_seconds_bucket{route=\"/projects/{id}\",le=\"0.05\"} 1"
        ));
        assert!(text.contains(
            "innocities_http_request_duration_seconds_count{route=\"/projects/{id}\"} 1"
        ));
        assert!(text.contains("innocities_db_pool_in_use 2"));
        assert_eq!(escaped("a\"b\\c\n"), "a\\\"b\\\\c\\n");
    }
}
