//! The route table.

use crate::components::layout::Layout;
use crate::i18n::I18nContextProvider;
use crate::pages::accessibility::{AccessibilityPage, FeedbackPage};
use crate::pages::account::AccountPage;
use crate::pages::admin::audit::AuditPageView;
use crate::pages::admin::user_edit::UserEditPage;
use crate::pages::admin::users::{NewUserPage, UsersPage};
use crate::pages::api_reference::ApiReferencePage;
use crate::pages::case_studies::{CaseStudiesPage, CaseStudyPage};
use crate::pages::dashboard::DashboardPage;
use crate::pages::import_preview::ImportPreviewPage;
use crate::pages::imports::ImportsPageView;
use crate::pages::indicators::{IndicatorFormPage, IndicatorsPage};
use crate::pages::organisation_form::NewOrganisationPage;
use crate::pages::period_form::PeriodFormPage;
use crate::pages::project_detail::ProjectDetailPage;
use crate::pages::project_form::{EditProjectPage, NewProjectPage};
use crate::pages::publication::PublicationPage;
use crate::pages::reference::{
    CouncilFormPage, OrganisationEditPage, ReferencePage, RegionFormPage,
};
use crate::pages::report::ReportPageView;
use crate::pages::reporting::{BoardPage, ReportingPage};
use crate::pages::story::StoryPage;
use crate::pages::subproject_form::SubprojectFormPage;
use crate::pages::targets::TargetsPageView;
use crate::pages::{
    home::HomePage, login::LoginPage, not_found::NotFoundPage, projects::ProjectsPage,
};
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The whole application: language context, layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider>
            <Router>
                <Layout>
                    <Routes fallback=NotFoundPage>
                        // Async: the whole page is rendered before it is sent, so it works
                        // without JavaScript and a redirect can still set the status.
                        <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                        <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                        <Route path=path!("/accessibility") view=AccessibilityPage ssr=SsrMode::Async />
                        <Route path=path!("/api-reference") view=ApiReferencePage ssr=SsrMode::Async />
                        <Route path=path!("/feedback") view=FeedbackPage ssr=SsrMode::Async />
                        <Route path=path!("/projects") view=ProjectsPage ssr=SsrMode::Async />
                        <Route path=path!("/projects/new") view=NewProjectPage ssr=SsrMode::Async />
                        <Route path=path!("/projects/:id") view=ProjectDetailPage ssr=SsrMode::Async />
                        <Route path=path!("/projects/:id/edit") view=EditProjectPage ssr=SsrMode::Async />
                        <Route path=path!("/projects/:id/subprojects/new") view=SubprojectFormPage ssr=SsrMode::Async />
                        <Route path=path!("/projects/:id/subprojects/:sub") view=SubprojectFormPage ssr=SsrMode::Async />
                        <Route path=path!("/dashboard") view=DashboardPage ssr=SsrMode::Async />
                        <Route path=path!("/publication") view=PublicationPage ssr=SsrMode::Async />
                        <Route path=path!("/reference") view=ReferencePage ssr=SsrMode::Async />
                        <Route path=path!("/reference/regions/:id") view=RegionFormPage ssr=SsrMode::Async />
                        <Route path=path!("/reference/councils/new") view=CouncilFormPage ssr=SsrMode::Async />
                        <Route path=path!("/reference/councils/:id") view=CouncilFormPage ssr=SsrMode::Async />
                        <Route path=path!("/reference/organisations/:id") view=OrganisationEditPage ssr=SsrMode::Async />
                        <Route path=path!("/reporting") view=ReportingPage ssr=SsrMode::Async />
                        <Route path=path!("/reporting/board/:period") view=BoardPage ssr=SsrMode::Async />
                        <Route path=path!("/reporting/periods/:period") view=PeriodFormPage ssr=SsrMode::Async />
                        <Route path=path!("/reports/:sub/:period") view=ReportPageView ssr=SsrMode::Async />
                        <Route path=path!("/subprojects/:sub/targets") view=TargetsPageView ssr=SsrMode::Async />
                        <Route path=path!("/indicators") view=IndicatorsPage ssr=SsrMode::Async />
                        <Route path=path!("/indicators/new") view=IndicatorFormPage ssr=SsrMode::Async />
                        <Route path=path!("/indicators/:id") view=IndicatorFormPage ssr=SsrMode::Async />
                        <Route path=path!("/case-studies") view=CaseStudiesPage ssr=SsrMode::Async />
                        <Route path=path!("/case-studies/new") view=CaseStudyPage ssr=SsrMode::Async />
                        <Route path=path!("/case-studies/:id") view=CaseStudyPage ssr=SsrMode::Async />
                        <Route path=path!("/stories/:id") view=StoryPage ssr=SsrMode::Async />
                        <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                        <Route path=path!("/imports") view=ImportsPageView ssr=SsrMode::Async />
                        <Route path=path!("/imports/:id") view=ImportPreviewPage ssr=SsrMode::Async />
                        <Route path=path!("/organisations/new") view=NewOrganisationPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/users") view=UsersPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/users/new") view=NewUserPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/users/:id") view=UserEditPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/audit") view=AuditPageView ssr=SsrMode::Async />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}
