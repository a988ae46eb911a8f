//! The API's contract: schemathesis (from PyPI, installed by `scripts/install-tools.sh`)
//! generates requests from the served OpenAPI document and checks every answer against it
//! (no server error, every status, content type, header and body as documented, bad input
//! refused, no answer without a token), once with a token of each role. On both databases.

use super::open_api::token_of;
use super::*;
use std::path::PathBuf;

on_both_backends!(
    the_api_answers_as_its_document_says_for_every_role,
    an_outside_client_pages_through_packages_and_checks_the_roll_up,
);

/// The venv `scripts/install-tools.sh` makes for the Python tools.
fn venv() -> PathBuf {
    std::env::var("INNOCITIES_VENV")
        .unwrap_or_else(|_| "/var/tmp/innocities-venv".into())
        .into()
}

/// Where schemathesis is: `$SCHEMATHESIS`, the venv `install-tools.sh` makes, or `PATH`.
fn schemathesis() -> PathBuf {
    if let Ok(path) = std::env::var("SCHEMATHESIS") {
        return path.into();
    }
    let installed = venv().join("bin/schemathesis");
    if installed.exists() {
        return installed;
    }
    PathBuf::from("schemathesis")
}

async fn the_api_answers_as_its_document_says_for_every_role(app: TestApp) {
    // Rate limits far above what the run sends: 429 is not what is tested here (the limits
    // have tests of their own). Read when the server below starts; each test is a process.
    unsafe {
        std::env::set_var("INNOCITIES_API_TOKEN_PER_MINUTE", "1000000");
        std::env::set_var("INNOCITIES_API_ADDRESS_PER_MINUTE", "1000000");
    }
    let server = server::testing::spawn_app(app.db.clone()).await;
    let document = server.url("/api/v1/openapi.json");
    for email in [
        "tampere@innocities.example",
        "national@innocities.example",
        "ministry@innocities.example",
        "admin@innocities.example",
    ] {
        let token = token_of(&app, email, true).await;
        let args: Vec<String> = [
            "run",
            document.as_str(),
            "--header",
            &format!("Authorization: Bearer {token}"),
            "--checks",
            "all",
            // Data the document allows but the programme's rules refuse (a value that is
            // no number, a day before the period) is refused with 422, as it should be.
            "--exclude-checks",
            "positive_data_acceptance",
            "--max-examples",
            "25",
            // One worker: with two, Hypothesis's own reading of its source (`ast.parse` on
            // threads) failed now and then on Python 3.11, a fault of the tool, not an answer.
            "--workers",
            "1",
            "--phases",
            "examples,coverage,fuzzing",
            "--no-color",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        // The server answers on this runtime while schemathesis runs on a thread of its own.
        let output = tokio::task::spawn_blocking(move || {
            // Its cache (`.schemathesis/`) goes to a directory of its own, not the checkout.
            let cache = std::env::temp_dir().join("innocities-schemathesis");
            let _ = std::fs::create_dir_all(&cache);
            std::process::Command::new(schemathesis())
                .args(&args)
                .current_dir(cache)
                .output()
        })
        .await
        .unwrap()
        .unwrap_or_else(|err| {
            panic!(
                "schemathesis could not run ({err}): run scripts/install-tools.sh, or set \
                     SCHEMATHESIS to its path"
            )
        });
        let report = format!(
            "{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(output.status.success(), "as {email}:\n{report}");
    }
}

/// `scripts/api_client.py` (Python and `requests`, nothing of this code) signs in with a
/// token, pages through every package and finds the national roll-up equal to their sums.
async fn an_outside_client_pages_through_packages_and_checks_the_roll_up(app: TestApp) {
    let token = token_of(&app, "national@innocities.example", false).await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/api_client.py");
    let python = venv().join("bin/python");
    let args = vec![
        script.to_owned(),
        "--url".to_owned(),
        app.url(""),
        "--token".to_owned(),
        token,
        "--limit".to_owned(),
        "7".to_owned(),
    ];
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(python).args(&args).output()
    })
    .await
    .unwrap()
    .expect("the venv's python: run scripts/install-tools.sh");
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{report}");
    assert!(
        report.contains("the roll-up equals the packages' sums"),
        "{report}"
    );
}
