//! What forms post, in the nested field names of the server functions' url-encoded bodies:
//! every form-taking server function has one argument, `form`, so a field is named by its
//! path in that struct (`form[id]`, `form[input][name][fi]`, `form[input][actions][]`,
//! `form[input][values][12]`), decoded by `serde_qs` as the server function's codec does
//! (a browser's encoded brackets included). The shapes several forms share live here.

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
}

/// Money by funding source as a form posts it (`…[eu]`, `…[state]`, `…[city]`,
/// `…[other_public]`, `…[private]`), as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcesInput {
    pub eu: String,
    pub state: String,
    pub city: String,
    pub other_public: String,
    pub private: String,
}

impl SourcesInput {
    /// The amounts in [`super::register::SOURCE_CODES`] order.
    pub fn into_array(self) -> [String; 5] {
        [
            self.eu,
            self.state,
            self.city,
            self.other_public,
            self.private,
        ]
    }
}

/// A stored record at the version the form showed (deleting or closing it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordVersion {
    pub id: i32,
    pub version: i32,
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

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
        assert_eq!(args.form.input.planned.into_array()[0], "1 000");
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
    fn a_missing_text_is_refused() {
        assert!(decode("form[input][name][fi]=a").is_err());
    }
}
