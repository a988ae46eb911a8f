//! Behind a trusted reverse proxy (`INNOCITIES_TRUSTED_PROXIES`): the client its
//! forwarding headers name is the one the audit log records (and sign-in throttling and rate
//! limits count), the nearest hop that is not a proxy, so a forged first entry is ignored.
//! From a peer that is not trusted the headers count for nothing (`operations.rs`). On both
//! databases.

use super::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

on_both_backends!(the_client_a_trusted_proxy_names_is_audited);

/// As the other tests' app, with this machine as the trusted proxy.
async fn run<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    super::run_with_env(
        backend,
        &[("INNOCITIES_TRUSTED_PROXIES", "127.0.0.1/32, ::1")],
        test,
    )
    .await;
}

/// The address the latest failed sign-in was audited with.
pub(crate) async fn failed_sign_in_from(app: &TestApp, headers: &[(&str, &str)]) -> String {
    let mut request = browser(app)
        .post(app.url(<auth::Login as ServerFn>::PATH))
        .header("Accept", "text/html")
        .header("Referer", app.url("/login"))
        .form(&[
            ("form[email]", "tampere@innocities.example"),
            ("form[password]", "not the password"),
            ("form[next]", "/"),
        ]);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap();
    entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::Action.eq("sign_in_failed"))
        .order_by_desc(entity::audit_log::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("the failed sign-in is audited")
        .client_addr
        .unwrap_or_default()
}

async fn the_client_a_trusted_proxy_names_is_audited(app: TestApp) {
    assert_eq!(
        failed_sign_in_from(&app, &[("X-Forwarded-For", "203.0.113.7")]).await,
        "203.0.113.7"
    );
    assert_eq!(
        failed_sign_in_from(
            &app,
            &[("X-Forwarded-For", "1.2.3.4, 203.0.113.8, 127.0.0.1")]
        )
        .await,
        "203.0.113.8",
        "the nearest hop that is not a proxy"
    );
    assert_eq!(
        failed_sign_in_from(
            &app,
            &[("Forwarded", "for=\"[2001:db8::5]:443\";proto=https")]
        )
        .await,
        "2001:db8::5"
    );
    assert_eq!(
        failed_sign_in_from(&app, &[]).await,
        "127.0.0.1",
        "no header: the proxy itself"
    );
}
