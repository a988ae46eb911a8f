//! What forms post, in the nested field names of the server functions' url-encoded bodies:
//! every form-taking server function has one argument, `form`, so a field is named by its
//! path in that struct (`form[id]`, `form[input][name][fi]`, `form[input][actions][]`,
//! `form[input][values][12]`), decoded by `serde_qs` as the server function's codec does
//! (a browser's encoded brackets included). The shapes several forms share live here.

use super::text::{TextKind, parse_into};
use crate::error::FieldErrors;
use serde::{Deserialize, Serialize};

/// A text in the three interface languages as a form posts it: `…[fi]`, `…[sv]`, `…[en]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamesInput {
    pub fi: String,
    pub sv: String,
    pub en: String,
}

impl NamesInput {
    /// From the three texts, Finnish first.
    pub fn new(fi: &str, sv: &str, en: &str) -> Self {
        NamesInput {
            fi: fi.to_owned(),
            sv: sv.to_owned(),
            en: en.to_owned(),
        }
    }

    /// The three texts to change in place, Finnish first.
    pub fn texts_mut(&mut self) -> [&mut String; 3] {
        [&mut self.fi, &mut self.sv, &mut self.en]
    }

    /// The three texts under the field names `fields` (Finnish, Swedish, English), as the
    /// audit log lists a record's fields.
    pub fn fields(&self, fields: [&'static str; 3]) -> [(&'static str, String); 3] {
        let [fi, sv, en] = fields;
        [
            (fi, self.fi.clone()),
            (sv, self.sv.clone()),
            (en, self.en.clone()),
        ]
    }

    /// The three texts cleaned and checked as `kind` of at most `max_chars` characters,
    /// with the languages `required` filled in; a problem is added under `{field}_fi`,
    /// `{field}_sv` or `{field}_en`.
    pub fn parse(
        &self,
        field: &str,
        kind: TextKind,
        max_chars: usize,
        required: Required,
        errors: &mut FieldErrors,
    ) -> NamesInput {
        let mut parse = |lang: &str, text: &str| {
            let needed = match required {
                Required::None => false,
                Required::Finnish => lang == "fi",
                Required::All => true,
            };
            parse_into(
                errors,
                &format!("{field}_{lang}"),
                text,
                kind,
                max_chars,
                needed,
            )
        };
        NamesInput {
            fi: parse("fi", &self.fi),
            sv: parse("sv", &self.sv),
            en: parse("en", &self.en),
        }
    }
}

impl From<NamesInput> for super::Names {
    /// As shown: Swedish and English as typed, empty ones included.
    fn from(n: NamesInput) -> Self {
        super::Names {
            fi: n.fi,
            sv: Some(n.sv),
            en: Some(n.en),
        }
    }
}

/// A check box as a form posts it: present with its value (`on`, `true`, anything but
/// `false`) when ticked, left out when not (use with `#[serde(default)]`); a bool in JSON.
///
/// # Errors
/// When the value is neither a bool nor text.
pub fn checkbox<'de, D: serde::Deserializer<'de>>(value: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Ticked {
        Bool(bool),
        Text(String),
    }
    Ok(match Ticked::deserialize(value)? {
        Ticked::Bool(ticked) => ticked,
        Ticked::Text(text) => text != "false",
    })
}

/// Which of a text's three languages must be filled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Required {
    None,
    Finnish,
    All,
}

/// A stored record at the version the form showed (deleting or closing it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordVersion {
    pub id: i32,
    pub version: i32,
}

/// A plain form post (no JavaScript) that the server refused, as the page the browser is sent
/// back to sees it: the server function it was posted to and its fields as posted, decoded
/// (never a password: those are left out when it is kept). The fields of a form inside a
/// [`KeptInput`](crate::components::kept_input::KeptInput) for that server function show
/// these values instead of the stored ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RefusedPost {
    /// The server function's path (its `ServerFn::PATH`).
    pub endpoint: String,
    /// The url-encoded body as posted (what the server function's codec decodes).
    pub body: String,
    /// The decoded fields in the order posted; a name may repeat (`form[regions][]`).
    pub fields: Vec<(String, String)>,
}

impl RefusedPost {
    /// The first value posted under `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every value posted under `name` (none: an unticked check box, or no such field).
    pub fn values(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(field, _)| field == name)
            .map(|(_, value)| value.clone())
            .collect()
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::model::sources::SourcesInput;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Args {
        form: Form,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Form {
        id: Option<i32>,
        input: Input,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Input {
        name: NamesInput,
        #[serde(default)]
        actions: Vec<String>,
        #[serde(default)]
        projects: Vec<i32>,
        #[serde(default)]
        values: std::collections::BTreeMap<String, String>,
        planned: SourcesInput,
    }

    fn decode(body: &str) -> Result<Args, serde_qs::Error> {
        // The configuration of server_fn's url-encoded codec and of leptos' `ActionForm`.
        serde_qs::Config::new(5, false).deserialize_str(body)
    }

    #[test]
    fn nested_fields_decode_as_a_browser_posts_them_with_encoded_brackets() {
        let body = "form%5Bid%5D=5&form%5Binput%5D%5Bname%5D%5Bfi%5D=Nimi+%C3%A4&\
            form%5Binput%5D%5Bname%5D%5Bsv%5D=&form%5Binput%5D%5Bname%5D%5Ben%5D=Name&\
            form%5Binput%5D%5Bactions%5D%5B%5D=a&form%5Binput%5D%5Bactions%5D%5B%5D=b&\
            form%5Binput%5D%5Bprojects%5D%5B%5D=7&form%5Binput%5D%5Bvalues%5D%5B12%5D=3&\
            form%5Binput%5D%5Bplanned%5D%5Beu%5D=1+000&form%5Binput%5D%5Bplanned%5D%5Bstate%5D=&\
            form%5Binput%5D%5Bplanned%5D%5Bcity%5D=&\
            form%5Binput%5D%5Bplanned%5D%5Bother_public%5D=&\
            form%5Binput%5D%5Bplanned%5D%5Bprivate%5D=";
        let args = decode(body).unwrap();
        assert_eq!(args.form.id, Some(5));
        assert_eq!(args.form.input.name, NamesInput::new("Nimi ä", "", "Name"));
        assert_eq!(args.form.input.actions, ["a", "b"]);
        assert_eq!(args.form.input.projects, [7]);
        assert_eq!(args.form.input.values["12"], "3");
        assert_eq!(args.form.input.planned.eu, "1 000");
    }

    #[test]
    fn missing_lists_and_ids_decode_empty_and_the_encoding_round_trips() {
        let body = "form[input][name][fi]=a&form[input][name][sv]=&form[input][name][en]=&\
            form[input][planned][eu]=&form[input][planned][state]=&form[input][planned][city]=&\
            form[input][planned][other_public]=&form[input][planned][private]=";
        let args = decode(body).unwrap();
        assert_eq!(args.form.id, None);
        assert!(args.form.input.actions.is_empty() && args.form.input.values.is_empty());
        let again = decode(&serde_qs::to_string(&args).unwrap()).unwrap();
        assert_eq!(again, args);
    }

    #[test]
    fn a_check_box_is_ticked_by_any_value_and_unticked_when_left_out() {
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Boxes {
            #[serde(default, deserialize_with = "checkbox")]
            ticked: bool,
        }
        let qs = |body: &str| serde_qs::from_str::<Boxes>(body).unwrap().ticked;
        assert!(qs("ticked=on") && qs("ticked=true") && qs("ticked=1"));
        assert!(!qs("") && !qs("ticked=false"));
        for ticked in [true, false] {
            let boxes = Boxes { ticked };
            assert_eq!(qs(&serde_qs::to_string(&boxes).unwrap()), ticked);
            let json = serde_json::to_string(&boxes).unwrap();
            assert_eq!(serde_json::from_str::<Boxes>(&json).unwrap(), boxes);
        }
    }

    #[test]
    fn a_missing_text_is_refused() {
        assert!(decode("form[input][name][fi]=a").is_err());
    }
}
