//! The authorisation matrix: every role × own region / other region / no region × every
//! server function and page, against the expected outcome, from one table. A server
//! function or page missing from the table fails the test, so none can be forgotten.

use super::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Who asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Who {
    Anonymous,
    /// The Tampere coordinator, asking about Tampere.
    OwnRegion,
    /// The Tampere coordinator, asking about Turku.
    OtherRegion,
    National,
    Ministry,
    Admin,
}

pub(crate) const EVERYONE: [Who; 6] = [
    Who::Anonymous,
    Who::OwnRegion,
    Who::OtherRegion,
    Who::National,
    Who::Ministry,
    Who::Admin,
];

impl Who {
    pub(crate) fn email(self) -> Option<&'static str> {
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

    pub(crate) fn signed_in(self) -> bool {
        self != Who::Anonymous
    }
}

/// What the request should end in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// 2xx/3xx, or the named error variant in the JSON error body.
    Ok,
    Error(&'static str),
    /// Success with no rows of the asked region (scope filtered it out).
    Empty,
    /// Pages: the HTTP status.
    Status(u16),
}

fn national_only(who: Who) -> Outcome {
    match who {
        Who::Anonymous => Outcome::Error("Unauthenticated"),
        Who::National => Outcome::Ok,
        _ => Outcome::Error("Forbidden"),
    }
}

/// Reading a subproject's reporting: its region's coordinator, the national team and the
/// ministry; another region's answers as missing.
fn region_reader(who: Who) -> Outcome {
    match who {
        Who::OwnRegion | Who::National | Who::Ministry => Outcome::Ok,
        Who::OtherRegion | Who::Admin => Outcome::Error("NotFound"),
        Who::Anonymous => Outcome::Error("Unauthenticated"),
    }
}

/// Writing a subproject's reporting: only its region's coordinator gets to the checks.
fn region_writer(who: Who, own: &'static str) -> Outcome {
    match who {
        Who::OwnRegion => Outcome::Error(own),
        Who::National | Who::Ministry => Outcome::Error("Forbidden"),
        Who::OtherRegion | Who::Admin => Outcome::Error("NotFound"),
        Who::Anonymous => Outcome::Error("Unauthenticated"),
    }
}

/// Reference data: the national team and admins.
fn keeper(who: Who, outcome: Outcome) -> Outcome {
    match who {
        Who::Anonymous => Outcome::Error("Unauthenticated"),
        Who::National | Who::Admin => outcome,
        _ => Outcome::Error("Forbidden"),
    }
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
pub(crate) struct ServerFnCase {
    pub(crate) path: &'static str,
    pub(crate) body: &'static [(&'static str, &'static str)],
    pub(crate) expect: fn(Who) -> Outcome,
}

/// Importing: city coordinators, into their own batches; the others are refused before any
/// batch is looked at, a coordinator's forged batch id answers as missing.
fn importer(who: Who) -> Outcome {
    match who {
        Who::Anonymous => Outcome::Error("Unauthenticated"),
        // The national team imports organisations: another user's import is not found.
        Who::OwnRegion | Who::OtherRegion | Who::National => Outcome::Error("NotFound"),
        _ => Outcome::Error("Forbidden"),
    }
}

pub(crate) const SERVER_FNS: &[ServerFnCase] = &[
    // Every signed-in user sees the imports page (the others are told they import nothing);
    // no one sees another user's import.
    ServerFnCase {
        path: <app::api::imports::GetImports as ServerFn>::PATH,
        body: &[],
        expect: |who| signed_in_or(who, Outcome::Ok),
    },
    ServerFnCase {
        path: <app::api::imports::GetImport as ServerFn>::PATH,
        body: &[("id", "{id}")],
        expect: |who| signed_in_or(who, Outcome::Error("NotFound")),
    },
    ServerFnCase {
        path: <app::api::imports::RemapImport as ServerFn>::PATH,
        body: &[
            ("form[id]", "{id}"),
            ("form[version]", "1"),
            ("form[policy]", "update"),
        ],
        expect: importer,
    },
    ServerFnCase {
        path: <app::api::imports::CommitImport as ServerFn>::PATH,
        body: &[("form[id]", "{id}"), ("form[version]", "1")],
        expect: importer,
    },
    ServerFnCase {
        path: <figures::GetKeyFigures as ServerFn>::PATH,
        body: &[],
        expect: |_| Outcome::Ok,
    },
    ServerFnCase {
        path: <figures::GetPublication as ServerFn>::PATH,
        body: &[],
        expect: national_only,
    },
    ServerFnCase {
        path: <figures::PublishFigures as ServerFn>::PATH,
        body: &[("form[seen]", "0"), ("form[note]", "")],
        // From a stale page: the data changed since version 0.
        expect: |who| match national_only(who) {
            Outcome::Ok => Outcome::Error("Conflict"),
            other => other,
        },
    },
    ServerFnCase {
        path: <reference::GetReference as ServerFn>::PATH,
        body: &[],
        expect: |who| keeper(who, Outcome::Ok),
    },
    ServerFnCase {
        path: <reference::GetRegion as ServerFn>::PATH,
        body: &[("id", "1")],
        expect: |who| keeper(who, Outcome::Ok),
    },
    // Saves from an outdated version: a keeper reaches the version check.
    ServerFnCase {
        path: <reference::SaveRegion as ServerFn>::PATH,
        body: &[
            ("form[id]", "1"),
            ("form[version]", "0"),
            ("form[input][name][fi]", "Seutu"),
            ("form[input][name][sv]", "Region"),
            ("form[input][name][en]", "Region"),
            ("form[input][council]", "pirkanmaa"),
            ("form[input][population]", ""),
            ("form[input][signed_on]", "2021-06-01"),
            ("form[input][starts_on]", "2021-01-01"),
            ("form[input][ends_on]", "2027-12-31"),
            ("form[input][frame]", ""),
            ("form[input][focus][fi]", ""),
            ("form[input][focus][sv]", ""),
            ("form[input][focus][en]", ""),
            ("form[input][municipalities][0][name_fi]", "Kaupunki"),
            ("form[input][municipalities][0][name_sv]", "Stad"),
            ("form[input][municipalities][0][kind]", "city"),
        ],
        expect: |who| keeper(who, Outcome::Error("EditConflict")),
    },
    ServerFnCase {
        path: <reference::GetCouncil as ServerFn>::PATH,
        body: &[("id", "1")],
        expect: |who| keeper(who, Outcome::Ok),
    },
    ServerFnCase {
        path: <reference::SaveCouncil as ServerFn>::PATH,
        body: &[
            ("form[id]", "1"),
            ("form[version]", "0"),
            ("form[input][code]", "uusimaa"),
            ("form[input][name][fi]", "Liitto"),
            ("form[input][name][sv]", "Förbund"),
            ("form[input][name][en]", "Council"),
        ],
        expect: |who| keeper(who, Outcome::Error("EditConflict")),
    },
    ServerFnCase {
        path: <reference::GetOrganisation as ServerFn>::PATH,
        body: &[("id", "1")],
        expect: |who| keeper(who, Outcome::Ok),
    },
    ServerFnCase {
        path: <reference::SaveOrganisation as ServerFn>::PATH,
        body: &[
            ("form[id]", "1"),
            ("form[version]", "0"),
            ("form[input][name]", "Organisaatio"),
            ("form[input][business_id]", "{bid}"),
            ("form[input][kind]", "university"),
            ("form[input][municipality]", ""),
        ],
        expect: |who| keeper(who, Outcome::Error("EditConflict")),
    },
    // Anyone may send accessibility feedback; the national team reads and answers it.
    ServerFnCase {
        path: <feedback::SendFeedback as ServerFn>::PATH,
        body: &[
            ("form[name]", ""),
            ("form[email]", ""),
            ("form[page]", "/"),
            ("form[message]", "Palaute"),
        ],
        expect: |_| Outcome::Ok,
    },
    ServerFnCase {
        path: <feedback::ListFeedback as ServerFn>::PATH,
        body: &[],
        expect: national_only,
    },
    ServerFnCase {
        path: <feedback::AnswerFeedback as ServerFn>::PATH,
        body: &[
            ("form[id]", "1"),
            ("form[version]", "0"),
            ("form[note]", "Vastattu sähköpostilla"),
        ],
        expect: |who| match national_only(who) {
            Outcome::Ok => Outcome::Error("Conflict"),
            other => other,
        },
    },
    // Published stories are public; the demo's stories are all published.
    ServerFnCase {
        path: <case_studies::GetStory as ServerFn>::PATH,
        body: &[("id", "{case}")],
        expect: |_| Outcome::Ok,
    },
    // An empty password is refused at the boundary, for everyone, before any other check.
    ServerFnCase {
        path: <auth::Login as ServerFn>::PATH,
        body: &[("form[email]", "x@example.fi"), ("form[password]", "")],
        expect: |_| Outcome::Error("Validation"),
    },
    ServerFnCase {
        path: <auth::Logout as ServerFn>::PATH,
        body: &[],
        expect: |_| Outcome::Ok,
    },
    ServerFnCase {
        path: <auth::GetCurrentUser as ServerFn>::PATH,
        body: &[],
        expect: |_| Outcome::Ok,
    },
    ServerFnCase {
        path: <projects::ListProjects as ServerFn>::PATH,
        body: &[("filter[region]", "{region}"), ("filter[page]", "1")],
        // An admin manages people, not data: no project is in an admin's scope.
        expect: |who| match who {
            Who::OtherRegion | Who::Admin => Outcome::Empty,
            _ => signed_in_or(who, Outcome::Ok),
        },
    },
    ServerFnCase {
        path: <account::ListMySessions as ServerFn>::PATH,
        body: &[],
        expect: |who| signed_in_or(who, Outcome::Ok),
    },
    // Another user's session handle answers as a missing one.
    ServerFnCase {
        path: <account::RevokeMySession as ServerFn>::PATH,
        body: &[("form[handle]", "{handle}")],
        expect: |who| signed_in_or(who, Outcome::Error("NotFound")),
    },
    ServerFnCase {
        path: <account::ListMyTokens as ServerFn>::PATH,
        body: &[],
        expect: |who| signed_in_or(who, Outcome::Ok),
    },
    ServerFnCase {
        path: <account::CreateToken as ServerFn>::PATH,
        body: &[
            ("form[name]", ""),
            ("form[expires_on]", "2020-01-01"),
            ("form[access]", "read"),
        ],
        expect: |who| signed_in_or(who, Outcome::Error("Validation")),
    },
    // Another user's token answers as a missing one.
    ServerFnCase {
        path: <account::RevokeToken as ServerFn>::PATH,
        body: &[("form[id]", "99999999")],
        expect: |who| signed_in_or(who, Outcome::Error("NotFound")),
    },
    ServerFnCase {
        path: <api_reference::GetApiReference as ServerFn>::PATH,
        body: &[],
        expect: |_| Outcome::Ok,
    },
    ServerFnCase {
        path: <account::ChangePassword as ServerFn>::PATH,
        body: &[
            ("form[current_password]", "not my password"),
            ("form[new_password]", "x"),
            ("form[confirm_password]", "y"),
        ],
        expect: |who| signed_in_or(who, Outcome::Error("Validation")),
    },
    ServerFnCase {
        path: <admin::ListUsers as ServerFn>::PATH,
        body: &[],
        expect: |who| admin_only(who, Outcome::Ok),
    },
    ServerFnCase {
        path: <admin::GetUser as ServerFn>::PATH,
        body: &[("id", "{id}")],
        expect: |who| admin_only(who, Outcome::Ok),
    },
    ServerFnCase {
        path: <admin::ListRegions as ServerFn>::PATH,
        body: &[],
        expect: |who| admin_only(who, Outcome::Ok),
    },
    ServerFnCase {
        path: <admin::GetNewUserForm as ServerFn>::PATH,
        body: &[],
        expect: |who| admin_only(who, Outcome::Ok),
    },
    ServerFnCase {
        path: <admin::ListAudit as ServerFn>::PATH,
        body: &[("filter[page]", "1")],
        expect: |who| admin_only(who, Outcome::Ok),
    },
    ServerFnCase {
        path: <admin::CreateUser as ServerFn>::PATH,
        body: &[
            ("form[email]", "new-{region}-{handle}@example.fi"),
            ("form[display_name]", "New"),
            ("form[role]", "ministry_viewer"),
            ("form[temporary_password]", "temporary passphrase 1"),
        ],
        expect: |who| admin_only(who, Outcome::Ok),
    },
    ServerFnCase {
        path: <admin::UpdateRoles as ServerFn>::PATH,
        body: &[
            ("form[id]", "{id}"),
            ("form[version]", "{version}"),
            ("form[role]", "city_coordinator"),
            ("form[regions][]", "{region}"),
        ],
        expect: |who| admin_only(who, Outcome::Ok),
    },
    ServerFnCase {
        path: <admin::ResetPassword as ServerFn>::PATH,
        body: &[
            ("form[id]", "{id}"),
            ("form[version]", "{version}"),
            ("form[temporary_password]", "temporary passphrase 2"),
        ],
        expect: |who| admin_only(who, Outcome::Ok),
    },
    // The package of the asker's region: Tampere's for everyone but `OtherRegion`, which
    // asks for Turku's.
    ServerFnCase {
        path: <register::GetProject as ServerFn>::PATH,
        body: &[("id", "{project}")],
        expect: |who| match who {
            Who::OwnRegion | Who::National | Who::Ministry => Outcome::Ok,
            Who::OtherRegion | Who::Admin => Outcome::Error("NotFound"),
            Who::Anonymous => Outcome::Error("Unauthenticated"),
        },
    },
    ServerFnCase {
        path: <register::GetProjectFormOptions as ServerFn>::PATH,
        body: &[],
        expect: |who| signed_in_or(who, Outcome::Ok),
    },
    // A save from an outdated version: only the own region's coordinator gets as far as the
    // version check.
    ServerFnCase {
        path: <register::SaveProject as ServerFn>::PATH,
        body: &[
            ("form[id]", "{project}"),
            ("form[version]", "0"),
            ("form[input][code]", "MATRIX-1"),
            ("form[input][name][fi]", "Matriisi"),
            ("form[input][name][sv]", ""),
            ("form[input][name][en]", ""),
            ("form[input][description][fi]", ""),
            ("form[input][description][sv]", ""),
            ("form[input][description][en]", ""),
            ("form[input][region]", "{region}"),
            ("form[input][theme]", "wellbeing"),
            ("form[input][actions][]", "platforms"),
            ("form[input][council]", "pirkanmaa"),
            ("form[input][starts_on]", "2026-01-01"),
            ("form[input][ends_on]", "2026-12-31"),
            ("form[input][status]", "planned"),
            ("form[input][lead_organisation]", ""),
        ],
        expect: |who| match who {
            Who::OwnRegion => Outcome::Error("EditConflict"),
            Who::National | Who::Ministry => Outcome::Error("Forbidden"),
            Who::OtherRegion | Who::Admin => Outcome::Error("NotFound"),
            Who::Anonymous => Outcome::Error("Unauthenticated"),
        },
    },
    ServerFnCase {
        path: <register::GetSubprojectForm as ServerFn>::PATH,
        body: &[("project_id", "{project}")],
        expect: |who| match who {
            Who::OwnRegion => Outcome::Ok,
            Who::National | Who::Ministry => Outcome::Error("Forbidden"),
            Who::OtherRegion | Who::Admin => Outcome::Error("NotFound"),
            Who::Anonymous => Outcome::Error("Unauthenticated"),
        },
    },
    ServerFnCase {
        path: <register::SaveSubproject as ServerFn>::PATH,
        body: &[
            ("form[project_id]", "{project}"),
            ("form[input][code]", "MATRIX-S-{handle}"),
            ("form[input][name][fi]", "Matriisi"),
            ("form[input][name][sv]", ""),
            ("form[input][name][en]", ""),
            ("form[input][description][fi]", "Kuvaus"),
            ("form[input][description][sv]", ""),
            ("form[input][description][en]", ""),
            ("form[input][region]", "{region}"),
            ("form[input][organisation]", "{org}"),
            ("form[input][council]", "pirkanmaa"),
            ("form[input][starts_on]", "2026-01-01"),
            ("form[input][ends_on]", "2026-12-31"),
            ("form[input][status]", "planned"),
            ("form[input][planned][eu]", "1 000,00"),
            ("form[input][planned][state]", ""),
            ("form[input][planned][city]", "500"),
            ("form[input][planned][other_public]", ""),
            ("form[input][planned][private]", ""),
        ],
        expect: |who| match who {
            Who::OwnRegion => Outcome::Ok,
            Who::National | Who::Ministry => Outcome::Error("Forbidden"),
            Who::OtherRegion | Who::Admin => Outcome::Error("NotFound"),
            Who::Anonymous => Outcome::Error("Unauthenticated"),
        },
    },
    ServerFnCase {
        path: <organisations::CreateOrganisation as ServerFn>::PATH,
        body: &[
            ("form[name]", "Matriisi Oy"),
            ("form[business_id]", "{bid}"),
            ("form[kind]", "company"),
        ],
        expect: |who| match who {
            Who::OwnRegion | Who::OtherRegion | Who::National => Outcome::Ok,
            Who::Ministry | Who::Admin => Outcome::Error("Forbidden"),
            Who::Anonymous => Outcome::Error("Unauthenticated"),
        },
    },
    ServerFnCase {
        path: <register::DeleteProject as ServerFn>::PATH,
        body: &[("form[id]", "{project}"), ("form[version]", "0")],
        expect: |who| match who {
            Who::OwnRegion => Outcome::Error("Conflict"),
            Who::National | Who::Ministry => Outcome::Error("Forbidden"),
            Who::OtherRegion | Who::Admin => Outcome::Error("NotFound"),
            Who::Anonymous => Outcome::Error("Unauthenticated"),
        },
    },
    ServerFnCase {
        path: <admin::SetUserActive as ServerFn>::PATH,
        body: &[
            ("form[id]", "{id}"),
            ("form[version]", "{version}"),
            ("form[active]", "true"),
            ("form[reason]", "checking access"),
        ],
        expect: |who| admin_only(who, Outcome::Ok),
    },
    ServerFnCase {
        path: <register::DeleteSubproject as ServerFn>::PATH,
        body: &[
            ("form[project_id]", "{project}"),
            ("form[id]", "{sub}"),
            ("form[version]", "0"),
        ],
        expect: |who| match who {
            Who::OwnRegion => Outcome::Error("Conflict"),
            Who::National | Who::Ministry => Outcome::Error("Forbidden"),
            Who::OtherRegion | Who::Admin => Outcome::Error("NotFound"),
            Who::Anonymous => Outcome::Error("Unauthenticated"),
        },
    },
    // The scope decides what is counted; asking for another region gives an empty scope.
    // An admin reads no project data: there is no dashboard for an admin.
    ServerFnCase {
        path: <dashboard::GetDashboard as ServerFn>::PATH,
        body: &[("filter[region]", "{region}")],
        expect: |who| match who {
            Who::Admin => Outcome::Error("Forbidden"),
            _ => signed_in_or(who, Outcome::Ok),
        },
    },
    ServerFnCase {
        path: <dashboard::SetFrame as ServerFn>::PATH,
        body: &[("form[amount]", "kaksisataa"), ("form[version]", "1")],
        expect: |who| match national_only(who) {
            Outcome::Ok => Outcome::Error("Validation"),
            other => other,
        },
    },
    ServerFnCase {
        path: <case_studies::ListPublishedCaseStudies as ServerFn>::PATH,
        body: &[],
        expect: |_| Outcome::Ok,
    },
    ServerFnCase {
        path: <case_studies::ListCaseStudies as ServerFn>::PATH,
        body: &[],
        expect: |who| signed_in_or(who, Outcome::Ok),
    },
    // Published stories (all the demo's) are for every signed-in reader.
    ServerFnCase {
        path: <case_studies::GetCaseStudyForm as ServerFn>::PATH,
        body: &[("id", "{case}")],
        expect: |who| signed_in_or(who, Outcome::Ok),
    },
    ServerFnCase {
        path: <case_studies::SaveCaseStudy as ServerFn>::PATH,
        body: &[
            ("form[id]", "{case}"),
            ("form[version]", "0"),
            ("form[input][region]", "{region}"),
            ("form[input][title][fi]", "Otsikko"),
            ("form[input][title][sv]", ""),
            ("form[input][title][en]", ""),
            ("form[input][body][fi]", "Teksti"),
            ("form[input][body][sv]", ""),
            ("form[input][body][en]", ""),
        ],
        expect: |who| match who {
            Who::OwnRegion => Outcome::Error("EditConflict"),
            Who::OtherRegion => Outcome::Error("Validation"),
            Who::Anonymous => Outcome::Error("Unauthenticated"),
            _ => Outcome::Error("Forbidden"),
        },
    },
    ServerFnCase {
        path: <case_studies::SetCaseStudyPublished as ServerFn>::PATH,
        body: &[
            ("form[id]", "{case}"),
            ("form[version]", "0"),
            ("form[published]", "false"),
        ],
        expect: |who| match who {
            Who::National => Outcome::Error("Conflict"),
            Who::Anonymous => Outcome::Error("Unauthenticated"),
            _ => Outcome::Error("Forbidden"),
        },
    },
    ServerFnCase {
        path: <reporting::GetReportingHome as ServerFn>::PATH,
        body: &[],
        expect: |who| signed_in_or(who, Outcome::Ok),
    },
    ServerFnCase {
        path: <reporting::GetStatusBoard as ServerFn>::PATH,
        body: &[("period_id", "{period}")],
        expect: |who| signed_in_or(who, Outcome::Ok),
    },
    ServerFnCase {
        path: <reporting::OpenPeriod as ServerFn>::PATH,
        body: &[
            ("form[code]", ""),
            ("form[starts_on]", "2030-01-01"),
            ("form[ends_on]", "2030-06-30"),
            ("form[due_on]", "2030-08-15"),
        ],
        expect: |who| match national_only(who) {
            Outcome::Ok => Outcome::Error("Validation"),
            other => other,
        },
    },
    ServerFnCase {
        path: <reporting::ClosePeriod as ServerFn>::PATH,
        body: &[("form[id]", "{period}"), ("form[version]", "0")],
        expect: |who| match national_only(who) {
            Outcome::Ok => Outcome::Error("Conflict"),
            other => other,
        },
    },
    ServerFnCase {
        path: <reporting::GetPeriod as ServerFn>::PATH,
        body: &[("id", "{period}")],
        expect: national_only,
    },
    // A stale version: the national team reaches the version check, nobody else the data.
    ServerFnCase {
        path: <reporting::CorrectPeriod as ServerFn>::PATH,
        body: &[
            ("form[id]", "{period}"),
            ("form[version]", "0"),
            ("form[input][code]", "2026H1"),
            ("form[input][starts_on]", "2026-01-01"),
            ("form[input][ends_on]", "2026-06-30"),
            ("form[input][due_on]", "2026-08-15"),
        ],
        expect: |who| match national_only(who) {
            Outcome::Ok => Outcome::Error("Conflict"),
            other => other,
        },
    },
    ServerFnCase {
        path: <reporting::DeletePeriod as ServerFn>::PATH,
        body: &[("form[id]", "{period}"), ("form[version]", "0")],
        expect: |who| match national_only(who) {
            Outcome::Ok => Outcome::Error("Conflict"),
            other => other,
        },
    },
    ServerFnCase {
        path: <reporting::GetReport as ServerFn>::PATH,
        body: &[("subproject_id", "{sub}"), ("period_id", "{period}")],
        expect: region_reader,
    },
    // A malformed value: only the region's coordinator gets as far as the checks.
    ServerFnCase {
        path: <reporting::SaveReport as ServerFn>::PATH,
        body: &[
            ("form[subproject_id]", "{sub}"),
            ("form[period_id]", "{period}"),
            ("form[version]", "0"),
            ("form[input][progress]", ""),
            ("form[input][problems]", ""),
            ("form[input][next_steps]", ""),
            ("form[input][values][{indicator}]", "kolme"),
            ("form[input][realised][eu]", ""),
            ("form[input][realised][state]", ""),
            ("form[input][realised][city]", ""),
            ("form[input][realised][other_public]", ""),
            ("form[input][realised][private]", ""),
        ],
        expect: |who| region_writer(who, "Validation"),
    },
    ServerFnCase {
        path: <reporting::ReviewReport as ServerFn>::PATH,
        body: &[
            ("form[subproject_id]", "{sub}"),
            ("form[period_id]", "{period}"),
            ("form[report_id]", "{report}"),
            ("form[version]", "0"),
            ("form[step]", "approve"),
        ],
        expect: |who| match who {
            Who::National => Outcome::Error("Conflict"),
            Who::OwnRegion | Who::Ministry => Outcome::Error("Forbidden"),
            Who::OtherRegion | Who::Admin => Outcome::Error("NotFound"),
            Who::Anonymous => Outcome::Error("Unauthenticated"),
        },
    },
    ServerFnCase {
        path: <reporting::CommentReport as ServerFn>::PATH,
        body: &[
            ("form[subproject_id]", "{sub}"),
            ("form[period_id]", "{period}"),
            ("form[report_id]", "{report}"),
            ("form[body]", " "),
        ],
        expect: |who| match who {
            Who::OwnRegion | Who::National => Outcome::Error("Validation"),
            Who::Ministry => Outcome::Error("Forbidden"),
            Who::OtherRegion | Who::Admin => Outcome::Error("NotFound"),
            Who::Anonymous => Outcome::Error("Unauthenticated"),
        },
    },
    ServerFnCase {
        path: <reporting::GetCatalogue as ServerFn>::PATH,
        body: &[],
        expect: |who| signed_in_or(who, Outcome::Ok),
    },
    ServerFnCase {
        path: <reporting::GetIndicatorForm as ServerFn>::PATH,
        body: &[("id", "{indicator}")],
        expect: national_only,
    },
    ServerFnCase {
        path: <reporting::SaveIndicator as ServerFn>::PATH,
        body: &[
            ("form[input][code]", ""),
            ("form[input][name][fi]", ""),
            ("form[input][name][sv]", ""),
            ("form[input][name][en]", ""),
            ("form[input][definition][fi]", ""),
            ("form[input][definition][sv]", ""),
            ("form[input][definition][en]", ""),
            ("form[input][unit]", ""),
            ("form[input][kind]", "incremental"),
            ("form[input][eu_code]", ""),
        ],
        expect: |who| match national_only(who) {
            Outcome::Ok => Outcome::Error("Validation"),
            other => other,
        },
    },
    ServerFnCase {
        path: <reporting::GetTargets as ServerFn>::PATH,
        body: &[("subproject_id", "{sub}")],
        expect: region_reader,
    },
    ServerFnCase {
        path: <reporting::SetTarget as ServerFn>::PATH,
        body: &[
            ("form[subproject_id]", "{sub}"),
            ("form[indicator_id]", "{indicator}"),
            ("form[value]", "kolme"),
            ("form[revision]", "0"),
        ],
        expect: |who| region_writer(who, "Validation"),
    },
    ServerFnCase {
        path: <reporting::GetIndicatorTotals as ServerFn>::PATH,
        body: &[("include_unapproved", "true")],
        expect: |who| signed_in_or(who, Outcome::Ok),
    },
];

/// A page (GET) and the expected status per asker; `{id}` stands for the target user on
/// admin pages and for the asker's region's package on project pages.
pub(crate) struct PageCase {
    pub(crate) path: &'static str,
    pub(crate) expect: fn(Who) -> Outcome,
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

fn national_page(who: Who) -> Outcome {
    Outcome::Status(match who {
        Who::Anonymous => 302,
        Who::National => 200,
        _ => 403,
    })
}

fn keeper_page(who: Who) -> Outcome {
    Outcome::Status(match who {
        Who::Anonymous => 302,
        Who::National | Who::Admin => 200,
        _ => 403,
    })
}

fn admin_page(who: Who) -> Outcome {
    Outcome::Status(match who {
        Who::Anonymous => 302,
        Who::Admin => 200,
        _ => 403,
    })
}

pub(crate) const PAGES: &[PageCase] = &[
    PageCase {
        path: "/imports",
        expect: signed_in_page,
    },
    // `{id}` is a user's id here, no import of anyone's.
    PageCase {
        path: "/imports/{id}",
        expect: |who| Outcome::Status(if who.signed_in() { 404 } else { 302 }),
    },
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
    PageCase {
        path: "/case-studies",
        expect: signed_in_page,
    },
    PageCase {
        path: "/case-studies/new",
        expect: coordinator_page,
    },
    PageCase {
        path: "/case-studies/{id}",
        expect: signed_in_page,
    },
    PageCase {
        path: "/dashboard",
        expect: |who| match who {
            Who::Admin => Outcome::Status(403),
            _ => signed_in_page(who),
        },
    },
    PageCase {
        path: "/publication",
        expect: national_page,
    },
    PageCase {
        path: "/reference",
        expect: keeper_page,
    },
    PageCase {
        path: "/reference/regions/{id}",
        expect: keeper_page,
    },
    PageCase {
        path: "/reference/councils/new",
        expect: keeper_page,
    },
    PageCase {
        path: "/reference/councils/{id}",
        expect: keeper_page,
    },
    PageCase {
        path: "/reference/organisations/{id}",
        expect: keeper_page,
    },
    PageCase {
        path: "/accessibility",
        expect: |_| Outcome::Status(200),
    },
    PageCase {
        path: "/api-reference",
        expect: |_| Outcome::Status(200),
    },
    PageCase {
        path: "/feedback",
        expect: national_page,
    },
    PageCase {
        path: "/stories/{id}",
        expect: |_| Outcome::Status(200),
    },
    PageCase {
        path: "/reporting",
        expect: signed_in_page,
    },
    PageCase {
        path: "/reporting/board/{period}",
        expect: signed_in_page,
    },
    PageCase {
        path: "/reporting/periods/{period}",
        expect: national_page,
    },
    PageCase {
        path: "/reports/{sub}/{period}",
        expect: |who| project_page(who, false),
    },
    PageCase {
        path: "/subprojects/{sub}/targets",
        expect: |who| project_page(who, false),
    },
    PageCase {
        path: "/indicators",
        expect: signed_in_page,
    },
    PageCase {
        path: "/indicators/new",
        expect: national_page,
    },
    PageCase {
        path: "/indicators/{id}",
        expect: national_page,
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

/// A session handle that belongs to the target, not to any asker.
pub(crate) async fn foreign_handle(app: &TestApp) -> String {
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

pub(crate) async fn client_for(app: &TestApp, who: Who, accept: &'static str) -> Client {
    let c = client(app, accept);
    if let Some(email) = who.email() {
        let response = sign_in(&c, app, email, DEMO_PASSWORD).await;
        let location = response.headers()["location"].to_str().unwrap();
        assert!(!location.contains("__err"), "{who:?} signs in: {location}");
    }
    c
}

fn outcome_of(status: StatusCode, body: &str) -> Outcome {
    if status.is_success() || status.is_redirection() {
        return Outcome::Ok;
    }
    // Each refusal has its own status; 500 is for faults only.
    for (variant, expected) in [
        ("Unauthenticated", 401),
        ("Forbidden", 403),
        ("NotFound", 404),
        ("Validation", 422),
        ("Conflict", 409),
        ("EditConflict", 409),
        ("InvalidCredentials", 401),
        ("Throttled", 429),
        ("Internal", 500),
        ("Transport", 400),
    ] {
        if body.starts_with(&format!("\"{variant}\""))
            || body.starts_with(&format!("{{\"{variant}\""))
        {
            assert_eq!(
                status.as_u16(),
                expected,
                "{variant} answers with its own status: {body}"
            );
            return Outcome::Error(variant);
        }
    }
    panic!("unexpected answer {status}: {body}");
}

/// The objects a request names, for one asker: the target user, and of the asker's region
/// (Turku for `OtherRegion`) a subproject with a report in the open period, its package, the
/// period, the report, a case study and an indicator.
pub(crate) struct Ids {
    pub(crate) who: Who,
    pub(crate) target: entity::app_user::Model,
    pub(crate) project: i32,
    pub(crate) sub: i32,
    pub(crate) period: i32,
    pub(crate) report: i32,
    pub(crate) case: i32,
    pub(crate) indicator: i32,
    pub(crate) org: String,
}

impl Ids {
    pub(crate) async fn of(app: &TestApp, who: Who) -> Self {
        use entity::{case_study, indicator, report, reporting_period};
        let period = reporting_period::Entity::find()
            .filter(reporting_period::Column::Status.eq("open"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .id;
        // A subproject of the region with a report in the open period.
        let region = entity::city_region::Entity::find()
            .filter(entity::city_region::Column::Code.eq(who.region()))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let subs: Vec<i32> = entity::subproject::Entity::find()
            .filter(entity::subproject::Column::RegionId.eq(region.id))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect();
        let report = report::Entity::find()
            .filter(report::Column::PeriodId.eq(period))
            .filter(report::Column::SubprojectId.is_in(subs))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let case = match case_study::Entity::find()
            .filter(case_study::Column::RegionId.eq(region.id))
            .one(&app.db)
            .await
            .unwrap()
        {
            Some(c) => c.id,
            None => {
                case_study::Entity::find()
                    .one(&app.db)
                    .await
                    .unwrap()
                    .unwrap()
                    .id
            }
        };
        let project = entity::subproject::Entity::find_by_id(report.subproject_id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .project_id;
        let indicator = indicator::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let org = entity::organisation::Entity::find()
            .filter(entity::organisation::Column::Name.eq("Tampereen yliopisto"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .business_id;
        Ids {
            who,
            target: target(app).await,
            project,
            sub: report.subproject_id,
            period,
            report: report.id,
            case,
            indicator,
            org,
        }
    }

    /// Every page of the table, its ids those of this asker's objects.
    pub(crate) fn page_paths(&self) -> Vec<String> {
        PAGES
            .iter()
            .map(|case| {
                let object = match case.path.split('/').nth(1) {
                    Some("projects") => self.project,
                    Some("case-studies" | "stories") => self.case,
                    Some("indicators") => self.indicator,
                    _ => self.target.id,
                };
                self.fill(&case.path.replace("{id}", &object.to_string()), "")
            })
            .collect()
    }

    pub(crate) fn fill(&self, v: &str, handle: &str) -> String {
        v.replace("{region}", self.who.region())
            .replace("{id}", &self.target.id.to_string())
            .replace("{version}", &self.target.version.to_string())
            .replace("{project}", &self.project.to_string())
            .replace("{sub}", &self.sub.to_string())
            .replace("{period}", &self.period.to_string())
            .replace("{report}", &self.report.to_string())
            .replace("{case}", &self.case.to_string())
            .replace("{indicator}", &self.indicator.to_string())
            .replace("{org}", &self.org)
            .replace("{bid}", &fresh_business_id(self.who))
            .replace("{handle}", handle)
    }
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
            let ids = Ids::of(&app, who).await;
            let handle = format!(
                "{handle}{}",
                if case.path.contains("create_user") {
                    format!("{who:?}").to_lowercase()
                } else {
                    String::new()
                }
            );
            let form: Vec<(String, String)> = case
                .body
                .iter()
                .map(|(k, v)| (ids.fill(k, &handle), ids.fill(v, &handle)))
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
            let ids = Ids::of(&app, who).await;
            // `{id}` is the route's own parameter: the object of the area the page is in.
            let object = match case.path.split('/').nth(1) {
                Some("projects") => ids.project,
                Some("case-studies" | "stories") => ids.case,
                Some("indicators") => ids.indicator,
                _ => ids.target.id,
            };
            let path = case.path.replace("{id}", &object.to_string());
            let path = ids.fill(&path, "");
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
