//! Logging to standard error, filtered by `RUST_LOG` (default: info for this service), as
//! text or, with `INNOCITIES_LOG_FORMAT=json`, one JSON object a line for a log collector.
//! Every event within a request carries its span's fields (`id`: the request id that the
//! answer's `x-request-id` and the error pages show).

/// The log's format, from `INNOCITIES_LOG_FORMAT` (`text`, the default, or `json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// `json` (any case) is JSON; anything else text.
    pub fn parse(value: Option<&str>) -> LogFormat {
        match value.map(str::trim) {
            Some(v) if v.eq_ignore_ascii_case("json") => LogFormat::Json,
            _ => LogFormat::Text,
        }
    }
}

/// Installs the log subscriber once; later calls do nothing.
pub fn init() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let format = LogFormat::parse(std::env::var("INNOCITIES_LOG_FORMAT").ok().as_deref());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_text_unless_json_is_asked() {
        assert_eq!(LogFormat::parse(Some(" JSON ")), LogFormat::Json);
        assert_eq!(LogFormat::parse(Some("text")), LogFormat::Text);
        assert_eq!(LogFormat::parse(Some("yaml")), LogFormat::Text);
        assert_eq!(LogFormat::parse(None), LogFormat::Text);
    }
}
