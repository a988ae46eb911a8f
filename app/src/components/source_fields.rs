//! The amounts of a form by funding source: one labelled field per source, posted as
//! `…[eu]`, `…[state]`, `…[city]`, `…[other_public]` and `…[private]`.

use crate::components::text_field::TextField;
use crate::components::values::source_label;
use crate::i18n::*;
use crate::model::sources::{BySource, Source, SourcesInput};
use leptos::prelude::*;

/// A field for each funding source's amount, as typed.
#[component]
pub fn SourceFields(
    /// The posted name of the amounts (`form[input][planned]`); a source's field adds its
    /// code in brackets.
    name: &'static str,
    /// Each field's name in the form's errors, also its element id.
    fields: BySource<&'static str>,
    values: SourcesInput,
    errors: BySource<Signal<Vec<String>>>,
    /// The id of the hint that describes every field.
    described_by: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    Source::ALL
        .map(|source| {
            view! {
                <TextField
                    name=format!("{name}[{}]", source.code())
                    id=fields[source]
                    value=values[source].clone()
                    errors=errors[source]
                    described_by
                >
                    {source_label(i18n, source)}
                </TextField>
            }
        })
        .collect_view()
}
