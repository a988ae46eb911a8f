//! Organisations imported by Business ID: a coordinator adds new ones and cannot correct
//! registered ones, the national team corrects them, each refusal by row and column, the
//! history of every organisation as the forms leave it; on both databases.

use super::imports::{commit, committed, csv, previewed, upload};
use super::*;
use app::i18n::Locale;
use app::model::imports::{Counts, Outcome};
use app::ssr::services::imports::columns::heading;
use entity::{audit_log, organisation};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

on_both_backends!(
    organisations_import_by_business_id_and_only_the_keepers_correct_them,
    the_national_team_imports_organisations_and_nothing_else,
    a_preview_longer_than_its_page_downloads_every_row_with_its_reasons,
);

/// The upload form's fields for organisations.
const ORGANISATIONS: &[(&str, &str)] = &[("kind", "organisations")];

/// A free Business ID with a valid check digit.
const NEW_ID: &str = "0737546-2";

fn headings() -> Vec<String> {
    ["business_id", "name", "kind", "municipality"]
        .map(|f| heading(Locale::fi, f))
        .to_vec()
}

fn row(cells: [&str; 4]) -> Vec<String> {
    cells.map(str::to_owned).to_vec()
}

async fn first_organisation(app: &TestApp) -> organisation::Model {
    organisation::Entity::find()
        .order_by_asc(organisation::Column::BusinessId)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn by_business_id(app: &TestApp, business_id: &str) -> Option<organisation::Model> {
    organisation::Entity::find()
        .filter(organisation::Column::BusinessId.eq(business_id))
        .one(&app.db)
        .await
        .unwrap()
}

/// The message keys of a row's refusal, as `field:key`.
pub(crate) fn refusals(outcome: &Outcome) -> Vec<String> {
    match outcome {
        Outcome::Refused(errors) => errors
            .iter()
            .map(|e| format!("{}:{}", e.field, e.key))
            .collect(),
        other => panic!("refused, not {other:?}"),
    }
}

async fn organisations_import_by_business_id_and_only_the_keepers_correct_them(app: TestApp) {
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let known = first_organisation(&app).await;
    let municipality = known.municipality.clone().unwrap_or_default();
    let file = csv(&[
        headings(),
        row([NEW_ID, "Tuontiyhtiö Oy", "company", "Tampere"]),
        row([&known.business_id, "Uusi nimi", &known.kind, &municipality]),
        row(["1234567-2", "Väärä tarkiste Oy", "company", ""]),
        row(["2844561-8", "Avaruusyhtiö Oy", "spaceship", ""]),
        // Written as older registers print it, without the leading zero.
        row(["737546-2", "Sama uudestaan Oy", "company", ""]),
        row(["", "Ilman tunnusta", "company", ""]),
    ]);
    assert!(by_business_id(&app, NEW_ID).await.is_none(), "free");
    let (batch, rows) = previewed(&tampere, &app, ORGANISATIONS, "org.csv", &file).await;
    assert_eq!(
        Counts::of(&rows),
        Counts {
            new: 1,
            refused: 5,
            ..Counts::default()
        },
        "{rows:?}"
    );
    // The registered organisation's row would correct it: the national team does that.
    assert_eq!(refusals(&rows[1].outcome), ["business_id:keeper_only"]);
    assert_eq!(
        refusals(&rows[2].outcome),
        ["business_id:business_id_check_digit"]
    );
    assert_eq!(refusals(&rows[3].outcome), ["kind:invalid"]);
    // The same Business ID written otherwise is the same organisation.
    assert_eq!(
        refusals(&rows[4].outcome),
        ["business_id:duplicate_in_file"]
    );
    assert_eq!(refusals(&rows[5].outcome), ["business_id:required"]);
    let html = super::page(&tampere, &app, &format!("/imports/{}", batch.id)).await;
    assert!(
        html.contains("Y-tunnus"),
        "the rows are listed by Business ID"
    );
    // Nothing is written while a row is refused.
    commit(&tampere, &app, &batch).await;
    assert!(by_business_id(&app, NEW_ID).await.is_none());

    // Matched rows left as they are: the new organisation is added, with its history.
    let file = csv(&[
        headings(),
        row([NEW_ID, "Tuontiyhtiö Oy", "company", "Tampere"]),
        row([&known.business_id, "Uusi nimi", &known.kind, &municipality]),
    ]);
    let (batch, rows) = previewed(
        &tampere,
        &app,
        &[("kind", "organisations"), ("policy", "add_only")],
        "org.csv",
        &file,
    )
    .await;
    assert_eq!(
        Counts::of(&rows),
        Counts {
            new: 1,
            skipped: 1,
            ..Counts::default()
        }
    );
    committed(&tampere, &app, &batch).await;
    let added = by_business_id(&app, NEW_ID).await.expect("imported");
    assert_eq!(
        (added.name.as_str(), added.kind.as_str()),
        ("Tuontiyhtiö Oy", "company")
    );
    assert_eq!(added.municipality.as_deref(), Some("Tampere"));
    assert_eq!(
        by_business_id(&app, &known.business_id).await,
        Some(known.clone()),
        "left as it is"
    );
    let created = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("organisation"))
        .filter(audit_log::Column::EntityId.eq(added.id.to_string()))
        .filter(audit_log::Column::Action.eq("create"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the new organisation's history");
    assert!(created.changes.contains("Tuontiyhtiö Oy"));

    // The national team corrects the registered one through the same file.
    let national = browser_of(&app, "national@innocities.example").await;
    let (batch, rows) = previewed(&national, &app, ORGANISATIONS, "org.csv", &file).await;
    assert_eq!(
        Counts::of(&rows),
        Counts {
            unchanged: 1,
            changed: 1,
            ..Counts::default()
        },
        "{rows:?}"
    );
    committed(&national, &app, &batch).await;
    let corrected = by_business_id(&app, &known.business_id).await.unwrap();
    assert_eq!(corrected.name, "Uusi nimi");
    assert_eq!(corrected.version, known.version + 1);
    let history = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("organisation"))
        .filter(audit_log::Column::EntityId.eq(known.id.to_string()))
        .filter(audit_log::Column::Action.eq("update"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the correction's history");
    assert!(history.changes.contains("Uusi nimi"), "{}", history.changes);

    // The same file again changes nothing.
    let (_, rows) = previewed(&national, &app, ORGANISATIONS, "org.csv", &file).await;
    assert_eq!(
        Counts::of(&rows),
        Counts {
            unchanged: 2,
            ..Counts::default()
        }
    );
}

async fn the_national_team_imports_organisations_and_nothing_else(app: TestApp) {
    let national = browser_of(&app, "national@innocities.example").await;
    let html = super::page(&national, &app, "/imports").await;
    assert!(html.contains("id=\"kind-organisations\""), "offered");
    assert!(!html.contains("id=\"kind-packages\""), "not offered");
    assert!(!html.contains("data-testid=\"not-allowed\""));
    let file = csv(&[headings(), row([NEW_ID, "Uusi Oy", "company", ""])]);
    for kind in ["packages", "subprojects"] {
        let (status, _) = upload(&national, &app, &[("kind", kind)], "x.csv", &file).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{kind}");
    }
    let (batch, _) = previewed(&national, &app, ORGANISATIONS, "x.csv", &file).await;
    // A mapping is kept for a city region: the team has none, so none is offered.
    let html = super::page(&national, &app, &format!("/imports/{}", batch.id)).await;
    assert!(!html.contains("name=\"form[save_as]\""));
    for email in ["ministry@innocities.example", "admin@innocities.example"] {
        let client = browser_of(&app, email).await;
        let (status, _) = upload(&client, &app, ORGANISATIONS, "x.csv", &file).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
    }
}

/// The page lists the first `SHOWN_ROWS` rows; the download beside the list holds every row
/// that does something, refused ones first, each reason in the reader's words.
async fn a_preview_longer_than_its_page_downloads_every_row_with_its_reasons(app: TestApp) {
    use app::model::imports::SHOWN_ROWS;
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let mut rows = vec![headings(), row([NEW_ID, "Uusi Oy", "company", "Tampere"])];
    let bad = SHOWN_ROWS + 100;
    rows.extend((0..bad).map(|n| row([&format!("12345{n:05}"), "Väärä Oy", "company", ""])));
    let (batch, outcomes) =
        previewed(&tampere, &app, ORGANISATIONS, "yritykset.csv", &csv(&rows)).await;
    assert_eq!(outcomes.len(), bad + 1);

    let page = tampere
        .get(app.url(&format!("/imports/{}", batch.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("href=\"/imports/{}/rows.xlsx?", batch.id)));

    let response = tampere
        .get(app.url(&format!("/imports/{}/rows.xlsx", batch.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.unwrap();
    let sheet = super::pages::sheet_of(&bytes, "import-rows");
    assert_eq!(
        sheet.height(),
        bad + 2,
        "every row, past the page's {SHOWN_ROWS}"
    );
    let first = sheet.rows().nth(1).unwrap();
    assert_eq!(
        first[0],
        calamine::Data::Float(3.0),
        "refused first, by file row"
    );
    let reason = format!(
        "{}: {}",
        heading(Locale::fi, "business_id"),
        app::messages::field_message_text(Locale::fi, "business_id_malformed")
    );
    assert!(first[3].to_string().contains(&reason), "{:?}", first[3]);
    let last = sheet.rows().next_back().unwrap();
    assert_eq!(
        last[0],
        calamine::Data::Float(2.0),
        "the new row after them"
    );

    // The CSV holds the same rows; another user's import is missing to anyone else.
    let csv_text = tampere
        .get(app.url(&format!("/imports/{}/rows.csv", batch.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(csv_text.lines().count(), bad + 2);
    let turku = browser_of(&app, "turku@innocities.example").await;
    let other = turku
        .get(app.url(&format!("/imports/{}/rows.xlsx", batch.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
}
