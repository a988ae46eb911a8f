//! The authorisation matrix: every role × own region / other region / no region × every
//! server function and page, against the expected outcome, from one table. A server
//! function or page missing from the table fails the test, so none can be forgotten.

use super::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Who asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    /// The Tampere coordinator, asking about Tampere.
    OwnRegion,
    /// The Tampere coordinator, asking about Turku.
    OtherRegion,
    National,
    Ministry,
    Admin,
}

const EVERYONE: [Who; 6] = [
    Who::Anonymous,
    Who::OwnRegion,
    Who::OtherRegion,
    Who::National,
    Who::Ministry,
    Who::Admin,
];

impl Who {
    fn email(self) -> Option<&'static str> {
        match self {
            Who::Anonymous => None,
            Who::OwnRegion | Who::OtherRegion => Some("tampere@innocities.example"),
            Who::National => Some("national@innocities.example"),
            Who::Ministry => Some("ministry@innocities.example"),
            Who::Admin => Some("admin@innocities.example"),
        }
    }

    fn region(self) -> &'static str {
        if self == Who::OtherRegion {
            "turku"
        } else {
            "tampere"
        }
    }

    fn signed_in(self) -> bool {
        self != Who::Anonymous
    }
}

/// What the request should end in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// 2xx/3xx, or the named error variant in the JSON error body.
    Ok,
    Error(&'static str),
    /// Success with no rows of the asked region (scope filtered it out).
    Empty,
    /// Pages: the HTTP status.
    Status(u16),
}

fn signed_in_or(who: Who, outcome: Outcome) -> Outcome {
    if who.signed_in() {
        outcome
    } else {
        Outcome::Error("Unauthenticated")
    }
}

fn admin_only(who: Who, outcome: Outcome) -> Outcome {
    match who {
        Who::Anonymous => Outcome::Error("Unauthenticated"),
        Who::Admin => outcome,
        _ => Outcome::Error("Forbidden"),
    }
}

/// A server function: its path, its form body (`{region}`, `{id}`, `{version}` and
/// `{handle}` are filled in per request) and the expected outcome per asker.
struct ServerFnCase {
    path: &'static str,
    body: &'static [(&'static str, &'static str)],
    expect: fn(Who) -> Outcome,
}

const SERVER_FNS: &[ServerFnCase] = &[
    ServerFnCase {
        path: "/api/figures/get_key_figures",
        body: &[],
        expect: |_| Outcome::Ok,
    },
    // An empty password is refused at the boundary, for everyone, before any other check.
    ServerFnCase {
        path: "/api/auth/login",
        body: &[("email", "x@example.fi"), ("password", "")],
        expect: |_| Outcome::Error("Validation"),
    },
    ServerFnCase {
        path: "/api/auth/logout",
        body: &[],
        expect: |_| Outcome::Ok,
    },
    ServerFnCase {
        path: "/api/auth/get_current_user",
        body: &[],
        expect: |_| Outcome::Ok,
    },
    ServerFnCase {
        path: "/api/projects/list_projects",
        body: &[("filter[region]", "{region}"), ("filter[page]", "1")],
        // An admin manages people, not data: no project is in an admin's scope.
        expect: |who| match who {
            Who::OtherRegion | Who::Admin => Outcome::Empty,
            _ => signed_in_or(who, Outcome::Ok),
        },
    },
    ServerFnCase {
        path: "/api/account/list_my_sessions",
        body: &[],
        expect: |who| signed_in_or(who, Outcome::Ok),
    },
    // Another user's session handle answers as a missing one.
    ServerFnCase {
        path: "/api/account/revoke_my_session",
        body: &[("handle", "{handle}")],
        expect: |who| signed_in_or(who, Outcome::Error("NotFound")),
    },
    ServerFnCase {
        path: "/api/account/change_password",
        body: &[
            ("current_password", "not my password"),
            ("new_password", "x"),
            ("confirm_password", "y"),
        ],
        expect: |who| signed_in_or(who, Outcome::Error("Validation")),
    },
    ServerFnCase {
        path: "/api/admin/list_users",
        body: &[],
        expect: |who| admin_only(who, Outcome::Ok),
    },
    ServerFnCase {
        path: "/api/admin/get_user",
        body: &[("id", "{id}")],
        expect: |who| admin_only(who, Outcome::Ok),
    },
    ServerFnCase {
        path: "/api/admin/list_regions",
        body: &[],
        expect: |who| admin_only(who, Outcome::Ok),
    },
    ServerFnCase {
        path: "/api/admin/list_audit",
        body: &[("filter[page]", "1")],
        expect: |who| admin_only(who, Outcome::Ok),
    },
    ServerFnCase {
        path: "/api/admin/create_user",
        body: &[
            ("email", "new-{region}-{handle}@example.fi"),
            ("display_name", "New"),
            ("role", "ministry_viewer"),
            ("temporary_password", "temporary passphrase 1"),
        ],
        expect: |who| admin_only(who, Outcome::Ok),
    },
    ServerFnCase {
        path: "/api/admin/update_roles",
        body: &[
            ("id", "{id}"),
            ("version", "{version}"),
            ("role", "city_coordinator"),
            ("regions[]", "{region}"),
        ],
        expect: |who| admin_only(who, Outcome::Ok),
    },
    ServerFnCase {
        path: "/api/admin/reset_password",
        body: &[
            ("id", "{id}"),
            ("version", "{version}"),
            ("temporary_password", "temporary passphrase 2"),
        ],
        expect: |who| admin_only(who, Outcome::Ok),
    },
    // The package of the asker's region: Tampere's for everyone but `OtherRegion`, which
    // asks for Turku's.
    ServerFnCase {
        path: "/api/register/get_project",
        body: &[("id", "{project}")],
        expect: |who| match who {
            Who::OwnRegion | Who::National | Who::Ministry => Outcome::Ok,
            Who::OtherRegion | Who::Admin => Outcome::Error("NotFound"),
            Who::Anonymous => Outcome::Error("Unauthenticated"),
        },
    },
    ServerFnCase {
        path: "/api/register/get_project_form_options",
        body: &[],
        expect: |who| signed_in_or(who, Outcome::Ok),
    },
    // A save from an outdated version: only the own region's coordinator gets as far as the
    // version check.
    ServerFnCase {
        path: "/api/register/save_project",
        body: &[
            ("id", "{project}"),
            ("version", "0"),
            ("code", "MATRIX-1"),
            ("name_fi", "Matriisi"),
            ("name_sv", ""),
            ("name_en", ""),
            ("description_fi", ""),
            ("description_sv", ""),
            ("description_en", ""),
            ("region", "{region}"),
            ("theme", "wellbeing"),
            ("actions[]", "platforms"),
            ("council", "pirkanmaa"),
            ("starts_on", "2026-01-01"),
            ("ends_on", "2026-12-31"),
            ("status", "planned"),
            ("lead_organisation", ""),
        ],
        expect: |who| match who {
            Who::OwnRegion => Outcome::Error("EditConflict"),
            Who::National | Who::Ministry => Outcome::Error("Forbidden"),
            Who::OtherRegion | Who::Admin => Outcome::Error("NotFound"),
            Who::Anonymous => Outcome::Error("Unauthenticated"),
        },
    },
    ServerFnCase {
        path: "/api/register/get_subproject_form",
        body: &[("project_id", "{project}")],
        expect: |who| match who {
            Who::OwnRegion => Outcome::Ok,
            Who::National | Who::Ministry => Outcome::Error("Forbidden"),
            Who::OtherRegion | Who::Admin => Outcome::Error("NotFound"),
            Who::Anonymous => Outcome::Error("Unauthenticated"),
        },
    },
    ServerFnCase {
        path: "/api/register/save_subproject",
        body: &[
            ("project_id", "{project}"),
            ("code", "MATRIX-S-{handle}"),
            ("name_fi", "Matriisi"),
            ("name_sv", ""),
            ("name_en", ""),
            ("region", "{region}"),
            ("organisation", "{org}"),
            ("council", "pirkanmaa"),
            ("starts_on", "2026-01-01"),
            ("ends_on", "2026-12-31"),
            ("status", "planned"),
            ("planned_eu", "1 000,00"),
            ("planned_state", ""),
            ("planned_city", "500"),
            ("planned_other_public", ""),
            ("planned_private", ""),
        ],
        expect: |who| match who {
            Who::OwnRegion => Outcome::Ok,
            Who::National | Who::Ministry => Outcome::Error("Forbidden"),
            Who::OtherRegion | Who::Admin => Outcome::Error("NotFound"),
            Who::Anonymous => Outcome::Error("Unauthenticated"),
        },
    },
    ServerFnCase {
        path: "/api/organisations/create_organisation",
        body: &[
            ("name", "Matriisi Oy"),
            ("business_id", "{bid}"),
            ("kind", "company"),
        ],
        expect: |who| match who {
            Who::OwnRegion | Who::OtherRegion | Who::National => Outcome::Ok,
            Who::Ministry | Who::Admin => Outcome::Error("Forbidden"),
            Who::Anonymous => Outcome::Error("Unauthenticated"),
        },
    },
    ServerFnCase {
        path: "/api/register/delete_project",
        body: &[("id", "{project}"), ("version", "0")],
        expect: |who| match who {
            Who::OwnRegion => Outcome::Error("Conflict"),
            Who::National | Who::Ministry => Outcome::Error("Forbidden"),
            Who::OtherRegion | Who::Admin => Outcome::Error("NotFound"),
            Who::Anonymous => Outcome::Error("Unauthenticated"),
        },
    },
    ServerFnCase {
        path: "/api/admin/set_user_active",
        body: &[
            ("id", "{id}"),
            ("version", "{version}"),
            ("active", "true"),
            ("reason", "checking access"),
        ],
        expect: |who| admin_only(who, Outcome::Ok),
    },
];

/// A page (GET) and the expected status per asker; `{id}` stands for the target user on
/// admin pages and for the asker's region's package on project pages.
struct PageCase {
    path: &'static str,
    expect: fn(Who) -> Outcome,
}

fn project_page(who: Who, editing: bool) -> Outcome {
    Outcome::Status(match who {
        Who::Anonymous => 302,
        Who::OwnRegion => 200,
        Who::National | Who::Ministry => {
            if editing {
                403
            } else {
                200
            }
        }
        Who::OtherRegion | Who::Admin => 404,
    })
}

fn coordinator_page(who: Who) -> Outcome {
    Outcome::Status(match who {
        Who::Anonymous => 302,
        Who::OwnRegion | Who::OtherRegion => 200,
        _ => 403,
    })
}

fn signed_in_page(who: Who) -> Outcome {
    Outcome::Status(if who.signed_in() { 200 } else { 302 })
}

fn admin_page(who: Who) -> Outcome {
    Outcome::Status(match who {
        Who::Anonymous => 302,
        Who::Admin => 200,
        _ => 403,
    })
}

const PAGES: &[PageCase] = &[
    PageCase {
        path: "/",
        expect: |_| Outcome::Status(200),
    },
    PageCase {
        path: "/login",
        expect: |_| Outcome::Status(200),
    },
    PageCase {
        path: "/projects",
        expect: signed_in_page,
    },
    PageCase {
        path: "/projects/new",
        expect: coordinator_page,
    },
    PageCase {
        path: "/projects/{id}/subprojects/new",
        expect: |who| project_page(who, true),
    },
    PageCase {
        path: "/projects/{id}/subprojects/{sub}",
        expect: |who| project_page(who, true),
    },
    PageCase {
        path: "/organisations/new",
        expect: |who| {
            Outcome::Status(match who {
                Who::Anonymous => 302,
                Who::OwnRegion | Who::OtherRegion | Who::National => 200,
                _ => 403,
            })
        },
    },
    PageCase {
        path: "/projects/{id}",
        expect: |who| project_page(who, false),
    },
    PageCase {
        path: "/projects/{id}/edit",
        expect: |who| project_page(who, true),
    },
    PageCase {
        path: "/account",
        expect: signed_in_page,
    },
    PageCase {
        path: "/admin/users",
        expect: admin_page,
    },
    PageCase {
        path: "/admin/users/new",
        expect: admin_page,
    },
    PageCase {
        path: "/admin/users/{id}",
        expect: admin_page,
    },
    PageCase {
        path: "/admin/audit",
        expect: admin_page,
    },
];

on_both_backends!(every_role_gets_exactly_what_the_table_says);

/// The target of object-level requests: the east coordinator (neither asker).
async fn target(app: &TestApp) -> entity::app_user::Model {
    entity::app_user::Entity::find()
        .filter(entity::app_user::Column::Email.eq("east@innocities.example"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// A valid Business ID no one has registered, different for each asker.
fn fresh_business_id(who: Who) -> String {
    let offset = EVERYONE.iter().position(|w| *w == who).unwrap_or(0) as u32;
    (0..20)
        .find_map(|n| app::model::BusinessId::from_number(7_000_000 + offset * 100 + n))
        .unwrap()
        .to_string()
}

/// The first subproject of a package.
async fn subproject_of(app: &TestApp, project: i32) -> i32 {
    entity::subproject::Entity::find()
        .filter(entity::subproject::Column::ProjectId.eq(project))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The first package of a region.
async fn project_of(app: &TestApp, region: &str) -> i32 {
    let region = entity::city_region::Entity::find()
        .filter(entity::city_region::Column::Code.eq(region))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    entity::project::Entity::find()
        .filter(entity::project::Column::RegionId.eq(region.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// A session handle that belongs to the target, not to any asker.
async fn foreign_handle(app: &TestApp) -> String {
    let client = browser(app);
    sign_in(&client, app, "east@innocities.example", DEMO_PASSWORD).await;
    let target = target(app).await;
    entity::session::Entity::find()
        .filter(entity::session::Column::UserId.eq(target.id))
        .one(&app.db)
        .await
        .unwrap()
        .and_then(|s| s.handle)
        .unwrap()
}

async fn client_for(app: &TestApp, who: Who, accept: &'static str) -> Client {
    let c = client(app, accept);
    if let Some(email) = who.email() {
        let response = sign_in(&c, app, email, DEMO_PASSWORD).await;
        assert!(
            !response.headers()["location"]
                .to_str()
                .unwrap()
                .contains("__err"),
            "{who:?} signs in"
        );
    }
    c
}

fn outcome_of(status: StatusCode, body: &str) -> Outcome {
    if status.is_success() || status.is_redirection() {
        return Outcome::Ok;
    }
    for variant in [
        "Unauthenticated",
        "Forbidden",
        "NotFound",
        "Validation",
        "Conflict",
        "EditConflict",
        "InvalidCredentials",
        "Throttled",
        "Internal",
        "Transport",
    ] {
        if body.starts_with(&format!("\"{variant}\""))
            || body.starts_with(&format!("{{\"{variant}\""))
        {
            return Outcome::Error(variant);
        }
    }
    panic!("unexpected answer {status}: {body}");
}

async fn every_role_gets_exactly_what_the_table_says(app: TestApp) {
    // No server function or page may be missing from the table.
    let mut registered: Vec<&str> = server_fn::axum::server_fn_paths().map(|(p, _)| p).collect();
    registered.sort();
    let mut tabled: Vec<&str> = SERVER_FNS.iter().map(|c| c.path).collect();
    tabled.sort();
    assert_eq!(
        registered, tabled,
        "every server function has a row in the matrix"
    );
    let mut routes: Vec<String> = leptos_axum::generate_route_list(app::App)
        .into_iter()
        .map(|r| r.path().to_string())
        .collect();
    routes.sort();
    routes.dedup();
    let mut tabled_pages: Vec<String> = PAGES.iter().map(|p| p.path.to_string()).collect();
    tabled_pages.sort();
    assert_eq!(routes, tabled_pages, "every page has a row in the matrix");

    let handle = foreign_handle(&app).await;
    let mut failures = Vec::new();
    for case in SERVER_FNS {
        for who in EVERYONE {
            let client = client_for(&app, who, "application/json").await;
            let target = target(&app).await;
            let project = project_of(&app, who.region()).await;
            let org = entity::organisation::Entity::find()
                .filter(entity::organisation::Column::Name.eq("Tampereen yliopisto"))
                .one(&app.db)
                .await
                .unwrap()
                .unwrap()
                .business_id;
            let fill = |v: &str| {
                v.replace("{region}", who.region())
                    .replace("{id}", &target.id.to_string())
                    .replace("{version}", &target.version.to_string())
                    .replace("{project}", &project.to_string())
                    .replace("{org}", &org)
                    .replace("{bid}", &fresh_business_id(who))
                    .replace(
                        "{handle}",
                        &format!(
                            "{handle}{}",
                            if case.path.contains("create_user") {
                                format!("{who:?}").to_lowercase()
                            } else {
                                String::new()
                            }
                        ),
                    )
            };
            let form: Vec<(String, String)> = case
                .body
                .iter()
                .map(|(k, v)| (k.to_string(), fill(v)))
                .collect();
            let response = client
                .post(app.url(case.path))
                .form(&form)
                .send()
                .await
                .unwrap();
            let status = response.status();
            let body = response.text().await.unwrap();
            let mut got = outcome_of(status, &body);
            if got == Outcome::Ok && body.contains("\"total_projects\":0") {
                got = Outcome::Empty;
            }
            let want = (case.expect)(who);
            if got != want {
                failures.push(format!(
                    "{} as {who:?}: expected {want:?}, got {got:?} ({status}: {})",
                    case.path,
                    body.chars().take(120).collect::<String>()
                ));
            }
        }
    }
    for case in PAGES {
        for who in EVERYONE {
            let client = client_for(&app, who, "text/html").await;
            let object = if case.path.starts_with("/projects/") {
                project_of(&app, who.region()).await
            } else {
                target(&app).await.id
            };
            let mut path = case.path.replace("{id}", &object.to_string());
            if path.contains("{sub}") {
                path = path.replace("{sub}", &subproject_of(&app, object).await.to_string());
            }
            let response = client.get(app.url(&path)).send().await.unwrap();
            let status = response.status();
            let want = (case.expect)(who);
            if Outcome::Status(status.as_u16()) != want {
                let body = html(response).await;
                let main: String = body
                    .split("<main")
                    .nth(1)
                    .unwrap_or(&body)
                    .chars()
                    .take(200)
                    .collect();
                failures.push(format!(
                    "GET {path} as {who:?}: expected {want:?}, got {status}: {main}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "authorisation matrix mismatches:\n{}",
        failures.join("\n")
    );
}
