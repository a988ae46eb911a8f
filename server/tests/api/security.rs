//! Forgery protection, security headers and the session life cycle, over HTTP.

use super::*;

on_both_backends!(
    forged_cross_site_requests_to_every_mutating_endpoint_are_refused,
    every_kind_of_response_carries_the_security_headers,
    session_id_changes_at_login_and_the_old_cookie_fails_after_logout,
    disabling_a_user_ends_their_sessions,
    sign_in_is_throttled_over_http_without_reaching_the_password_check,
    typing_mistakes_answer_4xx_with_the_field_named,
    reading_keeps_a_session_alive_and_thirty_idle_minutes_end_it,
);

/// Every state-changing endpoint: each server function and the language form.
fn mutating_paths() -> Vec<String> {
    let mut paths: Vec<String> = server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    paths.push("/lang".to_string());
    paths.sort();
    paths
}

async fn forged_cross_site_requests_to_every_mutating_endpoint_are_refused(app: TestApp) {
    let victim = browser(&app);
    sign_in(&victim, &app, "admin@innocities.example", DEMO_PASSWORD).await;
    for path in mutating_paths() {
        for (header, value) in [
            ("Sec-Fetch-Site", "cross-site"),
            ("Sec-Fetch-Site", "same-site"),
        ] {
            let response = victim
                .post(app.url(&path))
                .header(header, value)
                .form(&[("lang", "sv")])
                .send()
                .await
                .unwrap();
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{path} with {header}: {value}"
            );
        }
        // Without fetch metadata the Origin decides; another site's is refused, as is none.
        let evil = victim
            .post(app.url(&path))
            .header("Origin", "https://evil.example")
            .send()
            .await
            .unwrap();
        assert_eq!(
            evil.status(),
            StatusCode::FORBIDDEN,
            "{path} from another origin"
        );
        let bare = Client::new().post(app.url(&path)).send().await.unwrap();
        assert_eq!(
            bare.status(),
            StatusCode::FORBIDDEN,
            "{path} without Origin"
        );
    }
    // The forged requests changed nothing: the admin is still signed in, in Finnish.
    let html = page(&victim, &app, "/account").await;
    assert!(html.contains("Oma tili"));
}

fn assert_security_headers(response: &reqwest::Response, what: &str) -> String {
    let headers = response.headers();
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(get("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(get("referrer-policy"), "same-origin", "{what}");
    assert_eq!(get("x-frame-options"), "DENY", "{what}");
    let csp = get("content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert!(
        headers.get("strict-transport-security").is_none(),
        "{what}: no HSTS over plain http"
    );
    csp
}

async fn every_kind_of_response_carries_the_security_headers(app: TestApp) {
    let client = browser(&app);
    let page = client.get(app.url("/")).send().await.unwrap();
    let csp = assert_security_headers(&page, "a page");
    let html = page.text().await.unwrap();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the page's CSP");
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the page's scripts carry the CSP nonce"
    );
    assert!(csp.contains("script-src 'nonce-"), "{csp}");

    let server_fn = api_client(&app)
        .post(app.url(<figures::GetKeyFigures as ServerFn>::PATH))
        .send()
        .await
        .unwrap();
    assert_eq!(
        assert_security_headers(&server_fn, "a server function"),
        server::security::DEFAULT_CSP
    );

    let asset = client.get(app.url("/favicon.svg")).send().await.unwrap();
    assert_eq!(asset.status(), StatusCode::OK, "static files are served");
    assert_eq!(
        assert_security_headers(&asset, "a static asset"),
        server::security::DEFAULT_CSP
    );

    let missing = client.get(app.url("/no/such/page")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_security_headers(&missing, "a 404");

    let error = api_client(&app)
        .post(app.url(<projects::ListProjects as ServerFn>::PATH))
        .send()
        .await
        .unwrap();
    assert!(!error.status().is_success());
    assert_security_headers(&error, "an error");
    let forbidden = Client::new().post(app.url("/lang")).send().await.unwrap();
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    assert_security_headers(&forbidden, "a refusal");
}

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("innocities="))
        .map(|c| c.split(';').next().unwrap_or_default().to_string())
}

async fn session_id_changes_at_login_and_the_old_cookie_fails_after_logout(app: TestApp) {
    let client = browser(&app);
    let login = sign_in(&client, &app, "national@innocities.example", DEMO_PASSWORD).await;
    let first = session_cookie(&login).expect("a session cookie at sign-in");
    assert!(login.headers().get_all("set-cookie").iter().any(|c| {
        let c = c.to_str().unwrap_or_default();
        c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Path=/")
    }));
    let again = sign_in(&client, &app, "national@innocities.example", DEMO_PASSWORD).await;
    let second = session_cookie(&again).expect("a new session cookie at the next sign-in");
    assert_ne!(first, second, "signing in always issues a new session id");

    let logout = client
        .post(app.url(<auth::Logout as ServerFn>::PATH))
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    assert!(logout.status().is_redirection(), "{}", logout.status());
    // Replaying the old cookie after logout gets no session.
    let replay = Client::builder().redirect(Policy::none()).build().unwrap();
    let response = replay
        .get(app.url("/projects"))
        .header("Accept", "text/html")
        .header("Cookie", &second)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::FOUND,
        "the old session id no longer signs anybody in"
    );
}

async fn disabling_a_user_ends_their_sessions(app: TestApp) {
    let user = browser(&app);
    sign_in(&user, &app, "turku@innocities.example", DEMO_PASSWORD).await;
    assert_eq!(
        user.get(app.url("/projects"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );

    let admin = browser(&app);
    sign_in(&admin, &app, "admin@innocities.example", DEMO_PASSWORD).await;
    let target = entity::app_user::Entity::find()
        .filter(entity::app_user::Column::Email.eq("turku@innocities.example"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let disable = admin
        .post(app.url(<admin::SetUserActive as ServerFn>::PATH))
        .header("Accept", "text/html")
        .header("Referer", app.url(&format!("/admin/users/{}", target.id)))
        .form(&[
            ("form[id]", target.id.to_string()),
            ("form[version]", target.version.to_string()),
            ("form[active]", "false".to_string()),
            ("form[reason]", "moved to another job".to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert!(disable.status().is_redirection());
    assert!(
        !disable.headers()["location"]
            .to_str()
            .unwrap()
            .contains("__err"),
        "{:?}",
        disable.headers()["location"]
    );
    let after = user.get(app.url("/projects")).send().await.unwrap();
    assert_eq!(
        after.status(),
        StatusCode::FOUND,
        "the disabled user's session is over"
    );
    let retry = sign_in(
        &browser(&app),
        &app,
        "turku@innocities.example",
        DEMO_PASSWORD,
    )
    .await;
    assert!(
        retry.headers()["location"]
            .to_str()
            .unwrap()
            .contains("__err"),
        "nor can they sign in"
    );
}

async fn sign_in_is_throttled_over_http_without_reaching_the_password_check(app: TestApp) {
    let client = browser(&app);
    for _ in 0..5 {
        sign_in(
            &client,
            &app,
            "ministry@innocities.example",
            "wrong password here",
        )
        .await;
    }
    let throttled = api_client(&app)
        .post(app.url(<auth::Login as ServerFn>::PATH))
        .form(&[
            ("form[email]", "ministry@innocities.example"),
            ("form[password]", DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: i64 = throttled.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=900).contains(&retry_after),
        "Retry-After: {retry_after}"
    );
    let body = throttled.text().await.unwrap();
    assert!(
        body.contains("Throttled"),
        "the sixth attempt waits, even with the right password: {body}"
    );
}

/// Typing mistakes are the user's, not the server's: each refusal has its 4xx status.
async fn typing_mistakes_answer_4xx_with_the_field_named(app: TestApp) {
    let wrong = api_client(&app)
        .post(app.url(<auth::Login as ServerFn>::PATH))
        .form(&[
            ("form[email]", "ministry@innocities.example"),
            ("form[password]", "not the password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.text().await.unwrap(), "\"InvalidCredentials\"");

    let coordinator = api_client(&app);
    sign_in(
        &coordinator,
        &app,
        "tampere@innocities.example",
        DEMO_PASSWORD,
    )
    .await;
    let bad_id = coordinator
        .post(app.url(<organisations::CreateOrganisation as ServerFn>::PATH))
        .form(&[
            ("form[name]", "Yritys Oy"),
            ("form[business_id]", "0201256-7"),
            ("form[kind]", "company"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad_id.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad_id
            .text()
            .await
            .unwrap()
            .contains("business_id_check_digit")
    );

    let national = api_client(&app);
    sign_in(
        &national,
        &app,
        "national@innocities.example",
        DEMO_PASSWORD,
    )
    .await;
    let no_reason = national
        .post(app.url(<reporting::ReviewReport as ServerFn>::PATH))
        .form(&[
            ("form[subproject_id]", "1"),
            ("form[period_id]", "1"),
            ("form[report_id]", "1"),
            ("form[version]", "1"),
            ("form[step]", "return"),
            ("form[reason]", " "),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.text().await.unwrap().contains("reason_required"));

    let missing = national
        .post(app.url(<register::GetProject as ServerFn>::PATH))
        .form(&[("id", "999999")])
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let undecodable = national
        .post(app.url(<register::GetProject as ServerFn>::PATH))
        .form(&[("id", "kolme")])
        .send()
        .await
        .unwrap();
    assert_eq!(undecodable.status(), StatusCode::BAD_REQUEST);
    // A body over the limit is refused from its announced length, before it is read (a
    // client that went on sending would meet a closed connection, so none is sent here).
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let request = format!(
        "POST /api/register/get_project HTTP/1.1\r\nHost: {}\r\nOrigin: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        app.addr,
        app.url(""),
        3 << 20
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = vec![0; 64];
    let n = stream.read(&mut answer).await.unwrap();
    let status_line = String::from_utf8_lossy(&answer[..n]).to_string();
    assert!(status_line.starts_with("HTTP/1.1 413"), "{status_line}");
}

async fn reading_keeps_a_session_alive_and_thirty_idle_minutes_end_it(app: TestApp) {
    let client = browser(&app);
    let login = sign_in(&client, &app, "ministry@innocities.example", DEMO_PASSWORD).await;
    let cookie = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|c| c.to_str().ok())
        .find(|c| c.starts_with("innocities="))
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("Max-Age=1800"),
        "the cookie lives 30 idle minutes: {cookie}"
    );
    let row = || async {
        entity::session::Entity::find()
            .filter(entity::session::Column::UserId.is_not_null())
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
    };
    let first = row().await;
    let now = chrono::Utc::now().timestamp();
    assert!(
        (now + 1790..=now + 1810).contains(&first.expires_at_unix),
        "expires in 30 minutes"
    );

    // A read pushes the expiry forward (wait past a second boundary first).
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(
        client
            .get(app.url("/projects"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let second = row().await;
    assert!(
        second.expires_at_unix > first.expires_at_unix,
        "reading counts as activity: {} then {} ({} / {})",
        first.expires_at_unix,
        second.expires_at_unix,
        first.id == second.id,
        now
    );

    // Thirty minutes without a request: the stored session has expired and signs nobody in.
    let mut idle: entity::session::ActiveModel = row().await.into();
    idle.expires_at_unix = sea_orm::ActiveValue::Set(chrono::Utc::now().timestamp() - 1);
    sea_orm::ActiveModelTrait::update(idle, &app.db)
        .await
        .unwrap();
    assert_eq!(
        client
            .get(app.url("/projects"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FOUND
    );
}

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
