//! A key figure: a large number and what it counts.

use leptos::prelude::*;

/// One key figure as a definition-list pair, so screen readers read label and value together.
#[component]
pub fn Figure(
    /// The formatted value.
    #[prop(into)]
    value: Signal<String>,
    /// What the value counts.
    children: Children,
    /// An optional extra line under the label.
    #[prop(optional, into)]
    note: Option<Signal<String>>,
) -> impl IntoView {
    view! {
        <div class="figure">
            <dt class="figure-label">{children()}</dt>
            <dd class="figure-value" data-testid="figure-value">{value}</dd>
            {note.map(|note| view! { <dd class="figure-note">{note}</dd> })}
        </div>
    }
}
