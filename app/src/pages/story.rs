//! `/stories/:id`: a published case study's public page: its title, region, the story in
//! the reader's language (Finnish when there is no translation) and the packages it tells
//! about. Anyone may read it; an unpublished story answers 404.

use crate::api::case_studies::get_story;
use crate::components::guard::{load_error, use_number_param};
use crate::components::raw_text::PageTitle;
use crate::components::use_lang;
use crate::i18n::*;
use crate::model::case_studies::PublicStory;
use leptos::prelude::*;

/// The public page of one story.
#[component]
pub fn StoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_number_param("id");
    let story = Resource::new(move || id().unwrap_or(0), get_story);
    view! {
        <p><a href="/">{t!(i18n, stories.back)}</a></p>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match story.await {
                    Ok(story) => view! { <StoryView story /> }.into_any(),
                    Err(e) => view! {
                        <PageTitle text=t_string!(i18n, not_found.title).to_string() />
                        {load_error(e, &format!("/stories/{}", id().unwrap_or(0)))}
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn StoryView(story: PublicStory) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let (title, body, region) = (
        story.title.clone(),
        story.body.clone(),
        story.region.clone(),
    );
    let heading = title.clone();
    let published = story.published_at.clone();
    view! {
        <PageTitle text=Signal::derive(move || title.get(lang.get()).to_string()) />
        <article class="story">
            <h1>{move || heading.get(lang.get()).to_string()}</h1>
            <p class="lead">
                {move || region.get(lang.get()).to_string()}
                {published.map(|at| view! { " · "{t!(i18n, stories.published)}" "<crate::components::values::Instant at /> })}
            </p>
            {move || {
                body.get(lang.get())
                    .split("\n\n")
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .map(|p| view! { <p class="wrap">{p}</p> })
                    .collect_view()
            }}
            {(!story.projects.is_empty()).then(|| view! {
                <section aria-labelledby="story-projects">
                    <h2 id="story-projects">{t!(i18n, stories.projects)}</h2>
                    <ul>
                        {story.projects.iter().cloned().map(|(code, name)| view! {
                            <li>{code}" – "{move || name.get(lang.get()).to_string()}</li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </article>
    }
}
