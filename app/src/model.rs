//! Types shared by the browser and the server: validated values, DTOs and inputs.
//! Nothing here touches a database.

pub mod account;
pub mod api_reference;
pub mod auth;
pub mod business_id;
pub mod case_studies;
pub mod dashboard;
pub mod dates;
pub mod feedback;
pub mod figures;
pub mod format;
pub mod forms;
pub mod imports;
pub mod lang;
pub mod money;
pub mod names;
pub mod projects;
pub mod publication;
pub mod reference;
pub mod register;
pub mod reporting;
pub mod sources;
pub mod text;

pub use business_id::BusinessId;
pub use lang::Lang;
pub use money::Money;
pub use names::Names;
