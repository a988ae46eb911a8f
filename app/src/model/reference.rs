//! Reference data as the national team and admins edit it: city regions with their
//! ecosystem agreements and municipalities, the regional councils that fund projects, and
//! the organisation register.

use super::Names;
use super::forms::NamesInput;
use super::projects::Choice;
use serde::{Deserialize, Serialize};

/// The kinds of municipality a region is made of.
pub const MUNICIPALITY_KINDS: [&str; 2] = ["city", "municipality"];

/// One municipality of a region, as typed (a form row of the region form:
/// `form[input][municipalities][0][name_fi]` …; a field left out is empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MunicipalityInput {
    pub name_fi: String,
    pub name_sv: String,
    /// `city` or `municipality`.
    pub kind: String,
}

/// A city region's form, as typed: its names, population and council, its agreement (dates,
/// the region's own funding frame, focus ecosystems) and its municipalities. Posted as
/// `form[input][name][fi]`, `form[input][focus][sv]`, one row per municipality under
/// `form[input][municipalities][i]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionInput {
    pub name: NamesInput,
    /// Regional council code.
    pub council: String,
    /// Inhabitants, as typed; empty when not known.
    pub population: String,
    pub signed_on: String,
    pub starts_on: String,
    pub ends_on: String,
    /// The agreement's funding frame in euros, as typed; empty when it names none.
    pub frame: String,
    pub focus: NamesInput,
    #[serde(default)]
    pub municipalities: Vec<MunicipalityInput>,
}

/// The region form: the stored values (or a refused save's) and the choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionForm {
    pub id: i32,
    pub code: String,
    pub version: i32,
    pub input: RegionInput,
    pub councils: Vec<Choice>,
}

/// A regional council's form, as typed (`form[input][code]`, `form[input][name][fi]` …).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilInput {
    pub code: String,
    pub name: NamesInput,
}

/// An organisation's form, as typed: corrections to its name, Business ID, kind and home
/// municipality.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationInput {
    pub name: String,
    pub business_id: String,
    pub kind: String,
    pub municipality: String,
}

/// A region on the reference page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionRow {
    pub id: i32,
    pub code: String,
    pub council_code: String,
    pub name: Names,
    pub council: Names,
    pub population: Option<i32>,
    /// Agreement period, ISO dates.
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub frame: Option<super::Money>,
    pub municipalities: Vec<String>,
}

/// A regional council on the reference page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilRow {
    pub id: i32,
    pub code: String,
    pub name: Names,
    pub version: i32,
    /// City regions it funds.
    pub regions: usize,
}

/// An organisation on the reference page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationRow {
    pub id: i32,
    pub name: String,
    pub business_id: String,
    pub kind: String,
    pub municipality: Option<String>,
    pub version: i32,
}

/// The reference page: everything that can be edited there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceOverview {
    pub regions: Vec<RegionRow>,
    pub councils: Vec<CouncilRow>,
    pub organisations: Vec<OrganisationRow>,
}

/// The region form as posted: the region at the version the form showed, and its fields
/// under `form[input]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionSubmission {
    pub id: i32,
    pub version: i32,
    pub input: RegionInput,
}

/// The council form as posted: `form[id]` and `form[version]` for a stored council, and its
/// fields under `form[input]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilSubmission {
    pub id: Option<i32>,
    pub version: Option<i32>,
    pub input: CouncilInput,
}

/// The organisation form as posted: the organisation at the version the form showed, and
/// its fields under `form[input]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationSubmission {
    pub id: i32,
    pub version: i32,
    pub input: OrganisationInput,
}
