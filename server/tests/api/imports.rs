//! Spreadsheet imports as a coordinator meets them: the template, an upload, the preview,
//! a column mapped by hand, refusals by row and column, a commit of all rows or none, and
//! the same file twice; on both databases.

use super::*;
use app::i18n::Locale;
use app::model::imports::{Counts, RowOutcome};
use app::ssr::services::imports::columns::heading;
use app::ssr::services::lookup::Codes;
use app::ssr::services::project_form::input_of;
use entity::{audit_log, import_batch, import_mapping, project};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

on_both_backends!(
    a_control_character_in_a_code_refuses_its_row,
    a_coordinator_imports_packages_all_or_nothing_through_a_mapped_column,
    an_edit_between_preview_and_commit_refuses_the_whole_import,
    imports_are_for_coordinators_into_their_own_regions,
    a_file_that_cannot_be_read_goes_back_with_its_reason,
    the_same_rows_as_a_workbook_and_as_csv_preview_alike,
    subprojects_import_with_their_planned_money_exactly,
    the_command_line_previews_and_commits_as_the_page_does,
    the_records_workbook_imports_back_as_no_change_with_money_exact,
    a_file_without_a_column_leaves_that_field_as_it_is,
    a_file_being_checked_shows_how_far_the_check_is,
    the_portfolio_workbook_imports_back_sheet_by_sheet,
);

const PACKAGE_FIELDS: [&str; 15] = [
    "code",
    "name_fi",
    "name_sv",
    "name_en",
    "description_fi",
    "description_sv",
    "description_en",
    "region",
    "theme",
    "actions",
    "council",
    "starts_on",
    "ends_on",
    "status",
    "lead_organisation",
];

/// A multipart body as a browser's upload form sends it.
fn multipart(fields: &[(&str, &str)], file: (&str, &[u8])) -> (String, Vec<u8>) {
    let boundary = "----innocities-test-boundary-7d93";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            file.0
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Uploads `bytes` as `name`; the answer's redirect target.
pub(crate) async fn upload(
    client: &Client,
    app: &TestApp,
    fields: &[(&str, &str)],
    name: &str,
    bytes: &[u8],
) -> (StatusCode, String) {
    let (content_type, body) = multipart(fields, (name, bytes));
    let response = client
        .post(app.url("/imports/upload"))
        .header("Content-Type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status(), location)
}

/// The batch an upload redirected to, once its rows are checked.
pub(crate) async fn batch_at(app: &TestApp, location: &str) -> import_batch::Model {
    let id: i32 = location
        .strip_prefix("/imports/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("an import's page: {location}"));
    for _ in 0..600 {
        let batch = import_batch::Entity::find_by_id(id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        if batch.rows_checked.is_none() {
            return batch;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the rows of import {id} were not checked in 30 s");
}

/// Uploads `bytes` as `name`, and the batch the upload made with its rows.
pub(crate) async fn previewed(
    client: &Client,
    app: &TestApp,
    fields: &[(&str, &str)],
    name: &str,
    bytes: &[u8],
) -> (import_batch::Model, Vec<RowOutcome>) {
    let (status, location) = upload(client, app, fields, name, bytes).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    let batch = batch_at(app, &location).await;
    let rows = rows_of(&batch);
    (batch, rows)
}

/// Commits `batch`, which must import.
pub(crate) async fn committed(client: &Client, app: &TestApp, batch: &import_batch::Model) {
    let done = commit(client, app, batch).await;
    assert_eq!(
        done.headers()["location"],
        format!("/imports/{}?saved=1", batch.id)
    );
}

pub(crate) fn rows_of(batch: &import_batch::Model) -> Vec<RowOutcome> {
    serde_json::from_str(&batch.preview).unwrap()
}

/// CSV text with every cell quoted.
pub(crate) fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    rows.iter()
        .map(|row| {
            row.iter()
                .map(|cell| format!("\"{}\"", cell.replace('"', "\"\"")))
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect::<Vec<_>>()
        .join("\r\n")
        .into_bytes()
}

/// A package's fields in the order of [`PACKAGE_FIELDS`].
fn package_cells(input: &app::model::register::ProjectInput) -> Vec<String> {
    vec![
        input.code.clone(),
        input.name.fi.clone(),
        input.name.sv.clone(),
        input.name.en.clone(),
        input.description.fi.clone(),
        input.description.sv.clone(),
        input.description.en.clone(),
        input.region.clone(),
        input.theme.clone(),
        input.actions.join(", "),
        input.council.clone(),
        input.starts_on.clone(),
        input.ends_on.clone(),
        input.status.clone(),
        input.lead_organisation.clone(),
    ]
}

/// The first Tampere package as the form holds it.
async fn tampere_package(app: &TestApp) -> (project::Model, app::model::register::ProjectInput) {
    let region =
        app::ssr::services::lookup::find::<entity::city_region::Entity>(&app.db, "tampere")
            .await
            .unwrap()
            .unwrap();
    let package = project::Entity::find()
        .filter(project::Column::RegionId.eq(region.id))
        .order_by_asc(project::Column::Code)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let input = input_of(&app.db, &Codes::default(), &package)
        .await
        .unwrap();
    (package, input)
}

/// A new Tampere package's row, like `like` but with `code` and `name`.
fn new_row(like: &app::model::register::ProjectInput, code: &str, name: &str) -> Vec<String> {
    let mut input = like.clone();
    input.code = code.into();
    input.name.fi = name.into();
    input.starts_on = "1.1.2027".into();
    input.ends_on = "2028-12-31".into();
    input.status = "planned".into();
    package_cells(&input)
}

fn headings(locale: Locale) -> Vec<String> {
    PACKAGE_FIELDS.iter().map(|f| heading(locale, f)).collect()
}

pub(crate) async fn commit(
    client: &Client,
    app: &TestApp,
    batch: &import_batch::Model,
) -> reqwest::Response {
    client
        .post(app.url(<app::api::imports::CommitImport as ServerFn>::PATH))
        .header("Referer", app.url(&format!("/imports/{}", batch.id)))
        .form(&[
            ("form[id]", batch.id.to_string()),
            ("form[version]", batch.version.to_string()),
        ])
        .send()
        .await
        .unwrap()
}

async fn package_named(app: &TestApp, code: &str) -> Option<project::Model> {
    project::Entity::find()
        .filter(project::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
}

async fn a_coordinator_imports_packages_all_or_nothing_through_a_mapped_column(app: TestApp) {
    use calamine::Data;
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    // The template: Finnish headings, an explanation of every column, the codes to choose.
    let template = tampere
        .get(app.url("/imports/template/packages.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(template.status(), StatusCode::OK);
    let bytes = template.bytes().await.unwrap();
    let data = super::pages::sheet_of(&bytes, "Hankekokonaisuudet");
    let first: Vec<Data> = data.rows().next().unwrap().to_vec();
    assert_eq!(
        first,
        headings(Locale::fi)
            .into_iter()
            .map(Data::String)
            .collect::<Vec<_>>()
    );
    let help = super::pages::sheet_of(&bytes, "Ohjeet");
    assert_eq!(help.height(), PACKAGE_FIELDS.len() + 1, "a line per column");
    let codes = super::pages::sheet_of(&bytes, "Koodit");
    assert!(
        codes.rows().any(|r| r[0] == Data::String("tampere".into())),
        "the regions' codes to choose from"
    );

    // A file whose name column is headed otherwise, with a row refused twice over.
    let (existing, input) = tampere_package(&app).await;
    let mut heads = headings(Locale::fi);
    heads[1] = "Hankkeen nimi".into();
    let mut changed = input.clone();
    changed.name.fi = "Uusi nimi tuonnista".into();
    let mut refused = new_row(&input, "IMP-2", "Väärä rivi");
    refused[7] = "turku".into();
    refused[11] = "31.2.2027".into();
    let file = csv(&[
        heads.clone(),
        new_row(&input, "IMP-1", "Tuotu hanke"),
        package_cells(&changed),
        refused.clone(),
    ]);
    let (status, location) = upload(
        &tampere,
        &app,
        &[("kind", "packages"), ("policy", "update")],
        "salkku.csv",
        &file,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    let batch = batch_at(&app, &location).await;
    let html = super::page(&tampere, &app, &location).await;
    assert!(html.contains("salkku.csv"), "{html}");
    assert!(
        html.contains("data-testid=\"missing-fields\""),
        "the unmapped name is named"
    );
    assert!(
        html.contains("Hankkeen nimi"),
        "the file's own heading is listed"
    );

    // The name column mapped by hand, and the mapping saved for the region.
    let mut form: Vec<(String, String)> = vec![
        ("form[id]".into(), batch.id.to_string()),
        ("form[version]".into(), batch.version.to_string()),
        ("form[policy]".into(), "update".into()),
        ("form[save_as]".into(), "Oma salkku".into()),
    ];
    form.extend(
        PACKAGE_FIELDS
            .iter()
            .map(|f| ("form[fields][]".into(), (*f).to_string())),
    );
    let remapped = tampere
        .post(app.url(<app::api::imports::RemapImport as ServerFn>::PATH))
        .header("Referer", app.url(&location))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert!(remapped.status().is_redirection(), "{}", remapped.status());
    assert!(
        !remapped.headers()["location"]
            .to_str()
            .unwrap()
            .contains("__err")
    );
    let batch = batch_at(&app, &location).await;
    let rows = rows_of(&batch);
    assert_eq!(
        Counts::of(&rows),
        Counts {
            new: 1,
            changed: 1,
            refused: 1,
            ..Counts::default()
        },
        "{rows:?}"
    );
    let html = super::page(&tampere, &app, &location).await;
    assert!(
        html.contains("Uusi nimi tuonnista"),
        "the change, field by field"
    );
    assert!(
        html.contains("Sarake Alkaa"),
        "the refusal names its column: {html}"
    );
    assert!(
        html.contains("data-row=\"4\""),
        "the refused row by its number in the file"
    );
    let mapping = import_mapping::Entity::find()
        .filter(import_mapping::Column::Name.eq("Oma salkku"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the mapping is saved");

    // A refused row stops the whole import: nothing of it is written.
    let refused_commit = commit(&tampere, &app, &batch).await;
    assert!(refused_commit.status().is_redirection());
    assert!(
        package_named(&app, "IMP-1").await.is_none(),
        "all or nothing"
    );
    assert_eq!(
        package_named(&app, &existing.code).await.unwrap().version,
        existing.version
    );

    // The file fixed, read with the saved mapping: imported at once.
    let file = csv(&[
        heads.clone(),
        new_row(&input, "IMP-1", "Tuotu hanke"),
        package_cells(&changed),
    ]);
    let mapping_id = mapping.id.to_string();
    let fields = [
        ("kind", "packages"),
        ("mapping", mapping_id.as_str()),
        ("policy", "update"),
    ];
    let (batch, rows) = previewed(&tampere, &app, &fields, "salkku.csv", &file).await;
    assert_eq!(
        Counts::of(&rows),
        Counts {
            new: 1,
            changed: 1,
            ..Counts::default()
        }
    );
    committed(&tampere, &app, &batch).await;
    let created = package_named(&app, "IMP-1").await.expect("the new package");
    assert_eq!(created.name_fi, "Tuotu hanke");
    assert_eq!(created.starts_on.to_string(), "2027-01-01");
    let updated = package_named(&app, &existing.code).await.unwrap();
    assert_eq!(updated.name_fi, "Uusi nimi tuonnista");
    assert_eq!(updated.version, existing.version + 1);
    // One entry for the import, and the history of each package as a form save leaves it.
    let entries = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("import"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert!(entries[0].changes.contains("salkku.csv"));
    let history = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("project"))
        .filter(audit_log::Column::EntityId.eq(existing.id.to_string()))
        .filter(audit_log::Column::Action.eq("update"))
        .all(&app.db)
        .await
        .unwrap();
    assert!(
        history
            .iter()
            .any(|e| e.changes.contains("Uusi nimi tuonnista"))
    );
    let detail = super::page(&tampere, &app, &format!("/projects/{}", created.id)).await;
    assert!(detail.contains("Tuotu hanke"));

    // The same file again changes nothing.
    let (_, location) = upload(
        &tampere,
        &app,
        &[("kind", "packages"), ("mapping", &mapping_id)],
        "salkku.csv",
        &file,
    )
    .await;
    let again = batch_at(&app, &location).await;
    assert_eq!(
        Counts::of(&rows_of(&again)),
        Counts {
            unchanged: 2,
            ..Counts::default()
        }
    );
    let html = super::page(&tampere, &app, &location).await;
    assert!(
        !html.contains("type=\"submit\" class=\"primary\""),
        "nothing to import"
    );
    let list = super::page(&tampere, &app, "/imports").await;
    assert!(
        list.contains(&format!("/imports/{}", batch.id)),
        "earlier imports listed"
    );
}

async fn an_edit_between_preview_and_commit_refuses_the_whole_import(app: TestApp) {
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let (existing, input) = tampere_package(&app).await;
    let mut changed = input.clone();
    changed.name.fi = "Tuonnin nimi".into();
    let file = csv(&[
        headings(Locale::en),
        package_cells(&changed),
        new_row(&input, "IMP-9", "Uusi"),
        new_row(&input, "IMP-10", "Toinen uusi"),
    ]);
    let (_, location) = upload(&tampere, &app, &[("kind", "packages")], "a.csv", &file).await;
    let batch = batch_at(&app, &location).await;
    assert_eq!(Counts::of(&rows_of(&batch)).refused, 0);
    // Someone else saves the package after the preview, and adds one the file adds too.
    let other = users_principal(&app, "tampere2@innocities.example").await;
    let mut edit = input.clone();
    edit.name.fi = "Toisen tallennus".into();
    app::ssr::services::register::save_project(
        &app.db,
        &other,
        Some(existing.id),
        Some(existing.version),
        &edit,
    )
    .await
    .unwrap();
    let mut theirs = input.clone();
    theirs.code = "IMP-10".into();
    app::ssr::services::register::save_project(&app.db, &other, None, None, &theirs)
        .await
        .unwrap();
    let refused = commit(&tampere, &app, &batch).await;
    assert!(refused.status().is_redirection());
    assert!(
        refused.headers()["location"]
            .to_str()
            .unwrap()
            .contains("__err"),
        "the commit is refused"
    );
    assert!(
        package_named(&app, "IMP-9").await.is_none(),
        "nothing is written"
    );
    assert_eq!(
        package_named(&app, &existing.code).await.unwrap().name_fi,
        "Toisen tallennus",
        "the other save stands"
    );
    let batch = batch_at(&app, &location).await;
    let rows = rows_of(&batch);
    let flagged = rows
        .iter()
        .find(|r| r.key == existing.code)
        .expect("the changed row");
    assert!(
        format!("{:?}", flagged.outcome).contains("changed_since_preview"),
        "{flagged:?}"
    );
    // The rows after the first refusal are still checked: the one added meanwhile too.
    let added = rows.iter().find(|r| r.key == "IMP-10").expect("its row");
    assert!(
        format!("{:?}", added.outcome).contains("changed_since_preview"),
        "{added:?}"
    );
    assert_eq!(Counts::of(&rows).refused, 2, "{rows:?}");
    // Previewed again, it can be imported over the newer save knowingly.
    let html = super::page(&tampere, &app, &location).await;
    assert!(html.contains("IMP-9"));
}

pub(crate) async fn users_principal(app: &TestApp, email: &str) -> app::ssr::access::Principal {
    app::ssr::services::users::principal_by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap()
}

async fn imports_are_for_coordinators_into_their_own_regions(app: TestApp) {
    let (_, input) = tampere_package(&app).await;
    let file = csv(&[headings(Locale::fi), new_row(&input, "IMP-5", "Hanke")]);
    for email in [
        "national@innocities.example",
        "ministry@innocities.example",
        "admin@innocities.example",
    ] {
        let client = browser_of(&app, email).await;
        let (status, _) = upload(&client, &app, &[("kind", "packages")], "x.csv", &file).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{email} imports no project data"
        );
        let html = super::page(&client, &app, "/imports").await;
        // The national team imports organisations (its own test), and no project data.
        let offered = !email.starts_with("national@");
        assert_eq!(
            html.contains("data-testid=\"not-allowed\""),
            offered,
            "{email}"
        );
    }
    // Turku's coordinator cannot put a row into Tampere, nor see Tampere's import.
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let (_, location) = upload(&tampere, &app, &[("kind", "packages")], "x.csv", &file).await;
    let turku = browser_of(&app, "turku@innocities.example").await;
    let theirs = turku.get(app.url(&location)).send().await.unwrap();
    assert_eq!(
        theirs.status(),
        StatusCode::NOT_FOUND,
        "another user's import"
    );
    let (_, own) = upload(&turku, &app, &[("kind", "packages")], "x.csv", &file).await;
    let rows = rows_of(&batch_at(&app, &own).await);
    assert_eq!(Counts::of(&rows).refused, 1);
    assert!(
        format!("{:?}", rows[0].outcome).contains("not_yours"),
        "{rows:?}"
    );
    // A Tampere package's code in Turku's file is taken, not Turku's to change.
    let (existing, input) = tampere_package(&app).await;
    let mut taken = input.clone();
    taken.region = "turku".into();
    let file = csv(&[headings(Locale::fi), package_cells(&taken)]);
    let (_, own) = upload(&turku, &app, &[("kind", "packages")], "y.csv", &file).await;
    let rows = rows_of(&batch_at(&app, &own).await);
    assert!(
        format!("{:?}", rows[0].outcome).contains("code_taken"),
        "{rows:?}"
    );
    assert_eq!(
        package_named(&app, &existing.code).await.unwrap().version,
        existing.version
    );
}

async fn a_file_that_cannot_be_read_goes_back_with_its_reason(app: TestApp) {
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let cases: [(&[u8], &str); 3] = [
        (b"PK\x03\x04 not really a zip", "not_a_spreadsheet"),
        (b"Koodi;Nimi\nA1;P\xe4\xe4kaupunki\n", "not_utf8"),
        (b"", "no_file"),
    ];
    for (bytes, key) in cases {
        let (status, location) =
            upload(&tampere, &app, &[("kind", "packages")], "f.xlsx", bytes).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{key}");
        assert!(
            location.starts_with(&format!("/imports?error={key}")),
            "{location}"
        );
        let html = super::page(&tampere, &app, &location).await;
        assert!(html.contains("data-testid=\"upload-error\""), "{key}");
    }
    // Larger than any import: refused before it is read, with the same clear answer.
    // A policy the form does not offer is refused, not read as "update".
    let (_, location) = upload(
        &tampere,
        &app,
        &[("kind", "packages"), ("policy", "overwrite-all")],
        "f.csv",
        b"Code\nA1\n",
    )
    .await;
    assert!(location.starts_with("/imports?error=invalid"), "{location}");
    let huge = vec![b'a'; app::ssr::import_file::MAX_FILE_BYTES + 1];
    let (status, location) =
        upload(&tampere, &app, &[("kind", "packages")], "big.csv", &huge).await;
    assert!(
        status == StatusCode::SEE_OTHER || status == StatusCode::PAYLOAD_TOO_LARGE,
        "{status}"
    );
    if status == StatusCode::SEE_OTHER {
        assert!(location.contains("file_too_large"), "{location}");
    }
    // Much larger than that: the body is cut off, never held whole.
    let (content_type, body) = multipart(&[("kind", "packages")], ("x.csv", b"a"));
    let too_large = tampere
        .post(app.url("/imports/upload"))
        .header("Content-Type", content_type)
        .header("Content-Length", "104857600")
        .body(body)
        .send()
        .await;
    match too_large {
        Ok(response) => assert_eq!(
            response.headers()["location"],
            "/imports?error=file_too_large",
            "back to the form with the reason"
        ),
        Err(err) => assert!(!err.is_connect() && err.is_request(), "{err}"),
    }
    // A form post elsewhere is held to the small limit still.
    let big_form = tampere
        .post(app.url(<app::api::imports::CommitImport as ServerFn>::PATH))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(vec![b'a'; 3 * 1024 * 1024])
        .send()
        .await;
    refused_as_too_large(big_form);
}

/// A 413, or the connection closed by the server while the body was still being sent (it
/// answered 413 without reading it); never a server that took the body.
fn refused_as_too_large(sent: reqwest::Result<reqwest::Response>) {
    match sent {
        Ok(response) => assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE),
        Err(err) => assert!(!err.is_connect() && err.is_request(), "{err}"),
    }
}

async fn the_same_rows_as_a_workbook_and_as_csv_preview_alike(app: TestApp) {
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let (_, input) = tampere_package(&app).await;
    let rows = vec![
        new_row(&input, "IMP-X1", "Ensimmäinen"),
        new_row(&input, "IMP-X2", "Toinen; \"lainaus\", pilkku"),
    ];
    let workbook = workbook(&rows);
    let mut text = vec![headings(Locale::fi)];
    text.extend(rows);
    let (_, from_xlsx) = upload(&tampere, &app, &[("kind", "packages")], "a.xlsx", &workbook).await;
    let (_, from_csv) = upload(
        &tampere,
        &app,
        &[("kind", "packages")],
        "a.csv",
        &csv(&text),
    )
    .await;
    let xlsx_rows = rows_of(&batch_at(&app, &from_xlsx).await);
    let csv_rows = rows_of(&batch_at(&app, &from_csv).await);
    assert_eq!(Counts::of(&xlsx_rows).new, 2, "{xlsx_rows:?}");
    assert_eq!(xlsx_rows, csv_rows);
}

async fn subprojects_import_with_their_planned_money_exactly(app: TestApp) {
    use app::ssr::services::funding;
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let (package, input) = tampere_package(&app).await;
    let organisation = entity::organisation::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let fields = app::model::imports::ImportKind::Subprojects.fields();
    let heads: Vec<String> = fields.iter().map(|f| heading(Locale::sv, f.code)).collect();
    let row = |code: &str, eu: &str| -> Vec<String> {
        fields
            .iter()
            .map(|f| match f.code {
                "package" => package.code.clone(),
                "code" => code.to_owned(),
                "name_fi" => "Osahanke".to_owned(),
                "region" => "tampere".to_owned(),
                "organisation" => organisation.business_id.clone(),
                "council" => input.council.clone(),
                "starts_on" => "1.3.2027".to_owned(),
                "ends_on" => "31.12.2027".to_owned(),
                "status" => "planned".to_owned(),
                "planned_eu" => eu.to_owned(),
                "planned_city" => "1 000,10".to_owned(),
                _ => String::new(),
            })
            .collect()
    };
    let mut elsewhere = row("IMP-S3", "1");
    elsewhere[0] = "EI-OLE".into();
    let file = csv(&[
        heads.clone(),
        row("IMP-S1", "1234567,89"),
        row("IMP-S2", "12,345"),
        elsewhere,
    ]);
    let (_, location) = upload(
        &tampere,
        &app,
        &[("kind", "subprojects")],
        "osat.csv",
        &file,
    )
    .await;
    let rows = rows_of(&batch_at(&app, &location).await);
    let text = format!("{rows:?}");
    assert!(text.contains("money_too_many_decimals"), "{text}");
    assert!(
        text.contains("key: \"unknown\""),
        "an unknown package: {text}"
    );
    let file = csv(&[heads, row("IMP-S1", "1234567,89")]);
    let (_, location) = upload(
        &tampere,
        &app,
        &[("kind", "subprojects")],
        "osat.csv",
        &file,
    )
    .await;
    let batch = batch_at(&app, &location).await;
    assert_eq!(Counts::of(&rows_of(&batch)).new, 1);
    commit(&tampere, &app, &batch).await;
    let sub = entity::subproject::Entity::find()
        .filter(entity::subproject::Column::Code.eq("IMP-S1"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("imported");
    let planned = funding::planned_amounts(&app.db, &Codes::default(), sub.id)
        .await
        .unwrap();
    assert_eq!(planned.eu.to_string(), "1234567.89");
    assert_eq!(planned.city.to_string(), "1000.10");
    // The package's kept totals follow its imported subproject, as after a form's save.
    let after = project::Entity::find_by_id(package.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.subproject_count, package.subproject_count + 1);
    assert_eq!(
        after.planned_cents,
        package.planned_cents + 123_456_789 + 100_010
    );
    assert!(after.updated_at > package.updated_at);
}

async fn the_command_line_previews_and_commits_as_the_page_does(app: TestApp) {
    use server::cli::{ImportArgs, KindArg};
    let (_, input) = tampere_package(&app).await;
    let path = std::env::temp_dir().join(format!("innocities-import-{}.csv", uuid::Uuid::new_v4()));
    std::fs::write(
        &path,
        csv(&[
            headings(Locale::en),
            new_row(&input, "IMP-CLI", "Komentorivi"),
        ]),
    )
    .unwrap();
    let mut args = ImportArgs {
        kind: KindArg::Packages,
        file: path,
        as_user: "tampere@innocities.example".into(),
        sheet: None,
        add_only: false,
        dry_run: true,
    };
    let mut out = Vec::new();
    server::import_command::import(&app.db, &args, &mut out)
        .await
        .unwrap();
    let printed = String::from_utf8(out).unwrap();
    assert!(printed.contains("1 new"), "{printed}");
    assert!(printed.contains("IMP-CLI"), "{printed}");
    assert!(
        package_named(&app, "IMP-CLI").await.is_none(),
        "a dry run writes nothing"
    );
    args.dry_run = false;
    let mut out = Vec::new();
    server::import_command::import(&app.db, &args, &mut out)
        .await
        .unwrap();
    assert!(String::from_utf8(out).unwrap().contains("committed: 1 new"));
    assert!(package_named(&app, "IMP-CLI").await.is_some());
    let _ = std::fs::remove_file(&args.file);
    args.as_user = "national@innocities.example".into();
    assert!(
        server::import_command::import(&app.db, &args, &mut Vec::new())
            .await
            .is_err(),
        "the national team imports no project data"
    );
}

async fn the_records_workbook_imports_back_as_no_change_with_money_exact(app: TestApp) {
    use app::model::imports::ImportKind;
    use calamine::Data;
    use rust_decimal::Decimal;
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    for kind in ImportKind::ALL {
        let bytes = tampere
            .get(app.url(&format!("/imports/records/{}.xlsx", kind.code())))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let (_, location) = upload(
            &tampere,
            &app,
            &[("kind", kind.code())],
            "omat.xlsx",
            &bytes,
        )
        .await;
        let rows = rows_of(&batch_at(&app, &location).await);
        let counts = Counts::of(&rows);
        assert!(counts.unchanged > 0, "{kind:?}: {counts:?}");
        assert_eq!(
            counts,
            Counts {
                unchanged: rows.len(),
                ..Counts::default()
            },
            "{kind:?} round trip: {rows:?}"
        );
        if kind == ImportKind::Subprojects {
            // Planned money as numbers whose sum is the database's to the cent.
            let sheet = super::pages::sheet_of(&bytes, "Osahankkeet");
            let money_columns = 14..19;
            let sum: Decimal = sheet
                .rows()
                .skip(1)
                .flat_map(|row| row[money_columns.clone()].to_vec())
                .map(|cell| match cell {
                    Data::Float(value) => value.to_string().parse::<Decimal>().unwrap(),
                    Data::Empty => Decimal::ZERO,
                    other => panic!("money is a number: {other:?}"),
                })
                .sum();
            let principal = users_principal(&app, "tampere@innocities.example").await;
            let mut stored = Decimal::ZERO;
            let regions = app::ssr::access::writable_regions(&principal);
            let subs = entity::subproject::Entity::find()
                .filter(entity::subproject::Column::RegionId.is_in(regions))
                .all(&app.db)
                .await
                .unwrap();
            for sub in subs {
                let planned = app::ssr::services::funding::planned_amounts(
                    &app.db,
                    &Codes::default(),
                    sub.id,
                )
                .await
                .unwrap();
                stored += planned.total().to_string().parse::<Decimal>().unwrap();
            }
            assert_eq!(sum, stored);
        }
    }
}

async fn a_file_without_a_column_leaves_that_field_as_it_is(app: TestApp) {
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let (existing, input) = tampere_package(&app).await;
    assert!(
        !input.description.fi.is_empty(),
        "the demo package has a description"
    );
    let file = csv(&[
        vec!["Code".to_owned(), "Name in Finnish".to_owned()],
        vec![existing.code.clone(), "Vain nimi muuttuu".to_owned()],
    ]);
    let (_, location) = upload(&tampere, &app, &[("kind", "packages")], "nimi.csv", &file).await;
    let batch = batch_at(&app, &location).await;
    let rows = rows_of(&batch);
    match &rows[0].outcome {
        app::model::imports::Outcome::Changed(changes) => {
            let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
            assert_eq!(fields, ["name_fi"], "only the name has a column");
        }
        other => panic!("a change of the name: {other:?}"),
    }
    commit(&tampere, &app, &batch).await;
    let saved = package_named(&app, &existing.code).await.unwrap();
    assert_eq!(saved.name_fi, "Vain nimi muuttuu");
    assert_eq!(saved.description_fi, existing.description_fi, "kept");

    // A preview never imported is forgotten after a week; an import stays as its record.
    let (_, location) = upload(&tampere, &app, &[("kind", "packages")], "vanha.csv", &file).await;
    let stale = batch_at(&app, &location).await;
    let mut aged: import_batch::ActiveModel = stale.clone().into();
    aged.created_at = sea_orm::ActiveValue::Set(chrono::Utc::now() - chrono::Duration::days(8));
    sea_orm::ActiveModelTrait::update(aged, &app.db)
        .await
        .unwrap();
    upload(&tampere, &app, &[("kind", "packages")], "uusi.csv", &file).await;
    let kept = |id: i32| {
        let db = app.db.clone();
        async move { import_batch::Entity::find_by_id(id).one(&db).await.unwrap() }
    };
    assert!(kept(stale.id).await.is_none(), "the old preview is deleted");
    assert!(kept(batch.id).await.is_some(), "the import is kept");
}

/// An XLSX workbook of the package template's Finnish headings and `rows`, every cell text.
fn workbook(rows: &[Vec<String>]) -> Vec<u8> {
    use app::ssr::export::table::Cell;
    use app::ssr::export::template::{Column, ColumnType, Template};
    let columns = headings(Locale::fi)
        .into_iter()
        .map(|heading| Column {
            heading,
            kind: ColumnType::Text,
            required: String::new(),
            meaning: String::new(),
            allowed: String::new(),
        })
        .collect();
    app::ssr::export::template::write(&Template {
        data_sheet: "Data".into(),
        help_sheet: "Help".into(),
        codes_sheet: "Codes".into(),
        help_head: ["a", "b", "c", "d"].map(String::from),
        columns,
        lists: Vec::new(),
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| Cell::Text(c.clone())).collect())
            .collect(),
    })
    .unwrap()
}

/// A control character in a code cell (an XLSX cell can hold one, written `_x0000_`)
/// refuses that row by its column, on both databases, before any code is looked up.
async fn a_control_character_in_a_code_refuses_its_row(app: TestApp) {
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let (_, input) = tampere_package(&app).await;
    let rows = vec![
        new_row(&input, "IMP-C\u{0}1", "Nolla"),
        new_row(&input, "IMP-C2", "Kelpo"),
    ];
    let (status, location) = upload(
        &tampere,
        &app,
        &[("kind", "packages")],
        "c.xlsx",
        &workbook(&rows),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    let rows = rows_of(&batch_at(&app, &location).await);
    assert_eq!(Counts::of(&rows).refused, 1, "{rows:?}");
    assert_eq!(Counts::of(&rows).new, 1, "{rows:?}");
    assert!(format!("{rows:?}").contains("control"), "{rows:?}");
}

/// While a file's rows are checked, its page shows a progress bar that reloads itself, the
/// list says so, and nothing can be imported; a check that failed or stopped says so.
async fn a_file_being_checked_shows_how_far_the_check_is(app: TestApp) {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let (_, input) = tampere_package(&app).await;
    let mut rows = vec![headings(Locale::fi)];
    rows.extend((1..=600).map(|n| new_row(&input, &format!("IMP-P{n:04}"), "Iso tiedosto")));
    let (batch, outcomes) = previewed(
        &tampere,
        &app,
        &[("kind", "packages")],
        "iso.csv",
        &csv(&rows),
    )
    .await;
    assert_eq!(batch.rows_total, 600);
    assert_eq!(Counts::of(&outcomes).new, 600);
    let page_of = format!("/imports/{}", batch.id);

    // As a check that has got through 250 rows leaves it.
    let mut checking: import_batch::ActiveModel = batch.clone().into();
    checking.rows_checked = Set(Some(250));
    let checking = checking.update(&app.db).await.unwrap();
    let html = super::page(&tampere, &app, &page_of).await;
    assert!(html.contains("data-testid=\"checking\""), "{html}");
    assert!(html.contains("<progress"), "a progress bar");
    assert!(html.contains("max=\"600\"") && html.contains("value=\"250\""));
    assert!(html.contains("Tarkistettu 250 / 600 riviä"));
    assert!(html.contains("http-equiv=\"refresh\""), "it updates itself");
    assert!(!html.contains("data-testid=\"commit-form\""));
    // The updates can be stopped (WCAG 2.2.2), and the page then updates when asked.
    assert!(html.contains(&format!("href=\"{page_of}?still=1\"")));
    let still = super::page(&tampere, &app, &format!("{page_of}?still=1")).await;
    assert!(still.contains("data-testid=\"updates-paused\"") && still.contains("<progress"));
    assert!(!still.contains("http-equiv=\"refresh\""), "{still}");
    let list = super::page(&tampere, &app, "/imports").await;
    assert!(list.contains("Rivejä tarkistetaan"));
    let refused = commit(&tampere, &app, &checking).await;
    assert_ne!(
        refused
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap()),
        Some(format!("{page_of}?saved=1").as_str())
    );
    assert!(
        package_named(&app, "IMP-P0001").await.is_none(),
        "nothing imported"
    );

    // A check that failed, and one whose server stopped (it never finishes).
    let mut failed: import_batch::ActiveModel = checking.into();
    failed.rows_checked = Set(None);
    failed.check_error = Set(Some("check_failed".into()));
    let failed = failed.update(&app.db).await.unwrap();
    let html = super::page(&tampere, &app, &page_of).await;
    assert!(html.contains("data-testid=\"check-failed\""));
    assert!(html.contains("palvelimen vian vuoksi"), "{html}");
    let mut stalled: import_batch::ActiveModel = failed.into();
    stalled.rows_checked = Set(Some(10));
    stalled.check_error = Set(None);
    stalled.created_at = Set(chrono::Utc::now() - chrono::Duration::hours(1));
    stalled.update(&app.db).await.unwrap();
    let html = super::page(&tampere, &app, &page_of).await;
    assert!(html.contains("keskeytyi"), "{html}");
    assert!(!html.contains("http-equiv=\"refresh\""));
}

/// The whole portfolio in one workbook, a sheet per kind in its template's shape: each of a
/// coordinator's sheets imports back as no change, and the national team's holds every
/// region's packages.
async fn the_portfolio_workbook_imports_back_sheet_by_sheet(app: TestApp) {
    use app::model::imports::ImportKind;
    use calamine::Reader;
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let bytes = super::bytes_at(&tampere, &app, "/imports/portfolio.xlsx").await;
    let workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    let names = workbook.sheet_names();
    assert_eq!(names.len(), ImportKind::ALL.len() + 2, "{names:?}");
    for (kind, sheet) in ImportKind::ALL.into_iter().zip(&names) {
        let (_, location) = upload(
            &tampere,
            &app,
            &[("kind", kind.code()), ("sheet", sheet)],
            "salkku.xlsx",
            &bytes,
        )
        .await;
        let rows = rows_of(&batch_at(&app, &location).await);
        let counts = Counts::of(&rows);
        assert!(counts.unchanged > 0, "{kind:?} on {sheet}: {counts:?}");
        assert_eq!(
            counts.unchanged,
            rows.len(),
            "{kind:?} on {sheet}: {rows:?}"
        );
    }
    let national = browser_of(&app, "national@innocities.example").await;
    let bytes = super::bytes_at(&national, &app, "/imports/portfolio.xlsx").await;
    let packages = super::pages::sheet_of(&bytes, &names[0]);
    assert_eq!(
        packages.height(),
        215,
        "a heading and every region's 214 packages"
    );
}
